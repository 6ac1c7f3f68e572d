// A number per goroutine (or proc) id, for hot loops that set and clear entries at every
// event: a growable typed array for the usual small ids (no Map churn, no boxing), a Map beyond.

const DENSE_LIMIT = 1 << 24;

/** Non-negative values by id; -1 means "none". */
export class IdNumbers {
  private dense = new Float64Array(256).fill(-1);
  private sparse = new Map<number, number>();

  get(id: number): number {
    if (id >= 0 && id < DENSE_LIMIT) return id < this.dense.length ? this.dense[id]! : -1;
    return this.sparse.get(id) ?? -1;
  }

  set(id: number, v: number): void {
    if (id >= 0 && id < DENSE_LIMIT) {
      if (id >= this.dense.length) {
        let n = this.dense.length * 2;
        while (n <= id) n *= 2;
        const d = new Float64Array(n).fill(-1);
        d.set(this.dense);
        this.dense = d;
      }
      this.dense[id] = v;
    } else if (v === -1) {
      this.sparse.delete(id);
    } else {
      this.sparse.set(id, v);
    }
  }
}
