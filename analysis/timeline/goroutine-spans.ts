// Per-goroutine state spans: the pass reports every goroutine state change, this closes the
// goroutine's open span and opens the next, in typed-array columns (no object per event), and
// keeps the goroutines-by-state counter in step. At the end, spans are grouped by goroutine id.

import { GoState } from '../../parser/events.js';
import { Column, f64, groupByKey, i32, u32, u8 } from './columns.js';
import { StepCounter } from './counters.js';
import { IdSlots, SpanIndex } from './id-slots.js';

/** Columnar spans [start, end) of every goroutine, grouped by goroutine id, each group by time. */
export interface GoroutineSpans extends SpanIndex {
  start: Float64Array;
  end: Float64Array;
  /** GoState: Runnable, Running, Waiting or Syscall. */
  state: Uint8Array;
  /** String id of the transition's reason (wait reason for Waiting, stop reason for Runnable), 0 if none. */
  reason: Uint32Array;
  /** Stack id of the transition that began the span, 0 if none. */
  stack: Uint32Array;
  /** The P it ran on (Running) or held (Syscall), from the context of the transition; -1 if none. */
  proc: Int32Array;
  /** The thread (M) of that context; -1 if none. */
  thread: Int32Array;
}

/** The states a span can have, as counter indices. */
export const COUNTED_STATES = [GoState.Runnable, GoState.Running, GoState.Waiting, GoState.Syscall];
const COUNTER_INDEX = [-1, -1, 0, 1, 2, 3];

export class GoroutineSpanBuilder {
  readonly slots = new IdSlots();
  /** The open span of each slot (state 0 = none). */
  private oStart = f64();
  private oState = u8();
  private oReason = u32();
  private oStack = u32();
  private oProc = i32();
  private oThread = i32();
  // Closed spans, in order of closing (which is time order per goroutine).
  private start = f64();
  private end = f64();
  private state = u8();
  private reason = u32();
  private stack = u32();
  private proc = i32();
  private thread = i32();
  private slot = u32();
  readonly counter = new StepCounter(4);

  /** The goroutine's slot (created on first sight). */
  slotOf(goid: number): number {
    const s = this.slots.slot(goid);
    while (this.oState.n <= s) {
      for (const c of [this.oStart, this.oState, this.oReason, this.oStack, this.oProc, this.oThread] as Column<never>[]) c.push(0);
    }
    return s;
  }

  openState(slot: number): number {
    return this.oState.a[slot]!;
  }

  /** Closes the slot's open span (if any) at t; backdated if t is a re-dated time (out of event order). */
  close(slot: number, t: number, backdated: boolean): void {
    const st = this.oState.a[slot]!;
    if (st === 0) return;
    this.oState.a[slot] = 0;
    const s0 = this.oStart.a[slot]!;
    if (t <= s0) {
      // Empty span: it never existed, nor did its counter step.
      this.counter.step(s0, COUNTER_INDEX[st]!, -1, backdated);
      return;
    }
    this.start.push(s0);
    this.end.push(t);
    this.state.push(st);
    this.reason.push(this.oReason.a[slot]!);
    this.stack.push(this.oStack.a[slot]!);
    this.proc.push(this.oProc.a[slot]!);
    this.thread.push(this.oThread.a[slot]!);
    this.slot.push(slot);
    this.counter.step(t, COUNTER_INDEX[st]!, -1, backdated);
  }

  /** Opens a span of state `to` at t (a no-op for NotExist/Undetermined). The slot's span must be closed. */
  open(slot: number, t: number, to: number, reason: number, stack: number, proc: number, thread: number, backdated: boolean): void {
    const k = COUNTER_INDEX[to] ?? -1;
    if (k < 0) return;
    this.oState.a[slot] = to;
    this.oStart.a[slot] = t;
    this.oReason.a[slot] = reason;
    this.oStack.a[slot] = stack;
    this.oProc.a[slot] = proc;
    this.oThread.a[slot] = thread;
    this.counter.step(t, k, 1, backdated);
  }

  /** Closes every open span at t and groups the spans by goroutine id. */
  build(t: number): GoroutineSpans {
    for (let s = 0; s < this.slots.size; s++) this.close(s, t, false);
    const { sorted, rank } = this.slots.ranks();
    const key = new Uint32Array(this.slot.n);
    for (let r = 0; r < key.length; r++) key[r] = rank[this.slot.a[r]!]!;
    const { order, offsets } = groupByKey(key, key.length, sorted.length);
    const count = new Uint32Array(sorted.length);
    for (let k = 0; k < count.length; k++) count[k] = offsets[k + 1]! - offsets[k]!;
    return {
      ids: sorted,
      offset: offsets.slice(0, sorted.length),
      count,
      start: this.start.permuted(order),
      end: this.end.permuted(order),
      state: this.state.permuted(order),
      reason: this.reason.permuted(order),
      stack: this.stack.permuted(order),
      proc: this.proc.permuted(order),
      thread: this.thread.permuted(order),
    };
  }
}
