// The serving thread's side of the analysis worker (analysis-worker.ts): the server's heavy
// analyses run in that one worker thread so that this thread goes on serving. The timeline
// model is built there while this thread computes the goroutine analysis, and profiles are
// computed there while other requests are answered. The parsed events are in shared memory
// (parser/events.ts), so the worker reads them in place. Where the events are not shared, or
// the worker fails, the work is done on this thread instead.

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventStore } from '../parser/events.js';
import { buildTimeline, type Timeline, type TimelineRows } from '../analysis/timeline/build.js';
import type { RowCounts } from '../analysis/timeline/row-counts.js';
import { type PackedCounters, type PackedRows, joinCounters, unpackRows } from '../analysis/timeline/transfer.js';
import { pprofRecords, type ProfileRecord } from '../analysis/pprof-records.js';
import { emptyStackOrigins, type EmptyStackOrigins } from '../analysis/empty-stack-origins.js';
import type { PprofKind } from '../api/profile-kinds.js';
import { packIntervals, type Interval } from '../analysis/pprof-intervals.js';
import type { TraceSpan } from '../analysis/trace-span.js';
import { mutatorUtilization, type UtilSeries } from '../analysis/mmu-util.js';
import type { AnalysisJob } from './analysis-worker.js';

export function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'analysis-worker.js');
  return existsSync(sibling) ? sibling : resolve(here, '../dist/server/analysis-worker.js');
}

/** A job sent to the worker: settled by its result; `part` receives what comes ahead of it. */
interface PendingJob {
  job: Job;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  part?: (v: unknown) => void;
}

type IntervalJob = { kind: PprofKind; intervals: Map<number, Interval[]> | null; span: TraceSpan; window?: Interval | null };
type Job = { job: 'timeline'; counted: RowCounts | null } | ({ job: 'pprof' } & IntervalJob) | ({ job: 'origins' } & IntervalJob) | { job: 'util'; flags: number };

export class AnalysisWorker {
  private worker: Worker | null = null;
  private nextId = 0;
  private pending = new Map<number, PendingJob>();

  constructor(private store: EventStore) {
    // (Spilled chunks the worker reads back from disk itself.)
    const shared = store.chunks.every((c) => c.shareable);
    if (!shared) return;
    try {
      const w = new Worker(workerScript());
      w.unref();
      w.on('message', (msg: { id: number; result?: unknown; part?: unknown; error?: string }) => {
        const p = this.pending.get(msg.id);
        if (p === undefined) return;
        if (msg.part !== undefined) {
          p.part?.(msg.part);
          return;
        }
        this.pending.delete(msg.id);
        if (msg.error !== undefined) p.reject(new Error(msg.error));
        else p.resolve(msg.result);
      });
      // A dead worker: what it had not answered is done here.
      const lost = (): void => {
        this.worker = null;
        const jobs = [...this.pending.values()];
        this.pending.clear();
        for (const p of jobs) this.runHere(p.job).then(p.resolve, p.reject);
      };
      w.once('error', lost);
      w.once('exit', lost);
      w.postMessage({ job: 'init', store: { ...store, chunks: store.chunks.map((c) => c.forTransfer()) } as EventStore } satisfies AnalysisJob);
      this.worker = w;
    } catch {
      this.worker = null;
    }
  }

  /**
   * The timeline model. The worker sends the rows ahead of the counters: `onRows` runs on them
   * here (the session adds the region and task tracks and summarizes the first screen's tracks)
   * while the worker builds the counters.
   */
  async timeline(onRows: (rows: TimelineRows) => void = () => {}, counted: RowCounts | null = null): Promise<Timeline> {
    let rows: TimelineRows | null = null;
    const take = (part: unknown): void => {
      rows = unpackRows(part as PackedRows, this.store);
      onRows(rows);
    };
    const r = (await this.run({ job: 'timeline', counted }, take)) as Timeline | PackedCounters;
    if (!('store' in r)) {
      if (rows === null) throw new Error('timeline: the worker sent counters without rows');
      return joinCounters(rows, r);
    }
    // Built on this thread.
    onRows(r);
    return r;
  }

  /** The records of a profile over the given goroutine intervals (null: everything) (pprofRecords). */
  async pprof(kind: PprofKind, intervals: Map<number, Interval[]> | null, span: TraceSpan, window: Interval | null = null): Promise<ProfileRecord[]> {
    return (await this.run({ job: 'pprof', kind, intervals, span, window })) as ProfileRecord[];
  }

  /** Where a blocking profile's stackless sample comes from, over the same intervals (emptyStackOrigins). */
  async emptyStackOrigins(kind: PprofKind, intervals: Map<number, Interval[]> | null, span: TraceSpan, window: Interval | null = null): Promise<EmptyStackOrigins> {
    return (await this.run({ job: 'origins', kind, intervals, span, window })) as EmptyStackOrigins;
  }

  /** Mutator utilization series for MMU flags (mutatorUtilization). */
  async utilization(flags: number): Promise<UtilSeries[]> {
    return (await this.run({ job: 'util', flags })) as UtilSeries[];
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w !== null) await w.terminate();
  }

  private run(job: Job, part?: (v: unknown) => void): Promise<unknown> {
    const w = this.worker;
    if (w === null) return this.runHere(job);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { job, resolve, reject, part });
      if (job.job === 'pprof' || job.job === 'origins') {
        // The intervals go as flat arrays, handed over: a map of objects would be cloned.
        const iv = packIntervals(job.intervals);
        w.postMessage({ ...job, id, intervals: iv } satisfies AnalysisJob, [iv.ids.buffer, iv.counts.buffer, iv.starts.buffer, iv.ends.buffer] as ArrayBuffer[]);
      } else {
        w.postMessage({ ...job, id } satisfies AnalysisJob);
      }
    });
  }

  private async runHere(job: Job): Promise<unknown> {
    if (job.job === 'pprof') return pprofRecords(this.store, job.kind, job.intervals, job.span, job.window ?? null);
    if (job.job === 'origins') return emptyStackOrigins(this.store, job.kind, job.intervals, job.span, job.window ?? null);
    if (job.job === 'util') return mutatorUtilization(this.store, job.flags);
    return buildTimeline(this.store, undefined, job.counted);
  }
}
