// The critical path of a goroutine over [t0, t1): walking back from t1, the time is the
// goroutine's own while it runs or is in a syscall; when it was waiting, the path follows the
// goroutine whose event made it runnable (from then on walking back on that one), and the time
// between becoming runnable and running is its scheduler latency. A wait ended by no goroutine
// (a timer, the network poller, the scheduler) stays the goroutine's own, with its wait reason.
// The segments tile [t0, t1) exactly. Reads the state histories of go-history.ts.

import { GoState } from '../parser/events.js';
import type { EventStore } from '../parser/events.js';
import type { CriticalPathJson, PathBreakdownResponse, PathGoroutine, PathPart, PathSegment, PathState } from '../api/critical-path-format.js';
import type { GoHistory } from './go-history.js';

/** A segment before its stack is spelled out: stack and reason are ids in the store's tables. */
export interface RawSegment {
  goid: number;
  state: PathState;
  reason: number;
  start: number;
  end: number;
  stack: number;
}

const STATE_OF: Record<number, PathState> = {
  [GoState.Running]: 'running',
  [GoState.Runnable]: 'runnable',
  [GoState.Waiting]: 'waiting',
  [GoState.Syscall]: 'syscall',
};

/**
 * The path's segments in time order. endStack is the stack at t1 of goroutine goid when known
 * (a TaskEnd's): it names where its last running stretch ran to.
 */
export function criticalPathSegments(h: GoHistory, goid: number, t0: number, t1: number, endStack = 0): RawSegment[] {
  const out: RawSegment[] = [];
  const push = (g: number, state: PathState, reason: number, start: number, end: number, stack: number): void => {
    if (end <= start) return;
    const last = out[out.length - 1];
    // Walking back: a segment continuing the previous one (same goroutine, state, reason, stack) joins it.
    if (last !== undefined && last.goid === g && last.state === state && last.reason === reason && last.stack === stack && last.start === end) {
      last.start = start;
      return;
    }
    out.push({ goid: g, state, reason, start, end, stack });
  };
  let g = goid;
  let t = t1;
  let hint = endStack;
  // Each step adds a segment ending at t and moves t back to its start (strictly earlier), then
  // may hand over to the goroutine that caused the change at that time: t only decreases.
  while (t > t0) {
    const tr = h.goroutines.get(g);
    const k = tr === undefined ? -1 : tr.before(t);
    if (tr === undefined || k < 0) {
      // Before its first change: first seen in that state (it has been so since before), or not created yet.
      const state = tr !== undefined && tr.from[0] === GoState.Undetermined ? (STATE_OF[tr.state[0]!] ?? 'waiting') : 'waiting';
      push(g, state, tr === undefined ? 0 : tr.reason[0]!, t0, t, tr === undefined ? 0 : tr.stack[0]!);
      break;
    }
    const begin = tr.time[k]!;
    const s = begin > t0 ? begin : t0;
    const st = tr.state[k]!;
    switch (st) {
      case GoState.Running: {
        // Where it ran to: its own next change's stack if that is at t, else what handed over at t.
        const next = k + 1 < tr.n && tr.time[k + 1] === t && tr.by[k + 1] === g ? tr.stack[k + 1]! : 0;
        push(g, 'running', 0, s, t, next !== 0 ? next : hint);
        break;
      }
      case GoState.Syscall:
        push(g, 'syscall', 0, s, t, tr.stack[k]!);
        break;
      case GoState.Waiting:
        // Still waiting at t: nothing has ended this wait yet, so it is the goroutine's own.
        push(g, 'waiting', tr.reason[k]!, s, t, tr.stack[k]!);
        break;
      case GoState.Runnable:
        push(g, 'runnable', 0, s, t, resumeStack(tr, k));
        break;
      default:
        // Not existing (exited): nothing to follow.
        push(g, 'waiting', 0, s, t, 0);
        break;
    }
    hint = 0;
    t = s;
    if (st === GoState.Runnable && begin > t0) {
      const from = tr.from[k]!;
      const by = tr.by[k]!;
      if ((from === GoState.Waiting || from === GoState.NotExist) && by >= 0 && by !== g) {
        // Made runnable (unblocked or created) by another goroutine: the path goes on there.
        hint = tr.byStack[k]!;
        g = by;
      }
    }
  }
  return out.reverse();
}

/** The goroutine's own stack where it resumes after the runnable interval k (its last block, stop or syscall). */
function resumeStack(tr: { stack: Int32Array; by: Int32Array; from: Uint8Array; id: number }, k: number): number {
  for (let j = k; j >= 0 && j > k - 4; j--) {
    // Its own events' stacks, or for a new goroutine the stack it starts with.
    if (tr.stack[j] !== 0 && (tr.by[j] === tr.id || tr.from[j] === GoState.NotExist)) return tr.stack[j]!;
  }
  return 0;
}

/** A stack as "func file:line" strings, leaf first. */
export function stackLines(store: EventStore, stack: number, max = 32): string[] {
  if (stack <= 0 || stack >= store.stackStart.length) return [];
  const out: string[] = [];
  const start = store.stackStart[stack]!;
  const end = Math.min(store.stackEnd[stack]!, start + max);
  for (let k = start; k < end; k++) {
    const f = store.stackFrameIds[k]!;
    out.push(`${store.strings[store.frameFunc[f]!]} ${store.strings[store.frameFile[f]!]}:${store.frameLine[f]}`);
  }
  return out;
}

/** A goroutine's start function ("" when unknown). */
export function goroutineName(h: GoHistory, goid: number): string {
  const tr = h.goroutines.get(goid);
  return tr === undefined ? '' : h.store.strings[tr.name]!;
}

/** The path as JSON (-d=critical-path, /api/critical-path). */
export function criticalPathJson(h: GoHistory, goid: number, t0: number, t1: number, endStack = 0): CriticalPathJson {
  const raw = criticalPathSegments(h, goid, t0, t1, endStack);
  const store = h.store;
  const segments: PathSegment[] = raw.map((r) => ({
    goid: r.goid,
    state: r.state,
    reason: store.strings[r.reason] ?? '',
    startNs: r.start,
    endNs: r.end,
    stack: stackLines(store, r.stack),
  }));
  const by = new Map<number, PathGoroutine>();
  for (const r of raw) {
    let row = by.get(r.goid);
    if (row === undefined) by.set(r.goid, (row = { goid: r.goid, name: goroutineName(h, r.goid), running: 0, runnable: 0, waiting: 0, syscall: 0 }));
    row[r.state] += r.end - r.start;
  }
  const total = (x: PathGoroutine): number => x.running + x.runnable + x.waiting + x.syscall;
  const byGoroutine = [...by.values()].sort((a, b) => total(b) - total(a) || a.goid - b.goid);
  return { goid, startNs: t0, endNs: t1, segments, byGoroutine };
}

/** Thrown for a path that cannot be asked for (unknown task or goroutine, empty window). */
export class PathError extends Error {}

/** The critical path of a task: from its begin to its end, of the goroutine that ended it. */
export function taskCriticalPath(h: GoHistory, taskId: number): CriticalPathJson {
  const task = h.tasks.get(taskId);
  if (task === undefined) throw new PathError(`no task ${taskId} in the trace`);
  if (task.end === null || task.endGoroutine < 0) throw new PathError(`task ${taskId} has not ended in the trace`);
  return criticalPathJson(h, task.endGoroutine, task.begin ?? h.firstTime, task.end, task.endStack);
}

/**
 * The critical path of a goroutine over [t0, t1) (absolute times); without them, over its life
 * in the trace: from its first change (or the trace's start) to its end (or the trace's end).
 */
export function goroutineCriticalPath(h: GoHistory, goid: number, window?: { start: number; end: number }): CriticalPathJson {
  const tr = h.goroutines.get(goid);
  if (tr === undefined) throw new PathError(`no goroutine ${goid} in the trace`);
  let t0: number;
  let t1: number;
  if (window !== undefined) {
    t0 = Math.max(h.firstTime, window.start);
    t1 = Math.min(h.lastTime, window.end);
  } else {
    t0 = tr.from[0] === GoState.NotExist ? tr.time[0]! : h.firstTime;
    const last = tr.n - 1;
    t1 = tr.state[last] === GoState.NotExist ? tr.time[last]! : h.lastTime;
  }
  if (t1 <= t0) throw new PathError(`empty window for goroutine ${goid}`);
  return criticalPathJson(h, goid, t0, t1);
}

/** Per task type, the ended tasks' critical paths summed by goroutine start function, state and reason. */
export function taskPathBreakdown(h: GoHistory): PathBreakdownResponse {
  const types = new Map<string, { tasks: number; totalNs: number; parts: Map<string, PathPart> }>();
  for (const task of h.tasks.values()) {
    if (task.begin === null || task.end === null || task.endGoroutine < 0) continue;
    let ty = types.get(task.type);
    if (ty === undefined) types.set(task.type, (ty = { tasks: 0, totalNs: 0, parts: new Map() }));
    ty.tasks++;
    ty.totalNs += task.end - task.begin;
    for (const r of criticalPathSegments(h, task.endGoroutine, task.begin, task.end, task.endStack)) {
      const name = goroutineName(h, r.goid);
      const reason = h.store.strings[r.reason] ?? '';
      const key = `${name}\x00${r.state}\x00${reason}`;
      let part = ty.parts.get(key);
      if (part === undefined) ty.parts.set(key, (part = { name, state: r.state, reason, ns: 0 }));
      part.ns += r.end - r.start;
    }
  }
  return {
    types: [...types.entries()]
      .map(([type, t]) => ({ type, tasks: t.tasks, totalNs: t.totalNs, parts: [...t.parts.values()].sort((a, b) => b.ns - a.ns) }))
      .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
  };
}
