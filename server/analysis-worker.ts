// Worker thread entry: holds the parsed store (its event columns are shared memory, so nothing
// is copied) and runs the server's heavy analyses off the serving thread, one at a time: the
// timeline model and mutator utilization series (sent back by transfer) and the records of
// blocking profiles (analysis-pool.ts).

import { parentPort } from 'node:worker_threads';
import { EventStore } from '../parser/events.js';
import { buildTimeline } from '../analysis/timeline/build.js';
import { warmTimeline } from '../analysis/timeline/lod.js';
import { packTimeline } from '../analysis/timeline/transfer.js';
import { pprofRecords, type PprofType } from '../analysis/pprof-records.js';
import { unpackIntervals, type PackedIntervals } from '../analysis/pprof-intervals.js';
import type { TraceSpan } from '../analysis/trace-span.js';
import { mutatorUtilization } from '../analysis/mmu-util.js';

export type AnalysisJob =
  | { job: 'init'; store: EventStore }
  | { job: 'timeline'; id: number }
  | { job: 'pprof'; id: number; type: PprofType; intervals: PackedIntervals; span: TraceSpan }
  | { job: 'util'; id: number; flags: number };

let store: EventStore | null = null;

parentPort!.on('message', (msg: AnalysisJob) => {
  if (msg.job === 'init') {
    store = EventStore.revive(msg.store);
    return;
  }
  try {
    if (msg.job === 'timeline') {
      const tl = buildTimeline(store!);
      // The P tracks show on the timeline's first screen; thread tracks start collapsed.
      warmTimeline(tl, Infinity, false);
      const { packed, transfer } = packTimeline(tl);
      parentPort!.postMessage({ id: msg.id, result: packed }, transfer);
    } else if (msg.job === 'util') {
      const series = mutatorUtilization(store!, msg.flags);
      const buffers = new Set(series.flatMap((u) => [u.time.buffer as ArrayBuffer, u.util.buffer as ArrayBuffer]));
      parentPort!.postMessage({ id: msg.id, result: series }, [...buffers]);
    } else {
      parentPort!.postMessage({ id: msg.id, result: pprofRecords(store!, msg.type, unpackIntervals(msg.intervals), msg.span) });
    }
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message });
  }
});
