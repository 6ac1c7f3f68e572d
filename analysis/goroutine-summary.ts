// One pass over a trace's events computing, per goroutine, what go tool trace's goroutine
// analysis shows (Go's internal/trace Summarizer): name, creation/start/end, execution,
// scheduler wait, syscall and per-reason block time, special-range time, and user regions.

import { Chunk, EventStore, GoState, Kind, ProcState, TYPE_KIND } from '../parser/events.js';
import { Resource, Transition, ctxG, ctxP, eventStack, newTransition, readRegion, readTransition } from '../parser/event-details.js';
import { ExecStats } from './exec-stats.js';
import { RangeReader } from './range-reader.js';
import { IdNumbers } from '../parser/id-table.js';
import { GoroutineSummary, Pending, sortRegions, type EventRef, type GoroutineBrief, type RegionBrief, type RegionSummary } from './goroutine-record.js';
import { GoroutineColumns } from './goroutine-columns.js';
import { outermostFrame } from './start-function.js';

export { GoroutineSummary, type EventRef, type RegionBrief, type RegionSummary, type GoroutineBrief };

/**
 * Each goroutine's id, name, times, execution time and region count, in order, without making
 * its summary where the summaries are columns (one object refilled for each: do not keep it).
 */
export function forEachBrief(s: GoroutineSummaries, f: (b: GoroutineBrief) => void): void {
  const gs = s.goroutines;
  if (gs instanceof GoroutineColumns) return gs.forEachBrief(f);
  for (const g of gs.values()) f({ id: g.id, name: g.name, startTime: g.startTime, endTime: g.endTime, execTime: g.stats.execTime, regions: g.regions.length });
}

/** The ids of the goroutines with user regions, in order. */
function idsWithRegions(s: GoroutineSummaries): number[] {
  const ids: number[] = [];
  forEachBrief(s, (b) => {
    if (b.regions > 0) ids.push(b.id);
  });
  return ids;
}

/** The summaries of the goroutines with user regions, in order. */
export function withRegions(s: GoroutineSummaries): GoroutineSummary[] {
  return idsWithRegions(s).map((id) => s.goroutines.get(id)!);
}

/**
 * The regions of each goroutine that has some, in order, without their stats, made one
 * goroutine at a time as they are iterated (a goroutine of the 210 MB trace has 55K regions:
 * made whole, with stats, they were ~35 MiB of heap on the serving thread).
 */
export function* regionBriefs(s: GoroutineSummaries): Generator<{ id: number; regions: readonly RegionBrief[] }> {
  const gs = s.goroutines;
  for (const id of idsWithRegions(s)) yield { id, regions: gs instanceof GoroutineColumns ? gs.regionBriefs(id) : gs.get(id)!.regions };
}

/**
 * Another analysis fed from the summarizer's pass, so the events are read and the transitions
 * decoded once for all: every state transition (any resource), and the task, region and log events.
 */
export interface PassObserver {
  transition(store: EventStore, c: Chunk, i: number, t: Transition): void;
  /** Events of kinds TaskBegin, TaskEnd, RegionBegin, RegionEnd and Log. */
  annotation?(c: Chunk, i: number, kind: Kind): void;
}


export interface GoroutineSummaries {
  /** By goroutine id, in order of first appearance. */
  goroutines: Map<number, GoroutineSummary>;
  /** Time of the first and the last event. */
  firstTime: number;
  lastTime: number;
}

/**
 * How much of [a, b] counts: all of it (b - a), or with a window (-window=START,END) only the part
 * inside it, so that the analyses of the windows of a partition of the trace sum to the whole.
 */
export type Clip = (a: number, b: number) => number;
const WHOLE: Clip = (a, b) => b - a;

/** The Clip of the window [start, end) (absolute times). */
export function windowClip(start: number, end: number): Clip {
  return (a, b) => {
    const d = (b < end ? b : end) - (a > start ? a : start);
    return d > 0 ? d : 0;
  };
}

/** Mirrors runtime.isSystemGoroutine on a start function name (an unnamed goroutine counts as system). */
export function isSystemGoroutine(name: string): boolean {
  return name === '' || (name !== 'runtime.main' && name.startsWith('runtime.'));
}

/** The goroutine's stats as if it stopped at time now (open intervals closed at now). */
function snapshot(g: GoroutineSummary, now: number, clip: Clip): ExecStats {
  const r = g.stats.clone();
  const p = g.pending;
  if (p === null) return r;
  if (g.rawTotal === 0) r.totalTime = clip(g.creationTime, now);
  if (p.lastStartTime !== 0) r.execTime += clip(p.lastStartTime, now);
  if (p.lastRunnableTime !== 0) r.schedWaitTime += clip(p.lastRunnableTime, now);
  if (p.lastBlockTime !== 0) r.blockTimeByReason.add(p.lastBlockReason, clip(p.lastBlockTime, now));
  if (p.lastSyscallTime !== 0) r.syscallTime += clip(p.lastSyscallTime, now);
  // Go counts a syscall still blocked at the snapshot as scheduler wait (and the whole
  // syscall as syscall time above); kept as is for parity.
  if (p.lastSyscallBlockTime !== 0) r.schedWaitTime += clip(p.lastSyscallBlockTime, now);
  for (const [name, ts] of p.lastRangeTime) if (ts !== 0) r.rangeTime.add(name, clip(ts, now));
  return r;
}

/** Closes the goroutine's stats at now; trigger is its exit event (null at the end of the trace). */
function finalize(g: GoroutineSummary, now: number, trigger: EventRef | null, clip: Clip): void {
  if (trigger !== null) g.endTime = trigger.time;
  const final = snapshot(g, now, clip);
  if (g.rawTotal === 0) g.rawTotal = now - g.creationTime;
  g.stats = final;
  const p = g.pending!;
  // System goroutines are never part of regions, though they inherit one when created inside one.
  if (!isSystemGoroutine(g.name)) {
    for (const r of p.activeRegions) {
      r.end = trigger;
      r.stats = final.sub(r.stats);
      g.regions.push(r);
    }
  }
  // Like Go, later events of the goroutine still count, from a clean slate.
  p.reset();
}


/** The pass's state; one method per kind of event that matters. */
class Summarizer {
  /**
   * Every summary by goroutine id, in order of first appearance (a goroutine seen again
   * Undetermined is replaced in place); an exited one is kept in columns until seen again.
   */
  readonly gs = new GoroutineColumns();
  // The P a goroutine entered a syscall on, both ways, to notice the P being taken away.
  private syscallingP = new Map<number, number>();
  private syscallingG = new Map<number, number>();
  // Proc-scoped ranges (sweeps) optimistically charged to the goroutine they began on: name -> P -> G (-1: none).
  private rangesP = new Map<string, IdNumbers>();
  private t = newTransition();
  private ranges: RangeReader;
  private strings: string[];
  lastTs = 0;
  syncTs = 0;
  /** Time of the transition being handled. */
  private now = new Float64Array(1);

  constructor(
    private store: EventStore,
    private observers: PassObserver[] = [],
    readonly clip: Clip = WHOLE,
  ) {
    this.ranges = new RangeReader(store);
    this.strings = store.strings;
  }

  transition(c: Chunk, i: number): void {
    const t = this.t;
    // Kept in a typed array: passing the (non-small-integer) time to calls would box it each time.
    const time = c.timeAt(i);
    this.now[0] = time;
    readTransition(this.store, c, i, t);
    for (const o of this.observers) o.transition(this.store, c, i, t);
    if (t.resource === Resource.Goroutine) {
      if (t.from !== t.to) this.goTransition(c, i);
    } else if (t.resource === Resource.Proc) {
      // A P going idle under a goroutine in a syscall: the syscall now blocks.
      if (t.from !== t.to && t.to === ProcState.Idle) {
        const goid = this.syscallingP.get(t.id);
        if (goid !== undefined) {
          const g = this.gs.get(goid);
          if (g?.pending) g.pending.lastSyscallBlockTime = time;
          this.syscallingP.delete(t.id);
        }
      }
    }
  }

  /** A goroutine first seen at a generation start: it has been in its state since the sync. */
  private firstSeen(c: Chunk, i: number, time: number): GoroutineSummary {
    const t = this.t;
    const g = new GoroutineSummary(t.id);
    g.creationTime = this.syncTs;
    const dt = this.clip(this.syncTs, time);
    const st = g.stats;
    switch (t.to) {
      case GoState.Running:
        st.execTime += dt;
        break;
      case GoState.Waiting:
        st.blockTimeByReason.add(this.strings[t.reason]!, dt);
        break;
      case GoState.Runnable:
        st.schedWaitTime += dt;
        break;
      case GoState.Syscall:
        // Holding a P since the sync means a plain syscall; without one it blocked.
        if (ctxP(this.store, c, i) === -1) st.syscallBlockTime += dt;
        else st.syscallTime += dt;
        break;
    }
    this.gs.set(g.id, g);
    return g;
  }

  private created(c: Chunk, i: number, time: number): GoroutineSummary {
    const g = new GoroutineSummary(this.t.id);
    g.creationTime = time;
    // A new goroutine inherits the task of its creator's innermost open region.
    const creator = this.gs.get(ctxG(this.store, c, i));
    const open = creator?.pending?.activeRegions;
    if (open && open.length > 0) {
      g.pending!.activeRegions = [
        { taskId: open[open.length - 1]!.taskId, name: '', start: { time, stack: eventStack(c, i) }, end: null, stats: new ExecStats() },
      ];
    }
    this.gs.set(g.id, g);
    return g;
  }

  private leaveSyscall(g: GoroutineSummary, p: Pending): void {
    const time = this.now[0]!;
    if (p.lastSyscallTime === 0) return;
    if (p.lastSyscallBlockTime !== 0) {
      g.stats.syscallBlockTime += this.clip(p.lastSyscallBlockTime, time);
      g.stats.syscallTime += this.clip(p.lastSyscallTime, p.lastSyscallBlockTime);
    } else {
      g.stats.syscallTime += this.clip(p.lastSyscallTime, time);
    }
    p.lastSyscallTime = 0;
    p.lastSyscallBlockTime = 0;
    // (Go deletes P 0's entry when the goroutine has none: the map's zero value.)
    this.syscallingP.delete(this.syscallingG.get(g.id) ?? 0);
    this.syscallingG.delete(g.id);
  }

  private goTransition(c: Chunk, i: number): void {
    const t = this.t;
    const time = this.now[0]!;
    let g: GoroutineSummary;
    // Leaving the old state.
    switch (t.from) {
      case GoState.Undetermined:
        g = this.firstSeen(c, i, time);
        break;
      case GoState.NotExist:
        g = this.created(c, i, time);
        break;
      default: {
        const found = this.gs.get(t.id);
        // Go would crash on a goroutine whose first transition is neither a creation nor a
        // first sighting; such (invalid) transitions are ignored here.
        if (found?.pending == null) return;
        this.leave(found, found.pending);
        g = found;
      }
    }
    const p = g.pending!;

    // Name the goroutine after the outermost frame of the first transition stack seen.
    if (g.name === '' && t.stack !== 0) this.name(g, t.stack);

    // Entering the new state.
    switch (t.to) {
      case GoState.Running:
        p.lastStartTime = time;
        if (g.startTime === 0) g.startTime = time;
        break;
      case GoState.Runnable:
        p.lastRunnableTime = time;
        break;
      case GoState.Waiting: {
        const reason = this.strings[t.reason]!;
        if (reason !== 'forever') {
          p.lastBlockTime = time;
          p.lastBlockReason = reason;
          break;
        }
        // Blocked forever is like exiting.
        finalize(g, time, { time, stack: eventStack(c, i) }, this.clip);
        this.gs.retire(g);
        break;
      }
      case GoState.NotExist:
        finalize(g, time, { time, stack: eventStack(c, i) }, this.clip);
        this.gs.retire(g);
        break;
      case GoState.Syscall: {
        const pid = ctxP(this.store, c, i);
        this.syscallingP.set(pid, g.id);
        this.syscallingG.set(g.id, pid);
        p.lastSyscallTime = time;
        break;
      }
    }
  }

  /** Accounts the time spent in the state being left (Running, Waiting, Runnable or Syscall). */
  private leave(g: GoroutineSummary, p: Pending): void {
    const time = this.now[0]!;
    switch (this.t.from) {
      case GoState.Running:
        g.stats.execTime += this.clip(p.lastStartTime, time);
        p.lastStartTime = 0;
        break;
      case GoState.Waiting:
        if (p.lastBlockTime !== 0) {
          g.stats.blockTimeByReason.add(p.lastBlockReason, this.clip(p.lastBlockTime, time));
          p.lastBlockTime = 0;
        }
        break;
      case GoState.Runnable:
        if (p.lastRunnableTime !== 0) {
          g.stats.schedWaitTime += this.clip(p.lastRunnableTime, time);
          p.lastRunnableTime = 0;
        }
        break;
      case GoState.Syscall:
        this.leaveSyscall(g, p);
        break;
    }
  }

  private name(g: GoroutineSummary, stack: number): void {
    const s = this.store;
    const f = outermostFrame(s, stack);
    if (f >= 0) {
      g.pc = s.framePc[f]!;
      g.name = this.strings[s.frameFunc[f]!]!;
    }
  }

  rangeStart(c: Chunk, i: number, active: boolean): void {
    const time = c.timeAt(i);
    const r = this.ranges.read(c, i);
    let g: GoroutineSummary | undefined;
    if (r.scope === Resource.Goroutine) {
      g = this.gs.get(r.id);
    } else if (r.scope === Resource.Proc) {
      // Bound to the P, but charged to the goroutine if it is still there at the end.
      const cur = ctxG(this.store, c, i);
      g = this.gs.get(cur);
      if (g !== undefined) {
        let byP = this.rangesP.get(r.name);
        if (byP === undefined) this.rangesP.set(r.name, (byP = new IdNumbers()));
        byP.set(r.id, cur);
      }
    }
    if (g?.pending == null) return;
    const last = g.pending.lastRangeTime;
    if (active) {
      // Active since (at least) the generation's sync.
      const ts = last.get(r.name);
      if (ts !== 0) g.stats.rangeTime.add(r.name, this.clip(ts, this.syncTs));
      last.set(r.name, this.syncTs);
    } else {
      last.set(r.name, time);
    }
  }

  rangeEnd(c: Chunk, i: number): void {
    const time = c.timeAt(i);
    const r = this.ranges.read(c, i);
    let g: GoroutineSummary | undefined;
    if (r.scope === Resource.Goroutine) {
      g = this.gs.get(r.id);
    } else if (r.scope === Resource.Proc) {
      const byP = this.rangesP.get(r.name);
      const goid = byP === undefined ? -1 : byP.get(r.id);
      if (goid !== -1) {
        if (goid === ctxG(this.store, c, i)) g = this.gs.get(goid);
        byP!.set(r.id, -1);
      }
    }
    if (g?.pending == null) return;
    const ts = g.pending.lastRangeTime.get(r.name);
    if (ts === 0) return;
    g.stats.rangeTime.add(r.name, this.clip(ts, time));
    g.pending.lastRangeTime.set(r.name, 0);
  }

  regionBegin(c: Chunk, i: number): void {
    const time = c.timeAt(i);
    const g = this.gs.get(ctxG(this.store, c, i));
    if (g?.pending == null) return;
    const { task, type } = readRegion(this.store, c, i);
    g.pending.activeRegions.push({ taskId: task, name: type, start: { time, stack: eventStack(c, i) }, end: null, stats: snapshot(g, time, this.clip) });
  }

  regionEnd(c: Chunk, i: number): void {
    const time = c.timeAt(i);
    const g = this.gs.get(ctxG(this.store, c, i));
    if (g?.pending == null) return;
    // The innermost open region is the one ending; with none open, it began before the trace.
    let r = g.pending.activeRegions.pop();
    if (r === undefined) {
      const { task, type } = readRegion(this.store, c, i);
      r = { taskId: task, name: type, start: null, end: null, stats: new ExecStats() };
    }
    r.stats = snapshot(g, time, this.clip).sub(r.stats);
    r.end = { time, stack: eventStack(c, i) };
    g.regions.push(r);
  }

  finish(): void {
    // The goroutines in the columns are closed already: closing them again changes nothing.
    for (const g of this.gs.objects()) {
      finalize(g, this.lastTs, null, this.clip);
      sortRegions(g);
      g.pending = null;
    }
    this.gs.finish();
  }
}

/**
 * The goroutine analysis computed incrementally: feed it each chunk of ordered events, in
 * order, as the parser produces them (parseTraceFile's onChunk takes feed as it is), then
 * finish() once. It keeps per-goroutine state, not events, so the chunks may be dropped
 * after each feed. All chunks must come from the same store (its tables name the stacks).
 */
export class GoroutineSummarizer {
  private s: Summarizer | null = null;
  private firstTime = 0;
  private done: GoroutineSummaries | null = null;

  /**
   * observers are fed from the same pass (PassObserver). window: count only the time inside it
   * (ns since the first event; -window=START,END).
   */
  constructor(
    private observers: PassObserver[] = [],
    private window: { start: number; end: number } | null = null,
  ) {}

  /** Reads the chunk's events. */
  feed(store: EventStore, c: Chunk): void {
    if (c.n === 0) return;
    if (this.done !== null) throw new Error('GoroutineSummarizer: feed after finish');
    let s = this.s;
    if (s === null) {
      this.firstTime = c.timeAt(0);
      const w = this.window;
      s = this.s = new Summarizer(store, this.observers, w === null ? WHOLE : windowClip(this.firstTime + w.start, this.firstTime + w.end));
      // Until the first Sync, "since the sync" means since the first event.
      s.syncTs = this.firstTime;
    }
    s.lastTs = c.timeAt(c.n - 1);
    const typ = c.typ;
    for (let i = 0; i < c.n; i++) {
      switch (TYPE_KIND[typ[i]!]!) {
        case Kind.StateTransition:
          s.transition(c, i);
          break;
        case Kind.Sync:
          s.syncTs = c.timeAt(i);
          break;
        case Kind.RangeBegin:
          s.rangeStart(c, i, false);
          break;
        case Kind.RangeActive:
          s.rangeStart(c, i, true);
          break;
        case Kind.RangeEnd:
          s.rangeEnd(c, i);
          break;
        case Kind.RegionBegin:
          s.regionBegin(c, i);
          this.annotation(c, i, Kind.RegionBegin);
          break;
        case Kind.RegionEnd:
          s.regionEnd(c, i);
          this.annotation(c, i, Kind.RegionEnd);
          break;
        case Kind.TaskBegin:
        case Kind.TaskEnd:
        case Kind.Log:
          this.annotation(c, i, TYPE_KIND[typ[i]!]! as Kind);
          break;
      }
    }
  }

  private annotation(c: Chunk, i: number, kind: Kind): void {
    for (const o of this.observers) o.annotation?.(c, i, kind);
  }

  /** Closes what is still open at the last event and returns the summaries (idempotent). */
  finish(): GoroutineSummaries {
    if (this.done !== null) return this.done;
    const s = this.s;
    if (s === null) return (this.done = { goroutines: new Map(), firstTime: 0, lastTime: 0 });
    s.finish();
    // The pass's state goes; the summaries stay (mostly in columns: goroutine-columns.ts).
    this.s = null;
    return (this.done = { goroutines: s.gs, firstTime: this.firstTime, lastTime: s.lastTs });
  }
}

/** Wire types the goroutine analysis reads (a keep filter for a streaming parse). */
export const SUMMARY_KINDS: readonly Kind[] = [
  Kind.StateTransition,
  Kind.Sync,
  Kind.RangeBegin,
  Kind.RangeActive,
  Kind.RangeEnd,
  Kind.RegionBegin,
  Kind.RegionEnd,
];

/** Computes every goroutine's summary in one pass over the store's events, feeding observers from it. */
export function summarizeGoroutines(store: EventStore, observers: PassObserver[] = [], window: { start: number; end: number } | null = null): GoroutineSummaries {
  const s = new GoroutineSummarizer(observers, window);
  for (const c of store.chunks) s.feed(store, c);
  return s.finish();
}
