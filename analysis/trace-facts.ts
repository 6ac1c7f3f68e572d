// The overview's numbers of a trace: events, Ps, threads, GC cycles, stop-the-world count and
// total time, user tasks and regions. Ps and threads come from the chunks' context tables (no
// per-event work); the rest from one scan of the event types.

import { Chunk, EventStore, Kind, TYPE_KIND } from '../parser/events.js';
import { ctxG } from '../parser/event-details.js';
import { Ev } from '../parser/wire/specs.js';

const NONE = -1;

export interface TraceFacts {
  events: number;
  /** Highest P id + 1. */
  procs: number;
  threads: number;
  gcCycles: number;
  stwCount: number;
  stwTotalNs: number;
  userTasks: number;
  userRegions: number;
  firstTime: number;
  lastTime: number;
}

/** Counts chunk by chunk, in event order (a parser's onChunk can feed it). */
export class TraceFactsPass {
  readonly f: TraceFacts = { events: 0, procs: 0, threads: 0, gcCycles: 0, stwCount: 0, stwTotalNs: 0, userTasks: 0, userRegions: 0, firstTime: 0, lastTime: 0 };
  private threads = new Set<number>();
  private stwOpen = new Map<number, number>();
  private seen = false;

  feed(store: EventStore, c: Chunk): void {
    if (c.n === 0) return;
    const f = this.f;
    if (!this.seen) f.firstTime = c.timeAt(0);
    this.seen = true;
    f.lastTime = c.timeAt(c.n - 1);
    for (const p of c.ctxP) if (p !== NONE && p + 1 > f.procs) f.procs = p + 1;
    for (const m of c.ctxM) if (m !== NONE) this.threads.add(m);
    const typ = c.typ;
    for (let i = 0; i < c.n; i++) {
      const e = typ[i]!;
      if (TYPE_KIND[e] === Kind.Sync) continue;
      f.events++;
      switch (e) {
        case Ev.GCBegin:
          f.gcCycles++;
          break;
        case Ev.STWBegin:
          this.stwOpen.set(ctxG(store, c, i), c.timeAt(i));
          break;
        case Ev.STWEnd: {
          const g = ctxG(store, c, i);
          const t0 = this.stwOpen.get(g);
          if (t0 !== undefined) {
            f.stwCount++;
            f.stwTotalNs += c.timeAt(i) - t0;
            this.stwOpen.delete(g);
          }
          break;
        }
        case Ev.UserTaskBegin:
          f.userTasks++;
          break;
        case Ev.UserRegionBegin:
          f.userRegions++;
          break;
      }
    }
  }

  finish(): TraceFacts {
    this.f.threads = this.threads.size;
    return this.f;
  }
}

export function traceFacts(store: EventStore): TraceFacts {
  const pass = new TraceFactsPass();
  for (const c of store.chunks) pass.feed(store, c);
  return pass.finish();
}
