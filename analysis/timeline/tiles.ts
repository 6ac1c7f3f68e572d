// Timeline tiles: for each requested track, the rectangles of a time window at a pixel width.
// Rows are grouped by the pixel their (window-clipped) start falls in; a pixel holding one row
// gives that row, a pixel holding several gives one rectangle [first start, first start +
// covered time) — so the time covered in the window is kept exactly, gaps between the merged rows
// are taken off its end — with count = rows merged, the style covering the most time and, on
// P/M tracks, the goroutine of the longest row. A pixel with many rows also takes the rows up to
// the next block boundary (the rest of its last level-0 block of rows, which start in the next pixels). Cost: O(rectangles × log) per
// track through the level-of-detail summaries (lod.ts), whatever the number of rows.

import { MAX_TILE_WIDTH, Tile, TileTrack } from '../../api/tile-format.js';
import type { Timeline } from './model.js';
import { LOD_FAN, LOD_SHIFT, Merge, firstStartAtOrAfter, lodOf, rowAtThroughLod } from './lod.js';
import { trackView } from './track-kinds.js';
import type { TrackView } from './track-view.js';

function emptyTrack(): TileTrack {
  return { n: 0, start: new Float64Array(0), end: new Float64Array(0), arg: new Float64Array(0), count: new Uint32Array(0), style: new Uint16Array(0) };
}

const merge = new Merge();

/**
 * The rectangles of one track for the window [origin + r0, origin + r1) at `width` pixels, in ns
 * since `origin` (a rectangle clipped by the window starts or ends exactly at r0 or r1).
 */
export function trackTile(tl: Timeline, v: TrackView, r0: number, r1: number, width: number, origin: number): TileTrack {
  const t0 = origin + r0;
  const t1 = origin + r1;
  const cap = Math.min(width, Math.max(0, v.hi - v.lo));
  const out: TileTrack = {
    n: 0,
    start: new Float64Array(cap),
    end: new Float64Array(cap),
    arg: new Float64Array(cap),
    count: new Uint32Array(cap),
    style: new Uint16Array(cap),
  };
  if (cap === 0 || !(t1 > t0)) return out;
  const px = (t1 - t0) / width;
  const levels = lodOf(tl, v);
  let j = Math.max(v.lo, rowAtThroughLod(v, levels, t0));
  // Rows from stopRow on start at or after t1.
  const stopRow = firstStartAtOrAfter(v, levels, j, t1);
  const dense = 2 << LOD_SHIFT;
  let prevPx = -1;
  let n = 0;
  while (j < stopRow) {
    const s0 = v.start(j);
    const st = v.style(j);
    if (st === 0) {
      j++;
      continue;
    }
    const e0 = v.end(j);
    if (e0 <= t0 || e0 <= s0) {
      j++;
      continue;
    }
    const s = s0 > t0 ? s0 : t0;
    let p = Math.floor((s - t0) / px);
    if (p <= prevPx) p = prevPx + 1;
    if (p >= width) break;
    const bound = p >= width - 1 ? t1 : t0 + (p + 1) * px;
    let k = firstStartAtOrAfter(v, levels, j + 1, bound);
    if (k === j + 1) {
      out.start[n] = s0 > t0 ? s0 - origin : r0;
      out.end[n] = e0 < t1 ? e0 - origin : r1;
      out.arg[n] = v.arg(j);
      out.count[n] = 1;
      out.style[n] = st;
    } else {
      // A busy pixel takes the rest of its last block of rows too (they start in the next
      // pixels): then groups stay block-aligned and are summed from the summaries alone.
      if (k - j >= dense && levels.length > 0) k = Math.min(stopRow, v.lo + ((k - v.lo + LOD_FAN - 1) & ~(LOD_FAN - 1)));
      merge.reset();
      merge.rows(v, levels, j, k);
      // Only the first and the last row can stick out of the window.
      if (s0 < t0) merge.clip(st, t0 - s0);
      const last = k - 1;
      const le = v.end(last);
      if (le > t1 && v.style(last) !== 0) merge.clip(v.style(last), le - t1);
      out.start[n] = s0 > t0 ? s0 - origin : r0;
      const next = k < v.hi ? v.start(k) - origin : r1;
      out.end[n] = Math.min(r1, next, out.start[n]! + merge.cov);
      out.arg[n] = merge.longest >= 0 ? v.arg(merge.longest) : 0;
      out.count[n] = merge.cnt;
      out.style[n] = merge.dominant();
    }
    n++;
    prevPx = p;
    j = k;
  }
  out.n = n;
  return out;
}

/**
 * The tile of tracks (ids as in TimelineTracks) for the window [t0, t1) in ns since the trace's
 * first event, at `width` pixels (1..MAX_TILE_WIDTH). Unknown tracks come back empty. Per track,
 * rectangles are sorted, disjoint, at most `width` (one per pixel their start falls in), and their
 * durations add up to the time the track's spans cover inside the window. Encode with encodeTile.
 */
export function timelineTile(tl: Timeline, tracks: string[], t0: number, t1: number, width: number): Tile {
  const w = width >= 1 ? Math.min(MAX_TILE_WIDTH, Math.floor(width)) : 1;
  const origin = tl.firstTime;
  const out: Tile = { t0, t1, width: w, tracks: [] };
  for (const id of tracks) {
    const v = trackView(tl, id);
    out.tracks.push(v === null ? emptyTrack() : trackTile(tl, v, t0, t1, w, origin));
  }
  return out;
}
