// Counter series for a window at a pixel width (GET /api/timeline/counters): per pixel at most
// two points; a pixel where a series changes more than twice keeps its min and max (peaks
// survive), and the next pixel restates the value it ended on. At full resolution (at most one
// sample per pixel) the points are exactly the raw samples. Cost: pixels × (log + 2 blocks of
// events), whatever the number of samples, through the block index of counter-model.ts.
// The metric series (heap, heap goal, GOMAXPROCS: uint64s in the trace) also send each point's
// exact decimal (`exact`), read from the event that set it: a double rounds a heap goal near 2^63.

import type { CountersResponse } from '../../api/types.js';
import type { Timeline } from './model.js';
import { BLOCK, BLOCK_SHIFT, METRIC0, NMETRIC, NSERIES, Replay, SampleSink, exactValue, sameExact, type CounterModel } from './counter-model.js';

/** The series served, in order, with the internal series each reads. */
export const COUNTER_SERIES: { name: string; unit: string; index: number }[] = [
  { name: 'Goroutines: runnable', unit: 'goroutines', index: 0 },
  { name: 'Goroutines: running', unit: 'goroutines', index: 1 },
  { name: 'Goroutines: waiting', unit: 'goroutines', index: 2 },
  { name: 'Goroutines: in syscall', unit: 'goroutines', index: 3 },
  { name: 'Heap: allocated', unit: 'bytes', index: 5 },
  { name: 'Heap: goal', unit: 'bytes', index: 6 },
  { name: 'GOMAXPROCS', unit: 'procs', index: 7 },
  { name: 'Threads: running', unit: 'threads', index: 4 },
  { name: 'Threads: in syscall', unit: 'threads', index: 3 },
];

/** First event with time > t. */
function upperEvent(tl: Timeline, t: number): number {
  const times = tl.times;
  let lo = 0;
  let hi = times.n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (times.time(mid) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Per series, the points of the pixel being built. */
class PixelPoints {
  readonly n = new Uint32Array(NSERIES);
  readonly t = new Float64Array(NSERIES * 2);
  readonly v = new Float64Array(NSERIES * 2);
  /** The event each point's value comes from (metric series; -1 otherwise), beside v, minV, maxV, cur, shown. */
  readonly e = new Float64Array(NSERIES * 2);
  readonly minT = new Float64Array(NSERIES);
  readonly minV = new Float64Array(NSERIES);
  readonly minE = new Float64Array(NSERIES);
  readonly maxT = new Float64Array(NSERIES);
  readonly maxV = new Float64Array(NSERIES);
  readonly maxE = new Float64Array(NSERIES);
  /** Value after the last sample seen (NaN: none yet). */
  readonly cur = new Float64Array(NSERIES);
  readonly curE = new Float64Array(NSERIES);
  /** The value last emitted (what the chart shows at the end of the pixel). */
  readonly shown = new Float64Array(NSERIES);
  readonly shownE = new Float64Array(NSERIES);

  reset(): void {
    this.n.fill(0);
  }

  point(s: number, t: number, x: number, ev: number): void {
    const k = this.n[s]!;
    if (k < 2) {
      this.t[s * 2 + k] = t;
      this.v[s * 2 + k] = x;
      this.e[s * 2 + k] = ev;
    }
    if (k === 0 || x < this.minV[s]!) {
      this.minV[s] = x;
      this.minT[s] = t;
      this.minE[s] = ev;
    }
    if (k === 0 || x > this.maxV[s]!) {
      this.maxV[s] = x;
      this.maxT[s] = t;
      this.maxE[s] = ev;
    }
    this.n[s] = k + 1;
  }

  /** Min and max of a block of samples (their times unknown: t), with their events. */
  block(s: number, t: number, lo: number, hi: number, loE: number, hiE: number): void {
    this.point(s, t, lo, loE);
    if (hi !== lo || loE !== hiE) this.point(s, t, hi, hiE);
    this.n[s] = Math.max(this.n[s]!, 3);
  }
}

/**
 * Counter series over [t0, t1) (ns since the trace's first event) at `width` pixels: the value in
 * effect at t0, then at most two points per pixel. Points of a series without a value yet (heap
 * metrics before their first sample) are left out.
 */
export function timelineCounters(tl: Timeline, t0: number, t1: number, width: number): CountersResponse {
  const w = width >= 1 ? Math.floor(width) : 1;
  const origin = tl.firstTime;
  const T0 = origin + t0;
  const T1 = origin + t1;
  const ts: number[][] = [];
  const vs: number[][] = [];
  const es: number[][] = [];
  for (let s = 0; s < NSERIES; s++) {
    ts.push([]);
    vs.push([]);
    es.push([]);
  }
  const m = tl.counters;
  const r = new Replay(m);
  const pp = new PixelPoints();
  if (tl.times.n > 0 && T1 > T0) {
    const times = tl.times;
    r.seek(upperEvent(tl, T0));
    for (let s = 0; s < NSERIES; s++) {
      const x = r.values[s]!;
      pp.cur[s] = x;
      pp.shown[s] = x;
      pp.curE[s] = r.src[s]!;
      pp.shownE[s] = r.src[s]!;
      if (x === x) {
        ts[s]!.push(t0);
        vs[s]!.push(x);
        es[s]!.push(r.src[s]!);
      }
    }
    const sink: SampleSink = (t, v) => {
      for (let s = 0; s < NSERIES; s++) {
        const x = v[s]!;
        if (x === pp.cur[s]) {
          if (s < METRIC0 || sameExact(m, x, r.src[s]!, pp.curE[s]!)) continue;
        } else if (x !== x && pp.cur[s] !== pp.cur[s]) continue;
        const ev = s < METRIC0 ? -1 : r.src[s]!;
        pp.cur[s] = x;
        pp.curE[s] = ev;
        pp.point(s, t, x, ev);
      }
    };
    const px = (T1 - T0) / w;
    for (let p = 0; p < w && r.ev < times.n; p++) {
      const end = p === w - 1 ? T1 : T0 + (p + 1) * px;
      const eb = times.lowerBound(end);
      if (eb <= r.ev) {
        restate(m, pp, ts, vs, es, T0 + p * px - origin);
        continue;
      }
      pp.reset();
      if (eb - r.ev <= 2 * BLOCK) {
        r.run(eb, sink);
      } else {
        // A pixel this busy keeps only min and max: whole blocks stand for the events, the
        // partial first block included (its samples lie within a block of the pixel).
        const bA = r.ev >>> BLOCK_SHIFT;
        const bB = eb >>> BLOCK_SHIFT;
        r.flush(sink);
        for (let b = bA; b < bB; b++) {
          const tb = Math.max(times.time(b << BLOCK_SHIFT), T0 + p * px);
          for (let s = 0; s < NSERIES; s++) {
            const lo = m.min[b * NSERIES + s]!;
            if (lo !== lo) continue;
            const metric = s >= METRIC0;
            const loE = metric ? m.minEv[b * NMETRIC + s - METRIC0]! : -1;
            const hiE = metric ? m.maxEv[b * NMETRIC + s - METRIC0]! : -1;
            pp.block(s, tb, lo, m.max[b * NSERIES + s]!, loE, hiE);
          }
        }
        r.jumpToBlock(bB);
        for (let s = 0; s < NSERIES; s++) {
          pp.cur[s] = r.values[s]!;
          pp.curE[s] = r.src[s]!;
        }
        r.run(eb, sink);
      }
      r.flush(sink);
      emitPixel(m, pp, ts, vs, es, T0 + p * px - origin, origin);
    }
  }
  return { series: COUNTER_SERIES.map((c) => seriesOut(m, c, ts, vs, es)) };
}

/** One series of the response; a metric one with each point's exact decimal. */
function seriesOut(m: CounterModel, c: (typeof COUNTER_SERIES)[number], ts: number[][], vs: number[][], es: number[][]): CountersResponse['series'][number] {
  const out: CountersResponse['series'][number] = { name: c.name, unit: c.unit, t: ts[c.index]!.slice(), v: vs[c.index]!.slice() };
  if (c.index >= METRIC0) {
    // Below 2^53 the double is the value; from there on it is read from the event's stored bytes.
    const V = vs[c.index]!;
    out.exact = es[c.index]!.map((ev, i) => (ev >= 0 && !(V[i]! < Number.MAX_SAFE_INTEGER) ? exactValue(m, ev) : String(V[i])));
  }
  return out;
}

/** A pixel without samples: restates the value of a series whose last pixel ended elsewhere than shown. */
function restate(m: CounterModel, pp: PixelPoints, ts: number[][], vs: number[][], es: number[][], tRel: number): void {
  for (let s = 0; s < NSERIES; s++) restateOne(m, pp, s, ts, vs, es, tRel);
}

function restateOne(m: CounterModel, pp: PixelPoints, s: number, ts: number[][], vs: number[][], es: number[][], tRel: number): void {
  const x = pp.cur[s]!;
  if ((x === pp.shown[s] && sameExact(m, x, pp.curE[s]!, pp.shownE[s]!)) || x !== x) return;
  push(ts[s]!, vs[s]!, es[s]!, tRel, x, pp.curE[s]!);
  pp.shown[s] = x;
  pp.shownE[s] = pp.curE[s]!;
}

/** Appends a point, never before the previous one (times computed from absolute ones round). */
function push(T: number[], V: number[], E: number[], t: number, v: number, ev: number): void {
  const last = T.length > 0 ? T[T.length - 1]! : -Infinity;
  T.push(t > last ? t : last);
  V.push(v);
  E.push(ev);
}

function emitPixel(m: CounterModel, pp: PixelPoints, ts: number[][], vs: number[][], es: number[][], tRel: number, origin: number): void {
  for (let s = 0; s < NSERIES; s++) {
    let k = pp.n[s]!;
    if (k === 0) {
      restateOne(m, pp, s, ts, vs, es, tRel);
      continue;
    }
    const T = ts[s]!;
    const V = vs[s]!;
    const E = es[s]!;
    if (k <= 2) {
      for (let q = 0; q < k; q++) push(T, V, E, pp.t[s * 2 + q]! - origin, pp.v[s * 2 + q]!, pp.e[s * 2 + q]!);
      pp.shown[s] = pp.v[s * 2 + k - 1]!;
      pp.shownE[s] = pp.e[s * 2 + k - 1]!;
      continue;
    }
    k = 2;
    const minFirst = pp.minT[s]! <= pp.maxT[s]!;
    const a = minFirst ? pp.minV[s]! : pp.maxV[s]!;
    const b = minFirst ? pp.maxV[s]! : pp.minV[s]!;
    const aE = minFirst ? pp.minE[s]! : pp.maxE[s]!;
    const bE = minFirst ? pp.maxE[s]! : pp.minE[s]!;
    push(T, V, E, (minFirst ? pp.minT[s]! : pp.maxT[s]!) - origin, a, aE);
    push(T, V, E, (minFirst ? pp.maxT[s]! : pp.minT[s]!) - origin, b, bE);
    pp.shown[s] = b;
    pp.shownE[s] = bE;
  }
}

/** Every sample of every series over the whole trace (tests and tools; large on a big trace). */
export function rawCounterSeries(tl: Timeline): CountersResponse {
  const ts: number[][] = [];
  const vs: number[][] = [];
  const es: number[][] = [];
  const cur = new Float64Array(NSERIES).fill(NaN);
  const curE = new Float64Array(NSERIES).fill(-1);
  for (let s = 0; s < NSERIES; s++) {
    ts.push([]);
    vs.push([]);
    es.push([]);
  }
  const m = tl.counters;
  const r = new Replay(m);
  const sink: SampleSink = (t, v) => {
    for (let s = 0; s < NSERIES; s++) {
      const x = v[s]!;
      const ev = r.src[s]!;
      if ((x === cur[s] && sameExact(m, x, ev, curE[s]!)) || x !== x) continue;
      cur[s] = x;
      curE[s] = ev;
      ts[s]!.push(t - tl.firstTime);
      vs[s]!.push(x);
      es[s]!.push(ev);
    }
  };
  r.run(tl.times.n, sink);
  r.flush(sink);
  return { series: COUNTER_SERIES.map((c) => seriesOut(m, c, ts, vs, es)) };
}
