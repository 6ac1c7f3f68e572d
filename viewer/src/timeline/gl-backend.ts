// The WebGL backend (pixi.js 8): row backgrounds and spans in two rectangle meshes (the spans'
// container pans and zooms by transform only), labels as pooled BitmapTexts, the overlay as one
// Graphics redrawn each frame.
import { Application, BitmapText, Container, Graphics } from 'pixi.js';
import type { Backend, FrameDraw } from './backend.js';
import { RectMesh } from './rect-mesh.js';
import type { SceneLabel } from './scene.js';
import type { Shape } from './overlay.js';

export class GlBackend implements Backend {
  readonly kind = 'webgl' as const;
  private readonly app = new Application();
  private readonly world = new Container();
  /** Plain-colour shader: pixi's batched Graphics shader is far slower in software GL. */
  readonly bg = new RectMesh(256);
  readonly rects = new RectMesh();
  private readonly labelLayer = new Container();
  private readonly overlay = new Graphics();
  private readonly pool: BitmapText[] = [];
  private shown = 0;
  private ready = false;

  async init(canvas: HTMLCanvasElement, width: number, height: number): Promise<void> {
    await this.app.init({
      canvas,
      width,
      height,
      preference: 'webgl',
      antialias: false,
      background: '#ffffff',
      resolution: window.devicePixelRatio || 1,
      autoDensity: true,
      autoStart: false,
      sharedTicker: false,
    });
    this.app.ticker?.stop();
    this.world.addChild(this.rects.mesh);
    this.app.stage.addChild(this.bg.mesh, this.world, this.labelLayer, this.overlay);
    this.ready = true;
  }

  resize(width: number, height: number): void {
    this.app.renderer.resize(width, height);
  }

  setLabels(labels: SceneLabel[]): number[] {
    while (this.pool.length < labels.length) {
      const t = new BitmapText({ text: '', style: { fontFamily: 'Arial', fontSize: 10, fill: 0x111111 } });
      this.pool.push(t);
      this.labelLayer.addChild(t);
    }
    const widths: number[] = [];
    for (let i = 0; i < this.pool.length; i++) {
      const t = this.pool[i]!;
      const l = labels[i];
      if (!l) {
        t.visible = false;
        continue;
      }
      if (t.text !== l.text) t.text = l.text;
      t.y = l.y;
      widths.push(t.width);
    }
    this.shown = labels.length;
    return widths;
  }

  draw(f: FrameDraw): void {
    this.world.x = f.worldX;
    this.world.y = f.worldY;
    this.bg.mesh.y = f.worldY;
    this.labelLayer.y = f.worldY;
    this.world.scale.x = f.worldScaleX;
    this.rects.minWidth = 1 / f.worldScaleX;
    for (let i = 0; i < this.shown; i++) {
      const lab = this.pool[i]!;
      const x = f.labelX[i]!;
      lab.visible = x === x;
      if (x === x) lab.x = x;
    }
    const o = this.overlay;
    o.clear();
    for (const s of f.overlay) drawShape(o, s);
    this.app.render();
  }

  destroy(): void {
    if (this.ready) this.app.destroy(false, { children: true });
    this.ready = false;
  }
}

function drawShape(o: Graphics, s: Shape): void {
  switch (s.kind) {
    case 'fill':
      o.rect(s.x, s.y, s.w, s.h).fill(s.alpha < 1 ? { color: s.color, alpha: s.alpha } : s.color);
      return;
    case 'stroke':
      o.rect(s.x, s.y, s.w, s.h).stroke({ color: s.color, width: s.width });
      return;
    case 'line':
      o.moveTo(s.x0, s.y0).lineTo(s.x1, s.y1).stroke({ color: s.color, width: s.width });
      return;
    case 'poly':
      o.poly(s.points).fill(s.color);
      return;
    case 'circle':
      o.circle(s.x, s.y, s.r).fill(s.color);
      return;
  }
}
