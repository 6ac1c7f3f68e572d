// The 2D-canvas backend: row backgrounds and spans rasterized in software into one pixel buffer
// (put with putImageData), then labels and the overlay drawn with the 2D API on top. Used where
// WebGL runs in software, so that a frame costs the pixels it fills and nothing is read back.
import type { Backend, FrameDraw } from './backend.js';
import { cssColor } from './backend.js';
import { RectBatch } from './rect-batch.js';
import { PixelBuffer, fillRects } from './raster.js';
import type { SceneLabel } from './scene.js';
import type { Shape } from './overlay.js';

const WHITE = 0xffffffff;
const LABEL_FONT = '10px Arial';

export class CanvasBackend implements Backend {
  readonly kind = 'canvas' as const;
  readonly bg = new RectBatch(256);
  readonly rects = new RectBatch(4096);
  private canvas: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
  private fb = new PixelBuffer();
  private dpr = 1;
  private width = 1;
  private height = 1;
  private labels: SceneLabel[] = [];
  private textWidth = new Map<string, number>();

  async init(canvas: HTMLCanvasElement, width: number, height: number): Promise<void> {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d', { alpha: false });
    if (!this.ctx) throw new Error('timeline: no 2D canvas context');
    this.resize(width, height);
  }

  resize(width: number, height: number): void {
    const c = this.canvas!;
    this.dpr = window.devicePixelRatio || 1;
    this.width = width;
    this.height = height;
    c.width = Math.max(1, Math.round(width * this.dpr));
    c.height = Math.max(1, Math.round(height * this.dpr));
    c.style.width = `${width}px`;
    c.style.height = `${height}px`;
    this.fb.resize(c.width, c.height);
  }

  setLabels(labels: SceneLabel[]): number[] {
    this.labels = labels;
    const ctx = this.ctx!;
    ctx.font = LABEL_FONT;
    return labels.map((l) => {
      let w = this.textWidth.get(l.text);
      if (w === undefined) {
        w = ctx.measureText(l.text).width;
        if (this.textWidth.size > 10_000) this.textWidth.clear();
        this.textWidth.set(l.text, w);
      }
      return w;
    });
  }

  draw(f: FrameDraw): void {
    const ctx = this.ctx!;
    const fb = this.fb;
    const d = this.dpr;
    fb.clear(WHITE);
    fillRects(fb, this.bg, d, 0, d, f.worldY * d, 0);
    fillRects(fb, this.rects, f.worldScaleX * d, f.worldX * d, d, f.worldY * d, d);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.putImageData(fb.image!, 0, 0);
    ctx.setTransform(d, 0, 0, d, 0, 0);
    ctx.font = LABEL_FONT;
    ctx.fillStyle = '#111111';
    ctx.textBaseline = 'top';
    for (let i = 0; i < this.labels.length; i++) {
      const x = f.labelX[i]!;
      if (x === x) ctx.fillText(this.labels[i]!.text, x, this.labels[i]!.y + f.worldY + 1);
    }
    for (const s of f.overlay) drawShape(ctx, s);
  }

  destroy(): void {
    this.ctx = null;
    this.canvas = null;
  }
}

function drawShape(ctx: CanvasRenderingContext2D, s: Shape): void {
  switch (s.kind) {
    case 'fill':
      ctx.fillStyle = cssColor(s.color, s.alpha);
      ctx.fillRect(s.x, s.y, s.w, s.h);
      return;
    case 'stroke':
      ctx.strokeStyle = cssColor(s.color);
      ctx.lineWidth = s.width;
      ctx.strokeRect(s.x, s.y, s.w, s.h);
      return;
    case 'line':
      ctx.strokeStyle = cssColor(s.color);
      ctx.lineWidth = s.width;
      ctx.beginPath();
      ctx.moveTo(s.x0, s.y0);
      ctx.lineTo(s.x1, s.y1);
      ctx.stroke();
      return;
    case 'poly':
      ctx.fillStyle = cssColor(s.color);
      ctx.beginPath();
      ctx.moveTo(s.points[0]!, s.points[1]!);
      for (let i = 2; i + 1 < s.points.length; i += 2) ctx.lineTo(s.points[i]!, s.points[i + 1]!);
      ctx.closePath();
      ctx.fill();
      return;
    case 'circle':
      ctx.fillStyle = cssColor(s.color);
      ctx.beginPath();
      ctx.arc(s.x, s.y, s.r, 0, 2 * Math.PI);
      ctx.fill();
      return;
  }
}
