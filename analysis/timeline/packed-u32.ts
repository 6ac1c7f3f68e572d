// A read-only u32 column packed in blocks of 32 values: each block stores its least value and the
// others as offsets from it in 8 bits when they span less than 256, else 16 bits, else the values
// themselves. For the goroutine rows' event numbers (rows.ts): consecutive rows lie a few events
// apart, so 91 % of blocks take 8 bits on the 210 MB trace, 1.4 bytes a row against 4.

const SHIFT = 5;
const BLOCK = 1 << SHIFT;
/** Bytes of a slot: one block of 8-bit offsets; 16-bit offsets take 2 slots, 32-bit values 4. */
const SLOT = BLOCK;

export class PackedU32 {
  readonly length: number;
  /** Per block: its least value. */
  private readonly base: Uint32Array;
  /** Per block b, its first slot; it takes slot[b + 1] - slot[b] slots (1, 2 or 4). */
  private readonly slot: Uint32Array;
  private readonly u8: Uint8Array;
  private readonly u16: Uint16Array;
  private readonly u32: Uint32Array;

  private constructor(length: number, base: Uint32Array, slot: Uint32Array, pool: ArrayBuffer) {
    this.length = length;
    this.base = base;
    this.slot = slot;
    this.u8 = new Uint8Array(pool);
    this.u16 = new Uint16Array(pool);
    this.u32 = new Uint32Array(pool);
  }

  static of(a: Uint32Array): PackedU32 {
    const n = a.length;
    const nb = (n + BLOCK - 1) >>> SHIFT;
    const base = new Uint32Array(nb);
    const slot = new Uint32Array(nb + 1);
    let slots = 0;
    for (let b = 0; b < nb; b++) {
      const lo = b << SHIFT;
      const hi = Math.min(n, lo + BLOCK);
      let min = a[lo]!;
      let max = min;
      for (let i = lo + 1; i < hi; i++) {
        const v = a[i]!;
        if (v < min) min = v;
        else if (v > max) max = v;
      }
      base[b] = min;
      slot[b] = slots;
      slots += max - min < 0x100 ? 1 : max - min < 0x10000 ? 2 : 4;
    }
    slot[nb] = slots;
    const pool = new ArrayBuffer(slots * SLOT);
    const p = new PackedU32(n, base, slot, pool);
    for (let b = 0; b < nb; b++) {
      const lo = b << SHIFT;
      const hi = Math.min(n, lo + BLOCK);
      const s = slot[b]!;
      const w = slot[b + 1]! - s;
      const min = base[b]!;
      if (w === 1) for (let i = lo; i < hi; i++) p.u8[s * BLOCK + (i - lo)] = a[i]! - min;
      else if (w === 2) for (let i = lo; i < hi; i++) p.u16[s * (BLOCK / 2) + (i - lo)] = a[i]! - min;
      else for (let i = lo; i < hi; i++) p.u32[s * (BLOCK / 4) + (i - lo)] = a[i]!;
    }
    return p;
  }

  /** Value j. */
  at(j: number): number {
    const b = j >>> SHIFT;
    const s = this.slot[b]!;
    const w = this.slot[b + 1]! - s;
    const k = j & (BLOCK - 1);
    if (w === 1) return this.base[b]! + this.u8[s * BLOCK + k]!;
    if (w === 2) return this.base[b]! + this.u16[s * (BLOCK / 2) + k]!;
    return this.u32[s * (BLOCK / 4) + k]!;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.base.byteLength + this.slot.byteLength + this.u8.byteLength;
  }

  /** The instance again after a structured clone (which keeps the fields, not the class). */
  static revive(d: PackedU32): PackedU32 {
    return new PackedU32(d.length, d.base, d.slot, d.u8.buffer as ArrayBuffer);
  }
}
