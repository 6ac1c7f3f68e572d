// go tool trace's /userregions (regions grouped by type and the OUTERMOST frame of their start
// stack, as go tool trace does although it calls it the top frame: count and duration histogram)
// and /userregion?type=&pc= (each matching region's time breakdown). Built on the goroutine
// summaries, which already hold every region's stats.

import { EventStore } from '../parser/events.js';
import { GoroutineSummaries, RegionBrief, RegionSummary, regionBriefs, summarizeGoroutines, withRegions } from './goroutine-summary.js';
import { RegionFilter, regionInterval } from './pprof-intervals.js';
import { Histogram, TimeHistogram } from './task-histogram.js';
import { TraceSpan, traceSpan } from './trace-span.js';
import { compareGoStrings } from './tasks.js';

/** The frame a region is grouped by (all zero/empty for a region without a start stack). */
export interface RegionFrame {
  pc: number;
  func: string;
  file: string;
  line: number;
}

/** One row of /userregions. */
export interface RegionTypeRow extends RegionFrame {
  type: string;
  count: number;
  histogram: Histogram | null;
}

/** One region of a /userregion page. */
export interface RegionRow {
  goroutine: number;
  region: RegionSummary;
  /** Duration from its start (or the trace start) to its end (or the trace end). */
  duration: number;
  /** The breakdown columns (Execution time, Block time (…), …, Unknown time). */
  stats: Map<string, number>;
}

export interface RegionPage {
  /** Sorted by total time, descending (or by the sortBy column); ties as found (Go's are random). */
  regions: RegionRow[];
  /** Breakdown columns: "Execution time" first, then by name. */
  columns: string[];
  /** Special-range names (e.g. GC assists), sorted. */
  rangeColumns: string[];
}

const NO_FRAME: RegionFrame = { pc: 0, func: '', file: '', line: 0 };

/** The outermost frame of the region's start stack. */
export function regionFrame(store: EventStore, r: RegionBrief): RegionFrame {
  if (r.start === null || r.start.stack === 0) return NO_FRAME;
  const end = store.stackEnd[r.start.stack]!;
  if (end <= store.stackStart[r.start.stack]!) return NO_FRAME;
  const f = store.stackFrameIds[end - 1]!;
  return { pc: store.framePc[f]!, func: store.strings[store.frameFunc[f]!]!, file: store.strings[store.frameFile[f]!]!, line: store.frameLine[f]! };
}

/** The /userregions table, sorted by type then PC. */
export function userRegions(store: EventStore, summaries: GoroutineSummaries = summarizeGoroutines(store), span: TraceSpan = traceSpan(store)): RegionTypeRow[] {
  const rows = new Map<string, { row: RegionTypeRow; h: TimeHistogram }>();
  for (const g of regionBriefs(summaries)) {
    for (const r of g.regions) {
      const f = regionFrame(store, r);
      const key = `${f.pc}\0${f.func}\0${f.file}\0${f.line}\0${r.name}`;
      let e = rows.get(key);
      if (e === undefined) rows.set(key, (e = { row: { type: r.name, ...f, count: 0, histogram: null }, h: new TimeHistogram() }));
      const i = regionInterval(span, r);
      e.h.add(i.end - i.start);
    }
  }
  const out = [...rows.values()].map(({ row, h }) => ({ ...row, count: h.count, histogram: h.result() }));
  return out.sort((a, b) => compareGoStrings(a.type, b.type) || a.pc - b.pc);
}

/** A /userregion page: the regions matching the filter, with their breakdowns. */
export function userRegionPage(
  store: EventStore,
  filter: RegionFilter,
  sortBy = '',
  summaries: GoroutineSummaries = summarizeGoroutines(store),
  span: TraceSpan = traceSpan(store),
): RegionPage {
  const regions: RegionRow[] = [];
  const columns = new Set<string>();
  const rangeColumns = new Set<string>();
  for (const g of withRegions(summaries)) {
    for (const r of g.regions) {
      if (filter.type !== undefined && r.name !== filter.type) continue;
      if (filter.pc !== undefined && regionFrame(store, r).pc !== filter.pc) continue;
      const i = regionInterval(span, r);
      const d = i.end - i.start;
      if (filter.latMin !== undefined && d < filter.latMin) continue;
      if (filter.latMax !== undefined && d > filter.latMax) continue;
      const stats = r.stats.nonOverlappingStats();
      for (const k of stats.keys()) columns.add(k);
      for (const k of r.stats.rangeTime.keys()) rangeColumns.add(k);
      regions.push({ goroutine: g.id, region: r, duration: d, stats });
    }
  }
  if (columns.has(sortBy)) regions.sort((a, b) => (b.stats.get(sortBy) ?? 0) - (a.stats.get(sortBy) ?? 0));
  else regions.sort((a, b) => b.region.stats.totalTime - a.region.stats.totalTime);
  const cols = [...columns].sort((a, b) => (a === b ? 0 : a === 'Execution time' ? -1 : b === 'Execution time' ? 1 : compareGoStrings(a, b)));
  return { regions, columns: cols, rangeColumns: [...rangeColumns].sort(compareGoStrings) };
}
