// Tables keyed by goroutine, proc or thread id, for the hot loops that look an id up at nearly
// every event. Ids are usually small and dense but may be anything up to 2^64: below DENSE_IDS
// an id is looked up in a typed array, beyond in a Map. IdSlots gives each id a slot (in order
// of first appearance) for columns the caller keeps; IdNumbers and IdMap keep a value per id.

/** Ids below this go through the typed array; larger (or negative) ones through a Map. */
export const DENSE_IDS = 1 << 22;

/** Ids per page of the dense table (a page is allocated on first use: ids far apart cost no copies). */
const PAGE_SHIFT = 12;
const PAGE_MASK = (1 << PAGE_SHIFT) - 1;
/** The page of every range of ids not seen yet (never written: slot() gives a range its own page first). */
const NO_PAGE = new Int32Array(1 << PAGE_SHIFT);

/** Ids to dense slots in order of first appearance; at the end, the slots ranked by id. */
export class IdSlots {
  /**
   * id -> slot + 1 (0: none) for ids below DENSE_IDS, in pages of 4096 ids. One flat array
   * grown by doubling had to be copied whole as ids grew: a generation's tables met goroutine
   * ids in the hundreds of thousands from scratch, and copying (and first touching) those
   * arrays took 1.4 s of the serving thread's parse of the 1 GB trace.
   */
  private pages: Int32Array[] = [];
  private sparse = new Map<number, number>();
  /** Slot -> id. */
  readonly ids: number[] = [];

  /** The id's slot, or -1 if it has none. */
  get(id: number): number {
    if (id >= 0 && id < DENSE_IDS) {
      const k = id >>> PAGE_SHIFT;
      return k < this.pages.length ? this.pages[k]![id & PAGE_MASK]! - 1 : -1;
    }
    return this.sparse.get(id) ?? -1;
  }

  /** The id's slot, assigned if new. */
  slot(id: number): number {
    const s = this.get(id);
    if (s >= 0) return s;
    const n = this.ids.length;
    this.ids.push(id);
    if (id >= 0 && id < DENSE_IDS) {
      const k = id >>> PAGE_SHIFT;
      while (this.pages.length <= k) this.pages.push(NO_PAGE);
      let page = this.pages[k]!;
      if (page === NO_PAGE) this.pages[k] = page = new Int32Array(PAGE_MASK + 1);
      page[id & PAGE_MASK] = n + 1;
    } else {
      this.sparse.set(id, n);
    }
    return n;
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * The table again after a structured clone (which keeps the fields, not the class, and makes
   * the never-written page a page of its own: an empty page is that page again).
   */
  static revive(d: IdSlots): IdSlots {
    const t = Object.assign(Object.create(IdSlots.prototype) as IdSlots, d);
    t.pages = d.pages.map((p) => (p.every((v) => v === 0) ? NO_PAGE : p));
    return t;
  }

  /** The ids sorted, and slot -> rank in that order. */
  ranks(): { sorted: Float64Array; rank: Uint32Array } {
    const sorted = Float64Array.from(this.ids).sort();
    const rank = new Uint32Array(this.ids.length);
    // Each id has one slot, so its rank is where a binary search finds it (a Map from id to rank
    // cost 0.5 s for the 1 GB trace's 600 K goroutines).
    for (let s = 0; s < this.ids.length; s++) {
      const id = this.ids[s]!;
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < id) lo = mid + 1;
        else hi = mid;
      }
      rank[s] = lo;
    }
    return { sorted, rank };
  }
}

/** A non-negative number per id; -1 means "none" (no boxing, no Map churn for small ids). */
export class IdNumbers {
  private readonly slots = new IdSlots();
  private vals = new Float64Array(256);

  get(id: number): number {
    const s = this.slots.get(id);
    return s < 0 ? -1 : this.vals[s]!;
  }

  set(id: number, v: number): void {
    let s = this.slots.get(id);
    if (s < 0) {
      if (v === -1) return;
      s = this.slots.slot(id);
      if (s === this.vals.length) {
        const a = new Float64Array(s * 2);
        a.set(this.vals);
        this.vals = a;
      }
    }
    this.vals[s] = v;
  }
}

/**
 * A Map from id to a value (never undefined) with the typed-array lookup in front. It is a
 * Map: iteration, size and the rest behave exactly as a plain Map's (insertion order).
 */
export class IdMap<V> extends Map<number, V> {
  private slots = new IdSlots();
  /** Slot -> value (undefined once deleted). */
  private vals: (V | undefined)[] = [];

  override get(id: number): V | undefined {
    const s = this.slots.get(id);
    return s < 0 ? undefined : this.vals[s];
  }

  override has(id: number): boolean {
    const s = this.slots.get(id);
    return s >= 0 && this.vals[s] !== undefined;
  }

  override set(id: number, v: V): this {
    const s = this.slots.slot(id);
    if (s === this.vals.length) this.vals.push(v);
    else this.vals[s] = v;
    return super.set(id, v);
  }

  override delete(id: number): boolean {
    const s = this.slots.get(id);
    if (s >= 0) this.vals[s] = undefined;
    return super.delete(id);
  }

  override clear(): void {
    this.slots = new IdSlots();
    this.vals = [];
    super.clear();
  }
}
