// Builds the timeline model of a parsed trace: goroutine, P and thread rows (rows.ts), GC/STW/
// assist ranges and the counter index. Two passes over the events: the first counts each
// goroutine's transitions so that its rows can be written in place by the second (no permuted
// copies); the hot loop reads event columns directly and allocates nothing per event.

import { Chunk, EventStore, GoState, Kind, ProcState, TYPE_KIND } from '../../parser/events.js';
import { Resource, newTransition, readTransition } from '../../parser/event-details.js';
import { Ev } from '../../parser/wire/specs.js';
import { Column, u32 } from './columns.js';
import { CounterModel, STEP_PROC_DOWN, STEP_PROC_UP, STEP_METRIC, buildCounters } from './counter-model.js';
import { EventTimes } from './event-times.js';
import { IdSlots } from '../id-slots.js';
import { GcRanges, RangeBuilder } from './ranges.js';
import { GoroutineRows, ProcRows, ThreadRows } from './rows.js';
import { STYLE_NONE, StyleTable } from './styles.js';
import type { LodCache } from './lod.js';
import type { TrackView } from './track-view.js';
import type { RegionTrackData } from './region-tracks.js';

export interface Timeline {
  store: EventStore;
  times: EventTimes;
  /** Time of the first and the last event (absolute ns); open spans end at lastTime. */
  firstTime: number;
  lastTime: number;
  styles: StyleTable;
  goroutines: GoroutineRows;
  procs: ProcRows;
  threads: ThreadRows;
  ranges: GcRanges;
  counters: CounterModel;
  /** Level-of-detail summaries, built per track on first use. */
  lod: LodCache;
  /** Track views by id (cache). */
  views: Map<string, TrackView>;
  /** User-region tracks by goroutine id (addRegionTracks). */
  regionTracks: Map<number, RegionTrackData>;
  /** The user-task track (addTaskTrack), null until added. */
  taskTrack: RegionTrackData | null;
}

/** Counter index of a GoState (4 = not counted). */
const COUNTER_INDEX = new Uint8Array([4, 4, 0, 1, 2, 3, 4, 4]);

/** How the goroutine of a transition event is found: 1 = argument 0, 2 = the context's G, 0 = not a goroutine transition. */
const GOROUTINE_OF = new Uint8Array(256);
for (const t of [Ev.GoCreate, Ev.GoCreateBlocked, Ev.GoCreateSyscall, Ev.GoStart, Ev.GoUnblock, Ev.GoSwitch, Ev.GoSwitchDestroy, Ev.GoStatus, Ev.GoStatusStack]) {
  GOROUTINE_OF[t] = 1;
}
for (const t of [Ev.GoDestroy, Ev.GoDestroySyscall, Ev.GoStop, Ev.GoBlock, Ev.GoSyscallBegin, Ev.GoSyscallEnd, Ev.GoSyscallEndBlocked]) GOROUTINE_OF[t] = 2;

function growU32(a: Uint32Array, n: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** Transitions that may put a goroutine on a P or thread (to Running or Syscall). */
const TO_P = new Uint8Array(256);
for (const t of [Ev.GoStart, Ev.GoSyscallEnd, Ev.GoSyscallBegin, Ev.GoCreateSyscall, Ev.GoStatus, Ev.GoStatusStack]) TO_P[t] = 1;

interface Counts {
  /** Per goroutine slot: transitions. */
  g: Uint32Array;
  /** Per P id / thread slot: transitions that may start a row on it. */
  p: Uint32Array;
  m: Uint32Array;
}

/** Pass 1: goroutine and thread slots (first appearance) and upper bounds of each one's rows. */
function countTransitions(chunks: Chunk[], slots: IdSlots, mSlots: IdSlots): Counts {
  let g: Uint32Array = new Uint32Array(1024);
  let p: Uint32Array = new Uint32Array(8);
  let m: Uint32Array = new Uint32Array(8);
  for (const c of chunks) {
    const typ = c.typ;
    const ctx = c.ctx;
    const cg = c.ctxG;
    for (let i = 0; i < c.n; i++) {
      const ty = typ[i]!;
      const how = GOROUTINE_OF[ty]!;
      if (how === 0) continue;
      const id = how === 1 ? c.arg(i, 0) : cg[ctx[i]!]!;
      if (id < 0) continue;
      const s = slots.slot(id);
      if (s >= g.length) g = growU32(g, s + 1);
      g[s]!++;
      if (TO_P[ty] === 0) continue;
      const pid = c.ctxP[ctx[i]!]!;
      if (pid >= 0) {
        if (pid >= p.length) p = growU32(p, pid + 1);
        p[pid]!++;
      }
      const mid = c.ctxM[ctx[i]!]!;
      if (mid >= 0) {
        const ms = mSlots.slot(mid);
        if (ms >= m.length) m = growU32(m, ms + 1);
        m[ms]!++;
      }
    }
  }
  return { g, p, m };
}

/** Offsets of groups of the given capacities (one more entry: the total). */
function offsetsOf(cap: ArrayLike<number>, n: number): Uint32Array {
  const off = new Uint32Array(n + 1);
  for (let k = 0; k < n; k++) off[k + 1] = off[k]! + cap[k]!;
  return off;
}

class Builder {
  readonly slots = new IdSlots();
  readonly styles: StyleTable;
  // Goroutine rows and per-slot state.
  ev!: Uint32Array;
  style!: Uint8Array;
  groupStart!: Uint32Array;
  cur!: Uint32Array;
  known!: Uint8Array;
  oState!: Uint8Array;
  oTime!: Float64Array;
  oM!: Int32Array;
  lastT!: Float64Array;
  gProc!: Int32Array;
  // Ps: the open span (state 0 = none) and the rows.
  pState = new Uint8Array(0);
  pGsi = new Uint32Array(0);
  pTime = new Float64Array(0);
  pSlot = new Int32Array(0);
  pLastEnd = new Float64Array(0);
  /** P rows, grouped by P with room for pass 1's bound: pOff[p] + pN[p] is the next free row. */
  pRowGsi = new Uint32Array(0);
  pRowEnd = new Uint32Array(0);
  pOff: Uint32Array = new Uint32Array(1);
  pN = new Uint32Array(0);
  /** Highest P id with a row + 1. */
  procs = 0;
  // Threads, by slot (first appearance), likewise.
  readonly mSlots = new IdSlots();
  mRowGsi = new Uint32Array(0);
  mOff: Uint32Array = new Uint32Array(1);
  mN = new Uint32Array(0);
  mLastStart = new Float64Array(0);
  // Counter steps: one code per event, and the back-dated ones (at a sync's time) apart.
  codes: Uint8Array;
  bdEv = u32();
  bdCode = new Column(Uint8Array);
  syncTs = 0;
  syncEv = 0;
  ranges: RangeBuilder;
  private t = newTransition();

  constructor(readonly store: EventStore, readonly times: EventTimes) {
    this.styles = new StyleTable(store.strings);
    this.codes = new Uint8Array(times.n);
    this.ranges = new RangeBuilder(store, times.firstTime);
    this.syncTs = times.firstTime;
  }

  /** Allocates each goroutine's rows (ordered by id) from the counts of pass 1. */
  allocate(all: Counts): { sorted: Float64Array; rank: Uint32Array } {
    const counts = all.g;
    const np = all.p.length;
    this.pOff = offsetsOf(all.p, np);
    this.pN = new Uint32Array(np);
    this.pRowGsi = new Uint32Array(this.pOff[np]!);
    this.pRowEnd = new Uint32Array(this.pOff[np]!);
    const nm = this.mSlots.size;
    this.mOff = offsetsOf(all.m, nm);
    this.mN = new Uint32Array(nm);
    this.mRowGsi = new Uint32Array(this.mOff[nm]!);
    this.mLastStart = new Float64Array(nm).fill(-Infinity);
    const n = this.slots.size;
    const { sorted, rank } = this.slots.ranks();
    const cap = new Uint32Array(n);
    for (let s = 0; s < n; s++) cap[rank[s]!] = counts[s]! + 1;
    const off = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) off[k + 1] = off[k]! + cap[k]!;
    if (off[n]! > 0xffffffff) throw new Error('timeline: too many goroutine transitions');
    this.ev = new Uint32Array(off[n]!);
    this.style = new Uint8Array(off[n]!);
    this.groupStart = new Uint32Array(n);
    for (let s = 0; s < n; s++) this.groupStart[s] = off[rank[s]!]!;
    this.cur = this.groupStart.slice();
    this.known = new Uint8Array(n);
    this.oState = new Uint8Array(n);
    this.oTime = new Float64Array(n);
    this.oM = new Int32Array(n).fill(-1);
    this.lastT = new Float64Array(n).fill(-Infinity);
    this.gProc = new Int32Array(n);
    return { sorted, rank };
  }

  private ensureP(p: number): void {
    if (p < this.pState.length) return;
    const n = Math.max(p + 1, this.pState.length * 2);
    const g = <T extends Uint8Array | Uint32Array | Float64Array | Int32Array>(a: T, fill: number): T => {
      const b = new (a.constructor as { new (n: number): T })(n);
      b.fill(fill);
      b.set(a as never);
      return b;
    };
    this.pState = g(this.pState, 0);
    this.pGsi = g(this.pGsi, 0);
    this.pTime = g(this.pTime, 0);
    this.pSlot = g(this.pSlot, -1);
    this.pLastEnd = g(this.pLastEnd, -Infinity);
  }

  private closeP(p: number, t: number, tev: number): void {
    const st = this.pState[p]!;
    if (st === 0) return;
    this.pState[p] = 0;
    const gslot = this.pSlot[p]!;
    if (gslot >= 0 && this.gProc[gslot] === p + 1) this.gProc[gslot] = 0;
    if (t <= this.pTime[p]!) return;
    const k = this.pN[p]!;
    // Within pass 1's bound by construction; checked all the same.
    if (p + 1 >= this.pOff.length || this.pOff[p]! + k >= this.pOff[p + 1]!) return;
    this.pRowGsi[this.pOff[p]! + k] = this.pGsi[p]!;
    this.pRowEnd[this.pOff[p]! + k] = tev;
    this.pN[p] = k + 1;
    if (p >= this.procs) this.procs = p + 1;
    this.pLastEnd[p] = t;
  }

  private openP(p: number, t: number, tev: number, gslot: number, gsi: number, state: number): void {
    if (p < 0) return;
    this.ensureP(p);
    if (this.pState[p] !== 0) this.closeP(p, Math.max(t, this.pTime[p]!), tev);
    // A span back-dated before the P's last one: not drawn (the P cannot hold two).
    if (t < this.pLastEnd[p]!) return;
    this.pState[p] = state;
    this.pTime[p] = t;
    this.pGsi[p] = gsi;
    this.pSlot[p] = gslot;
    this.gProc[gslot] = p + 1;
  }

  private appendM(m: number, gsi: number, start: number): void {
    const s = this.mSlots.get(m);
    if (s < 0 || start < this.mLastStart[s]!) return;
    const k = this.mN[s]!;
    if (this.mOff[s]! + k >= this.mOff[s + 1]!) return;
    this.mLastStart[s] = start;
    this.mRowGsi[this.mOff[s]! + k] = gsi;
    this.mN[s] = k + 1;
  }

  /** Closes the slot's open span at t (dropping it if empty). */
  private closeG(slot: number, t: number): void {
    const st = this.oState[slot]!;
    if (st === 0) return;
    this.oState[slot] = 0;
    const s0 = this.oTime[slot]!;
    if (t <= s0) {
      this.cur[slot]!--;
      return;
    }
    const m = this.oM[slot]!;
    if (m >= 0) this.appendM(m, this.cur[slot]! - 1, s0);
  }

  private pushRow(slot: number, ev: number, style: number, t: number): void {
    const j = this.cur[slot]!;
    this.ev[j] = ev;
    this.style[j] = style;
    this.cur[slot] = j + 1;
    this.lastT[slot] = t;
  }

  private stepCode(ev: number, back: boolean, code: number): void {
    if (back) {
      this.bdEv.push(this.syncEv);
      this.bdCode.push(code);
    } else this.codes[ev] = code;
  }

  transition(c: Chunk, i: number, ev: number, time: number): void {
    const t = this.t;
    readTransition(this.store, c, i, t);
    if (t.from === t.to) return;
    if (t.resource === Resource.Proc) {
      const back = t.from === ProcState.Undetermined;
      const fromRunning = t.from === ProcState.Running;
      const toRunning = t.to === ProcState.Running;
      if (toRunning && !fromRunning) this.stepCode(ev, back, STEP_PROC_UP);
      if (fromRunning && !toRunning) {
        this.stepCode(ev, false, STEP_PROC_DOWN);
        if (t.id >= 0 && t.id < this.pState.length) this.closeP(t.id, time, ev);
      }
      return;
    }
    if (t.resource !== Resource.Goroutine) return;
    const slot = this.slots.get(t.id);
    if (slot < 0) return;
    // Like go tool trace's summary, a goroutine is known from its creation or first sighting;
    // other transitions of an unknown goroutine are ignored.
    if (this.known[slot] === 0) {
      if (t.from !== GoState.Undetermined && t.from !== GoState.NotExist) return;
      this.known[slot] = 1;
    }
    // A goroutine first seen mid-generation has been in its state since the sync.
    const back = t.from === GoState.Undetermined;
    let start = back ? this.syncTs : time;
    let sev = back ? this.syncEv : ev;
    if (start < this.lastT[slot]!) {
      // Never before the goroutine's last boundary (rows stay sorted).
      start = this.lastT[slot]!;
      sev = this.ev[this.cur[slot]! - 1]!;
    }
    const fromIdx = COUNTER_INDEX[this.oState[slot]!]!;
    this.closeG(slot, start);
    const p0 = this.gProc[slot]! - 1;
    const held = p0 >= 0 ? this.pState[p0]! : 0;
    if (p0 >= 0) this.closeP(p0, start, sev);
    const to = t.to;
    const toIdx = COUNTER_INDEX[to]!;
    const j = this.cur[slot]!;
    if (toIdx < 4) {
      this.pushRow(slot, sev, this.styles.goroutine(to, t.reason), start);
      this.oState[slot] = to;
      this.oTime[slot] = start;
      this.oM[slot] = to === GoState.Running || to === GoState.Syscall ? c.ctxM[c.ctx[i]!]! : -1;
      if (to === GoState.Running || (to === GoState.Syscall && (held === GoState.Running || back))) {
        this.openP(c.ctxP[c.ctx[i]!]!, start, sev, slot, j, to);
      }
    } else if (j > this.groupStart[slot]! && this.style[j - 1] !== STYLE_NONE) {
      this.pushRow(slot, sev, STYLE_NONE, start);
    }
    if (fromIdx !== 4 || toIdx !== 4) this.stepCode(ev, back, 1 + fromIdx * 5 + toIdx);
  }

  /** Closes everything at the last event and returns the rows. */
  finish(sorted: Float64Array, rank: Uint32Array, lastTime: number, lastEv: number): { g: GoroutineRows; p: ProcRows; m: ThreadRows } {
    for (let p = 0; p < this.pState.length; p++) this.closeP(p, lastTime, lastEv);
    const n = this.slots.size;
    const offset = new Uint32Array(n);
    const count = new Uint32Array(n);
    for (let s = 0; s < n; s++) {
      this.closeG(s, lastTime);
      const j = this.cur[s]!;
      if (j > this.groupStart[s]! && this.style[j - 1] !== STYLE_NONE) this.pushRow(s, lastEv, STYLE_NONE, lastTime);
      offset[rank[s]!] = this.groupStart[s]!;
      count[rank[s]!] = this.cur[s]! - this.groupStart[s]!;
    }
    // Goroutines whose transitions were all ignored have no rows and no track.
    let kept = 0;
    for (let k = 0; k < n; k++) if (count[k]! > 0) kept++;
    const ids = new Float64Array(kept);
    const off = new Uint32Array(kept);
    const cnt = new Uint32Array(kept);
    for (let k = 0, q = 0; k < n; k++) {
      if (count[k] === 0) continue;
      ids[q] = sorted[k]!;
      off[q] = offset[k]!;
      cnt[q++] = count[k]!;
    }
    const g: GoroutineRows = { ids, offset: off, count: cnt, ev: this.ev, style: this.style };
    return { g, p: this.procRows(), m: this.threadRows() };
  }

  private procRows(): ProcRows {
    const procs = this.procs;
    const ids = new Float64Array(procs);
    for (let p = 0; p < procs; p++) ids[p] = p;
    return { ids, offset: this.pOff.slice(0, procs), count: this.pN.slice(0, procs), gsi: this.pRowGsi, endEv: this.pRowEnd };
  }

  private threadRows(): ThreadRows {
    const { sorted, rank } = this.mSlots.ranks();
    const n = sorted.length;
    const offset = new Uint32Array(n);
    const count = new Uint32Array(n);
    for (let s = 0; s < n; s++) {
      offset[rank[s]!] = this.mOff[s]!;
      count[rank[s]!] = this.mN[s]!;
    }
    return { ids: sorted, offset, count, gsi: this.mRowGsi };
  }
}

/** The timeline without its counters (the rows and ranges), built first. */
export type TimelineRows = Omit<Timeline, 'counters'>;

/** What the counters are built from: the step code of every event and the back-dated steps (counter-model.ts). */
export interface CounterSteps {
  codes: Uint8Array;
  bdEv: Uint32Array;
  bdCode: Uint8Array;
}

/** Builds the timeline model of a parsed trace; `timings`, if given, receives each phase's ms. */
export function buildTimeline(store: EventStore, timings?: Record<string, number>): Timeline {
  const { rows, steps } = buildTimelineRows(store, timings);
  return withCounters(rows, steps, timings);
}

/**
 * The counters' part of the build, apart so that it can run while the rows are put to use
 * elsewhere (the server builds both in a worker and sends the rows ahead).
 */
export function withCounters(rows: TimelineRows, steps: CounterSteps, timings?: Record<string, number>): Timeline {
  const t0 = performance.now();
  const counters = buildCounters(rows.times, steps.codes, steps.bdEv, steps.bdCode);
  if (timings) timings['counters'] = performance.now() - t0;
  return { ...rows, counters };
}

/** The rows, ranges and styles of the timeline, and the steps its counters are built from. */
export function buildTimelineRows(store: EventStore, timings?: Record<string, number>): { rows: TimelineRows; steps: CounterSteps } {
  let mark = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    if (timings) timings[name] = now - mark;
    mark = now;
  };
  const times = new EventTimes(store);
  const chunks = times.chunks;
  const b = new Builder(store, times);
  const { sorted, rank } = b.allocate(countTransitions(chunks, b.slots, b.mSlots));
  phase('count');
  const codes = b.codes;
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
          b.syncTs = c.timeAt(i);
          b.syncEv = ev;
          break;
        case Kind.Metric:
          codes[ev] = ty === Ev.HeapAlloc ? STEP_METRIC : ty === Ev.HeapGoal ? STEP_METRIC + 1 : STEP_METRIC + 2;
          break;
        case Kind.RangeBegin:
        case Kind.RangeActive:
        case Kind.RangeEnd:
          // Incremental sweeps (most range events) are not kept.
          if (ty !== Ev.GCSweepBegin && ty !== Ev.GCSweepActive && ty !== Ev.GCSweepEnd) b.ranges.event(c, i, kind, c.timeAt(i), b.syncTs);
          break;
      }
    }
  }
  phase('rows');
  const firstTime = times.firstTime;
  const lastTime = times.lastTime;
  const { g, p, m } = b.finish(sorted, rank, lastTime, Math.max(0, times.n - 1));
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
    goroutines: g,
    procs: p,
    threads: m,
    ranges,
    lod: new Map(),
    views: new Map(),
    regionTracks: new Map(),
    taskTrack: null,
  };
  return { rows, steps: { codes, bdEv: b.bdEv.take(), bdCode: b.bdCode.take() } };
}
