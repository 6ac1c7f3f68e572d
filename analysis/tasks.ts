// go tool trace's /usertasks (per task type: count and the histogram of complete tasks'
// durations) and /usertask?type= (every task with its events and their elapsed times).

import { EventStore } from '../parser/events.js';
import { TaskEventRef, TaskRecord, TaskTable, collectTasks } from './task-pass.js';
import { Histogram, TimeHistogram } from './task-histogram.js';
import { TraceSpan, traceSpan } from './trace-span.js';

export { describeLog, goDescribeLog } from './task-pass.js';
export type { TaskRecord, TaskRegion, TaskEventRef, TaskTable } from './task-pass.js';

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
}

export interface TaskTypeSummary {
  type: string;
  /** Complete and incomplete tasks. */
  count: number;
  /** Durations of complete tasks; null if none. */
  histogram: Histogram | null;
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
  };
}

/**
 * The /usertasks table and every task's /usertask row, from the task table's columns: a task is
 * made into objects (UserTask) only when asked for.
 */
export class UserTasks {
  /** Sorted by type (byte order). */
  readonly types: TaskTypeSummary[];
  private readonly t0: number;
  private readonly t1: number;

  constructor(
    readonly table: TaskTable,
    span: TraceSpan,
  ) {
    this.t0 = span.startTime;
    this.t1 = span.endTime;
    const byType = new Map<string, { count: number; h: TimeHistogram }>();
    const b = table.begin;
    const e = table.end;
    for (let k = 0; k < table.size; k++) {
      const type = table.typeOf(k);
      let s = byType.get(type);
      if (s === undefined) byType.set(type, (s = { count: 0, h: new TimeHistogram() }));
      s.count++;
      if (this.completeAt(k)) s.h.add(e.time.a[k]! - b.time.a[k]!);
    }
    this.types = [...byType.entries()]
      .map(([type, s]) => ({ type, count: s.count, histogram: s.h.result() }))
      .sort((a, b) => compareGoStrings(a.type, b.type));
  }

  /** Tasks (rows 0 to size - 1, by id in order of first mention). */
  get size(): number {
    return this.table.size;
  }
  idAt(k: number): number {
    return this.table.id.a[k]!;
  }
  typeAt(k: number): string {
    return this.table.typeOf(k);
  }
  /** Both its begin and its end are in the trace. */
  completeAt(k: number): boolean {
    return this.table.begin.has(k) && this.table.end.has(k);
  }
  /** Begin (or the trace start), ns since the trace start. */
  startAt(k: number): number {
    return (this.table.begin.has(k) ? this.table.begin.time.a[k]! : this.t0) - this.t0;
  }
  /** End (or the trace end), ns since the trace start. */
  endAt(k: number): number {
    return (this.table.end.has(k) ? this.table.end.time.a[k]! : this.t1) - this.t0;
  }

  at(k: number): UserTask {
    return buildTask(this.table.record(k), this.t0, this.t1);
  }
  get(id: number): UserTask | undefined {
    const k = this.table.rowOf(id);
    return k === undefined ? undefined : this.at(k);
  }
  *values(): Generator<UserTask> {
    for (let k = 0; k < this.size; k++) yield this.at(k);
  }

  /** Whether task row k meets every condition of f (a latency bound implies a complete task). */
  matches(k: number, f: TaskFilter): boolean {
    if (f.type !== undefined && this.typeAt(k) !== f.type) return false;
    const complete = this.completeAt(k);
    if (f.complete !== undefined && complete !== f.complete) return false;
    const duration = this.endAt(k) - this.startAt(k);
    if (f.latMin !== undefined && !(complete && duration >= f.latMin)) return false;
    if (f.latMax !== undefined && !(complete && duration <= f.latMax)) return false;
    if (f.logText !== undefined && f.logText !== '') {
      const x = f.logText;
      if (!this.typeAt(k).includes(x) && !this.table.textHit(k, x)) return false;
    }
    return true;
  }
}

/** The /usertasks table and every task's /usertask row, in one pass over the events. */
export function userTasks(store: EventStore): UserTasks {
  return userTasksOf(collectTasks(store), traceSpan(store));
}

/** userTasks from a task pass' table (TaskPass.table) and the trace's span. */
export function userTasksOf(table: TaskTable, span: TraceSpan): UserTasks {
  return new UserTasks(table, span);
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

/** The /usertask page's tasks: matching ones sorted by duration (ties by id; Go's are random). */
export function userTaskPage(all: UserTasks, filter: TaskFilter): UserTask[] {
  const out: UserTask[] = [];
  for (let k = 0; k < all.size; k++) if (all.matches(k, filter)) out.push(all.at(k));
  return out.sort((a, b) => a.duration - b.duration || a.id - b.id);
}
