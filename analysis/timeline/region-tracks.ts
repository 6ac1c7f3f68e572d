// User-region tracks ("r<goid>") and the user-task track ("tasks"): a goroutine's regions from
// the goroutine analysis and the tasks from analysis/tasks.ts, flattened so that at each instant
// the innermost open one is drawn (a track draws disjoint spans). The server registers them once
// it has summarizeGoroutines / userTasks.

import type { GoroutineSummaries } from '../goroutine-summary.js';
import type { TimelineRows } from './build.js';
import type { UserTasks } from '../tasks.js';

export interface RegionTrackData {
  start: Float64Array;
  end: Float64Array;
  style: Uint8Array;
  /** The task id (region tracks: the region's task, 0 if none). */
  arg: Float64Array;
}

/**
 * Flattens spans that may overlap into disjoint ones: at each instant the span begun last among
 * those open is drawn, with its style and arg.
 */
export function flattenSpans(s: Float64Array, e: Float64Array, code: Uint8Array, arg: Float64Array): RegionTrackData {
  const n = s.length;
  // Boundaries in time order (ends first at a tie), then the innermost open span per stretch.
  const ev = Array.from({ length: 2 * n }, (_, q) => q);
  const at = (q: number): number => (q & 1 ? e[q >> 1]! : s[q >> 1]!);
  ev.sort((a, b) => at(a) - at(b) || (b & 1) - (a & 1) || (a >> 1) - (b >> 1));
  const open: number[] = [];
  const outS: number[] = [];
  const outE: number[] = [];
  const outK: number[] = [];
  for (let q = 0; q < ev.length; ) {
    const t = at(ev[q]!);
    for (; q < ev.length && at(ev[q]!) === t; q++) {
      const k = ev[q]! >> 1;
      if (ev[q]! & 1) {
        const p = open.lastIndexOf(k);
        if (p >= 0) open.splice(p, 1);
      } else open.push(k);
    }
    const last = outS.length - 1;
    if (last >= 0 && outE[last] === Infinity) outE[last] = t;
    if (open.length === 0 || q >= ev.length) continue;
    const k = open[open.length - 1]!;
    if (last >= 0 && outE[last] === t && code[outK[last]!] === code[k] && arg[outK[last]!] === arg[k]) outE[last] = Infinity;
    else {
      outS.push(t);
      outE.push(Infinity);
      outK.push(k);
    }
  }
  const keep = outS.map((_, q) => q).filter((q) => outE[q]! > outS[q]!);
  return {
    start: Float64Array.from(keep, (q) => outS[q]!),
    end: Float64Array.from(keep, (q) => outE[q]!),
    style: Uint8Array.from(keep, (q) => code[outK[q]!]!),
    arg: Float64Array.from(keep, (q) => arg[outK[q]!]!),
  };
}

/** Adds an "r<id>" track for every goroutine with user regions. */
export function addRegionTracks(tl: TimelineRows, summaries: GoroutineSummaries): void {
  for (const [id, g] of summaries.goroutines) {
    if (g.regions.length === 0) continue;
    const n = g.regions.length;
    const s = new Float64Array(n);
    const e = new Float64Array(n);
    const code = new Uint8Array(n);
    const arg = new Float64Array(n);
    g.regions.forEach((r, k) => {
      s[k] = r.start?.time ?? tl.firstTime;
      e[k] = r.end?.time ?? tl.lastTime;
      code[k] = tl.styles.named('region', r.name, r.name === '' ? '(inherited region)' : r.name);
      arg[k] = r.taskId;
    });
    tl.regionTracks.set(id, flattenSpans(s, e, code, arg));
  }
  tl.views.clear();
}

/** Adds the "tasks" track: user tasks (their arg: the task id), the innermost open one drawn. */
export function addTaskTrack(tl: TimelineRows, tasks: UserTasks): void {
  const all = [...tasks.tasks.values()];
  const s = Float64Array.from(all, (t) => tl.firstTime + t.start);
  const e = Float64Array.from(all, (t) => tl.firstTime + t.end);
  const code = Uint8Array.from(all, (t) => tl.styles.named('task', t.type, t.type));
  const arg = Float64Array.from(all, (t) => t.id);
  tl.taskTrack = flattenSpans(s, e, code, arg);
  tl.views.clear();
}
