// The analysis of every kind of timeline track, by the kind's name in api/track-kinds.ts's table
// (a kind missing here fails to compile), and trackView: the view of a track id, through the
// model's cache. A new kind: its entry in the api table, its TrackSource (track-source.ts) in a
// module of its own, and one line here.

import { type TrackKind, parseTrackId } from '../../api/track-kinds.js';
import { gcTracks, stwTracks } from './gc-tracks.js';
import { goroutineTracks } from './goroutine-tracks.js';
import type { TimelineRows } from './model.js';
import { procTracks, threadTracks } from './proc-tracks.js';
import { userRegionTracks, userTaskTracks } from './region-tracks.js';
import type { TrackSource } from './track-source.js';
import type { TrackView } from './track-view.js';

export const TRACK_SOURCES: { readonly [K in TrackKind]: TrackSource } = {
  proc: procTracks,
  thread: threadTracks,
  goroutine: goroutineTracks,
  region: userRegionTracks,
  gc: gcTracks,
  stw: stwTracks,
  tasks: userTaskTracks,
};

/** The analysis of a track id's kind and the id's number, or null for an id of no kind. */
export function trackSource(id: string): { source: TrackSource; num: number | undefined } | null {
  const t = parseTrackId(id);
  return t === null ? null : { source: TRACK_SOURCES[t.kind], num: t.num };
}

/** The track with that id, or null if the trace has none. */
export function trackView(tl: TimelineRows, id: string): TrackView | null {
  const cached = tl.views.get(id);
  if (cached !== undefined) return cached;
  const s = trackSource(id);
  const v = s === null ? null : s.source.view(tl, id, s.num);
  if (v !== null) {
    if (tl.views.size > 4096) tl.views.clear();
    tl.views.set(id, v);
  }
  return v;
}
