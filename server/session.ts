// One loaded trace and the analyses the server answers from. Each analysis is a Lazy value,
// computed on first use and kept, whose make function names what it depends on (the parsed
// events stay in memory; analyses are small next to them). Heavy work runs in the analysis
// worker (analysis-worker-client.ts). A session made from a parsed store is ready at once; the
// server makes one before parsing (TraceSession.loading) and attaches the store when it is
// parsed (trace-loader.ts): `load` says where that stands, and nothing reads the store before.

import { EventStore } from '../parser/events.js';
import { describeDamage } from '../parser/damage.js';
import { GoroutineSummaries } from '../analysis/goroutine-summary.js';
import { GoroutinePass, type GoroutinePassResult } from '../analysis/goroutine-pass.js';
import type { RowCounts } from '../analysis/timeline/row-counts.js';
import { GoroutineColumns } from '../analysis/goroutine-columns.js';
import { TraceSpan, traceSpan } from '../analysis/trace-span.js';
import { UserTasks, userTasksOf } from '../analysis/tasks.js';
import { GoroutineFates } from '../analysis/goroutine-fates.js';
import { TraceFacts, traceFacts } from '../analysis/trace-facts.js';
import { Timeline, TimelineRows, addRegionTracks, addTaskTrack, firstScreenTracks, timelineTracksWire, warmTrackInSteps } from '../analysis/timeline/index.js';
import { AnalysisWorker } from './analysis-worker-client.js';
import { Lazy } from './lazy.js';
import { collectGarbage } from './collect-garbage.js';
import { LoadState } from './load-state.js';
import { ColumnCache, type EventSpill } from './event-spill.js';
import type { TimelinePreview } from './timeline-preview.js';
import { goroutineNameFromRows } from '../analysis/timeline/goroutine-tracks.js';

/** What the one pass over the events gives (analysis/goroutine-pass.ts): goroutine analysis, fates, tasks. */
interface PassResults {
  summaries: GoroutineSummaries;
  fates: GoroutineFates;
  tasks: UserTasks;
}

/** What the loader computed while the events streamed in (the same passes, fed chunk by chunk). */
export interface StreamedAnalyses {
  facts: TraceFacts;
  /** The timeline rows pass's first pass, counted while the trace was parsed (null: not). */
  rowCounts?: RowCounts | null;
}

export class TraceSession {
  /** Where loading stands: ready at once for a session made from a parsed store. */
  readonly load: LoadState;
  private storeV: EventStore | null = null;
  private workerV: AnalysisWorker | null = null;
  private streamed: StreamedAnalyses | null = null;
  /** The goroutine pass's result, once warm() has run it a chunk at a time (passInSteps). */
  private stepped: GoroutinePassResult | null = null;
  /** Where the events are kept when they are on disk (a large trace: trace-loader.ts). */
  private spill: EventSpill | null = null;
  private readonly memo = new Map<string, unknown>();

  private readonly spanL = new Lazy(() => traceSpan(this.store));
  private readonly factsL = new Lazy(() => this.streamed?.facts ?? traceFacts(this.store));
  private readonly damageL = new Lazy(() => describeDamage(this.store));
  /**
   * The goroutine analysis, the goroutines' fates and the user tasks, from one pass over the
   * events (the task pass's per-goroutine state is dropped once the tasks are made).
   */
  private readonly pass = new Lazy((): PassResults => {
    const st = this.stepped ?? GoroutinePass.over(this.store);
    const tasks = userTasksOf(st.taskPass.table, this.span);
    return { summaries: st.summaries, fates: st.fates, tasks };
  });
  /** The goroutine pass under way in steps (warm()): the timeline waits for it before its region and task tracks. */
  private passSteps: Promise<void> = Promise.resolve();
  /**
   * The timeline model (every track's rows, the user-region and user-task tracks), built in
   * the worker; the region and task tracks are added here, from the goroutine pass.
   */
  private readonly timelineL = new Lazy(async (): Promise<Timeline> => {
    // The worker sends the rows ahead and goes on to the counters. Meanwhile this thread adds
    // the region and task tracks to the rows as soon as its goroutine pass is done (0.3 s on the
    // 210 MB trace, 2.5 s on the 1 GB one, no longer after the counters), then summarizes the
    // P and busy goroutine tracks step by step; "ready" does not wait for those summaries (a tile
    // that needs one first builds it then, as it would have anyway).
    let rows: TimelineRows | null = null;
    let tracks: Promise<void> = Promise.resolve();
    // (The first pass's counts go to the worker once: the session keeps no copy.)
    const counted = this.streamed?.rowCounts ?? null;
    if (this.streamed) this.streamed.rowCounts = null;
    const tl = await this.worker.timeline((r) => {
      rows = r;
      tracks = this.passSteps.then(() => {
        addRegionTracks(r, this.summaries);
        addTaskTrack(r, this.tasks);
      });
      // (Awaited below; these handlers keep a failure from going unhandled if the counters fail first.)
      tracks.catch(() => {});
      // Then what the timeline's first screen asks for: the track listing, then the summaries.
      void tracks
        .then(async () => {
          await new Promise((res) => setImmediate(res));
          this.tracksJson(r);
          await this.warmFirstScreen(r);
        })
        .catch(() => {});
    }, counted);
    await tracks;
    if (rows === null) throw new Error('timeline: no rows');
    // The whole timeline was made from the rows, maybe before the task track was added to
    // them: it shares their maps (the region tracks, the views), not that field.
    tl.taskTrack = (rows as TimelineRows).taskTrack;
    return tl;
  });

  constructor(
    /** The path as given on the command line. */
    readonly file: string,
    readonly sizeBytes: number,
    store?: EventStore,
  ) {
    this.load = new LoadState(sizeBytes);
    if (store !== undefined) {
      this.attach(store);
      this.load.done(store.generations);
    }
  }

  /** A session whose trace is still to be parsed: attach() gives it the store. */
  static loading(file: string, sizeBytes: number): TraceSession {
    return new TraceSession(file, sizeBytes);
  }

  /**
   * Gives a loading session its parsed store (and what was computed from the events as they
   * streamed in, which the analyses then take instead of computing it again), and the spill
   * file that holds its events when they are on disk.
   */
  attach(store: EventStore, streamed: StreamedAnalyses | null = null, spill: EventSpill | null = null): void {
    if (this.storeV !== null) throw new Error('TraceSession: the store is already attached');
    this.storeV = store;
    this.streamed = streamed;
    this.spill = spill;
    this.workerV = new AnalysisWorker(store);
  }

  /** The parsed trace (throws while it is still being parsed: the loading gate keeps routes from asking). */
  get store(): EventStore {
    if (this.storeV === null) throw new Error('the trace is still loading');
    return this.storeV;
  }
  /** Whether the store is attached (parsing is done). */
  get parsed(): boolean {
    return this.storeV !== null;
  }
  /** Whether every page answers from complete data. */
  get ready(): boolean {
    return this.load.ready;
  }
  /** Where the heavy analyses run (one worker thread). */
  get worker(): AnalysisWorker {
    if (this.workerV === null) throw new Error('the trace is still loading');
    return this.workerV;
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

  /**
   * While the trace loads: the timeline of what is parsed so far (server/timeline-preview.ts).
   * Only the timeline routes ask for it, and their asking keeps it growing (watched()).
   */
  preview: (() => TimelinePreview | null) | null = null;

  /**
   * What the timeline routes answer from: the whole timeline once the trace is ready; before,
   * the preview of what is parsed so far (null: none yet), whose goroutines are named from its
   * own rows as the goroutine analysis names them.
   */
  async timelineNow(): Promise<{ timeline: Timeline; name: (id: number) => string; preview: TimelinePreview | null } | null> {
    if (this.ready) return { timeline: await this.timeline(), name: (id) => this.goroutineName(id), preview: null };
    const p = this.preview?.() ?? null;
    if (p === null) return null;
    return { timeline: p.timeline, name: (id) => goroutineNameFromRows(p.timeline, id), preview: p };
  }

  /**
   * The track listing as GET /api/timeline/tracks sends it, made once from the rows: megabytes of
   * JSON on a big trace (the 1 GB one's took 2 s), so the session makes it as soon as the rows
   * and the goroutine analysis are there, while the worker builds the counters.
   */
  tracksJson(rows: TimelineRows): string {
    return this.once('timeline:tracks', () => JSON.stringify(timelineTracksWire(rows, { name: (id) => this.goroutineName(id) })));
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
    const gs = this.summaries.goroutines;
    return (gs instanceof GoroutineColumns ? gs.nameOf(id) : gs.get(id)?.name) ?? '';
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
    this.passSteps = this.passInSteps();
    const tl = this.timeline();
    void this.facts;
    await this.passSteps;
    // The pass read every chunk once, in order: none of those it read back is wanted now.
    ColumnCache.shed();
    void this.pass.value;
    // The pass's garbage goes before the timeline's rows arrive (peak memory).
    collectGarbage();
    await tl;
  }

  /**
   * The goroutine pass of a loaded trace, run a chunk at a time with the event loop let in
   * between: the timeline of what was parsed so far and /api/progress answer meanwhile. (A
   * session made from a parsed store runs it whole, when first asked.)
   */
  private async passInSteps(): Promise<void> {
    const store = this.store;
    if (this.pass.ready || this.streamed === null || this.stepped !== null) return;
    const p = new GoroutinePass(store);
    for (const c of store.chunks) {
      p.feed(store, c);
      await new Promise((r) => setImmediate(r));
    }
    if (!this.pass.ready) this.stepped = p.finish();
  }

  /** The track whose summaries warmFirstScreen is building now, and when they are built. */
  private warming: { id: string; done: Promise<void> } | null = null;

  /**
   * Builds the level-of-detail summaries of the timeline's first screen (firstScreenTracks: the P
   * tracks, then the busy goroutine ones) a track at a time, each a slice of rows at a time with
   * the event loop let in between (a P track of the 1 GB trace is over a second of work), so that
   * the first tiles after "ready" do not wait for them (0.8 s on the 210 MB trace, 8 s on the 1 GB
   * one) and requests are answered meanwhile. Here rather than in the worker, whose counters come
   * last.
   */
  private async warmFirstScreen(rows: TimelineRows): Promise<void> {
    const pause = () => new Promise<void>((r) => setImmediate(r));
    for (const id of firstScreenTracks(rows)) {
      await pause();
      const done = warmTrackInSteps(rows, id, pause);
      this.warming = { id, done };
      await done.finally(() => {
        this.warming = null;
      });
    }
  }

  /**
   * Resolves once none of these tracks' summaries is being built ahead (warmFirstScreen): a
   * tile of such a track waits for them rather than build them a second time.
   */
  async summariesOf(tracks: readonly string[]): Promise<void> {
    const w = this.warming;
    if (w !== null && tracks.includes(w.id)) await w.done.catch(() => {});
  }

  /** Stops the worker, then closes the spill file (the worker may read it until then). */
  async close(): Promise<void> {
    await this.workerV?.close();
    const spill = this.spill;
    this.spill = null;
    // (No write may be left to land on the descriptor once it is closed, and maybe reused.)
    await spill?.drain();
    spill?.close();
  }
}
