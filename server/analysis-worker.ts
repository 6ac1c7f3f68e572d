// Worker thread entry: holds the parsed store (its event columns are shared memory, so nothing
// is copied) and runs the server's heavy analyses off the serving thread, one at a time: the
// timeline model (its rows, then its counters) and mutator utilization series (sent back by
// transfer), the records of blocking profiles and where their stackless samples come from
// (analysis-worker-client.ts).

import { parentPort } from 'node:worker_threads';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { EventStore } from '../parser/events.js';
import { buildTimelineRows, withCounters } from '../analysis/timeline/build.js';
import { packCounters, packRows } from '../analysis/timeline/transfer.js';
import { RowCounts } from '../analysis/timeline/row-counts.js';
import { pprofRecords } from '../analysis/pprof-records.js';
import { emptyStackOrigins } from '../analysis/empty-stack-origins.js';
import type { PprofKind } from '../api/profile-kinds.js';
import { unpackIntervals, type Interval, type PackedIntervals } from '../analysis/pprof-intervals.js';
import type { TraceSpan } from '../analysis/trace-span.js';
import { mutatorUtilization } from '../analysis/mmu-util.js';
import { ColumnCache } from './event-spill.js';
import { collectGarbage } from './collect-garbage.js';

// Chunks the serving thread spilled to disk are read back here, into this thread's own cache.
ColumnCache.install();

export type AnalysisJob =
  /** nice: run this thread at that lower priority (timeline-preview.ts: the parse comes first). */
  | { job: 'init'; store: EventStore; nice?: number }
  /** counted: the rows pass's first pass, done while the trace was parsed (RowCounts, cloned). */
  | { job: 'timeline'; id: number; counted?: RowCounts | null }
  | { job: 'pprof' | 'origins'; id: number; kind: PprofKind; intervals: PackedIntervals; span: TraceSpan; window?: Interval | null }
  | { job: 'util'; id: number; flags: number };

let store: EventStore | null = null;

/** Lowers this thread's scheduling priority (Linux: a thread id set apart by /proc/thread-self); elsewhere nothing. */
function lowerPriority(nice: number): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && getPriority(tid) < nice) setPriority(tid, nice);
  } catch {
    // No /proc, or not allowed: the thread keeps its priority.
  }
}

parentPort!.on('message', (msg: AnalysisJob) => {
  if (msg.job === 'init') {
    store = EventStore.revive(msg.store);
    if (msg.nice !== undefined) lowerPriority(msg.nice);
    return;
  }
  try {
    if (msg.job === 'timeline') {
      // The rows go first: the serving thread adds the region and task tracks to them, and
      // builds the level-of-detail summaries of the P and busy goroutine tracks (the timeline's
      // first screen), while the counters are built here.
      const counted = msg.counted ? RowCounts.revive(msg.counted) : null;
      // Events read back from disk are read once: the counters take the metric values the rows
      // pass kept, and the chunks it read back go before the rest of the model is made.
      const { rows, steps } = buildTimelineRows(store!, undefined, { counted, keepMetricValues: store!.eventsOnDisk });
      ColumnCache.shed();
      const r = packRows(rows);
      parentPort!.postMessage({ id: msg.id, part: r.packed }, r.transfer);
      const c = packCounters(withCounters(rows, steps).counters);
      parentPort!.postMessage({ id: msg.id, result: c.packed }, c.transfer);
    } else if (msg.job === 'util') {
      const series = mutatorUtilization(store!, msg.flags);
      const buffers = new Set(series.flatMap((u) => [u.time.buffer as ArrayBuffer, u.util.buffer as ArrayBuffer]));
      parentPort!.postMessage({ id: msg.id, result: series }, [...buffers]);
    } else if (msg.job === 'origins') {
      parentPort!.postMessage({ id: msg.id, result: emptyStackOrigins(store!, msg.kind, unpackIntervals(msg.intervals), msg.span, msg.window ?? null) });
    } else {
      parentPort!.postMessage({ id: msg.id, result: pprofRecords(store!, msg.kind, unpackIntervals(msg.intervals), msg.span, msg.window ?? null) });
    }
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message });
  }
  // Every job but the timeline's (which shed already) read the events from start to end: the
  // chunks it read back are not wanted by the next, which reads its own. Let them and their
  // buffers go now rather than at some later collection (the sync profile of the 210 MB trace
  // left ~70 MiB behind).
  if (msg.job !== 'timeline' && store!.eventsOnDisk) {
    ColumnCache.shed();
    collectGarbage();
  }
});
