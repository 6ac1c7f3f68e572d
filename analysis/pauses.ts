// The collector's interruptions, in one pass over the events: every stop-the-world range (and the
// goroutines running or runnable as it began: the work it held up) and every GC mark assist (the
// goroutine that had to assist instead of running its own code), the longest of each kept.
// A range open at a generation's start (RangeActive) counts from there; one still open at the end
// of the trace is left out.

import { Chunk, EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Resource, newTransition, readTransition } from '../parser/event-details.js';
import { IdNumbers } from '../parser/id-table.js';
import { RangeReader } from './range-reader.js';

export interface Pause {
  name: string;
  goroutine: number;
  start: number;
  duration: number;
  /** For a stop-the-world: the goroutines running or runnable when it began. */
  delayed: number[];
}

export interface Pauses {
  stw: Pause[];
  assists: Pause[];
  stwCount: number;
  stwTotal: number;
  assistCount: number;
  assistTotal: number;
}

const STW = 'stop-the-world';
const ASSIST = 'GC mark assist';

export class PausesBuilder {
  private state = new IdNumbers();
  /** Goroutines running or runnable now. */
  private ready = new Set<number>();
  private open = new Map<string, { start: number; delayed: number[] }>();
  private t = newTransition();
  private ranges: RangeReader | null = null;
  private out: Pauses = { stw: [], assists: [], stwCount: 0, stwTotal: 0, assistCount: 0, assistTotal: 0 };

  constructor(private readonly keep = 20) {}

  feed(store: EventStore, c: Chunk): void {
    this.ranges ??= new RangeReader(store);
    const t = this.t;
    for (let i = 0; i < c.n; i++) {
      const kind = TYPE_KIND[c.typ[i]!];
      if (kind === Kind.StateTransition) {
        readTransition(store, c, i, t);
        if (t.resource !== Resource.Goroutine || t.from === t.to) continue;
        this.state.set(t.id, t.to);
        if (t.to === GoState.Running || t.to === GoState.Runnable) this.ready.add(t.id);
        else this.ready.delete(t.id);
      } else if (kind === Kind.RangeBegin || kind === Kind.RangeActive || kind === Kind.RangeEnd) {
        const r = this.ranges.read(c, i);
        const stw = r.name.startsWith(STW);
        if (!stw && r.name !== ASSIST) continue;
        const key = `${r.name}\x00${r.id}`;
        const time = c.timeAt(i);
        if (kind !== Kind.RangeEnd) {
          if (!this.open.has(key)) this.open.set(key, { start: time, delayed: stw ? [...this.ready].filter((g) => g !== r.id) : [] });
          continue;
        }
        const o = this.open.get(key);
        if (o === undefined) continue;
        this.open.delete(key);
        const p: Pause = { name: r.name, goroutine: r.id, start: o.start, duration: time - o.start, delayed: o.delayed };
        const out = this.out;
        if (stw) {
          out.stwCount++;
          out.stwTotal += p.duration;
          keepLongest(out.stw, p, this.keep);
        } else {
          out.assistCount++;
          out.assistTotal += p.duration;
          keepLongest(out.assists, p, this.keep);
        }
      }
    }
  }

  finish(): Pauses {
    return this.out;
  }
}

function keepLongest(list: Pause[], p: Pause, keep: number): void {
  if (list.length >= keep && p.duration <= list[list.length - 1]!.duration) return;
  list.push(p);
  list.sort((a, b) => b.duration - a.duration || a.start - b.start);
  if (list.length > keep) list.pop();
}

/** The pauses of a whole parsed store. */
export function pauses(store: EventStore, keep = 20): Pauses {
  const b = new PausesBuilder(keep);
  for (const c of store.chunks) b.feed(store, c);
  return b.finish();
}
