// The user tasks of a trace as columns: one row per task, per log and per region, linked per task,
// written by the task pass (task-pass.ts). A task becomes a TaskRecord object only when a page or
// a view asks for it: a task costs a few hundred bytes of typed arrays instead of ~3 KB of objects.

import { GO_STATE_NAMES } from '../parser/events.js';
import { goQuote } from '../parser/go/go-quote.js';
import { f64, i32, u32 } from './timeline/columns.js';

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

/** One task, as objects (TaskTable.get). */
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

/** What a task table needs to find by id: TaskTable, or a Map of records. */
export interface TaskLookup {
  get(id: number): TaskRecord | undefined;
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

/** No row (end of a chain), no string (type never seen), no event (time). */
const NONE = -1;

/** A region's end by its goroutine's exit, as regEndWhat stores it (below NONE): from and to states. */
const exitWhat = (from: number, to: number): number => -2 - (from * 256 + to);

function u64(v: number): string {
  return v === -1 ? '18446744073709551615' : String(v);
}

/** An event's columns: time (NaN: none), goroutine, stack. */
class RefColumns {
  readonly time = f64();
  readonly g = f64();
  readonly stack = u32();
  push(time: number, g: number, stack: number): void {
    this.time.push(time);
    this.g.push(g);
    this.stack.push(stack);
  }
  set(k: number, time: number, g: number, stack: number): void {
    this.time.a[k] = time;
    this.g.a[k] = g;
    this.stack.a[k] = stack;
  }
  has(k: number): boolean {
    return !Number.isNaN(this.time.a[k]!);
  }
}

/** Singly linked lists of rows, one per owner (first, last; next per row). */
class Chains {
  readonly head = i32();
  readonly tail = i32();
  readonly next = i32();
  addOwner(): void {
    this.head.push(NONE);
    this.tail.push(NONE);
  }
  /** Row r (the next one: rows are added in order) goes last in owner's chain. */
  append(owner: number, r: number): void {
    this.next.push(NONE);
    this.link(owner, r);
  }
  /** Links an existing row (its next slot already there). */
  link(owner: number, r: number): void {
    this.next.a[r] = NONE;
    const t = this.tail.a[owner]!;
    if (t === NONE) this.head.a[owner] = r;
    else this.next.a[t] = r;
    this.tail.a[owner] = r;
  }
  *rows(owner: number): Generator<number> {
    for (let r = this.head.a[owner]!; r !== NONE; r = this.next.a[r]!) yield r;
  }
}

export class TaskTable implements TaskLookup {
  // Tasks, in order of first mention.
  readonly id = f64();
  /** String id of the type (the last TaskBegin/TaskEnd's), NONE: never seen. */
  readonly type = i32();
  readonly parent = f64();
  readonly begin = new RefColumns();
  /** The TaskBegin's own type and parent arguments (its description shows them). */
  private readonly beginType = i32();
  private readonly beginParent = f64();
  readonly end = new RefColumns();
  /** Children (task rows) in the order their parent was learned. */
  private readonly children = new Chains();
  private readonly taskLogs = new Chains();
  private readonly taskRegions = new Chains();
  private readonly byId = new Map<number, number>();
  private readonly exactId = new Map<number, bigint>();
  /** Goroutines of a task's begin or end events since replaced by another (rare: a task begun twice). */
  private readonly replacedG = new Map<number, number[]>();

  // Logs.
  private readonly log = new RefColumns();
  private readonly logCategory = u32();
  private readonly logMessage = u32();

  // Regions; regTask is NONE for one not in a task (an inherited region's placeholder is never a row).
  private readonly regTask = i32();
  private readonly regName = u32();
  private readonly regStart = new RefColumns();
  private readonly regEnd = new RefColumns();
  /** String id of the RegionEnd's own type, or exitWhat(from, to) for an end by the goroutine's exit. */
  private readonly regEndWhat = i32();
  private readonly regExact = new Map<number, bigint>();

  private readonly quoted = new Map<string, string>();

  constructor(private readonly store: { readonly strings: readonly string[] }) {}

  private get strings(): readonly string[] {
    return this.store.strings;
  }

  get size(): number {
    return this.id.n;
  }

  /** The row of task id, made if new. */
  task(id: number): number {
    let k = this.byId.get(id);
    if (k === undefined) {
      k = this.id.n;
      this.byId.set(id, k);
      this.id.push(id);
      this.type.push(NONE);
      this.parent.push(-1);
      this.begin.push(NaN, 0, 0);
      this.beginType.push(NONE);
      this.beginParent.push(-1);
      this.end.push(NaN, 0, 0);
      this.children.addOwner();
      this.taskLogs.addOwner();
      this.taskRegions.addOwner();
      this.children.next.push(NONE);
    }
    return k;
  }

  rowOf(id: number): number | undefined {
    return this.byId.get(id);
  }

  setExactId(k: number, exact: bigint): void {
    if (!this.exactId.has(k)) this.exactId.set(k, exact);
  }

  /** A TaskBegin or TaskEnd of task row k. type: the event's type string id. */
  taskEvent(k: number, begin: boolean, type: number, parent: number, time: number, g: number, stack: number): void {
    this.type.a[k] = type;
    const ref = begin ? this.begin : this.end;
    if (ref.has(k) && ref.g.a[k] !== g) {
      const old = this.replacedG.get(k);
      if (old === undefined) this.replacedG.set(k, [ref.g.a[k]!]);
      else old.push(ref.g.a[k]!);
    }
    ref.set(k, time, g, stack);
    if (begin) {
      this.beginType.a[k] = type;
      this.beginParent.a[k] = parent;
    }
    if (parent !== -1 && this.parent.a[k] === -1) {
      this.parent.a[k] = parent;
      this.children.link(this.task(parent), k);
    }
  }

  addLog(k: number, time: number, g: number, stack: number, category: number, message: number): void {
    const r = this.log.time.n;
    this.log.push(time, g, stack);
    this.logCategory.push(category);
    this.logMessage.push(message);
    this.taskLogs.append(k, r);
  }

  /** A region of task row k (NONE: of none), begun at time (NaN: before the trace); returns its row. */
  addRegion(k: number, name: number, time: number, g: number, stack: number, exact: bigint | null): number {
    const r = this.regTask.n;
    this.regTask.push(k);
    this.regName.push(name);
    this.regStart.push(time, g, stack);
    this.regEnd.push(NaN, 0, 0);
    this.regEndWhat.push(NONE);
    if (exact !== null) this.regExact.set(r, exact);
    if (k !== NONE) this.taskRegions.append(k, r);
    else this.taskRegions.next.push(NONE);
    return r;
  }

  /** Region r ended by a RegionEnd of type (string id). */
  regionEnd(r: number, type: number, time: number, g: number, stack: number): void {
    this.regEnd.set(r, time, g, stack);
    this.regEndWhat.a[r] = type;
  }

  /** Region r ended by its goroutine's exit (a transition from -> to). */
  regionExit(r: number, from: number, to: number, time: number, g: number, stack: number): void {
    this.regEnd.set(r, time, g, stack);
    this.regEndWhat.a[r] = exitWhat(from, to);
  }

  /** The task id of region r. */
  regionTaskId(r: number): number {
    return this.id.a[this.regTask.a[r]!]!;
  }

  typeOf(k: number): string {
    const t = this.type.a[k]!;
    return t === NONE ? '' : this.strings[t]!;
  }

  /** Task row k's region names (as written), logs' categories and messages, for a text search. */
  textHit(k: number, x: string): boolean {
    for (const r of this.taskRegions.rows(k)) if (this.strings[this.regName.a[r]!]!.includes(x)) return true;
    for (const r of this.taskLogs.rows(k)) {
      if (this.strings[this.logCategory.a[r]!]!.includes(x) || this.strings[this.logMessage.a[r]!]!.includes(x)) return true;
    }
    return false;
  }

  get(id: number): TaskRecord | undefined {
    const k = this.byId.get(id);
    return k === undefined ? undefined : this.record(k);
  }

  *values(): Generator<TaskRecord> {
    for (let k = 0; k < this.size; k++) yield this.record(k);
  }

  private quote(s: string): string {
    let q = this.quoted.get(s);
    if (q === undefined) this.quoted.set(s, (q = goQuote(s)));
    return q;
  }

  /** Task row k as objects. */
  record(k: number): TaskRecord {
    const s = this.strings;
    const id = this.id.a[k]!;
    const goroutines = new Set<number>();
    let begin: TaskEventRef | null = null;
    let end: TaskEventRef | null = null;
    if (this.begin.has(k)) {
      const bt = this.beginType.a[k]!;
      const what = `task ${this.quote(bt === NONE ? '' : s[bt]!)} (D ${id}, parent ${u64(this.beginParent.a[k]!)}) begin`;
      begin = { time: this.begin.time.a[k]!, goroutine: this.begin.g.a[k]!, what, stack: this.begin.stack.a[k]! };
      goroutines.add(begin.goroutine);
    }
    if (this.end.has(k)) {
      end = { time: this.end.time.a[k]!, goroutine: this.end.g.a[k]!, what: 'task end', stack: this.end.stack.a[k]! };
      goroutines.add(end.goroutine);
    }
    for (const g of this.replacedG.get(k) ?? []) goroutines.add(g);
    const logs: TaskEventRef[] = [];
    for (const r of this.taskLogs.rows(k)) {
      const category = s[this.logCategory.a[r]!]!;
      const message = s[this.logMessage.a[r]!]!;
      const g = this.log.g.a[r]!;
      logs.push({ time: this.log.time.a[r]!, goroutine: g, what: describeLog(category, message), stack: this.log.stack.a[r]!, log: { category, message } });
      goroutines.add(g);
    }
    const regions: TaskRegion[] = [];
    for (const r of this.taskRegions.rows(k)) {
      const reg = this.regionRecord(r);
      regions.push(reg);
      goroutines.add((reg.start ?? reg.end)!.goroutine);
    }
    const children: number[] = [];
    for (const c of this.children.rows(k)) children.push(this.id.a[c]!);
    const t: TaskRecord = { id, type: this.typeOf(k), parent: this.parent.a[k]!, children, begin, end, logs, regions, goroutines };
    const exact = this.exactId.get(k);
    if (exact !== undefined) t.exactId = exact;
    return t;
  }

  private regionRecord(r: number): TaskRegion {
    const name = this.strings[this.regName.a[r]!]!;
    const st = this.regStart;
    const en = this.regEnd;
    const start = st.has(r) ? { time: st.time.a[r]!, goroutine: st.g.a[r]!, what: `region ${this.quote(name)} begin`, stack: st.stack.a[r]! } : null;
    let end: TaskEventRef | null = null;
    if (en.has(r)) {
      const w = this.regEndWhat.a[r]!;
      let what: string;
      if (w >= 0) what = `region ${this.quote(this.strings[w]!)} end`;
      else {
        const code = -2 - w;
        what = `${GO_STATE_NAMES[code >> 8]} -> ${GO_STATE_NAMES[code & 255]}`;
      }
      end = { time: en.time.a[r]!, goroutine: en.g.a[r]!, what, stack: en.stack.a[r]! };
    }
    const reg: TaskRegion = { taskId: this.regionTaskId(r), name, start, end };
    const exact = this.regExact.get(r);
    if (exact !== undefined) reg.exactTaskId = exact;
    return reg;
  }
}
