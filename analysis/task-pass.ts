// The one pass behind /usertasks and /usertask (Go's internal/trace Summarizer, task side): every
// task with its begin, end, logs, regions and goroutines. Goroutines are followed only as far as
// regions need: their open-region stacks (inherited at creation, closed at exit) and names.

import { Chunk, EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import {
  Resource,
  Transition,
  ctxG,
  eventStack,
  logCategoryString,
  logMessageString,
  newTransition,
  readTransition,
  regionTypeString,
  taskTypeString,
} from '../parser/event-details.js';
import { Ev } from '../parser/wire/specs.js';
import { isSystemGoroutine, type PassObserver } from './goroutine-summary.js';
import { IdNumbers } from '../parser/id-table.js';
import { inexact } from '../parser/exact-args.js';
import { TaskTable } from './task-table.js';

export { describeLog, goDescribeLog, TaskTable } from './task-table.js';
export type { TaskEventRef, TaskLookup, TaskRecord, TaskRegion } from './task-table.js';

/** The exact task id (argument 0 of task, region and log events), read for ids past 2^53. */
function exactTaskArg(c: Chunk, i: number): bigint {
  return BigInt(c.argU64(i, 0));
}

/** An open region that is its creator's, inherited at creation: not a row of the table. */
const INHERITED = -1;

/** IdNumbers value of a known goroutine without a name yet (-1: not known; 1 + string id: named). */
const KNOWN = 0;

/**
 * The pass's state. Fed by collectTasks' own loop, or as a PassObserver of the goroutine
 * summarizer (which decodes the transitions anyway). What it finds goes into a TaskTable;
 * goroutines are columns (known, name); only those with open regions have an entry of their own.
 */
export class TaskPass implements PassObserver {
  readonly table: TaskTable;
  /** Per goroutine: KNOWN, or 1 + the string id of its start function (-1: not known). */
  private gs = new IdNumbers();
  /** Open regions (rows of the table) of the goroutines that have some, innermost last; INHERITED first if any. */
  private open = new Map<number, number[]>();
  /** The task id of a goroutine's INHERITED region: its creator's innermost open region's. */
  private inherited = new Map<number, number>();
  constructor(private store: EventStore) {
    this.table = new TaskTable(store);
  }

  private closeAll(id: number): void {
    this.open.delete(id);
    this.inherited.delete(id);
  }

  /** The task id of goroutine g's open region r. */
  private openTaskId(g: number, r: number): number {
    return r === INHERITED ? this.inherited.get(g)! : this.table.regionTaskId(r);
  }

  transition(_store: EventStore, c: Chunk, i: number, t: Transition): void {
    if (TASK_TRANSITION[c.typ[i]!] === 0 || t.resource !== Resource.Goroutine || t.from === t.to) return;
    const id = t.id;
    let info: number;
    if (t.from === GoState.Undetermined) {
      info = KNOWN;
      this.closeAll(id);
    } else if (t.from === GoState.NotExist) {
      info = KNOWN;
      // The new goroutine inherits (a placeholder of) its creator's innermost open region.
      const creator = ctxG(this.store, c, i);
      const open = this.open.get(creator);
      const task = open !== undefined && open.length > 0 ? this.openTaskId(creator, open[open.length - 1]!) : null;
      this.closeAll(id);
      if (task !== null) {
        this.inherited.set(id, task);
        this.open.set(id, [INHERITED]);
      }
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
      const time = c.timeAt(i);
      for (const r of open) if (r !== INHERITED) this.table.regionExit(r, t.from, t.to, time, id, t.stack);
    }
    this.closeAll(id);
  }

  regionBegin(c: Chunk, i: number): void {
    const goid = ctxG(this.store, c, i);
    if (this.gs.get(goid) === -1) return;
    const task = c.arg(i, 0);
    const tb = this.table;
    const r = tb.addRegion(tb.task(task), regionTypeString(c, i), c.timeAt(i), goid, eventStack(c, i), inexact(task) ? exactTaskArg(c, i) : null);
    const open = this.open.get(goid);
    if (open === undefined) this.open.set(goid, [r]);
    else open.push(r);
  }

  regionEnd(c: Chunk, i: number): void {
    const goid = ctxG(this.store, c, i);
    if (this.gs.get(goid) === -1) return;
    const tb = this.table;
    const type = regionTypeString(c, i);
    let r = this.open.get(goid)?.pop();
    if (r === undefined) {
      // Begun before the trace.
      const task = c.arg(i, 0);
      r = tb.addRegion(tb.task(task), type, NaN, goid, 0, inexact(task) ? exactTaskArg(c, i) : null);
    }
    if (r !== INHERITED) tb.regionEnd(r, type, c.timeAt(i), goid, eventStack(c, i));
  }

  taskEvent(c: Chunk, i: number, begin: boolean): void {
    const goid = ctxG(this.store, c, i);
    const id = c.arg(i, 0);
    const parent = c.arg(i, begin ? 1 : 2);
    const tb = this.table;
    const k = tb.task(id);
    if (inexact(id)) tb.setExactId(k, exactTaskArg(c, i));
    tb.taskEvent(k, begin, taskTypeString(c, i), parent, c.timeAt(i), goid, eventStack(c, i));
  }

  log(c: Chunk, i: number): void {
    const task = c.arg(i, 0);
    const tb = this.table;
    const k = tb.task(task);
    if (inexact(task)) tb.setExactId(k, exactTaskArg(c, i));
    tb.addLog(k, c.timeAt(i), ctxG(this.store, c, i), eventStack(c, i), logCategoryString(c, i), logMessageString(c, i));
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

/** Every task of the trace (rows in order of first mention), in one pass over the events. */
export function collectTasks(store: EventStore): TaskTable {
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
  return p.table;
}
