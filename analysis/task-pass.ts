// The one pass behind /usertasks and /usertask (Go's internal/trace Summarizer, task side): every
// task with its begin, end, logs, regions and goroutines. Goroutines are followed only as far as
// regions need: their open-region stacks (inherited at creation, closed at exit) and names.

import { Chunk, EventStore, GO_STATE_NAMES, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Resource, Transition, ctxG, eventStack, newTransition, readLog, readRegion, readTask, readTransition } from '../parser/event-details.js';
import { goQuote } from '../parser/go/go-quote.js';
import { Ev } from '../parser/wire/specs.js';
import { isSystemGoroutine, type PassObserver } from './goroutine-summary.js';
import { IdNumbers } from '../parser/id-table.js';
import { inexact } from '../parser/exact-args.js';

/** An event shown on a task's page: absolute time, its goroutine (-1 none), its description. */
export interface TaskEventRef {
  time: number;
  goroutine: number;
  what: string;
  /** The event's stack id (0: none); the trace viewer data names it. */
  stack: number;
  /** For logs: the fields (go tool trace describes them differently, see describeLog). */
  log?: { category: string; message: string };
}

/** A region as a task sees it; start null if it began before the trace, end null if still open. */
export interface TaskRegion {
  taskId: number;
  /** The exact task id when it is past 2^53 (taskId rounds it). */
  exactTaskId?: bigint;
  name: string;
  start: TaskEventRef | null;
  end: TaskEventRef | null;
}

export interface TaskRecord {
  id: number;
  /** The exact id when it is past 2^53 (id rounds it). */
  exactId?: bigint;
  /** Type from the TaskBegin/TaskEnd ("" when neither was seen, or the task began before the trace). */
  type: string;
  /** Parent task id (-1: none or unknown). */
  parent: number;
  children: number[];
  begin: TaskEventRef | null;
  end: TaskEventRef | null;
  logs: TaskEventRef[];
  /** Regions in the order their begin (or, for ones begun before the trace, their end) was seen. */
  regions: TaskRegion[];
  /** Goroutines that began/ended it, logged to it or had a region in it (-1 for events without one). */
  goroutines: Set<number>;
}

/**
 * The correct description of a log event: `log "msg"` without a category, `log (category: c): "msg"`
 * with one. (go tool trace 1.26 inverts the condition; see goDescribeLog.)
 */
export function describeLog(category: string, message: string): string {
  return category === '' ? `log ${goQuote(message)}` : `log (category: ${category}): ${goQuote(message)}`;
}

/** go tool trace 1.26's describeEvent for a log, with its condition inverted (for comparisons). */
export function goDescribeLog(category: string, message: string): string {
  return category !== '' ? `log ${goQuote(message)}` : `log (category: ${category}): ${goQuote(message)}`;
}

/** The exact task id (argument 0 of task, region and log events), read for ids past 2^53. */
function exactTaskArg(c: Chunk, i: number): bigint {
  return BigInt(c.argU64(i, 0));
}

/** IdNumbers value of a known goroutine without a name yet (-1: not known; 1 + string id: named). */
const KNOWN = 0;

/**
 * The pass's state. Fed by collectTasks' own loop, or as a PassObserver of the goroutine
 * summarizer (which decodes the transitions anyway). Goroutines are columns (known, name);
 * only those with open regions have an entry of their own.
 */
export class TaskPass implements PassObserver {
  readonly tasks = new Map<number, TaskRecord>();
  /** Per goroutine: KNOWN, or 1 + the string id of its start function (-1: not known). */
  private gs = new IdNumbers();
  /** Open regions of the goroutines that have some, innermost last. */
  private open = new Map<number, TaskRegion[]>();
  /** goQuote of each region type seen (regions come by the thousand, their types are few). */
  private quoted = new Map<string, string>();
  private whats = new Map<string, string>();
  constructor(private store: EventStore) {}

  private quote(s: string): string {
    let q = this.quoted.get(s);
    if (q === undefined) this.quoted.set(s, (q = goQuote(s)));
    return q;
  }

  /** `Running -> NotExist` and the like: one string per pair of states. */
  private transitionWhat(from: number, to: number): string {
    const k = `s${from},${to}`;
    let w = this.whats.get(k);
    if (w === undefined) this.whats.set(k, (w = `${GO_STATE_NAMES[from]} -> ${GO_STATE_NAMES[to]}`));
    return w;
  }

  /** `region "type" begin` (or end): one string per type, not one per region. */
  private regionWhat(type: string, which: 'begin' | 'end'): string {
    const k = which === 'begin' ? 'b' + type : 'e' + type;
    let w = this.whats.get(k);
    if (w === undefined) this.whats.set(k, (w = `region ${this.quote(type)} ${which}`));
    return w;
  }

  task(id: number): TaskRecord {
    let t = this.tasks.get(id);
    if (t === undefined) {
      t = { id, type: '', parent: -1, children: [], begin: null, end: null, logs: [], regions: [], goroutines: new Set() };
      this.tasks.set(id, t);
    }
    return t;
  }

  transition(_store: EventStore, c: Chunk, i: number, t: Transition): void {
    if (TASK_TRANSITION[c.typ[i]!] === 0 || t.resource !== Resource.Goroutine || t.from === t.to) return;
    const id = t.id;
    let info: number;
    if (t.from === GoState.Undetermined) {
      info = KNOWN;
      this.open.delete(id);
    } else if (t.from === GoState.NotExist) {
      info = KNOWN;
      // The new goroutine inherits (a placeholder of) its creator's innermost open region.
      const open = this.open.get(ctxG(this.store, c, i));
      if (open !== undefined && open.length > 0) this.open.set(id, [{ taskId: open[open.length - 1]!.taskId, name: '', start: null, end: null }]);
      else this.open.delete(id);
    } else {
      info = this.gs.get(id);
      if (info === -1) return; // as goroutine-summary: an invalid first transition is ignored
    }
    if (info === KNOWN && t.stack !== 0) {
      const s = this.store;
      const end = s.stackEnd[t.stack]!;
      if (end > s.stackStart[t.stack]!) {
        const f = s.frameFunc[s.stackFrameIds[end - 1]!]!;
        if (s.strings[f] !== '') info = 1 + f; // an empty name is looked for again, as an unset one
      }
    }
    this.gs.set(id, info);
    const exits = t.to === GoState.NotExist || (t.to === GoState.Waiting && this.store.strings[t.reason] === 'forever');
    if (!exits) return;
    // The goroutine's exit ends its open regions (system goroutines' stay open).
    const open = this.open.get(id);
    if (open === undefined) return;
    const name = info > KNOWN ? this.store.strings[info - 1]! : '';
    if (!isSystemGoroutine(name)) {
      const ref = { time: c.timeAt(i), goroutine: id, what: this.transitionWhat(t.from, t.to), stack: t.stack };
      for (const r of open) r.end = ref;
    }
    this.open.delete(id);
  }

  regionBegin(c: Chunk, i: number): void {
    const goid = ctxG(this.store, c, i);
    if (this.gs.get(goid) === -1) return;
    const { task, type } = readRegion(this.store, c, i);
    const r: TaskRegion = { taskId: task, name: type, start: { time: c.timeAt(i), goroutine: goid, what: this.regionWhat(type, 'begin'), stack: eventStack(c, i) }, end: null };
    if (inexact(task)) r.exactTaskId = exactTaskArg(c, i);
    const open = this.open.get(goid);
    if (open === undefined) this.open.set(goid, [r]);
    else open.push(r);
    const tk = this.task(task);
    tk.regions.push(r);
    tk.goroutines.add(goid);
  }

  regionEnd(c: Chunk, i: number): void {
    const goid = ctxG(this.store, c, i);
    if (this.gs.get(goid) === -1) return;
    const { task, type } = readRegion(this.store, c, i);
    let r = this.open.get(goid)?.pop();
    if (r === undefined) {
      // Begun before the trace.
      r = { taskId: task, name: type, start: null, end: null };
      if (inexact(task)) r.exactTaskId = exactTaskArg(c, i);
      const tk = this.task(task);
      tk.goroutines.add(goid);
      tk.regions.push(r);
    }
    r.end = { time: c.timeAt(i), goroutine: goid, what: this.regionWhat(type, 'end'), stack: eventStack(c, i) };
  }

  taskEvent(c: Chunk, i: number, begin: boolean): void {
    const goid = ctxG(this.store, c, i);
    const { id, parent, type } = readTask(this.store, c, i);
    const tk = this.task(id);
    if (inexact(id)) tk.exactId ??= exactTaskArg(c, i);
    tk.type = type;
    tk.goroutines.add(goid);
    const time = c.timeAt(i);
    const stack = eventStack(c, i);
    if (begin) tk.begin = { time, goroutine: goid, what: `task ${this.quote(type)} (D ${id}, parent ${u64(parent)}) begin`, stack };
    else tk.end = { time, goroutine: goid, what: 'task end', stack };
    if (parent !== -1 && tk.parent === -1) {
      tk.parent = parent;
      this.task(parent).children.push(id);
    }
  }

  log(c: Chunk, i: number): void {
    const goid = ctxG(this.store, c, i);
    const { task, category, message } = readLog(this.store, c, i);
    const tk = this.task(task);
    if (inexact(task)) tk.exactId ??= exactTaskArg(c, i);
    tk.goroutines.add(goid);
    tk.logs.push({ time: c.timeAt(i), goroutine: goid, what: describeLog(category, message), stack: eventStack(c, i), log: { category, message } });
  }

  annotation(c: Chunk, i: number, kind: Kind): void {
    switch (kind) {
      case Kind.RegionBegin:
        return this.regionBegin(c, i);
      case Kind.RegionEnd:
        return this.regionEnd(c, i);
      case Kind.TaskBegin:
        return this.taskEvent(c, i, true);
      case Kind.TaskEnd:
        return this.taskEvent(c, i, false);
      case Kind.Log:
        return this.log(c, i);
    }
  }
}

/**
 * The transitions the pass needs: creations and first sightings (a goroutine becomes known), the
 * ones with a stack (its name) and exits. Starts, unblocks and syscall ends change none of these.
 */
const TASK_TRANSITION = new Uint8Array(256);
for (const t of [Ev.GoCreate, Ev.GoCreateBlocked, Ev.GoCreateSyscall, Ev.GoDestroy, Ev.GoDestroySyscall, Ev.GoStop, Ev.GoBlock, Ev.GoSyscallBegin, Ev.GoStatus, Ev.GoStatusStack]) {
  TASK_TRANSITION[t] = 1;
}

function u64(v: number): string {
  return v === -1 ? '18446744073709551615' : String(v);
}

/** Every task of the trace by id (in order of first mention), in one pass over the events. */
export function collectTasks(store: EventStore): Map<number, TaskRecord> {
  const p = new TaskPass(store);
  const t = newTransition();
  for (const c of store.chunks) {
    const typ = c.typ;
    for (let i = 0; i < c.n; i++) {
      const kind = TYPE_KIND[typ[i]!]! as Kind;
      if (kind === Kind.StateTransition) {
        if (TASK_TRANSITION[typ[i]!] === 0) continue;
        readTransition(store, c, i, t);
        p.transition(store, c, i, t);
      } else if (kind >= Kind.TaskBegin && kind <= Kind.Log) {
        p.annotation(c, i, kind);
      }
    }
  }
  return p.tasks;
}
