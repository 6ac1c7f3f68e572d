// The timeline shown while a trace loads: the timeline model of the generations parsed so far,
// built by the same code as the whole trace's (analysis/timeline/build.ts) in a worker thread of
// its own, over the chunks parsed so far. Each build costs in proportion to what it covers and
// the parse needs the cores, so a new one starts only once the events parsed have doubled since
// the last, and none past half the file. Nobody watching, none past 2 M events either (about 25
// MB of model), at a lower thread priority after the first: the timeline page opens on the
// trace's start at once, and the parse is not slowed (more builds cost it measurably on 2
// cores). While someone watches (a timeline route answered from a preview in the last 15 s),
// builds keep doubling to half the file at normal priority: the page grows as the trace loads,
// and only then does the load pay for it. The whole timeline is built once the parse ends
// (TraceSession.warm). Its spans are the whole trace's spans cut at its last event: what it
// shows never changes, only grows.

import { Worker } from 'node:worker_threads';
import { EventStore, type Chunk } from '../parser/events.js';
import type { Timeline, TimelineRows } from '../analysis/timeline/model.js';
import { joinCounters, unpackRows, type PackedCounters, type PackedRows } from '../analysis/timeline/transfer.js';
import type { TimelinePreviewInfo } from '../api/types.js';
import type { AnalysisJob } from './analysis-worker.js';
import { workerScript } from './analysis-worker-client.js';

/** When previews are built. */
export interface PreviewPolicy {
  /** Files smaller than this get none (they load in moments). */
  minFileBytes: number;
  /** No new build starts past this share of the file's bytes… */
  maxFraction: number;
  /** …or once the events parsed exceed this, unless someone watches: */
  maxEvents: number;
  /** a timeline route answered from a preview within this many ms (watched()). */
  watchMs: number;
  /** A new build starts once the events parsed are this many times the last build's. */
  growth: number;
}

/**
 * Unwatched builds after the first run at this lower thread priority (Linux nice): the parse's
 * threads come first, the previews take what CPU they leave (on 2 busy cores, next to none).
 */
const PREVIEW_NICE = 10;

export const DEFAULT_PREVIEW_POLICY: PreviewPolicy = { minFileBytes: 32 << 20, maxFraction: 0.5, maxEvents: 2_000_000, watchMs: 15_000, growth: 2 };

/** A built preview: the timeline and what it covers; its track list, serialized once. */
export interface TimelinePreview {
  timeline: Timeline;
  info: TimelinePreviewInfo;
  tracksJson: string | null;
}

export class TimelinePreviews {
  /** The newest built preview (null: none yet). */
  current: TimelinePreview | null = null;
  private chunks: Chunk[] = [];
  private events = 0;
  /** Events of the last build started (0: none yet). */
  private lastEvents = 0;
  /** The worker, made at the first build and kept for the next; whether a build is under way. */
  private worker: Worker | null = null;
  private building = false;
  private closed = false;
  /** Bumped by reset() and close(): what a build started before them sends is thrown away. */
  private epoch = 0;
  /** The store the build under way reads (its chunks: those parsed when it started), and its rows once sent. */
  private store: EventStore | null = null;
  private rows: TimelineRows | null = null;
  /** When a preview was last asked for (performance.now()). */
  private watchedAt = -Infinity;
  /** Whether the worker's thread was given the lower priority (for good: a watched build takes a new worker). */
  private niced = false;

  constructor(
    private readonly bytesTotal: number,
    private readonly policy: PreviewPolicy = DEFAULT_PREVIEW_POLICY,
  ) {
    // Started now, the worker loads its code while the parse starts, not when the first preview is due.
    if (bytesTotal >= policy.minFileBytes) this.workerNow();
  }

  /** Someone asked for the preview (a timeline route): it keeps growing for policy.watchMs. */
  watched(now = performance.now()): void {
    this.watchedAt = now;
  }

  /** What the timeline routes read (TraceSession.preview): the newest preview, each read a watch. */
  forRoutes(): () => TimelinePreview | null {
    return () => {
      this.watched();
      return this.current;
    };
  }

  /** A chunk parsed (in order); starts a build when one is due. */
  feed(store: EventStore, c: Chunk, bytesDone: number, now = performance.now()): void {
    if (this.closed || c.n === 0) return;
    this.chunks.push(c);
    this.events += c.n;
    if (this.building || this.bytesTotal < this.policy.minFileBytes) return;
    if (this.lastEvents > 0 && this.events < this.policy.growth * this.lastEvents) return;
    if (bytesDone > this.bytesTotal * this.policy.maxFraction) return;
    const watched = now - this.watchedAt <= this.policy.watchMs;
    if (this.events > this.policy.maxEvents && !watched) return;
    // The worker reads the events in place (or from disk, once spilled): columns in this thread's own memory will not do.
    if (!this.chunks.every((k) => k.shareable)) return;
    this.build(store, watched);
  }

  /** The parse started again from the beginning (a damaged generation table): forget it all. */
  reset(): void {
    this.epoch++;
    this.chunks = [];
    this.events = 0;
    this.lastEvents = 0;
    this.current = null;
    this.stopWorker();
  }

  /** Parsing is over: no more builds (a build under way is dropped); the last preview stays. */
  close(): void {
    this.closed = true;
    this.epoch++;
    this.chunks = [];
    this.stopWorker();
  }

  /** Resolves once no build is under way. */
  settled(): Promise<void> {
    return this.building ? new Promise((r) => this.idle.push(r)) : Promise.resolve();
  }
  private idle: (() => void)[] = [];

  private done(): void {
    this.building = false;
    for (const r of this.idle.splice(0)) r();
  }

  private stopWorker(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.niced = false;
    this.done();
  }

  private workerNow(): Worker | null {
    if (this.worker !== null) return this.worker;
    let w: Worker;
    try {
      w = new Worker(workerScript());
    } catch {
      return null;
    }
    w.unref();
    w.on('message', (msg: { id: number; part?: PackedRows; result?: PackedCounters; error?: string }) => {
      if (msg.id !== this.epoch || this.store === null) return;
      if (msg.part !== undefined) {
        this.rows = unpackRows(msg.part, this.store);
        return;
      }
      const rows = this.rows;
      this.rows = null;
      if (msg.error === undefined && msg.result !== undefined && rows !== null) {
        const timeline = joinCounters(rows, msg.result);
        this.current = { timeline, info: { durationNs: timeline.lastTime - timeline.firstTime, events: timeline.times.n }, tracksJson: null };
      }
      this.done();
    });
    // A worker that fails leaves the last preview standing, and makes no more.
    w.once('error', () => {
      this.closed = true;
      this.stopWorker();
    });
    this.worker = w;
    return w;
  }

  private build(live: EventStore, watched: boolean): void {
    // The first preview is small and wanted at once; a watched one is wanted too.
    const nice = !watched && this.lastEvents > 0;
    // A thread cannot raise its own priority again (without privileges): a new one.
    if (!nice && this.niced) this.stopWorker();
    const w = this.workerNow();
    if (w === null) {
      this.closed = true;
      return;
    }
    // The store as it stands: its tables only grow, so the prefix's ids stay valid in them.
    this.store = Object.assign(Object.create(EventStore.prototype) as EventStore, live, { chunks: this.chunks.slice() });
    this.lastEvents = this.events;
    this.building = true;
    this.rows = null;
    w.postMessage({ job: 'init', store: { ...this.store, chunks: this.store.chunks.map((c) => c.forTransfer()) } as EventStore, nice: nice ? PREVIEW_NICE : undefined } satisfies AnalysisJob);
    this.niced ||= nice;
    w.postMessage({ job: 'timeline', id: this.epoch } satisfies AnalysisJob);
  }
}
