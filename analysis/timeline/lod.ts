// Level-of-detail summaries of a track: for blocks of 32, 1024, 32768… consecutive rows, the
// time they cover, how many drawn rows they hold, the style covering most time (from the level
// below, so approximate above level 0) and their longest row. A tile merges the rows starting in
// one pixel through these, so a pixel holding a million rows costs a few dozen steps.
// Built per track on first use; a track of fewer than 64 rows gets none.

import type { Timeline } from './build.js';
import { TrackView } from './track-view.js';

export const LOD_SHIFT = 5;
export const LOD_FAN = 1 << LOD_SHIFT;

export interface LodLevel {
  /** log2 of the rows per block. */
  shift: number;
  cov: Float64Array;
  cnt: Uint32Array;
  dom: Uint8Array;
  /** Row index of the block's longest row (-1 if none drawn). */
  longest: Int32Array;
  /** Its duration. */
  longestDur: Float64Array;
}

export type LodCache = Map<string, LodLevel[]>;

const scratch = new Float64Array(256);
const touched: number[] = [];

function domOf(): number {
  let best = 0;
  let bestT = -1;
  for (const s of touched) {
    if (scratch[s]! > bestT) {
      bestT = scratch[s]!;
      best = s;
    }
    scratch[s] = 0;
  }
  touched.length = 0;
  return best;
}

function add(style: number, d: number): void {
  if (scratch[style] === 0) touched.push(style);
  scratch[style]! += d;
  if (scratch[style] === 0) scratch[style] = Number.MIN_VALUE;
}

/** The summaries of a track (built on first use; [] for a small track). */
export function lodOf(tl: Timeline, v: TrackView): LodLevel[] {
  const have = tl.lod.get(v.id);
  if (have !== undefined) return have;
  const levels = buildLod(v);
  tl.lod.set(v.id, levels);
  return levels;
}

function newLevel(shift: number, n: number): LodLevel {
  return { shift, cov: new Float64Array(n), cnt: new Uint32Array(n), dom: new Uint8Array(n), longest: new Int32Array(n).fill(-1), longestDur: new Float64Array(n) };
}

export function buildLod(v: TrackView): LodLevel[] {
  const n = v.hi - v.lo;
  const levels: LodLevel[] = [];
  if (n < 2 * LOD_FAN) return levels;
  // Level 0 from the rows.
  let shift = LOD_SHIFT;
  let nb = Math.ceil(n / LOD_FAN);
  let cur = newLevel(shift, nb);
  let nextStart = n > 0 ? v.start(v.lo) : 0;
  for (let b = 0; b < nb; b++) {
    const from = v.lo + b * LOD_FAN;
    const to = Math.min(v.hi, from + LOD_FAN);
    let cov = 0;
    let cnt = 0;
    let longest = -1;
    let longestDur = -1;
    for (let j = from; j < to; j++) {
      const s = nextStart;
      nextStart = j + 1 < v.hi ? v.start(j + 1) : 0;
      const st = v.style(j);
      if (st === 0) continue;
      const e = v.end(j);
      const d = e - s;
      if (d <= 0) continue;
      cov += d;
      cnt++;
      add(st, d);
      if (d > longestDur) {
        longestDur = d;
        longest = j;
      }
    }
    cur.cov[b] = cov;
    cur.cnt[b] = cnt;
    cur.dom[b] = domOf();
    cur.longest[b] = longest;
    cur.longestDur[b] = Math.max(0, longestDur);
  }
  levels.push(cur);
  // Upper levels from the one below, while a level has at least two blocks.
  while (nb >= 2 * LOD_FAN) {
    const below = cur;
    shift += LOD_SHIFT;
    nb = Math.ceil(nb / LOD_FAN);
    cur = newLevel(shift, nb);
    for (let b = 0; b < nb; b++) {
      const from = b * LOD_FAN;
      const to = Math.min(below.cov.length, from + LOD_FAN);
      let cov = 0;
      let cnt = 0;
      let longest = -1;
      let longestDur = -1;
      for (let c = from; c < to; c++) {
        const d = below.cov[c]!;
        if (below.cnt[c] === 0) continue;
        cov += d;
        cnt += below.cnt[c]!;
        add(below.dom[c]!, d);
        if (below.longestDur[c]! > longestDur) {
          longestDur = below.longestDur[c]!;
          longest = below.longest[c]!;
        }
      }
      cur.cov[b] = cov;
      cur.cnt[b] = cnt;
      cur.dom[b] = domOf();
      cur.longest[b] = longest;
      cur.longestDur[b] = Math.max(0, longestDur);
    }
    levels.push(cur);
  }
  return levels;
}

/** Accumulates rows into one merged rectangle: covered time, count, time per style, longest row. */
export class Merge {
  cov = 0;
  cnt = 0;
  longest = -1;
  longestDur = -1;

  reset(): void {
    this.cov = 0;
    this.cnt = 0;
    this.longest = -1;
    this.longestDur = -1;
  }

  /** A row (or the part of it inside the window) of duration d. */
  row(j: number, style: number, d: number): void {
    if (style === 0 || d <= 0) return;
    this.cov += d;
    this.cnt++;
    add(style, d);
    if (d > this.longestDur) {
      this.longestDur = d;
      this.longest = j;
    }
  }

  /** Rows [from, to) of the track, whole, through the summaries where blocks fit. */
  rows(v: TrackView, levels: LodLevel[], from: number, to: number): void {
    let j = from;
    let nextStart = j < to ? v.start(j) : 0;
    while (j < to) {
      const rel = j - v.lo;
      let used = false;
      for (let L = levels.length - 1; L >= 0; L--) {
        const lv = levels[L]!;
        const size = 1 << lv.shift;
        if ((rel & (size - 1)) !== 0 || j + size > to) continue;
        const b = rel >>> lv.shift;
        if (lv.cnt[b]! > 0) {
          this.cov += lv.cov[b]!;
          this.cnt += lv.cnt[b]!;
          add(lv.dom[b]!, lv.cov[b]!);
          if (lv.longestDur[b]! > this.longestDur) {
            this.longestDur = lv.longestDur[b]!;
            this.longest = lv.longest[b]!;
          }
        }
        j += size;
        nextStart = j < to ? v.start(j) : 0;
        used = true;
        break;
      }
      if (used) continue;
      const s = nextStart;
      nextStart = j + 1 < to ? v.start(j + 1) : 0;
      const st = v.style(j);
      if (st !== 0) this.row(j, st, v.end(j) - s);
      j++;
    }
  }

  /** The style covering most time (and clears the per-style times). */
  dominant(): number {
    return domOf();
  }
}
