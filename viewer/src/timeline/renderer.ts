// The timeline renderer, kept apart from data fetching and layout: rebuilds turn the rows near the
// view and the cached tiles into geometry (scene.ts) when data or rows change or the scroll leaves
// the rows built; a frame pans, zooms and scrolls that geometry by transform, places the labels
// that fit, and draws the overlay, through a backend: WebGL (pixi.js) on a real GPU, or the 2D
// canvas with the software rasterizer where WebGL itself would be software. Records its own
// per-frame CPU time.
import type { TimelineTracks } from '../../../api/types.js';
import type { Row } from './layout.js';
import type { TileStore } from './tiles.js';
import type { Window } from './view.js';
import { detectBackend, type Backend, type BackendKind } from './backend.js';
import { CanvasBackend } from './canvas-backend.js';
import { buildScene, type Scene } from './scene.js';
import { overlayShapes, type Arrow, type Highlight, type PathMarks, type SampleTicks } from './overlay.js';

export type { Arrow, Highlight, PathMarks, SampleTicks } from './overlay.js';

export class TimelineRenderer {
  private backend: Backend | null = null;
  private scene: Scene = { base: { t0: 0, t1: 1 }, baseScale: 1, labels: [] };
  private labelW: number[] = [];
  private labelX = new Float64Array(0);
  width = 1;
  height = 1;
  ready = false;
  /** CPU ms of the last frames (frame() calls), newest last. */
  readonly frameMs: number[] = [];
  rebuilds = 0;
  /** CPU ms of the last rebuilds. */
  readonly rebuildMs: number[] = [];

  /** Sets up the backend `prefer`red, else the detected one (see backend.ts). */
  async init(canvas: HTMLCanvasElement, width: number, height: number, prefer: BackendKind | null = null): Promise<void> {
    this.width = width;
    this.height = height;
    const kind = prefer ?? detectBackend();
    this.backend = kind === 'webgl' ? new (await import('./gl-backend.js')).GlBackend() : new CanvasBackend();
    await this.backend.init(canvas, width, height);
    this.ready = true;
  }

  /** 'webgl' or 'canvas' once initialized. */
  get kind(): BackendKind | null {
    return this.backend?.kind ?? null;
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.backend?.resize(width, height);
  }

  /** Rebuilds geometry for `rows` (those near the view) from the cached tiles, relative to `view` (the current window). */
  rebuild(rows: Row[], view: Window, store: TileStore, colors: Uint32Array, tracks: TimelineTracks): void {
    const b = this.backend;
    if (!b) return;
    this.rebuilds++;
    const started = performance.now();
    this.scene = buildScene(rows, view, this.width, store, colors, tracks, b.bg, b.rects);
    this.labelW = b.setLabels(this.scene.labels);
    if (this.labelX.length < this.labelW.length) this.labelX = new Float64Array(this.labelW.length * 2);
    this.rebuildMs.push(performance.now() - started);
    if (this.rebuildMs.length > 5000) this.rebuildMs.splice(0, 1000);
  }

  /** Draws a frame of `view` scrolled to `scrollY`: transforms only, labels placed, overlay redrawn. */
  frame(view: Window, sel: Window | null, hl: Highlight | null, arrow: Arrow | null, scrollY: number, band: { y: number; h: number } | null = null, path: PathMarks | null = null, ticks: SampleTicks | null = null): void {
    const b = this.backend;
    if (!this.ready || !b) return;
    const t = performance.now();
    const scale = this.width / (view.t1 - view.t0);
    const { base, baseScale, labels } = this.scene;
    const lx = this.labelX;
    for (let i = 0; i < labels.length; i++) {
      const s = labels[i]!;
      const x0 = Math.max(0, (s.t0 - view.t0) * scale);
      const x1 = Math.min(this.width, (s.t1 - view.t0) * scale);
      lx[i] = x1 - x0 > this.labelW[i]! + 6 ? x0 + 3 : NaN;
    }
    b.draw({
      worldX: (base.t0 - view.t0) * scale,
      worldScaleX: scale / baseScale,
      worldY: -scrollY,
      labelX: lx,
      overlay: overlayShapes({ view, width: this.width, height: this.height, scrollY, sel, hl, arrow, band, path, ticks }),
    });
    this.frameMs.push(performance.now() - t);
    if (this.frameMs.length > 5000) this.frameMs.splice(0, 1000);
  }

  get rectCount(): number {
    return this.backend?.rects.count ?? 0;
  }

  destroy(): void {
    this.backend?.destroy();
    this.backend = null;
    this.ready = false;
  }
}
