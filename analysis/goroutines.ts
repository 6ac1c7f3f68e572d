// go tool trace's goroutine analysis pages: /goroutines (goroutines grouped by start function,
// with count and total execution time) and /goroutine?name= (one group: per-goroutine time
// breakdown and special ranges), as data and as JSON with integer nanoseconds.

import { EventStore } from '../parser/events.js';
import { GoroutineSummaries, GoroutineSummary, forEachBrief, summarizeGoroutines } from './goroutine-summary.js';
import { goFixed } from './go-fixed.js';

/** What /goroutines shows the empty name as (goroutines without a start stack). */
export const INACTIVE_GROUP_TITLE = '(Inactive, no stack trace sampled)';

export interface GoroutineGroup {
  /** Start function ("" for goroutines without a stack). */
  name: string;
  count: number;
  /** Total execution time of the group's goroutines (ns). */
  execTime: number;
}

/** The /goroutines table: groups by name, largest total execution time first (ties by name). */
export function goroutineGroups(summaries: GoroutineSummaries): GoroutineGroup[] {
  const byName = new Map<string, GoroutineGroup>();
  forEachBrief(summaries, (g) => {
    let grp = byName.get(g.name);
    if (grp === undefined) byName.set(g.name, (grp = { name: g.name, count: 0, execTime: 0 }));
    grp.count++;
    grp.execTime += g.execTime;
  });
  return [...byName.values()].sort((a, b) => b.execTime - a.execTime || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface GoroutineRow {
  summary: GoroutineSummary;
  /** Breakdown columns (non-overlapping stats) by column name. */
  columns: Map<string, number>;
  /** True when the goroutine spent time in any special range (only those rows show in the ranges table). */
  hasRangeTime: boolean;
}

export interface GoroutineGroupPage {
  name: string;
  count: number;
  /** Share of the whole program's execution time, as the page prints it ("78.50%"; "" if no execution at all). */
  execTimePercent: string;
  /** Largest total time in the group (ns), the scale of the page's bars. */
  maxTotal: number;
  /** Rows sorted by the sort column, descending (ties by id). */
  goroutines: GoroutineRow[];
  /** Breakdown column names: "Execution time" first, then sorted. */
  columns: string[];
  /** Special-range column names, sorted. */
  rangeColumns: string[];
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The /goroutine?name= page of one group. sortBy is a breakdown column name; any other value
 * (or none) sorts by total time, as the page does.
 */
export function goroutineGroupPage(summaries: GoroutineSummaries, name: string, sortBy?: string): GoroutineGroupPage {
  let totalExec = 0;
  const ids: number[] = [];
  forEachBrief(summaries, (g) => {
    totalExec += g.execTime;
    if (g.name === name) ids.push(g.id);
  });
  const members = ids.map((id) => summaries.goroutines.get(id)!);
  return groupPage(name, members, totalExec, sortBy);
}

/** Builds a group's page from its goroutines and the whole program's execution time. */
function groupPage(name: string, members: GoroutineSummary[], totalExec: number, sortBy?: string): GoroutineGroupPage {
  const rows: GoroutineRow[] = [];
  const columnSet = new Set<string>();
  const rangeSet = new Set<string>();
  let groupExec = 0;
  let maxTotal = 0;
  for (const g of members) {
    const columns = g.stats.nonOverlappingStats();
    for (const k of columns.keys()) columnSet.add(k);
    let rangeTotal = 0;
    for (const [k, dt] of g.stats.rangeTime) {
      rangeSet.add(k);
      rangeTotal += dt;
    }
    rows.push({ summary: g, columns, hasRangeTime: rangeTotal !== 0 });
    groupExec += g.stats.execTime;
    if (maxTotal < g.stats.totalTime) maxTotal = g.stats.totalTime;
  }
  const key =
    sortBy !== undefined && columnSet.has(sortBy)
      ? (r: GoroutineRow) => r.columns.get(sortBy) ?? 0
      : (r: GoroutineRow) => r.summary.stats.totalTime;
  rows.sort((a, b) => key(b) - key(a) || a.summary.id - b.summary.id);
  const columns = [...columnSet].sort((a, b) => {
    if (a === b) return 0;
    if (a === 'Execution time') return -1;
    if (b === 'Execution time') return 1;
    return compareStrings(a, b);
  });
  return {
    name,
    count: rows.length,
    execTimePercent: totalExec > 0 ? goFixed((groupExec / totalExec) * 100, 2) + '%' : '',
    maxTotal,
    goroutines: rows,
    columns,
    rangeColumns: [...rangeSet].sort(compareStrings),
  };
}

export interface GoroutinesJson {
  groups: {
    name: string;
    count: number;
    execTimeNs: number;
    execTimePercent: string;
    goroutines: {
      id: number;
      totalNs: number;
      /** Every breakdown column the page has a value for (zeros included). */
      columns: Record<string, number>;
      /** Time in each special range the goroutine entered (zeros included). */
      ranges: Record<string, number>;
    }[];
  }[];
}

/** The goroutine analysis of a trace as JSON: every group of /goroutines with its /goroutine?name= page. */
export function goroutinesJson(store: EventStore, summaries: GoroutineSummaries = summarizeGoroutines(store)): GoroutinesJson {
  let totalExec = 0;
  const byName = new Map<string, GoroutineSummary[]>();
  for (const g of summaries.goroutines.values()) {
    totalExec += g.stats.execTime;
    let list = byName.get(g.name);
    if (list === undefined) byName.set(g.name, (list = []));
    list.push(g);
  }
  return {
    groups: goroutineGroups(summaries).map((grp) => {
      const page = groupPage(grp.name, byName.get(grp.name)!, totalExec);
      return {
        name: grp.name,
        count: grp.count,
        execTimeNs: grp.execTime,
        execTimePercent: page.execTimePercent,
        goroutines: page.goroutines.map((r) => ({
          id: r.summary.id,
          totalNs: r.summary.stats.totalTime,
          columns: Object.fromEntries(r.columns),
          ranges: r.summary.stats.rangeTime.toObject(),
        })),
      };
    }),
  };
}
