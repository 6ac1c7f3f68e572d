// The proc view of /jsontrace keeps one entry per P for each proc-scoped range (GC incremental
// sweeps begin and end on a P thousands of times), marked open or closed instead of deleted and
// added again. The ranges still open at the end are drawn in the order they were opened, as
// when the entries were deleted and added: a P whose range closed and opened again comes after
// a P whose range has been open since before. Real traces are compared with go tool trace in
// jsontrace-parity; this hand-written one has the reopened range.

import { describe, it, expect } from 'vitest';
import { metadataBatches, wireOf } from './support/text/wire-of.js';
import { parseTrace } from '../parser/index.js';
import { StackFrames, TextSink, generateTrace } from '../analysis/jsontrace/index.js';

const TEXT = [
  'Trace Go1.22',
  'EventBatch gen=1 m=0 time=0 size=0',
  'ProcStatus dt=1 p=0 pstatus=1',
  'GoStatus dt=1 g=1 m=0 gstatus=2',
  // P 0's sweep: open at t=3, closed at t=13, open again at t=23 (to the end).
  'GCSweepBegin dt=1 stack=0',
  'GCSweepEnd dt=10 swept_value=1 reclaimed_value=1',
  'GCSweepBegin dt=10 stack=0',
  'EventBatch gen=1 m=1 time=0 size=0',
  'ProcStatus dt=1 p=1 pstatus=1',
  'GoStatus dt=1 g=2 m=1 gstatus=2',
  // P 1's sweep: open from t=5 to the end.
  'GCSweepBegin dt=3 stack=0',
  ...metadataBatches(1e9),
  '',
].join('\n');

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
}

describe('/jsontrace proc ranges', () => {
  it('draws the ranges open at the end in the order they were last opened', () => {
    const store = parseTrace(wireOf(TEXT));
    expect(store.error).toBeNull();
    const frames = new StackFrames(store);
    const sink = new TextSink(frames);
    let body = '';
    for (const _ of generateTrace(store, { view: 'proc' }, sink, frames)) body += sink.take().join('');
    body += sink.take().join('');
    const events = (JSON.parse(body) as { traceEvents: TraceEvent[] }).traceEvents;
    const sweeps = events.filter((e) => e.ph === 'X' && e.name.includes('sweep'));
    // The closed one first (at its end), then the open ones: P 1 (open since t=5), P 0 (since t=23).
    expect(sweeps.map((e) => e.tid)).toEqual([0, 1, 0]);
    expect(sweeps[1]!.ts).toBeLessThan(sweeps[2]!.ts);
    expect(sweeps[0]!.dur).toBeGreaterThan(0);
  });
});
