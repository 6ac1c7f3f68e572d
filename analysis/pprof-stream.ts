// A blocking profile of the whole trace (-pprof=TYPE) computed while the events stream by,
// keeping per-goroutine state, not events. It gives what pprofRecords gives over a full
// store with every goroutine counted from its first run to its end: go tool trace's numbers.
//
// A blocked interval is charged by its overlap with [first run, end] of its goroutine, which
// are final only once the trace is read. The goroutine analysis sets the first run once and
// the end at a later event, so an interval ending after its goroutine first ran and before it
// ended is charged at once (end - max(first run, start)); the rare others (a goroutine not yet
// run, or already ended) are kept and charged at finish(). Go sees only the events up to the
// last Sync, so charges wait for the next Sync. A goroutine whose analysis starts over (seen
// anew after being known: not in sound traces) makes finish() return null: parse whole then.

import { Chunk, EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Ev } from '../parser/wire/specs.js';
import { Resource, eventStack, newTransition, readTransition } from '../parser/event-details.js';
import { IdSlots } from '../parser/id-table.js';
import { StacksByPcs } from './stacks-by-pcs.js';
import { PPROF_MAX_STACK, ProfileRecord } from './pprof-records.js';
import { blockingAnalysis } from './profile-analyses.js';
import type { PprofKind } from '../api/profile-kinds.js';
import { ProfileError } from './pprof-intervals.js';

/**
 * A record, with the order it was first and last charged in (Go keeps the stack charged
 * last), and what was charged since the last Sync (counted only once another Sync comes).
 */
interface SeqRecord extends ProfileRecord {
  first: number;
  last: number;
  pCount: number;
  pTime: number;
  pLast: number;
  pStack: number;
}

/** Growable columns of float64s. */
class Columns {
  n = 0;
  cols: Float64Array[];
  constructor(width: number) {
    this.cols = Array.from({ length: width }, () => new Float64Array(1024));
  }
  push4(a: number, b: number, c: number, d: number): void {
    if (this.n === this.cols[0]!.length) this.cols = this.cols.map((x) => grow(x));
    const k = this.n++;
    this.cols[0]![k] = a;
    this.cols[1]![k] = b;
    this.cols[2]![k] = c;
    this.cols[3]![k] = d;
  }
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

export class PprofStream {
  private store: EventStore | null = null;
  private readonly state: GoState;
  private readonly reason: (r: string) => boolean;
  private reasonOk = new Uint8Array(0);
  private t = newTransition();
  // Per goroutine (see slot()): when its open interval began (-1: none) and the stack to
  // charge; the goroutine analysis' first run (-1: goroutine unknown, 0: not run yet) and end (0: none).
  private gs = new Float64Array(4096).fill(-1);
  private ids = new IdSlots();
  private restarted = false;
  private goroutines = 0;
  // Records by stack id and by PCs, and those charged since the last Sync.
  private stacks = new StacksByPcs<SeqRecord>(PPROF_MAX_STACK, (stack) => ({
    stack, count: 0, time: 0, first: Infinity, last: -1, pCount: 0, pTime: 0, pLast: -1, pStack: 0,
  }));
  private touched: SeqRecord[] = [];
  private seq = 0;
  // Intervals decided at finish: goroutine, start, end, stack (order in a fifth column).
  private later = new Columns(4);
  private laterSeq: number[] = [];
  private pendingLater = new Columns(4);
  private pendingLaterSeq: number[] = [];
  private lastSync = -1;

  constructor(readonly kind: PprofKind) {
    const a = blockingAnalysis(kind);
    this.state = a.state;
    this.reason = a.reason;
  }

  /** Reads a chunk of ordered events (in order; all from the same store). */
  feed(store: EventStore, c: Chunk): void {
    this.store = store;
    if (this.reasonOk.length < store.strings.length) {
      const r = new Uint8Array(store.strings.length + 64);
      r.set(this.reasonOk);
      this.reasonOk = r;
    }
    const t = this.t;
    const typ = c.typ;
    const ctx = c.ctx;
    const ctxG = c.ctxG;
    for (let i = 0; i < c.n; i++) {
      // The three commonest transitions decoded here, the others by readTransition.
      const ty = typ[i]!;
      if (ty === Ev.GoStart) {
        this.transition(c, i, c.arg(i, 0), GoState.Runnable, GoState.Running, 0);
      } else if (ty === Ev.GoBlock) {
        this.transition(c, i, ctxG[ctx[i]!]!, GoState.Running, GoState.Waiting, c.str(c.arg(i, 0)));
      } else if (ty === Ev.GoUnblock) {
        this.transition(c, i, c.arg(i, 0), GoState.Waiting, GoState.Runnable, 0);
      } else {
        const kind = TYPE_KIND[ty];
        if (kind === Kind.Sync) {
          this.commit(c.timeAt(i));
        } else if (kind === Kind.StateTransition) {
          readTransition(store, c, i, t);
          if (t.resource === Resource.Goroutine) this.transition(c, i, t.id, t.from, t.to, t.reason);
        }
      }
    }
  }

  /** Index of goroutine id's four numbers in this.gs (its slot's). */
  private slot(id: number): number {
    const k = this.ids.slot(id) * 4;
    if (k >= this.gs.length) {
      let n = this.gs.length * 2;
      while (n <= k) n *= 2;
      const a = new Float64Array(n);
      a.set(this.gs);
      for (let q = this.gs.length; q < n; q += 4) {
        a[q] = -1;
        a[q + 2] = -1;
      }
      this.gs = a;
    }
    return k;
  }

  /** A goroutine's state transition (event i of c). */
  private transition(c: Chunk, i: number, id: number, from: number, to: number, reason: number): void {
    const state = this.state;
    const k = this.slot(id);
    const gs = this.gs;
    // The profile's interval (pprofRecords).
    const began = gs[k]!;
    if (began === -1) {
      if (to === state) {
        let ok = this.reasonOk[reason]!;
        if (ok === 0) this.reasonOk[reason] = ok = this.reason(this.store!.strings[reason]!) ? 1 : 2;
        if (ok === 1) {
          gs[k] = c.timeAt(i);
          gs[k + 1] = eventStack(c, i);
        }
      }
    } else if (to !== state) {
      gs[k] = -1;
      this.charge(k, id, began, c.timeAt(i), gs[k + 1]!);
    }
    // The goroutine analysis' first run and end (Summarizer.goTransition).
    if (from === to) return;
    if (from === GoState.Undetermined || from === GoState.NotExist) {
      if (gs[k + 2] !== -1) this.restarted = true;
      else this.goroutines++;
      gs[k + 2] = 0;
      gs[k + 3] = 0;
    } else if (gs[k + 2] === -1) {
      return;
    }
    if (to === GoState.Running) {
      if (gs[k + 2] === 0) gs[k + 2] = c.timeAt(i);
    } else if (to === GoState.NotExist || (to === GoState.Waiting && this.store!.strings[reason] === 'forever')) {
      gs[k + 3] = c.timeAt(i);
    }
  }

  private charge(k: number, id: number, start: number, end: number, stack: number): void {
    const s = this.gs[k + 2]!;
    if (s > 0 && this.gs[k + 3] === 0) {
      // Final first run s; the end comes later (or is the trace's end, later still).
      if (end < s) return;
      const d = end - (s > start ? s : start);
      if (d > 0) {
        const seq = this.seq++;
        const rec = this.record(stack, seq);
        if (rec.pCount === 0) this.touched.push(rec);
        rec.pCount++;
        rec.pTime += d;
        rec.pLast = seq;
        rec.pStack = stack;
      }
      return;
    }
    this.pendingLater.push4(id, start, end, stack);
    this.pendingLaterSeq.push(this.seq++);
  }

  /** Counts what was charged before this Sync. */
  private commit(syncTime: number): void {
    this.lastSync = syncTime;
    for (const rec of this.touched) {
      rec.count += rec.pCount;
      rec.time += rec.pTime;
      if (rec.pLast >= rec.last) {
        rec.last = rec.pLast;
        rec.stack = rec.pStack;
      }
      rec.pCount = 0;
      rec.pTime = 0;
    }
    this.touched.length = 0;
    const pl = this.pendingLater;
    for (let k = 0; k < pl.n; k++) {
      this.later.push4(pl.cols[0]![k]!, pl.cols[1]![k]!, pl.cols[2]![k]!, pl.cols[3]![k]!);
      this.laterSeq.push(this.pendingLaterSeq[k]!);
    }
    pl.n = 0;
    this.pendingLaterSeq.length = 0;
  }

  private count(stack: number, d: number, seq: number): void {
    const rec = this.record(stack, seq);
    rec.count++;
    rec.time += d;
    if (seq >= rec.last) {
      rec.last = seq;
      rec.stack = stack;
    }
  }

  /** The record of a stack: stacks with the same first PPROF_MAX_STACK PCs share one. */
  private record(stack: number, seq: number): SeqRecord {
    const rec = this.stacks.get(this.store!, stack);
    if (seq < rec.first) rec.first = seq;
    return rec;
  }

  /**
   * The profile's records, as pprofProfileRecords(store, type) gives them over the whole
   * trace; null if a goroutine was seen anew after being known (compute from a full store).
   * Throws, as pprofProfileRecords does, when the trace has no goroutines.
   */
  finish(): ProfileRecord[] | null {
    if (this.restarted) return null;
    // As goroutineIntervals (go tool trace fails the same way).
    if (this.goroutines === 0) throw new ProfileError('failed to find matching goroutines for name: ');
    const l = this.later;
    const [gid, st, en, stk] = l.cols as [Float64Array, Float64Array, Float64Array, Float64Array];
    for (let k = 0; k < l.n; k++) {
      const q = this.slot(gid[k]!);
      const s = this.gs[q + 2]!;
      if (s === -1) continue; // not a goroutine the analysis knows
      const e0 = this.gs[q + 3]!;
      const e = e0 === 0 ? this.lastSync : e0;
      const start = st[k]!;
      const end = en[k]!;
      if (e < start || end < s) continue;
      const d = Math.min(e, end) - Math.max(s, start);
      if (d > 0) this.count(stk[k]!, d, this.laterSeq[k]!);
    }
    // A record charged only after the last Sync was never counted: go tool trace has no such record.
    const recs = this.stacks.records().filter((r) => r.count > 0).sort((a, b) => a.first - b.first);
    return recs.map((r) => ({ stack: r.stack, count: r.count, time: r.time }));
  }
}
