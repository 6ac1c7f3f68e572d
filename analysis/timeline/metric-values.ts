// The metric steps' values (heap alloc, heap goal, GOMAXPROCS) kept by the timeline's counters
// when the events go to disk, in event order: 4 bytes a value while every value is an integer
// under 2^32 (heaps under 4 GiB), doubles from the first value that is not. A tenth of a busy
// trace's events are metrics (4 M on the 210 MB trace: 16 MB as u32s against 32 as doubles).
// The counters' replay finds its place in them by counting metric steps (counter-model.ts
// metricAt), so no event numbers are kept beside them.

export type MetricArray = Uint32Array | Float64Array;

export class MetricValues {
  private vals: MetricArray;
  private n = 0;

  /** Room for `capacity` values (the count of metric events; more is an error). */
  constructor(capacity: number) {
    this.vals = new Uint32Array(capacity);
  }

  push(x: number): void {
    let a = this.vals;
    if (a instanceof Uint32Array && (x >>> 0) !== x) {
      // The first value a u32 cannot hold: doubles from here on.
      const d = new Float64Array(a.length);
      for (let k = 0; k < this.n; k++) d[k] = a[k]!;
      a = this.vals = d;
    }
    if (this.n >= a.length) throw new Error('metric values: more than counted');
    a[this.n++] = x;
  }

  /** The values pushed (the whole array once every counted value is in). */
  get values(): MetricArray {
    return this.n === this.vals.length ? this.vals : this.vals.subarray(0, this.n);
  }
}
