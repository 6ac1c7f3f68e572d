// Timeline data for the trace viewer: what each track draws, as typed arrays sliceable by time.

export { buildTimeline } from './build.js';
export type { Timeline, TimelineCounters } from './build.js';
export type { GoroutineSpans } from './goroutine-spans.js';
export { COUNTED_STATES } from './goroutine-spans.js';
export type { ProcSpans } from './proc-spans.js';
export type { GcRanges, Spans, StwSpans, GroupedSpans } from './ranges.js';
export type { CountSeries, Series } from './counters.js';
export type { SpanIndex } from './id-slots.js';
export { indexOf, lowerBound, upperBound, sampleAt, spansInWindow } from './query.js';
