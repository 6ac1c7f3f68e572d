// The time axis above the tracks (a 2D canvas): adaptive 1-2-5 ticks labelled in the step's
// unit, the selection's edges and length.
import { tickLabel, tickStep, type Window } from './view.js';
import { dur } from '../lib/format.js';

export function drawAxis(canvas: HTMLCanvasElement, view: Window, sel: Window | null, duration: number): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#f8f9fa';
  ctx.fillRect(0, 0, w, h);
  const scale = w / (view.t1 - view.t0);
  // Outside the trace.
  ctx.fillStyle = '#e5e7eb';
  if (view.t0 < 0) ctx.fillRect(0, 0, -view.t0 * scale, h);
  if (view.t1 > duration) ctx.fillRect((duration - view.t0) * scale, 0, w, h);
  const step = tickStep(view, w);
  ctx.strokeStyle = '#9ca3af';
  ctx.fillStyle = '#374151';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.beginPath();
  for (let t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
    const x = Math.round((t - view.t0) * scale) + 0.5;
    ctx.moveTo(x, h - 8);
    ctx.lineTo(x, h);
    ctx.fillText(tickLabel(t, step, view.t1), x + 3, 4);
  }
  ctx.stroke();
  if (sel) {
    const x0 = (sel.t0 - view.t0) * scale;
    const x1 = (sel.t1 - view.t0) * scale;
    ctx.fillStyle = 'rgba(37, 99, 235, 0.25)';
    ctx.fillRect(x0, 0, x1 - x0, h);
    ctx.fillStyle = '#1e3a8a';
    const label = dur(sel.t1 - sel.t0);
    ctx.fillText(label, Math.max(2, (x0 + x1) / 2 - ctx.measureText(label).width / 2), h - 14);
  }
  ctx.fillStyle = '#d1d5db';
  ctx.fillRect(0, h - 1, w, 1);
}
