// The timeline's hooks for the end-to-end tests (tests/e2e) and the frame benchmark
// (bench/frame-bench.ts): window.__timeline, through which they set the window and scroll, expand
// every group and read what was drawn, and the frame timings it exposes. Not used by the page
// itself.

import type { TimelineRenderer } from './renderer.js';
import type { Window } from './view.js';

/** Timings kept: the newest 4000 to 5000. */
const KEEP = 5000;

function trim(a: number[]): void {
  if (a.length > KEEP) a.splice(0, 1000);
}

/** Per-frame timings of the page's frame loop. */
export class FrameTimings {
  /** CPU ms of whole frames (rebuild, render, axis), newest last. */
  readonly frameMs: number[] = [];
  /** requestAnimationFrame timestamp deltas between frames drawn back to back (animations). */
  readonly rafDeltas: number[] = [];
  private lastRaf = 0;

  /** A frame begins at rAF time `now`. */
  begin(now: number): void {
    if (this.lastRaf) this.rafDeltas.push(now - this.lastRaf);
    trim(this.rafDeltas);
    this.lastRaf = now;
  }

  /** A frame begun at performance.now() `started` was drawn; `more`: another follows at once (animation). */
  end(started: number, more: boolean): void {
    this.frameMs.push(performance.now() - started);
    trim(this.frameMs);
    if (!more) this.lastRaf = 0;
  }
}

/** window.__timeline. */
export interface TimelineHandle {
  getView(): Window;
  setView(t0: number, t1: number): void;
  scrollTo(y: number): void;
  scrollY(): number;
  expandAll(): void;
  renderer: TimelineRenderer;
  backend(): string | null;
  rowCount(): number;
  layoutHeight(): number;
  /** A row's top (px below the canvas' top, scrolled) and height; null if no row has the key. */
  rowBox(key: string): { y: number; height: number } | null;
  rectCount(): number;
  frameMs: number[];
  renderMs: number[];
  rebuildMs: number[];
  rafDeltas: number[];
  rebuilds(): number;
  tileRequests(): number;
  /** The pending refinement timer (0 if none). */
  pendingRefine(): number;
  /** The critical path's marks drawn (segments on shown rows, hand-over arrows). */
  pathMarks(): { spans: number; arrows: number };
  /** CPU sample ticks of the rows built (all of their samples, in view or not). */
  sampleTicks(): number;
}

type HookedWindow = { __timeline?: TimelineHandle };

/** Sets window.__timeline; returns its removal. */
export function installTimelineHandle(h: TimelineHandle): () => void {
  (window as unknown as HookedWindow).__timeline = h;
  return removeTimelineHandle;
}

export function removeTimelineHandle(): void {
  delete (window as unknown as HookedWindow).__timeline;
}
