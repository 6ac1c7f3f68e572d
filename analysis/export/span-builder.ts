// The spans table: each goroutine's states as intervals, cut exactly where go tool trace's
// goroutine analysis (goroutine-summary.ts) starts and stops counting time, so that span
// durations per goroutine and state add up to the goroutines table's columns: a goroutine first
// seen at a generation start is in its state since that generation's sync, and a syscall turns
// "blocked" from the moment its P goes idle (tracked with the analysis' own bookkeeping).

import { GoState } from '../../parser/events.js';
import { TableBatch } from './table-batch.js';

interface OpenSpan {
  /** GoState of the open span; -1 when none is open. */
  state: number;
  reason: number;
  start: number;
  stack: number;
  p: number;
  m: number;
  gen: number;
}

const DENSE_LIMIT = 1 << 22;

export class SpanBuilder {
  private dense: (OpenSpan | undefined)[] = [];
  private sparse = new Map<number, OpenSpan>();
  // Which goroutine entered a syscall on which P, both ways (as the analysis keeps them).
  private syscallingP = new Map<number, number>();
  private syscallingG = new Map<number, number>();
  private readonly blocked: number;
  private readonly cGen: Float64Array;
  private readonly cGoid: Float64Array;
  private readonly cState: Uint32Array;
  private readonly cReason: Uint32Array;
  private readonly cStart: Float64Array;
  private readonly cEnd: Float64Array;
  private readonly cStack: Float64Array;
  private readonly cP: Float64Array;
  private readonly cM: Float64Array;

  constructor(private readonly batch: TableBatch) {
    this.blocked = batch.dict('reason').code('blocked');
    this.cGen = batch.num('gen');
    this.cGoid = batch.num('goid');
    this.cState = batch.words('state');
    this.cReason = batch.words('reason');
    this.cStart = batch.num('start_ns');
    this.cEnd = batch.num('end_ns');
    this.cStack = batch.num('stack_id');
    this.cP = batch.num('p');
    this.cM = batch.num('m');
  }

  private get(goid: number): OpenSpan | undefined {
    return goid >= 0 && goid < DENSE_LIMIT ? this.dense[goid] : this.sparse.get(goid);
  }

  private create(goid: number): OpenSpan {
    const s: OpenSpan = { state: -1, reason: 0, start: 0, stack: 0, p: -1, m: -1, gen: 0 };
    if (goid >= 0 && goid < DENSE_LIMIT) {
      while (this.dense.length <= goid) this.dense.push(undefined);
      this.dense[goid] = s;
    } else {
      this.sparse.set(goid, s);
    }
    return s;
  }

  private open(s: OpenSpan, state: number, reason: number, start: number, stack: number, p: number, m: number, gen: number): void {
    s.state = state;
    s.reason = reason;
    s.start = start;
    s.stack = stack;
    s.p = p;
    s.m = m;
    s.gen = gen;
  }

  /** Writes the open span of goid, ended at end, and closes it. */
  private emit(goid: number, s: OpenSpan, end: number): void {
    const b = this.batch;
    const i = b.row();
    this.cGen[i] = s.gen;
    this.cGoid[i] = goid;
    this.cState[i] = s.state;
    this.cReason[i] = s.reason;
    this.cStart[i] = s.start;
    this.cEnd[i] = end;
    this.cStack[i] = s.stack === 0 ? NaN : s.stack;
    this.cP[i] = s.p < 0 ? NaN : s.p;
    this.cM[i] = s.m < 0 ? NaN : s.m;
    s.state = -1;
  }

  /**
   * A goroutine transition from → to (from ≠ to) at time; reason is a code of the spans' reason
   * dictionary; syncTs the time of the generation's sync; p, m the event's proc and thread (-1: none).
   */
  goTransition(goid: number, from: number, to: number, reason: number, stack: number, time: number, syncTs: number, p: number, m: number, gen: number): void {
    let s = this.get(goid);
    if (from === GoState.Undetermined || from === GoState.NotExist) {
      if (s !== undefined && s.state >= 0) this.emit(goid, s, time);
      s = this.create(goid);
      if (from === GoState.Undetermined) {
        // In this state since the sync; a syscall without a P was blocked until now.
        if (to === GoState.Syscall && p === -1) {
          if (time > syncTs) {
            this.open(s, to, this.blocked, syncTs, stack, p, m, gen);
            this.emit(goid, s, time);
          }
          this.open(s, to, reason, time, stack, p, m, gen);
        } else {
          this.open(s, to, reason, syncTs, stack, p, m, gen);
        }
      } else if (to !== GoState.NotExist) {
        this.open(s, to, reason, time, stack, p, m, gen);
      }
    } else {
      // The analysis ignores goroutines whose first transition is neither a creation nor a first sighting.
      if (s === undefined) return;
      if (s.state >= 0) this.emit(goid, s, time);
      if (from === GoState.Syscall) {
        this.syscallingP.delete(this.syscallingG.get(goid) ?? 0);
        this.syscallingG.delete(goid);
      }
      if (to !== GoState.NotExist) this.open(s, to, reason, time, stack, p, m, gen);
    }
    if (to === GoState.Syscall) {
      this.syscallingP.set(p, goid);
      this.syscallingG.set(goid, p);
    }
  }

  /** A P went idle: a goroutine in a syscall on it is now blocked. */
  procIdle(proc: number, time: number, gen: number): void {
    const goid = this.syscallingP.get(proc);
    if (goid === undefined) return;
    this.syscallingP.delete(proc);
    const s = this.get(goid);
    if (s === undefined || s.state !== GoState.Syscall || s.reason === this.blocked) return;
    const { stack, m } = s;
    this.emit(goid, s, time);
    this.open(s, GoState.Syscall, this.blocked, time, stack, -1, m, gen);
  }

  /** Closes every open span at the trace's last event. */
  finish(lastTs: number): void {
    this.dense.forEach((s, goid) => {
      if (s !== undefined && s.state >= 0) this.emit(goid, s, lastTs);
    });
    for (const [goid, s] of this.sparse) if (s.state >= 0) this.emit(goid, s, lastTs);
  }
}
