// The intervals a blocking profile is made of (go tool trace's makeComputePprofFunc): a
// goroutine entering the tracked state starts one, leaving it ends it; the interval's
// overlap with the counted goroutine intervals is charged to the stack of the event that
// started it (forEachInterval, which the empty-stack origins walk too). Stacks with the same
// PCs (the first 128, zero-padded) share one record.

import { Chunk, EventStore, Kind, TYPE_KIND } from '../parser/events.js';
import { Resource, Transition, eventStack, newTransition, readTransition } from '../parser/event-details.js';
import { GoIntervals, Interval, overlapping } from './pprof-intervals.js';
import { TraceSpan } from './trace-span.js';
import { IdNumbers } from '../parser/id-table.js';
import { StacksByPcs } from './stacks-by-pcs.js';
import { blockingAnalysis, isSampleKind, sampleAnalysis } from './profile-analyses.js';
import { sampleRecords } from './cpu-samples.js';
import type { PprofKind } from '../api/profile-kinds.js';
import { PPROF_MAX_STACK, type ProfileRecord } from './profile-record.js';

export { PPROF_MAX_STACK, type ProfileRecord } from './profile-record.js';


/** Where a goroutine's interval began: chunk k, index i packed as k * 2^32 + i (one number per goroutine). */
const LOC_CHUNK = 4294967296;

/**
 * Visits every interval a blocking profile counts, as go tool trace's makeComputePprofFunc
 * finds them: id is the goroutine, (c, i) the event that started it, d the part of it the
 * profile charges (inside intervals and the window; always > 0). onTransition, if
 * given, sees every goroutine transition first (in trace order).
 */
export function forEachInterval(
  store: EventStore,
  kind: PprofKind,
  intervals: GoIntervals,
  span: TraceSpan,
  window: Interval | null,
  visit: (id: number, c: Chunk, i: number, d: number) => void,
  onTransition?: (t: Transition, c: Chunk, i: number) => void,
): void {
  const { state, reason } = blockingAnalysis(kind);
  const strings = store.strings;
  // Per reason string id: 1 tracked, 2 not tracked, 0 not decided yet.
  const reasonOk = new Uint8Array(strings.length);
  // Per goroutine being tracked: when its interval began (-1: not tracked) and where its event is.
  const startTime = new IdNumbers();
  const startLoc = new IdNumbers();
  const t = newTransition();
  const chunks = store.chunks;
  for (let k = 0; k <= span.endChunk; k++) {
    const c = chunks[k]!;
    const n = k === span.endChunk ? span.endIndex + 1 : c.n;
    for (let i = 0; i < n; i++) {
      if (TYPE_KIND[c.typ[i]!] !== Kind.StateTransition) continue;
      readTransition(store, c, i, t);
      if (t.resource !== Resource.Goroutine) continue;
      if (onTransition !== undefined) onTransition(t, c, i);
      const id = t.id;
      const began = startTime.get(id);
      if (began === -1) {
        if (t.to !== state) continue;
        let ok = reasonOk[t.reason]!;
        if (ok === 0) reasonOk[t.reason] = ok = reason(strings[t.reason]!) ? 1 : 2;
        if (ok === 1) {
          startTime.set(id, c.timeAt(i));
          startLoc.set(id, k * LOC_CHUNK + i);
        }
        continue;
      }
      // Still (or again) in the state: the interval goes on.
      if (t.to === state) continue;
      startTime.set(id, -1);
      let from = began;
      let to = c.timeAt(i);
      if (window !== null) {
        if (from < window.start) from = window.start;
        if (to > window.end) to = window.end;
        if (to <= from) continue;
      }
      const d = overlapping(intervals, id, from, to);
      if (d > 0) {
        const loc = startLoc.get(id);
        const sk = Math.floor(loc / LOC_CHUNK);
        visit(id, chunks[sk]!, loc - sk * LOC_CHUNK, d);
      }
    }
  }
}

/**
 * The profile's records over the span's events, counting only the parts inside intervals and,
 * given a window (absolute times, -window=START,END), only the parts inside [start, end).
 */
export function pprofRecords(store: EventStore, kind: PprofKind, intervals: GoIntervals, span: TraceSpan, window: Interval | null = null): ProfileRecord[] {
  if (isSampleKind(kind)) return sampleRecords(store, intervals, span, sampleAnalysis(kind).periodNs, window);
  const stacks = new StacksByPcs<ProfileRecord>(PPROF_MAX_STACK, (stack) => ({ stack, count: 0, time: 0 }));
  forEachInterval(store, kind, intervals, span, window, (_id, c, i, d) => {
    const stack = eventStack(c, i);
    const rec = stacks.get(store, stack);
    rec.stack = stack; // like go tool trace, keep the stack seen last
    rec.count++;
    rec.time += d;
  });
  return stacks.records();
}
