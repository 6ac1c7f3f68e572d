// The pixi.js timeline renderer, kept apart from data fetching and layout: it turns the visible
// rows and the cached tiles into one instanced rectangle batch, counter areas and a few labels,
// then pans/zooms every frame by transform only (no rebuild); rebuilds happen when data, rows or
// the vertical scroll change. Records its own per-frame CPU time.
import { Application, BitmapText, Container, Graphics } from 'pixi.js';
import type { TimelineTracks } from '../../../api/types.js';
import { RectMesh } from './rect-mesh.js';
import type { Row } from './layout.js';
import type { TileStore } from './tiles.js';
import type { Window } from './view.js';
import { counterColor, packColor } from './colors.js';

export interface Highlight {
  y: number;
  h: number;
  t0: number;
  t1: number;
}

export interface Arrow {
  fromY: number;
  fromT: number;
  toY: number;
  toT: number;
}

const MAX_LABELS = 400;

export class TimelineRenderer {
  readonly app = new Application();
  private world = new Container();
  /** Row backgrounds in screen x (plain-colour shader: pixi's batched Graphics shader is far slower in software GL). */
  private bg = new RectMesh(256);
  private rects = new RectMesh();
  private labels = new Container();
  private overlay = new Graphics();
  private labelPool: BitmapText[] = [];
  private labelSpans: { t0: number; t1: number; w: number }[] = [];
  private base: Window = { t0: 0, t1: 1 };
  private baseScale = 1;
  width = 1;
  height = 1;
  ready = false;
  /** CPU ms of the last frames (frame() calls), newest last. */
  readonly frameMs: number[] = [];
  rebuilds = 0;
  /** CPU ms of the last rebuilds. */
  readonly rebuildMs: number[] = [];

  async init(canvas: HTMLCanvasElement, width: number, height: number): Promise<void> {
    this.width = width;
    this.height = height;
    await this.app.init({
      canvas,
      width,
      height,
      preference: 'webgl',
      antialias: false,
      background: '#ffffff',
      resolution: window.devicePixelRatio || 1,
      autoDensity: true,
      autoStart: false,
      sharedTicker: false,
    });
    this.app.ticker?.stop();
    this.world.addChild(this.rects.mesh);
    this.app.stage.addChild(this.bg.mesh, this.world, this.labels, this.overlay);
    this.ready = true;
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.app.renderer.resize(width, height);
  }

  /**
   * Rebuilds geometry for the visible rows from the cached tiles, in build pixels relative to
   * `view` (the current window).
   */
  rebuild(rows: Row[], scrollY: number, view: Window, store: TileStore, colors: Uint32Array, tracks: TimelineTracks): void {
    this.rebuilds++;
    const started = performance.now();
    this.base = { ...view };
    this.baseScale = this.width / (view.t1 - view.t0);
    const bs = this.baseScale;
    const b0 = view.t0;
    // Row backgrounds (screen x, world y shifted by scroll).
    const bg = this.bg;
    bg.begin(rows.length);
    const sectionBg = packColor('#e8ebef');
    const groupBg = packColor('#f3f4f6');
    const line = packColor('#f0f0f0');
    let total = 0;
    for (const r of rows) {
      const y = r.y - scrollY;
      if (r.kind === 'section') bg.push(0, y, this.width, y + r.height, sectionBg);
      else if (r.kind === 'group') bg.push(0, y, this.width, y + r.height, groupBg);
      else if ((r.depth & 1) === 0 || r.kind === 'counter') bg.push(0, y + r.height - 1, this.width, y + r.height, line);
      if (r.track) total += store.data.get(r.track)?.n ?? 0;
    }
    bg.end();
    const rm = this.rects;
    rm.begin(total + 2 * this.counterRects(rows, store, false));
    this.counterRects(rows, store, true);
    const labelCand: { t0: number; t1: number; y: number; text: string }[] = [];
    const styleLabel = tracks.styles;
    for (const r of rows) {
      if (!r.track) continue;
      const d = store.data.get(r.track);
      if (!d) continue;
      const pad = r.height >= 16 ? 2 : 1;
      const y0 = r.y + pad;
      const y1 = r.y + r.height - pad;
      const { start, end, style, arg } = d;
      const isPM = r.track[0] === 'p' || r.track[0] === 'm';
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
          if (runX1 > -Infinity) rm.push(runX0, y0, runX1, y1, runC);
          runX0 = x0;
          runX1 = x1;
          runC = c;
        }
        if (labelCand.length < 4 * MAX_LABELS && (e - s) * bs > 36 && r.height >= 14) {
          const a = arg[i]!;
          const text = isPM ? (a ? `G${a}` : (styleLabel[style[i]!]?.label ?? '')) : r.track === 'tasks' && a ? `task ${a}` : (styleLabel[style[i]!]?.label ?? '');
          if (text) labelCand.push({ t0: s, t1: e, y: r.y + Math.max(0, (r.height - 12) / 2), text });
        }
      }
      if (runX1 > -Infinity) rm.push(runX0, y0, runX1, y1, runC);
    }
    rm.end();
    this.world.y = -scrollY;
    this.buildLabels(labelCand, scrollY);
    this.rebuildMs.push(performance.now() - started);
    if (this.rebuildMs.length > 5000) this.rebuildMs.splice(0, 1000);
  }

  /** Counter rows as columns in the rectangle batch: stacked for counts, the first series filled and the others as 2-pixel lines for bytes (heap alloc vs goal). */
  private counterRects(rows: Row[], store: TileStore, add: boolean): number {
    const c = store.counters;
    if (!c) return 0;
    const bs = this.baseScale;
    const b0 = this.base.t0;
    const rm = this.rects;
    let n = 0;
    for (const r of rows) {
      if (r.kind !== 'counter') continue;
      const series = c.res.series.filter((s) => s.unit === r.unit && s.t.length);
      if (!series.length) continue;
      const cc = series.map((x, k) => packColor(counterColor(x.name, k)));
      const stacked = !/byte|procs/i.test(r.unit ?? '');
      const st = stacked ? stackSeries(series, c.t1) : null;
      let max = 0;
      if (st) for (let i = 0; i < st.t.length; i++) max = Math.max(max, st.top[i]!);
      else for (const s of series) for (const v of s.v) if (v > max) max = v;
      if (max <= 0) continue;
      const h = r.height - 6;
      const yb = r.y + r.height - 2;
      if (!add) {
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
            const y = yb - (s.v[i]! / max) * h;
            if (k === 0) rm.push(x0, y, x1, yb, cc[0]!);
            else rm.push(x0, y - 1, x1, y + 1, cc[k]!);
          }
        });
      }
    }
    return n;
  }

  private buildLabels(cands: { t0: number; t1: number; y: number; text: string }[], scrollY: number): void {
    // Keep the widest spans.
    if (cands.length > MAX_LABELS) cands = cands.sort((a, b) => b.t1 - b.t0 - (a.t1 - a.t0)).slice(0, MAX_LABELS);
    while (this.labelPool.length < cands.length) {
      const t = new BitmapText({ text: '', style: { fontFamily: 'Arial', fontSize: 10, fill: 0x111111 } });
      this.labelPool.push(t);
      this.labels.addChild(t);
    }
    this.labelSpans = [];
    for (let i = 0; i < this.labelPool.length; i++) {
      const t = this.labelPool[i]!;
      const c = cands[i];
      if (!c) {
        t.visible = false;
        continue;
      }
      if (t.text !== c.text) t.text = c.text;
      t.y = c.y - scrollY;
      this.labelSpans.push({ t0: c.t0, t1: c.t1, w: t.width });
    }
  }

  /** Draws a frame of `view`: transforms only, labels placed, overlay redrawn. */
  frame(view: Window, sel: Window | null, hl: Highlight | null, arrow: Arrow | null, scrollY: number, band: { y: number; h: number } | null = null): void {
    if (!this.ready) return;
    const t = performance.now();
    const scale = this.width / (view.t1 - view.t0);
    const sx = scale / this.baseScale;
    this.world.x = (this.base.t0 - view.t0) * scale;
    this.world.scale.x = sx;
    this.rects.minWidth = 1 / sx;
    for (let i = 0; i < this.labelSpans.length; i++) {
      const s = this.labelSpans[i]!;
      const lab = this.labelPool[i]!;
      const x0 = Math.max(0, (s.t0 - view.t0) * scale);
      const x1 = Math.min(this.width, (s.t1 - view.t0) * scale);
      const fits = x1 - x0 > s.w + 6;
      lab.visible = fits;
      if (fits) lab.x = x0 + 3;
    }
    const o = this.overlay;
    o.clear();
    if (band) o.rect(0, band.y - scrollY, this.width, band.h).fill({ color: 0xfde68a, alpha: 0.35 });
    if (sel) {
      const x0 = (sel.t0 - view.t0) * scale;
      const x1 = (sel.t1 - view.t0) * scale;
      o.rect(x0, 0, Math.max(1, x1 - x0), this.height).fill({ color: 0x2563eb, alpha: 0.12 });
      o.rect(x0, 0, 1, this.height).fill(0x2563eb);
      o.rect(x1, 0, 1, this.height).fill(0x2563eb);
    }
    if (hl) {
      const x0 = (hl.t0 - view.t0) * scale;
      const x1 = Math.max(x0 + 2, (hl.t1 - view.t0) * scale);
      o.rect(x0 - 1, hl.y - scrollY - 1, x1 - x0 + 2, hl.h + 2).stroke({ color: 0x000000, width: 2 });
    }
    if (arrow) {
      const fx = (arrow.fromT - view.t0) * scale;
      const fy = arrow.fromY - scrollY;
      const tx = (arrow.toT - view.t0) * scale;
      const ty = arrow.toY - scrollY;
      o.moveTo(fx, fy).lineTo(tx, ty).stroke({ color: 0xd61f69, width: 2 });
      const ang = Math.atan2(ty - fy, tx - fx);
      o.poly([tx, ty, tx - 9 * Math.cos(ang - 0.4), ty - 9 * Math.sin(ang - 0.4), tx - 9 * Math.cos(ang + 0.4), ty - 9 * Math.sin(ang + 0.4)]).fill(0xd61f69);
      o.circle(fx, fy, 3).fill(0xd61f69);
    }
    this.app.render();
    this.frameMs.push(performance.now() - t);
    if (this.frameMs.length > 5000) this.frameMs.splice(0, 1000);
  }

  get rectCount(): number {
    return this.rects.count;
  }

  destroy(): void {
    if (this.ready) this.app.destroy(false, { children: true });
    this.ready = false;
  }
}

interface Stacked {
  t: Float64Array;
  /** Values at each union time, series-major within a time: v[i * m + k]. */
  v: Float64Array;
  top: Float64Array;
}

const stackCache = new WeakMap<object, Stacked>();

/** Series with their own sample times, resampled on the union of their times (step functions). */
function stackSeries(series: { t: number[]; v: number[] }[], _end: number): Stacked {
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
