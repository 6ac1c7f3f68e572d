// Batched rectangles for pixi.js: every rectangle of the visible rows goes into one vertex buffer
// (4 vertices: x, y, the rectangle's left edge, an RGBA colour) and one index buffer — a whole
// screen of spans is a single draw call. (Plain triangles rather than instancing: software GL
// such as SwiftShader draws instanced quads far slower.) Coordinates are "build pixels"; the
// container's transform pans and zooms without a rebuild, and uMinW keeps every rectangle at
// least one screen pixel wide.
import { Buffer, BufferUsage, Geometry, GlProgram, Mesh, Shader, UniformGroup } from 'pixi.js';
import type { RectSink } from './rect-batch.js';

const vertex = `
in vec3 aPos;
in vec4 aColor;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform float uMinW;
out vec4 vColor;
void main() {
  float x = aPos.x > aPos.z ? max(aPos.x, aPos.z + uMinW) : aPos.x;
  mat3 m = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((m * vec3(x, aPos.y, 1.0)).xy, 0.0, 1.0);
  vColor = aColor;
}`;

const fragment = `
in vec4 vColor;
out vec4 finalColor;
void main() {
  finalColor = vColor;
}`;

/** 4 floats per vertex (x, y, left, colour bits), 4 vertices per rectangle. */
const FLOATS_PER_RECT = 16;

export class RectMesh implements RectSink {
  readonly mesh: Mesh<Geometry, Shader>;
  private readonly vbuf: Buffer;
  private readonly ibuf: Buffer;
  private readonly geometry: Geometry;
  private readonly uniforms: UniformGroup<{ uMinW: { value: number; type: 'f32' } }>;
  private f32: Float32Array;
  private u32: Uint32Array;
  private idx: Uint32Array;
  private n = 0;

  constructor(capacity = 4096) {
    this.f32 = new Float32Array(capacity * FLOATS_PER_RECT);
    this.u32 = new Uint32Array(this.f32.buffer);
    this.idx = RectMesh.indices(capacity);
    this.vbuf = new Buffer({ data: this.f32, usage: BufferUsage.VERTEX | BufferUsage.COPY_DST });
    this.ibuf = new Buffer({ data: this.idx, usage: BufferUsage.INDEX | BufferUsage.COPY_DST });
    this.geometry = new Geometry({
      attributes: {
        aPos: { buffer: this.vbuf, format: 'float32x3', stride: 16, offset: 0 },
        aColor: { buffer: this.vbuf, format: 'unorm8x4', stride: 16, offset: 12 },
      },
      indexBuffer: this.ibuf,
    });
    this.uniforms = new UniformGroup({ uMinW: { value: 1, type: 'f32' } });
    const shader = new Shader({ glProgram: GlProgram.from({ vertex, fragment, name: 'pt-rects' }), resources: { rectUniforms: this.uniforms } });
    this.mesh = new Mesh({ geometry: this.geometry, shader });
  }

  private static indices(cap: number): Uint32Array {
    const a = new Uint32Array(cap * 6);
    for (let i = 0, v = 0, o = 0; i < cap; i++, v += 4, o += 6) {
      a[o] = v;
      a[o + 1] = v + 1;
      a[o + 2] = v + 2;
      a[o + 3] = v;
      a[o + 4] = v + 2;
      a[o + 5] = v + 3;
    }
    return a;
  }

  /** Starts a new batch (capacity for at least n rectangles). */
  begin(n: number): void {
    if (n * FLOATS_PER_RECT > this.f32.length) {
      let cap = this.f32.length / FLOATS_PER_RECT;
      while (cap < n) cap *= 2;
      this.f32 = new Float32Array(cap * FLOATS_PER_RECT);
      this.u32 = new Uint32Array(this.f32.buffer);
      this.idx = RectMesh.indices(cap);
    }
    this.n = 0;
  }

  push(x0: number, y0: number, x1: number, y1: number, abgr: number): void {
    const o = this.n * FLOATS_PER_RECT;
    const f = this.f32;
    const u = this.u32;
    const r = x1 > x0 ? x1 : x0 + 1e-3;
    f[o] = x0;
    f[o + 1] = y0;
    f[o + 2] = x0;
    u[o + 3] = abgr;
    f[o + 4] = r;
    f[o + 5] = y0;
    f[o + 6] = x0;
    u[o + 7] = abgr;
    f[o + 8] = r;
    f[o + 9] = y1;
    f[o + 10] = x0;
    u[o + 11] = abgr;
    f[o + 12] = x0;
    f[o + 13] = y1;
    f[o + 14] = x0;
    u[o + 15] = abgr;
    this.n++;
  }

  /** Uploads the batch. */
  end(): void {
    if (this.vbuf.data !== this.f32) this.vbuf.data = this.f32;
    else this.vbuf.update();
    if (this.ibuf.data !== this.idx) this.ibuf.data = this.idx;
    this.geometry.indexCount = this.n * 6;
    this.mesh.visible = this.n > 0;
  }

  get count(): number {
    return this.n;
  }

  /** Minimum width in build pixels (one screen pixel at the current zoom). */
  set minWidth(w: number) {
    this.uniforms.uniforms.uMinW = w;
  }
}
