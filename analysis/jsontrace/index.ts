// go tool trace's trace-viewer data (/jsontrace): Catapult trace events of a trace by proc, by
// thread or by goroutine, optionally focused on a task, and the ranges big outputs are split into.

export { generateTrace, relatedGoroutines, viewerSpan } from './generate.js';
export type { GenOptions, ViewKind } from './generate.js';
export { TextSink } from './sink.js';
export type { TraceSink } from './sink.js';
export { StackFrames } from './stack-frames.js';
export { taskFocus, taskFirstGoroutine, taskGoroutines } from './task-focus.js';
export { compareTraceEvents, describeDiff, eventKey } from './compare-events.js';
export type { TraceDoc, EventDiff } from './compare-events.js';

import type { EventStore } from '../../parser/events.js';
import { generateTrace, GenOptions } from './generate.js';
import { TextSink } from './sink.js';
import { StackFrames } from './stack-frames.js';

/** The whole /jsontrace body at once (for tests and small traces; the server streams). */
export function jsonTraceText(store: EventStore, opts: GenOptions, startIdx?: number, endIdx?: number): string {
  const frames = new StackFrames(store);
  const sink = new TextSink(frames, startIdx, endIdx);
  const parts: string[] = [];
  for (const _ of generateTrace(store, opts, sink, frames)) parts.push(...sink.take());
  parts.push(...sink.take());
  return parts.join('');
}
