// go tool trace's /usertasks (per task type: count and the histogram of complete tasks'
// durations) and /usertask?type= (every task with its events and their elapsed times).

import { EventStore } from '../parser/events.js';
import { TaskEventRef, TaskRecord, collectTasks } from './task-pass.js';
import { Histogram, TimeHistogram } from './task-histogram.js';
import { TraceSpan, traceSpan } from './trace-span.js';

export { describeLog, goDescribeLog } from './task-pass.js';
export type { TaskRecord, TaskRegion, TaskEventRef } from './task-pass.js';

/** One row of a task's event list. Times are ns since the trace's first event. */
export interface TaskEvent {
  when: number;
  /** Since the previous row (the first: since the trace start). */
  elapsed: number;
  goroutine: number;
  what: string;
  log?: { category: string; message: string };
}

export interface UserTask {
  id: number;
  type: string;
  /** Parent task id (-1: none). */
  parent: number;
  children: number[];
  /** Both its begin and its end are in the trace. */
  complete: boolean;
  /** Begin (or the trace start) and end (or the trace end), ns since the trace start. */
  start: number;
  end: number;
  duration: number;
  /** Sorted ids (-1 for events without a goroutine). */
  goroutines: number[];
  /** Begin, end, logs and its regions' begins and ends, by time (stable). */
  events: TaskEvent[];
  /** Types of its regions (the log text search looks at them). */
  regionTypes: string[];
}

export interface TaskTypeSummary {
  type: string;
  /** Complete and incomplete tasks. */
  count: number;
  /** Durations of complete tasks; null if none. */
  histogram: Histogram | null;
}

export interface UserTasks {
  /** Sorted by type (byte order). */
  types: TaskTypeSummary[];
  /** Every task, by id in order of first mention. */
  tasks: Map<number, UserTask>;
}

/** Go's string order (bytes of the UTF-8). */
export function compareGoStrings(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function buildTask(r: TaskRecord, startTime: number, endTime: number): UserTask {
  const raw: TaskEventRef[] = [];
  if (r.begin !== null) raw.push(r.begin);
  if (r.end !== null) raw.push(r.end);
  raw.push(...r.logs);
  for (const reg of r.regions) {
    if (reg.start !== null) raw.push(reg.start);
    if (reg.end !== null) raw.push(reg.end);
  }
  raw.sort((a, b) => a.time - b.time); // stable, as Go's SortStableFunc
  const events: TaskEvent[] = [];
  let last = startTime;
  for (const ev of raw) {
    const e: TaskEvent = { when: ev.time - startTime, elapsed: ev.time - last, goroutine: ev.goroutine, what: ev.what };
    if (ev.log !== undefined) e.log = ev.log;
    events.push(e);
    last = ev.time;
  }
  const start = (r.begin !== null ? r.begin.time : startTime) - startTime;
  const end = (r.end !== null ? r.end.time : endTime) - startTime;
  return {
    id: r.id,
    type: r.type,
    parent: r.parent,
    children: r.children,
    complete: r.begin !== null && r.end !== null,
    start,
    end,
    duration: end - start,
    goroutines: [...r.goroutines].sort((a, b) => a - b),
    events,
    regionTypes: r.regions.map((x) => x.name),
  };
}

/** The /usertasks table and every task's /usertask row, in one pass over the events. */
export function userTasks(store: EventStore): UserTasks {
  return userTasksOf(collectTasks(store), traceSpan(store));
}

/** userTasks from a task pass' records (TaskPass.tasks) and the trace's span. */
export function userTasksOf(records: Map<number, TaskRecord>, span: TraceSpan): UserTasks {
  const tasks = new Map<number, UserTask>();
  const byType = new Map<string, { count: number; h: TimeHistogram }>();
  for (const r of records.values()) {
    const t = buildTask(r, span.startTime, span.endTime);
    tasks.set(t.id, t);
    let s = byType.get(t.type);
    if (s === undefined) byType.set(t.type, (s = { count: 0, h: new TimeHistogram() }));
    s.count++;
    if (t.complete) s.h.add(r.end!.time - r.begin!.time);
  }
  const types = [...byType.entries()]
    .map(([type, s]) => ({ type, count: s.count, histogram: s.h.result() }))
    .sort((a, b) => compareGoStrings(a.type, b.type));
  return { types, tasks };
}

/** /usertask's query: every given condition must hold (a latency bound implies a complete task). */
export interface TaskFilter {
  type?: string;
  complete?: boolean;
  latMin?: number;
  latMax?: number;
  /** In the type, a region type, or a log's category or message. */
  logText?: string;
}

function matches(t: UserTask, f: TaskFilter): boolean {
  if (f.type !== undefined && t.type !== f.type) return false;
  if (f.complete !== undefined && t.complete !== f.complete) return false;
  if (f.latMin !== undefined && !(t.complete && t.duration >= f.latMin)) return false;
  if (f.latMax !== undefined && !(t.complete && t.duration <= f.latMax)) return false;
  if (f.logText !== undefined && f.logText !== '') {
    const x = f.logText;
    const hit =
      t.type.includes(x) ||
      t.regionTypes.some((r) => r.includes(x)) ||
      t.events.some((e) => e.log !== undefined && (e.log.category.includes(x) || e.log.message.includes(x)));
    if (!hit) return false;
  }
  return true;
}

/** The /usertask page's tasks: matching ones sorted by duration (ties by id; Go's are random). */
export function userTaskPage(all: UserTasks, filter: TaskFilter): UserTask[] {
  const out: UserTask[] = [];
  for (const t of all.tasks.values()) if (matches(t, filter)) out.push(t);
  return out.sort((a, b) => a.duration - b.duration || a.id - b.id);
}
