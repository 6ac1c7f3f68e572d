// The goroutine summaries by id, mostly in columns: a trace can have hundreds of thousands of
// goroutines, and an object per goroutine (with its stats, pending state, boxed times and map
// entry) cost 600-800 bytes each; in the columns a plain one (no regions, block reasons or
// special ranges: nearly all of them) costs about 100. While the events are read, a goroutine
// is an object until it exits, then goes to the columns (retire); an event of it after that
// brings it back as an object from the same values with a clean slate, exactly what it held.
// Once finished, it reads as the Map<number, GoroutineSummary> the summaries always were
// (insertion order, get, delete): a read makes a plain goroutine's summary afresh, the same
// values each time; the others are kept as their objects.

import { GoroutineSummary } from './goroutine-record.js';
import { IdSlots } from '../parser/id-table.js';

/** Numbers per goroutine in `num`: pc, creation, start, end, raw total, then the five durations. */
const W = 10;

export class GoroutineColumns implements Map<number, GoroutineSummary> {
  private readonly slots = new IdSlots();
  private names: string[] = [];
  private num = new Float64Array(W * 1024);
  /** Slot -> the summary as an object; undefined while it is in the columns. */
  private readonly objs: (GoroutineSummary | undefined)[] = [];
  /** Once finished: 1 where the goroutine was deleted (null while the events are read). */
  private gone: Uint8Array | null = null;
  private live = 0;

  // --- While the events are read (goroutine-summary.ts's Summarizer) ---

  /** Adds a goroutine, or replaces the one with its id in place (first-appearance order is kept). */
  set(id: number, g: GoroutineSummary): this {
    if (this.gone !== null) throw new Error('GoroutineColumns: the summaries are finished');
    const s = this.slots.slot(id);
    if (s === this.objs.length) {
      this.objs.push(g);
      this.names.push('');
      if ((s + 1) * W > this.num.length) {
        const a = new Float64Array(this.num.length * 2);
        a.set(this.num);
        this.num = a;
      }
    } else {
      this.objs[s] = g;
    }
    this.live = this.objs.length;
    return this;
  }

  /**
   * Moves an exited goroutine to the columns when they hold all of it: no regions, reasons or
   * ranges, a clean pending state, and a total already set (so closing it again at the end
   * changes nothing).
   */
  retire(g: GoroutineSummary): void {
    const s = this.slots.get(g.id);
    if (this.objs[s] !== g || g.rawTotal === 0 || !plain(g)) return;
    const p = g.pending;
    if (p === null || p.lastStartTime !== 0 || p.lastRunnableTime !== 0 || p.lastBlockTime !== 0 || p.lastSyscallTime !== 0) return;
    if (p.lastSyscallBlockTime !== 0 || p.lastBlockReason !== '' || p.lastRangeTime.size !== 0 || p.activeRegions.length !== 0) return;
    this.store(s, g);
    this.objs[s] = undefined;
  }

  /** The goroutines held as objects, in order (the ones still being followed). */
  *objects(): Generator<GoroutineSummary> {
    for (const g of this.objs) if (g !== undefined) yield g;
  }

  /** Ends the pass (every object closed, pending null): the plain ones go to the columns. */
  finish(): void {
    for (let s = 0; s < this.objs.length; s++) {
      const g = this.objs[s];
      if (g !== undefined && plain(g)) {
        this.store(s, g);
        this.objs[s] = undefined;
      }
    }
    this.gone = new Uint8Array(this.objs.length);
    this.names = this.names.slice();
    this.num = this.num.slice(0, this.objs.length * W);
  }

  private store(s: number, g: GoroutineSummary): void {
    const st = g.stats;
    const v = this.num;
    const b = s * W;
    this.names[s] = g.name;
    v[b] = g.pc;
    v[b + 1] = g.creationTime;
    v[b + 2] = g.startTime;
    v[b + 3] = g.endTime;
    v[b + 4] = g.rawTotal;
    v[b + 5] = st.execTime;
    v[b + 6] = st.schedWaitTime;
    v[b + 7] = st.syscallTime;
    v[b + 8] = st.syscallBlockTime;
    v[b + 9] = st.totalTime;
  }

  /** Slot s's summary: its object, or one made from the columns (live: back to being followed). */
  private at(s: number): GoroutineSummary {
    const o = this.objs[s];
    if (o !== undefined) return o;
    const following = this.gone === null;
    const g = new GoroutineSummary(this.slots.ids[s]!, following);
    const v = this.num;
    const b = s * W;
    g.name = this.names[s]!;
    g.pc = v[b]!;
    g.creationTime = v[b + 1]!;
    g.startTime = v[b + 2]!;
    g.endTime = v[b + 3]!;
    g.rawTotal = v[b + 4]!;
    const st = g.stats;
    st.execTime = v[b + 5]!;
    st.schedWaitTime = v[b + 6]!;
    st.syscallTime = v[b + 7]!;
    st.syscallBlockTime = v[b + 8]!;
    st.totalTime = v[b + 9]!;
    if (following) this.objs[s] = g;
    return g;
  }

  // --- The Map ---

  private slotOf(id: number): number {
    const s = this.slots.get(id);
    return s >= 0 && (this.gone === null || this.gone[s] === 0) ? s : -1;
  }

  get size(): number {
    return this.live;
  }

  get(id: number): GoroutineSummary | undefined {
    const s = this.slotOf(id);
    return s < 0 ? undefined : this.at(s);
  }

  has(id: number): boolean {
    return this.slotOf(id) >= 0;
  }

  /** A goroutine's start function ("" if unknown), without making its summary. */
  nameOf(id: number): string | undefined {
    const s = this.slotOf(id);
    if (s < 0) return undefined;
    return this.objs[s]?.name ?? this.names[s];
  }

  delete(id: number): boolean {
    const s = this.slotOf(id);
    if (s < 0) return false;
    if (this.gone === null) throw new Error('GoroutineColumns: delete before finish');
    this.gone[s] = 1;
    this.objs[s] = undefined;
    this.live--;
    return true;
  }

  clear(): void {
    if (this.gone === null) throw new Error('GoroutineColumns: clear before finish');
    this.gone.fill(1);
    this.objs.fill(undefined);
    this.live = 0;
  }

  private present(s: number): boolean {
    return this.gone === null || this.gone[s] === 0;
  }

  *entries(): MapIterator<[number, GoroutineSummary]> {
    const ids = this.slots.ids;
    for (let s = 0; s < ids.length; s++) if (this.present(s)) yield [ids[s]!, this.at(s)];
  }

  *keys(): MapIterator<number> {
    const ids = this.slots.ids;
    for (let s = 0; s < ids.length; s++) if (this.present(s)) yield ids[s]!;
  }

  *values(): MapIterator<GoroutineSummary> {
    const n = this.slots.size;
    for (let s = 0; s < n; s++) if (this.present(s)) yield this.at(s);
  }

  forEach(f: (v: GoroutineSummary, k: number, m: Map<number, GoroutineSummary>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) f.call(thisArg, v, k, this);
  }

  [Symbol.iterator](): MapIterator<[number, GoroutineSummary]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'GoroutineColumns';
  }
}

/** Whether the columns hold all of a summary (no regions, block reasons or special ranges). */
function plain(g: GoroutineSummary): boolean {
  const st = g.stats;
  return g.regions.length === 0 && st.blockTimeByReason.size === 0 && st.rangeTime.size === 0;
}
