// One goroutine's summary as the goroutine analysis (goroutine-summary.ts) builds it: its name,
// times, stats and user regions, and the bookkeeping kept while the events are read.

import { ExecStats } from './exec-stats.js';
import { DurationsByName } from './durations-by-name.js';

/** The time of an event and its own stack id (0 = none). */
export interface EventRef {
  time: number;
  stack: number;
}

/** A user region on one goroutine: its task, type and ends. */
export interface RegionBrief {
  taskId: number;
  /** The region type ("" for the region a goroutine inherits from its creator's open region). */
  name: string;
  /** The RegionBegin, or the goroutine's creation for an inherited region; null if it began before the trace. */
  start: EventRef | null;
  /** The RegionEnd, or the goroutine's exit; null if still open when the trace ends. */
  end: EventRef | null;
}

/** A user region on one goroutine, with the goroutine's stats while it was open. */
export interface RegionSummary extends RegionBrief {
  stats: ExecStats;
}

/** Bookkeeping used only while the events are being read. */
export class Pending {
  // When the goroutine entered its current state (0 = not in it), in an array of doubles
  // (stored unboxed): these are stored at nearly every event.
  private readonly t: number[] = [0, 0, 0, 0, 0];
  get lastStartTime(): number { return this.t[0]!; }
  set lastStartTime(v: number) { this.t[0] = v; }
  get lastRunnableTime(): number { return this.t[1]!; }
  set lastRunnableTime(v: number) { this.t[1] = v; }
  get lastBlockTime(): number { return this.t[2]!; }
  set lastBlockTime(v: number) { this.t[2] = v; }
  get lastSyscallTime(): number { return this.t[3]!; }
  set lastSyscallTime(v: number) { this.t[3] = v; }
  get lastSyscallBlockTime(): number { return this.t[4]!; }
  set lastSyscallBlockTime(v: number) { this.t[4] = v; }
  lastBlockReason = '';
  /** When each open special range began (0 = not open). */
  lastRangeTime = new DurationsByName();
  activeRegions: RegionSummary[] = [];

  /** Back to a clean slate (after the goroutine exits: its later events start afresh). */
  reset(): void {
    this.t.fill(0);
    this.lastBlockReason = '';
    if (this.lastRangeTime.size > 0) this.lastRangeTime = new DurationsByName();
    this.activeRegions = [];
  }
}

export class GoroutineSummary {
  /** Start function: the outermost frame of the first stack seen for the goroutine ("" if none). */
  name = '';
  /** PC of that frame (0 if none). */
  pc = 0;
  /** First appearance: creation, or the sync before the goroutine was first seen. */
  creationTime = 0;
  /** First time it ran; 0 if it never ran. */
  startTime = 0;
  /** When it exited (or blocked forever); 0 if it did not. */
  endTime = 0;
  /** Regions sorted by start time. */
  regions: RegionSummary[] = [];
  stats = new ExecStats();
  /** @internal The total time before any window clips it (0: not closed yet: Go's TotalTime == 0 test). */
  rawTotal = 0;
  /** @internal null once the summary is finalized. */
  pending: Pending | null;
  /** live: with the bookkeeping of a goroutine whose events are still being read (else finished). */
  constructor(
    readonly id: number,
    live = true,
  ) {
    this.pending = live ? new Pending() : null;
  }
}

/** Sorts a goroutine's regions by start time (stable; the ones begun before the trace first). */
export function sortRegions(g: GoroutineSummary): void {
  g.regions.sort((a, b) => {
    if (a.start === null) return b.start === null ? 0 : -1;
    if (b.start === null) return 1;
    return a.start.time - b.start.time;
  });
}

/** What most readers of every goroutine need, without its whole summary (forEachBrief). */
export interface GoroutineBrief {
  id: number;
  name: string;
  startTime: number;
  endTime: number;
  execTime: number;
  /** How many user regions it has. */
  regions: number;
}
