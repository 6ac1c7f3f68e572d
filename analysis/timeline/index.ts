// Timeline data for the trace viewer: a compact model of every track (buildTimeline) and the
// queries the server answers from it. All query times are ns since the trace's first event.
// Track ids and kinds: api/track-kinds.ts; each kind's views, span details and listing: its
// TrackSource (track-source.ts), found by track-kinds.ts.
//
//   const tl = buildTimeline(store);                       // once, after parsing
//   timelineTracks(tl, { name })                           -> TimelineTracks   (/api/timeline/tracks)
//   encodeTile(timelineTile(tl, tracks, t0, t1, width))    -> binary tile      (/api/timeline)
//   timelineCounters(tl, t0, t1, width)                    -> CountersResponse (/api/timeline/counters)
//   spanDetail(tl, track, t, name)                         -> SpanDetail|null  (/api/timeline/span)
//   addRegionTracks(tl, summarizeGoroutines(store))        adds the "r<goid>" user-region tracks
//   addTaskTrack(tl, userTasks(store))                     adds the "tasks" track (arg: task id)

export { buildTimeline } from './build.js';
export type { Timeline, TimelineRows } from './model.js';
export type { GoroutineRows, ProcRows, ThreadRows } from './rows.js';
export type { GcRanges, Spans, StwSpans, GroupedSpans } from './ranges.js';
export type { SpanIndex } from '../id-slots.js';
export { indexOf, lowerBound, upperBound, sampleAt } from './query.js';
export { TrackView } from './track-view.js';
export { trackView, TRACK_SOURCES } from './track-kinds.js';
export type { TrackSource, TrackOptions } from './track-source.js';
export { timelineTile } from './tiles.js';
export { timelineTracks, timelineTracksWire } from './tracks.js';
export { timelineCounters, rawCounterSeries, COUNTER_SERIES } from './counters-query.js';
export { spanDetail } from './span-detail.js';
export { warmTimeline, busyGoroutineTracks, firstScreenTracks, warmTrack, warmTrackInSteps, buildLodInSteps } from './lod.js';
export { addRegionTracks, addTaskTrack } from './region-tracks.js';
