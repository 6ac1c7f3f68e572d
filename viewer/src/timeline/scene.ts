// The timeline's geometry, apart from any drawing API: from the rows near the view and the cached
// tiles, row backgrounds (screen x), span and counter rectangles ("build pixels" relative to the
// window at build time) and label candidates, all at their layout ("world") y, written into
// RectSinks that either the WebGL mesh or the software rasterizer consume. A frame shifts the
// world by the current scroll, so scrolling within the rows built needs no rebuild.
import type { TimelineTracks } from '../../../api/types.js';
import { argText, trackKindOf } from '../../../api/track-kinds.js';
import type { Row } from './layout.js';
import type { RectSink } from './rect-batch.js';
import type { TileStore } from './tiles.js';
import type { Window } from './view.js';
import { counterColor, packColor } from './colors.js';

export const MAX_LABELS = 400;

export interface SceneLabel {
  t0: number;
  t1: number;
  /** Top of the text, world y. */
  y: number;
  text: string;
}

export interface Scene {
  /** The window the build pixels are relative to, and its pixels per ns. */
  base: Window;
  baseScale: number;
  /** The widest spans that can carry a label, at most MAX_LABELS. */
  labels: SceneLabel[];
}

const SECTION_BG = packColor('#e8ebef');
const GROUP_BG = packColor('#f3f4f6');
const LINE = packColor('#f0f0f0');

/**
 * Builds the rows' geometry for `view` at `width` pixels: backgrounds into `bg` (screen x, world
 * y), spans and counters into `rects` (build x, world y).
 */
export function buildScene(
  rows: Row[], view: Window, width: number, store: TileStore, colors: Uint32Array, tracks: TimelineTracks,
  bg: RectSink, rects: RectSink,
): Scene {
  const base = { ...view };
  const bs = width / (view.t1 - view.t0);
  const b0 = view.t0;
  bg.begin(rows.length);
  let total = 0;
  for (const r of rows) {
    const y = r.y;
    if (r.kind === 'section') bg.push(0, y, width, y + r.height, SECTION_BG);
    else if (r.kind === 'group') bg.push(0, y, width, y + r.height, GROUP_BG);
    else if ((r.depth & 1) === 0 || r.kind === 'counter') bg.push(0, y + r.height - 1, width, y + r.height, LINE);
    if (r.track) total += store.data.get(r.track)?.n ?? 0;
  }
  bg.end();
  rects.begin(total + 2 * counterRects(rows, store, b0, bs, null));
  counterRects(rows, store, b0, bs, rects);
  const labelCand: SceneLabel[] = [];
  const styleLabel = tracks.styles;
  for (const r of rows) {
    if (!r.track) continue;
    const d = store.data.get(r.track);
    if (!d) continue;
    const pad = r.height >= 16 ? 2 : 1;
    const y0 = r.y + pad;
    const y1 = r.y + r.height - pad;
    const { start, end, style, arg } = d;
    // What the rectangles' args name on this kind of track (api/track-kinds.ts).
    const kind = trackKindOf(r.track);
    // Adjacent rectangles of one colour (touching within half a pixel) become one.
    let runX0 = 0;
    let runX1 = -Infinity;
    let runC = 0;
    for (let i = 0; i < d.n; i++) {
      const s = start[i]!;
      const e = end[i]!;
      const c = colors[style[i]!] ?? 0xff999999;
      const x0 = (s - b0) * bs;
      const x1 = (e - b0) * bs;
      if (c === runC && x0 - runX1 < 0.5) runX1 = x1;
      else {
        if (runX1 > -Infinity) rects.push(runX0, y0, runX1, y1, runC);
        runX0 = x0;
        runX1 = x1;
        runC = c;
      }
      if (labelCand.length < 4 * MAX_LABELS && (e - s) * bs > 36 && r.height >= 14) {
        const text = argText(kind, arg[i]!) || (styleLabel[style[i]!]?.label ?? '');
        if (text) labelCand.push({ t0: s, t1: e, y: r.y + Math.max(0, (r.height - 12) / 2), text });
      }
    }
    if (runX1 > -Infinity) rects.push(runX0, y0, runX1, y1, runC);
  }
  rects.end();
  // Keep the widest spans.
  const labels = labelCand.length > MAX_LABELS ? labelCand.sort((a, b) => b.t1 - b.t0 - (a.t1 - a.t0)).slice(0, MAX_LABELS) : labelCand;
  return { base, baseScale: bs, labels };
}

/** Byte counters above this (1 PiB) are left out of a row's scale. */
const PLOT_CUTOFF = 2 ** 50;

/**
 * Counter rows as columns in the rectangle batch: stacked for counts, the first series filled and
 * the others as 2-pixel lines for bytes (heap alloc vs goal). With no sink, only counts them.
 */
function counterRects(rows: Row[], store: TileStore, b0: number, bs: number, rm: RectSink | null): number {
  const c = store.counters;
  if (!c) return 0;
  let n = 0;
  for (const r of rows) {
    if (r.kind !== 'counter') continue;
    const series = c.res.series.filter((s) => s.unit === r.unit && s.t.length);
    if (!series.length) continue;
    const cc = series.map((x, k) => packColor(counterColor(x.name, k)));
    const stacked = !/byte|procs/i.test(r.unit ?? '');
    const st = stacked ? stackSeries(series) : null;
    let max = 0;
    if (st) for (let i = 0; i < st.t.length; i++) max = Math.max(max, st.top[i]!);
    else {
      // A value past 1 PiB (a heap goal near 2^63 with GOGC=off) would flatten the others: the
      // scale leaves it out (as go tool trace's viewer does) and it is drawn clipped at the top.
      let big = 0;
      for (const s of series) for (const v of s.v) if (v > PLOT_CUTOFF) big = Math.max(big, v);
      else if (v > max) max = v;
      if (max <= 0) max = big;
    }
    if (max <= 0) continue;
    const h = r.height - 6;
    const yb = r.y + r.height - 2;
    if (!rm) {
      n += st ? st.t.length * series.length : series.reduce((m, s) => m + s.t.length, 0);
      continue;
    }
    if (st) {
      const m = series.length;
      for (let i = 0; i < st.t.length; i++) {
        const x0 = (st.t[i]! - b0) * bs;
        const x1 = ((i + 1 < st.t.length ? st.t[i + 1]! : c.t1) - b0) * bs;
        let acc = 0;
        for (let k = 0; k < m; k++) {
          const v = st.v[i * m + k]!;
          if (v > 0) rm.push(x0, yb - ((acc + v) / max) * h, x1, yb - (acc / max) * h, cc[k]!);
          acc += v;
        }
      }
    } else {
      series.forEach((s, k) => {
        for (let i = 0; i < s.t.length; i++) {
          const x0 = (s.t[i]! - b0) * bs;
          const x1 = ((i + 1 < s.t.length ? s.t[i + 1]! : c.t1) - b0) * bs;
          const y = yb - Math.min(1, s.v[i]! / max) * h;
          if (k === 0) rm.push(x0, y, x1, yb, cc[0]!);
          else rm.push(x0, y - 1, x1, y + 1, cc[k]!);
        }
      });
    }
  }
  return n;
}

interface Stacked {
  t: Float64Array;
  /** Values at each union time, series-major within a time: v[i * m + k]. */
  v: Float64Array;
  top: Float64Array;
}

const stackCache = new WeakMap<object, Stacked>();

/** Series with their own sample times, resampled on the union of their times (step functions). */
function stackSeries(series: { t: number[]; v: number[] }[]): Stacked {
  const key = series[0]!;
  const have = stackCache.get(key);
  if (have) return have;
  const all: number[] = [];
  for (const s of series) for (const t of s.t) all.push(t);
  const sorted = Float64Array.from(all).sort();
  let u = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i]!;
  const t = sorted.slice(0, u);
  const m = series.length;
  const v = new Float64Array(u * m);
  const top = new Float64Array(u);
  series.forEach((s, k) => {
    let j = -1;
    for (let i = 0; i < u; i++) {
      while (j + 1 < s.t.length && s.t[j + 1]! <= t[i]!) j++;
      const x = j >= 0 ? s.v[j]! : 0;
      v[i * m + k] = x;
      top[i]! += x;
    }
  });
  const out = { t, v, top };
  stackCache.set(key, out);
  return out;
}
