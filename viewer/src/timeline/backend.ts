// What a drawing backend of the timeline does (WebGL through pixi.js, or a 2D canvas with the
// software rasterizer): it owns the sinks the scene is built into, measures labels, and draws a
// frame from a transform, label positions and overlay shapes. Which one to use: WebGL unless the
// browser's WebGL is itself software (SwiftShader, llvmpipe, WARP) or missing.
import type { RectSink } from './rect-batch.js';
import type { SceneLabel } from './scene.js';
import type { Shape } from './overlay.js';

export type BackendKind = 'webgl' | 'canvas';

export interface FrameDraw {
  /** Span rectangles to screen: x * worldScaleX + worldX, y + worldY (CSS pixels). */
  worldX: number;
  worldScaleX: number;
  /** Minus the scroll: shifts backgrounds, rectangles and labels alike. */
  worldY: number;
  /** Screen x of each label given to setLabels, NaN when it does not fit. */
  labelX: Float64Array;
  overlay: Shape[];
}

export interface Backend {
  readonly kind: BackendKind;
  /** Row backgrounds, screen x and world y. */
  readonly bg: RectSink;
  /** Spans and counters, in build pixels (see scene.ts). */
  readonly rects: RectSink;
  init(canvas: HTMLCanvasElement, width: number, height: number): Promise<void>;
  resize(width: number, height: number): void;
  /** The labels of the latest build; returns each one's text width in CSS pixels. */
  setLabels(labels: SceneLabel[]): number[];
  draw(f: FrameDraw): void;
  destroy(): void;
}

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/** 'canvas' when WebGL is missing or rendered in software, else 'webgl'. */
export function detectBackend(): BackendKind {
  const c = document.createElement('canvas');
  const gl = (c.getContext('webgl2') ?? c.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return 'canvas';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE_GL.test(name) ? 'canvas' : 'webgl';
}

export function cssColor(rgb: number, alpha = 1): string {
  const r = (rgb >> 16) & 255;
  const g = (rgb >> 8) & 255;
  const b = rgb & 255;
  return alpha >= 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${alpha})`;
}
