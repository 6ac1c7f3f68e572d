// The track list of the timeline (GET /api/timeline/tracks): P, thread and goroutine tracks,
// the GC and stop-the-world tracks, the style legend and the counters.

import type { TimelineTracks } from '../../api/types.js';
import type { Timeline } from './build.js';
import { COUNTER_SERIES } from './counters-query.js';

export interface TrackOptions {
  /** A goroutine's start function (the server has summarizeGoroutines' names); "" if unknown. */
  name?: (id: number) => string;
  /** Whether a goroutine has user regions (an "r<id>" track); default: whether addRegionTracks gave it one. */
  hasRegions?: (id: number) => boolean;
}

/** Every track the timeline can draw, with the style legend (index = style code) and the counter series. */
export function timelineTracks(tl: Timeline, opts: TrackOptions = {}): TimelineTracks {
  const origin = tl.firstTime;
  const times = tl.times;
  const g = tl.goroutines;
  const goroutines: TimelineTracks['goroutines'] = [];
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
    if (last >= first && g.style[last] !== 0 && g.ev[hi - 1] === lastEv) {
      endState = tl.styles.styles[g.style[last]!]!.state;
    }
    goroutines.push({
      id,
      track: `g${id}`,
      name: opts.name?.(id) ?? '',
      firstNs: first < hi ? times.time(g.ev[first]!) - origin : 0,
      lastNs: times.time(g.ev[hi - 1]!) - origin,
      endState,
      regions: opts.hasRegions?.(id) ?? tl.regionTracks.has(id),
    });
  }
  const other: TimelineTracks['other'] = [];
  if (tl.ranges.gc.start.length > 0) other.push({ track: 'gc', label: 'GC' });
  if (tl.ranges.stw.start.length > 0) other.push({ track: 'stw', label: 'Stop-the-world' });
  if (tl.taskTrack !== null && tl.taskTrack.start.length > 0) other.push({ track: 'tasks', label: 'User tasks' });
  return {
    durationNs: tl.lastTime - tl.firstTime,
    procs: Array.from(tl.procs.ids, (id) => ({ id, track: `p${id}` })),
    threads: Array.from(tl.threads.ids, (id) => ({ id, track: `m${id}` })),
    goroutines,
    other,
    styles: tl.styles.styles.map((s) => ({ code: s.code, state: s.state, reason: s.reason, label: s.label })),
    counters: COUNTER_SERIES.map((c) => ({ name: c.name, unit: c.unit })),
  };
}
