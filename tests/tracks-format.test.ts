// The track listing's wire form (api/tracks-format.ts): ids and times sent as differences (when
// all are integers of at most 2^52), the goroutines with regions as positions. Whatever the
// listing, unpacking the wire form (after a JSON round trip, as the viewer gets it) gives back
// exactly the goroutines packed.

import { describe, it, expect } from 'vitest';
import { packTracks, unpackTracks } from '../api/tracks-format.js';
import { formatTrackId } from '../api/track-kinds.js';
import type { TimelineTracks } from '../api/types.js';

type Goroutine = TimelineTracks['goroutines'][number];

function listing(goroutines: Omit<Goroutine, 'track'>[]): TimelineTracks {
  return {
    durationNs: 1e9,
    procs: [{ id: 0, track: 'p0' }],
    threads: [],
    goroutines: goroutines.map((g) => ({ ...g, track: formatTrackId({ kind: 'goroutine', num: g.id }) })),
    other: [],
    styles: [],
    counters: [],
  };
}

const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('track listing wire form', () => {
  it('integer times go as differences and come back exactly, ids out of order included', () => {
    const t = listing([
      { id: 7, name: 'main.main', firstNs: 0, lastNs: 1e9, endState: 'running', regions: false },
      { id: 3, name: 'main.worker', firstNs: 125, lastNs: 2 ** 52, endState: 'exited', regions: true },
      { id: 2 ** 40, name: 'main.worker', firstNs: 120, lastNs: 130, endState: 'waiting', regions: false },
      { id: 8, name: '', firstNs: 5000, lastNs: 5000, endState: 'exited', regions: true },
    ]);
    const wire = viaJson(packTracks(t));
    expect(wire.goroutines.delta).toBe(true);
    expect(wire.goroutines.id).toEqual([7, -4, 2 ** 40 - 3, 8 - 2 ** 40]);
    expect(wire.goroutines.regions).toEqual([1, 3]);
    expect(unpackTracks(wire)).toEqual(t);
  });

  it('ids or times past 2^52 go as they are (their differences need not be exact)', () => {
    const t = listing([
      { id: 2 ** 53 - 1, name: 'a', firstNs: 0, lastNs: 10, endState: 'exited', regions: false },
      { id: 1, name: 'b', firstNs: 5, lastNs: 2 ** 53 - 1, endState: 'running', regions: false },
    ]);
    const wire = viaJson(packTracks(t));
    expect(wire.goroutines.delta).toBe(false);
    expect(wire.goroutines.id).toEqual([2 ** 53 - 1, 1]);
    expect(unpackTracks(wire)).toEqual(t);
  });

  it('times that are not all integers go as they are', () => {
    const t = listing([
      { id: 1, name: 'a', firstNs: 0.1, lastNs: 0.30000000000000004, endState: 'exited', regions: false },
      { id: 2, name: 'b', firstNs: 0.7, lastNs: 1e9, endState: 'running', regions: true },
    ]);
    const wire = viaJson(packTracks(t));
    expect(wire.goroutines.delta).toBe(false);
    expect(wire.goroutines.firstNs).toEqual([0.1, 0.7]);
    expect(unpackTracks(wire)).toEqual(t);
  });

  it('an empty listing, and wire forms that do not hold together, which throw', () => {
    expect(unpackTracks(viaJson(packTracks(listing([])))).goroutines).toEqual([]);
    const two = listing([
      { id: 1, name: 'a', firstNs: 1, lastNs: 2, endState: 'exited', regions: false },
      { id: 2, name: 'a', firstNs: 3, lastNs: 4, endState: 'exited', regions: false },
    ]);
    const short = viaJson(packTracks(two));
    short.goroutines.firstNs.pop();
    expect(() => unpackTracks(short)).toThrow(/differ in length/);
    const stray = viaJson(packTracks(two));
    stray.goroutines.regions.push(2);
    expect(() => unpackTracks(stray)).toThrow(/no goroutine at position 2/);
  });
});
