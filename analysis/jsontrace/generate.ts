// Runs a view over the trace's events (up to the last Sync, as go tool trace keeps them) and
// writes its trace events through the emitter: the events in order, then the focused tasks
// (and, by goroutine, their regions), then what is still open at the end, then the metadata.
// A generator function: it yields every BATCH events so a caller can stream the output.

import { EventStore, GoState, Kind, TYPE_KIND } from '../../parser/events.js';
import { Resource, eventStack, newTransition, readLabel, readLog, readTransition } from '../../parser/event-details.js';
import { RangeReader } from '../range-reader.js';
import { traceSpan } from '../trace-span.js';
import type { TaskRecord } from '../task-pass.js';
import { Emitter } from './emitter.js';
import { NONE, ViewContext } from './goroutine-state.js';
import { GoroutineView } from './goroutine-view.js';
import { ProcView } from './proc-view.js';
import type { TraceSink } from './sink.js';
import { StackFrames } from './stack-frames.js';
import { emitRegion, emitTask } from './task-focus.js';
import { ThreadView } from './thread-view.js';
import { EventAt, ViewBase } from './view-base.js';

export type ViewKind = 'proc' | 'thread' | 'goroutine';

export interface GenOptions {
  view: ViewKind;
  /** The window, ns since the trace's first event (inclusive; default: everything). */
  startTime?: number;
  endTime?: number;
  /** Goroutine view: the goroutine put on top (-1: none). */
  focusGoroutine?: number;
  /** Goroutine view: the goroutines shown (null: all). */
  goroutines?: Set<number> | null;
  /** Tasks to draw in the TASKS section, in order. */
  tasks?: TaskRecord[];
}

/** Events handled between two yields. */
const BATCH = 1 << 16;

const RANGE_KIND = { [Kind.RangeBegin]: 'begin', [Kind.RangeActive]: 'active', [Kind.RangeEnd]: 'end' } as const;

/** The trace's span as the viewer sees it: first event to last Sync (null: no events at all). */
export function viewerSpan(store: EventStore): { startTime: number; endTime: number; endChunk: number; endIndex: number } | null {
  const s = traceSpan(store);
  return s.endChunk < 0 ? null : s;
}

export function* generateTrace(store: EventStore, opts: GenOptions, sink: TraceSink, frames = new StackFrames(store)): Generator<void, void, void> {
  const span = viewerSpan(store);
  if (span === null) throw new Error('the trace has no complete generation of events');
  const e = new Emitter(sink, frames, opts.startTime ?? 0, opts.endTime ?? Number.MAX_SAFE_INTEGER);
  const ctx: ViewContext = { e, store, startTime: span.startTime, endTime: span.endTime, threadRows: opts.view === 'thread' };
  let view: ViewBase;
  if (opts.view === 'goroutine') {
    view = new GoroutineView(ctx, opts.focusGoroutine ?? NONE);
    if (opts.goroutines) e.filter = opts.goroutines;
  } else if (opts.view === 'thread') {
    view = new ThreadView(ctx);
  } else {
    view = new ProcView(ctx);
  }

  const ranges = new RangeReader(store);
  const t = newTransition();
  const ev: EventAt = { c: store.chunks[0]!, i: 0, time: 0, g: NONE, p: NONE, m: NONE, stack: 0 };
  let handled = 0;
  for (let k = 0; k <= span.endChunk; k++) {
    const c = store.chunks[k]!;
    const n = k === span.endChunk ? span.endIndex + 1 : c.n;
    const typ = c.typ;
    const cx = c.ctx;
    ev.c = c;
    for (let i = 0; i < n; i++) {
      const ty = typ[i]!;
      const kind = TYPE_KIND[ty]! as Kind;
      if (kind === Kind.Sync) {
        view.sync();
        continue;
      }
      if (kind === Kind.Bad || kind === Kind.Experimental || (kind >= Kind.TaskBegin && kind <= Kind.RegionEnd)) continue;
      const x = cx[i]!;
      ev.i = i;
      ev.time = c.timeAt(i);
      ev.g = c.ctxG[x]!;
      ev.p = c.ctxP[x]!;
      ev.m = c.ctxM[x]!;
      ev.stack = eventStack(c, i);
      switch (kind) {
        case Kind.StateTransition:
          readTransition(store, c, i, t);
          if (t.resource === Resource.Goroutine) view.goroutineTransition(ev, t);
          else if (t.resource === Resource.Proc) view.procTransition(ev, t);
          break;
        case Kind.RangeBegin:
        case Kind.RangeActive:
        case Kind.RangeEnd: {
          const r = ranges.read(c, i);
          const what = RANGE_KIND[kind];
          if (r.scope === Resource.Goroutine) view.goroutineRange(ev, what, r.name, r.id);
          else if (r.scope === Resource.Proc) view.procRange(ev, what, r.name, r.id);
          else view.globalRange(ev, what, r.name);
          break;
        }
        case Kind.Metric: {
          // The exact decimal only where a double may not hold the uint64: from 2^53 on, and
          // 2^64-1 (read as -1).
          const v = c.arg(i, 0);
          view.metric(ev, ty, v, v < 0 || v >= Number.MAX_SAFE_INTEGER ? c.argU64(i, 0) : null);
          break;
        }
        case Kind.Label:
          view.label(ev.g, readLabel(store, c, i));
          break;
        case Kind.StackSample:
          view.stackSample(ev);
          break;
        case Kind.Log: {
          const l = readLog(store, c, i);
          view.log(ev, l.category, l.message);
          break;
        }
      }
      if (++handled === BATCH) {
        handled = 0;
        yield;
      }
    }
  }

  const tasks = opts.tasks ?? [];
  for (let k = 0; k < tasks.length; k++) {
    const task = tasks[k]!;
    emitTask(e, task, k, span.startTime, span.endTime);
    if (opts.view === 'goroutine') for (const r of task.regions) emitRegion(e, r, span.startTime, span.endTime);
  }
  view.finish();
  e.finish();
}

/** The goroutines related to goid: it, those that unblocked it, and those that unblocked them (go tool trace's depth 2). */
export function relatedGoroutines(store: EventStore, goid: number): Set<number> {
  const span = viewerSpan(store);
  const operators: number[] = [];
  const operands: number[] = [];
  if (span !== null) {
    const t = newTransition();
    for (let k = 0; k <= span.endChunk; k++) {
      const c = store.chunks[k]!;
      const n = k === span.endChunk ? span.endIndex + 1 : c.n;
      for (let i = 0; i < n; i++) {
        if (TYPE_KIND[c.typ[i]!] !== Kind.StateTransition) continue;
        const g = c.ctxG[c.ctx[i]!]!;
        if (g === NONE) continue;
        readTransition(store, c, i, t);
        if (t.resource !== Resource.Goroutine || t.from === t.to || t.from !== GoState.Waiting) continue;
        operators.push(g);
        operands.push(t.id);
      }
    }
  }
  let set = new Set<number>([goid]);
  for (let round = 0; round < 2; round++) {
    const next = new Set(set);
    for (let k = 0; k < operands.length; k++) if (set.has(operands[k]!)) next.add(operators[k]!);
    set = next;
  }
  return set;
}
