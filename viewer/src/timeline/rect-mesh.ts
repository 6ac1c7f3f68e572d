// Instanced rectangles for pixi.js: one unit quad, one instance per rectangle (x0, y0, x1, y1 and
// an RGBA colour in one interleaved buffer) — a whole screen of spans is a single draw call.
// Coordinates are "build pixels"; the container's transform pans and zooms without a rebuild, and
// uMinW keeps every rectangle at least one screen pixel wide.
import { Buffer, BufferUsage, Geometry, GlProgram, Mesh, Shader, UniformGroup } from 'pixi.js';

const vertex = `
in vec2 aPosition;
in vec4 aRect;
in vec4 aColor;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform float uMinW;
out vec4 vColor;
void main() {
  float x1 = max(aRect.z, aRect.x + uMinW);
  vec2 p = vec2(mix(aRect.x, x1, aPosition.x), mix(aRect.y, aRect.w, aPosition.y));
  mat3 m = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((m * vec3(p, 1.0)).xy, 0.0, 1.0);
  vColor = aColor;
}`;

const fragment = `
in vec4 vColor;
out vec4 finalColor;
void main() {
  finalColor = vColor;
}`;

export const FLOATS_PER_RECT = 5;

export class RectMesh {
  readonly mesh: Mesh<Geometry, Shader>;
  private readonly buffer: Buffer;
  private readonly geometry: Geometry;
  private readonly uniforms: UniformGroup<{ uMinW: { value: number; type: 'f32' } }>;
  private f32: Float32Array;
  private u32: Uint32Array;
  private n = 0;

  constructor(capacity = 4096) {
    this.f32 = new Float32Array(capacity * FLOATS_PER_RECT);
    this.u32 = new Uint32Array(this.f32.buffer);
    this.buffer = new Buffer({ data: this.f32, usage: BufferUsage.VERTEX | BufferUsage.COPY_DST });
    this.geometry = new Geometry({
      attributes: {
        aPosition: [0, 0, 1, 0, 1, 1, 0, 1],
        aRect: { buffer: this.buffer, format: 'float32x4', stride: 20, offset: 0, instance: true },
        aColor: { buffer: this.buffer, format: 'unorm8x4', stride: 20, offset: 16, instance: true },
      },
      indexBuffer: [0, 1, 2, 0, 2, 3],
      instanceCount: 0,
    });
    this.uniforms = new UniformGroup({ uMinW: { value: 1, type: 'f32' } });
    const shader = new Shader({ glProgram: GlProgram.from({ vertex, fragment, name: 'pt-rects' }), resources: { rectUniforms: this.uniforms } });
    this.mesh = new Mesh({ geometry: this.geometry, shader });
  }

  /** Starts a new batch (capacity for at least n rectangles). */
  begin(n: number): void {
    if (n * FLOATS_PER_RECT > this.f32.length) {
      let cap = this.f32.length / FLOATS_PER_RECT;
      while (cap < n) cap *= 2;
      this.f32 = new Float32Array(cap * FLOATS_PER_RECT);
      this.u32 = new Uint32Array(this.f32.buffer);
    }
    this.n = 0;
  }

  push(x0: number, y0: number, x1: number, y1: number, abgr: number): void {
    const o = this.n * FLOATS_PER_RECT;
    this.f32[o] = x0;
    this.f32[o + 1] = y0;
    this.f32[o + 2] = x1;
    this.f32[o + 3] = y1;
    this.u32[o + 4] = abgr;
    this.n++;
  }

  /** Uploads the batch. */
  end(): void {
    if (this.buffer.data !== this.f32) this.buffer.data = this.f32;
    else this.buffer.update();
    this.geometry.instanceCount = this.n;
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
