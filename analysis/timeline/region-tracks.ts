// User-region tracks ("r<goid>") and the user-task track ("tasks"): a goroutine's regions from
// the goroutine analysis and the tasks from analysis/tasks.ts, flattened so that at each instant
// the innermost open one is drawn (a track draws disjoint spans). The server registers them once
// it has summarizeGoroutines / userTasks. A span's details: its region or task name (and task
// id), and the goroutine of a region track. Listed: "tasks" among the other tracks, and a flag
// on each goroutine with regions.

import { formatTrackId } from '../../api/track-kinds.js';
import { regionBriefs, type GoroutineSummaries } from '../goroutine-summary.js';
import type { UserTasks } from '../tasks.js';
import type { SpanTrackData, TimelineRows } from './model.js';
import type { TrackSource } from './track-source.js';
import { SpanTrack } from './track-view.js';

/**
 * Flattens spans that may overlap into disjoint ones: at each instant the span begun last among
 * those open is drawn, with its style and arg.
 */
export function flattenSpans(s: Float64Array, e: Float64Array, code: Uint8Array, arg: Float64Array): SpanTrackData {
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
  for (const g of regionBriefs(summaries)) {
    const id = g.id;
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
  const n = tasks.size;
  const s = new Float64Array(n);
  const e = new Float64Array(n);
  const code = new Uint8Array(n);
  const arg = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    s[k] = tl.firstTime + tasks.startAt(k);
    e[k] = tl.firstTime + tasks.endAt(k);
    const type = tasks.typeAt(k);
    code[k] = tl.styles.named('task', type, type);
    arg[k] = tasks.idAt(k);
  }
  tl.taskTrack = flattenSpans(s, e, code, arg);
  tl.views.clear();
}

export const userRegionTracks: TrackSource = {
  view(tl, id, num) {
    const r = num === undefined ? undefined : tl.regionTracks.get(num);
    return r === undefined ? null : new SpanTrack(id, r.start, r.end, r.style, r.arg);
  },
  detail(tl, _v, _j, num, out, name) {
    out.label = tl.styles.styles[out.style]!.label;
    out.goroutine = { id: num!, name: name(num!) };
  },
  /** Flags the goroutines (listed before, by goroutine-tracks.ts) that have a region track. */
  list(tl, out, opts) {
    const g = out.goroutines;
    for (let k = 0; k < g.id.length; k++) g.regions[k] = (opts.hasRegions?.(g.id[k]!) ?? tl.regionTracks.has(g.id[k]!)) ? 1 : 0;
  },
};

export const userTaskTracks: TrackSource = {
  view(tl, id) {
    const t = tl.taskTrack;
    return t === null ? null : new SpanTrack(id, t.start, t.end, t.style, t.arg);
  },
  detail(tl, v, j, _num, out) {
    out.label = `${tl.styles.styles[out.style]!.label} (task ${v.arg(j)})`;
  },
  list(tl, out) {
    if (tl.taskTrack !== null && tl.taskTrack.start.length > 0) out.other.push({ track: formatTrackId({ kind: 'tasks' }), label: 'User tasks' });
  },
};
