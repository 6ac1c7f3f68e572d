// Counter series built from +1/-1 steps: steps arrive in event order, except the back-dated
// ones (a goroutine or P first seen mid-generation has been in its state since the sync),
// which arrive in their own time order. Both lists are merged into (time, value) samples,
// one per instant at which some count changed, holding the counts after every step at it.

import { Column, f64, i32, u8 } from './columns.js';

/** Counts of several states over time: counts[s][k] holds from time[k] until time[k + 1]. */
export interface CountSeries {
  time: Float64Array;
  counts: Int32Array[];
}

/** A (time, value) series: value[k] holds from time[k] until the next sample. */
export interface Series {
  time: Float64Array;
  value: Float64Array;
}

class Steps {
  time = f64();
  state = u8();
  delta = i32();
}

export class StepCounter {
  private main = new Steps();
  private back = new Steps();
  constructor(readonly states: number) {}

  /** Adds delta to the count of state at time t; backdated steps must be in time order among themselves. */
  step(t: number, state: number, delta: number, backdated: boolean): void {
    const s = backdated ? this.back : this.main;
    s.time.push(t);
    s.state.push(state);
    s.delta.push(delta);
  }

  build(): CountSeries {
    const a = sortedSteps(this.main);
    const b = sortedSteps(this.back);
    const cur = new Int32Array(this.states);
    const time = f64();
    const counts: Column<Int32Array>[] = [];
    for (let s = 0; s < this.states; s++) counts.push(i32());
    let i = 0;
    let j = 0;
    const na = a.time.length;
    const nb = b.time.length;
    while (i < na || j < nb) {
      // The next instant, then every step at it from both lists.
      const t = j >= nb || (i < na && a.time[i]! <= b.time[j]!) ? a.time[i]! : b.time[j]!;
      for (; i < na && a.time[i] === t; i++) cur[a.state[i]!]! += a.delta[i]!;
      for (; j < nb && b.time[j] === t; j++) cur[b.state[j]!]! += b.delta[j]!;
      const k = time.n;
      let changed = k === 0;
      for (let s = 0; s < this.states && !changed; s++) changed = counts[s]!.a[k - 1] !== cur[s];
      if (!changed) continue;
      time.push(t);
      for (let s = 0; s < this.states; s++) counts[s]!.push(cur[s]!);
    }
    return { time: time.take(), counts: counts.map((c) => c.take()) };
  }
}

function sortedSteps(s: Steps): { time: Float64Array; state: Uint8Array; delta: Int32Array } {
  const time = s.time.take();
  let sorted = true;
  for (let k = 1; k < time.length && sorted; k++) sorted = time[k - 1]! <= time[k]!;
  if (sorted) return { time, state: s.state.take(), delta: s.delta.take() };
  const order = new Uint32Array(time.length);
  for (let k = 0; k < order.length; k++) order[k] = k;
  order.sort((x, y) => time[x]! - time[y]! || x - y);
  return { time: s.time.permuted(order), state: s.state.permuted(order), delta: s.delta.permuted(order) };
}

/** Samples of one metric, in event order. */
export class SeriesBuilder {
  private time = f64();
  private value = f64();
  add(t: number, v: number): void {
    this.time.push(t);
    this.value.push(v);
  }
  build(): Series {
    return { time: this.time.take(), value: this.value.take() };
  }
}

/** One state's column of a CountSeries as a Series, keeping only the samples where it changed. */
export function seriesOf(c: CountSeries, state: number): Series {
  const time = f64();
  const value = f64();
  const v = c.counts[state]!;
  for (let k = 0; k < c.time.length; k++) {
    if (k > 0 && v[k] === v[k - 1]) continue;
    time.push(c.time[k]!);
    value.push(v[k]!);
  }
  return { time: time.take(), value: value.take() };
}
