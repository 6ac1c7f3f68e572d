// A Map from goroutine (or proc) id to its state with a dense array in front for the usual
// small ids: the ordering looks a goroutine up at nearly every event. Iteration keeps the
// Map's insertion order, so everything that walks it sees what a plain Map would give.

const DENSE = 1 << 20;

export class IdMap<V> extends Map<number, V> {
  private dense: (V | undefined)[] = [];

  override get(id: number): V | undefined {
    if (id >= 0 && id < DENSE) return this.dense[id];
    return super.get(id);
  }

  override has(id: number): boolean {
    if (id >= 0 && id < DENSE) return this.dense[id] !== undefined;
    return super.has(id);
  }

  override set(id: number, v: V): this {
    if (id >= 0 && id < DENSE && v !== undefined) {
      const d = this.dense;
      while (d.length <= id) d.push(undefined);
      d[id] = v;
    }
    return super.set(id, v);
  }

  override delete(id: number): boolean {
    if (id >= 0 && id < DENSE && id < this.dense.length) this.dense[id] = undefined;
    return super.delete(id);
  }

  override clear(): void {
    this.dense = [];
    super.clear();
  }
}
