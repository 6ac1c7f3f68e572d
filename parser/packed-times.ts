// The times of one chunk's events, packed: blocks of 32 events, each a double base (its first
// event's time) and the other times as offsets from it in 16 bits when the block spans less than
// 65.5 µs (96 % of blocks in a busy trace), else 32 bits, else (a block spanning 4.3 s, or a time
// no offset gives back exactly) the doubles themselves. About 2.4 bytes an event against the
// chunk's 4 (t32). The server packs each chunk's times as it is parsed (Chunk.packTimes), so
// they stay in memory, read at random by the timeline's hottest loops, when the chunk's other
// columns go to disk. Every time reads back as the very double the time column gave: an offset
// is used only where base + offset was checked to give it.

const SHIFT = 5;
/** Events per block. */
const BLOCK = 1 << SHIFT;
/** Bytes of a slot: one block of 16-bit offsets; 32-bit offsets take 2 slots, doubles 4. */
const SLOT = BLOCK * 2;

/** A PackedTimes's arrays (its buffers are shared, so a postMessage copies nothing). */
export interface PackedTimesData {
  base: Float64Array;
  slot: Uint32Array;
  pool: ArrayBufferLike;
}

// Shared memory where the platform has it: the serving thread that packs the times and the worker
// that reads them share the pages.
function buffer(bytes: number): ArrayBufferLike {
  return typeof SharedArrayBuffer !== 'undefined' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

export class PackedTimes {
  /** Per block: the time its offsets add to. */
  private readonly base: Float64Array;
  /** Per block b, its first slot; block b takes slot[b + 1] - slot[b] slots (1, 2 or 4). */
  private readonly slot: Uint32Array;
  private readonly u16: Uint16Array;
  private readonly u32: Uint32Array;
  private readonly f64: Float64Array;

  constructor(p: PackedTimesData) {
    this.base = p.base;
    this.slot = p.slot;
    this.u16 = new Uint16Array(p.pool);
    this.u32 = new Uint32Array(p.pool);
    this.f64 = new Float64Array(p.pool);
  }

  /**
   * The same from a chunk's time column: times base + t32[i] (i < n), all exact integers (a base
   * within 2^53 - 2^32 of 0), so offsets within a block are differences of the column's values.
   */
  static ofColumn(base0: number, t32: Uint32Array, n: number): PackedTimes {
    const nb = (n + BLOCK - 1) >>> SHIFT;
    const base = new Float64Array(buffer(8 * nb));
    const slot = new Uint32Array(buffer(4 * (nb + 1)));
    let slots = 0;
    for (let b = 0; b < nb; b++) {
      const lo = b << SHIFT;
      const hi = Math.min(n, lo + BLOCK);
      const o0 = t32[lo]!;
      let max = 0;
      let exact = true;
      for (let i = lo + 1; i < hi; i++) {
        const d = t32[i]! - o0;
        if (d < 0) {
          exact = false;
          break;
        }
        if (d > max) max = d;
      }
      base[b] = base0 + o0;
      slot[b] = slots;
      slots += !exact ? 4 : max <= 0xffff ? 1 : 2;
    }
    slot[nb] = slots;
    const pool = buffer(slots * SLOT);
    const u16 = new Uint16Array(pool);
    const u32 = new Uint32Array(pool);
    const f64 = new Float64Array(pool);
    for (let b = 0; b < nb; b++) {
      const lo = b << SHIFT;
      const hi = Math.min(n, lo + BLOCK);
      const s = slot[b]!;
      const w = slot[b + 1]! - s;
      const o0 = t32[lo]!;
      if (w === 1) for (let i = lo; i < hi; i++) u16[s * BLOCK + (i - lo)] = t32[i]! - o0;
      else if (w === 2) for (let i = lo; i < hi; i++) u32[s * (BLOCK / 2) + (i - lo)] = t32[i]! - o0;
      else for (let i = lo; i < hi; i++) f64[s * (BLOCK / 4) + (i - lo)] = base0 + t32[i]!;
    }
    return new PackedTimes({ base, slot, pool });
  }

  /** Time (ns) of event i. */
  at(i: number): number {
    const b = i >>> SHIFT;
    const s = this.slot[b]!;
    const w = this.slot[b + 1]! - s;
    const k = i & (BLOCK - 1);
    if (w === 1) return this.base[b]! + this.u16[s * BLOCK + k]!;
    if (w === 2) return this.base[b]! + this.u32[s * (BLOCK / 2) + k]!;
    return this.f64[s * (BLOCK / 4) + k]!;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.base.byteLength + this.slot.byteLength + this.u16.byteLength;
  }

  /** The instance again after a structured clone (which keeps the fields, not the class). */
  static revive(d: PackedTimes): PackedTimes {
    return new PackedTimes({ base: d.base, slot: d.slot, pool: d.u16.buffer });
  }
}
