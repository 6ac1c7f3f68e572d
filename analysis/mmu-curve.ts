// Go's MMUCurve (internal/trace gc.go): minimum mutator utilization, worst windows and the
// utilization distribution for a window size, via bands bounding each series' windows.

import type { UtilSeries } from './mmu-util.js';
import { Mud } from './mmu-mud.js';
import { ArrayHeap, HeapOps, heapInit, heapPopToEnd } from '../parser/go/go-heap.js';

/** Number of bands each series is divided into (Go's bandsPerSeries). */
const BANDS_PER_SERIES = 1000;

/** A window of the details page: its start and mean mutator utilization. */
export interface UtilWindow {
  time: number;
  mutatorUtil: number;
}

/** A position in a series (index of the current time's non-strict predecessor). */
class Integrator {
  constructor(private s: MMUSeries, public pos: number) {}

  /** Integral of utilization from 0 to time (monotonically increasing times). */
  advance(time: number): number {
    const { time: ts, util, sums } = this.s;
    const n = ts.length;
    let pos = this.pos;
    if (pos + 8 < n && ts[pos + 8]! > time) {
      while (pos + 1 < n && ts[pos + 1]! <= time) pos++;
    } else {
      let l = pos;
      let r = n;
      while (l < r) {
        const h = (l + r) >>> 1;
        if (ts[h]! <= time) l = h + 1;
        else r = h;
      }
      pos = l - 1;
    }
    this.pos = pos;
    let partial = 0;
    if (time !== ts[pos]) partial = util[pos]! * (time - ts[pos]!);
    return sums[pos]! + partial;
  }

  /** The smallest change time > time (Infinity for Go's MaxInt64). */
  next(time: number): number {
    const ts = this.s.time;
    for (let k = this.pos; k < ts.length; k++) if (ts[k]! > time) return ts[k]!;
    return Infinity;
  }
}

class MMUSeries {
  time: Float64Array;
  util: Float64Array;
  sums: Float64Array;
  bandDur: number;
  bandMin: Float64Array;
  bandCum: Float64Array;
  bandPos: Int32Array;

  constructor(s: UtilSeries) {
    this.time = s.time;
    this.util = s.util;
    const n = s.time.length;
    const sums = new Float64Array(n);
    let prevT = 0;
    let prevU = 0;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      sum += prevU * (s.time[j]! - prevT);
      sums[j] = sum;
      prevT = s.time[j]!;
      prevU = s.util[j]!;
    }
    this.sums = sums;
    const numBands = Math.min(BANDS_PER_SERIES, n);
    const dur = s.time[n - 1]! - s.time[0]!;
    this.bandDur = Math.max(1, Math.floor((dur + numBands - 1) / numBands));
    this.bandMin = new Float64Array(numBands + 1);
    this.bandCum = new Float64Array(numBands + 1);
    this.bandPos = new Int32Array(numBands + 1);
    const left = new Integrator(this, 0);
    for (let b = 0; b <= numBands; b++) {
      const start = this.bandStart(b);
      const end = start + this.bandDur;
      const cum = left.advance(start);
      let minUtil = 1;
      for (let k = left.pos; k < n && s.time[k]! < end; k++) minUtil = Math.min(minUtil, s.util[k]!);
      this.bandMin[b] = minUtil;
      this.bandCum[b] = cum;
      this.bandPos[b] = left.pos;
    }
  }

  get duration(): number {
    return this.time[this.time.length - 1]! - this.time[0]!;
  }

  bandStart(b: number): number {
    return b * this.bandDur + this.time[0]!;
  }

  /** Lower bounds of mean utilization of windows starting in each band (Go's mkBandUtil). */
  bandBounds(window: number): Float64Array {
    const bd = this.bandDur;
    const minBands = Math.floor((window + bd - 1) / bd);
    const maxBands = Math.floor((window + 2 * (bd - 1)) / bd);
    if (window > 1 && maxBands < 2) throw new Error('maxBands < 2');
    const tailDur = window % bd;
    const nUtil = Math.max(0, this.bandMin.length - maxBands + 1);
    const out = new Float64Array(nUtil);
    const bm = this.bandMin;
    for (let i = 0; i < nUtil; i++) {
      let util = 0;
      const l = bm[i]!;
      const r1 = bm[i + minBands - 1]!;
      const r2 = bm[i + maxBands - 1]!;
      const minBand = Math.min(l, Math.min(r1, r2));
      if (minBands === 1) util += minBand * window;
      else {
        util += minBand * bd;
        let midBand = 0;
        if (minBand === l) midBand = Math.min(r1, r2);
        else if (minBand === r1) midBand = Math.min(l, r2);
        else if (minBand === r2) midBand = Math.min(l, r1);
        util += midBand * tailDur;
      }
      if (minBands > 2) util += this.bandCum[i + minBands - 1]! - this.bandCum[i + 1]!;
      out[i] = util / window;
    }
    return out;
  }

  /** Precise windowed utilization for windows with their left edge in band b (Go's bandMMU). */
  bandMMU(b: number, window: number, acc: Accumulator): void {
    const left = new Integrator(this, this.bandPos[b]!);
    const right = new Integrator(this, this.bandPos[b]!);
    let time = this.bandStart(b);
    let endTime = time + this.bandDur;
    const utilEnd = this.time[this.time.length - 1]! - window;
    if (utilEnd < endTime) endTime = utilEnd;
    acc.resetTime();
    for (;;) {
      const mu = (right.advance(time + window) - left.advance(time)) / window;
      if (acc.addMU(time, mu, window)) break;
      if (time === endTime) break;
      const minTime = time + Math.trunc((mu - acc.bound) * window);
      const t1 = left.next(time);
      const t2 = right.next(time + window) - window;
      time = t1 < t2 ? t1 : t2;
      if (time < minTime) time = minTime;
      if (time >= endTime) time = endTime;
    }
  }
}

/** The worst-window heap: its top is the least bad of the kept windows. */
class WorstHeap extends ArrayHeap<UtilWindow> {
  less(i: number, j: number): boolean {
    const a = this.items[i]!;
    const b = this.items[j]!;
    if (a.mutatorUtil !== b.mutatorUtil) return a.mutatorUtil > b.mutatorUtil;
    return a.time > b.time;
  }
}

/** Go's accumulator: collects the MMU, the n worst disjoint windows, or the distribution. */
class Accumulator {
  mmu = 1;
  bound = 1;
  lastTime = 0;
  lastMU = 0;
  wHeap = new WorstHeap();
  constructor(public nWorst: number, public mud: Mud | null) {}

  resetTime(): void {
    this.lastTime = Infinity;
  }

  addMU(time: number, mu: number, window: number): boolean {
    if (mu < this.mmu) this.mmu = mu;
    this.bound = this.mmu;
    // Go returns here whenever no worst windows are wanted, so a MUD never gets any mass.
    if (this.nWorst === 0) return mu === 0;
    const h = this.wHeap;
    if (h.items.length < this.nWorst || mu < h.items[0]!.mutatorUtil) {
      let keep = false;
      for (let i = 0; i < h.items.length; i++) {
        const ui = h.items[i]!;
        if (time + window > ui.time && ui.time + window > time) {
          if (ui.mutatorUtil <= mu) keep = true;
          else h.remove(i);
          break;
        }
      }
      if (!keep) {
        h.push({ time, mutatorUtil: mu });
        if (h.items.length > this.nWorst) h.pop();
      }
    }
    if (h.items.length < this.nWorst) this.bound = 1;
    else this.bound = Math.max(this.bound, h.items[0]!.mutatorUtil);
    if (this.mud !== null) {
      if (this.lastTime !== Infinity) this.mud.add(this.lastMU, mu, time - this.lastTime);
      this.lastTime = time;
      this.lastMU = mu;
      const b = this.mud.approxInvCumulativeSum();
      this.bound = b !== null ? Math.max(this.bound, b[1]) : 1;
      return false;
    }
    return h.items.length === this.nWorst && h.items[0]!.mutatorUtil === 0;
  }
}

/** Pending bands, lowest utilization bound first (Go's bandUtilHeap). */
class BandHeap implements HeapOps {
  series: number[] = [];
  band: number[] = [];
  bound: number[] = [];
  len(): number {
    return this.bound.length;
  }
  less(i: number, j: number): boolean {
    return this.bound[i]! < this.bound[j]!;
  }
  swap(i: number, j: number): void {
    for (const a of [this.series, this.band, this.bound]) {
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
  }
  pop(): void {
    heapPopToEnd(this);
    this.series.pop();
    this.band.pop();
    this.bound.pop();
  }
}

/** Minimum mutator utilization over window sizes, for a set of utilization functions. */
export class MMUCurve {
  private series: MMUSeries[];
  constructor(utils: UtilSeries[]) {
    this.series = utils.map((u) => new MMUSeries(u));
  }

  /** The minimum mean utilization of any window of this duration (ns). */
  mmu(window: number): number {
    const acc = new Accumulator(0, null);
    this.run(window, acc);
    return acc.mmu;
  }

  /** Up to n disjoint worst windows, lowest utilization first (Go's Examples). */
  examples(window: number, n: number): UtilWindow[] {
    const acc = new Accumulator(n, null);
    this.run(window, acc);
    return acc.wHeap.items.slice().sort((a, b) => a.mutatorUtil - b.mutatorUtil || a.time - b.time);
  }

  /** Utilization distribution quantiles (Go's MUD; in Go 1.26 every quantile is the MMU). */
  mud(window: number, quantiles: number[]): number[] {
    if (quantiles.length === 0) return [];
    let maxQ = quantiles[0]!;
    for (const q of quantiles) if (q > maxQ) maxQ = q;
    let duration = 0;
    for (const s of this.series) {
      const d = s.duration;
      if (d >= window) duration += d - window;
    }
    const qMass = duration * maxQ;
    const mud = new Mud();
    const acc = new Accumulator(0, mud);
    mud.setTrackMass(qMass);
    this.run(window, acc);
    return quantiles.map((q) => {
      const mu = mud.invCumulativeSum(duration * q);
      return Number.isNaN(mu) ? acc.mmu : mu;
    });
  }

  private run(window: number, acc: Accumulator): void {
    if (window <= 0) {
      acc.mmu = 0;
      return;
    }
    const h = new BandHeap();
    const windows: number[] = [];
    this.series.forEach((s, i) => {
      windows[i] = Math.min(window, s.duration);
      const bounds = s.bandBounds(windows[i]!);
      for (let b = 0; b < bounds.length; b++) {
        h.series.push(i);
        h.band.push(b);
        h.bound.push(bounds[b]!);
      }
    });
    heapInit(h);
    while (h.len() > 0 && h.bound[0]! < acc.bound) {
      const i = h.series[0]!;
      this.series[i]!.bandMMU(h.band[0]!, windows[i]!, acc);
      h.pop();
    }
  }
}
