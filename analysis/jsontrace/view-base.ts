// What the three views (by proc, by thread, by goroutine) share: the goroutine table, GC slices
// (global ranges), counters from metrics, CPU samples and user logs as instants on the view's row
// of the event, goroutine labels and special ranges. Each view says which row an event belongs
// to and how goroutine and proc transitions are drawn.

import type { Chunk } from '../../parser/events.js';
import { Ev } from '../../parser/wire/specs.js';
import type { Transition } from '../../parser/event-details.js';
import { GoState } from '../../parser/events.js';
import { IdMap } from '../../parser/id-table.js';
import { GC_P, ViewerG } from './emitter.js';
import { GoroutineState, NONE, ViewContext } from './goroutine-state.js';

/** The event being handled: where it is and its execution context. */
export interface EventAt {
  c: Chunk;
  i: number;
  /** Absolute time (ns). */
  time: number;
  g: number;
  p: number;
  m: number;
  /** The event's own stack (store id, 0 = none). */
  stack: number;
}

interface OpenRange {
  time: number;
  stack: number;
}

export abstract class ViewBase {
  /** By id, in order of first sight (looked up at every goroutine event: the typed-array front of IdMap). */
  readonly gs = new IdMap<GoroutineState>();
  /** Open global ranges by name. */
  private global = new Map<string, OpenRange>();
  protected seenSync = 0;

  constructor(protected ctx: ViewContext) {}

  /** The row an event is drawn on (NONE: nowhere). */
  abstract rowOf(ev: EventAt): number;
  abstract goroutineTransition(ev: EventAt, t: Transition): void;
  abstract procTransition(ev: EventAt, t: Transition): void;
  /** Proc-scoped ranges (GC incremental sweep); only the proc view draws them. */
  procRange(_ev: EventAt, _kind: 'begin' | 'active' | 'end', _name: string, _proc: number): void {}
  /** Ends the drawing: open slices and the rows' names. */
  abstract finish(): void;

  sync(): void {
    this.seenSync++;
  }

  protected goroutine(id: number): GoroutineState {
    let g = this.gs.get(id);
    if (g === undefined) this.gs.set(id, (g = new GoroutineState(id)));
    return g;
  }

  /** The goroutine counter for a transition (in mark assist, waiting counts as waiting for GC). */
  protected countTransition(ev: EventAt, g: GoroutineState, from: number, to: number): void {
    const assist = g.inMarkAssist;
    this.ctx.e.goroutineTransition(ev.time - this.ctx.startTime, viewerState(from, assist), viewerState(to, assist));
  }

  globalRange(ev: EventAt, kind: 'begin' | 'active' | 'end', name: string): void {
    switch (kind) {
      case 'begin':
        this.global.set(name, { time: ev.time, stack: ev.stack });
        return;
      case 'active':
        // From the second generation on an Active only repeats what is known.
        if (this.seenSync < 2) this.global.set(name, { time: this.ctx.startTime, stack: ev.stack });
        return;
      case 'end': {
        // Only GC ranges have a row (GC); others are dropped.
        const r = this.global.get(name) ?? { time: 0, stack: 0 };
        if (name.includes('GC')) {
          const e = this.ctx.e;
          const sf = e.stack(r.stack);
          const esf = e.stack(ev.stack);
          e.slice(name, r.time - this.ctx.startTime, ev.time - r.time, GC_P, sf, esf);
        }
        this.global.delete(name);
        return;
      }
    }
  }

  protected finishGlobalRanges(): void {
    const e = this.ctx.e;
    for (const [name, r] of this.global) {
      if (!name.includes('GC')) continue;
      e.slice(name, r.time - this.ctx.startTime, this.ctx.endTime - r.time, GC_P, e.stack(r.stack), 0);
    }
  }

  goroutineRange(ev: EventAt, kind: 'begin' | 'active' | 'end', name: string, goid: number): void {
    // go tool trace fails on a range of a goroutine it has not seen; ignored here.
    const g = this.gs.get(goid);
    if (g === undefined) return;
    if (kind === 'begin') g.rangeBegin(ev.time, name, ev.stack);
    else if (kind === 'active') g.rangeActive(name);
    else g.rangeEnd(ev.time, name, ev.stack);
  }

  label(goid: number, label: string): void {
    this.gs.get(goid)?.setLabel(label);
  }

  /** value: the stored argument (-1 for 2^64-1, rounded past 2^53); exact: the uint64 in decimal where value is not it. */
  metric(ev: EventAt, typ: number, value: number, exact: string | null): void {
    const ts = ev.time - this.ctx.startTime;
    if (typ === Ev.HeapAlloc) this.ctx.e.heapAllocated(ts, value, exact);
    else if (typ === Ev.HeapGoal) this.ctx.e.heapGoal(ts, value);
  }

  stackSample(ev: EventAt): void {
    const row = this.rowOf(ev);
    if (row === NONE) return;
    const e = this.ctx.e;
    e.instant('CPU profile sample', ev.time - this.ctx.startTime, row, e.stack(ev.stack));
  }

  log(ev: EventAt, category: string, message: string): void {
    const row = this.rowOf(ev);
    if (row === NONE) return;
    const name = category !== '' ? `[${category}] ${message}` : message;
    const e = this.ctx.e;
    e.instant(name, ev.time - this.ctx.startTime, row, e.stack(ev.stack), '', 'user event');
  }

  /** Closes every goroutine still executing (in the order they were first seen). */
  protected finishGoroutines(each?: (g: GoroutineState) => void): void {
    for (const g of this.gs.values()) {
      g.finish(this.ctx);
      each?.(g);
    }
  }
}

/** A goroutine state as the "Goroutines" counter counts it. */
export function viewerState(s: number, inMarkAssist: boolean): ViewerG {
  switch (s) {
    case GoState.Runnable:
      return ViewerG.Runnable;
    case GoState.Running:
    case GoState.Syscall:
      return ViewerG.Running;
    case GoState.Waiting:
      return inMarkAssist ? ViewerG.WaitingGC : ViewerG.Waiting;
    default:
      return ViewerG.Dead;
  }
}

/** A goroutine state in which it occupies its row (running, or in a syscall). */
export function executing(s: number): boolean {
  return s === GoState.Running || s === GoState.Syscall;
}

/** The start of a transition into running: an Undetermined first sighting dates from the trace start. */
export function startOf(ctx: ViewContext, ev: EventAt, from: number): number {
  return from === GoState.Undetermined ? ctx.startTime : ev.time;
}
