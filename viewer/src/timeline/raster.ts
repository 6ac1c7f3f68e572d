// Software rasterizer of rectangle batches into an RGBA pixel buffer (for a 2D canvas'
// putImageData): where WebGL itself runs in software (SwiftShader), reading its frames back for the
// compositor costs more than the whole frame budget, while filling typed arrays is cheap.
// Coverage follows GL's rule (a pixel is covered when its centre is inside), rectangles are at
// least `minW` pixels wide, later rectangles paint over earlier ones. Consecutive rectangles with
// the same vertical extent (a track row's spans) are drawn on their first line only, and each
// contiguous stretch of them is then copied down the other lines, so a row of thousands of thin
// spans costs one fill per span plus a few line copies.
import type { RectBatch } from './rect-batch.js';

/** A width x height pixel array, one packed RGBA (little-endian ABGR) u32 per pixel. */
export interface Pixels {
  width: number;
  height: number;
  px: Uint32Array;
}

/** Pixels backed by an ImageData, for putImageData. */
export class PixelBuffer implements Pixels {
  width = 0;
  height = 0;
  image: ImageData | null = null;
  px = new Uint32Array(0);

  resize(width: number, height: number): void {
    if (width === this.width && height === this.height && this.image) return;
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    this.image = new ImageData(this.width, this.height);
    this.px = new Uint32Array(this.image.data.buffer);
  }

  clear(abgr: number): void {
    this.px.fill(abgr);
  }
}

/** First pixel whose centre is at or right of x (GL's coverage rule). */
const edge = (x: number): number => Math.ceil(x - 0.5);

/**
 * Draws the batch's rectangles with device x = x * sx + tx, y = y * sy + ty, each at least minW
 * device pixels wide (the right edge moves, as the WebGL shader does).
 */
export function fillRects(fb: Pixels, b: RectBatch, sx: number, tx: number, sy: number, ty: number, minW: number): void {
  const W = fb.width;
  const H = fb.height;
  const px = fb.px;
  const { x0, y0, x1, y1, color } = b;
  const n = b.count;
  let i = 0;
  while (i < n) {
    // A run: rectangles i..j-1 with the same vertical extent.
    const ry0 = y0[i]!;
    const ry1 = y1[i]!;
    let j = i + 1;
    while (j < n && y0[j] === ry0 && y1[j] === ry1) j++;
    const top = Math.max(0, edge(ry0 * sy + ty));
    const bottom = Math.min(H, edge(ry1 * sy + ty));
    if (top >= bottom) {
      i = j;
      continue;
    }
    const line = top * W;
    const lines = bottom - top;
    // The stretch of the first line painted since the last copy-down.
    let segA = 0;
    let segB = -1;
    for (; i < j; i++) {
      const fx0 = x0[i]! * sx + tx;
      const fx1 = Math.max(x1[i]! * sx + tx, fx0 + minW);
      let a = edge(fx0);
      let e = edge(fx1);
      if (e <= 0 || a >= W) continue;
      if (a < 0) a = 0;
      if (e > W) e = W;
      if (e <= a) continue;
      const c = color[i]!;
      if (e - a === 1) px[line + a] = c;
      else px.fill(c, line + a, line + e);
      if (lines > 1) {
        if (a <= segB && a >= segA) {
          if (e > segB) segB = e;
        } else {
          if (segB > segA) copyDown(px, W, line, lines, segA, segB);
          segA = a;
          segB = e;
        }
      }
    }
    if (lines > 1 && segB > segA) copyDown(px, W, line, lines, segA, segB);
  }
}

/** Copies pixels [a, b) of the line at `line` to the `lines - 1` lines below it. */
function copyDown(px: Uint32Array, W: number, line: number, lines: number, a: number, b: number): void {
  if (b - a === 1) {
    const c = px[line + a]!;
    for (let k = 1, o = line + W + a; k < lines; k++, o += W) px[o] = c;
    return;
  }
  const src = px.subarray(line + a, line + b);
  for (let k = 1, o = line + W + a; k < lines; k++, o += W) px.set(src, o);
}
