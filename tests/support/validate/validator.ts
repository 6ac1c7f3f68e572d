// A checker of parsed event streams: it walks an EventStore in order and reports every event
// that breaks the rules Go's own test harness (internal/trace/testtrace) holds the reader's
// output to. Written for our columns: one event at a time, state kept per goroutine, proc,
// thread, range scope and task.
//
// The rules, in short:
//  - times strictly increase (the reader nudges ties apart, so equal times are a fault);
//  - stack frames past the first carry a function, file, pc and line;
//  - syncs count 1, 2, 3, …; from format 1.25 on each generation's sync carries a clock
//    snapshot whose three clocks are set and move forward;
//  - metric names look like runtime/metrics names ("…:unit"); labels name a known goroutine;
//  - every state transition starts from the state the resource was last left in (or from
//    Undetermined/NotExist the first time it is seen; Undetermined only before the second
//    sync), never ends Undetermined, and a goroutine or proc does not vanish with a range open;
//  - a goroutine or proc that starts executing takes a thread that runs nothing else of its
//    kind, and one that stops executing gives back the thread it held (with, for goroutines,
//    the same stack on the event and its transition);
//  - a range begins only when closed and ends only when open (Active opens it quietly);
//  - tasks have real ids and parents, and a task's end names the type its begin did.

import { Chunk, EventStore, GoState, Kind, ProcState, TYPE_KIND, GO_STATE_NAMES, KIND_NAMES, PROC_STATE_NAMES } from '../../../parser/events.js';
import {
  Resource, RESOURCE_NAMES, METRIC_NAMES, ctxG, ctxM, eventStack, newTransition, readLabel, readLog, readRange,
  readTask, readTransition,
} from '../../../parser/event-details.js';

const NONE = -1;
/** TaskID(^uint64(0)), as our store decodes it. */
const NO_TASK = -1;
const BACKGROUND_TASK = 0;
/** Go's zero time.Time in Unix seconds (January 1, year 1, UTC). */
const ZERO_WALL_SEC = -62135596800;

/** What runs on one thread, as far as the stream has told us. */
interface ThreadSlot {
  m: number;
  p: number;
  g: number;
}

interface Held {
  state: number;
  /** The thread slot it was last seen executing on, or null. */
  on: ThreadSlot | null;
}

interface SyncSeen {
  n: number;
  clock: { trace: number; mono: number; sec: number; nsec: number } | null;
}

export interface Problem {
  /** Position of the event in the stream (0-based, over all chunks). */
  index: number;
  time: number;
  /** Go's -d=parsed prefix of the event: "M=… P=… G=… <Kind>". */
  event: string;
  message: string;
}

function goExecuting(s: number): boolean {
  return s === GoState.Running || s === GoState.Syscall;
}
function procExecuting(s: number): boolean {
  return s === ProcState.Running;
}

export class StreamValidator {
  private lastTime = 0;
  private goroutines = new Map<number, Held>();
  private procs = new Map<number, Held>();
  private threads = new Map<number, ThreadSlot>();
  /** Open range names per scope ("<resource kind>:<id>"). */
  private ranges = new Map<string, string[]>();
  private tasks = new Map<number, string>();
  private lastSync: SyncSeen = { n: 0, clock: null };
  private tr = newTransition();
  private index = 0;
  readonly problems: Problem[] = [];

  /** version: the trace's format version (the N of "go 1.N trace"). */
  constructor(
    private readonly store: EventStore,
    private readonly version: number,
  ) {}

  /** Checks every event of the store, in order. */
  run(): Problem[] {
    for (const c of this.store.chunks) for (let i = 0; i < c.n; i++) this.event(c, i);
    return this.problems;
  }

  private fail(c: Chunk, i: number, message: string): void {
    const k = c.ctx[i]!;
    this.problems.push({
      index: this.index,
      time: c.timeAt(i),
      event: `M=${c.ctxM[k]} P=${c.ctxP[k]} G=${c.ctxG[k]} ${kindName(c, i)}`,
      message,
    });
  }

  /** Checks event i of chunk c as the next event of the stream. */
  event(c: Chunk, i: number): void {
    const s = this.store;
    const time = c.timeAt(i);
    if (this.lastTime !== 0 && time <= this.lastTime) {
      this.fail(c, i, `time ${time} does not come after the previous event's ${this.lastTime}`);
    } else {
      this.lastTime = time;
    }
    this.checkFrames(c, i, eventStack(c, i), 'event stack');

    switch (TYPE_KIND[c.typ[i]!]! as Kind) {
      case Kind.Sync:
        this.sync(c, i);
        break;
      case Kind.Metric: {
        const name = METRIC_NAMES[c.typ[i]!];
        if (name === undefined || !name.includes(':')) this.fail(c, i, `metric name ${JSON.stringify(name)} has no unit`);
        break;
      }
      case Kind.Label: {
        if (readLabel(s, c, i) === '') this.fail(c, i, 'empty label');
        const g = ctxG(s, c, i);
        if (!this.goroutines.has(g)) this.fail(c, i, `label for goroutine ${g}, which the stream never mentioned`);
        break;
      }
      case Kind.StateTransition:
        this.transition(c, i);
        break;
      case Kind.RangeBegin:
      case Kind.RangeActive:
      case Kind.RangeEnd:
        this.range(c, i);
        break;
      case Kind.TaskBegin: {
        const t = readTask(s, c, i);
        if (t.id === NO_TASK || t.id === BACKGROUND_TASK) this.fail(c, i, `task of type ${JSON.stringify(t.type)} has the reserved id ${t.id}`);
        if (t.parent === BACKGROUND_TASK) this.fail(c, i, `task ${t.id} names the background task as its parent`);
        this.tasks.set(t.id, t.type);
        break;
      }
      case Kind.TaskEnd: {
        // An end without a begin is allowed (the task began before the trace did).
        const t = readTask(s, c, i);
        const begun = this.tasks.get(t.id);
        if (begun !== undefined) {
          if (begun !== t.type) this.fail(c, i, `task ${t.id} ends as type ${JSON.stringify(t.type)} but began as ${JSON.stringify(begun)}`);
          this.tasks.delete(t.id);
        }
        break;
      }
      case Kind.Log:
        readLog(s, c, i); // must decode; its text is the user's own
        break;
      default:
        break; // stack samples, regions, experimental events: only the checks above
    }
    this.index++;
  }

  private sync(c: Chunk, i: number): void {
    const info = this.store.syncs[c.sync(c.arg(i, 0))];
    if (info === undefined) {
      this.fail(c, i, 'sync event without its sync record');
      return;
    }
    const last = this.lastSync;
    if (info.n !== last.n + 1) this.fail(c, i, `sync number ${info.n} after ${last.n} (they count up by one)`);
    const clock = info.clockTrace === null ? null : { trace: info.clockTrace, mono: info.mono, sec: info.sec, nsec: info.nsec };
    // From 1.25 every generation's sync has a clock snapshot; the reader's closing sync
    // (after the first) has none.
    if (this.version >= 25 && !(info.n > 1 && clock === null)) {
      if (clock === null) {
        this.fail(c, i, `sync ${info.n} has no clock snapshot`);
      } else {
        if (clock.sec === ZERO_WALL_SEC && clock.nsec === 0) this.fail(c, i, `sync ${info.n}: wall clock unset`);
        if (clock.mono === 0) this.fail(c, i, `sync ${info.n}: monotonic clock is 0`);
        if (clock.trace === 0) this.fail(c, i, `sync ${info.n}: trace clock is 0`);
        const prev = last.clock;
        if (info.n >= 2 && prev !== null) {
          if (!(clock.sec > prev.sec || (clock.sec === prev.sec && clock.nsec > prev.nsec))) {
            this.fail(c, i, `sync ${info.n}: wall clock ${clock.sec}s+${clock.nsec}ns does not pass ${prev.sec}s+${prev.nsec}ns`);
          }
          if (!(clock.mono > prev.mono)) this.fail(c, i, `sync ${info.n}: monotonic clock ${clock.mono} does not pass ${prev.mono}`);
          if (!(clock.trace > prev.trace)) this.fail(c, i, `sync ${info.n}: trace clock ${clock.trace} does not pass ${prev.trace}`);
        } else if (info.n >= 2) {
          this.fail(c, i, `sync ${info.n} follows a sync without a clock snapshot`);
        }
      }
    }
    this.lastSync = { n: info.n, clock };
  }

  private transition(c: Chunk, i: number): void {
    const s = this.store;
    const t = this.tr;
    readTransition(s, c, i, t);
    this.checkFrames(c, i, t.stack, 'transition stack');
    if (t.resource === Resource.Goroutine) this.goroutine(c, i);
    else if (t.resource === Resource.Proc) this.proc(c, i);
    else this.fail(c, i, `state transition of resource ${RESOURCE_NAMES[t.resource] ?? t.resource}`);
  }

  private goroutine(c: Chunk, i: number): void {
    const t = this.tr;
    const { id, from, to } = t;
    const m = ctxM(this.store, c, i);
    if (to === GoState.Undetermined) this.fail(c, i, `goroutine ${id} goes to Undetermined`);
    if (this.lastSync.n > 1 && from === GoState.Undetermined) this.fail(c, i, `goroutine ${id} still Undetermined after sync ${this.lastSync.n}`);
    if (to === GoState.NotExist && this.anyRange(Resource.Goroutine, id)) this.fail(c, i, `goroutine ${id} ends with ${this.openRanges(Resource.Goroutine, id)} open`);
    let held = this.goroutines.get(id);
    if (held !== undefined) {
      if (from !== held.state) this.fail(c, i, `goroutine ${id} leaves ${GO_STATE_NAMES[from]} but was ${GO_STATE_NAMES[held.state]}`);
      held.state = to;
    } else {
      if (from !== GoState.Undetermined && from !== GoState.NotExist) this.fail(c, i, `goroutine ${id} first seen leaving ${GO_STATE_NAMES[from]}`);
      held = { state: to, on: null };
      this.goroutines.set(id, held);
    }
    if (goExecuting(to)) {
      const slot = this.thread(c, i, m, from === GoState.Undetermined && to === GoState.Syscall);
      if (slot !== null) {
        if (slot.g !== NONE && slot.g !== id) this.fail(c, i, `goroutine ${id} starts on thread ${m}, which is running goroutine ${slot.g}`);
        slot.g = id;
        held.on = slot;
      }
    } else if (goExecuting(from)) {
      const evStack = eventStack(c, i);
      if (t.stack !== evStack) this.fail(c, i, `goroutine ${id} stops with transition stack ${t.stack} but event stack ${evStack}`);
      const slot = held.on;
      if (slot === null) {
        this.fail(c, i, `goroutine ${id} stops executing but holds no thread`);
      } else {
        if (slot.g !== id) this.fail(c, i, `goroutine ${id} stops, but thread ${slot.m} it ran on is running goroutine ${slot.g}`);
        slot.g = NONE;
        held.on = null;
      }
    }
  }

  private proc(c: Chunk, i: number): void {
    const { id, from, to } = this.tr;
    const m = ctxM(this.store, c, i);
    if (to === ProcState.Undetermined) this.fail(c, i, `proc ${id} goes to Undetermined`);
    if (this.lastSync.n > 1 && from === ProcState.Undetermined) this.fail(c, i, `proc ${id} still Undetermined after sync ${this.lastSync.n}`);
    if (to === ProcState.NotExist && this.anyRange(Resource.Proc, id)) this.fail(c, i, `proc ${id} ends with ${this.openRanges(Resource.Proc, id)} open`);
    let held = this.procs.get(id);
    if (held !== undefined) {
      if (from !== held.state) this.fail(c, i, `proc ${id} leaves ${PROC_STATE_NAMES[from]} but was ${PROC_STATE_NAMES[held.state]}`);
      held.state = to;
    } else {
      if (from !== ProcState.Undetermined && from !== ProcState.NotExist) this.fail(c, i, `proc ${id} first seen leaving ${PROC_STATE_NAMES[from]}`);
      held = { state: to, on: null };
      this.procs.set(id, held);
    }
    if (procExecuting(to)) {
      const slot = this.thread(c, i, m, false);
      if (slot !== null) {
        if (slot.p !== NONE && slot.p !== id) this.fail(c, i, `proc ${id} starts on thread ${m}, which is running proc ${slot.p}`);
        slot.p = id;
        held.on = slot;
      }
    } else if (procExecuting(from)) {
      const slot = held.on;
      if (slot === null) {
        this.fail(c, i, `proc ${id} stops executing but holds no thread`);
      } else {
        if (slot.p !== id) this.fail(c, i, `proc ${id} stops, but thread ${slot.m} it ran on is running proc ${slot.p}`);
        slot.p = NONE;
        held.on = null;
      }
    }
  }

  /**
   * The thread event i runs on, created on first sight. Old-format traces (before 1.22) may
   * show a goroutine found in a syscall without a thread (undeterminedToSyscall = that case).
   */
  private thread(c: Chunk, i: number, m: number, undeterminedToSyscall: boolean): ThreadSlot | null {
    if (m === NONE && !(this.version < 22 && undeterminedToSyscall)) {
      this.fail(c, i, 'a resource starts executing on no thread');
      return null;
    }
    // (In the lenient case the missing thread is tracked as a thread of its own, as Go's harness does.)
    let slot = this.threads.get(m);
    if (slot === undefined) {
      slot = { m, p: NONE, g: NONE };
      this.threads.set(m, slot);
    }
    return slot;
  }

  private range(c: Chunk, i: number): void {
    const r = readRange(this.store, c, i);
    const key = `${r.scope}:${r.id}`;
    const open = this.ranges.get(key) ?? [];
    const at = open.indexOf(r.name);
    const where = r.scope === Resource.None ? 'the trace' : `${RESOURCE_NAMES[r.scope]} ${r.id}`;
    switch (TYPE_KIND[c.typ[i]!]! as Kind) {
      case Kind.RangeBegin:
        if (at >= 0) this.fail(c, i, `range ${JSON.stringify(r.name)} on ${where} begins while open`);
        open.push(r.name);
        break;
      case Kind.RangeActive:
        if (at < 0) open.push(r.name);
        break;
      default:
        if (at < 0) this.fail(c, i, `range ${JSON.stringify(r.name)} on ${where} ends while not open`);
        else open.splice(at, 1);
        break;
    }
    this.ranges.set(key, open);
  }

  private anyRange(scope: Resource, id: number): boolean {
    return (this.ranges.get(`${scope}:${id}`)?.length ?? 0) > 0;
  }

  private openRanges(scope: Resource, id: number): string {
    return (this.ranges.get(`${scope}:${id}`) ?? []).map((n) => JSON.stringify(n)).join(', ');
  }

  /** Frames after the first must be complete (Go allows one all-zero leading frame). */
  private checkFrames(c: Chunk, i: number, stack: number, what: string): void {
    if (stack === 0) return;
    const s = this.store;
    const frames = s.stackFrames(stack);
    for (let k = 1; k < frames.length; k++) {
      const f = frames[k]!;
      const fn = s.strings[s.frameFunc[f]!];
      const file = s.strings[s.frameFile[f]!];
      if (!fn || !file || s.framePc[f] === 0 || s.frameLine[f] === 0) {
        this.fail(c, i, `${what} ${stack}, frame ${k}: incomplete (func ${JSON.stringify(fn)}, file ${JSON.stringify(file)}, pc ${s.framePc[f]}, line ${s.frameLine[f]})`);
      }
    }
  }
}

function kindName(c: Chunk, i: number): string {
  return KIND_NAMES[TYPE_KIND[c.typ[i]!]!] ?? '?';
}
