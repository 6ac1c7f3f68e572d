// One loaded trace and the analyses the server answers from, each computed once on first use
// and kept (the parsed events stay in memory; analyses are small next to them).

import { EventStore } from '../parser/events.js';
import { describeDamage } from '../parser/damage.js';
import { GoroutineSummaries, summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { TraceSpan, traceSpan } from '../analysis/trace-span.js';
import { UserTasks, userTasks } from '../analysis/tasks.js';
import { GoroutineFate, goroutineFates } from '../analysis/goroutine-fates.js';
import { TraceFacts, traceFacts } from '../analysis/trace-facts.js';
import { Timeline, addRegionTracks, addTaskTrack, buildTimeline, warmTimeline } from '../analysis/timeline/index.js';

export class TraceSession {
  private memo = new Map<string, unknown>();

  constructor(
    /** The path as given on the command line. */
    readonly file: string,
    readonly sizeBytes: number,
    readonly store: EventStore,
  ) {}

  /** Computes a value once per key. */
  once<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = make();
    this.memo.set(key, v);
    return v;
  }

  get summaries(): GoroutineSummaries {
    return this.once('summaries', () => summarizeGoroutines(this.store));
  }
  get span(): TraceSpan {
    return this.once('span', () => traceSpan(this.store));
  }
  get tasks(): UserTasks {
    return this.once('tasks', () => userTasks(this.store));
  }
  get fates(): Map<number, GoroutineFate> {
    return this.once('fates', () => goroutineFates(this.store));
  }
  get facts(): TraceFacts {
    return this.once('facts', () => traceFacts(this.store));
  }
  /** The timeline model: every track's rows, the user-region and user-task tracks. */
  get timeline(): Timeline {
    return this.once('timeline', () => {
      const tl = buildTimeline(this.store);
      addRegionTracks(tl, this.summaries);
      addTaskTrack(tl, this.tasks);
      return tl;
    });
  }
  /** A goroutine's start function ("" if unknown). */
  goroutineName(id: number): string {
    return this.summaries.goroutines.get(id)?.name ?? '';
  }
  /** Time of the first event: the API's time origin. */
  get origin(): number {
    return this.facts.firstTime;
  }
  /** Computes up front what the first pages ask for, so they answer at once. */
  warm(): void {
    void this.facts;
    void this.summaries;
    // The timeline's P and thread summaries too, so the first timeline view answers at once.
    warmTimeline(this.timeline);
  }

  /** The one-line damage description (null for a sound trace). */
  get damage(): string | null {
    return this.once('damage', () => describeDamage(this.store));
  }
}
