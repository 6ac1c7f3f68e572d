// Global event numbers over an EventStore's chunks: the timeline stores a span boundary as the
// number (u32) of the event at whose time it lies instead of a float64 time, and reads the
// time back here, from the chunks' packed times (parser/packed-times.ts), or from the chunk itself
// when it has none (it then keeps its time column). Also the reverse (first event at or after a
// time) and chunk lookups.

import { Chunk, EventStore } from '../../parser/events.js';
import { PackedTimes, type PackedTimesData } from '../../parser/packed-times.js';

const LUT_SHIFT = 12;

export class EventTimes {
  /** The chunks with events, in order; chunk k holds events [first[k], first[k + 1]). */
  readonly chunks: Chunk[];
  readonly first: Float64Array;
  /** Total number of events. */
  readonly n: number;
  private readonly lut: Uint32Array;
  /** Per chunk, its times once packed (encode(), or on first read). */
  private readonly packed: (PackedTimes | undefined)[];

  /** Over store's chunks; `packed`: the times another thread packed for these chunks (pack()). */
  constructor(store: EventStore, packed: (PackedTimesData | null)[] | null = null) {
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
    this.packed = packed !== null ? packed.map((p) => (p !== null ? new PackedTimes(p) : undefined)) : new Array<PackedTimes | undefined>(this.chunks.length);
  }

  /** Packs chunk k's times (now: while its columns are in memory) unless done. */
  encode(k: number): PackedTimes {
    const c = this.chunks[k]!;
    return (this.packed[k] ??= c.packed ?? PackedTimes.over(c));
  }

  /** The times of chunk k, event i at .at(i). */
  chunkTimes(k: number): PackedTimes {
    return this.packed[k] ?? this.encode(k);
  }

  /** Every chunk's packed times, for another thread's EventTimes over the same chunks. */
  pack(): (PackedTimesData | null)[] {
    return this.chunks.map((_, k) => this.chunkTimes(k).pack());
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
    return (this.packed[k] ?? this.encode(k)).at(ev - first[k]!);
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
