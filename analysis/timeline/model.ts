// The timeline model's types: what buildTimeline (build.ts) makes, what the track kinds
// (track-kinds.ts) read and what the server keeps. Types only, from the modules that own each
// part, none of which imports this one's users: so build.ts, lod.ts, the track kinds and the
// queries all import from here and not from each other.

import type { EventStore } from '../../parser/events.js';
import type { CounterModel } from './counter-model.js';
import type { EventTimes } from './event-times.js';
import type { GcRanges } from './ranges.js';
import type { GoroutineRows, ProcRows, ThreadRows } from './rows.js';
import type { StyleTable } from './styles.js';
import type { TrackView } from './track-view.js';
import type { MetricArray } from './metric-values.js';
import type { StepCodes } from './step-codes.js';

export interface Timeline {
  store: EventStore;
  times: EventTimes;
  /** Time of the first and the last event (absolute ns); open spans end at lastTime. */
  firstTime: number;
  lastTime: number;
  styles: StyleTable;
  goroutines: GoroutineRows;
  procs: ProcRows;
  threads: ThreadRows;
  ranges: GcRanges;
  counters: CounterModel;
  /** Level-of-detail summaries, built per track on first use (lod.ts). */
  lod: LodCache;
  /** Track views by id (cache). */
  views: Map<string, TrackView>;
  /** User-region tracks by goroutine id (addRegionTracks). */
  regionTracks: Map<number, SpanTrackData>;
  /** The user-task track (addTaskTrack), null until added. */
  taskTrack: SpanTrackData | null;
}

/** The timeline without its counters (the rows and ranges), built first. */
export type TimelineRows = Omit<Timeline, 'counters'>;

/** What the counters are built from: the step code of every event and the back-dated steps (counter-model.ts). */
export interface CounterSteps {
  codes: StepCodes;
  /** Steps dated back to a sync (a goroutine or P first seen mid-generation): the sync's event and the step's code. */
  backdatedEv: Uint32Array;
  backdatedCode: Uint8Array;
  /** The metric steps' values in event order, when the rows pass kept them (RowsHooks.keepMetricValues); null: the counters read them from the events. */
  metric: MetricArray | null;
}

/** Sorted, disjoint spans with a style and an arg each (the user-region and user-task tracks). */
export interface SpanTrackData {
  start: Float64Array;
  end: Float64Array;
  style: Uint8Array;
  /** The task id (region tracks: the region's task, 0 if none). */
  arg: Float64Array;
}

/** One level of a track's level-of-detail summaries (lod.ts): per block of 2^shift rows. */
export interface LodLevel {
  /** log2 of the rows per block. */
  shift: number;
  /** Time covered by the block's drawn rows. */
  cov: Float64Array;
  /** Drawn rows. */
  cnt: Uint32Array;
  /** The style covering most time. */
  dom: Uint8Array;
  /** Row index of the block's longest row (-1 if none drawn); empty on tracks without an arg (goroutine tracks). */
  longest: Int32Array;
  /** Its duration. */
  longestDur: Float32Array;
  /** Level 0 only: start of the block's first row. */
  firstStart: Float64Array;
}

/** Summaries by track id. */
export type LodCache = Map<string, LodLevel[]>;
