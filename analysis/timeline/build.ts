// Builds the timeline model (model.ts) of a parsed trace: goroutine, P and thread rows (rows.ts),
// GC/STW/assist ranges and the counter index. Two passes over the events: the first counts each
// goroutine's transitions so that its rows can be written in place by the second (no permuted
// copies); the hot loop reads event columns directly and allocates nothing per event.

import { Chunk, EventStore, GoState, Kind, ProcState, TYPE_KIND } from '../../parser/events.js';
import { Resource, newTransition, readTransition } from '../../parser/event-details.js';
import { Ev } from '../../parser/wire/specs.js';
import { Column, u32 } from './columns.js';
import { PACK_BLOCK, PACK_SHIFT as SHIFT, PackedU32Writer, type PackedU32 } from './packed-u32.js';
import { RowCounts, type Counts } from './row-counts.js';
import { ThreadRunsWriter } from './thread-rows.js';
import { STEP_PROC_DOWN, STEP_PROC_UP, STEP_METRIC, buildCounters, metricValue } from './counter-model.js';
import { EventTimes } from './event-times.js';
import { MetricValues } from './metric-values.js';
import { StepCodes } from './step-codes.js';
import { IdSlots } from '../id-slots.js';
import { startFunction } from '../start-function.js';
import type { CounterSteps, Timeline, TimelineRows } from './model.js';
import { RangeBuilder } from './ranges.js';
import { GoroutineRows, ProcRows, ThreadRows, procRowEnds } from './rows.js';
import { STYLE_NONE, StyleTable } from './styles.js';

export type { CounterSteps, Timeline, TimelineRows } from './model.js';

/** Counter index of a GoState (4 = not counted). */
const COUNTER_INDEX = new Uint8Array([4, 4, 0, 1, 2, 3, 4, 4]);

/** Offsets of groups of the given capacities (one more entry: the total). */
function offsetsOf(cap: ArrayLike<number>, n: number): Uint32Array {
  const off = new Uint32Array(n + 1);
  for (let k = 0; k < n; k++) off[k + 1] = off[k]! + cap[k]!;
  return off;
}

class Builder {
  readonly goroutineSlots: IdSlots;
  readonly styles: StyleTable;
  // Goroutine rows (grouped by goroutine, in id order, each goroutine's starting on a block of
  // PACK_BLOCK rows): the event each begins at, packed a block at a time as the rows are written
  // (packed-u32.ts), and its style. A goroutine's block being written waits in a staging area of
  // PACK_BLOCK values (stageOf[slot], -1 none; stagedBlock[slot]) until the goroutine moves on to
  // the next block or ends: the plain column (4 bytes a row, 112 MB on the 210 MB trace) never is.
  evs!: PackedU32Writer;
  stage = new Uint32Array(0);
  stageOf!: Int32Array;
  stagedBlock!: Int32Array;
  freeAreas: number[] = [];
  areas = 0;
  rowStyle!: Uint8Array;
  // Per goroutine slot: its first row and next free row, whether it is known yet (from its
  // creation or first sighting), its open span (state 0 = none; start time; thread, -1 if none),
  // the time of its last row boundary, and the P its open span holds + 1 (0 = none).
  firstRow!: Uint32Array;
  nextRow!: Uint32Array;
  known!: Uint8Array;
  openState!: Uint8Array;
  openStart!: Float64Array;
  openThread!: Int32Array;
  lastBoundary!: Float64Array;
  procOf!: Int32Array;
  /** Per goroutine slot: the stack it is named after (0 = none yet; goroutine-tracks.ts goroutineNameFromRows). */
  firstStack!: Uint32Array;
  /** Per goroutine slot: the last P row written for it (-1: none), which its thread row may show too. */
  lastProcRow!: Int32Array;
  // Per P: its open span (state 0 = none; the goroutine row it shows, its start, the goroutine's
  // slot) and the end of its last row.
  procState = new Uint8Array(0);
  procOpenRow = new Uint32Array(0);
  procOpenStart = new Float64Array(0);
  procOpenSlot = new Int32Array(0);
  procLastEnd = new Float64Array(0);
  /** P rows, grouped by P with room for pass 1's bound: procRowOffset[p] + procRowCount[p] is the next free row. */
  procRowGoroutineRow = new Uint32Array(0);
  /**
   * The P rows that may not end where their goroutine row does, and the event they end at
   * (checked once the rows are final, procRowEnds). A P row closed by its goroutine's own
   * transition ends where the goroutine's next row begins, unless that row is later taken back
   * (empty) and another begins there: such a P row is only noted per goroutine
   * (followedProcRow[slot]) and becomes a candidate then. (An end event per P row was 38 MB
   * at the rows pass's end, the load's peak, on the 210 MB trace; candidates are ~0.1 % of rows.)
   */
  endCandRow = u32();
  endCandEv = u32();
  followedProcRow!: Int32Array;
  procRowOffset: Uint32Array = new Uint32Array(1);
  procRowCount = new Uint32Array(0);
  /** Highest P id with a row + 1. */
  procCount = 0;
  // Threads, by slot (first appearance), likewise; their rows' goroutine rows as runs of P rows
  // (thread-rows.ts).
  readonly threadSlots: IdSlots;
  threadRuns = new ThreadRunsWriter(0, 0);
  threadRowOffset: Uint32Array = new Uint32Array(1);
  threadRowCount = new Uint32Array(0);
  threadLastStart = new Float64Array(0);
  /**
   * The goroutine slot whose span just closed on a thread (-1: none): its thread row is appended
   * once the transition has closed the goroutine's P span too (the P row it may show:
   * appendThreadRow), from the slot's state, which nothing changes in between.
   */
  pendingSlot = -1;
  // Counter steps: one code per event (four bits: step-codes.ts), and the back-dated ones (at a
  // sync's time) apart.
  codes: StepCodes;
  backdatedEv = u32();
  backdatedCode = new Column(Uint8Array);
  syncTime = 0;
  syncEv = 0;
  ranges: RangeBuilder;
  /** Scratch for the transition being read. */
  private transitionRead = newTransition();

  constructor(readonly store: EventStore, readonly times: EventTimes, counted: RowCounts) {
    this.goroutineSlots = counted.goroutineSlots;
    this.threadSlots = counted.threadSlots;
    this.styles = new StyleTable(store.strings);
    this.codes = new StepCodes(times.n);
    this.ranges = new RangeBuilder(store, times.firstTime);
    this.syncTime = times.firstTime;
  }

  /** Allocates each goroutine's rows (ordered by id) from the counts of pass 1. */
  allocate(all: Counts): { sorted: Float64Array; rank: Uint32Array } {
    const counts = all.goroutines;
    const np = all.procs.length;
    this.procRowOffset = offsetsOf(all.procs, np);
    this.procRowCount = new Uint32Array(np);
    this.procRowGoroutineRow = new Uint32Array(this.procRowOffset[np]!);
    const nm = this.threadSlots.size;
    this.threadRowOffset = offsetsOf(all.threads, nm);
    this.threadRowCount = new Uint32Array(nm);
    this.threadRuns = new ThreadRunsWriter(nm, this.threadRowOffset[nm]!);
    this.threadLastStart = new Float64Array(nm).fill(-Infinity);
    const n = this.goroutineSlots.size;
    const { sorted, rank } = this.goroutineSlots.ranks();
    const cap = new Uint32Array(n);
    // (Rounded up to whole blocks: a block holds one goroutine's rows.)
    for (let s = 0; s < n; s++) cap[rank[s]!] = (counts[s]! + PACK_BLOCK) & -PACK_BLOCK;
    const off = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) off[k + 1] = off[k]! + cap[k]!;
    if (off[n]! > 0xffffffff) throw new Error('timeline: too many goroutine transitions');
    this.evs = new PackedU32Writer(off[n]!);
    this.stageOf = new Int32Array(n).fill(-1);
    this.stagedBlock = new Int32Array(n).fill(-1);
    this.followedProcRow = new Int32Array(n).fill(-1);
    this.rowStyle = new Uint8Array(off[n]!);
    this.firstRow = new Uint32Array(n);
    for (let s = 0; s < n; s++) this.firstRow[s] = off[rank[s]!]!;
    this.nextRow = this.firstRow.slice();
    this.known = new Uint8Array(n);
    this.openState = new Uint8Array(n);
    this.openStart = new Float64Array(n);
    this.openThread = new Int32Array(n).fill(-1);
    this.lastBoundary = new Float64Array(n).fill(-Infinity);
    this.procOf = new Int32Array(n);
    this.firstStack = new Uint32Array(n);
    this.lastProcRow = new Int32Array(n).fill(-1);
    return { sorted, rank };
  }

  private growProcs(p: number): void {
    if (p < this.procState.length) return;
    const n = Math.max(p + 1, this.procState.length * 2);
    const g = <T extends Uint8Array | Uint32Array | Float64Array | Int32Array>(a: T, fill: number): T => {
      const b = new (a.constructor as { new (n: number): T })(n);
      b.fill(fill);
      b.set(a as never);
      return b;
    };
    this.procState = g(this.procState, 0);
    this.procOpenRow = g(this.procOpenRow, 0);
    this.procOpenStart = g(this.procOpenStart, 0);
    this.procOpenSlot = g(this.procOpenSlot, -1);
    this.procLastEnd = g(this.procLastEnd, -Infinity);
  }

  /** Closes P p's open span at t, at event endEv; `followed`: by its goroutine's transition, whose next row begins at endEv. */
  private closeProcSpan(p: number, t: number, endEv: number, followed = false): void {
    const st = this.procState[p]!;
    if (st === 0) return;
    this.procState[p] = 0;
    const goroutineSlot = this.procOpenSlot[p]!;
    if (goroutineSlot >= 0 && this.procOf[goroutineSlot] === p + 1) this.procOf[goroutineSlot] = 0;
    if (t <= this.procOpenStart[p]!) return;
    const k = this.procRowCount[p]!;
    // Within pass 1's bound by construction; checked all the same.
    if (p + 1 >= this.procRowOffset.length || this.procRowOffset[p]! + k >= this.procRowOffset[p + 1]!) return;
    const j = this.procRowOffset[p]! + k;
    this.procRowGoroutineRow[j] = this.procOpenRow[p]!;
    if (goroutineSlot >= 0) this.lastProcRow[goroutineSlot] = j;
    if (followed && goroutineSlot >= 0) this.followedProcRow[goroutineSlot] = j;
    else {
      this.endCandRow.push(j);
      this.endCandEv.push(endEv);
    }
    this.procRowCount[p] = k + 1;
    if (p >= this.procCount) this.procCount = p + 1;
    this.procLastEnd[p] = t;
  }

  private openProcSpan(p: number, t: number, endEv: number, goroutineSlot: number, goroutineRow: number, state: number): void {
    if (p < 0) return;
    this.growProcs(p);
    if (this.procState[p] !== 0) this.closeProcSpan(p, Math.max(t, this.procOpenStart[p]!), endEv);
    // A span back-dated before the P's last one: not drawn (the P cannot hold two).
    if (t < this.procLastEnd[p]!) return;
    this.procState[p] = state;
    this.procOpenStart[p] = t;
    this.procOpenRow[p] = goroutineRow;
    this.procOpenSlot[p] = goroutineSlot;
    this.procOf[goroutineSlot] = p + 1;
  }

  /** Appends the pending thread row (closeGoroutineSpan), if any. */
  private appendThreadRow(): void {
    const slot = this.pendingSlot;
    if (slot < 0) return;
    this.pendingSlot = -1;
    const s = this.threadSlots.get(this.openThread[slot]!);
    const start = this.openStart[slot]!;
    if (s < 0 || start < this.threadLastStart[s]!) return;
    const k = this.threadRowCount[s]!;
    if (this.threadRowOffset[s]! + k >= this.threadRowOffset[s + 1]!) return;
    this.threadLastStart[s] = start;
    const g = this.nextRow[slot]! - 1;
    const p = this.lastProcRow[slot]!;
    this.threadRuns.put(s, this.threadRowOffset[s]! + k, g, p >= 0 && this.procRowGoroutineRow[p] === g ? p : -1);
    this.threadRowCount[s] = k + 1;
  }

  /** Closes the slot's open span at t (dropping it if empty); its thread row waits for appendThreadRow. */
  private closeGoroutineSpan(slot: number, t: number): void {
    const st = this.openState[slot]!;
    if (st === 0) return;
    this.openState[slot] = 0;
    const s0 = this.openStart[slot]!;
    if (t <= s0) {
      // The row is taken back; a P row that ended where it began now ends where the next begins.
      const taken = this.nextRow[slot]! - 1;
      const j = this.followedProcRow[slot]!;
      if (j >= 0 && this.procRowGoroutineRow[j] === taken - 1) {
        this.endCandRow.push(j);
        this.endCandEv.push(this.rowEvAt(slot, taken));
        this.followedProcRow[slot] = -1;
      }
      this.nextRow[slot] = taken;
      return;
    }
    if (this.openThread[slot]! >= 0) this.pendingSlot = slot;
  }

  private pushRow(slot: number, ev: number, style: number, t: number): void {
    const j = this.nextRow[slot]!;
    const b = j >>> SHIFT;
    const area = this.stagedBlock[slot] === b ? this.stageOf[slot]! : this.stageFor(slot, b);
    this.stage[area * PACK_BLOCK + (j & (PACK_BLOCK - 1))] = ev;
    this.rowStyle[j] = style;
    this.nextRow[slot] = j + 1;
    this.lastBoundary[slot] = t;
  }

  /** The event goroutine row j (of the slot, written already) begins at. */
  private rowEvAt(slot: number, j: number): number {
    if (this.stagedBlock[slot] === j >>> SHIFT) return this.stage[this.stageOf[slot]! * PACK_BLOCK + (j & (PACK_BLOCK - 1))]!;
    return this.evs.get(j);
  }

  /**
   * Stages block b of the slot's rows: the block staged before is packed (its rows are final:
   * the only row ever taken back is the last, and only before a row follows it). A block packed
   * already (the goroutine moved on after its end) is read back to be packed again.
   */
  private stageFor(slot: number, b: number): number {
    let area = this.stageOf[slot]!;
    if (area >= 0) this.flush(slot);
    else {
      area = this.freeAreas.pop() ?? this.newArea();
      this.stageOf[slot] = area;
    }
    this.stagedBlock[slot] = b;
    if (this.evs.has(b)) for (let k = 0; k < PACK_BLOCK; k++) this.stage[area * PACK_BLOCK + k] = this.evs.get((b << SHIFT) + k);
    return area;
  }

  /** Packs the slot's staged block (its rows up to the next free one). */
  private flush(slot: number): void {
    const b = this.stagedBlock[slot]!;
    const count = Math.max(0, Math.min(PACK_BLOCK, this.nextRow[slot]! - (b << SHIFT)));
    this.evs.put(b, this.stage, this.stageOf[slot]! * PACK_BLOCK, count);
  }

  /** Packs the slot's staged block, if any, and frees its area (the goroutine ended, or the trace). */
  private release(slot: number): void {
    const area = this.stageOf[slot]!;
    if (area < 0) return;
    this.flush(slot);
    this.freeAreas.push(area);
    this.stageOf[slot] = -1;
    this.stagedBlock[slot] = -1;
  }

  private newArea(): number {
    if ((this.areas + 1) * PACK_BLOCK > this.stage.length) {
      const grown = new Uint32Array(Math.max(64, this.areas * 2) * PACK_BLOCK);
      grown.set(this.stage);
      this.stage = grown;
    }
    return this.areas++;
  }

  private recordStep(ev: number, back: boolean, code: number): void {
    if (back) {
      this.backdatedEv.push(this.syncEv);
      this.backdatedCode.push(code);
    } else this.codes.set(ev, code);
  }

  transition(c: Chunk, i: number, ev: number, time: number): void {
    const t = this.transitionRead;
    readTransition(this.store, c, i, t);
    if (t.resource === Resource.Proc) {
      if (t.from === t.to) return;
      const back = t.from === ProcState.Undetermined;
      const fromRunning = t.from === ProcState.Running;
      const toRunning = t.to === ProcState.Running;
      if (toRunning && !fromRunning) this.recordStep(ev, back, STEP_PROC_UP);
      if (fromRunning && !toRunning) {
        this.recordStep(ev, false, STEP_PROC_DOWN);
        if (t.id >= 0 && t.id < this.procState.length) this.closeProcSpan(t.id, time, ev);
      }
      return;
    }
    if (t.resource !== Resource.Goroutine) return;
    const slot = this.goroutineSlots.get(t.id);
    if (slot < 0) return;
    // Like go tool trace's summary, a goroutine is known from its creation or first sighting;
    // other transitions of an unknown goroutine are ignored.
    if (this.known[slot] === 0) {
      if (t.from === t.to || (t.from !== GoState.Undetermined && t.from !== GoState.NotExist)) return;
      this.known[slot] = 1;
    }
    // Named, as the goroutine analysis names it, after its first transition stack whose
    // outermost frame has a function name.
    if (this.firstStack[slot] === 0 && t.stack !== 0 && startFunction(this.store, t.stack) !== '') this.firstStack[slot] = t.stack;
    if (t.from === t.to) return;
    // A goroutine first seen mid-generation has been in its state since the sync.
    const back = t.from === GoState.Undetermined;
    let start = back ? this.syncTime : time;
    let startEv = back ? this.syncEv : ev;
    if (start < this.lastBoundary[slot]!) {
      // Never before the goroutine's last boundary (rows stay sorted).
      start = this.lastBoundary[slot]!;
      startEv = this.rowEvAt(slot, this.nextRow[slot]! - 1);
    }
    const fromIdx = COUNTER_INDEX[this.openState[slot]!]!;
    this.closeGoroutineSpan(slot, start);
    const proc = this.procOf[slot]! - 1;
    const procHeld = proc >= 0 ? this.procState[proc]! : 0;
    if (proc >= 0) this.closeProcSpan(proc, start, startEv, true);
    this.appendThreadRow();
    const to = t.to;
    const toIdx = COUNTER_INDEX[to]!;
    const j = this.nextRow[slot]!;
    if (toIdx < 4) {
      this.pushRow(slot, startEv, this.styles.goroutine(to, t.reason), start);
      this.openState[slot] = to;
      this.openStart[slot] = start;
      this.openThread[slot] = to === GoState.Running || to === GoState.Syscall ? c.ctxM[c.ctx[i]!]! : -1;
      if (to === GoState.Running || (to === GoState.Syscall && (procHeld === GoState.Running || back))) {
        this.openProcSpan(c.ctxP[c.ctx[i]!]!, start, startEv, slot, j, to);
      }
    } else {
      if (j > this.firstRow[slot]! && this.rowStyle[j - 1] !== STYLE_NONE) this.pushRow(slot, startEv, STYLE_NONE, start);
      // Gone: its last block is packed now.
      this.release(slot);
    }
    if (fromIdx !== 4 || toIdx !== 4) this.recordStep(ev, back, 1 + fromIdx * 5 + toIdx);
  }

  /** Closes everything at the last event and returns the rows. */
  finish(sorted: Float64Array, rank: Uint32Array, lastTime: number, lastEv: number): { goroutines: GoroutineRows; procs: ProcRows; threads: ThreadRows } {
    for (let p = 0; p < this.procState.length; p++) this.closeProcSpan(p, lastTime, lastEv);
    const n = this.goroutineSlots.size;
    const offset = new Uint32Array(n);
    const count = new Uint32Array(n);
    for (let s = 0; s < n; s++) {
      this.closeGoroutineSpan(s, lastTime);
      this.appendThreadRow();
      const j = this.nextRow[s]!;
      if (j > this.firstRow[s]! && this.rowStyle[j - 1] !== STYLE_NONE) this.pushRow(s, lastEv, STYLE_NONE, lastTime);
      this.release(s);
      offset[rank[s]!] = this.firstRow[s]!;
      count[rank[s]!] = this.nextRow[s]! - this.firstRow[s]!;
    }
    // Goroutines whose transitions were all ignored have no rows and no track.
    let kept = 0;
    for (let k = 0; k < n; k++) if (count[k]! > 0) kept++;
    const ids = new Float64Array(kept);
    const off = new Uint32Array(kept);
    const cnt = new Uint32Array(kept);
    const slotOf = new Int32Array(n);
    for (let s = 0; s < n; s++) slotOf[rank[s]!] = s;
    const firstStack = new Uint32Array(kept);
    for (let k = 0, q = 0; k < n; k++) {
      if (count[k] === 0) continue;
      ids[q] = sorted[k]!;
      off[q] = offset[k]!;
      firstStack[q] = this.firstStack[slotOf[k]!]!;
      cnt[q++] = count[k]!;
    }
    const ev = this.evs.done();
    this.stage = new Uint32Array(0);
    const goroutines: GoroutineRows = { ids, offset: off, count: cnt, ev, style: this.rowStyle, firstStack };
    return { goroutines, procs: this.procRows(ev), threads: this.threadRows() };
  }

  private procRows(ev: PackedU32): ProcRows {
    const procs = this.procCount;
    const ids = new Float64Array(procs);
    for (let p = 0; p < procs; p++) ids[p] = p;
    const offset = this.procRowOffset.slice(0, procs);
    const count = this.procRowCount.slice(0, procs);
    const ends = procRowEnds(this.procRowGoroutineRow, this.endCandRow.take(), this.endCandEv.take(), ev);
    return { ids, offset, count, goroutineRow: this.procRowGoroutineRow, ...ends };
  }

  private threadRows(): ThreadRows {
    const { sorted, rank } = this.threadSlots.ranks();
    const n = sorted.length;
    const offset = new Uint32Array(n);
    const count = new Uint32Array(n);
    for (let s = 0; s < n; s++) {
      offset[rank[s]!] = this.threadRowOffset[s]!;
      count[rank[s]!] = this.threadRowCount[s]!;
    }
    return { ids: sorted, offset, count, goroutineRow: this.threadRuns.done(this.procRowGoroutineRow) };
  }
}

/** Builds the timeline model of a parsed trace; `timings`, if given, receives each phase's ms. */
export function buildTimeline(store: EventStore, timings?: Record<string, number>, counted: RowCounts | null = null): Timeline {
  const { rows, steps } = buildTimelineRows(store, timings, { counted });
  return withCounters(rows, steps, timings);
}

/**
 * The counters' part of the build, apart so that it can run while the rows are put to use
 * elsewhere (the server builds both in a worker and sends the rows ahead).
 */
export function withCounters(rows: TimelineRows, steps: CounterSteps, timings?: Record<string, number>): Timeline {
  const t0 = performance.now();
  const counters = buildCounters(rows.times, steps.codes, steps.backdatedEv, steps.backdatedCode, steps.metric);
  if (timings) timings['counters'] = performance.now() - t0;
  return { ...rows, counters };
}

/** What the server asks of the rows pass (its analysis worker). */
export interface RowsHooks {
  /** Keep the metric steps' values (CounterSteps.metric), so that the counters read no event (they are on disk). */
  keepMetricValues?: boolean;
  /** The first pass, done already (fed every chunk of the store, in order). */
  counted?: RowCounts | null;
}

/** The rows, ranges and styles of the timeline, and the steps its counters are built from. */
export function buildTimelineRows(store: EventStore, timings?: Record<string, number>, hooks: RowsHooks = {}): { rows: TimelineRows; steps: CounterSteps } {
  let mark = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    if (timings) timings[name] = now - mark;
    mark = now;
  };
  const times = new EventTimes(store);
  const chunks = times.chunks;
  // Pass 1, unless counted while the trace was parsed.
  let counted = hooks.counted ?? null;
  if (counted === null || counted.chunks !== store.chunks.length) {
    counted = new RowCounts();
    for (const c of store.chunks) counted.feed(c);
  }
  const counts = counted.counts;
  const b = new Builder(store, times, counted);
  const { sorted, rank } = b.allocate(counts);
  phase('count');
  const codes = b.codes;
  // (Sized by the count: growing them copied 34 MB at 210 MB and held up to twice that.)
  const metric = hooks.keepMetricValues === true ? new MetricValues(counts.metrics) : null;
  let ev = 0;
  for (const c of chunks) {
    const typ = c.typ;
    for (let i = 0; i < c.n; i++, ev++) {
      const ty = typ[i]!;
      const kind = TYPE_KIND[ty]! as Kind;
      switch (kind) {
        case Kind.StateTransition:
          b.transition(c, i, ev, c.timeAt(i));
          break;
        case Kind.Sync:
          b.syncTime = c.timeAt(i);
          b.syncEv = ev;
          break;
        case Kind.Metric:
          codes.set(ev, ty === Ev.HeapAlloc ? STEP_METRIC : ty === Ev.HeapGoal ? STEP_METRIC + 1 : STEP_METRIC + 2);
          metric?.push(metricValue(c, i));
          break;
        case Kind.RangeBegin:
        case Kind.RangeActive:
        case Kind.RangeEnd:
          // Incremental sweeps (most range events) are not kept.
          if (ty !== Ev.GCSweepBegin && ty !== Ev.GCSweepActive && ty !== Ev.GCSweepEnd) b.ranges.event(c, i, kind, c.timeAt(i), b.syncTime);
          break;
      }
    }
  }
  phase('rows');
  const firstTime = times.firstTime;
  const lastTime = times.lastTime;
  const { goroutines, procs, threads } = b.finish(sorted, rank, lastTime, Math.max(0, times.n - 1));
  const ranges = b.ranges.build(lastTime);
  for (let k = 0; k < ranges.stw.kind.length; k++) {
    const name = store.strings[ranges.stw.kind[k]!] ?? '';
    b.styles.named('stw', name, `Stop-the-world (${name})`);
  }
  phase('finish');
  const rows: TimelineRows = {
    store,
    times,
    firstTime,
    lastTime,
    styles: b.styles,
    goroutines,
    procs,
    threads,
    ranges,
    lod: new Map(),
    views: new Map(),
    regionTracks: new Map(),
    taskTrack: null,
  };
  return { rows, steps: { codes: codes.done(), backdatedEv: b.backdatedEv.take(), backdatedCode: b.backdatedCode.take(), metric: metric?.values ?? null } };
}
