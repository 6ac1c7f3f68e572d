// Minimal PNG decoder for screenshots (8-bit RGB/RGBA, non-interlaced): enough to count the
// pixels a canvas has drawn.
import { inflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  data: Uint8Array;
}

export function decodePng(buf: Uint8Array): Image {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Uint8Array[] = [];
  while (off < buf.length) {
    const len = dv.getUint32(off);
    const type = String.fromCharCode(...buf.subarray(off + 4, off + 8));
    const body = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = dv.getUint32(off + 8);
      height = dv.getUint32(off + 12);
      const depth = body[8]!;
      colorType = body[9]!;
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || body[12] !== 0) throw new Error('png: unsupported format');
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = colorType === 6 ? 4 : 3;
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      let v = line[i]!;
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      out[(y * width + x) * 4] = cur[x * bpp]!;
      out[(y * width + x) * 4 + 1] = cur[x * bpp + 1]!;
      out[(y * width + x) * 4 + 2] = cur[x * bpp + 2]!;
      out[(y * width + x) * 4 + 3] = bpp === 4 ? cur[x * bpp + 3]! : 255;
    }
    prev.set(cur);
  }
  return { width, height, data: out };
}

/** Pixels differing from the background colour by more than a small tolerance. */
export function nonBackgroundPixels(img: Image, bg: [number, number, number] = [255, 255, 255]): number {
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    if (Math.abs(img.data[i]! - bg[0]) + Math.abs(img.data[i + 1]! - bg[1]) + Math.abs(img.data[i + 2]! - bg[2]) > 24) n++;
  }
  return n;
}

/** Distinct colours (quantized), a rough measure of how much was drawn. */
export function distinctColors(img: Image): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) seen.add(((img.data[i]! >> 3) << 10) | ((img.data[i + 1]! >> 3) << 5) | (img.data[i + 2]! >> 3));
  return seen.size;
}

/** Near-black: the core of the timeline's label text (#111), darker than any span colour. */
function isText(img: Image, p: number): boolean {
  return img.data[4 * p]! + img.data[4 * p + 1]! + img.data[4 * p + 2]! < 150;
}

/**
 * Pixels of two same-size images that differ (any channel by more than 8) and are not within
 * `margin` pixels of text pixels in either image: compares drawings whose text is rendered by
 * different font rasterizers.
 */
export function differingAwayFromText(a: Image, b: Image, margin = 3): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error('images differ in size');
  const { width, height } = a;
  const dark = new Uint8Array(width * height);
  for (const img of [a, b]) {
    for (let p = 0; p < width * height; p++) if (isText(img, p)) dark[p] = 1;
  }
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = 4 * (y * width + x);
      const d = Math.max(Math.abs(a.data[o]! - b.data[o]!), Math.abs(a.data[o + 1]! - b.data[o + 1]!), Math.abs(a.data[o + 2]! - b.data[o + 2]!));
      if (d <= 8) continue;
      let near = false;
      for (let dy = -margin; dy <= margin && !near; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -margin; dx <= margin; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < width && dark[yy * width + xx]) {
            near = true;
            break;
          }
        }
      }
      if (!near) n++;
    }
  }
  return n;
}

/** Text pixels per pixel row. */
export function textProfile(img: Image): number[] {
  const out = new Array<number>(img.height).fill(0);
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (isText(img, y * img.width + x)) out[y]!++;
  return out;
}

/**
 * The vertical shift d (|d| <= maxShift) that best lines b's text up with a's (b's row y + d
 * against a's row y), and the normalized correlation there (1: same text rows), leaving out
 * `edge` rows at the top and bottom.
 */
export function textOffset(a: Image, b: Image, maxShift = 8, edge = 12): { offset: number; score: number } {
  const pa = textProfile(a);
  const pb = textProfile(b);
  const norm = (p: number[]) => Math.sqrt(p.slice(edge, p.length - edge).reduce((s, v) => s + v * v, 0));
  const n = norm(pa) * norm(pb);
  let best = { offset: 0, score: -1 };
  for (let d = -maxShift; d <= maxShift; d++) {
    let c = 0;
    for (let y = edge; y < pa.length - edge; y++) c += pa[y]! * (pb[y - d] ?? 0);
    const score = n ? c / n : 0;
    if (score > best.score) best = { offset: d, score };
  }
  return best;
}
