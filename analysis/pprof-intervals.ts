// Which parts of which goroutines a blocking profile counts: all goroutines (or one group) from
// their first run to their end, or the outermost matching user regions (go tool trace's
// pprofMatchingGoroutines / pprofMatchingRegions), and the overlap of a blocked interval with them.

import { EventStore } from '../parser/events.js';
import { GoroutineSummaries, RegionBrief, forEachBrief, regionBriefs } from './goroutine-summary.js';
import { TraceSpan } from './trace-span.js';
import { IdSlots } from '../parser/id-table.js';

export interface Interval {
  start: number;
  end: number;
}

/** Goroutine id -> the intervals that count; null counts everything. */
export type GoIntervals = Map<number, Interval[]> | IntervalIndex | null;

/** GoIntervals in flat typed arrays (to hand to another thread without cloning a map of objects). */
export interface PackedIntervals {
  all: boolean;
  /** Per goroutine: its id and how many intervals it has; then every interval in that order. */
  ids: Float64Array;
  counts: Uint32Array;
  starts: Float64Array;
  ends: Float64Array;
}

export function packIntervals(iv: Map<number, Interval[]> | null): PackedIntervals {
  if (iv === null) return { all: true, ids: new Float64Array(0), counts: new Uint32Array(0), starts: new Float64Array(0), ends: new Float64Array(0) };
  let n = 0;
  for (const list of iv.values()) n += list.length;
  const p: PackedIntervals = { all: false, ids: new Float64Array(iv.size), counts: new Uint32Array(iv.size), starts: new Float64Array(n), ends: new Float64Array(n) };
  let g = 0;
  let k = 0;
  for (const [id, list] of iv) {
    p.ids[g] = id;
    p.counts[g++] = list.length;
    for (const x of list) {
      p.starts[k] = x.start;
      p.ends[k++] = x.end;
    }
  }
  return p;
}

/** Packed intervals looked up in place: no object per goroutine or interval. */
export class IntervalIndex {
  private slots = new IdSlots();
  private first: Uint32Array;
  constructor(readonly p: PackedIntervals) {
    this.first = new Uint32Array(p.ids.length + 1);
    for (let g = 0; g < p.ids.length; g++) {
      this.slots.slot(p.ids[g]!);
      this.first[g + 1] = this.first[g]! + p.counts[g]!;
    }
  }
  /** Interval range [lo, hi) of goroutine id in p.starts / p.ends (empty if it has none). */
  range(id: number): [number, number] {
    const s = this.slots.get(id);
    return s < 0 ? [0, 0] : [this.first[s]!, this.first[s + 1]!];
  }
}

export function unpackIntervals(p: PackedIntervals): GoIntervals {
  return p.all ? null : new IntervalIndex(p);
}

/** A profile go tool trace cannot make either ("failed to generate pprof: <message>" on its command line). */
export class ProfileError extends Error {}

/**
 * Each goroutine named name ("" = every goroutine, as go tool trace reads an empty name) from
 * its first run (0 if it never ran) to its end (or the trace's). Throws when none matches.
 */
export function goroutineIntervals(summaries: GoroutineSummaries, span: TraceSpan, name: string): Map<number, Interval[]> {
  const res = new Map<number, Interval[]>();
  forEachBrief(summaries, (g) => {
    if (name !== '' && g.name !== name) return;
    res.set(g.id, [{ start: g.startTime, end: g.endTime === 0 ? span.endTime : g.endTime }]);
  });
  if (res.size === 0) throw new ProfileError(`failed to find matching goroutines for name: ${name}`);
  return res;
}

/** Selects user regions as go tool trace's /userregion page and region profiles do; every given condition must hold. */
export interface RegionFilter {
  /** Region type. */
  type?: string;
  /** PC of the outermost frame of the region's start stack (0 for regions without one). */
  pc?: number;
  /** Bounds on the region's duration (ns). */
  latMin?: number;
  latMax?: number;
}

/** The region's interval, open ends at the trace's start and end. */
export function regionInterval(span: TraceSpan, r: RegionBrief): Interval {
  return { start: r.start !== null ? r.start.time : span.startTime, end: r.end !== null ? r.end.time : span.endTime };
}

/** PC of the outermost frame of the region's start stack (0 if none). */
export function regionTopPc(store: EventStore, r: RegionBrief): number {
  if (r.start === null || r.start.stack === 0) return 0;
  const end = store.stackEnd[r.start.stack]!;
  if (end <= store.stackStart[r.start.stack]!) return 0;
  return store.framePc[store.stackFrameIds[end - 1]!]!;
}

function regionMatches(store: EventStore, span: TraceSpan, f: RegionFilter, r: RegionBrief): boolean {
  if (f.type !== undefined && r.name !== f.type) return false;
  if (f.pc !== undefined && regionTopPc(store, r) !== f.pc) return false;
  if (f.latMin !== undefined || f.latMax !== undefined) {
    const i = regionInterval(span, r);
    const d = i.end - i.start;
    if (f.latMin !== undefined && d < f.latMin) return false;
    if (f.latMax !== undefined && d > f.latMax) return false;
  }
  return true;
}

/** The outermost matching regions of each goroutine (nested matches are dropped). */
export function regionIntervals(store: EventStore, summaries: GoroutineSummaries, span: TraceSpan, f: RegionFilter): Map<number, Interval[]> {
  const res = new Map<number, Interval[]>();
  for (const g of regionBriefs(summaries)) {
    const list: Interval[] = [];
    for (const r of g.regions) if (regionMatches(store, span, f, r)) list.push(regionInterval(span, r));
    if (list.length === 0) continue;
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    const outer: Interval[] = [];
    let last = 0;
    for (const i of list) {
      if (last <= i.start) {
        outer.push(i);
        last = i.end;
      }
    }
    res.set(g.id, outer);
  }
  return res;
}

/** How much of [start, end] of goroutine id the intervals cover (all of it when intervals is null). */
export function overlapping(intervals: GoIntervals, id: number, start: number, end: number): number {
  if (intervals === null) return end - start;
  if (intervals instanceof IntervalIndex) {
    const [lo, hi] = intervals.range(id);
    const { starts, ends } = intervals.p;
    let total = 0;
    for (let k = lo; k < hi; k++) total += overlap(starts[k]!, ends[k]!, start, end);
    return total;
  }
  const list = intervals.get(id);
  if (list === undefined) return 0;
  let total = 0;
  for (const i of list) total += overlap(i.start, i.end, start, end);
  return total;
}

/** Whether goroutine id's intervals hold the instant t (always when intervals is null). */
export function coversPoint(intervals: GoIntervals, id: number, t: number): boolean {
  if (intervals === null) return true;
  if (intervals instanceof IntervalIndex) {
    const [lo, hi] = intervals.range(id);
    const { starts, ends } = intervals.p;
    for (let k = lo; k < hi; k++) if (starts[k]! <= t && t <= ends[k]!) return true;
    return false;
  }
  const list = intervals.get(id);
  if (list === undefined) return false;
  for (const i of list) if (i.start <= t && t <= i.end) return true;
  return false;
}

/** How much of [start, end] the interval [s, e] covers. */
function overlap(s: number, e: number, start: number, end: number): number {
  if (e < start || end < s) return 0;
  const o = Math.min(e, end) - Math.max(s, start);
  return o > 0 ? o : 0;
}
