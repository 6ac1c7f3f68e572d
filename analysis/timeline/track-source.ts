// What one kind of timeline track (api/track-kinds.ts) does in the analysis, one method per
// question the server asks, as Go's cmd/trace/gen.go has a `generator` with one method per event
// family: the view of one of its tracks (tiles and level-of-detail summaries read it), what it
// adds to a span's details, and its entries in the track listing. Each kind's object sits with
// its views (goroutine-tracks.ts, proc-tracks.ts, gc-tracks.ts, region-tracks.ts); the table
// of them is track-kinds.ts.

import type { SpanDetail } from '../../api/types.js';
import type { TrackListing } from '../../api/tracks-format.js';
import type { Timeline, TimelineRows } from './model.js';
import type { TrackView } from './track-view.js';

export interface TrackOptions {
  /** A goroutine's start function (the server has summarizeGoroutines' names); "" if unknown. */
  name?: (id: number) => string;
  /** Whether a goroutine has user regions (an "r<id>" track); default: whether addRegionTracks gave it one. */
  hasRegions?: (id: number) => boolean;
}

export interface TrackSource {
  /**
   * The view of track `id`: `num` is its number for a numbered kind (undefined otherwise). Null
   * if the trace has no such track.
   */
  view(tl: TimelineRows, id: string, num: number | undefined): TrackView | null;
  /**
   * Fills in what the kind knows of the span of row j of view v: spanDetail has set its track,
   * times, style, state and reason, and nulls and empty stacks elsewhere.
   */
  detail(tl: Timeline, v: TrackView, j: number, num: number | undefined, out: SpanDetail, name: (id: number) => string): void;
  /**
   * Adds the kind's tracks to the listing (kinds are listed in the table's order), with the
   * goroutines in columns (hundreds of thousands on a big trace: an object each cost
   * the 1 GB trace's listing most of its second).
   */
  list(tl: TimelineRows, out: TrackListing, opts: TrackOptions): void;
}
