// A forward-only reader over trace bytes for the structural parts of the format
// (batch headers, string/stack/sample tables): bytes, uvarints, byte runs.

import { TraceError } from '../errors.js';
import { noteExactId } from '../exact-args.js';
import { ByteCursor, readUvarint, uvarintBigAt, uvarintIdAt, varintErrorMessage } from '../wire/varint.js';

/** Sentinel returned by readByte at end of input. */
export const END = -1;

export class ByteReader extends ByteCursor {
  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    super(buf, start, end);
  }

  remaining(): number {
    return this.end - this.pos;
  }

  readByte(): number {
    return this.pos < this.end ? this.buf[this.pos++]! : END;
  }

  /**
   * Reads a uvarint as a JS number. Values ≥ 2^53 are rounded, except 2^64-1 which
   * comes back as -1 so "no thread"/"no task" sentinels survive exactly.
   * Errors read like Go's binary.ReadUvarint ("EOF", "unexpected EOF", overflow).
   */
  uvarint(): number {
    const start = (this.lastStart = this.pos);
    const v = readUvarint(this);
    if (v < 0) throw new TraceError(varintErrorMessage(v));
    if (v > Number.MAX_SAFE_INTEGER) {
      const x = uvarintIdAt(this.buf, start, this.pos);
      if (x !== -1) noteExactId(x, uvarintBigAt(this.buf, start, this.pos)); // (a thread id, exactly)
      return x;
    }
    return v;
  }

  /** A timestamp (uint64 ticks) as Go's float64(ts) holds it: the nearest double, 2^64-1 included. */
  ticks(): number {
    const v = this.uvarint();
    return v === -1 ? 2 ** 64 : v;
  }

  /** A uint64 exactly: a number up to 2^53, a bigint beyond (2^64-1 included). */
  uvarintExact(): number | bigint {
    const v = this.uvarint();
    return v > Number.MAX_SAFE_INTEGER || v === -1 ? this.lastBig() : v;
  }

  private lastStart = 0;
  /** The last uvarint read, exactly, as Go's %d prints it (for messages). */
  lastText(): string {
    return this.lastBig().toString();
  }
  /** The last uvarint read, exactly. */
  lastBig(): bigint {
    return uvarintBigAt(this.buf, this.lastStart, this.pos);
  }

  /** Returns a subarray view of the next n bytes (no copy). */
  bytes(n: number): Uint8Array {
    const end = this.pos + n;
    const out = this.buf.subarray(this.pos, Math.min(end, this.end));
    this.pos = Math.min(end, this.end);
    return out;
  }
}
