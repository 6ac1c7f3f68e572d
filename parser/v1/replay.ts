// One pass over the merged, time-sorted events of an old-format trace without holding them:
// the merge (parser/v1/merge.ts) keeps only which P each event came from (one byte an event)
// and the few syscall exits the final sort moves; a replay decodes the batches again, takes
// each P's events in that order, and puts the moved exits back where the sort put them.
// Each event comes out in fields, converted as Go's tracev1 does before postProcessTrace:
// "local" types made plain, ticks turned into nanoseconds, timer unblocks and syscall exits
// moved to their fake Ps.

import { V1, TIMER_P, SYSCALL_P } from './specs.js';
import { V1Columns } from './columns.js';
import { V1Parser } from './batches.js';
import { goTime } from '../exact-time.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** What the merge found: the order of the events, without the events. */
export interface MergeOrder {
  /** Events in the merged stream. */
  n: number;
  /** Per merged event, in merge order: the index in pids of the P it came from. */
  seq: Uint8Array | Uint16Array;
  /** The Ps, the last one the CPU samples' (whose events are all in cpu). */
  pids: number[];
  /** The CPU samples, sorted by time. */
  cpu: V1Columns;
  /** Syscall exits the time sort moves, with their real times, in their final order. */
  moved: V1Columns;
  /** Merge index of each moved exit (same order as moved). */
  movedAt: Float64Array;
  /** Merge indices of the moved exits, ascending. */
  movedSkip: Float64Array;
  /** The earliest time (ticks), which becomes 0 ns. */
  minTs: number;
  /** Its exact tick count when minTs is not exact (V1Columns.tsX). */
  minTsX: bigint | null;
}

/** The local event types as the merged stream has them. */
function plainType(typ: number): number {
  if (typ === V1.GoStartLocal) return V1.GoStart;
  if (typ === V1.GoUnblockLocal) return V1.GoUnblock;
  if (typ === V1.GoSysExitLocal) return V1.GoSysExit;
  return typ;
}

/** A cursor over the final event order; next() moves it to the next event. */
export class V1Replay {
  /** Position of the current event in the final order. */
  k = -1;
  typ = 0;
  /** Nanoseconds since the first event. */
  ts = 0;
  g = 0;
  p = 0;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  stk = 0;

  private readonly bufs: V1Columns[];
  private readonly heads: Int32Array;
  private j = 0;
  private skip = 0;
  private mp = 0;
  /** The next unmoved event, when read ahead. */
  private uBuf: V1Columns | null = null;
  private uIdx = 0;
  private uJ = 0;
  private readonly freq: number;
  private readonly timers: boolean;

  constructor(
    private readonly parser: V1Parser,
    private readonly order: MergeOrder,
  ) {
    parser.rewind();
    const last = order.pids.length - 1;
    this.bufs = order.pids.map((pid, i) => (i === last ? order.cpu : new V1Columns(parser.maxBatch(pid))));
    for (let i = 0; i < last; i++) this.bufs[i]!.n = 0;
    this.heads = new Int32Array(order.pids.length);
    this.freq = 1e9 / parser.ticksPerSec;
    this.timers = parser.timerGoids.size !== 0;
  }

  /** Reads the next unmoved event of the merge order ahead, if any. */
  private readAhead(): void {
    const o = this.order;
    const skip = o.movedSkip;
    while (this.j < o.n) {
      const j = this.j++;
      const pi = o.seq[j]!;
      const buf = this.bufs[pi]!;
      while (this.heads[pi] === buf.n) {
        // Batches can be empty, hence the loop (the merge found every event, so one is there).
        this.heads[pi] = 0;
        if (!this.parser.loadBatch(o.pids[pi]!, buf)) throw new Error(`v1 replay: P ${o.pids[pi]} has no event ${j}`);
      }
      const idx = this.heads[pi]++;
      if (this.skip < skip.length && skip[this.skip] === j) {
        this.skip++;
        continue;
      }
      this.uBuf = buf;
      this.uIdx = idx;
      this.uJ = j;
      return;
    }
  }

  /** Moves to the next event; false at the end. */
  next(): boolean {
    if (this.uBuf === null) this.readAhead();
    const o = this.order;
    const mv = o.moved;
    const u = this.uBuf;
    const mp = this.mp;
    if (mp < mv.n && (u === null || mv.ts[mp]! < u.ts[this.uIdx]! || (mv.ts[mp] === u.ts[this.uIdx] && o.movedAt[mp]! < this.uJ))) {
      this.mp++;
      this.load(mv, mp, mv.ts[mp]!);
    } else if (u !== null) {
      this.uBuf = null;
      // (A syscall exit that stays in place has its real time already.)
      this.load(u, this.uIdx, u.ts[this.uIdx]!);
    } else {
      return false;
    }
    this.k++;
    return true;
  }

  private load(ev: V1Columns, i: number, ticks: number): void {
    const typ = plainType(ev.typ[i]!);
    this.typ = typ;
    // Go: Timestamp(float64(ev.Ts-minTs) * freq), the difference in int64.
    let d = ticks - this.order.minTs;
    const tx = ev.tsX?.get(i);
    if (tx !== undefined || this.order.minTsX !== null || (!(d <= MAX_SAFE && d >= -MAX_SAFE) && Number.isInteger(d))) {
      d = Number(BigInt.asIntN(64, (tx ?? BigInt(ticks)) - (this.order.minTsX ?? BigInt(this.order.minTs))));
    }
    this.ts = goTime(d * this.freq);
    const g = ev.g[i]!;
    this.g = g;
    let p = ev.p[i]!;
    if (typ === V1.GoSysExit) p = SYSCALL_P;
    else if (this.timers && typ === V1.GoUnblock && this.parser.timerGoids.has(g)) p = TIMER_P;
    this.p = p;
    this.a0 = ev.a0[i]!;
    this.a1 = ev.a1[i]!;
    this.a2 = ev.a2[i]!;
    this.stk = ev.stk[i]!;
  }

  /**
   * The event at final position k, copied into a one-event list (for error messages). It
   * rewinds the parser: a replay in progress cannot go on after it (the caller is throwing).
   */
  static eventAt(parser: V1Parser, order: MergeOrder, k: number): V1Columns {
    const r = new V1Replay(parser, order);
    while (r.next() && r.k < k);
    const out = new V1Columns(1);
    out.n = 1;
    out.typ[0] = r.typ;
    out.ts[0] = r.ts;
    out.g[0] = r.g;
    out.p[0] = r.p;
    out.a0[0] = r.a0;
    out.a1[0] = r.a1;
    out.a2[0] = r.a2;
    out.stk[0] = r.stk;
    return out;
  }
}
