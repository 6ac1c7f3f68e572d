// One loaded trace and the analyses the server answers from. Each analysis is a Lazy value,
// computed on first use and kept, whose make function names what it depends on (the parsed
// events stay in memory; analyses are small next to them). Heavy work runs in the analysis
// worker (analysis-worker-client.ts).

import { EventStore } from '../parser/events.js';
import { describeDamage } from '../parser/damage.js';
import { GoroutineSummaries, summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { TraceSpan, traceSpan } from '../analysis/trace-span.js';
import { UserTasks, userTasksOf } from '../analysis/tasks.js';
import { TaskPass } from '../analysis/task-pass.js';
import { GoroutineFates } from '../analysis/goroutine-fates.js';
import { TraceFacts, traceFacts } from '../analysis/trace-facts.js';
import { Timeline, addRegionTracks, addTaskTrack } from '../analysis/timeline/index.js';
import { AnalysisWorker } from './analysis-worker-client.js';
import { Lazy } from './lazy.js';

/** What the one pass over the events gives (PassObserver): goroutine analysis, fates, tasks. */
interface GoroutinePass {
  summaries: GoroutineSummaries;
  fates: GoroutineFates;
  tasks: UserTasks;
}

export class TraceSession {
  /** Where the heavy analyses run (one worker thread). */
  readonly worker: AnalysisWorker;
  private readonly memo = new Map<string, unknown>();

  private readonly spanL = new Lazy(() => traceSpan(this.store));
  private readonly factsL = new Lazy(() => traceFacts(this.store));
  private readonly damageL = new Lazy(() => describeDamage(this.store));
  /**
   * The goroutine analysis, the goroutines' fates and the user tasks, from one pass over the
   * events (the task pass's per-goroutine state is dropped once the tasks are made).
   */
  private readonly pass = new Lazy((): GoroutinePass => {
    const fates = new GoroutineFates();
    const taskPass = new TaskPass(this.store);
    const summaries = summarizeGoroutines(this.store, [fates, taskPass]);
    return { summaries, fates, tasks: userTasksOf(taskPass.tasks, this.span) };
  });
  /**
   * The timeline model (every track's rows, the user-region and user-task tracks), built in
   * the worker; the region and task tracks are added here, from the goroutine pass, when the
   * worker's rows arrive.
   */
  private readonly timelineL = new Lazy(
    (): Promise<Timeline> =>
      this.worker.timeline((rows) => {
        addRegionTracks(rows, this.summaries);
        addTaskTrack(rows, this.tasks);
      }),
  );

  constructor(
    /** The path as given on the command line. */
    readonly file: string,
    readonly sizeBytes: number,
    readonly store: EventStore,
  ) {
    this.worker = new AnalysisWorker(store);
  }

  get span(): TraceSpan {
    return this.spanL.value;
  }
  get facts(): TraceFacts {
    return this.factsL.value;
  }
  get summaries(): GoroutineSummaries {
    return this.pass.value.summaries;
  }
  get fates(): GoroutineFates {
    return this.pass.value.fates;
  }
  get tasks(): UserTasks {
    return this.pass.value.tasks;
  }
  /** The one-line damage description (null for a sound trace). */
  get damage(): string | null {
    return this.damageL.value;
  }
  timeline(): Promise<Timeline> {
    return this.timelineL.value;
  }

  /** Computes a request's value once per key (profiles per filter, MMU curves per flag set). */
  once<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = make();
    this.memo.set(key, v);
    return v;
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
   * Computes up front what the first pages ask for, so they answer at once: the timeline in
   * the worker while this thread computes the goroutine pass and the facts.
   */
  async warm(): Promise<void> {
    const tl = this.timeline();
    void this.facts;
    void this.pass.value;
    await tl;
  }

  /** Stops the worker. */
  close(): Promise<void> {
    return this.worker.close();
  }
}
