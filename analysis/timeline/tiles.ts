// Timeline tiles: for each requested track, the rectangles of a time window at a pixel width.
// Rows are grouped by the pixel their (window-clipped) start falls in; a pixel holding one row
// gives that row, a pixel holding several gives one rectangle [first start, first start +
// covered time) — so the time covered in the window is kept exactly, gaps between the merged rows
// (less than a pixel) are taken off its end — with count = rows merged, the style covering the
// most time and, on P/M tracks, the goroutine of the longest row. Cost: O(rectangles × log) per
// track through the level-of-detail summaries (lod.ts), whatever the number of rows.

import { MAX_TILE_WIDTH, Tile, TileTrack } from '../../api/tile-format.js';
import type { Timeline } from './build.js';
import { Merge, lodOf } from './lod.js';
import { TrackView, trackView } from './track-view.js';

function emptyTrack(): TileTrack {
  return { n: 0, start: new Float64Array(0), end: new Float64Array(0), arg: new Float64Array(0), count: new Uint32Array(0), style: new Uint16Array(0) };
}

const merge = new Merge();

/** The rectangles of one track for the absolute window [t0, t1) at `width` pixels, in ns since `origin`. */
export function trackTile(tl: Timeline, v: TrackView, t0: number, t1: number, width: number, origin: number): TileTrack {
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
  let j = Math.max(v.lo, v.rowAt(t0));
  let prevPx = -1;
  let n = 0;
  while (j < v.hi) {
    const s0 = v.start(j);
    if (s0 >= t1) break;
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
    const k = v.firstStartAtOrAfter(j + 1, bound);
    if (k === j + 1) {
      out.start[n] = s - origin;
      out.end[n] = (e0 < t1 ? e0 : t1) - origin;
      out.arg[n] = v.arg(j);
      out.count[n] = 1;
      out.style[n] = st;
    } else {
      merge.reset();
      // The first and last rows one by one (they may be clipped by the window), the rest by blocks.
      merge.row(j, st, (e0 < t1 ? e0 : t1) - s);
      const last = k - 1;
      if (last > j + 1) merge.rows(v, levels, j + 1, last);
      const ls = v.start(last);
      const le = v.end(last);
      merge.row(last, v.style(last), (le < t1 ? le : t1) - ls);
      out.start[n] = s - origin;
      out.end[n] = s + merge.cov - origin;
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
  const w = Math.max(1, Math.min(MAX_TILE_WIDTH, Math.floor(width)));
  const origin = tl.firstTime;
  const out: Tile = { t0, t1, width: w, tracks: [] };
  for (const id of tracks) {
    const v = trackView(tl, id);
    out.tracks.push(v === null ? emptyTrack() : trackTile(tl, v, origin + t0, origin + t1, w, origin));
  }
  return out;
}
