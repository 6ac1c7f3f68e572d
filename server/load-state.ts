// Where a trace's loading stands: what /api/progress says and what the loading gate
// (loading-gate.ts) reads. The server listens before the trace is parsed; this is the one
// place that knows whether the data behind the pages is complete yet.

import type { Progress, ProgressSoFar, TimelinePreviewInfo } from '../api/types.js';

export type LoadPhase = Progress['phase'];

export class LoadState {
  phase: LoadPhase;
  bytesDone = 0;
  generationsDone = 0;
  generationsTotal = 0;
  message: string | undefined;
  /** The overview's numbers over what was read so far (set by the loader while it parses). */
  soFar: (() => ProgressSoFar | undefined) | null = null;
  /** What the timeline shown while loading covers (set by the loader once it has one). */
  timelinePreview: (() => TimelinePreviewInfo | undefined) | null = null;
  private readonly settled: Promise<void>;
  private settle!: () => void;

  constructor(
    readonly bytesTotal: number,
    phase: LoadPhase = 'parsing',
  ) {
    this.phase = phase;
    this.settled = new Promise((r) => (this.settle = r));
    if (phase === 'ready' || phase === 'failed') this.settle();
  }

  /** Whether every page answers from complete data. */
  get ready(): boolean {
    return this.phase === 'ready';
  }

  /** Resolves once the trace is ready or loading failed (never rejects). */
  whenSettled(): Promise<void> {
    return this.settled;
  }

  /** Parsing done: the analyses run. */
  analyzing(generations: number): void {
    this.bytesDone = this.bytesTotal;
    this.generationsDone = generations;
    this.generationsTotal = generations;
    this.phase = 'analyzing';
  }

  done(generations: number): void {
    this.bytesDone = this.bytesTotal;
    this.generationsDone = generations;
    this.generationsTotal = generations;
    this.soFar = null;
    this.timelinePreview = null;
    this.phase = 'ready';
    this.settle();
  }

  fail(message: string): void {
    this.phase = 'failed';
    this.message = message;
    this.settle();
  }

  progress(): Progress {
    const p: Progress = {
      phase: this.phase,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      generationsDone: this.generationsDone,
      generationsTotal: this.generationsTotal,
    };
    if (this.message !== undefined) p.message = this.message;
    const soFar = this.phase === 'ready' ? undefined : this.soFar?.();
    if (soFar !== undefined) p.soFar = soFar;
    const preview = this.phase === 'ready' || this.phase === 'failed' ? undefined : this.timelinePreview?.();
    if (preview !== undefined) p.timeline = preview;
    return p;
  }
}
