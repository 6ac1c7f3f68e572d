// Binary searches over sorted typed arrays and grouped indexes.

import { SpanIndex } from '../id-slots.js';

/** First index k in [lo, hi) with a[k] > t (hi if none). */
export function upperBound(a: Float64Array | Uint32Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index k in [lo, hi) with a[k] >= t (hi if none). */
export function lowerBound(a: Float64Array | Uint32Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! >= t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Position of id in a SpanIndex (-1 if absent). */
export function indexOf(idx: SpanIndex, id: number): number {
  const k = lowerBound(idx.ids, 0, idx.ids.length, id);
  return k < idx.ids.length && idx.ids[k] === id ? k : -1;
}

/** The rows [lo, hi) of the group of id (null if absent). */
export function groupRows(idx: SpanIndex, id: number): { lo: number; hi: number } | null {
  const k = indexOf(idx, id);
  if (k < 0) return null;
  const lo = idx.offset[k]!;
  return { lo, hi: lo + idx.count[k]! };
}

/** Index of the sample in effect at t (the last with time <= t), -1 before the first. */
export function sampleAt(time: Float64Array, t: number): number {
  return upperBound(time, 0, time.length, t) - 1;
}
