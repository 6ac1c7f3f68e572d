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
import { Resource, eventStack, newTransition, readTransition } from '../parser/event-details.js';
import { PPROF_MAX_STACK, PprofType, ProfileRecord, TRACKED } from './pprof-records.js';
import { IdNumbers } from './id-numbers.js';

/** A record with the order it was first and last charged in (for Go's choice of stack). */
interface SeqRecord extends ProfileRecord {
  first: number;
  last: number;
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
  // The goroutine analysis' first run (-1: goroutine unknown, 0: not run yet) and end (0: none).
  private startOf = new IdNumbers();
  private endOf = new IdNumbers();
  private restarted = false;
  private goroutines = 0;
  // Open intervals: when they began (-1: none) and the stack to charge.
  private beganAt = new IdNumbers();
  private beganStack = new IdNumbers();
  // Records by stack id and by PCs.
  private byStack = new Map<number, SeqRecord>();
  private byPcs = new Map<string, SeqRecord>();
  private seq = 0;
  // Charges since the last Sync: stack, delay, order. Committed at the next Sync.
  private pending = new Columns(4);
  // Intervals decided at finish: goroutine, start, end, stack (order in a fifth column).
  private later = new Columns(4);
  private laterSeq: number[] = [];
  private pendingLater = new Columns(4);
  private pendingLaterSeq: number[] = [];
  private lastSync = -1;

  constructor(readonly type: PprofType) {
    this.state = TRACKED[type].state;
    this.reason = TRACKED[type].reason;
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
    const state = this.state;
    for (let i = 0; i < c.n; i++) {
      const kind = TYPE_KIND[typ[i]!];
      if (kind === Kind.Sync) {
        this.commit(c.timeAt(i));
        continue;
      }
      if (kind !== Kind.StateTransition) continue;
      readTransition(store, c, i, t);
      if (t.resource !== Resource.Goroutine) continue;
      const id = t.id;
      // The profile's interval (pprofRecords).
      const began = this.beganAt.get(id);
      if (began === -1) {
        if (t.to === state) {
          let ok = this.reasonOk[t.reason]!;
          if (ok === 0) this.reasonOk[t.reason] = ok = this.reason(store.strings[t.reason]!) ? 1 : 2;
          if (ok === 1) {
            this.beganAt.set(id, c.timeAt(i));
            this.beganStack.set(id, eventStack(c, i));
          }
        }
      } else if (t.to !== state) {
        this.beganAt.set(id, -1);
        this.charge(id, began, c.timeAt(i), this.beganStack.get(id));
      }
      // The goroutine analysis' first run and end (Summarizer.goTransition).
      if (t.from === t.to) continue;
      if (t.from === GoState.Undetermined || t.from === GoState.NotExist) {
        if (this.startOf.get(id) !== -1) this.restarted = true;
        else this.goroutines++;
        this.startOf.set(id, 0);
        this.endOf.set(id, 0);
      } else if (this.startOf.get(id) === -1) {
        continue;
      }
      if (t.to === GoState.Running) {
        if (this.startOf.get(id) === 0) this.startOf.set(id, c.timeAt(i));
      } else if (t.to === GoState.NotExist || (t.to === GoState.Waiting && store.strings[t.reason] === 'forever')) {
        this.endOf.set(id, c.timeAt(i));
      }
    }
  }

  private charge(id: number, start: number, end: number, stack: number): void {
    const s = this.startOf.get(id);
    if (s > 0 && this.endOf.get(id) === 0) {
      // Final first run s; the end comes later (or is the trace's end, later still).
      if (end < s) return;
      const d = end - (s > start ? s : start);
      if (d > 0) this.pending.push4(stack, d, this.seq++, 0);
      return;
    }
    this.pendingLater.push4(id, start, end, stack);
    this.pendingLaterSeq.push(this.seq++);
  }

  private commit(syncTime: number): void {
    this.lastSync = syncTime;
    const p = this.pending;
    const [stk, d, sq] = p.cols as [Float64Array, Float64Array, Float64Array];
    for (let k = 0; k < p.n; k++) this.count(stk[k]!, d[k]!, sq[k]!);
    p.n = 0;
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
      // Like go tool trace, keep the stack charged last.
      rec.last = seq;
      rec.stack = stack;
    }
  }

  /** The record of a stack: stacks with the same first PPROF_MAX_STACK PCs share one. */
  private record(stack: number, seq: number): SeqRecord {
    let rec = this.byStack.get(stack);
    if (rec === undefined) {
      const s = this.store!;
      const start = s.stackStart[stack]!;
      const end = Math.min(s.stackEnd[stack]!, start + PPROF_MAX_STACK);
      // Go compares zero-padded PC arrays: trailing zero PCs (frames without a PC) do not count.
      let last = end;
      while (last > start && s.framePc[s.stackFrameIds[last - 1]!]! === 0) last--;
      let key = '';
      for (let k = start; k < last; k++) key += s.framePc[s.stackFrameIds[k]!]! + ',';
      rec = this.byPcs.get(key);
      if (rec === undefined) {
        rec = { stack, count: 0, time: 0, first: seq, last: -1 };
        this.byPcs.set(key, rec);
      }
      this.byStack.set(stack, rec);
    }
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
    if (this.goroutines === 0) throw new Error('failed to find matching goroutines for name: ');
    const l = this.later;
    const [gid, st, en, stk] = l.cols as [Float64Array, Float64Array, Float64Array, Float64Array];
    for (let k = 0; k < l.n; k++) {
      const id = gid[k]!;
      const s = this.startOf.get(id);
      if (s === -1) continue; // not a goroutine the analysis knows
      const e0 = this.endOf.get(id);
      const e = e0 === 0 ? this.lastSync : e0;
      const start = st[k]!;
      const end = en[k]!;
      if (e < start || end < s) continue;
      const d = Math.min(e, end) - Math.max(s, start);
      if (d > 0) this.count(stk[k]!, d, this.laterSeq[k]!);
    }
    const recs = [...this.byPcs.values()].sort((a, b) => a.first - b.first);
    return recs.map((r) => ({ stack: r.stack, count: r.count, time: r.time }));
  }
}
