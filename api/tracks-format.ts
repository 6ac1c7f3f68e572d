// The wire form of GET /api/timeline/tracks: TimelineTracks with its goroutines in columns (a
// trace can hold hundreds of thousands of them; an object each would make tens of megabytes of
// JSON), start functions and end states interned. Packer and unpacker in one place, for the
// server and the viewer alike (no Node APIs).

import { formatTrackId } from './track-kinds.js';
import type { TimelineTracks } from './types.js';

type Goroutine = TimelineTracks['goroutines'][number];

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

export interface TimelineTracksWire extends Omit<TimelineTracks, 'goroutines'> {
  goroutines: GoroutineColumns;
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
  return { ...t, goroutines: cols };
}

/** Throws on a wire form whose columns disagree in length. */
export function unpackTracks(w: TimelineTracksWire): TimelineTracks {
  const c = w.goroutines;
  const n = c.id.length;
  for (const col of [c.name, c.firstNs, c.lastNs, c.endState, c.regions]) {
    if (col.length !== n) throw new Error('timeline tracks: goroutine columns differ in length');
  }
  const goroutines: Goroutine[] = new Array<Goroutine>(n);
  for (let k = 0; k < n; k++) {
    const id = c.id[k]!;
    goroutines[k] = {
      id,
      track: formatTrackId({ kind: 'goroutine', num: id }),
      name: c.names[c.name[k]!] ?? '',
      firstNs: c.firstNs[k]!,
      lastNs: c.lastNs[k]!,
      endState: c.endStates[c.endState[k]!] ?? 'unknown',
      regions: c.regions[k] === 1,
    };
  }
  return { ...w, goroutines };
}
