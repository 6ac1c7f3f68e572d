// The compact span layout of the timeline. A span boundary is stored as the number of the event
// at whose time it lies (u32, see event-times.ts), never as a float64 time:
//   goroutine rows: per goroutine, consecutive rows; row j spans [time(ev[j]), time(ev[j + 1]))
//     with style[j] (0 = no span: the goroutine did not exist); each goroutine's last row is a
//     terminator with style 0. Groups may be followed by unused slack rows.
//   P rows: per P, a goroutine row (goroutineRow: start = that row's start, style = its style);
//     it ends where that goroutine row does (the start of the goroutine's next row), but for the
//     few that end elsewhere (procRowEndEv).
//   M rows: per thread, a goroutine row (goroutineRow, as runs of the P rows showing the same:
//     thread-rows.ts); it ends with that goroutine row (or at the next M row's start, whichever
//     is first).
// Reason, stack, P and M of a goroutine row are read back from its event when needed.

import { SpanIndex } from '../id-slots.js';
import { lowerBound } from './query.js';
import type { PackedU32 } from './packed-u32.js';
import type { ThreadRowMap } from './thread-rows.js';

export interface GoroutineRows extends SpanIndex {
  /** Per row, the event it begins at (packed as the rows pass writes it: 1.4 bytes a row on the 210 MB trace). */
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
 * The compact form of P rows' end events: of the candidate rows candRow (any order, each once)
 * with their end events candEv, those that do not end where their goroutine row does. (Rows not
 * among the candidates end there.)
 */
export function procRowEnds(
  goroutineRow: Uint32Array,
  candRow: Uint32Array,
  candEv: Uint32Array,
  rowEv: PackedU32,
): Pick<ProcRows, 'endExcBits' | 'endExcRow' | 'endExcEv'> {
  const bits = new Uint32Array((goroutineRow.length >>> 5) + 1);
  const order: number[] = [];
  for (let k = 0; k < candRow.length; k++) if (candEv[k] !== rowEv.at(goroutineRow[candRow[k]!]! + 1)) order.push(k);
  order.sort((a, b) => candRow[a]! - candRow[b]!);
  const row = new Uint32Array(order.length);
  const ev = new Uint32Array(order.length);
  order.forEach((k, q) => {
    const j = candRow[k]!;
    bits[j >>> 5]! |= 1 << (j & 31);
    row[q] = j;
    ev[q] = candEv[k]!;
  });
  return { endExcBits: bits, endExcRow: row, endExcEv: ev };
}

export interface ThreadRows extends SpanIndex {
  /** The goroutine row each thread row shows (goroutineRow.at(j)). */
  goroutineRow: ThreadRowMap;
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
