// The timeline's rows: sections (counters, GC/STW/tasks, procs, threads, goroutines), goroutine
// groups by start function (collapsible), one row per goroutine and per region track. Rows carry
// their y offset, so the visible slice is a binary search away (thousands of rows, virtualized).
import type { TimelineTracks } from '../../../api/types.js';
import { formatTrackId } from '../../../api/track-kinds.js';

export type RowKind = 'section' | 'group' | 'track' | 'counter';

export interface Row {
  kind: RowKind;
  key: string;
  label: string;
  y: number;
  height: number;
  depth: number;
  /** Track id for /api/timeline (track rows). */
  track?: string;
  /** Counter unit (counter rows). */
  unit?: string;
  goroutine?: number;
  /** The goroutine's start function (goroutine rows): the group its label links to. */
  group?: string;
  collapsed?: boolean;
  count?: number;
  title?: string;
}

export const ROW_H = { section: 22, group: 20, goroutine: 16, region: 10, proc: 22, other: 18, counter: 44 } as const;

export interface LayoutOptions {
  collapsed: Set<string>;
  filter: string;
  /** Sections shown: 'counters' | 'other' | 'procs' | 'threads' | 'goroutines'. */
}

const STATES = new Set(['running', 'runnable', 'waiting', 'syscall', 'exited', 'alive']);

export interface GoroutineFilter {
  (g: TimelineTracks['goroutines'][number]): boolean;
}

/** Filter by function name (substring), id ("123" or "g123" or "#123") or end state. */
export function makeFilter(text: string): GoroutineFilter | null {
  const terms = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return null;
  return (g) =>
    terms.every((t) => {
      const id = /^[#g]?(\d+)$/.exec(t);
      if (id) return g.id === Number(id[1]);
      if (STATES.has(t)) return t === 'alive' ? g.endState !== 'exited' : g.endState === t;
      return g.name.toLowerCase().includes(t);
    });
}

export interface Groups {
  names: string[];
  members: Map<string, TimelineTracks['goroutines']>;
}

export function groupGoroutines(tracks: TimelineTracks): Groups {
  const members = new Map<string, TimelineTracks['goroutines']>();
  for (const g of tracks.goroutines) {
    let a = members.get(g.name);
    if (!a) members.set(g.name, (a = []));
    a.push(g);
  }
  for (const a of members.values()) a.sort((x, y) => x.id - y.id);
  const names = [...members.keys()].sort((a, b) => members.get(b)!.length - members.get(a)!.length || a.localeCompare(b));
  return { names, members };
}

export function buildRows(tracks: TimelineTracks, groups: Groups, opts: LayoutOptions): { rows: Row[]; height: number } {
  const rows: Row[] = [];
  let y = 0;
  const push = (r: Omit<Row, 'y'>) => {
    rows.push({ ...r, y });
    y += r.height;
  };
  const section = (key: string, label: string, count: number): boolean => {
    const collapsed = opts.collapsed.has(key);
    push({ kind: 'section', key, label, height: ROW_H.section, depth: 0, collapsed, count });
    return !collapsed;
  };

  const units: string[] = [];
  for (const c of tracks.counters) if (!units.includes(c.unit)) units.push(c.unit);
  if (units.length && section('sec:counters', 'Counters', units.length)) {
    for (const u of units) {
      const names = tracks.counters.filter((c) => c.unit === u).map((c) => c.name);
      push({ kind: 'counter', key: 'ctr:' + u, label: u, unit: u, height: ROW_H.counter, depth: 1, title: names.join(', ') });
    }
  }
  if (tracks.other.length && section('sec:other', 'GC · STW · tasks', tracks.other.length)) {
    for (const o of tracks.other) push({ kind: 'track', key: o.track, label: o.label, track: o.track, height: ROW_H.other, depth: 1 });
  }
  if (tracks.procs.length && section('sec:procs', 'Procs', tracks.procs.length)) {
    for (const p of tracks.procs) push({ kind: 'track', key: p.track, label: `Proc ${p.id}`, track: p.track, height: ROW_H.proc, depth: 1 });
  }
  if (tracks.threads.length && section('sec:threads', 'Threads', tracks.threads.length)) {
    for (const m of tracks.threads) push({ kind: 'track', key: m.track, label: `Thread ${m.id}`, track: m.track, height: ROW_H.other, depth: 1 });
  }
  const filter = makeFilter(opts.filter);
  let shown = 0;
  const perGroup: [string, TimelineTracks['goroutines']][] = [];
  for (const name of groups.names) {
    const all = groups.members.get(name)!;
    const m = filter ? all.filter(filter) : all;
    if (m.length) {
      perGroup.push([name, m]);
      shown += m.length;
    }
  }
  if (section('sec:goroutines', filter ? `Goroutines (${shown} of ${tracks.goroutines.length} match)` : 'Goroutines', shown)) {
    for (const [name, m] of perGroup) {
      const key = 'grp:' + name;
      const collapsed = opts.collapsed.has(key);
      push({ kind: 'group', key, label: name || '(no start function)', height: ROW_H.group, depth: 1, collapsed, count: m.length });
      if (collapsed) continue;
      for (const g of m) {
        push({ kind: 'track', key: g.track, label: `G${g.id}`, track: g.track, goroutine: g.id, group: name, height: ROW_H.goroutine, depth: 2, title: `${name} · ends ${g.endState}` });
        if (g.regions) {
          const track = formatTrackId({ kind: 'region', num: g.id });
          push({ kind: 'track', key: track, label: 'regions', track, goroutine: g.id, height: ROW_H.region, depth: 3 });
        }
      }
    }
  }
  return { rows, height: y };
}

/** Index of the row containing y (rows sorted by y), -1 if none. */
export function rowAt(rows: Row[], y: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid]!;
    if (y < r.y) hi = mid - 1;
    else if (y >= r.y + r.height) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Rows intersecting [y0, y1). */
export function visibleRows(rows: Row[], y0: number, y1: number): Row[] {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.y + rows[mid]!.height <= y0) lo = mid + 1;
    else hi = mid;
  }
  const out: Row[] = [];
  for (let i = lo; i < rows.length && rows[i]!.y < y1; i++) out.push(rows[i]!);
  return out;
}
