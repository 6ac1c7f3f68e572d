// A view focused on a user task (focustask= or taskid=): the task and its descendants as rows of
// the TASKS section (a slice from begin to end, an arrow from the parent at its begin), the
// window narrowed to the task's span, and, in the goroutine view, the tasks' regions as async
// slices on their goroutines' rows.

import type { TaskEventRef, TaskLookup, TaskRecord, TaskRegion } from '../task-pass.js';
import type { Emitter } from './emitter.js';
import { u64 } from './json-text.js';
import { NONE } from './goroutine-state.js';

export interface TaskFocus {
  /** The task and its descendants, by start time (then end time). */
  tasks: TaskRecord[];
  /** The window, ns since the trace start. */
  startTime: number;
  endTime: number;
}

/**
 * The task and every descendant, parent before children (go tool trace's Descendents order). A
 * task met again (a made-up trace can make parents a cycle) is not followed again.
 */
function descendants(all: TaskLookup, t: TaskRecord, out: TaskRecord[], seen: Set<number>): void {
  seen.add(t.id);
  out.push(t);
  for (const id of t.children) {
    if (seen.has(id)) continue;
    const c = all.get(id);
    if (c !== undefined) descendants(all, c, out, seen);
  }
}

/** The focus on task t; traceStart/traceEnd are the trace's first and last event times. */
export function taskFocus(all: TaskLookup, t: TaskRecord, traceStart: number, traceEnd: number): TaskFocus {
  const tasks: TaskRecord[] = [];
  descendants(all, t, tasks, new Set());
  // Stable sort by start (the trace start when it began before), ties by end (the trace end when open).
  const startOf = (x: TaskRecord): number => (x.begin !== null ? x.begin.time : traceStart);
  const endOf = (x: TaskRecord): number => (x.end !== null ? x.end.time : traceEnd);
  tasks.sort((a, b) => {
    if (a.begin !== b.begin) return startOf(a) - startOf(b);
    return endOf(a) - endOf(b);
  });
  return {
    tasks,
    startTime: t.begin !== null ? t.begin.time - traceStart : 0,
    endTime: t.end !== null ? t.end.time - traceStart : traceEnd - traceStart,
  };
}

/** taskid= picks the goroutine to orient the view around: the task's begin, else its earliest log or end. */
export function taskFirstGoroutine(t: TaskRecord): number {
  let first: TaskEventRef | null = t.begin;
  if (first === null) {
    for (const l of t.logs) if (first === null || l.time < first.time) first = l;
    if (t.end !== null && (first === null || t.end.time < first.time)) first = t.end;
  }
  return first === null ? NONE : first.goroutine;
}

/** The goroutines directly involved in the tasks (begin/end, logs, regions). */
export function taskGoroutines(tasks: TaskRecord[]): Set<number> {
  const s = new Set<number>();
  for (const t of tasks) for (const g of t.goroutines) s.add(g);
  return s;
}

/** A task's row, slice and (if it began in the trace with a parent) the arrow from its parent. */
export function emitTask(e: Emitter, t: TaskRecord, sortIndex: number, traceStart: number, traceEnd: number): void {
  const startTime = t.begin !== null ? t.begin.time : traceStart;
  const endTime = t.end !== null ? t.end.time : traceEnd;
  const startG = t.begin !== null ? t.begin.goroutine : 0;
  const endG = t.end !== null ? t.end.goroutine : 0;
  if (t.exactId !== undefined) e.exactTask(t.id, t.exactId);
  let args = `{"id":${e.taskText(t.id)}`;
  if (startG !== 0) args += `,"start_g":${u64(startG)}`;
  if (endG !== 0) args += `,"end_g":${u64(endG)}`;
  args += '}';
  e.task(t.id, `T${e.taskText(t.id)} ${t.type}`, sortIndex);
  const sf = e.stack(t.begin?.stack ?? 0);
  const esf = e.stack(t.end?.stack ?? 0);
  e.taskSlice(t.type, startTime - traceStart, endTime - startTime, t.id, sf, esf, args);
  if (t.parent !== -1 && t.begin !== null) {
    const at = t.begin.time - traceStart;
    e.taskArrow('newTask', at, at, t.parent, t.id, e.stack(t.begin.stack));
  }
}

/** A region of a task as an async slice on its goroutine's row (unnamed inherited regions are not drawn). */
export function emitRegion(e: Emitter, r: TaskRegion, traceStart: number, traceEnd: number): void {
  if (r.name === '') return;
  let g = NONE;
  let startTime = traceStart;
  let endTime = traceEnd;
  if (r.start !== null) {
    startTime = r.start.time;
    g = r.start.goroutine;
  }
  if (r.end !== null) {
    endTime = r.end.time;
    g = r.end.goroutine;
  }
  if (g === NONE) return;
  const sf = e.stack(r.start?.stack ?? 0);
  const esf = e.stack(r.end?.stack ?? 0);
  if (r.exactTaskId !== undefined) e.exactTask(r.taskId, r.exactTaskId);
  const scope = (r.exactTaskId ?? BigInt.asUintN(64, BigInt(r.taskId))).toString(16);
  e.asyncSlice(r.name, startTime - traceStart, endTime - startTime, g, sf, esf, `{"taskid":${e.taskText(r.taskId)}}`, 'Region', scope, r.taskId);
}

