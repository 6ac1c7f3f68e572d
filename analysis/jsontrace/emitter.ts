// The trace-event emitter (go tool trace's traceviewer.Emitter, in our words): turns slices,
// instants, flow arrows and counter changes into Catapult trace events for a sink, applying the
// view's time window and resource filter, keeping the goroutine/thread/heap counters, and at the
// end writing the metadata (process and thread names and sort order).
//
// Times given to the emitter are ns since the trace's first event; resources are numbers where
// -1 stands for go tool trace's "none" id written as 2^64-1.

import { jsonString, micros, u64 } from './json-text.js';
import type { TraceSink } from './sink.js';
import type { StackFrames } from './stack-frames.js';

/** Trace-event "pid"s: the sections of the viewer. */
export const PROCS_SECTION = 0;
export const STATS_SECTION = 1;
export const TASKS_SECTION = 2;

/** Pseudo resources (rows) of the procs section. */
export const TIMER_P = 1000001;
export const NETPOLL_P = 1000002;
export const SYSCALL_P = 1000003;
export const GC_P = 1000004;

/** Goroutine states as the "Goroutines" counter groups them. */
export const enum ViewerG {
  Dead = 0,
  Runnable = 1,
  Running = 2,
  Waiting = 3,
  WaitingGC = 4,
}

/** Heap goals above this are a runtime bug (golang/go#63864) and shown as 0. */
const PB = 2 ** 50;

/** Catapult's reserved color names used for tasks, by task id modulo their number. */
const TASK_COLORS = [
  'thread_state_uninterruptible', 'thread_state_iowait', 'thread_state_running', 'thread_state_runnable',
  'thread_state_unknown', 'light_memory_dump', 'background_memory_dump', 'detailed_memory_dump', 'good', 'bad',
  'terrible', 'olive', 'rail_response', 'rail_animation', 'rail_idle', 'rail_load', 'heap_dump_child_node_arrow',
  'cq_build_running', 'cq_build_passed', 'cq_build_failed', 'cq_build_abandoned', 'cq_build_attempt_runnig',
  'cq_build_attempt_passed',
];

/** The "name" member and its comma; Go leaves an empty name out. */
function nameField(name: string): string {
  return name === '' ? '' : `"name":${jsonString(name)},`;
}

export function taskColor(id: number): string {
  return TASK_COLORS[Number(BigInt.asUintN(64, BigInt(id)) % BigInt(TASK_COLORS.length))]!;
}

export class Emitter {
  /** Goroutines per viewer state, and as last written. */
  private gs = new Float64Array(5);
  private gsPrev = new Float64Array(5);
  /** Threads running (a P running) and in syscall (never counted by the v2 generators). */
  private threadsRunning = 0;
  private threadsRunningPrev = 0;
  /**
   * The heap allocated: as compared with the goal (Infinity past 2^53), the stored value, and its
   * exact decimal where the value is not it (past 2^53; -1 stands for 2^64-1). Its text is made
   * only for a counter event written.
   */
  private heapAlloc = 0;
  private heapAllocV = 0;
  private heapAllocExact: string | null = null;
  private nextGC = 0;
  private heapAllocPrevV = 0;
  private heapAllocPrevExact: string | null = null;
  private nextGCPrev = 0;
  private arrowSeq = 0;
  private asyncSeq = 0;
  /** Rows to name at the end, in the order named (Go: a map). */
  private resources = new Map<number, string>();
  private tasks = new Map<number, { name: string; sortIndex: number }>();
  private resourceType = '';
  private focusResource = 0;
  /** Resources shown (null: all). */
  filter: Set<number> | null = null;

  constructor(
    private sink: TraceSink,
    readonly frames: StackFrames,
    /** The view's window, ns since the trace start (inclusive). */
    private rangeStart = 0,
    private rangeEnd = Number.MAX_SAFE_INTEGER,
  ) {}

  /** The node id of a store stack (see StackFrames.id). */
  stack(storeStack: number): number {
    return this.frames.id(storeStack);
  }

  private within(ts: number): boolean {
    return this.rangeStart <= ts && ts <= this.rangeEnd;
  }

  private shown(resource: number): boolean {
    return this.filter === null || this.filter.has(resource);
  }

  resource(id: number, name: string): void {
    if (!this.shown(id)) return;
    this.resources.set(id, name);
  }

  setResourceType(name: string): void {
    this.resourceType = name;
  }

  focus(id: number): void {
    this.focusResource = id;
  }

  /** Exact uint64s of task ids past 2^53 (rare), for the texts and colors naming them. */
  private taskExact: Map<number, bigint> | null = null;
  exactTask(id: number, exact: bigint): void {
    (this.taskExact ??= new Map()).set(id, exact);
  }
  /** A task id as Go's JSON writes it (exact past 2^53 when exactTask told it). */
  taskText(id: number): string {
    const e = this.taskExact?.get(id);
    return e !== undefined ? e.toString() : u64(id);
  }
  private taskColorOf(id: number): string {
    const e = this.taskExact?.get(id);
    return e !== undefined ? TASK_COLORS[Number(e % BigInt(TASK_COLORS.length))]! : taskColor(id);
  }

  task(id: number, name: string, sortIndex: number): void {
    this.tasks.set(id, { name, sortIndex });
  }

  /** An execution or range slice on a row of the procs section; args is a JSON object text or ''. */
  slice(name: string, ts: number, dur: number, resource: number, sf: number, esf: number, args = ''): void {
    if (!this.shown(resource)) return;
    this.sliceIn(PROCS_SECTION, name, ts, dur, resource, sf, esf, args, '');
  }

  /** A task's slice in the tasks section (never filtered by resource). */
  taskSlice(name: string, ts: number, dur: number, task: number, sf: number, esf: number, args: string): void {
    this.sliceIn(TASKS_SECTION, name, ts, dur, task, sf, esf, args, this.taskColorOf(task));
  }

  private sliceIn(pid: number, name: string, ts: number, dur: number, tid: number, sf: number, esf: number, args: string, cname: string): void {
    if (!this.within(ts) && !this.within(ts + dur)) return;
    if (!this.sink.want(false)) return;
    let j = `{${nameField(name)}"ph":"X","ts":${micros(ts)}`;
    if (dur !== 0) j += `,"dur":${micros(dur)}`;
    j += `,"pid":${pid},"tid":${pid === TASKS_SECTION ? this.taskText(tid) : u64(tid)}`;
    if (sf !== 0) j += `,"sf":${sf}`;
    if (esf !== 0) j += `,"esf":${esf}`;
    if (args !== '') j += `,"args":${args}`;
    if (cname !== '') j += `,"cname":"${cname}"`;
    this.sink.add(j + '}', ts / 1000, sf, esf);
  }

  /** A user region as an async slice (begin and end events) on a goroutine's row. */
  asyncSlice(name: string, ts: number, dur: number, resource: number, sf: number, esf: number, args: string, category: string, scope: string, colorTask: number): void {
    if (!this.within(ts) && !this.within(ts + dur)) return;
    if (!this.shown(resource)) return;
    const cname = colorTask !== 0 ? `,"cname":"${this.taskColorOf(colorTask)}"` : '';
    const cat = category !== '' ? `,"cat":${jsonString(category)}` : '';
    this.asyncSeq++;
    const head = `{${nameField(name)}`;
    const s = scope !== '' ? `,"s":${jsonString(scope)}` : '';
    const where = `,"pid":0,"tid":${u64(resource)},"id":${this.asyncSeq}`;
    if (this.sink.want(false)) {
      this.sink.add(`${head}"ph":"b"${s},"ts":${micros(ts)}${where}${sf !== 0 ? `,"sf":${sf}` : ''}${cname}${cat}}`, ts / 1000, sf, 0);
    }
    if (this.sink.want(false)) {
      const end = ts + dur;
      this.sink.add(`${head}"ph":"e"${s},"ts":${micros(end)}${where}${esf !== 0 ? `,"sf":${esf}` : ''}${args !== '' ? `,"args":${args}` : ''}${cname}${cat}}`, end / 1000, esf, 0);
    }
  }

  /** An instant on a row of the procs section. */
  instant(name: string, ts: number, resource: number, sf: number, args = '', category = ''): void {
    if (!this.within(ts)) return;
    if (!this.shown(resource)) return;
    if (!this.sink.want(false)) return;
    let j = `{${nameField(name)}"ph":"I","s":"t","ts":${micros(ts)},"pid":0,"tid":${u64(resource)}`;
    if (sf !== 0) j += `,"sf":${sf}`;
    if (args !== '') j += `,"args":${args}`;
    if (category !== '') j += `,"cat":${jsonString(category)}`;
    this.sink.add(j + '}', ts / 1000, sf, 0);
  }

  /** A flow arrow between rows of the procs section (both ends must be shown). */
  arrow(name: string, start: number, end: number, from: number, to: number, fromStack: number): void {
    if (!this.shown(from) || !this.shown(to)) return;
    this.arrowIn(PROCS_SECTION, name, start, end, from, to, fromStack);
  }

  /** A flow arrow between tasks (parent to child). */
  taskArrow(name: string, start: number, end: number, from: number, to: number, fromStack: number): void {
    this.arrowIn(TASKS_SECTION, name, start, end, from, to, fromStack);
  }

  private arrowIn(pid: number, name: string, start: number, end: number, from: number, to: number, fromStack: number): void {
    if (!this.within(start) || !this.within(end)) return;
    const tid = pid === TASKS_SECTION ? (x: number) => this.taskText(x) : u64;
    const id = ++this.arrowSeq;
    const n = nameField(name);
    if (this.sink.want(false)) {
      this.sink.add(`{${n}"ph":"s","ts":${micros(start)},"pid":${pid},"tid":${tid(from)},"id":${id}${fromStack !== 0 ? `,"sf":${fromStack}` : ''}}`, start / 1000, fromStack, 0);
    }
    if (this.sink.want(false)) {
      this.sink.add(`{${n}"ph":"t","ts":${micros(end)},"pid":${pid},"tid":${tid(to)},"id":${id}}`, end / 1000, 0, 0);
    }
  }

  /** A goroutine changed viewer state: the "Goroutines" counter, written when it changed. */
  goroutineTransition(ts: number, from: ViewerG, to: ViewerG): void {
    const g = this.gs;
    g[from]!--;
    g[to]!++;
    const p = this.gsPrev;
    if (g[0] === p[0] && g[1] === p[1] && g[2] === p[2] && g[3] === p[3] && g[4] === p[4]) return;
    if (this.within(ts) && this.sink.want(false)) {
      this.sink.add(
        `{"name":"Goroutines","ph":"C","ts":${micros(ts)},"pid":1,"tid":0,"args":{"Running":${u64(g[ViewerG.Running]!)},"Runnable":${u64(g[ViewerG.Runnable]!)},"GCWaiting":${u64(g[ViewerG.WaitingGC]!)}}}`,
        ts / 1000,
        0,
        0,
      );
    }
    p.set(g);
  }

  /** The number of running threads changed by delta: the "Threads" counter. */
  threadsRunningChange(ts: number, delta: number): void {
    this.threadsRunning += delta;
    if (this.threadsRunning === this.threadsRunningPrev) return;
    if (this.within(ts) && this.sink.want(false)) {
      this.sink.add(`{"name":"Threads","ph":"C","ts":${micros(ts)},"pid":1,"tid":0,"args":{"Running":${this.threadsRunning},"InSyscall":0}}`, ts / 1000, 0, 0);
    }
    this.threadsRunningPrev = this.threadsRunning;
  }

  /** v: the stored value (-1 for 2^64-1); exact: the uint64 in decimal where v is not it (past 2^53). */
  heapAllocated(ts: number, v: number, exact: string | null = null): void {
    // Past 2^53 (and 2^64-1) the value only counts through its text; it is above any goal kept (<= 1 PiB).
    this.heapAlloc = exact !== null ? Infinity : v;
    this.heapAllocV = v;
    this.heapAllocExact = exact;
    this.heapCounter(ts);
  }

  heapGoal(ts: number, v: number): void {
    // Go's cutoff at 1 PiB (go.dev/issue/63864); the stored -1 is 2^64-1.
    this.nextGC = v > PB || v < 0 ? 0 : v;
    this.heapCounter(ts);
  }

  private heapCounter(ts: number): void {
    // (The same text: the same exact decimal, or no exact decimal and the same value.)
    const same = this.heapAllocExact === this.heapAllocPrevExact && (this.heapAllocExact !== null || this.heapAllocV === this.heapAllocPrevV);
    if (same && this.nextGC === this.nextGCPrev) return;
    const diff = this.nextGC > this.heapAlloc ? this.nextGC - this.heapAlloc : 0;
    if (this.within(ts) && this.sink.want(false)) {
      this.sink.add(`{"name":"Heap","ph":"C","ts":${micros(ts)},"pid":1,"tid":0,"args":{"Allocated":${this.heapAllocExact ?? u64(this.heapAllocV)},"NextGC":${diff}}}`, ts / 1000, 0, 0);
    }
    this.heapAllocPrevV = this.heapAllocV;
    this.heapAllocPrevExact = this.heapAllocExact;
    this.nextGCPrev = this.nextGC;
  }

  /** Writes the metadata events (always kept) and ends the sink. */
  finish(): void {
    this.processMeta(STATS_SECTION, 'STATS', 0);
    if (this.tasks.size !== 0) this.processMeta(TASKS_SECTION, 'TASKS', 1);
    for (const [id, t] of this.tasks) this.threadMeta(TASKS_SECTION, id, t.name, t.sortIndex);
    this.processMeta(PROCS_SECTION, this.resourceType, 2);
    this.threadMeta(PROCS_SECTION, GC_P, 'GC', -6);
    this.threadMeta(PROCS_SECTION, NETPOLL_P, 'Network', -5);
    this.threadMeta(PROCS_SECTION, TIMER_P, 'Timers', -4);
    this.threadMeta(PROCS_SECTION, SYSCALL_P, 'Syscalls', -3);
    for (const [id, name] of this.resources) {
      const priority = this.focusResource !== 0 && id === this.focusResource ? -2 : id;
      this.threadMeta(PROCS_SECTION, id, name, priority);
    }
    this.sink.finish();
  }

  private threadMeta(pid: number, id: number, name: string, priority: number): void {
    const tid = pid === TASKS_SECTION ? this.taskText(id) : u64(id);
    this.required(`{"name":"thread_name","ph":"M","ts":0,"pid":${pid},"tid":${tid},"args":{"name":${jsonString(name)}}}`);
    this.required(`{"name":"thread_sort_index","ph":"M","ts":0,"pid":${pid},"tid":${tid},"args":{"sort_index":${priority}}}`);
  }

  private processMeta(pid: number, name: string, priority: number): void {
    this.required(`{"name":"process_name","ph":"M","ts":0,"pid":${pid},"tid":0,"args":{"name":${jsonString(name)}}}`);
    this.required(`{"name":"process_sort_index","ph":"M","ts":0,"pid":${pid},"tid":0,"args":{"sort_index":${priority}}}`);
  }

  private required(json: string): void {
    if (this.sink.want(true)) this.sink.add(json, 0, 0, 0);
  }
}
