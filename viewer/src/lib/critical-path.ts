// The critical path in the viewer: the timeline's path= parameter (which path to draw), the API
// parameters it stands for, the colours of the path's states, and the stacked bar's pieces.
// No DOM: tested in Node.

import type { CriticalPathJson, PathState } from '../../../api/critical-path-format.js';

/** What a path is of: a task, or a goroutine over its life or a window (ns since the trace start). */
export type PathSubject = { task: number } | { goid: number; startNs?: number; endNs?: number };

/** The timeline's path= value of a subject: "task:12", "g:7", "g:7:1000:2000". */
export function pathParam(s: PathSubject): string {
  if ('task' in s) return `task:${s.task}`;
  return s.startNs !== undefined && s.endNs !== undefined ? `g:${s.goid}:${Math.round(s.startNs)}:${Math.round(s.endNs)}` : `g:${s.goid}`;
}

/** The subject of a path= value (null: malformed). */
export function parsePathParam(v: string): PathSubject | null {
  let m = /^task:(\d+)$/.exec(v);
  if (m) return { task: Number(m[1]) };
  m = /^g:(\d+)(?::(\d+):(\d+))?$/.exec(v);
  if (!m) return null;
  if (m[2] === undefined) return { goid: Number(m[1]) };
  return { goid: Number(m[1]), startNs: Number(m[2]), endNs: Number(m[3]) };
}

/** The /api/critical-path query of a subject. */
export function pathQuery(s: PathSubject): Record<string, number> {
  return 'task' in s ? { task: s.task } : { goid: s.goid, ...(s.startNs !== undefined && s.endNs !== undefined ? { startNs: s.startNs, endNs: s.endNs } : {}) };
}

export const STATE_COLORS: Record<PathState, string> = {
  running: '#16a34a',
  runnable: '#eab308',
  waiting: '#94a3b8',
  syscall: '#7c3aed',
};

/** A CSS colour as a packed 0xRRGGBB (for the timeline's overlay). */
export function packedColor(css: string): number {
  return Number.parseInt(css.slice(1), 16);
}

/** One piece of the stacked bar: a goroutine's time in one state, as a fraction of the path. */
export interface BarPiece {
  goid: number;
  name: string;
  state: PathState;
  ns: number;
  fraction: number;
}

/** The stacked bar: goroutines by their time on the path, each split by state (running first). */
export function barPieces(p: CriticalPathJson): BarPiece[] {
  const total = Math.max(1, p.endNs - p.startNs);
  const out: BarPiece[] = [];
  for (const g of p.byGoroutine) {
    for (const state of ['running', 'syscall', 'runnable', 'waiting'] as const) {
      const ns = g[state];
      if (ns > 0) out.push({ goid: g.goid, name: g.name, state, ns, fraction: ns / total });
    }
  }
  return out;
}

/** The hand-overs: where the path moves from one goroutine to another (its time and the two goroutines). */
export function handOvers(p: CriticalPathJson): { at: number; from: number; to: number }[] {
  const out: { at: number; from: number; to: number }[] = [];
  for (let k = 1; k < p.segments.length; k++) {
    const a = p.segments[k - 1]!;
    const b = p.segments[k]!;
    if (a.goid !== b.goid) out.push({ at: b.startNs, from: a.goid, to: b.goid });
  }
  return out;
}
