// One loaded trace and the analyses the server answers from, each computed once on first use
// and kept (the parsed events stay in memory; analyses are small next to them).

import { EventStore } from '../parser/events.js';
import { describeDamage } from '../parser/damage.js';
import { GoroutineSummaries, summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { TraceSpan, traceSpan } from '../analysis/trace-span.js';
import { UserTasks, userTasksOf } from '../analysis/tasks.js';
import { TaskPass } from '../analysis/task-pass.js';
import { GoroutineFates } from '../analysis/goroutine-fates.js';
import { TraceFacts, traceFacts } from '../analysis/trace-facts.js';
import { Timeline, addRegionTracks, addTaskTrack } from '../analysis/timeline/index.js';
import { AnalysisPool } from './analysis-pool.js';

export class TraceSession {
  private memo = new Map<string, unknown>();

  constructor(
    /** The path as given on the command line. */
    readonly file: string,
    readonly sizeBytes: number,
    readonly store: EventStore,
  ) {
    this.taskPass = new TaskPass(store);
    this.pool = new AnalysisPool(store);
  }

  /** Where the heavy analyses run (a worker thread). */
  readonly pool: AnalysisPool;

  /** Computes a value once per key. */
  once<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = make();
    this.memo.set(key, v);
    return v;
  }

  get summaries(): GoroutineSummaries {
    return this.once('summaries', () => summarizeGoroutines(this.store, [this.fatesTable, this.taskPass!]));
  }
  get span(): TraceSpan {
    return this.once('span', () => traceSpan(this.store));
  }
  get tasks(): UserTasks {
    return this.once('tasks', () => {
      void this.summaries;
      const tasks = userTasksOf(this.taskPass!.tasks, this.span);
      this.taskPass = null; // its per-goroutine state and records are not needed any more
      return tasks;
    });
  }
  /** Filled by the goroutine analysis' pass. */
  private readonly fatesTable = new GoroutineFates();
  /** Fed by the goroutine analysis' pass; dropped once the tasks are made from it. */
  private taskPass: TaskPass | null;
  get fates(): GoroutineFates {
    void this.summaries;
    return this.fatesTable;
  }
  get facts(): TraceFacts {
    return this.once('facts', () => traceFacts(this.store));
  }
  private timelineP: Promise<Timeline> | null = null;

  /**
   * The timeline model (every track's rows, the user-region and user-task tracks), built in a
   * worker thread on the first call while this thread goes on (analysis-pool.ts).
   */
  timeline(): Promise<Timeline> {
    this.timelineP ??= this.pool.timeline((rows) => {
      addRegionTracks(rows, this.summaries);
      addTaskTrack(rows, this.tasks);
    });
    return this.timelineP;
  }
  /** A goroutine's start function ("" if unknown). */
  goroutineName(id: number): string {
    return this.summaries.goroutines.get(id)?.name ?? '';
  }
  /** Time of the first event: the API's time origin. */
  get origin(): number {
    return this.facts.firstTime;
  }
  /**
   * Computes up front what the first pages ask for, so they answer at once: the timeline in a
   * worker thread while this thread computes the goroutine analysis and the rest.
   */
  async warm(): Promise<void> {
    const tl = this.timeline();
    void this.facts;
    void this.summaries;
    void this.tasks;
    void this.fates;
    await tl;
  }

  /** The one-line damage description (null for a sound trace). */
  get damage(): string | null {
    return this.once('damage', () => describeDamage(this.store));
  }
}
