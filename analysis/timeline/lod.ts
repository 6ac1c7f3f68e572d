// Level-of-detail summaries of a track: for blocks of 32, 1024, 32768… consecutive rows, the
// time they cover, how many drawn rows they hold, the style covering most time (from the level
// below, so approximate above level 0) and their longest row. A tile merges the rows starting in
// one pixel through these, so a pixel holding a million rows costs a few dozen steps; level 0
// also keeps each block's first start, to find a pixel's last row without reading every row.
// Built per track on first use; a track of fewer than 64 rows gets none. (Blocks of 16 rows took
// twice the memory, 200 MB after the 1 GB trace's first screen, for tiles no faster.)

import { formatTrackId } from '../../api/track-kinds.js';
import type { LodLevel, TimelineRows } from './model.js';
import { upperBound } from './query.js';
import { trackView } from './track-kinds.js';
import type { TrackView } from './track-view.js';

export const LOD_SHIFT = 5;
export const LOD_FAN = 1 << LOD_SHIFT;

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
export function lodOf(tl: TimelineRows, v: TrackView): LodLevel[] {
  const have = tl.lod.get(v.id);
  if (have !== undefined) return have;
  const levels = buildLod(v);
  tl.lod.set(v.id, levels);
  return levels;
}

function newLevel(shift: number, n: number, starts: boolean, args: boolean): LodLevel {
  const na = args ? n : 0;
  return {
    shift,
    cov: new Float64Array(n),
    cnt: new Uint32Array(n),
    dom: new Uint8Array(n),
    longest: new Int32Array(na).fill(-1),
    longestDur: new Float32Array(na),
    firstStart: new Float64Array(starts ? n : 0),
  };
}

/** Level 0's blocks [b0, b1) from the rows; `nextStart` is block b0's first start, and the one after b1's is returned. */
function fillLevel0(v: TrackView, cur: LodLevel, b0: number, b1: number, nextStart: number): number {
  const args = v.hasArg;
  for (let b = b0; b < b1; b++) {
    const from = v.lo + b * LOD_FAN;
    cur.firstStart[b] = nextStart;
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
    if (args) {
      cur.longest[b] = longest;
      cur.longestDur[b] = Math.max(0, longestDur);
    }
  }
  return nextStart;
}

export function buildLod(v: TrackView): LodLevel[] {
  const n = v.hi - v.lo;
  if (n < 2 * LOD_FAN) return [];
  const nb = Math.ceil(n / LOD_FAN);
  const level0 = newLevel(LOD_SHIFT, nb, true, v.hasArg);
  fillLevel0(v, level0, 0, nb, v.start(v.lo));
  return withUpperLevels(v, level0);
}

/** Level-0 blocks built between two pauses of buildLodInSteps (2^20 rows: tens of milliseconds). */
const BLOCKS_PER_STEP = 1 << (20 - LOD_SHIFT);

/**
 * buildLod a slice of rows at a time, awaiting `pause` between slices: on the serving thread a
 * track of millions of rows (a P of the 1 GB trace: over a second) does not hold up the
 * requests that arrive meanwhile. The same summaries as buildLod.
 */
export async function buildLodInSteps(v: TrackView, pause: () => Promise<void>, blocksPerStep = BLOCKS_PER_STEP): Promise<LodLevel[]> {
  const n = v.hi - v.lo;
  if (n < 2 * LOD_FAN) return [];
  const nb = Math.ceil(n / LOD_FAN);
  const level0 = newLevel(LOD_SHIFT, nb, true, v.hasArg);
  let next = v.start(v.lo);
  for (let b = 0; b < nb; b += blocksPerStep) {
    if (b > 0) await pause();
    next = fillLevel0(v, level0, b, Math.min(nb, b + blocksPerStep), next);
  }
  return withUpperLevels(v, level0);
}

/** Level 0 and the levels above it, each from the one below while a level has at least two blocks. */
function withUpperLevels(v: TrackView, level0: LodLevel): LodLevel[] {
  const args = v.hasArg;
  const levels: LodLevel[] = [level0];
  let cur = level0;
  let shift = LOD_SHIFT;
  let nb = level0.cov.length;
  while (nb >= 2 * LOD_FAN) {
    const below = cur;
    shift += LOD_SHIFT;
    nb = Math.ceil(nb / LOD_FAN);
    cur = newLevel(shift, nb, false, args);
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
        if (args && below.longestDur[c]! > longestDur) {
          longestDur = below.longestDur[c]!;
          longest = below.longest[c]!;
        }
      }
      cur.cov[b] = cov;
      cur.cnt[b] = cnt;
      cur.dom[b] = domOf();
      if (args) {
        cur.longest[b] = longest;
        cur.longestDur[b] = Math.max(0, longestDur);
      }
    }
    levels.push(cur);
  }
  return levels;
}

/**
 * The last row with start <= t (v.lo - 1 if none): v.rowAt's answer, found through level 0's
 * block starts so that only one block's starts are read (the times of rows far apart in a
 * track lie in chunks far apart, which may be on disk).
 */
export function rowAtThroughLod(v: TrackView, levels: LodLevel[], t: number): number {
  const fs = levels.length > 0 ? levels[0]!.firstStart : null;
  if (fs === null || fs.length === 0) return v.rowAt(t);
  const lo = upperBound(fs, 0, fs.length, t);
  if (lo === 0) return v.lo - 1;
  // Block lo - 1's first row starts at or before t, the next block's after.
  let r0 = v.lo + ((lo - 1) << LOD_SHIFT) + 1;
  let r1 = Math.min(v.hi, v.lo + (lo << LOD_SHIFT));
  while (r0 < r1) {
    const mid = (r0 + r1) >>> 1;
    if (v.start(mid) <= t) r0 = mid + 1;
    else r1 = mid;
  }
  return r0 - 1;
}

/** First row k in [from, v.hi) with start(k) >= t (v.hi if none), through level 0's block starts. */
export function firstStartAtOrAfter(v: TrackView, levels: LodLevel[], from: number, t: number): number {
  if (from >= v.hi || v.start(from) >= t) return from;
  if (levels.length === 0) return v.firstStartAtOrAfter(from, t);
  const fs = levels[0]!.firstStart;
  // The first block after from's whose first row starts at or after t (galloping).
  const b0 = ((from - v.lo) >>> LOD_SHIFT) + 1;
  let step = 1;
  let a = b0 - 1;
  while (a + step < fs.length && fs[a + step]! < t) {
    a += step;
    step *= 2;
  }
  let lo = a + 1;
  let hi = Math.min(fs.length, a + step);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fs[mid]! >= t) hi = mid;
    else lo = mid + 1;
  }
  // The answer lies in block lo - 1 (or is block lo's first row).
  let r0 = Math.max(from + 1, v.lo + ((lo - 1) << LOD_SHIFT));
  let r1 = Math.min(v.hi, v.lo + (lo << LOD_SHIFT));
  while (r0 < r1) {
    const mid = (r0 + r1) >>> 1;
    if (v.start(mid) >= t) r1 = mid;
    else r0 = mid + 1;
  }
  return r0;
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

  /** Takes d off a row of that style (the part of the row outside the window). */
  clip(style: number, d: number): void {
    this.cov -= d;
    add(style, -d);
  }

  /** Rows [from, to) of the track, whole, through the summaries where blocks fit. */
  rows(v: TrackView, levels: LodLevel[], from: number, to: number): void {
    // Up the levels while aligned blocks fit, then down: at most 2 * (LOD_FAN - 1) units per level.
    let j = from - v.lo;
    const end = to - v.lo;
    let L = -1;
    for (;;) {
      const up = L + 1 < levels.length ? 1 << levels[L + 1]!.shift : 0;
      const size = L < 0 ? 1 : 1 << levels[L]!.shift;
      if (up === 0) break;
      const stop = Math.min(end, (j + up - 1) & ~(up - 1));
      if (stop + up > end) break;
      j = this.units(v, levels, L, j, stop, size);
      L++;
    }
    for (; L >= -1; L--) {
      const size = L < 0 ? 1 : 1 << levels[L]!.shift;
      const stop = j + Math.floor((end - j) / size) * size;
      j = this.units(v, levels, L, j, stop, size);
    }
  }

  /** Consumes units of level L (-1: single rows) over relative rows [j, stop); returns stop. */
  private units(v: TrackView, levels: LodLevel[], L: number, j: number, stop: number, size: number): number {
    if (j >= stop) return j;
    if (L < 0) {
      let r = v.lo + j;
      const r1 = v.lo + stop;
      let s = v.start(r);
      for (; r < r1; r++) {
        const st = v.style(r);
        const next = r + 1 < v.hi ? v.start(r + 1) : s;
        if (st !== 0) this.row(r, st, (v.contiguous ? next : v.end(r)) - s);
        s = next;
      }
      return stop;
    }
    const lv = levels[L]!;
    for (let b = j >>> lv.shift, b1 = stop >>> lv.shift; b < b1; b++) {
      if (lv.cnt[b] === 0) continue;
      const d = lv.cov[b]!;
      this.cov += d;
      this.cnt += lv.cnt[b]!;
      add(lv.dom[b]!, d);
      if (lv.longest.length > 0 && lv.longestDur[b]! > this.longestDur) {
        this.longestDur = lv.longestDur[b]!;
        this.longest = lv.longest[b]!;
      }
    }
    return stop;
  }

  /** The style covering most time (and clears the per-style times). */
  dominant(): number {
    return domOf();
  }
}

/** The P tracks, in id order. */
function procTracks(tl: TimelineRows): string[] {
  return [...tl.procs.ids].map((p) => formatTrackId({ kind: 'proc', num: p }));
}

/** Builds the summaries of the P and thread tracks, the busiest, ahead of the first tile. */
export function warmTimeline(tl: TimelineRows): void {
  const threads = [...tl.threads.ids].map((m) => formatTrackId({ kind: 'thread', num: m }));
  for (const id of [...procTracks(tl), ...threads]) warmTrack(tl, id);
}

/** Goroutine tracks of at least this many rows get their summaries ahead of the first tile. */
export const BUSY_GOROUTINE_ROWS = 1 << 14;

/**
 * The goroutine tracks worth summarizing ahead of the first tile, busiest first: those of at
 * least `minRows` rows. A busy program's long-lived goroutines hold most of its rows (23
 * goroutines hold 29.1 M of the 29.6 M rows of the 210 MB benchmark trace), and building one's
 * summaries on first use held a tile up for ~70 ms (0.8 s for the timeline's first screen).
 */
export function busyGoroutineTracks(tl: TimelineRows, minRows = BUSY_GOROUTINE_ROWS): string[] {
  const g = tl.goroutines;
  const busy: number[] = [];
  for (let k = 0; k < g.count.length; k++) if (g.count[k]! >= minRows) busy.push(k);
  busy.sort((a, b) => g.count[b]! - g.count[a]!);
  return busy.map((k) => formatTrackId({ kind: 'goroutine', num: g.ids[k]! }));
}

/**
 * The tracks of the timeline's first screen whose summaries are worth building ahead: the P
 * tracks, then the busy goroutine tracks (thread tracks start collapsed).
 */
export function firstScreenTracks(tl: TimelineRows): string[] {
  return [...procTracks(tl), ...busyGoroutineTracks(tl)];
}

/** Builds one track's summaries if it has none yet. */
export function warmTrack(tl: TimelineRows, id: string): void {
  const v = trackView(tl, id);
  if (v !== null) lodOf(tl, v);
}

/**
 * warmTrack a slice of rows at a time (buildLodInSteps), awaiting `pause` between slices. A tile
 * that needs the track meanwhile builds its summaries itself (lodOf); those are kept.
 */
export async function warmTrackInSteps(tl: TimelineRows, id: string, pause: () => Promise<void>, blocksPerStep = BLOCKS_PER_STEP): Promise<void> {
  if (tl.lod.has(id)) return;
  const v = trackView(tl, id);
  if (v === null) return;
  const levels = await buildLodInSteps(v, pause, blocksPerStep);
  if (!tl.lod.has(id)) tl.lod.set(id, levels);
}
