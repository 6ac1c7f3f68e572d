// go tool trace's blocking profiles (-pprof=net|sync|syscall|sched, and the /io, /block,
// /syscall, /sched pages with ?name= or region filters) as gzipped profile.proto bytes.

import { EventStore } from '../parser/events.js';
import { GoroutineSummaries, summarizeGoroutines } from './goroutine-summary.js';
import { GoIntervals, Interval, RegionFilter, goroutineIntervals, regionIntervals } from './pprof-intervals.js';
import { ProfileRecord, pprofRecords } from './pprof-records.js';
import type { PprofKind } from '../api/profile-kinds.js';
import { buildProfile, encodeProfile } from './pprof-build.js';
import { isSampleKind } from './profile-analyses.js';
import { TraceSpan, traceSpan } from './trace-span.js';

export type { ProfileRecord } from './pprof-records.js';
export type { RegionFilter } from './pprof-intervals.js';

export interface PprofFilter {
  /**
   * Only goroutines with this start function (the /goroutine?name= group's profiles). Absent or
   * "" means every goroutine, which is what -pprof=TYPE uses (go tool trace cannot scope a
   * profile to the unnamed group: it reads the empty name as "all").
   */
  goroutineName?: string;
  /** Only time inside the outermost user regions matching this (the /userregion page's profiles). */
  region?: RegionFilter;
  /** Only time inside [start, end), ns since the trace's first event (-window=START,END, ?window=). */
  window?: Interval;
}

/** A filter's window in absolute times (null: none). */
export function absoluteWindow(filter: PprofFilter, span: TraceSpan): Interval | null {
  const w = filter.window;
  return w === undefined ? null : { start: span.startTime + w.start, end: span.startTime + w.end };
}

/**
 * The profile's records (unordered). Throws when goroutineName matches no goroutine. A region
 * filter takes precedence over goroutineName, as they are different go tool trace endpoints.
 */
export function pprofProfileRecords(
  store: EventStore,
  kind: PprofKind,
  filter: PprofFilter = {},
  summaries: GoroutineSummaries = summarizeGoroutines(store),
): ProfileRecord[] {
  const span = traceSpan(store);
  return pprofRecords(store, kind, pprofIntervals(store, filter, summaries, span, kind), span, absoluteWindow(filter, span));
}

/** The goroutine intervals a filtered profile looks at (pprofRecords' input). Throws as pprofProfileRecords. */
export function pprofIntervals(store: EventStore, filter: PprofFilter, summaries: GoroutineSummaries, span: TraceSpan, kind?: PprofKind): Map<number, Interval[]> | null {
  // A sampled profile of the whole trace counts every sample, those outside any goroutine too.
  if (kind !== undefined && isSampleKind(kind) && filter.region === undefined && (filter.goroutineName ?? '') === '') return null;
  return filter.region !== undefined
    ? regionIntervals(store, summaries, span, filter.region)
    : goroutineIntervals(summaries, span, filter.goroutineName ?? '');
}

/** The gzipped profile.proto go tool trace writes for -pprof=TYPE (or a group's / regions' profile). */
export function pprofProfile(store: EventStore, kind: PprofKind, filter: PprofFilter = {}, summaries?: GoroutineSummaries): Uint8Array {
  return encodeProfile(buildProfile(store, kind, pprofProfileRecords(store, kind, filter, summaries)));
}
