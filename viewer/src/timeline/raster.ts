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
    let sorted = true;
    while (j < n && y0[j] === ry0 && y1[j] === ry1) {
      if (x0[j]! < x0[j - 1]! || x1[j]! < x1[j - 1]!) sorted = false;
      j++;
    }
    const top = Math.max(0, edge(ry0 * sy + ty));
    const bottom = Math.min(H, edge(ry1 * sy + ty));
    if (top >= bottom) {
      i = j;
      continue;
    }
    if (j === i + 1) {
      // A lone rectangle (a counter column): straight to its pixels.
      const fx0 = x0[i]! * sx + tx;
      const fx1 = Math.max(x1[i]! * sx + tx, fx0 + minW);
      const a = Math.max(0, edge(fx0));
      const e = Math.min(W, edge(fx1));
      if (e > a) fillBox(px, W, top * W + a, e - a, bottom - top, color[i]!);
      i = j;
      continue;
    }
    // A sorted run (a track's spans) starts at its first rectangle reaching the screen and stops
    // at the first one past its right edge.
    const stopAtRight = sorted;
    if (sorted && j - i > 16) i = firstReaching(x0, x1, i, j, sx, tx, minW);
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
      if (a >= W) {
        if (stopAtRight) break;
        continue;
      }
      if (e <= 0) continue;
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
    i = j;
  }
}

/** In [i, j) sorted by x0 and x1, the first rectangle whose right edge covers a pixel of x >= 0. */
function firstReaching(x0: Float64Array, x1: Float64Array, i: number, j: number, sx: number, tx: number, minW: number): number {
  let lo = i;
  let hi = j;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const fx0 = x0[mid]! * sx + tx;
    if (Math.max(x1[mid]! * sx + tx, fx0 + minW) <= 0.5) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fills w x h pixels from offset o. */
function fillBox(px: Uint32Array, W: number, o: number, w: number, h: number, c: number): void {
  if (w === 1) {
    for (const end = o + h * W; o < end; o += W) px[o] = c;
  } else if (w < 16) {
    for (let k = 0; k < h; k++, o += W) for (let x = o, xe = o + w; x < xe; x++) px[x] = c;
  } else {
    for (let k = 0; k < h; k++, o += W) px.fill(c, o, o + w);
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
