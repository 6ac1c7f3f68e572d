// How pprof draws its call graph (graph/dotgraph.go's rules, rewritten): node font size grows
// with the square root of the node's share of the largest flat value, node and edge colours go
// from grey through red as the share of the total grows (green for negative values in a
// difference), edges thicken with their share of the total. And how values print.
import { count, dur } from '../format.js';
import { quoteMeta } from './go-regexp.js';

/** pprof's colour for a share of the total in [-1, 1]: edges and borders (fg) or fills (bg). */
export function dotColor(score: number, background: boolean): string {
  const shift = 0.7;
  let saturation = background ? 0.1 : 1.0;
  const value = background ? 0.93 : 0.7;
  score = Math.max(-1, Math.min(1, Number.isFinite(score) ? score : 0));
  if (Math.abs(score) < 0.2) saturation *= Math.abs(score) / 0.2;
  if (score > 0) score = Math.pow(score, 1 - shift);
  if (score < 0) score = -Math.pow(-score, 1 - shift);
  let r: number;
  let g: number;
  if (score < 0) {
    g = value;
    r = value * (1 + saturation * score);
  } else {
    r = value;
    g = value * (1 - saturation * score);
  }
  const b = value * (1 - saturation);
  const hex = (x: number) => Math.trunc(x * 255).toString(16).padStart(2, '0');
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

/** Font size of a node's label: 8, plus up to 16 with the square root of |flat| / max |flat|. */
export function nodeFontSize(flat: number, maxFlat: number): number {
  if (maxFlat === 0 || flat === 0 || Math.abs(flat) > maxFlat) return 8;
  return 8 + Math.ceil(16 * Math.sqrt(Math.abs(flat) / maxFlat));
}

/** Edge pen width: 1 to 6 with the weight's share of the total. */
export function edgeWidth(weight: number, total: number): number {
  if (total === 0) return 1;
  return 1 + Math.min(Math.abs(Math.trunc((weight * 5) / total)), 5);
}

/** A value in its sample type's unit ("12.3 ms", "1,204"); signed (+/−) for differences. */
export function formatValue(v: number, unit: string, signed = false): string {
  const s = unit === 'nanoseconds' ? dur(v) : count(v);
  return signed && v > 0 ? `+${s}` : s;
}

/** pprof's percentage ("25.62%", two significant digits under 1%: "0.0015%"), signed for differences. */
export function percentage(v: number, total: number): string {
  if (total === 0) return v === 0 ? '0%' : 'inf';
  const r = (v / Math.abs(total)) * 100;
  const a = Math.abs(r);
  if (a >= 99.95 && a <= 100.05) return `${r < 0 ? '-' : ''}100%`;
  if (a >= 1) return `${r.toFixed(2)}%`;
  return `${Number(r.toPrecision(2))}%`;
}

/** A regular expression matching exactly this function name (what clicking a node focuses on). */
export function exactName(name: string): string {
  return `^${quoteMeta(name)}$`;
}
