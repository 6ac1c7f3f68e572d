// Global event numbers over an EventStore's chunks: the timeline stores a span boundary as the
// number (u32) of the event at whose time it lies instead of a float64 time, and reads the
// time back here, through the chunk (Chunk.timeAt: its packed times in the server, which stay in
// memory when its other columns go to disk). Also the reverse (first event at or after a time)
// and chunk lookups.

import { Chunk, EventStore } from '../../parser/events.js';

const LUT_SHIFT = 12;

export class EventTimes {
  /** The chunks with events, in order; chunk k holds events [first[k], first[k + 1]). */
  readonly chunks: Chunk[];
  readonly first: Float64Array;
  /** Total number of events. */
  readonly n: number;
  private readonly lut: Uint32Array;

  constructor(store: EventStore) {
    this.chunks = store.chunks.filter((c) => c.n > 0);
    this.first = new Float64Array(this.chunks.length + 1);
    for (let k = 0; k < this.chunks.length; k++) this.first[k + 1] = this.first[k]! + this.chunks[k]!.n;
    this.n = this.first[this.chunks.length]!;
    this.lut = new Uint32Array((this.n >>> LUT_SHIFT) + 1);
    let k = 0;
    for (let b = 0; b < this.lut.length; b++) {
      const ev = b << LUT_SHIFT;
      while (k + 1 < this.chunks.length && this.first[k + 1]! <= ev) k++;
      this.lut[b] = k;
    }
  }

  /** Index of the chunk holding event ev. */
  chunkOf(ev: number): number {
    let k = this.lut[ev >>> LUT_SHIFT]!;
    const first = this.first;
    while (first[k + 1]! <= ev) k++;
    return k;
  }

  /** Time (ns, absolute) of event ev. */
  time(ev: number): number {
    let k = this.lut[ev >>> LUT_SHIFT]!;
    const first = this.first;
    while (first[k + 1]! <= ev) k++;
    return this.chunks[k]!.timeAt(ev - first[k]!);
  }

  /** The first event with time >= t (n if none); event times never decrease. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.time(mid) >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  get firstTime(): number {
    return this.n > 0 ? this.time(0) : 0;
  }
  get lastTime(): number {
    return this.n > 0 ? this.time(this.n - 1) : 0;
  }
}
