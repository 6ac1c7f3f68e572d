// The one pass over the events that gives the goroutine analysis (summaries), the goroutines'
// fates and the user tasks, fed a chunk at a time: while the trace streams in, after the parse
// with the event loop let in between, or over a whole parsed store at once.

import type { Chunk, EventStore } from '../parser/events.js';
import { GoroutineSummaries, GoroutineSummarizer } from './goroutine-summary.js';
import { GoroutineFates } from './goroutine-fates.js';
import { TaskPass } from './task-pass.js';

/** What the pass gives once every chunk is fed. */
export interface GoroutinePassResult {
  summaries: GoroutineSummaries;
  fates: GoroutineFates;
  taskPass: TaskPass;
}

export class GoroutinePass {
  private readonly fates = new GoroutineFates();
  private readonly taskPass: TaskPass;
  private readonly summarizer: GoroutineSummarizer;

  constructor(store: EventStore) {
    this.taskPass = new TaskPass(store);
    this.summarizer = new GoroutineSummarizer([this.fates, this.taskPass]);
  }

  /** The pass over every chunk of a parsed store. */
  static over(store: EventStore): GoroutinePassResult {
    const p = new GoroutinePass(store);
    for (const c of store.chunks) p.feed(store, c);
    return p.finish();
  }

  /** The next chunk, in order (all from the same store). */
  feed(store: EventStore, c: Chunk): void {
    this.summarizer.feed(store, c);
  }

  finish(): GoroutinePassResult {
    return { summaries: this.summarizer.finish(), fates: this.fates, taskPass: this.taskPass };
  }
}
