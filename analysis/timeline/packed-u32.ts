// A read-only u32 column packed in blocks of 32 values: each block stores its least value and the
// others as offsets from it in 8 bits when they span less than 256, else 16 bits, else the values
// themselves. For the goroutine rows' event numbers (rows.ts): consecutive rows lie a few events
// apart, so 91 % of blocks take 8 bits on the 210 MB trace, 1.4 bytes a row against 4.
//
// The rows pass packs it as it goes (PackedU32Writer): a block is packed once its rows are written,
// in whatever order blocks complete, so the plain column never exists whole. Its pool is sized for
// the worst case (every block 32-bit) and only the slots written are ever touched: the pages
// beyond stay unbacked (a large ArrayBuffer is mapped, not filled).

/** log2 of PACK_BLOCK. */
export const PACK_SHIFT = 5;
const SHIFT = PACK_SHIFT;
/** Values per block. */
export const PACK_BLOCK = 1 << SHIFT;
const BLOCK = PACK_BLOCK;
/** Bytes of a slot: one block of 8-bit offsets; 16-bit offsets take 2 slots, 32-bit values 4. */
const SLOT = BLOCK;
/** The most bytes a pool can hold (a byte view's length is at most 2^32). */
const MAX_POOL = 2 ** 32;
/** Slots a block takes by its width code (info[b] = first slot << 2 | code): 0 8-bit offsets, 1 16-bit offsets, 2 the values. */
const SLOTS_OF = [1, 2, 4];

export class PackedU32 {
  readonly length: number;
  /** Per block: its least value. */
  private readonly base: Uint32Array;
  /** Per block: its first slot << 2 | its width code. */
  private readonly info: Uint32Array;
  private readonly u8: Uint8Array;
  private readonly u16: Uint16Array;
  private readonly u32: Uint32Array;
  /** Slots holding blocks. */
  private readonly used: number;

  constructor(length: number, base: Uint32Array, info: Uint32Array, pool: ArrayBuffer, used: number) {
    this.length = length;
    this.base = base;
    this.info = info;
    this.u8 = new Uint8Array(pool);
    this.u16 = new Uint16Array(pool);
    this.u32 = new Uint32Array(pool);
    this.used = used;
  }

  /** A plain column packed. */
  static of(a: Uint32Array): PackedU32 {
    const w = new PackedU32Writer(a.length);
    for (let lo = 0; lo < a.length; lo += BLOCK) w.put(lo >>> SHIFT, a, lo, Math.min(BLOCK, a.length - lo));
    return w.done();
  }

  /** Value j. */
  at(j: number): number {
    const b = j >>> SHIFT;
    const x = this.info[b]!;
    const s = x >>> 2;
    const k = j & (BLOCK - 1);
    switch (x & 3) {
      case 0:
        return this.base[b]! + this.u8[s * BLOCK + k]!;
      case 1:
        return this.base[b]! + this.u16[s * (BLOCK / 2) + k]!;
      default:
        return this.u32[s * (BLOCK / 4) + k]!;
    }
  }

  /** Bytes held (the pool's slots in use). */
  get bytes(): number {
    return this.base.byteLength + this.info.byteLength + this.used * SLOT;
  }

  /** The instance again after a structured clone (which keeps the fields, not the class). */
  static revive(d: PackedU32): PackedU32 {
    return Object.assign(Object.create(PackedU32.prototype) as PackedU32, d);
  }
}

/**
 * Packs a column of `length` values a block at a time, blocks in any order (a block put again
 * takes fresh slots: the rows pass re-opens a goroutine's last block in the rare case it moves on
 * after its end). Rows of a block past those put (unused slack) read as the block's least value.
 */
export class PackedU32Writer {
  private readonly base: Uint32Array;
  private readonly info: Uint32Array;
  private readonly isPut: Uint8Array;
  private pool: ArrayBuffer;
  private u8: Uint8Array;
  private u16: Uint16Array;
  private u32: Uint32Array;
  private used = 0;
  private reader: PackedU32 | null = null;

  constructor(readonly length: number) {
    const nb = (length + BLOCK - 1) >>> SHIFT;
    this.base = new Uint32Array(nb);
    this.info = new Uint32Array(nb);
    this.isPut = new Uint8Array(nb);
    // Room for every block at 32 bits (up to 4 GiB); untouched pages cost no memory.
    this.pool = new ArrayBuffer(Math.min(nb * 4 * SLOT, MAX_POOL));
    this.u8 = new Uint8Array(this.pool);
    this.u16 = new Uint16Array(this.pool);
    this.u32 = new Uint32Array(this.pool);
  }

  /** Whether block b was put. */
  has(b: number): boolean {
    return this.isPut[b] === 1;
  }

  /** Packs block b from a[from, from + count) (count ≤ 32). */
  put(b: number, a: Uint32Array, from: number, count: number): void {
    let min = count > 0 ? a[from]! : 0;
    let max = min;
    for (let i = from + 1; i < from + count; i++) {
      const v = a[i]!;
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    const code = max - min < 0x100 ? 0 : max - min < 0x10000 ? 1 : 2;
    const s = this.take(SLOTS_OF[code]!);
    this.base[b] = min;
    this.info[b] = (s << 2) | code;
    this.isPut[b] = 1;
    if (code === 0) for (let k = 0; k < count; k++) this.u8[s * BLOCK + k] = a[from + k]! - min;
    else if (code === 1) for (let k = 0; k < count; k++) this.u16[s * (BLOCK / 2) + k] = a[from + k]! - min;
    else {
      for (let k = 0; k < count; k++) this.u32[s * (BLOCK / 4) + k] = a[from + k]!;
      for (let k = count; k < BLOCK; k++) this.u32[s * (BLOCK / 4) + k] = min;
    }
  }

  /** Value j of a block put (read as the column reads it; made again when the pool grows). */
  get(j: number): number {
    return (this.reader ??= this.done()).at(j);
  }

  /** The column (blocks never put read as 0). */
  done(): PackedU32 {
    return new PackedU32(this.length, this.base, this.info, this.pool, this.used);
  }

  /** n free slots (a slot is 32 bytes: any one starts a whole u16 or u32). */
  private take(n: number): number {
    const s = this.used;
    if ((s + n) * SLOT > this.pool.byteLength) this.grow((s + n) * SLOT);
    this.used = s + n;
    return s;
  }

  /** Only when blocks were put again, or past 4 GiB of worst case: a larger pool, the slots written so far copied. */
  private grow(need: number): void {
    if (need > MAX_POOL) throw new Error('timeline: too many goroutine rows (their packed events pass 4 GiB)');
    const pool = new ArrayBuffer(Math.min(MAX_POOL, Math.max(need, this.pool.byteLength + Math.floor(this.pool.byteLength / 4) + 4 * SLOT)));
    new Uint8Array(pool).set(this.u8.subarray(0, this.used * SLOT));
    this.pool = pool;
    this.reader = null;
    this.u8 = new Uint8Array(pool);
    this.u16 = new Uint16Array(pool);
    this.u32 = new Uint32Array(pool);
  }
}
