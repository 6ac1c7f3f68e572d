// The counters of the timeline (goroutines by state, running Ps, heap alloc/goal, GOMAXPROCS) as
// an index over the events rather than a stored series: one step code per event (a goroutine's
// from/to state, a P starting/stopping, a metric), the back-dated steps apart, and per block of
// BLOCK events the values at its start and the min/max of the samples in it. Any stretch of the
// series is replayed exactly from the nearest block start (Replay). The metric series (uint64s,
// a heap goal near 2^63 among them) also carry the event whose argument each value is, so that
// their exact decimal can be read back (exactValue); their doubles only plot. When the events are
// on disk (server/event-spill.ts), the metric values are kept here too (metricVal, metric-values.ts,
// found by metricAt), so that replaying a stretch reads no event column; in memory, reading the
// events is cheaper.

import { EventTimes } from './event-times.js';
import { lowerBound } from './query.js';
import type { Chunk } from '../../parser/events.js';
import { MetricValues, type MetricArray } from './metric-values.js';
import { CODE_OF, ESCAPE, type StepCodes } from './step-codes.js';

/** Codes 1..25 are goroutine steps 1 + from * 5 + to (counter indices, 4 = none). */
export const STEP_PROC_UP = 26;
export const STEP_PROC_DOWN = 27;
/** STEP_METRIC + 0/1/2: HeapAlloc, HeapGoal, ProcsChange (the value is the event's argument 0). */
export const STEP_METRIC = 28;

/** Internal series: 0..3 goroutines Runnable/Running/Waiting/Syscall, 4 running Ps, 5 heap alloc, 6 heap goal, 7 GOMAXPROCS. */
export const NSERIES = 8;
export const BLOCK_SHIFT = 9;
export const BLOCK = 1 << BLOCK_SHIFT;
/** The metric series are METRIC0..NSERIES-1 (heap alloc, heap goal, GOMAXPROCS). */
export const METRIC0 = 5;
export const NMETRIC = NSERIES - METRIC0;

export interface CounterModel {
  times: EventTimes;
  /** Every event's step code (step-codes.ts). */
  codes: StepCodes;
  /** Back-dated steps: the sync event they are dated at (ascending), and their codes. */
  backdatedEv: Uint32Array;
  backdatedCode: Uint8Array;
  /** The metric steps' values (metricValue) in event order; null: read from the events. */
  metricVal: MetricArray | null;
  /**
   * With metricVal, per block b: the index in metricVal of the first metric step at or after
   * the block's start (a replay from there counts its way on: 4 bytes a block, not 4 a value).
   */
  metricAt: Uint32Array | null;
  /** Per block b, series s at [b * NSERIES + s]: value after the events before the block; min and max of its samples (NaN: none). */
  start: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /**
   * Per block b, metric series s at [b * NMETRIC + s - METRIC0]: the event whose argument is the
   * value at the block's start, and the events of its min and max samples (-1: none).
   */
  startEv: Float64Array;
  minEv: Float64Array;
  maxEv: Float64Array;
}

/** A metric event's value (argument 0 of event i of chunk c) as a double, rounded past 2^53 (the stored -1 is 2^64-1). */
export function metricValue(c: Chunk, i: number): number {
  const x = c.arg(i, 0);
  return x < 0 ? 2 ** 64 : x;
}

/** The exact decimal of a metric value: argument 0 of event ev, as Go's %d prints the uint64. */
export function exactValue(m: CounterModel, ev: number): string {
  const times = m.times;
  const k = times.chunkOf(ev);
  return times.chunks[k]!.argU64(ev - times.first[k]!, 0);
}

/**
 * Whether metric value x set by event a is the same uint64 as x set by event b (values past 2^53
 * that round to one double may differ).
 */
export function sameExact(m: CounterModel, x: number, a: number, b: number): boolean {
  return x < Number.MAX_SAFE_INTEGER || a === b || a < 0 || b < 0 || exactValue(m, a) === exactValue(m, b);
}

/** Receives each sample: its time and the values after every step at that instant. */
export type SampleSink = (time: number, values: Float64Array, lastEv: number) => void;

/** Replays the counter steps in event order, grouping steps at one instant into one sample. */
export class Replay {
  readonly values = new Float64Array(NSERIES);
  /** Per series, the event whose argument its value is (metric series; -1: none or not a metric). */
  readonly src = new Float64Array(NSERIES).fill(-1);
  /** Next event to apply. */
  ev = 0;
  private backdated = 0;
  /** The next metric step's index in m.metricVal. */
  private metric = 0;
  private pendingTime = NaN;
  private pendingEv = -1;

  constructor(private m: CounterModel) {
    this.values.fill(NaN);
    for (let s = 0; s < 5; s++) this.values[s] = 0;
  }

  /** Positions the replay at event ev (nothing pending): the values after every event before it. */
  seek(ev: number): void {
    const m = this.m;
    const b = ev >>> BLOCK_SHIFT;
    const nb = m.start.length / NSERIES;
    if (b < nb) {
      this.loadBlock(b);
    } else {
      this.values.fill(NaN);
      for (let s = 0; s < 5; s++) this.values[s] = 0;
      this.src.fill(-1);
      this.ev = 0;
    }
    this.cursorsAt();
    this.pendingTime = NaN;
    this.pendingEv = -1;
    this.run(ev, null);
    this.pendingTime = NaN;
    this.pendingEv = -1;
  }

  /** Jumps over whole blocks: continues at the start of block b with its stored values (the pending sample is dropped). */
  jumpToBlock(b: number): void {
    this.loadBlock(b);
    this.cursorsAt();
    this.pendingTime = NaN;
    this.pendingEv = -1;
  }

  /** The back-dated and metric cursors at this.ev, a block's start (or 0). */
  private cursorsAt(): void {
    const m = this.m;
    this.backdated = lowerBound(m.backdatedEv, 0, m.backdatedEv.length, this.ev);
    this.metric = m.metricAt === null ? 0 : m.metricAt[this.ev >>> BLOCK_SHIFT]!;
  }

  /** The values (and their events) at the start of block b. */
  private loadBlock(b: number): void {
    const m = this.m;
    for (let s = 0; s < NSERIES; s++) this.values[s] = m.start[b * NSERIES + s]!;
    for (let s = METRIC0; s < NSERIES; s++) this.src[s] = m.startEv[b * NMETRIC + s - METRIC0]!;
    this.ev = b << BLOCK_SHIFT;
  }

  /** Applies events [this.ev, to); samples completed meanwhile go to sink. */
  run(to: number, sink: SampleSink | null): void {
    const m = this.m;
    const codes = m.codes;
    const nibbles = codes.nibbles;
    const backdatedEv = m.backdatedEv;
    const v = this.values;
    const times = m.times;
    let e = this.ev;
    while (e < to) {
      // One chunk at a time.
      const k = times.chunkOf(e);
      const c = times.chunks[k]!;
      const base = times.first[k]!;
      const end = Math.min(to, times.first[k + 1]!);
      for (; e < end; e++) {
        const x = (nibbles[e >>> 1]! >>> ((e & 1) << 2)) & 15;
        const code = x === ESCAPE ? codes.at(e) : CODE_OF[x]!;
        const hasBackdated = this.backdated < backdatedEv.length && backdatedEv[this.backdated] === e;
        if (code === 0 && !hasBackdated) continue;
        const t = c.timeAt(e - base);
        if (t !== this.pendingTime && this.pendingEv >= 0) {
          if (sink !== null) sink(this.pendingTime, v, this.pendingEv);
        }
        this.pendingTime = t;
        this.pendingEv = e;
        if (hasBackdated) {
          for (; this.backdated < backdatedEv.length && backdatedEv[this.backdated] === e; this.backdated++) this.step(m.backdatedCode[this.backdated]!, e);
        }
        if (code !== 0) this.step(code, e);
      }
    }
    if (to > this.ev) this.ev = to;
  }

  /** Completes the pending sample (call at a point no later step can share its instant). */
  flush(sink: SampleSink | null): void {
    if (this.pendingEv >= 0 && sink !== null) sink(this.pendingTime, this.values, this.pendingEv);
    this.pendingTime = NaN;
    this.pendingEv = -1;
  }

  private step(code: number, e: number): void {
    const v = this.values;
    if (code <= 25) {
      const k = code - 1;
      const from = (k / 5) | 0;
      const to = k - from * 5;
      if (from < 4) v[from]!--;
      if (to < 4) v[to]!++;
    } else if (code === STEP_PROC_UP) v[4]!++;
    else if (code === STEP_PROC_DOWN) v[4]!--;
    else {
      const m = this.m;
      const s = METRIC0 + code - STEP_METRIC;
      if (m.metricVal !== null) {
        // Every step from a block's start on comes here once, in event order.
        v[s] = m.metricVal[this.metric++]!;
      } else {
        const k = m.times.chunkOf(e);
        v[s] = metricValue(m.times.chunks[k]!, e - m.times.first[k]!);
      }
      this.src[s] = e;
    }
  }
}

/** Per step code: the series it decrements and increments (-1 none), and whether it is a metric. */
const DEC = new Int8Array(256).fill(-1);
const INC = new Int8Array(256).fill(-1);
for (let code = 1; code <= 25; code++) {
  const from = ((code - 1) / 5) | 0;
  const to = code - 1 - from * 5;
  if (from < 4) DEC[code] = from;
  if (to < 4) INC[code] = to;
}
INC[STEP_PROC_UP] = 4;
DEC[STEP_PROC_DOWN] = 4;

/**
 * Builds the block index by one replay of the whole trace (the Replay's loop, specialized).
 * `metric`: the metric steps' events and values as the rows pass read them (CounterSteps.metric),
 * kept as they are; null: read from the events here (and kept only if some are on disk).
 */
export function buildCounters(
  times: EventTimes,
  codes: StepCodes,
  backdatedEv: Uint32Array,
  backdatedCode: Uint8Array,
  metric: MetricArray | null = null,
): CounterModel {
  const nb = (times.n >>> BLOCK_SHIFT) + 1;
  const start = new Float64Array(nb * NSERIES);
  const min = new Float64Array(nb * NSERIES).fill(NaN);
  const max = new Float64Array(nb * NSERIES).fill(NaN);
  const startEv = new Float64Array(nb * NMETRIC).fill(-1);
  const minEv = new Float64Array(nb * NMETRIC).fill(-1);
  const maxEv = new Float64Array(nb * NMETRIC).fill(-1);
  const v = new Float64Array(NSERIES).fill(NaN);
  // The event whose argument each metric series' value is.
  const vEv = new Float64Array(NMETRIC).fill(-1);
  for (let s = 0; s < 5; s++) v[s] = 0;
  // Events on disk: the metric values are kept (a few % of the events), so that replays read none.
  const nibbles = codes.nibbles;
  let nMetric = 0;
  const given = metric !== null;
  const keep = given || times.chunks.some((c) => c.spilled !== null);
  if (keep && !given) for (let i = 0; i < codes.length; i++) if (codes.at(i) >= STEP_METRIC) nMetric++;
  const kept = given ? null : keep ? new MetricValues(nMetric) : null;
  const metricAt = keep ? new Uint32Array(nb) : null;
  nMetric = 0;
  let pendingTime = NaN;
  let pendingEv = -1;
  // Series changed by the pending instant (bit s).
  let dirty = 0;
  let bd = 0; // next back-dated step
  let nextBackdated = backdatedEv.length > 0 ? backdatedEv[0]! : -1;
  let e = 0;
  for (let k = 0; k < times.chunks.length; k++) {
    const c = times.chunks[k]!;
    const base = times.first[k]!;
    const end = times.first[k + 1]!;
    for (; e < end; e++) {
      if ((e & (BLOCK - 1)) === 0) {
        start.set(v, (e >>> BLOCK_SHIFT) * NSERIES);
        startEv.set(vEv, (e >>> BLOCK_SHIFT) * NMETRIC);
        if (metricAt !== null) metricAt[e >>> BLOCK_SHIFT] = nMetric;
      }
      const x = (nibbles[e >>> 1]! >>> ((e & 1) << 2)) & 15;
      const code = x === ESCAPE ? codes.at(e) : CODE_OF[x]!;
      if (code === 0 && e !== nextBackdated) continue;
      const t = c.timeAt(e - base);
      if (t !== pendingTime && dirty !== 0) {
        // Commit the pending instant: its changed series enter its block's min/max.
        commitInstant(pendingEv, dirty, v, vEv, min, max, minEv, maxEv);
        dirty = 0;
      }
      pendingTime = t;
      pendingEv = e;
      while (e === nextBackdated) {
        const step = backdatedCode[bd]!;
        const d = DEC[step]!;
        const u = INC[step]!;
        if (d >= 0) {
          v[d]!--;
          dirty |= 1 << d;
        }
        if (u >= 0) {
          v[u]!++;
          dirty |= 1 << u;
        }
        bd++;
        nextBackdated = bd < backdatedEv.length ? backdatedEv[bd]! : -1;
      }
      if (code === 0) continue;
      if (code < STEP_METRIC) {
        const d = DEC[code]!;
        const u = INC[code]!;
        if (d >= 0) {
          v[d]!--;
          dirty |= 1 << d;
        }
        if (u >= 0) {
          v[u]!++;
          dirty |= 1 << u;
        }
      } else {
        const s = METRIC0 + code - STEP_METRIC;
        if (given) v[s] = metric![nMetric++]!;
        else {
          v[s] = metricValue(c, e - base);
          if (kept !== null) {
            kept.push(v[s]!);
            nMetric++;
          }
        }
        vEv[s - METRIC0] = e;
        dirty |= 1 << s;
      }
    }
  }
  if (dirty !== 0) commitInstant(pendingEv, dirty, v, vEv, min, max, minEv, maxEv);
  if ((times.n & (BLOCK - 1)) === 0) {
    start.set(v, (times.n >>> BLOCK_SHIFT) * NSERIES);
    startEv.set(vEv, (times.n >>> BLOCK_SHIFT) * NMETRIC);
    if (metricAt !== null) metricAt[times.n >>> BLOCK_SHIFT] = nMetric;
  }
  const metricVal = given ? metric : kept === null ? null : kept.values;
  return { times, codes, backdatedEv, backdatedCode, metricVal, metricAt, start, min, max, startEv, minEv, maxEv };
}

/**
 * The pending instant (its event, the series it changed as bits) enters its block's min/max (a
 * top-level function: a closure would put the build loop's arrays in a context).
 */
function commitInstant(
  ev: number,
  bits: number,
  v: Float64Array,
  vEv: Float64Array,
  min: Float64Array,
  max: Float64Array,
  minEv: Float64Array,
  maxEv: Float64Array,
): void {
  const b = ev >>> BLOCK_SHIFT;
  const o = b * NSERIES;
  for (let s = 0; bits !== 0; s++, bits >>>= 1) {
    if ((bits & 1) === 0) continue;
    const x = v[s]!;
    const m = o + s;
    const metric = s >= METRIC0;
    if (!(min[m]! <= x)) {
      min[m] = x;
      if (metric) minEv[b * NMETRIC + s - METRIC0] = vEv[s - METRIC0]!;
    }
    if (!(max[m]! >= x)) {
      max[m] = x;
      if (metric) maxEv[b * NMETRIC + s - METRIC0] = vEv[s - METRIC0]!;
    }
  }
}
