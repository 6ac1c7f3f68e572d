// Unsigned LEB128 varints as Go's encoding/binary writes and reads them, for every reader of
// the trace formats and for the event store. Both semantics: fast decoding to a JS number for
// hot loops (exact up to 2^53 - 1; a larger value is re-read exactly, never kept rounded
// without the caller choosing to), and exact decoding to bigint; then the Go 1.22+ parser's
// number for a uint64 ("none" as -1), the encoders and the encoded size. Errors carry Go's messages
// ("EOF", "unexpected EOF", "binary: varint overflows a 64-bit integer").

/** Longest encoding of a 64-bit value (binary.MaxVarintLen64). */
export const MAX_VARINT_LEN64 = 10;

export type VarintErrorKind = 'EOF' | 'UNEXPECTED_EOF' | 'OVERFLOW';

const MESSAGES: Record<VarintErrorKind, string> = {
  EOF: 'EOF',
  UNEXPECTED_EOF: 'unexpected EOF',
  OVERFLOW: 'binary: varint overflows a 64-bit integer',
};

/** A decoding failure, with the text of the matching Go error (io.EOF, io.ErrUnexpectedEOF, errOverflow). */
export class VarintError extends Error {
  constructor(readonly kind: VarintErrorKind) {
    super(MESSAGES[kind]);
    this.name = 'VarintError';
  }
}

/**
 * A read position in a byte buffer; decoders advance `pos` and never read at or past `end`.
 * A plain class so that hot loops see one object shape.
 */
export class ByteCursor {
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
    public end = buf.length,
  ) {}
}

/** readUvarint's results for a malformed varint (values are never negative). */
export const VARINT_EOF = -1;
export const VARINT_UNEXPECTED_EOF = -2;
export const VARINT_OVERFLOW = -3;

const KINDS: VarintErrorKind[] = ['EOF', 'UNEXPECTED_EOF', 'OVERFLOW'];

/** Go's message for a readUvarint error code. */
export function varintErrorMessage(code: number): string {
  return MESSAGES[KINDS[-code - 1]!];
}

const TWO_POW_28 = 0x1000_0000;

/**
 * The decoder every reader of varints shares: decodes the uvarint at `c.pos`, like
 * binary.ReadUvarint, and advances past it. Returns its value as a number: exact up to
 * Number.MAX_SAFE_INTEGER; a larger value comes back as the nearest double, so a caller that
 * must be exact tests `> Number.MAX_SAFE_INTEGER` and re-reads the bytes with uvarintBigAt.
 * A malformed varint returns a negative VARINT_* code and leaves `c.pos` as it was: nothing
 * left (EOF), the input ends inside it (unexpected EOF), or overflow past 64 bits (Go's
 * rules: at most 10 bytes, the 10th at most 1).
 */
export function readUvarint(c: ByteCursor): number {
  const buf = c.buf;
  const end = c.end;
  let p = c.pos;
  if (p >= end) return VARINT_EOF;
  let b = buf[p++]!;
  if (b < 0x80) {
    c.pos = p;
    return b;
  }
  // Low 28 bits with integer ops.
  let lo = b & 0x7f;
  for (let shift = 7; shift < 28; shift += 7) {
    if (p >= end) return VARINT_UNEXPECTED_EOF;
    b = buf[p++]!;
    lo |= (b & 0x7f) << shift;
    if (b < 0x80) {
      c.pos = p;
      return lo;
    }
  }
  // Bits 28 and up in floating point: exact up to 2^36, so the result is rounded once (correctly).
  let hi = 0;
  let scale = 1;
  for (let i = 4; i < MAX_VARINT_LEN64; i++) {
    if (p >= end) return VARINT_UNEXPECTED_EOF;
    b = buf[p++]!;
    if (b < 0x80) {
      if (i === MAX_VARINT_LEN64 - 1 && b > 1) return VARINT_OVERFLOW;
      c.pos = p;
      return (hi + b * scale) * TWO_POW_28 + lo;
    }
    hi += (b & 0x7f) * scale;
    scale *= 128;
  }
  return VARINT_OVERFLOW;
}

/**
 * readUvarint that throws VarintError on a malformed varint. The value is exact up to 2^53 - 1
 * and rounded beyond: use uvarintBig / uvarintExact when it may not fit.
 */
export function uvarint(c: ByteCursor): number {
  const v = readUvarint(c);
  if (v < 0) throw new VarintError(KINDS[-v - 1]!);
  return v;
}

/** The exact value of the complete, valid uvarint in buf[start, end). */
export function uvarintBigAt(buf: Uint8Array, start: number, end: number): bigint {
  let v = 0n;
  let shift = 0n;
  for (let p = start; p < end; p++) {
    v |= BigInt(buf[p]! & 0x7f) << shift;
    shift += 7n;
  }
  return v;
}

/** Decodes one uvarint exactly as a bigint (same errors and advancing as uvarint). */
export function uvarintBig(c: ByteCursor): bigint {
  const start = c.pos;
  uvarint(c);
  return uvarintBigAt(c.buf, start, c.pos);
}

/**
 * Decodes one uvarint exactly: a number when it is at most Number.MAX_SAFE_INTEGER,
 * otherwise a bigint. Nearly as fast as uvarint (bigint work only for huge values).
 */
export function uvarintExact(c: ByteCursor): number | bigint {
  const start = c.pos;
  const v = uvarint(c);
  if (v <= Number.MAX_SAFE_INTEGER) return v;
  return uvarintBigAt(c.buf, start, c.pos);
}

/** 2^64 - 1: Go's ^uint64(0), also the wire's "none" (no thread, no task, no proc). */
export const MAX_U64 = (1n << 64n) - 1n;

/**
 * The complete uvarint buf[start, end) the way the Go 1.22+ parser holds values: its number
 * (exact up to 2^53 - 1, the nearest double beyond), except ^uint64(0), which reads as -1 so
 * that the "none" sentinels survive exactly.
 */
export function uvarintIdAt(buf: Uint8Array, start: number, end: number): number {
  const v = uvarintBigAt(buf, start, end);
  return v === MAX_U64 ? -1 : Number(v);
}

/**
 * Decodes the uvarint at buf[p] without any check, for bytes this program wrote itself (the
 * event store's arguments). Exact up to 2^53 - 1, which is all the store holds.
 */
export function uvarintUnchecked(buf: Uint8Array, p: number): number {
  let b = buf[p]!;
  if (b < 0x80) return b;
  let v = b & 0x7f;
  let mul = 128;
  for (;;) {
    b = buf[++p]!;
    if (b < 0x80) return v + b * mul;
    v += (b & 0x7f) * mul;
    mul *= 128;
  }
}

function checkU64(v: number | bigint): void {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`uvarint: ${v} is not a safe non-negative integer (use a bigint)`);
    }
  } else if (v < 0n || v > MAX_U64) {
    throw new RangeError(`uvarint: ${v} is outside the uint64 range`);
  }
}

/** Number of bytes the canonical (shortest) encoding of `v` takes: 1..10. */
export function uvarintSize(v: number | bigint): number {
  if (typeof v === 'number') {
    if (v < 0x80) return 1;
    if (v < 0x4000) return 2;
    if (v < 0x20_0000) return 3;
    if (v < TWO_POW_28) return 4;
    let n = 4;
    while (v >= TWO_POW_28) {
      v = Math.floor(v / 128);
      n++;
    }
    return n;
  }
  let n = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    n++;
  }
  return n;
}

/**
 * Writes the canonical encoding of `v`, a safe non-negative integer (unchecked: the event
 * store's hot path), into `out` at `pos` and returns the position after it.
 */
export function putUvarintNumber(out: Uint8Array, pos: number, v: number): number {
  if (v < 0x80) {
    out[pos] = v;
    return pos + 1;
  }
  while (v >= 0x8000_0000) {
    out[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  while (v >= 0x80) {
    out[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[pos++] = v;
  return pos;
}

/**
 * Writes `v` (a safe non-negative integer) in exactly MAX_VARINT_LEN64 bytes, continuation bits
 * on the padding, so that it can be rewritten in place later; returns the position after it.
 */
export function putUvarintPadded(out: Uint8Array, pos: number, v: number): number {
  for (let k = 0; k < MAX_VARINT_LEN64 - 1; k++) {
    out[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[pos++] = v;
  return pos;
}

/**
 * Writes the canonical encoding of `v` (a safe non-negative integer or a uint64 bigint)
 * into `out` at `pos` (binary.PutUvarint) and returns the position after it.
 * `out` must have room (uvarintSize(v) bytes).
 */
export function putUvarint(out: Uint8Array, pos: number, v: number | bigint): number {
  checkU64(v);
  if (typeof v === 'number') return putUvarintNumber(out, pos, v);
  while (v >= 0x80n) {
    out[pos++] = Number(v & 0x7fn) | 0x80;
    v >>= 7n;
  }
  out[pos++] = Number(v);
  return pos;
}

/** The canonical encoding of `v` as a new array (binary.AppendUvarint onto nothing). */
export function encodeUvarint(v: number | bigint): Uint8Array {
  checkU64(v);
  const out = new Uint8Array(uvarintSize(v));
  putUvarint(out, 0, v);
  return out;
}
