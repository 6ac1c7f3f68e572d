// The compact span layout of the timeline. A span boundary is stored as the number of the event
// at whose time it lies (u32, see event-times.ts), never as a float64 time:
//   goroutine rows: per goroutine, consecutive rows; row j spans [time(ev[j]), time(ev[j + 1]))
//     with style[j] (0 = no span: the goroutine did not exist); each goroutine's last row is a
//     terminator with style 0. Groups may be followed by unused slack rows.
//   P rows: per P, a goroutine row (goroutineRow: start = that row's start, style = its style)
//     and endEv.
//   M rows: per thread, a goroutine row (goroutineRow); it ends with that goroutine row (or at
//     the next M row's start, whichever is first).
// Reason, stack, P and M of a goroutine row are read back from its event when needed.

import { SpanIndex } from '../id-slots.js';

export interface GoroutineRows extends SpanIndex {
  ev: Uint32Array;
  style: Uint8Array;
  /** Per goroutine: the first transition stack whose outermost frame has a function (0: none), which names it. */
  firstStack: Uint32Array;
}

export interface ProcRows extends SpanIndex {
  /** The goroutine row each P row shows. */
  goroutineRow: Uint32Array;
  endEv: Uint32Array;
}

export interface ThreadRows extends SpanIndex {
  /** The goroutine row each thread row shows. */
  goroutineRow: Uint32Array;
}

/** Position of the group holding goroutine row j (binary search over the group offsets; -1 if none). */
export function groupOfRow(g: SpanIndex, j: number): number {
  let lo = 0;
  let hi = g.offset.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (g.offset[mid]! <= j) lo = mid + 1;
    else hi = mid;
  }
  const k = lo - 1;
  return k >= 0 && j < g.offset[k]! + g.count[k]! ? k : -1;
}
