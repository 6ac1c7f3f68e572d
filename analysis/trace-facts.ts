// The overview's numbers of a trace: events, Ps, threads, GC cycles, stop-the-world count and
// total time, user tasks and regions. Ps and threads come from the chunks' context tables (no
// per-event work); the rest from one scan of the event types.

import { EventStore, Kind, TYPE_KIND } from '../parser/events.js';
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

export function traceFacts(store: EventStore): TraceFacts {
  const f: TraceFacts = { events: 0, procs: 0, threads: 0, gcCycles: 0, stwCount: 0, stwTotalNs: 0, userTasks: 0, userRegions: 0, firstTime: 0, lastTime: 0 };
  const threads = new Set<number>();
  const stwOpen = new Map<number, number>();
  let seen = false;
  for (const c of store.chunks) {
    if (c.n === 0) continue;
    if (!seen) f.firstTime = c.timeAt(0);
    seen = true;
    f.lastTime = c.timeAt(c.n - 1);
    for (const p of c.ctxP) if (p !== NONE && p + 1 > f.procs) f.procs = p + 1;
    for (const m of c.ctxM) if (m !== NONE) threads.add(m);
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
          stwOpen.set(ctxG(store, c, i), c.timeAt(i));
          break;
        case Ev.STWEnd: {
          const g = ctxG(store, c, i);
          const t0 = stwOpen.get(g);
          if (t0 !== undefined) {
            f.stwCount++;
            f.stwTotalNs += c.timeAt(i) - t0;
            stwOpen.delete(g);
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
  f.threads = threads.size;
  return f;
}
