// The CPU profile of a trace taken with the CPU profiler on: one sample per StackSample event,
// charged to the sample's stack, worth the profiler's period of CPU time. Scoped like the blocking
// profiles: a sample counts when its goroutine's counted intervals hold its time (every sample,
// those taken outside any goroutine too, for the whole trace). Over a parsed store
// (sampleRecords) or while the trace streams (SampleStream).

import { Chunk, EventStore, Kind, TYPE_KIND } from '../parser/events.js';
import { eventStack } from '../parser/event-details.js';
import { GoIntervals, Interval, coversPoint } from './pprof-intervals.js';
import { TraceSpan } from './trace-span.js';
import { StacksByPcs } from './stacks-by-pcs.js';
import { PPROF_MAX_STACK, type ProfileRecord } from './profile-record.js';

/** The samples' records over the span's events, counting those inside the intervals (and the window [start, end)). */
export function sampleRecords(store: EventStore, intervals: GoIntervals, span: TraceSpan, periodNs: number, window: Interval | null = null): ProfileRecord[] {
  const stacks = new StacksByPcs<ProfileRecord>(PPROF_MAX_STACK, (stack) => ({ stack, count: 0, time: 0 }));
  const chunks = store.chunks;
  for (let k = 0; k <= span.endChunk; k++) {
    const c = chunks[k]!;
    const n = k === span.endChunk ? span.endIndex + 1 : c.n;
    for (let i = 0; i < n; i++) {
      if (TYPE_KIND[c.typ[i]!] !== Kind.StackSample) continue;
      const t = c.timeAt(i);
      // A window is half-open: the windows of a partition share no sample.
      if (window !== null && (t < window.start || t >= window.end)) continue;
      if (!coversPoint(intervals, c.ctxG[c.ctx[i]!]!, t)) continue;
      const stack = eventStack(c, i);
      const rec = stacks.get(store, stack);
      rec.stack = stack;
      rec.count++;
      rec.time += periodNs;
    }
  }
  return stacks.records();
}

/** The whole trace's samples while the events stream by (those up to the last Sync, as sampleRecords). */
export class SampleStream {
  private store: EventStore | null = null;
  private stacks = new StacksByPcs<ProfileRecord & { pending: number; pendingStack: number }>(PPROF_MAX_STACK, (stack) => ({ stack, count: 0, time: 0, pending: 0, pendingStack: stack }));
  private touched: (ProfileRecord & { pending: number; pendingStack: number })[] = [];

  constructor(private readonly periodNs: number) {}

  feed(store: EventStore, c: Chunk): void {
    this.store = store;
    for (let i = 0; i < c.n; i++) {
      const kind = TYPE_KIND[c.typ[i]!];
      if (kind === Kind.Sync) {
        this.commit();
      } else if (kind === Kind.StackSample) {
        const stack = eventStack(c, i);
        const rec = this.stacks.get(store, stack);
        if (rec.pending === 0) this.touched.push(rec);
        rec.pending++;
        rec.pendingStack = stack;
      }
    }
  }

  /** Counts the samples read since the last Sync. */
  private commit(): void {
    for (const rec of this.touched) {
      rec.count += rec.pending;
      rec.time += rec.pending * this.periodNs;
      rec.stack = rec.pendingStack;
      rec.pending = 0;
    }
    this.touched.length = 0;
  }

  finish(): ProfileRecord[] {
    if (this.store === null) return [];
    return this.stacks
      .records()
      .filter((r) => r.count > 0)
      .map((r) => ({ stack: r.stack, count: r.count, time: r.time }));
  }
}

/** Every sample's time by the goroutine it was taken on (-1: none), in time order (the timeline's ticks). */
export function sampleTimes(store: EventStore): Map<number, number[]> {
  const by = new Map<number, number[]>();
  for (const c of store.chunks) {
    for (let i = 0; i < c.n; i++) {
      if (TYPE_KIND[c.typ[i]!] !== Kind.StackSample) continue;
      const g = c.ctxG[c.ctx[i]!]!;
      let list = by.get(g);
      if (list === undefined) by.set(g, (list = []));
      list.push(c.timeAt(i));
    }
  }
  return by;
}
