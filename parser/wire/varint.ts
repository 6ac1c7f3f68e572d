// Unsigned LEB128 varints as Go's encoding/binary writes and reads them: fast
// decoding to a JS number for hot loops, exact decoding to bigint, the encoder,
// and the encoded size. Errors carry Go's messages ("EOF", "unexpected EOF",
// "binary: varint overflows a 64-bit integer").

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
 * A read position in a byte buffer; decoders advance `pos` and never read at or
 * past `end`. A plain class so that hot loops see one object shape.
 */
export class ByteCursor {
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
    readonly end = buf.length,
  ) {}
}

const TWO_POW_28 = 0x1000_0000;

/**
 * Decodes one uvarint at `c.pos` and advances past it, like binary.ReadUvarint.
 * Returns a JS number: exact up to 2^53 - 1 (Number.MAX_SAFE_INTEGER); larger
 * values are rounded to the nearest double. Use uvarintBig / uvarintExact when
 * the value may not fit.
 * Throws VarintError: "EOF" if no byte is left, "unexpected EOF" if the input
 * ends inside the varint, overflow past 64 bits (Go's rules: at most 10 bytes,
 * the 10th at most 1).
 */
export function uvarint(c: ByteCursor): number {
  const buf = c.buf;
  const end = c.end;
  let p = c.pos;
  if (p >= end) throw new VarintError('EOF');
  let b = buf[p++];
  if (b < 0x80) {
    c.pos = p;
    return b;
  }
  // Low 28 bits with integer ops.
  let lo = b & 0x7f;
  for (let shift = 7; shift < 28; shift += 7) {
    if (p >= end) throw new VarintError('UNEXPECTED_EOF');
    b = buf[p++];
    lo |= (b & 0x7f) << shift;
    if (b < 0x80) {
      c.pos = p;
      return lo;
    }
  }
  // Bits 28 and up in floating point (exact while the result stays below 2^53).
  let hi = 0;
  let scale = 1;
  for (let i = 4; i < MAX_VARINT_LEN64; i++) {
    if (p >= end) throw new VarintError('UNEXPECTED_EOF');
    b = buf[p++];
    if (b < 0x80) {
      if (i === MAX_VARINT_LEN64 - 1 && b > 1) throw new VarintError('OVERFLOW');
      c.pos = p;
      return (hi + b * scale) * TWO_POW_28 + lo;
    }
    hi += (b & 0x7f) * scale;
    scale *= 128;
  }
  throw new VarintError('OVERFLOW');
}

/** Decodes one uvarint exactly as a bigint (same errors and advancing as uvarint). */
export function uvarintBig(c: ByteCursor): bigint {
  const buf = c.buf;
  const end = c.end;
  let p = c.pos;
  let x = 0n;
  let shift = 0n;
  for (let i = 0; i < MAX_VARINT_LEN64; i++) {
    if (p >= end) throw new VarintError(i === 0 ? 'EOF' : 'UNEXPECTED_EOF');
    const b = buf[p++];
    if (b < 0x80) {
      if (i === MAX_VARINT_LEN64 - 1 && b > 1) throw new VarintError('OVERFLOW');
      c.pos = p;
      return x | (BigInt(b) << shift);
    }
    x |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  }
  throw new VarintError('OVERFLOW');
}

/**
 * Decodes one uvarint exactly: a number when it is at most Number.MAX_SAFE_INTEGER,
 * otherwise a bigint. Nearly as fast as uvarint (bigint work only for huge values).
 */
export function uvarintExact(c: ByteCursor): number | bigint {
  const start = c.pos;
  const v = uvarint(c);
  if (v <= Number.MAX_SAFE_INTEGER) return v;
  c.pos = start;
  return uvarintBig(c);
}

const MAX_U64 = (1n << 64n) - 1n;

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
 * Writes the canonical encoding of `v` (a safe non-negative integer or a uint64 bigint)
 * into `out` at `pos` (binary.PutUvarint) and returns the position after it.
 * `out` must have room (uvarintSize(v) bytes).
 */
export function putUvarint(out: Uint8Array, pos: number, v: number | bigint): number {
  checkU64(v);
  if (typeof v === 'number') {
    while (v >= TWO_POW_28) {
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
