// Maps resource ids (goroutine ids, which may be large) to dense slots in order of first
// appearance, and at the end ranks the slots by id so outputs can be sorted by id.

const DENSE_LIMIT = 1 << 22;

export class IdSlots {
  private dense = new Int32Array(0);
  private sparse = new Map<number, number>();
  /** Slot -> id. */
  readonly ids: number[] = [];

  /** The id's slot, or -1 if it has none. */
  get(id: number): number {
    if (id >= 0 && id < DENSE_LIMIT) return id < this.dense.length ? this.dense[id]! - 1 : -1;
    return this.sparse.get(id) ?? -1;
  }

  /** The id's slot, assigned if new. */
  slot(id: number): number {
    const s = this.get(id);
    if (s >= 0) return s;
    const n = this.ids.length;
    this.ids.push(id);
    if (id >= 0 && id < DENSE_LIMIT) {
      if (id >= this.dense.length) {
        const d = new Int32Array(Math.max(id + 1, this.dense.length * 2, 64));
        d.set(this.dense);
        this.dense = d;
      }
      this.dense[id] = n + 1;
    } else {
      this.sparse.set(id, n);
    }
    return n;
  }

  get size(): number {
    return this.ids.length;
  }

  /** The ids sorted, and slot -> rank in that order. */
  ranks(): { sorted: Float64Array; rank: Uint32Array } {
    const sorted = Float64Array.from(this.ids).sort();
    const rank = new Uint32Array(this.ids.length);
    const at = new Map<number, number>();
    sorted.forEach((id, k) => at.set(id, k));
    for (let s = 0; s < this.ids.length; s++) rank[s] = at.get(this.ids[s]!)!;
    return { sorted, rank };
  }
}

/** Per-key index into rows grouped by key: rows of key k are [offset[k], offset[k] + count[k]). */
export interface SpanIndex {
  /** The keys (goroutine or proc ids), ascending. */
  ids: Float64Array;
  offset: Uint32Array;
  count: Uint32Array;
}
