// Per-P spans: which goroutine ran on each P and when, as go tool trace's proc view draws them:
// a goroutine occupies its P while Running, and while in a syscall until it leaves the
// syscall or the P is taken from it (the syscall blocked). Also the running-P count
// (go tool trace's "Threads: running").

import { f64, groupByKey, i32, u32, u8 } from './columns.js';
import { StepCounter } from './counters.js';
import { SpanIndex } from './id-slots.js';

/** Columnar spans of every P (ids 0..max), grouped by P, each group by time. */
export interface ProcSpans extends SpanIndex {
  start: Float64Array;
  end: Float64Array;
  goroutine: Float64Array;
  /** GoState.Running, or GoState.Syscall while a syscall holds the P. */
  state: Uint8Array;
}

export class ProcSpanBuilder {
  // Per P: the open span (state 0 = none), and the end of its last span.
  private oStart = f64();
  private oG = f64();
  private oSlot = i32();
  private oState = u8();
  private lastEnd = f64();
  /** Per goroutine slot: the P its open span is on, + 1 (0 = none). */
  private gProc = i32();
  private start = f64();
  private end = f64();
  private goroutine = f64();
  private state = u8();
  private proc = u32();
  /** Running Ps (index 0). */
  readonly running = new StepCounter(1);

  private ensure(p: number): void {
    while (this.oState.n <= p) {
      this.oStart.push(0);
      this.oG.push(0);
      this.oSlot.push(-1);
      this.oState.push(0);
      this.lastEnd.push(-Infinity);
    }
  }

  /** Starts goroutine goid (slot gslot) on P p at t, in state Running or Syscall. */
  open(p: number, t: number, goid: number, gslot: number, state: number): void {
    if (p < 0) return;
    this.ensure(p);
    if (this.oState.a[p] !== 0) this.closeP(p, Math.max(t, this.oStart.a[p]!));
    this.oStart.a[p] = Math.max(t, this.lastEnd.a[p]!);
    this.oG.a[p] = goid;
    this.oSlot.a[p] = gslot;
    this.oState.a[p] = state;
    while (this.gProc.n <= gslot) this.gProc.push(0);
    this.gProc.a[gslot] = p + 1;
  }

  /** The goroutine leaves its P (if it holds one) at t. */
  leave(gslot: number, t: number): void {
    const p = gslot < this.gProc.n ? this.gProc.a[gslot]! - 1 : -1;
    if (p >= 0) this.closeP(p, t);
  }

  /** The state the goroutine occupies its P in (0 = it does not). */
  stateOf(gslot: number): number {
    const p = gslot < this.gProc.n ? this.gProc.a[gslot]! - 1 : -1;
    return p >= 0 ? this.oState.a[p]! : 0;
  }

  private closeP(p: number, t: number): void {
    const st = this.oState.a[p]!;
    if (st === 0) return;
    this.oState.a[p] = 0;
    const gslot = this.oSlot.a[p]!;
    if (gslot >= 0 && this.gProc.a[gslot] === p + 1) this.gProc.a[gslot] = 0;
    const s0 = this.oStart.a[p]!;
    if (t <= s0) return;
    this.start.push(s0);
    this.end.push(t);
    this.goroutine.push(this.oG.a[p]!);
    this.state.push(st);
    this.proc.push(p);
    this.lastEnd.a[p] = t;
  }

  /** A P transition: Running <-> not running (from/to are ProcState; ProcState.Running = 2). */
  procTransition(p: number, t: number, fromRunning: boolean, toRunning: boolean, backdated: boolean): void {
    if (toRunning && !fromRunning) this.running.step(t, 0, 1, backdated);
    if (fromRunning && !toRunning) {
      this.running.step(t, 0, -1, false);
      if (p >= 0 && p < this.oState.n) this.closeP(p, t);
    }
  }

  build(t: number): ProcSpans {
    const procs = this.oState.n;
    for (let p = 0; p < procs; p++) this.closeP(p, t);
    const key = this.proc.take();
    const { order, offsets } = groupByKey(key, key.length, procs);
    const count = new Uint32Array(procs);
    for (let k = 0; k < procs; k++) count[k] = offsets[k + 1]! - offsets[k]!;
    const ids = new Float64Array(procs);
    for (let k = 0; k < procs; k++) ids[k] = k;
    return {
      ids,
      offset: offsets.slice(0, procs),
      count,
      start: this.start.permuted(order),
      end: this.end.permuted(order),
      goroutine: this.goroutine.permuted(order),
      state: this.state.permuted(order),
    };
  }
}
