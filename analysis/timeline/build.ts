// The one pass over a trace's events that builds everything the timelines draw: goroutine
// state spans, per-P spans, GC/STW/assist/sweep ranges and the counter series.

import { Chunk, EventStore, GoState, Kind, ProcState, TYPE_KIND } from '../../parser/events.js';
import { Resource, ctxM, ctxP, newTransition, readTransition } from '../../parser/event-details.js';
import { Ev } from '../../parser/wire/specs.js';
import { CountSeries, Series, SeriesBuilder, seriesOf } from './counters.js';
import { GoroutineSpanBuilder, GoroutineSpans } from './goroutine-spans.js';
import { ProcSpanBuilder, ProcSpans } from './proc-spans.js';
import { GcRanges, RangeBuilder } from './ranges.js';

export interface TimelineCounters {
  /** Goroutines by state; counts[0..3] are Runnable, Running, Waiting, Syscall (COUNTED_STATES). */
  goroutines: CountSeries;
  /** /memory/classes/heap/objects:bytes samples. */
  heapAlloc: Series;
  /** /gc/heap/goal:bytes samples. */
  heapGoal: Series;
  /** /sched/gomaxprocs:threads samples. */
  gomaxprocs: Series;
  /** Running Ps (go tool trace's "Threads: running" counts running Ps). */
  threadsRunning: Series;
  /** Goroutines in a syscall, each holding a thread. */
  threadsInSyscall: Series;
}

export interface Timeline {
  /** Time of the first and the last event; open spans end at lastTime. */
  firstTime: number;
  lastTime: number;
  goroutines: GoroutineSpans;
  procs: ProcSpans;
  ranges: GcRanges;
  counters: TimelineCounters;
}

class Pass {
  readonly gs = new GoroutineSpanBuilder();
  readonly ps = new ProcSpanBuilder();
  readonly ranges: RangeBuilder;
  readonly heapAlloc = new SeriesBuilder();
  readonly heapGoal = new SeriesBuilder();
  readonly gomaxprocs = new SeriesBuilder();
  private t = newTransition();
  /** Time of the last sync (the first event's before any). */
  syncTs = 0;

  constructor(private store: EventStore, firstTime: number) {
    this.ranges = new RangeBuilder(store, firstTime);
    this.syncTs = firstTime;
  }

  transition(c: Chunk, i: number, time: number): void {
    const t = this.t;
    readTransition(this.store, c, i, t);
    if (t.from === t.to) return;
    if (t.resource === Resource.Proc) {
      const back = t.from === ProcState.Undetermined;
      this.ps.procTransition(t.id, back ? this.syncTs : time, t.from === ProcState.Running, t.to === ProcState.Running, back);
      return;
    }
    if (t.resource !== Resource.Goroutine) return;
    const gs = this.gs;
    // Like go tool trace's summary, a goroutine is known from its creation or first sighting;
    // other transitions of an unknown goroutine are ignored.
    if (t.from !== GoState.Undetermined && t.from !== GoState.NotExist && gs.slots.get(t.id) < 0) return;
    const slot = gs.slotOf(t.id);
    // A goroutine first seen mid-generation has been in its state since the sync.
    const back = t.from === GoState.Undetermined;
    const start = back ? this.syncTs : time;
    gs.close(slot, start, back);
    const p = ctxP(this.store, c, i);
    const m = ctxM(this.store, c, i);
    const held = this.ps.stateOf(slot);
    if (held !== 0) this.ps.leave(slot, start);
    gs.open(slot, start, t.to, t.reason, t.stack, t.to === GoState.Running || t.to === GoState.Syscall ? p : -1, m, back);
    if (t.to === GoState.Running) this.ps.open(p, start, t.id, slot, GoState.Running);
    else if (t.to === GoState.Syscall && (held === GoState.Running || back)) this.ps.open(p, start, t.id, slot, GoState.Syscall);
  }

  metric(c: Chunk, i: number, time: number): void {
    const v = c.arg(i, 0);
    const typ = c.typ[i]!;
    if (typ === Ev.HeapAlloc) this.heapAlloc.add(time, v);
    else if (typ === Ev.HeapGoal) this.heapGoal.add(time, v);
    else if (typ === Ev.ProcsChange) this.gomaxprocs.add(time, v);
  }
}

/** Builds the timeline data of a parsed trace in one pass over its events. */
export function buildTimeline(store: EventStore): Timeline {
  const chunks = store.chunks.filter((c) => c.n > 0);
  const firstTime = chunks.length > 0 ? chunks[0]!.timeAt(0) : 0;
  const last = chunks[chunks.length - 1];
  const lastTime = last !== undefined ? last.timeAt(last.n - 1) : 0;
  const pass = new Pass(store, firstTime);
  for (const c of chunks) {
    const typ = c.typ;
    for (let i = 0; i < c.n; i++) {
      const kind = TYPE_KIND[typ[i]!]! as Kind;
      switch (kind) {
        case Kind.StateTransition:
          pass.transition(c, i, c.timeAt(i));
          break;
        case Kind.Sync:
          pass.syncTs = c.timeAt(i);
          break;
        case Kind.Metric:
          pass.metric(c, i, c.timeAt(i));
          break;
        case Kind.RangeBegin:
        case Kind.RangeActive:
        case Kind.RangeEnd:
          pass.ranges.event(c, i, kind, c.timeAt(i), pass.syncTs);
          break;
      }
    }
  }
  const goroutines = pass.gs.build(lastTime);
  const procs = pass.ps.build(lastTime);
  const gcounts = pass.gs.counter.build();
  const running = pass.ps.running.build();
  return {
    firstTime,
    lastTime,
    goroutines,
    procs,
    ranges: pass.ranges.build(lastTime),
    counters: {
      goroutines: gcounts,
      heapAlloc: pass.heapAlloc.build(),
      heapGoal: pass.heapGoal.build(),
      gomaxprocs: pass.gomaxprocs.build(),
      threadsRunning: seriesOf(running, 0),
      threadsInSyscall: seriesOf(gcounts, 3),
    },
  };
}
