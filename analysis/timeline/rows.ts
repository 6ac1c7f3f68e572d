// The compact span layout of the timeline. A span boundary is stored as the number of the event
// at whose time it lies (u32, see event-times.ts), never as a float64 time:
//   goroutine rows: per goroutine, consecutive rows; row j spans [time(ev[j]), time(ev[j + 1]))
//     with style[j] (0 = no span: the goroutine did not exist); each goroutine's last row is a
//     terminator with style 0. Groups may be followed by unused slack rows.
//   P rows: per P, a goroutine row (goroutineRow: start = that row's start, style = its style);
//     it ends where that goroutine row does (the start of the goroutine's next row), but for the
//     few that end elsewhere (procRowEndEv).
//   M rows: per thread, a goroutine row (goroutineRow); it ends with that goroutine row (or at
//     the next M row's start, whichever is first).
// Reason, stack, P and M of a goroutine row are read back from its event when needed.

import { SpanIndex } from '../id-slots.js';
import { lowerBound } from './query.js';
import type { PackedU32 } from './packed-u32.js';

export interface GoroutineRows extends SpanIndex {
  /** Per row, the event it begins at (packed once loaded: 1.4 bytes a row on the 210 MB trace). */
  ev: PackedU32;
  style: Uint8Array;
  /** Per goroutine: the first transition stack whose outermost frame has a function (0: none), which names it. */
  firstStack: Uint32Array;
}

export interface ProcRows extends SpanIndex {
  /** The goroutine row each P row shows. */
  goroutineRow: Uint32Array;
  /**
   * The P rows that do not end where their goroutine row does (0.1 % of them: a 4-byte end per
   * row would be a tenth of the model): bit j of endExcBits set, and their end events, by row
   * (endExcRow ascending, endExcEv).
   */
  endExcBits: Uint32Array;
  endExcRow: Uint32Array;
  endExcEv: Uint32Array;
}

/** The event P row j ends at. */
export function procRowEndEv(procs: ProcRows, goroutines: GoroutineRows, j: number): number {
  if (((procs.endExcBits[j >>> 5]! >>> (j & 31)) & 1) === 0) return goroutines.ev.at(procs.goroutineRow[j]! + 1);
  return procs.endExcEv[lowerBound(procs.endExcRow, 0, procs.endExcRow.length, j)]!;
}

/**
 * The compact form of P rows' end events `endEv` (rows [offset, offset + count) of each P):
 * only those that differ from their goroutine row's end.
 */
export function procRowEnds(
  offset: Uint32Array,
  count: Uint32Array,
  goroutineRow: Uint32Array,
  endEv: Uint32Array,
  rowEv: PackedU32,
): Pick<ProcRows, 'endExcBits' | 'endExcRow' | 'endExcEv'> {
  const bits = new Uint32Array((goroutineRow.length >>> 5) + 1);
  const row: number[] = [];
  const ev: number[] = [];
  for (let p = 0; p < offset.length; p++) {
    for (let j = offset[p]!; j < offset[p]! + count[p]!; j++) {
      if (endEv[j] === rowEv.at(goroutineRow[j]! + 1)) continue;
      bits[j >>> 5]! |= 1 << (j & 31);
      row.push(j);
      ev.push(endEv[j]!);
    }
  }
  // (P groups are in P order, so the rows are ascending.)
  return { endExcBits: bits, endExcRow: Uint32Array.from(row), endExcEv: Uint32Array.from(ev) };
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
