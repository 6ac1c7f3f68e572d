// A forward-only reader over trace bytes for the structural parts of the format
// (batch headers, string/stack/sample tables): bytes, uvarints, byte runs.

import { TraceError, EOF, UNEXPECTED_EOF } from '../errors.js';

/** Sentinel returned by readByte at end of input. */
export const END = -1;

/** 2^64 - 1 (Go's ^uint64(0)), the wire's "none" value; decoded to -1 by uvarintId. */
const ALL_ONES = (1n << 64n) - 1n;

export class ByteReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
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
    const buf = this.buf;
    let p = this.pos;
    const start = p;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (p >= this.end) {
        this.pos = p;
        throw new TraceError(p === start ? EOF : UNEXPECTED_EOF);
      }
      const b = buf[p++]!;
      if (b < 0x80) {
        if (i === 9 && b > 1) {
          this.pos = p;
          throw new TraceError('binary: varint overflows a 64-bit integer');
        }
        result += b * mul;
        this.pos = p;
        if (i >= 7) return exactLarge(buf, start, p);
        return result;
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
    }
    this.pos = p;
    throw new TraceError('binary: varint overflows a 64-bit integer');
  }

  /** Returns a subarray view of the next n bytes (no copy). */
  bytes(n: number): Uint8Array {
    const end = this.pos + n;
    const out = this.buf.subarray(this.pos, Math.min(end, this.end));
    this.pos = Math.min(end, this.end);
    return out;
  }
}

/** Re-decodes a long varint exactly; maps 2^64-1 to -1 and otherwise returns the nearest number. */
export function exactLarge(buf: Uint8Array, start: number, end: number): number {
  let v = 0n;
  let shift = 0n;
  for (let p = start; p < end; p++) {
    v |= BigInt(buf[p]! & 0x7f) << shift;
    shift += 7n;
  }
  return v === ALL_ONES ? -1 : Number(v);
}
