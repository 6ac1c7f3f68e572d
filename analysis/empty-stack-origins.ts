// Where a blocking profile's stackless sample comes from. A blocking profile charges each
// interval to the stack of the event that started it (pprof-records.ts); when that event has
// no stack the delay lands on one sample without frames. This walks the same intervals
// (forEachInterval) and splits that sample by cause (what kind of event started the interval:
// a wake-up by the runtime, a return from a blocking syscall, a first run...) and by the
// creation stack of the goroutines concerned (the stack of their GoCreate). The parts sum
// exactly to the profile's stackless sample.

import { Chunk, EventStore, GoState } from '../parser/events.js';
import { Transition, ctxG, eventStack, newTransition, readTransition } from '../parser/event-details.js';
import { Ev } from '../parser/wire/specs.js';
import { IdNumbers } from '../parser/id-table.js';
import { GoIntervals, Interval } from './pprof-intervals.js';
import { TraceSpan } from './trace-span.js';
import { forEachInterval } from './pprof-records.js';
import { PPROF_MAX_STACK } from './profile-record.js';
import { StacksByPcs, hasNoPcs } from './stacks-by-pcs.js';
import type { PprofKind } from '../api/profile-kinds.js';
import { EMPTY_STACK_CAUSES, type EmptyStackCause } from '../api/empty-stack-causes.js';
import type { EmptyStackOriginsResponse } from '../api/types.js';
import { stackFrames } from './frames.js';

export interface CountAndTime {
  count: number;
  /** Delay (ns). */
  ns: number;
}

/** The goroutines of one creation stack whose intervals fell on the stackless sample. */
export interface EmptyStackCreator extends CountAndTime {
  /** The GoCreate's stack (the newest seen with these PCs; 0: created without one); -1: created before the trace. */
  stack: number;
  /** How many goroutines. */
  goroutines: number;
  /** The same count and delay by cause. */
  causes: Map<EmptyStackCause, CountAndTime>;
  /** By goroutine id: count and delay (for the start functions, which the caller names). */
  byGoroutine: Map<number, CountAndTime>;
}

export interface EmptyStackOrigins extends CountAndTime {
  causes: Map<EmptyStackCause, CountAndTime>;
  creators: EmptyStackCreator[];
}

/** What started an interval that has no stack: the event of location (c, i), decoded in t. */
export function emptyStackCause(store: EventStore, c: Chunk, i: number, t: Transition): EmptyStackCause {
  const typ = c.typ[i]!;
  if (t.from === GoState.NotExist) return 'created';
  if (t.from === GoState.Undetermined) return 'trace-start';
  switch (typ) {
    case Ev.GoUnblock:
      return ctxG(store, c, i) < 0 ? 'runtime-wakeup' : 'goroutine-wakeup';
    case Ev.GoSwitch:
    case Ev.GoSwitchDestroy:
      return 'coroutine-switch';
    case Ev.GoSyscallEndBlocked:
      return 'syscall-return';
    case Ev.GoStop:
      return 'preempted';
    case Ev.GoBlock:
      return 'blocked';
    case Ev.GoSyscallBegin:
      return 'syscall-enter';
  }
  return 'other';
}

/** Adds one interval of delay d under key; true when the key is new. */
function add<K>(m: Map<K, CountAndTime>, key: K, d: number): boolean {
  const v = m.get(key);
  if (v === undefined) {
    m.set(key, { count: 1, ns: d });
    return true;
  }
  v.count++;
  v.ns += d;
  return false;
}

function newCreator(stack: number): EmptyStackCreator {
  return { stack, count: 0, ns: 0, goroutines: 0, causes: new Map(), byGoroutine: new Map() };
}

/**
 * The stackless sample of a blocking profile (kind, over intervals and window as pprofRecords
 * takes them), split by cause and by the goroutines' creation stacks.
 */
export function emptyStackOrigins(store: EventStore, kind: PprofKind, intervals: GoIntervals, span: TraceSpan, window: Interval | null = null): EmptyStackOrigins {
  // Goroutine id -> its GoCreate's stack (-1: not seen: created before the trace).
  const createStack = new IdNumbers();
  const creators = new StacksByPcs<EmptyStackCreator>(PPROF_MAX_STACK, newCreator);
  let before: EmptyStackCreator | null = null;
  const out: EmptyStackOrigins = { count: 0, ns: 0, causes: new Map(), creators: [] };
  const t = newTransition();
  forEachInterval(
    store,
    kind,
    intervals,
    span,
    window,
    (id, c, i, d) => {
      if (!hasNoPcs(store, eventStack(c, i), PPROF_MAX_STACK)) return;
      readTransition(store, c, i, t);
      const cause = emptyStackCause(store, c, i, t);
      out.count++;
      out.ns += d;
      add(out.causes, cause, d);
      const cs = createStack.get(id);
      let cr: EmptyStackCreator;
      if (cs === -1) cr = before ??= newCreator(-1);
      else {
        cr = creators.get(store, cs);
        cr.stack = cs;
      }
      cr.count++;
      cr.ns += d;
      add(cr.causes, cause, d);
      if (add(cr.byGoroutine, id, d)) cr.goroutines++;
    },
    (tr, c, i) => {
      if (tr.from === GoState.NotExist) createStack.set(tr.id, eventStack(c, i));
    },
  );
  out.creators = creators.records().filter((r) => r.count > 0);
  if (before !== null) out.creators.push(before);
  out.creators.sort((a, b) => b.ns - a.ns || b.count - a.count);
  return out;
}

function byCause(m: Map<EmptyStackCause, CountAndTime>): { cause: EmptyStackCause; ns: number; count: number }[] {
  return [...m].map(([cause, v]) => ({ cause, ns: v.ns, count: v.count })).sort((a, b) => b.ns - a.ns || b.count - a.count);
}

/** The origins as /api/profile/empty-stack's answer; nameOf gives a goroutine's start function. */
export function emptyStackOriginsJson(store: EventStore, kind: PprofKind, o: EmptyStackOrigins, nameOf: (id: number) => string): EmptyStackOriginsResponse {
  return {
    kind,
    ns: o.ns,
    count: o.count,
    causes: byCause(o.causes).map((c) => ({ ...c, ...EMPTY_STACK_CAUSES[c.cause] })),
    creators: o.creators.map((cr) => {
      const funcs = new Map<string, { name: string; goroutines: number; ns: number }>();
      for (const [id, v] of cr.byGoroutine) {
        const name = nameOf(id);
        const f = funcs.get(name) ?? { name, goroutines: 0, ns: 0 };
        f.goroutines++;
        f.ns += v.ns;
        funcs.set(name, f);
      }
      return {
        stack: cr.stack > 0 ? stackFrames(store, cr.stack, PPROF_MAX_STACK) : [],
        beforeTrace: cr.stack === -1,
        goroutines: cr.goroutines,
        ns: cr.ns,
        count: cr.count,
        causes: byCause(cr.causes),
        startFuncs: [...funcs.values()].sort((a, b) => b.ns - a.ns || b.goroutines - a.goroutines).slice(0, 5),
      };
    }),
  };
}
