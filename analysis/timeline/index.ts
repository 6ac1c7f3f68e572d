// Timeline data for the trace viewer: a compact model of every track (buildTimeline) and the
// queries the server answers from it (track list, binary tiles, counters, span details).

export { buildTimeline } from './build.js';
export type { Timeline } from './build.js';
export type { GoroutineRows, ProcRows, ThreadRows } from './rows.js';
export type { GcRanges, Spans, StwSpans, GroupedSpans } from './ranges.js';
export type { SpanIndex } from './id-slots.js';
export { indexOf, lowerBound, upperBound, sampleAt } from './query.js';
export { trackView, TrackView } from './track-view.js';
export { timelineTile } from './tiles.js';
