// GC-related ranges: the global "GC concurrent mark phase", stop-the-world ranges with their
// kind and GC mark assists per goroutine. A range already active at a generation start (a
// RangeActive event with none open) is taken to run since that sync. Incremental sweeps are
// not kept (millions on a large trace, and no track draws them).

import { Chunk, EventStore, Kind } from '../../parser/events.js';
import { Resource, eventStack } from '../../parser/event-details.js';
import { Ev } from '../../parser/wire/specs.js';
import { RangeReader } from '../range-reader.js';
import { f64, groupByKey, orderByTime, u32 } from './columns.js';
import { IdSlots, SpanIndex } from '../id-slots.js';

/** Spans sorted by start. */
export interface Spans {
  start: Float64Array;
  end: Float64Array;
}

export interface StwSpans extends Spans {
  /** String id of the stop-the-world kind (e.g. "GC mark termination"). */
  kind: Uint32Array;
  /** The goroutine that stopped the world (-1 if none). */
  goroutine: Float64Array;
}

/** Spans grouped by a resource id (goroutine or P), each group by time. */
export type GroupedSpans = SpanIndex & Spans;

export interface GcRanges {
  gc: Spans & { stack: Uint32Array };
  stw: StwSpans;
  assists: GroupedSpans;
}

/** Open ranges keyed by resource id, closed into columns tagged with that id (and a tag number). */
class Keyed {
  private open = new Map<number, number>();
  private openTag = new Map<number, number>();
  readonly start = f64();
  readonly end = f64();
  readonly id = f64();
  readonly tag = u32();
  begin(id: number, t: number, tag: number): void {
    this.open.set(id, t);
    this.openTag.set(id, tag);
  }
  active(id: number, since: number, tag: number): void {
    if (!this.open.has(id)) this.begin(id, since, tag);
  }
  /** Closes id's range at t; one never begun runs from `from` (with the given tag). */
  close(id: number, t: number, from: number, tag: number): void {
    const s = this.open.get(id) ?? from;
    const g = this.openTag.get(id) ?? tag;
    this.open.delete(id);
    this.openTag.delete(id);
    if (t < s) return;
    this.start.push(s);
    this.end.push(t);
    this.id.push(id);
    this.tag.push(g);
  }
  finish(t: number): void {
    for (const id of [...this.open.keys()]) this.close(id, t, t, 0);
  }
  grouped(): GroupedSpans {
    const slots = new IdSlots();
    const ids = this.id.take();
    const slot = new Uint32Array(ids.length);
    for (let r = 0; r < ids.length; r++) slot[r] = slots.slot(ids[r]!);
    const { sorted, rank } = slots.ranks();
    for (let r = 0; r < slot.length; r++) slot[r] = rank[slot[r]!]!;
    // Ranges close in time order per id, except those flushed at the end, which close last anyway.
    const { order, offsets } = groupByKey(slot, slot.length, sorted.length);
    const count = new Uint32Array(sorted.length);
    for (let k = 0; k < count.length; k++) count[k] = offsets[k + 1]! - offsets[k]!;
    return { ids: sorted, offset: offsets.slice(0, sorted.length), count, start: this.start.permuted(order), end: this.end.permuted(order) };
  }
}

export class RangeBuilder {
  private reader: RangeReader;
  private gcOpen = -1;
  private gcStack = 0;
  private gc = { start: f64(), end: f64(), stack: u32() };
  private stw = new Keyed();
  private assists = new Keyed();

  constructor(private store: EventStore, private firstTime: number) {
    this.reader = new RangeReader(store);
  }

  /** A RangeBegin/RangeActive/RangeEnd event; syncTs is the time of the generation's sync. */
  event(c: Chunk, i: number, kind: Kind, t: number, syncTs: number): void {
    const typ = c.typ[i]!;
    if (typ === Ev.GCSweepBegin || typ === Ev.GCSweepActive || typ === Ev.GCSweepEnd) return;
    const r = this.reader.read(c, i);
    if (r.scope === Resource.None) {
      if (kind === Kind.RangeBegin) {
        this.gcOpen = t;
        this.gcStack = eventStack(c, i);
      } else if (kind === Kind.RangeActive) {
        if (this.gcOpen < 0) this.gcOpen = syncTs;
      } else {
        const s = this.gcOpen < 0 ? this.firstTime : this.gcOpen;
        this.gc.start.push(s);
        this.gc.end.push(t);
        this.gc.stack.push(this.gcStack);
        this.gcOpen = -1;
        this.gcStack = 0;
      }
      return;
    }
    const keyed = typ === Ev.STWBegin || typ === Ev.STWEnd ? this.stw : this.assists;
    const tag = keyed === this.stw ? c.str(c.arg(i, 0)) : 0;
    if (kind === Kind.RangeBegin) keyed.begin(r.id, t, tag);
    else if (kind === Kind.RangeActive) keyed.active(r.id, syncTs, tag);
    else keyed.close(r.id, t, this.firstTime, tag);
  }

  build(t: number): GcRanges {
    if (this.gcOpen >= 0) {
      this.gc.start.push(this.gcOpen);
      this.gc.end.push(t);
      this.gc.stack.push(this.gcStack);
    }
    this.stw.finish(t);
    this.assists.finish(t);
    const order = orderByTime(this.stw.start.a, this.stw.start.n);
    return {
      gc: { start: this.gc.start.take(), end: this.gc.end.take(), stack: this.gc.stack.take() },
      stw: {
        start: this.stw.start.permuted(order),
        end: this.stw.end.permuted(order),
        kind: this.stw.tag.permuted(order),
        goroutine: this.stw.id.permuted(order),
      },
      assists: this.assists.grouped(),
    };
  }
}
