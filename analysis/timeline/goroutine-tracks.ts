// Goroutine tracks ("g<id>"): a goroutine's rows (rows.ts) as a view, the details of a goroutine
// row's span — read back from the events the rows point at: the stack of the event that began it
// (where it blocked), its P and thread, who ended it (the unblocker of a waiting span) and who
// created the goroutine; P and thread tracks show the same details (proc-tracks.ts) — and the
// listing of every goroutine with its first and last time and its state at the end.

import type { Frame, SpanDetail } from '../../api/types.js';
import { interner } from '../../api/tracks-format.js';
import { formatTrackId } from '../../api/track-kinds.js';
import { Chunk, GoState, Kind, TYPE_KIND } from '../../parser/events.js';
import { Resource, ctxG, ctxM, ctxP, eventStack, newTransition, readTransition } from '../../parser/event-details.js';
import { Ev } from '../../parser/wire/specs.js';
import { stackFrames } from '../frames.js';
import type { EventTimes } from './event-times.js';
import type { PackedU32 } from './packed-u32.js';
import type { Timeline } from './model.js';
import { groupRows, indexOf } from './query.js';
import { startFunction } from '../start-function.js';
import { GoroutineRows, groupOfRow } from './rows.js';
import type { TrackSource } from './track-source.js';
import { TrackView } from './track-view.js';

export class GoroutineTrack extends TrackView {
  private ev: PackedU32;
  private st: Uint8Array;
  constructor(id: string, readonly goid: number, g: GoroutineRows, lo: number, hi: number, private times: EventTimes) {
    super(id, lo, hi);
    this.ev = g.ev;
    this.st = g.style;
    this.contiguous = true;
  }
  start(j: number): number {
    return this.times.time(this.ev.at(j));
  }
  end(j: number): number {
    return this.times.time(this.ev.at(j + 1 < this.hi ? j + 1 : j));
  }
  style(j: number): number {
    return this.st[j]!;
  }
  override goroutineRow(j: number): number {
    return j;
  }
}

interface At {
  c: Chunk;
  i: number;
}

function eventAt(tl: Timeline, ev: number): At {
  const k = tl.times.chunkOf(ev);
  return { c: tl.times.chunks[k]!, i: ev - tl.times.first[k]! };
}

const tr = newTransition();

/** Whether event (c, i) is a transition of goroutine goid. */
function isTransitionOf(tl: Timeline, a: At, goid: number): boolean {
  if (TYPE_KIND[a.c.typ[a.i]!] !== Kind.StateTransition) return false;
  readTransition(tl.store, a.c, a.i, tr);
  return tr.resource === Resource.Goroutine && tr.id === goid;
}

/** The transition event that began a goroutine row: its own event, or for a row dated back to a sync, the status event after it. */
function beginEvent(tl: Timeline, ev: number, goid: number): At | null {
  const a = eventAt(tl, ev);
  if (isTransitionOf(tl, a, goid)) return a;
  if (TYPE_KIND[a.c.typ[a.i]!] !== Kind.Sync) return null;
  for (let i = a.i + 1; i < a.c.n; i++) {
    const ty = a.c.typ[i]!;
    if ((ty === Ev.GoStatus || ty === Ev.GoStatusStack) && a.c.arg(i, 0) === goid) return { c: a.c, i };
    if (TYPE_KIND[ty] === Kind.Sync) break;
  }
  return null;
}

const CREATE = new Set<number>([Ev.GoCreate, Ev.GoCreateBlocked, Ev.GoCreateSyscall]);

/**
 * Fills in the details of goroutine row `row` (style `style`): goroutine, stack, P and thread,
 * unblocker, creator. False if the row belongs to no goroutine (nothing filled in).
 */
export function goroutineRowDetail(tl: Timeline, row: number, style: number, out: SpanDetail, name: (id: number) => string): boolean {
  const g = tl.goroutines;
  const k = groupOfRow(g, row);
  if (k < 0) return false;
  const origin = tl.firstTime;
  const goid = g.ids[k]!;
  out.goroutine = { id: goid, name: name(goid) };
  const begin = beginEvent(tl, g.ev.at(row), goid);
  if (begin !== null) {
    readTransition(tl.store, begin.c, begin.i, tr);
    out.stack = stackFrames(tl.store, tr.stack);
    const state = tl.styles.goState[style];
    if (state === GoState.Running || state === GoState.Syscall) {
      const p = ctxP(tl.store, begin.c, begin.i);
      out.proc = p >= 0 ? p : null;
      const m = ctxM(tl.store, begin.c, begin.i);
      out.thread = m >= 0 ? m : null;
    }
  }
  // Who ended it: the next row's event, when another goroutine made it.
  const hi = g.offset[k]! + g.count[k]!;
  if (row + 1 < hi) {
    const a = eventAt(tl, g.ev.at(row + 1));
    const by = ctxG(tl.store, a.c, a.i);
    if (by >= 0 && by !== goid && isTransitionOf(tl, a, goid)) {
      out.endedBy = { goroutine: by, timeNs: a.c.timeAt(a.i) - origin, stack: stackFrames(tl.store, eventStack(a.c, a.i)) };
    }
  }
  // The creation: the first row of this life of the goroutine (after its last gap).
  let r = row;
  while (r > g.offset[k]! && g.style[r - 1] !== 0) r--;
  const a = eventAt(tl, g.ev.at(r));
  if (CREATE.has(a.c.typ[a.i]!) && a.c.arg(a.i, 0) === goid) {
    const by = ctxG(tl.store, a.c, a.i);
    out.createdBy = { goroutine: by, timeNs: a.c.timeAt(a.i) - origin, stack: stackFrames(tl.store, eventStack(a.c, a.i)) as Frame[] };
  }
  return true;
}

export const goroutineTracks: TrackSource = {
  view(tl, id, num) {
    const r = num === undefined ? null : groupRows(tl.goroutines, num);
    return r === null ? null : new GoroutineTrack(id, num!, tl.goroutines, r.lo, r.hi, tl.times);
  },

  detail(tl, v, j, _num, out, name) {
    goroutineRowDetail(tl, v.goroutineRow(j), out.style, out, name);
  },

  /** Every goroutine with rows; regions: false until the region tracks' listing (region-tracks.ts). */
  list(tl, out, opts) {
    const origin = tl.firstTime;
    const times = tl.times;
    const g = tl.goroutines;
    const cols = out.goroutines;
    const names = interner();
    const states = interner();
    const lastEv = times.n - 1;
    for (let k = 0; k < g.ids.length; k++) {
      const id = g.ids[k]!;
      const lo = g.offset[k]!;
      const hi = lo + g.count[k]!;
      let first = lo;
      while (first < hi && g.style[first] === 0) first++;
      // The last row is a terminator; the one before it the last span.
      const last = hi - 2;
      let endState = 'exited';
      if (last >= first && g.style[last] !== 0 && g.ev.at(hi - 1) === lastEv) {
        endState = tl.styles.styles[g.style[last]!]!.state;
      }
      cols.id.push(id);
      cols.name.push(names.index(opts.name?.(id) ?? ''));
      cols.firstNs.push(first < hi ? times.time(g.ev.at(first)) - origin : 0);
      cols.lastNs.push(times.time(g.ev.at(hi - 1)) - origin);
      cols.endState.push(states.index(endState));
      cols.regions.push(0);
    }
    cols.names = names.list;
    cols.endStates = states.list;
  },
};

/**
 * A goroutine's name from the timeline's own rows (its first transition stack's outermost
 * function, as the goroutine analysis names it): for a timeline of a trace still loading, whose
 * goroutine analysis does not exist yet.
 */
export function goroutineNameFromRows(tl: Timeline, id: number): string {
  const k = indexOf(tl.goroutines, id);
  return k < 0 ? '' : startFunction(tl.store, tl.goroutines.firstStack[k]!);
}
