// What goes over the spans each frame, as plain shapes in screen pixels for either backend to draw:
// the focused goroutine's band, the selection (tint and edges), the selected span's outline and the
// arrow from its unblocker.
import type { Window } from './view.js';

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

/** A critical path over the rows: its segments (at their rows' layout y) and its hand-overs. */
export interface PathMarks {
  spans: (Highlight & { color: number })[];
  arrows: Arrow[];
}

/** CPU sample ticks: per shown goroutine row, its samples' times (ascending). */
export interface SampleTicks {
  rows: { y: number; h: number; times: Float64Array }[];
}

export type Shape =
  | { kind: 'fill'; x: number; y: number; w: number; h: number; color: number; alpha: number }
  | { kind: 'stroke'; x: number; y: number; w: number; h: number; color: number; width: number }
  | { kind: 'line'; x0: number; y0: number; x1: number; y1: number; color: number; width: number }
  | { kind: 'poly'; points: number[]; color: number }
  | { kind: 'circle'; x: number; y: number; r: number; color: number };

export interface OverlayInput {
  view: Window;
  width: number;
  height: number;
  scrollY: number;
  sel: Window | null;
  hl: Highlight | null;
  arrow: Arrow | null;
  band: { y: number; h: number } | null;
  path?: PathMarks | null;
  ticks?: SampleTicks | null;
}

export function overlayShapes(o: OverlayInput): Shape[] {
  const { view, width, height, scrollY, sel, hl, arrow, band, path, ticks } = o;
  const scale = width / (view.t1 - view.t0);
  const out: Shape[] = [];
  if (ticks) tickShapes(out, ticks, view, scale, scrollY, height);
  if (band) out.push({ kind: 'fill', x: 0, y: band.y - scrollY, w: width, h: band.h, color: 0xfde68a, alpha: 0.35 });
  if (path) {
    for (const s of path.spans) {
      const x0 = (s.t0 - view.t0) * scale;
      const x1 = (s.t1 - view.t0) * scale;
      if (x1 < 0 || x0 > width || s.y - scrollY + s.h < 0 || s.y - scrollY > height) continue;
      out.push({ kind: 'fill', x: x0, y: s.y - scrollY, w: Math.max(1, x1 - x0), h: s.h, color: s.color, alpha: 0.45 });
      out.push({ kind: 'fill', x: x0, y: s.y - scrollY + s.h - 3, w: Math.max(1, x1 - x0), h: 3, color: 0xea580c, alpha: 1 });
    }
    for (const a of path.arrows) arrowShapes(out, a, view, scale, scrollY, 0xea580c);
  }
  if (sel) {
    const x0 = (sel.t0 - view.t0) * scale;
    const x1 = (sel.t1 - view.t0) * scale;
    out.push({ kind: 'fill', x: x0, y: 0, w: Math.max(1, x1 - x0), h: height, color: 0x2563eb, alpha: 0.12 });
    out.push({ kind: 'fill', x: x0, y: 0, w: 1, h: height, color: 0x2563eb, alpha: 1 });
    out.push({ kind: 'fill', x: x1, y: 0, w: 1, h: height, color: 0x2563eb, alpha: 1 });
  }
  if (hl) {
    const x0 = (hl.t0 - view.t0) * scale;
    const x1 = Math.max(x0 + 2, (hl.t1 - view.t0) * scale);
    out.push({ kind: 'stroke', x: x0 - 1, y: hl.y - scrollY - 1, w: x1 - x0 + 2, h: hl.h + 2, color: 0x000000, width: 2 });
  }
  if (arrow) arrowShapes(out, arrow, view, scale, scrollY, 0xd61f69);
  return out;
}

/** A short tick at the bottom of a goroutine's row per CPU sample in view (one per pixel at most). */
function tickShapes(out: Shape[], ticks: SampleTicks, view: Window, scale: number, scrollY: number, height: number): void {
  for (const r of ticks.rows) {
    const y = r.y - scrollY;
    if (y + r.h < 0 || y > height) continue;
    const ts = r.times;
    let lo = 0;
    let hi = ts.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (ts[m]! < view.t0) lo = m + 1;
      else hi = m;
    }
    let lastX = -2;
    for (let k = lo; k < ts.length && ts[k]! <= view.t1; k++) {
      const x = Math.round((ts[k]! - view.t0) * scale);
      if (x === lastX) continue;
      lastX = x;
      out.push({ kind: 'fill', x, y: y + r.h - 4, w: 1, h: 4, color: 0x111827, alpha: 0.8 });
    }
  }
}

/** An arrow from (fromT, fromY) to (toT, toY): a line, a head, a dot at its tail. */
function arrowShapes(out: Shape[], arrow: Arrow, view: Window, scale: number, scrollY: number, color: number): void {
  const fx = (arrow.fromT - view.t0) * scale;
  const fy = arrow.fromY - scrollY;
  const tx = (arrow.toT - view.t0) * scale;
  const ty = arrow.toY - scrollY;
  out.push({ kind: 'line', x0: fx, y0: fy, x1: tx, y1: ty, color, width: 2 });
  const ang = Math.atan2(ty - fy, tx - fx);
  const head = [tx, ty, tx - 9 * Math.cos(ang - 0.4), ty - 9 * Math.sin(ang - 0.4), tx - 9 * Math.cos(ang + 0.4), ty - 9 * Math.sin(ang + 0.4)];
  out.push({ kind: 'poly', points: head, color });
  out.push({ kind: 'circle', x: fx, y: fy, r: 3, color });
}
