// The byte level of the old trace format: base-128 values and raw events (type byte,
// inline or length-prefixed arguments, string entries, batch headers), with the error
// messages of Go's tracev1 parser. Values are kept as the int64 view of their uint64
// (exact below 2^53; 2^64-1 reads as -1); exactArg re-reads one exactly when it matters.

import { TraceError } from '../errors.js';
import { V1, V1_DESCS } from './specs.js';
import { decodeGoString } from '../go/go-utf8.js';
import { ByteCursor, readUvarint, uvarintBigAt } from '../wire/varint.js';
import { noteExactId } from '../exact-args.js';

/** readRawEvent's results: an event was read, or the input ended. */
export const RAW_OK = 0;
export const RAW_EOF = 1;

/** Flags of the first pass, which only locates batches (and reads CPU samples). */
export const SKIP_ARGS = 1;
export const SKIP_STRINGS = 2;

/** Longest length-prefixed argument block the parser accepts. */
const ARG_BLOCK_LIMIT = 2048;
const MAX_STRING = 1e6;

export const MALFORMED = 'malformatted base-128 varint';

/** Decodes Go string bytes (UTF-8, as the Go 1.22+ reader does). */
export const goString = decodeGoString;

/**
 * Exact uint64s of the values read that a number cannot hold (beyond 2^53), so that error
 * messages print them as Go does. Parsing is synchronous: one table, reset per reader.
 */
const exactValues = new Map<number, bigint>();

/**
 * The exact uint64 that the int64 view v (not a safe integer) was read from, if this parse read one.
 * Keyed by the double: two values that round alike in one trace leave the later one.
 */
export function exactU64Of(v: number): bigint | undefined {
  return exactValues.get(v);
}

/** Formats the int64 view of a uint64 as Go's %d of the uint64 does. */
export function fmtU64(v: number): string {
  const exact = exactValues.get(v);
  if (exact !== undefined) return exact.toString();
  if (v >= 0) return String(v);
  return (BigInt(v) + (1n << 64n)).toString();
}

export class WireReader {
  off: number;
  /** Results of the last readRawEvent. */
  typ = 0;
  nargs = 0;
  args = new Float64Array(ARG_BLOCK_LIMIT + 8);
  /** Byte offset each argument starts at (for exact re-reads). */
  argStart = new Int32Array(ARG_BLOCK_LIMIT + 8);
  /** The value string of a UserLog event. */
  sarg = '';
  batchPid = 0;
  batchOffset = 0;
  /** String table, filled as string entries are read in full mode. */
  strings = new Map<number, string>();

  /** The decoding position of uvarintAt. */
  private readonly cur: ByteCursor;

  constructor(
    readonly data: Uint8Array,
    start: number,
    readonly version: number,
  ) {
    this.off = start;
    this.cur = new ByteCursor(data);
    exactValues.clear();
  }

  /** binary.Uvarint at pos: the value (int64 view), or NaN if malformed; sets this.off past it. */
  private uvarintAt(pos: number, end: number): number {
    const c = this.cur;
    c.pos = pos;
    c.end = end;
    const v = readUvarint(c);
    if (v < 0) return NaN;
    this.off = c.pos;
    if (v <= Number.MAX_SAFE_INTEGER) return v;
    const exact = uvarintBigAt(this.data, pos, c.pos);
    const i64 = Number(BigInt.asIntN(64, exact));
    if (!Number.isSafeInteger(i64)) {
      exactValues.set(i64, exact);
      noteExactId(i64, exact); // (ids: contexts and the reader's messages print it exactly)
    }
    return i64;
  }

  /** Reads one value at the current offset (NaN if malformed; the offset then stays put). */
  readVal(): number {
    const save = this.off;
    const d = this.data;
    if (save < d.length) {
      const b = d[save]!;
      if (b < 0x80) {
        this.off = save + 1;
        return b;
      }
    }
    const v = this.uvarintAt(save, d.length);
    if (v !== v) this.off = save;
    return v;
  }

  /** The uint64 value of argument k, exactly. */
  exactArg(k: number): bigint {
    const d = this.data;
    let p = this.argStart[k]!;
    const start = p;
    while (d[p]! >= 0x80) p++;
    return uvarintBigAt(d, start, p + 1);
  }

  private discard(n: number): boolean {
    if (n < 0) return false; // beyond MaxInt
    const noff = this.off + n;
    if (noff > this.data.length) return false;
    this.off = noff;
    return true;
  }

  /** Reads n bytes (io.ErrUnexpectedEOF when they are not all there). */
  private readFull(n: number): Uint8Array {
    const d = this.data;
    if (this.off >= d.length || n < 0 || this.off + n > d.length) {
      throw new TraceError('failed to read trace: unexpected EOF');
    }
    const b = d.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }

  /**
   * Reads one raw event (Go's readRawEvent). Returns RAW_EOF at the end of input; throws
   * TraceError on damage. String entries come back as typ None (and are stored unless skipped).
   */
  readRawEvent(flags: number): number {
    const d = this.data;
    if (this.off >= d.length) return RAW_EOF;
    const b = d[this.off++]!;
    const typ = b & 0x3f;
    const narg = (b >> 6) + 1;
    if (typ === V1.None || typ >= V1.Count || V1_DESCS[typ]!.minVersion > this.version) {
      throw new TraceError(`unknown event type ${typ}`);
    }
    this.nargs = 0;
    if (typ === V1.String) {
      this.typ = V1.None;
      this.readString(flags);
      return RAW_OK;
    }
    if (typ === V1.Batch) {
      if (narg !== 2) throw new TraceError(`EvBatch has wrong number of arguments: got ${narg}, want 2`);
      const off = this.off - 1;
      const pidStart = this.off;
      const pid = this.readVal();
      if (pid !== pid) throw new TraceError(MALFORMED);
      if (pid !== -1 && (pid < 0 || pid > 2147483647)) {
        throw new TraceError(
          `processor ID ${uvarintBigAt(d, pidStart, this.off)} is larger than maximum of 18446744073709551615`,
        );
      }
      const tsStart = this.off;
      const ticks = this.readVal();
      if (ticks !== ticks) throw new TraceError(MALFORMED);
      this.typ = V1.Batch;
      this.batchPid = pid;
      this.batchOffset = off;
      this.args[0] = pid;
      this.args[1] = ticks;
      this.argStart[0] = pidStart;
      this.argStart[1] = tsStart;
      this.nargs = 2;
      return RAW_OK;
    }
    this.typ = typ;
    const args = this.args;
    const starts = this.argStart;
    if (narg <= 3) {
      const keep = (flags & SKIP_ARGS) === 0;
      for (let i = 0; i < narg; i++) {
        const s = this.off;
        const v = this.readVal();
        if (v !== v) throw new TraceError(`failed to read event ${typ} argument: ${MALFORMED}`);
        if (keep) {
          starts[this.nargs] = s;
          args[this.nargs++] = v;
        }
      }
      return RAW_OK;
    }
    // More than three arguments: a byte length, then the arguments.
    const len = this.readVal();
    if (len !== len) throw new TraceError(`failed to read event ${typ} argument: ${MALFORMED}`);
    if (len < 0 || len > ARG_BLOCK_LIMIT) {
      throw new TraceError(
        `failed to read event ${typ} argument: length-prefixed argument too big: ${fmtU64(len)} bytes, limit is ${ARG_BLOCK_LIMIT}`,
      );
    }
    if ((flags & SKIP_ARGS) === 0 || typ === V1.CPUSample) {
      const start = this.off;
      this.readFull(len);
      const end = start + len;
      let p = start;
      while (p < end) {
        const v = this.uvarintAt(p, end);
        if (v !== v) throw new TraceError(MALFORMED);
        starts[this.nargs] = p;
        args[this.nargs++] = v;
        p = this.off;
      }
      this.off = end;
    } else if (!this.discard(len)) {
      throw new TraceError('failed to read trace: EOF');
    }
    if (typ === V1.UserLog) {
      if ((flags & SKIP_ARGS) === 0) {
        this.sarg = this.readStr();
      } else {
        const n = this.readVal();
        if (n !== n) throw new TraceError(MALFORMED);
        // Go returns io.EOF here, which the first pass takes for the end of the trace.
        if (!this.discard(n)) return RAW_EOF;
      }
    }
    return RAW_OK;
  }

  private readString(flags: number): void {
    if (flags & SKIP_STRINGS) {
      const id = this.readVal();
      if (id !== id) throw new TraceError(MALFORMED);
      const len = this.readVal();
      if (len !== len) throw new TraceError(MALFORMED);
      if (!this.discard(len)) throw new TraceError('failed to read trace: EOF');
      return;
    }
    const id = this.readVal();
    if (id !== id) throw new TraceError(MALFORMED);
    if (id === 0) throw new TraceError('string has invalid id 0');
    if ((this.strings.get(id) ?? '') !== '') throw new TraceError(`string has duplicate id ${fmtU64(id)}`);
    const len = this.readVal();
    if (len !== len) throw new TraceError(MALFORMED);
    if (len === 0) throw new TraceError('string has invalid length 0');
    if (len < 0 || len > MAX_STRING) throw new TraceError(`string has too large length ${fmtU64(len)}`);
    this.strings.set(id, goString(this.readFull(len)));
  }

  private readStr(): string {
    const n = this.readVal();
    if (n !== n) throw new TraceError(MALFORMED);
    if (n === 0) return '';
    if (n < 0 || n > MAX_STRING) throw new TraceError(`string is too large (len=${fmtU64(n)})`);
    return goString(this.readFull(n));
  }
}
