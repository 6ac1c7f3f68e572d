// Scheduler latency of the whole trace: every wait from a goroutine becoming runnable (a
// transition to Runnable seen in the trace) to its running (Runnable->Running), collected in one
// pass over the events (fed chunk by chunk): the waits' histogram (go tool trace's log buckets),
// nearest-rank percentiles and the longest waits.

import { Chunk, EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Resource, newTransition, readTransition } from '../parser/event-details.js';
import { IdNumbers } from '../parser/id-table.js';
import { bucketMin, bucketOf, type Histogram } from './task-histogram.js';
import { formatDuration } from './go-duration.js';
import type { Percentiles } from '../api/distribution-format.js';

/** One wait: the goroutine, when it became runnable (absolute) and how long it waited. */
export interface Wait {
  goroutine: number;
  start: number;
  duration: number;
}

export interface SchedLatency {
  /** Every wait's duration, sorted ascending. */
  durations: Float64Array;
  histogram: Histogram | null;
  percentiles: Percentiles;
  /** The longest waits, longest first. */
  worst: Wait[];
}

/** Nearest-rank percentiles of sorted durations. */
export function percentiles(sorted: Float64Array | number[]): Percentiles {
  const n = sorted.length;
  const rank = (p: number) => (n === 0 ? 0 : sorted[Math.max(0, Math.ceil(p * n) - 1)]!);
  let total = 0;
  for (let k = 0; k < n; k++) total += sorted[k]!;
  return { count: n, totalNs: total, p50Ns: rank(0.5), p90Ns: rank(0.9), p99Ns: rank(0.99), maxNs: n === 0 ? 0 : sorted[n - 1]! };
}

export class SchedLatencyBuilder {
  private since = new IdNumbers();
  private waits: number[] = [];
  private worst: Wait[] = [];
  private t = newTransition();

  constructor(private readonly keepWorst = 20) {}

  feed(store: EventStore, c: Chunk): void {
    const t = this.t;
    for (let i = 0; i < c.n; i++) {
      if (TYPE_KIND[c.typ[i]!] !== Kind.StateTransition) continue;
      readTransition(store, c, i, t);
      if (t.resource !== Resource.Goroutine || t.from === t.to) continue;
      const time = c.timeAt(i);
      if (t.to === GoState.Runnable && t.from !== GoState.Undetermined) {
        this.since.set(t.id, time);
        continue;
      }
      const s = this.since.get(t.id);
      if (s === -1) continue;
      this.since.set(t.id, -1);
      if (t.from === GoState.Runnable && t.to === GoState.Running) this.add(t.id, s, time - s);
    }
  }

  private add(goroutine: number, start: number, d: number): void {
    this.waits.push(d);
    const w = this.worst;
    if (w.length < this.keepWorst || d > w[w.length - 1]!.duration) {
      w.push({ goroutine, start, duration: d });
      w.sort((a, b) => b.duration - a.duration || a.start - b.start);
      if (w.length > this.keepWorst) w.pop();
    }
  }

  finish(): SchedLatency {
    const durations = Float64Array.from(this.waits).sort();
    return { durations, histogram: histogramOf(durations), percentiles: percentiles(durations), worst: this.worst };
  }
}

/**
 * go tool trace's log-scale buckets (task-histogram.ts) over sorted durations, every duration in
 * one (unlike Go's TimeHistogram, which can leave its first bucket-0 durations out of the range shown).
 */
export function histogramOf(sorted: Float64Array): Histogram | null {
  if (sorted.length === 0) return null;
  const lo = bucketOf(sorted[0]!);
  const hi = bucketOf(sorted[sorted.length - 1]!);
  const counts = new Array<number>(hi - lo + 1).fill(0);
  for (const d of sorted) counts[bucketOf(d) - lo]!++;
  const buckets = counts.map((count, k) => {
    const minNs = bucketMin(lo + k);
    return { count, minNs, maxNs: bucketMin(lo + k + 1), min: formatDuration(minNs) };
  });
  const finalMinNs = bucketMin(hi + 1);
  return { count: sorted.length, buckets, finalMinNs, finalMin: formatDuration(finalMinNs) };
}

/** The scheduler latency of a whole parsed store. */
export function schedLatency(store: EventStore, keepWorst = 20): SchedLatency {
  const b = new SchedLatencyBuilder(keepWorst);
  for (const c of store.chunks) b.feed(store, c);
  return b.finish();
}
