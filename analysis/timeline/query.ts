// Time-window queries over the timeline's columns by binary search, for a server slicing the
// visible range: spans of one goroutine/P are sorted and never overlap, so both their starts
// and their ends ascend.

import { SpanIndex } from './id-slots.js';

/** First index k in [lo, hi) with a[k] > t (hi if none). */
export function upperBound(a: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index k in [lo, hi) with a[k] >= t (hi if none). */
export function lowerBound(a: Float64Array, lo: number, hi: number, t: number): number {
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

/**
 * The rows [from, to) of group k (of a grouped span set) that overlap the window [t0, t1):
 * end > t0 and start < t1.
 */
export function spansInWindow(
  idx: SpanIndex & { start: Float64Array; end: Float64Array },
  k: number,
  t0: number,
  t1: number,
): [number, number] {
  const lo = idx.offset[k]!;
  const hi = lo + idx.count[k]!;
  const from = upperBound(idx.end, lo, hi, t0);
  const to = lowerBound(idx.start, from, hi, t1);
  return [from, to];
}

/** Index of the sample in effect at t (the last with time <= t), -1 before the first. */
export function sampleAt(time: Float64Array, t: number): number {
  return upperBound(time, 0, time.length, t) - 1;
}
