// The binary layout of a timeline tile (GET /api/timeline): the rectangles to draw on a set of
// tracks for a time window at a pixel width. Encoder and decoder in one place, for the server
// and the viewer alike (no Node APIs). Little-endian; float64 arrays start 8-byte aligned.
//
//   header  u32 magic 'PTT1'  u32 trackCount  f64 t0  f64 t1  u32 width  u32 reserved   (32 B)
//   per track, in request order:
//     u32 n  u32 reserved
//     f64 start[n]  f64 end[n]  f64 arg[n]     ns since the trace start; arg: the goroutine of a
//                                              P/M span, the task id of a task span, else 0
//     u32 count[n]                             spans merged into this rectangle (1: a real span)
//     u16 style[n]                             index into /api/timeline/tracks' styles; for a
//                                              merged rectangle the style covering most time
//     zero padding to a multiple of 8 bytes
//
// Rectangles of a track are sorted by start and do not overlap; a track never has more than
// `width` of them.

export const TILE_MAGIC = 0x31545450; // 'PTT1'
export const TILE_HEADER_BYTES = 32;
export const MAX_TILE_WIDTH = 8192;
export const MAX_TILE_TRACKS = 1024;

export interface TileTrack {
  n: number;
  start: Float64Array;
  end: Float64Array;
  arg: Float64Array;
  count: Uint32Array;
  style: Uint16Array;
}

export interface Tile {
  t0: number;
  t1: number;
  width: number;
  tracks: TileTrack[];
}

const pad8 = (x: number): number => (x + 7) & ~7;

/** Bytes a track of n rectangles takes. */
export function trackBytes(n: number): number {
  return 8 + pad8(24 * n + 4 * n + 2 * n);
}

/** Encodes a tile; each track's arrays may be longer than n (only n are written). */
export function encodeTile(tile: Tile): Uint8Array {
  let size = TILE_HEADER_BYTES;
  for (const t of tile.tracks) size += trackBytes(t.n);
  const buf = new ArrayBuffer(size);
  const dv = new DataView(buf);
  dv.setUint32(0, TILE_MAGIC, true);
  dv.setUint32(4, tile.tracks.length, true);
  dv.setFloat64(8, tile.t0, true);
  dv.setFloat64(16, tile.t1, true);
  dv.setUint32(24, tile.width, true);
  let off = TILE_HEADER_BYTES;
  for (const t of tile.tracks) {
    const n = t.n;
    dv.setUint32(off, n, true);
    off += 8;
    new Float64Array(buf, off, n).set(t.start.subarray(0, n));
    off += 8 * n;
    new Float64Array(buf, off, n).set(t.end.subarray(0, n));
    off += 8 * n;
    new Float64Array(buf, off, n).set(t.arg.subarray(0, n));
    off += 8 * n;
    new Uint32Array(buf, off, n).set(t.count.subarray(0, n));
    off += 4 * n;
    new Uint16Array(buf, off, n).set(t.style.subarray(0, n));
    off += 2 * n;
    off = pad8(off);
  }
  return new Uint8Array(buf);
}

/** Decodes a tile; the arrays are views into the buffer (no copy). Throws on a malformed buffer. */
export function decodeTile(data: ArrayBuffer | Uint8Array): Tile {
  let buf: ArrayBuffer;
  if (data instanceof Uint8Array) {
    // Typed views need an aligned base: copy unless the view starts at 0 of its own buffer.
    buf = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? (data.buffer as ArrayBuffer) : (data.slice().buffer as ArrayBuffer);
  } else buf = data;
  if (buf.byteLength < TILE_HEADER_BYTES) throw new Error('tile: too short');
  const dv = new DataView(buf);
  if (dv.getUint32(0, true) !== TILE_MAGIC) throw new Error('tile: bad magic');
  const count = dv.getUint32(4, true);
  const tile: Tile = { t0: dv.getFloat64(8, true), t1: dv.getFloat64(16, true), width: dv.getUint32(24, true), tracks: [] };
  let off = TILE_HEADER_BYTES;
  for (let k = 0; k < count; k++) {
    if (off + 8 > buf.byteLength) throw new Error('tile: truncated');
    const n = dv.getUint32(off, true);
    if (off + trackBytes(n) > buf.byteLength) throw new Error('tile: truncated');
    off += 8;
    const start = new Float64Array(buf, off, n);
    off += 8 * n;
    const end = new Float64Array(buf, off, n);
    off += 8 * n;
    const arg = new Float64Array(buf, off, n);
    off += 8 * n;
    const cnt = new Uint32Array(buf, off, n);
    off += 4 * n;
    const style = new Uint16Array(buf, off, n);
    off += 2 * n;
    off = pad8(off);
    tile.tracks.push({ n, start, end, arg, count: cnt, style });
  }
  return tile;
}
