// The counters of the timeline (goroutines by state, running Ps, heap alloc/goal, GOMAXPROCS) as
// an index over the events rather than a stored series: one step code per event (a goroutine's
// from/to state, a P starting/stopping, a metric), the back-dated steps apart, and per block of
// BLOCK events the values at its start and the min/max of the samples in it. Any stretch of the
// series is replayed exactly from the nearest block start (Replay).

import { EventTimes } from './event-times.js';

/** Codes 1..25 are goroutine steps 1 + from * 5 + to (counter indices, 4 = none). */
export const STEP_PROC_UP = 26;
export const STEP_PROC_DOWN = 27;
/** STEP_METRIC + 0/1/2: HeapAlloc, HeapGoal, ProcsChange (the value is the event's argument 0). */
export const STEP_METRIC = 28;

/** Internal series: 0..3 goroutines Runnable/Running/Waiting/Syscall, 4 running Ps, 5 heap alloc, 6 heap goal, 7 GOMAXPROCS. */
export const NSERIES = 8;
export const BLOCK_SHIFT = 9;
export const BLOCK = 1 << BLOCK_SHIFT;

export interface CounterModel {
  times: EventTimes;
  codes: Uint8Array;
  /** Back-dated steps: the sync event they are dated at (ascending), and their codes. */
  backdatedEv: Uint32Array;
  backdatedCode: Uint8Array;
  /** Per block b, series s at [b * NSERIES + s]: value after the events before the block; min and max of its samples (NaN: none). */
  start: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Receives each sample: its time and the values after every step at that instant. */
export type SampleSink = (time: number, values: Float64Array, lastEv: number) => void;

/** Replays the counter steps in event order, grouping steps at one instant into one sample. */
export class Replay {
  readonly values = new Float64Array(NSERIES);
  /** Next event to apply. */
  ev = 0;
  private backdated = 0;
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
      for (let s = 0; s < NSERIES; s++) this.values[s] = m.start[b * NSERIES + s]!;
      this.ev = b << BLOCK_SHIFT;
    } else {
      this.values.fill(NaN);
      for (let s = 0; s < 5; s++) this.values[s] = 0;
      this.ev = 0;
    }
    this.backdated = lowerBoundU32(m.backdatedEv, this.ev);
    this.pendingTime = NaN;
    this.pendingEv = -1;
    this.run(ev, null);
    this.pendingTime = NaN;
    this.pendingEv = -1;
  }

  /** Jumps over whole blocks: continues at the start of block b with its stored values (the pending sample is dropped). */
  jumpToBlock(b: number): void {
    const m = this.m;
    for (let s = 0; s < NSERIES; s++) this.values[s] = m.start[b * NSERIES + s]!;
    this.ev = b << BLOCK_SHIFT;
    this.backdated = lowerBoundU32(m.backdatedEv, this.ev);
    this.pendingTime = NaN;
    this.pendingEv = -1;
  }

  /** Applies events [this.ev, to); samples completed meanwhile go to sink. */
  run(to: number, sink: SampleSink | null): void {
    const m = this.m;
    const codes = m.codes;
    const backdatedEv = m.backdatedEv;
    const v = this.values;
    const times = m.times;
    let e = this.ev;
    while (e < to) {
      // One chunk at a time, reading its time column directly.
      const k = times.chunkOf(e);
      const c = times.chunks[k]!;
      const base = times.first[k]!;
      const end = Math.min(to, times.first[k + 1]!);
      const t32 = c.t32;
      const t64 = c.t64;
      const cb = c.base;
      for (; e < end; e++) {
        const code = codes[e]!;
        const hasBackdated = this.backdated < backdatedEv.length && backdatedEv[this.backdated] === e;
        if (code === 0 && !hasBackdated) continue;
        const t = t32 !== null ? cb + t32[e - base]! : t64![e - base]!;
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
      const times = this.m.times;
      const k = times.chunkOf(e);
      v[5 + code - STEP_METRIC] = times.chunks[k]!.arg(e - times.first[k]!, 0);
    }
  }
}

function lowerBoundU32(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
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

/** Builds the block index by one replay of the whole trace (the Replay's loop, specialized). */
export function buildCounters(times: EventTimes, codes: Uint8Array, backdatedEv: Uint32Array, backdatedCode: Uint8Array): CounterModel {
  const nb = (times.n >>> BLOCK_SHIFT) + 1;
  const start = new Float64Array(nb * NSERIES);
  const min = new Float64Array(nb * NSERIES).fill(NaN);
  const max = new Float64Array(nb * NSERIES).fill(NaN);
  const v = new Float64Array(NSERIES).fill(NaN);
  for (let s = 0; s < 5; s++) v[s] = 0;
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
    const t32 = c.t32;
    const t64 = c.t64;
    const cb = c.base;
    for (; e < end; e++) {
      if ((e & (BLOCK - 1)) === 0) start.set(v, (e >>> BLOCK_SHIFT) * NSERIES);
      const code = codes[e]!;
      if (code === 0 && e !== nextBackdated) continue;
      const t = t32 !== null ? cb + t32[e - base]! : t64![e - base]!;
      if (t !== pendingTime && dirty !== 0) {
        // Commit the pending instant: its changed series enter its block's min/max.
        const o = (pendingEv >>> BLOCK_SHIFT) * NSERIES;
        for (let s = 0; dirty !== 0; s++, dirty >>>= 1) {
          if ((dirty & 1) === 0) continue;
          const x = v[s]!;
          const m = o + s;
          if (!(min[m]! <= x)) min[m] = x;
          if (!(max[m]! >= x)) max[m] = x;
        }
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
        const s = 5 + code - STEP_METRIC;
        v[s] = c.arg(e - base, 0);
        dirty |= 1 << s;
      }
    }
  }
  if (dirty !== 0) {
    const o = (pendingEv >>> BLOCK_SHIFT) * NSERIES;
    for (let s = 0; dirty !== 0; s++, dirty >>>= 1) {
      if ((dirty & 1) === 0) continue;
      const m = o + s;
      if (!(min[m]! <= v[s]!)) min[m] = v[s]!;
      if (!(max[m]! >= v[s]!)) max[m] = v[s]!;
    }
  }
  if ((times.n & (BLOCK - 1)) === 0) start.set(v, (times.n >>> BLOCK_SHIFT) * NSERIES);
  return { times, codes, backdatedEv, backdatedCode, start, min, max };
}
