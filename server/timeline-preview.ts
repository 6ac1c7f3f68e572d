// The timeline shown while a trace loads: the timeline model of the generations parsed so far,
// built by the same code as the whole trace's (analysis/timeline/build.ts) in a worker thread of
// its own, over the chunks parsed so far. Each build costs in proportion to what it covers and
// the parse needs the cores, so a new one starts only once the events parsed have doubled since
// the last, and none past a share of the file or an event count (the first half, 2 M events,
// about 25 MB of model; more cost the parse measurably on 2 cores): the timeline page draws the trace's start at once and grows a few
// times; the whole timeline is built once the parse ends (TraceSession.warm). Its spans are the
// whole trace's spans cut at its last event: what it shows never changes, only grows.

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
  /** …or once the events parsed exceed this. */
  maxEvents: number;
  /** A new build starts once the events parsed are this many times the last build's. */
  growth: number;
}

/**
 * The worker's thread runs at this lower priority (Linux nice): the parse's threads come first,
 * the previews take what CPU they leave.
 */
const PREVIEW_NICE = 10;

export const DEFAULT_PREVIEW_POLICY: PreviewPolicy = { minFileBytes: 32 << 20, maxFraction: 0.5, maxEvents: 2_000_000, growth: 2 };

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

  constructor(
    private readonly bytesTotal: number,
    private readonly policy: PreviewPolicy = DEFAULT_PREVIEW_POLICY,
  ) {}

  /** A chunk parsed (in order); starts a build when one is due. */
  feed(store: EventStore, c: Chunk, bytesDone: number): void {
    if (this.closed || c.n === 0) return;
    this.chunks.push(c);
    this.events += c.n;
    if (this.building || this.bytesTotal < this.policy.minFileBytes) return;
    if (this.lastEvents > 0 && this.events < this.policy.growth * this.lastEvents) return;
    if (bytesDone > this.bytesTotal * this.policy.maxFraction || this.events > this.policy.maxEvents) return;
    // The worker reads the events in place: only columns in shared memory will do.
    if (!this.chunks.every((k) => k.typ.buffer instanceof SharedArrayBuffer)) return;
    this.build(store);
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

  private build(live: EventStore): void {
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
    w.postMessage({ job: 'init', store: { ...this.store } as EventStore, nice: PREVIEW_NICE } satisfies AnalysisJob);
    w.postMessage({ job: 'timeline', id: this.epoch } satisfies AnalysisJob);
  }
}
