// A read-only u32 column that can be packed in blocks of 32 values: each block stores its least
// value and the others as offsets from it in 8 bits when they span less than 256, else 16 bits,
// else the values themselves. For the goroutine rows' event numbers (rows.ts): consecutive rows
// lie a few events apart, so 91 % of blocks take 8 bits on the 210 MB trace, 1.4 bytes a row
// against 4. It starts plain (the rows pass writes a plain column) and is packed later, in steps
// (packSteps), when the load is past its peak: packing at the end of the rows pass held both
// forms at the moment memory peaks, and raised the 1 GB trace's peak by ~200 MB.

const SHIFT = 5;
const BLOCK = 1 << SHIFT;
/** Bytes of a slot: one block of 8-bit offsets; 16-bit offsets take 2 slots, 32-bit values 4. */
const SLOT = BLOCK;

export class PackedU32 {
  readonly length: number;
  /** The values, until packed (then null). */
  private plain: Uint32Array | null;
  // (Each its own empty arrays until packed: a postMessage may hand them over.)
  /** Per block: its least value. */
  private base = new Uint32Array(0);
  /** Per block b, its first slot; it takes slot[b + 1] - slot[b] slots (1, 2 or 4). */
  private slot = new Uint32Array(0);
  private u8 = new Uint8Array(0);
  private u16 = new Uint16Array(0);
  private u32 = new Uint32Array(0);

  constructor(plain: Uint32Array) {
    this.length = plain.length;
    this.plain = plain;
  }

  /** Packed at once (packSteps run to the end). */
  static of(a: Uint32Array): PackedU32 {
    const p = new PackedU32(a);
    for (const _ of p.packSteps(Infinity));
    return p;
  }

  /** Whether the values are packed yet. */
  get packed(): boolean {
    return this.plain === null;
  }

  /**
   * Packs the values, about `perStep` of them per step (the caller lets other work in between);
   * reads give the same values throughout, from the plain column until the last step.
   */
  *packSteps(perStep: number): Generator<void> {
    const a = this.plain;
    if (a === null) return;
    const n = a.length;
    const nb = (n + BLOCK - 1) >>> SHIFT;
    const bps = Math.max(1, Math.floor(perStep / BLOCK));
    const base = new Uint32Array(nb);
    const slot = new Uint32Array(nb + 1);
    let slots = 0;
    for (let b = 0; b < nb; b++) {
      if (b > 0 && b % bps === 0) yield;
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
    const u8 = new Uint8Array(pool);
    const u16 = new Uint16Array(pool);
    const u32 = new Uint32Array(pool);
    for (let b = 0; b < nb; b++) {
      if (b > 0 && b % bps === 0) yield;
      const lo = b << SHIFT;
      const hi = Math.min(n, lo + BLOCK);
      const s = slot[b]!;
      const w = slot[b + 1]! - s;
      const min = base[b]!;
      if (w === 1) for (let i = lo; i < hi; i++) u8[s * BLOCK + (i - lo)] = a[i]! - min;
      else if (w === 2) for (let i = lo; i < hi; i++) u16[s * (BLOCK / 2) + (i - lo)] = a[i]! - min;
      else for (let i = lo; i < hi; i++) u32[s * (BLOCK / 4) + (i - lo)] = a[i]!;
    }
    this.base = base;
    this.slot = slot;
    this.u8 = u8;
    this.u16 = u16;
    this.u32 = u32;
    this.plain = null;
  }

  /** Value j. */
  at(j: number): number {
    const p = this.plain;
    if (p !== null) return p[j]!;
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
    return this.plain !== null ? this.plain.byteLength : this.base.byteLength + this.slot.byteLength + this.u8.byteLength;
  }

  /** The instance again after a structured clone (which keeps the fields, not the class). */
  static revive(d: PackedU32): PackedU32 {
    return Object.assign(Object.create(PackedU32.prototype) as PackedU32, d);
  }
}
