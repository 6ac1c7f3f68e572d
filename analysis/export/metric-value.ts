// The value of a metric event (and a sweep's byte counts) as an exact uint64. Every reader of
// uint64 values for the tables goes through here: it decodes the stored argument bytes itself
// rather than through Chunk.arg (a double, rounded past 2^53), and the parser stores them exactly.

import type { Chunk } from '../../parser/events.js';

/** Writes the value of metric event i as two 32-bit words (low, high) into out[o], out[o + 1]. */
export function metricValueWords(c: Chunk, i: number, out: Uint32Array, o: number): void {
  argWords(c, i, 0, out, o);
}

/** Stored argument k of event i as an exact uint64 in two 32-bit words (low, high) at out[o]. */
export function argWords(c: Chunk, i: number, k: number, out: Uint32Array, o: number): void {
  const a = c.args;
  let p = k === 0 ? c.argStart(i) : c.argOffset(i, k);
  let lo = 0;
  let hi = 0;
  // Arguments are stored as uvarint(value + 1).
  for (let shift = 0; shift < 70; shift += 7) {
    const b = a[p++]!;
    const v = b & 0x7f;
    if (shift + 7 <= 32) lo = (lo | (v << shift)) >>> 0;
    else if (shift >= 32) hi = (hi | (v << (shift - 32))) >>> 0;
    else {
      lo = (lo | (v << shift)) >>> 0;
      hi = (hi | (v >>> (32 - shift))) >>> 0;
    }
    if (b < 0x80) break;
  }
  if (lo === 0) {
    lo = 0xffffffff;
    hi = (hi - 1) >>> 0;
  } else {
    lo -= 1;
  }
  out[o] = lo;
  out[o + 1] = hi;
}

const scratch = new Uint32Array(2);

/** The value of metric event i as a bigint. */
export function metricValue(c: Chunk, i: number): bigint {
  metricValueWords(c, i, scratch, 0);
  return (BigInt(scratch[1]!) << 32n) | BigInt(scratch[0]!);
}
