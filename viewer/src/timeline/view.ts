// The visible time window and its arithmetic: zoom at a point, pan, clamp to the trace, and
// adaptive axis ticks (1-2-5 steps).

export interface Window {
  t0: number;
  t1: number;
}

export const MIN_SPAN_NS = 1000;

export function clampWindow(w: Window, duration: number): Window {
  let span = Math.max(MIN_SPAN_NS, Math.min(w.t1 - w.t0, duration * 1.2 || MIN_SPAN_NS));
  const pad = duration * 0.1;
  let t0 = w.t0;
  if (t0 < -pad) t0 = -pad;
  if (t0 + span > duration + pad) t0 = duration + pad - span;
  if (span > duration + 2 * pad) span = duration + 2 * pad;
  return { t0, t1: t0 + span };
}

/** Zooms by factor (< 1 zooms in) keeping time `at` under the same pixel. */
export function zoomAt(w: Window, at: number, factor: number): Window {
  return { t0: at - (at - w.t0) * factor, t1: at + (w.t1 - at) * factor };
}

export function pan(w: Window, dt: number): Window {
  return { t0: w.t0 + dt, t1: w.t1 + dt };
}

/** Tick step (ns) so that ticks are at least minPx apart. */
export function tickStep(w: Window, widthPx: number, minPx = 90): number {
  const nsPerPx = (w.t1 - w.t0) / Math.max(1, widthPx);
  const raw = nsPerPx * minPx;
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** Tick label: time since trace start in the unit of the window's magnitude, with enough decimals for the step. */
export function tickLabel(t: number, step: number, magnitude: number): string {
  const m = Math.max(Math.abs(magnitude), step);
  const [d, u] = m >= 1e9 ? [1e9, 's'] : m >= 1e6 ? [1e6, 'ms'] : m >= 1e3 ? [1e3, 'µs'] : [1, 'ns'];
  const decimals = Math.max(0, Math.min(9, Math.ceil(Math.log10(d / step) - 1e-9)));
  return `${(t / d).toFixed(decimals)} ${u}`;
}
