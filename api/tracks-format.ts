// The wire form of GET /api/timeline/tracks: TimelineTracks with its goroutines in columns (a
// trace can hold hundreds of thousands of them; an object each would make tens of megabytes of
// JSON), start functions and end states interned. Packer and unpacker in one place, for the
// server and the viewer alike (no Node APIs).

import { formatTrackId } from './track-kinds.js';
import type { TimelineTracks } from './types.js';

type Goroutine = TimelineTracks['goroutines'][number];

/** The goroutines of a listing in plain columns, as the track kinds fill them in (the server). */
export interface GoroutineColumns {
  id: number[];
  /** Index into names. */
  name: number[];
  names: string[];
  firstNs: number[];
  lastNs: number[];
  /** Index into endStates. */
  endState: number[];
  endStates: string[];
  /** 1: has user regions (an "r<id>" track). */
  regions: number[];
}

/** The listing while it is made: TimelineTracks with its goroutines in columns. */
export interface TrackListing extends Omit<TimelineTracks, 'goroutines'> {
  goroutines: GoroutineColumns;
}

/**
 * The goroutines on the wire: the columns with the numbers that grow from one goroutine to the
 * next sent as differences (ids and first times, in order of first appearance, mostly grow by
 * little; a last time is sent as the goroutine's lifetime), and the goroutines with regions as
 * a list of positions. This halves the 1 GB trace's listing (25 to 12 MB), and with it the
 * server's serializing and the browser's reading of it. Numbers that are not all integers of at
 * most 2^52 (never in a Go trace) go as they are: a difference or a sum past 2^53 need not be
 * exact.
 */
export interface GoroutineWire {
  /** Whether id, firstNs and lifeNs are differences (else: ids, first times, last times). */
  delta: boolean;
  id: number[];
  name: number[];
  names: string[];
  firstNs: number[];
  lifeNs: number[];
  endState: number[];
  endStates: string[];
  /** Positions (in the columns) of the goroutines that have user regions. */
  regions: number[];
}

export interface TimelineTracksWire extends Omit<TimelineTracks, 'goroutines'> {
  goroutines: GoroutineWire;
}

/** Interns strings: each distinct string's index in `list`, in order of first use. */
export function interner(): { list: string[]; index(s: string): number } {
  const at = new Map<string, number>();
  const list: string[] = [];
  return {
    list,
    index(s: string): number {
      let k = at.get(s);
      if (k === undefined) {
        k = list.length;
        list.push(s);
        at.set(s, k);
      }
      return k;
    },
  };
}

/** An integer whose differences with its like, and their sums, are exact doubles (|v| <= 2^52). */
function small(v: number): boolean {
  return Number.isInteger(v) && Math.abs(v) <= 2 ** 52;
}

/** The listing's wire form. */
export function encodeListing(l: TrackListing): TimelineTracksWire {
  const c = l.goroutines;
  const n = c.id.length;
  let delta = true;
  for (let k = 0; k < n && delta; k++) delta = small(c.id[k]!) && small(c.firstNs[k]!) && small(c.lastNs[k]!);
  const id = new Array<number>(n);
  const first = new Array<number>(n);
  const life = new Array<number>(n);
  const regions: number[] = [];
  for (let k = 0; k < n; k++) {
    id[k] = delta && k > 0 ? c.id[k]! - c.id[k - 1]! : c.id[k]!;
    first[k] = delta && k > 0 ? c.firstNs[k]! - c.firstNs[k - 1]! : c.firstNs[k]!;
    life[k] = delta ? c.lastNs[k]! - c.firstNs[k]! : c.lastNs[k]!;
    if (c.regions[k] === 1) regions.push(k);
  }
  const goroutines: GoroutineWire = { delta, id, name: c.name, names: c.names, firstNs: first, lifeNs: life, endState: c.endState, endStates: c.endStates, regions };
  return { ...l, goroutines };
}

/** A listing of goroutine objects in wire form (tests; the server fills columns itself). */
export function packTracks(t: TimelineTracks): TimelineTracksWire {
  const names = interner();
  const states = interner();
  const gs = t.goroutines;
  const cols: GoroutineColumns = {
    id: gs.map((g) => g.id),
    name: gs.map((g) => names.index(g.name)),
    names: names.list,
    firstNs: gs.map((g) => g.firstNs),
    lastNs: gs.map((g) => g.lastNs),
    endState: gs.map((g) => states.index(g.endState)),
    endStates: states.list,
    regions: gs.map((g) => (g.regions ? 1 : 0)),
  };
  return encodeListing({ ...t, goroutines: cols });
}

/** Throws on a wire form whose columns disagree in length or name a goroutine that is not there. */
export function unpackTracks(w: TimelineTracksWire): TimelineTracks {
  const c = w.goroutines;
  const n = c.id.length;
  for (const col of [c.name, c.firstNs, c.lifeNs, c.endState]) {
    if (col.length !== n) throw new Error('timeline tracks: goroutine columns differ in length');
  }
  const goroutines: Goroutine[] = new Array<Goroutine>(n);
  let id = 0;
  let first = 0;
  for (let k = 0; k < n; k++) {
    id = c.delta && k > 0 ? id + c.id[k]! : c.id[k]!;
    first = c.delta && k > 0 ? first + c.firstNs[k]! : c.firstNs[k]!;
    goroutines[k] = {
      id,
      track: formatTrackId({ kind: 'goroutine', num: id }),
      name: c.names[c.name[k]!] ?? '',
      firstNs: first,
      lastNs: c.delta ? first + c.lifeNs[k]! : c.lifeNs[k]!,
      endState: c.endStates[c.endState[k]!] ?? 'unknown',
      regions: false,
    };
  }
  for (const k of c.regions) {
    const g = goroutines[k];
    if (g === undefined) throw new Error(`timeline tracks: no goroutine at position ${k}`);
    g.regions = true;
  }
  return { ...w, goroutines };
}
