// The span under a time on a track (GET /api/timeline/span): its state and reason, goroutine,
// P and thread, the stack of the event that began it (where it blocked), who ended it (the
// unblocker of a waiting span) and who created the goroutine — all read back from the events
// the rows point at.

import type { Frame, SpanDetail } from '../../api/types.js';
import { Chunk, GoState, Kind, TYPE_KIND } from '../../parser/events.js';
import { Resource, ctxG, ctxM, ctxP, eventStack, newTransition, readTransition } from '../../parser/event-details.js';
import { Ev } from '../../parser/wire/specs.js';
import { stackFrames } from '../frames.js';
import type { Timeline } from './build.js';
import { groupOfRow } from './rows.js';
import { SpanTrack, trackView } from './track-view.js';

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

/** The span of `track` under time t (ns since the trace's first event), or null if none. */
export function spanDetail(tl: Timeline, track: string, t: number, name: (id: number) => string = () => ''): SpanDetail | null {
  const v = trackView(tl, track);
  if (v === null) return null;
  const origin = tl.firstTime;
  const T = origin + t;
  const j = v.rowAt(T);
  if (j < v.lo) return null;
  const style = v.style(j);
  if (style === 0 || !(v.end(j) > T)) return null;
  const info = tl.styles.styles[style]!;
  const out: SpanDetail = {
    track,
    startNs: v.start(j) - origin,
    endNs: v.end(j) - origin,
    style,
    state: info.state,
    reason: info.reason,
    goroutine: null,
    proc: null,
    thread: null,
    stack: [],
    endedBy: null,
    createdBy: null,
  };
  if (v instanceof SpanTrack) {
    out.label = info.label;
    if (track === 'stw') {
      const g = tl.ranges.stw.goroutine[j]!;
      if (g >= 0) out.goroutine = { id: g, name: name(g) };
    } else if (track === 'gc') out.stack = stackFrames(tl.store, tl.ranges.gc.stack[j]!);
    else if (track[0] === 'r') {
      const g = Number(track.slice(1));
      out.goroutine = { id: g, name: name(g) };
    } else if (track === 'tasks') out.label = `${info.label} (task ${v.arg(j)})`;
    return out;
  }
  const gsi = v.goroutineRow(j);
  const g = tl.goroutines;
  const k = groupOfRow(g, gsi);
  if (k < 0) return out;
  const goid = g.ids[k]!;
  out.goroutine = { id: goid, name: name(goid) };
  const begin = beginEvent(tl, g.ev[gsi]!, goid);
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
  if (track[0] === 'p') out.proc = Number(track.slice(1));
  if (track[0] === 'm') out.thread = Number(track.slice(1));
  // Who ended it: the next row's event, when another goroutine made it.
  const hi = g.offset[k]! + g.count[k]!;
  if (gsi + 1 < hi) {
    const a = eventAt(tl, g.ev[gsi + 1]!);
    const by = ctxG(tl.store, a.c, a.i);
    if (by >= 0 && by !== goid && isTransitionOf(tl, a, goid)) {
      out.endedBy = { goroutine: by, timeNs: a.c.timeAt(a.i) - origin, stack: stackFrames(tl.store, eventStack(a.c, a.i)) };
    }
  }
  // The creation: the first row of this life of the goroutine (after its last gap).
  let r = gsi;
  while (r > g.offset[k]! && g.style[r - 1] !== 0) r--;
  const a = eventAt(tl, g.ev[r]!);
  if (CREATE.has(a.c.typ[a.i]!) && a.c.arg(a.i, 0) === goid) {
    const by = ctxG(tl.store, a.c, a.i);
    out.createdBy = { goroutine: by, timeNs: a.c.timeAt(a.i) - origin, stack: stackFrames(tl.store, eventStack(a.c, a.i)) as Frame[] };
  }
  return out;
}
