// A batch of axis-aligned rectangles in plain typed arrays (x0, y0, x1, y1, packed colour), for the
// software rasterizer; RectSink is what the scene builder writes rectangles into, so the same
// build feeds either this batch or the WebGL mesh.

export interface RectSink {
  /** Starts a new batch with room for at least n rectangles. */
  begin(n: number): void;
  /** One rectangle; `abgr` as packColor makes it. */
  push(x0: number, y0: number, x1: number, y1: number, abgr: number): void;
  /** Ends the batch (uploads it, for a GPU mesh). */
  end(): void;
  readonly count: number;
}

export class RectBatch implements RectSink {
  x0: Float64Array;
  y0: Float64Array;
  x1: Float64Array;
  y1: Float64Array;
  color: Uint32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.x0 = new Float64Array(capacity);
    this.y0 = new Float64Array(capacity);
    this.x1 = new Float64Array(capacity);
    this.y1 = new Float64Array(capacity);
    this.color = new Uint32Array(capacity);
  }

  begin(n: number): void {
    if (n > this.x0.length) {
      let cap = this.x0.length;
      while (cap < n) cap *= 2;
      this.x0 = new Float64Array(cap);
      this.y0 = new Float64Array(cap);
      this.x1 = new Float64Array(cap);
      this.y1 = new Float64Array(cap);
      this.color = new Uint32Array(cap);
    }
    this.n = 0;
  }

  push(x0: number, y0: number, x1: number, y1: number, abgr: number): void {
    const i = this.n++;
    this.x0[i] = x0;
    this.y0[i] = y0;
    this.x1[i] = x1;
    this.y1[i] = y1;
    this.color[i] = abgr;
  }

  end(): void {}

  get count(): number {
    return this.n;
  }
}
