// The goroutine summaries by id, in columns: a trace can have hundreds of thousands of
// goroutines, and an object per goroutine (with its stats, pending state, boxed times and map
// entry) cost 600-800 bytes each; in the columns one costs about 130, and each of its user
// regions about 110. While the events are read, a goroutine is an object until it exits, then
// goes to the columns (retire); an event of it after that brings it back as an object from the
// same values with a clean slate, exactly what it held. Once finished, it reads as the
// Map<number, GoroutineSummary> the summaries always were (insertion order, get, delete): a read
// makes the summary afresh, the same values each time.

import { GoroutineSummary, sortRegions, type GoroutineBrief, type RegionBrief, type RegionSummary } from './goroutine-record.js';
import { ExecStats } from './exec-stats.js';
import { DurationsByName } from './durations-by-name.js';
import { IdSlots } from '../parser/id-table.js';

/**
 * An ExecStats as numbers: the five durations, then where its block reasons and its ranges are
 * in the named durations (first, count each).
 */
const STATS = 9;
/** Numbers per goroutine in `num`: pc, creation, start, end, raw total, its stats, its first region and region count. */
const W = 5 + STATS + 2;
/** Numbers per region in `reg`: task, start time and stack, end time and stack (NaN time: none), its stats. */
const RW = 5 + STATS;

/** A Float64Array column that grows. */
class Numbers {
  a = new Float64Array(1024);
  n = 0;
  /** Makes room for k more numbers and returns where they start. */
  add(k: number): number {
    const at = this.n;
    if (at + k > this.a.length) {
      const b = new Float64Array(Math.max(at + k, this.a.length * 2));
      b.set(this.a);
      this.a = b;
    }
    this.n = at + k;
    return at;
  }
  trim(): void {
    this.a = this.a.slice(0, this.n);
  }
}

export class GoroutineColumns implements Map<number, GoroutineSummary> {
  private readonly slots = new IdSlots();
  private names: string[] = [];
  /** By slot, W numbers each (a slot's numbers are rewritten each time it is retired). */
  private readonly num = new Numbers();
  private readonly reg = new Numbers();
  private regNames: string[] = [];
  /** Block reasons and ranges of the stored stats: names and durations. */
  private readonly named = new Numbers();
  private namedNames: string[] = [];
  /** Slot -> the summary as an object while it is followed; undefined while it is in the columns. */
  private objs: (GoroutineSummary | undefined)[] = [];
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
      this.num.add(W);
    } else {
      this.objs[s] = g;
    }
    this.live = this.objs.length;
    return this;
  }

  /**
   * Moves an exited goroutine to the columns when it is closed: a clean pending state, and a
   * total already set (so closing it again at the end changes nothing).
   */
  retire(g: GoroutineSummary): void {
    const s = this.slots.get(g.id);
    if (this.objs[s] !== g || g.rawTotal === 0) return;
    const p = g.pending;
    if (p === null || p.lastStartTime !== 0 || p.lastRunnableTime !== 0 || p.lastBlockTime !== 0 || p.lastSyscallTime !== 0) return;
    if (p.lastSyscallBlockTime !== 0 || p.lastBlockReason !== '' || p.lastRangeTime.size !== 0 || p.activeRegions.length !== 0) return;
    sortRegions(g);
    this.store(s, g);
    this.objs[s] = undefined;
  }

  /** The goroutines held as objects, in order (the ones still being followed). */
  *objects(): Generator<GoroutineSummary> {
    for (const g of this.objs) if (g !== undefined) yield g;
  }

  /** Ends the pass (every object closed, pending null): all go to the columns. */
  finish(): void {
    for (let s = 0; s < this.objs.length; s++) {
      const g = this.objs[s];
      if (g !== undefined) this.store(s, g);
    }
    this.gone = new Uint8Array(this.objs.length);
    this.objs = [];
    this.names = this.names.slice();
    this.regNames = this.regNames.slice();
    this.namedNames = this.namedNames.slice();
    this.num.trim();
    this.reg.trim();
    this.named.trim();
  }

  private store(s: number, g: GoroutineSummary): void {
    this.names[s] = g.name;
    const b = s * W;
    const v = this.num.a;
    v[b] = g.pc;
    v[b + 1] = g.creationTime;
    v[b + 2] = g.startTime;
    v[b + 3] = g.endTime;
    v[b + 4] = g.rawTotal;
    v[b + 5 + STATS] = this.regNames.length;
    v[b + 6 + STATS] = g.regions.length;
    this.storeStats(this.num.a, b + 5, g.stats);
    for (const r of g.regions) {
      const k = this.reg.add(RW);
      this.regNames.push(r.name);
      const w = this.reg.a;
      w[k] = r.taskId;
      w[k + 1] = r.start === null ? NaN : r.start.time;
      w[k + 2] = r.start === null ? 0 : r.start.stack;
      w[k + 3] = r.end === null ? NaN : r.end.time;
      w[k + 4] = r.end === null ? 0 : r.end.stack;
      this.storeStats(w, k + 5, r.stats);
    }
  }

  private storeStats(v: Float64Array, b: number, st: ExecStats): void {
    v[b] = st.execTime;
    v[b + 1] = st.schedWaitTime;
    v[b + 2] = st.syscallTime;
    v[b + 3] = st.syscallBlockTime;
    v[b + 4] = st.totalTime;
    v[b + 5] = this.namedNames.length;
    v[b + 6] = this.storeNamed(st.blockTimeByReason);
    v[b + 7] = this.namedNames.length;
    v[b + 8] = this.storeNamed(st.rangeTime);
  }

  private storeNamed(d: DurationsByName): number {
    for (const [name, dt] of d) {
      const k = this.named.add(1); // first: it may replace the array
      this.named.a[k] = dt;
      this.namedNames.push(name);
    }
    return d.size;
  }

  private loadStats(v: Float64Array, b: number): ExecStats {
    const st = new ExecStats();
    st.execTime = v[b]!;
    st.schedWaitTime = v[b + 1]!;
    st.syscallTime = v[b + 2]!;
    st.syscallBlockTime = v[b + 3]!;
    st.totalTime = v[b + 4]!;
    this.loadNamed(st.blockTimeByReason, v[b + 5]!, v[b + 6]!);
    this.loadNamed(st.rangeTime, v[b + 7]!, v[b + 8]!);
    return st;
  }

  private loadNamed(d: DurationsByName, first: number, count: number): void {
    for (let k = first; k < first + count; k++) d.add(this.namedNames[k]!, this.named.a[k]!);
  }

  private region(k: number): RegionSummary {
    return { ...this.regionBrief(k), stats: this.loadStats(this.reg.a, k * RW + 5) };
  }

  private regionBrief(k: number): RegionBrief {
    const v = this.reg.a;
    const b = k * RW;
    const st = v[b + 1]!;
    const et = v[b + 3]!;
    return {
      taskId: v[b]!,
      name: this.regNames[k]!,
      start: Number.isNaN(st) ? null : { time: st, stack: v[b + 2]! },
      end: Number.isNaN(et) ? null : { time: et, stack: v[b + 4]! },
    };
  }

  /**
   * A goroutine's regions without their stats, which are most of a region's objects (what
   * /userregions, region filters and the timeline's region tracks read); none for an unknown id.
   */
  regionBriefs(id: number): RegionBrief[] {
    const s = this.slotOf(id);
    if (s < 0) return [];
    const o = this.objs[s];
    if (o !== undefined) return o.regions;
    const b = s * W;
    const first = this.num.a[b + 5 + STATS]!;
    const count = this.num.a[b + 6 + STATS]!;
    const out: RegionBrief[] = [];
    for (let k = 0; k < count; k++) out.push(this.regionBrief(first + k));
    return out;
  }

  /** Slot s's summary: its object, or one made from the columns (while reading: back to being followed). */
  private at(s: number): GoroutineSummary {
    const o = this.objs[s];
    if (o !== undefined) return o;
    const following = this.gone === null;
    const g = new GoroutineSummary(this.slots.ids[s]!, following);
    const v = this.num.a;
    const b = s * W;
    g.name = this.names[s]!;
    g.pc = v[b]!;
    g.creationTime = v[b + 1]!;
    g.startTime = v[b + 2]!;
    g.endTime = v[b + 3]!;
    g.rawTotal = v[b + 4]!;
    g.stats = this.loadStats(v, b + 5);
    const first = v[b + 5 + STATS]!;
    const count = v[b + 6 + STATS]!;
    for (let k = 0; k < count; k++) g.regions.push(this.region(first + k));
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

  /** Each goroutine's brief, in order, read in place: one object refilled for each (do not keep it). */
  forEachBrief(f: (b: GoroutineBrief) => void): void {
    const b: GoroutineBrief = { id: 0, name: '', startTime: 0, endTime: 0, execTime: 0, regions: 0 };
    const ids = this.slots.ids;
    const v = this.num.a;
    for (let s = 0; s < ids.length; s++) {
      if (!this.present(s)) continue;
      const o = this.objs[s];
      b.id = ids[s]!;
      if (o !== undefined) {
        b.name = o.name;
        b.startTime = o.startTime;
        b.endTime = o.endTime;
        b.execTime = o.stats.execTime;
        b.regions = o.regions.length;
      } else {
        const k = s * W;
        b.name = this.names[s]!;
        b.startTime = v[k + 2]!;
        b.endTime = v[k + 3]!;
        b.execTime = v[k + 5]!;
        b.regions = v[k + 6 + STATS]!;
      }
      f(b);
    }
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
    this.live--;
    return true;
  }

  clear(): void {
    if (this.gone === null) throw new Error('GoroutineColumns: clear before finish');
    this.gone.fill(1);
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
