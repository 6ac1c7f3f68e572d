// Mutator utilization functions of a trace, as Go's internal/trace MutatorUtilizationV2 computes
// them (go tool trace 1.26): per series, the times where utilization changes and its new value.

import { Chunk, EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Ev } from '../parser/wire/specs.js';
import { Resource, ctxG, ctxP, newTransition, readLabel, readRange, readTransition } from '../parser/event-details.js';

/** Go's UtilFlags bits. */
export const UtilSTW = 1;
export const UtilBackground = 2;
export const UtilAssist = 4;
export const UtilSweep = 8;
export const UtilPerProc = 16;

/** One utilization function: util[k] is the mean mutator utilization from time[k] on. */
export interface UtilSeries {
  time: Float64Array;
  util: Float64Array;
}

/** A growable series with Go's addUtil rule (drop no-change points, keep the lowest per time). */
class SeriesBuilder {
  time: number[] = [];
  util: number[] = [];
  add(t: number, u: number): void {
    const n = this.util.length;
    if (n > 0) {
      if (u === this.util[n - 1]) return;
      if (t === this.time[n - 1]) {
        if (u < this.util[n - 1]!) this.util[n - 1] = u;
        return;
      }
    }
    this.time.push(t);
    this.util.push(u);
  }
  done(): UtilSeries {
    return { time: Float64Array.from(this.time), util: Float64Array.from(this.util) };
  }
}

function executing(s: number | undefined): boolean {
  return s === GoState.Running || s === GoState.Syscall;
}

function isGCSTW(name: string): boolean {
  return name.startsWith('stop-the-world') && name.includes('GC');
}

/**
 * The highest proc id executing any event, plus one (at least 1). Used as GOMAXPROCS for old
 * (Go 1.19/1.21) traces that never report it: their converter drops the first EvGomaxprocs and
 * only GCs emit later ones, so a trace without GC has none (go tool trace then panics).
 */
function procsSeen(store: EventStore): number {
  let max = 0;
  for (const c of store.chunks) {
    // Old traces' pseudo-Ps (timers, netpoll, GC: ids from 1000000) are not GOMAXPROCS slots.
    for (const p of c.ctxP) if (p < 1000000 && p + 1 > max) max = p + 1;
  }
  return Math.max(max, 1);
}

/**
 * Go's MutatorUtilizationV2(events, flags). Returns [] for a trace without events. When the
 * trace never reports GOMAXPROCS (see procsSeen), the first event acts as the report, so the
 * result is the true utilization (1 except in GC STW) instead of go tool trace's empty set.
 */
export function mutatorUtilization(store: EventStore, flags: number): UtilSeries[] {
  const perProc = (flags & UtilPerProc) !== 0;
  const out: SeriesBuilder[] = [];
  let stw = 0;
  let psGc: number[] = [];
  let psSeries: number[] = [];
  const inGC = new Set<number>();
  const states = new Map<number, number>();
  const bgMark = new Set<number>();
  const procs: { time: number; n: number }[] = [];
  let nSync = 0;
  let hasProcsChange = false;
  for (const c of store.chunks) {
    for (let i = 0; i < c.n && !hasProcsChange; i++) if (c.typ[i] === Ev.ProcsChange) hasProcsChange = true;
  }
  const implicitProcs = hasProcsChange ? 0 : procsSeen(store);

  const handleSTW = (name: string): boolean => (flags & UtilSTW) !== 0 && isGCSTW(name);
  const handleAssist = (name: string): boolean => (flags & UtilAssist) !== 0 && name === 'GC mark assist';
  const handleSweep = (name: string): boolean => (flags & UtilSweep) !== 0 && name === 'GC incremental sweep';

  const setProcs = (time: number, gomaxprocs: number): void => {
    if (psGc.length > gomaxprocs) {
      if (perProc) for (let k = gomaxprocs; k < psGc.length; k++) out[psSeries[k]!]!.add(time, 0);
      psGc = psGc.slice(0, gomaxprocs);
      psSeries = psSeries.slice(0, gomaxprocs);
    }
    while (psGc.length < gomaxprocs) {
      let series = 0;
      if (perProc || out.length === 0) {
        series = out.length;
        const b = new SeriesBuilder();
        b.time.push(time);
        b.util.push(1);
        out.push(b);
      }
      psGc.push(0);
      psSeries.push(series);
    }
    if (procs.length === 0 || gomaxprocs !== procs[procs.length - 1]!.n) procs.push({ time, n: gomaxprocs });
  };

  const t = newTransition();
  let lastTime = 0;
  let any = false;
  for (const c of store.chunks) {
    for (let i = 0; i < c.n; i++) {
      const typ = c.typ[i]!;
      const kind = TYPE_KIND[typ]! as Kind;
      const time = c.timeAt(i);
      lastTime = time;
      // Implicit GOMAXPROCS report at the first timed event (an old trace's first Sync has time -1).
      if (implicitProcs > 0 && psGc.length === 0 && kind !== Kind.Sync) setProcs(time, implicitProcs);
      any = true;
      if (kind === Kind.Sync) nSync = store.syncs[c.sync(c.arg(i, 0))]!.n;
      else if (typ === Ev.ProcsChange) setProcs(time, c.arg(i, 0));
      if (psGc.length === 0) continue;
      step(store, c, i, kind, time);
    }
  }

  function step(s: EventStore, c: Chunk, i: number, kind: Kind, time: number): void {
    switch (kind) {
      case Kind.RangeActive:
      case Kind.RangeBegin: {
        // A range already active when a later generation starts tells nothing new.
        if (kind === Kind.RangeActive && nSync > 1) break;
        const r = readRange(s, c, i);
        if (kind === Kind.RangeActive) {
          let fix = false;
          if (handleAssist(r.name)) fix = executing(states.get(ctxG(s, c, i)));
          else if (handleSweep(r.name)) fix = true;
          if (fix && !perProc) {
            // Subtract 1/gomaxprocs from everything recorded so far.
            const o = out[0]!;
            let mi = 0;
            let pi = 0;
            while (mi < o.util.length) {
              if (pi < procs.length - 1 && procs[pi + 1]!.time < o.time[mi]!) {
                pi++;
                continue;
              }
              o.util[mi] = o.util[mi]! - 1 / procs[pi]!.n;
              if (o.util[mi]! < 0) o.util[mi] = 0;
              mi++;
            }
          }
        }
        if (handleSTW(r.name)) stw++;
        else if (handleSweep(r.name)) psGc[ctxP(s, c, i)]!++;
        else if (handleAssist(r.name)) {
          psGc[ctxP(s, c, i)]!++;
          if (r.scope === Resource.Goroutine && r.id !== -1) inGC.add(r.id);
        }
        break;
      }
      case Kind.RangeEnd: {
        const r = readRange(s, c, i);
        if (handleSTW(r.name)) stw--;
        else if (handleSweep(r.name)) psGc[ctxP(s, c, i)]!--;
        else if (handleAssist(r.name)) {
          psGc[ctxP(s, c, i)]!--;
          if (r.scope === Resource.Goroutine && r.id !== -1) inGC.delete(r.id);
        }
        break;
      }
      case Kind.StateTransition: {
        readTransition(s, c, i, t);
        if (t.resource !== Resource.Goroutine) break;
        const g = t.id;
        if (inGC.has(g) || bgMark.has(g)) {
          const wasEx = executing(t.from);
          const isEx = executing(t.to);
          if (!wasEx && isEx) psGc[ctxP(s, c, i)]!++;
          else if (wasEx && !isEx) psGc[ctxP(s, c, i)]!--;
        }
        states.set(g, t.to);
        break;
      }
      case Kind.Label: {
        const l = readLabel(s, c, i);
        if ((flags & UtilBackground) !== 0 && l.startsWith('GC ') && l !== 'GC (idle)') {
          if (!(perProc && l === 'GC (dedicated)')) {
            bgMark.add(ctxG(s, c, i));
            psGc[ctxP(s, c, i)]!++;
          }
        }
        break;
      }
      default:
        break;
    }
    const n = psGc.length;
    if (!perProc) {
      let gcPs = 0;
      if (stw > 0) gcPs = n;
      else for (let k = 0; k < n; k++) if (psGc[k]! > 0) gcPs++;
      out[0]!.add(time, 1 - gcPs / n);
    } else {
      for (let k = 0; k < n; k++) {
        const util = stw > 0 || psGc[k]! > 0 ? 0 : 1;
        out[psSeries[k]!]!.add(time, util);
      }
    }
  }

  if (!any) return [];
  for (let k = 0; k < psGc.length; k++) out[psSeries[k]!]!.add(lastTime, 0);
  return out.map((b) => b.done());
}
