// The track list of the timeline (GET /api/timeline/tracks): every kind's tracks (P, thread and
// goroutine tracks, the GC, stop-the-world and user-task tracks, the goroutines' region tracks),
// each listed by its kind (track-kinds.ts) in the table's order, the style legend and the counters.

import type { TimelineTracks } from '../../api/types.js';
import { type TimelineTracksWire, type TrackListing, encodeListing, unpackTracks } from '../../api/tracks-format.js';
import { TRACK_KINDS } from '../../api/track-kinds.js';
import { COUNTER_SERIES } from './counters-query.js';
import type { TimelineRows } from './model.js';
import { TRACK_SOURCES } from './track-kinds.js';
import type { TrackOptions } from './track-source.js';

export type { TrackOptions } from './track-source.js';

/**
 * Every track the timeline can draw, with the style legend (index = style code) and the counter
 * series, in the wire form GET /api/timeline/tracks sends (goroutines in columns: tracks-format.ts).
 * Made from the rows: the counters are not listed by the timeline but by name (COUNTER_SERIES).
 */
export function timelineTracksWire(tl: TimelineRows, opts: TrackOptions = {}): TimelineTracksWire {
  const out: TrackListing = {
    durationNs: tl.lastTime - tl.firstTime,
    procs: [],
    threads: [],
    goroutines: { id: [], name: [], names: [], firstNs: [], lastNs: [], endState: [], endStates: [], regions: [] },
    other: [],
    styles: [],
    counters: COUNTER_SERIES.map((c) => ({ name: c.name, unit: c.unit })),
  };
  for (const k of TRACK_KINDS) TRACK_SOURCES[k.name].list(tl, out, opts);
  out.styles = tl.styles.styles.map((s) => ({ code: s.code, state: s.state, reason: s.reason, label: s.label }));
  return encodeListing(out);
}

/** The same listing with an object per goroutine (as the viewer unpacks it). */
export function timelineTracks(tl: TimelineRows, opts: TrackOptions = {}): TimelineTracks {
  return unpackTracks(timelineTracksWire(tl, opts));
}
