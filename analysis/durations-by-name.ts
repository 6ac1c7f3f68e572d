// Named durations (block time per reason, time per special range), in insertion order. Like a
// Map<string, number>, but the values sit in an array of doubles (stored unboxed): hot loops add
// to them at every event, and a Map would box each large number it stores. A goroutine has only a handful of
// names, so lookups are a linear scan and nothing is allocated until the first name.

const NONE: readonly string[] = [];

export class DurationsByName implements Iterable<[string, number]> {
  private names: string[] = NONE as string[];
  private vals: number[] | null = null;

  get size(): number {
    return this.names.length;
  }

  private find(name: string): number {
    const names = this.names;
    for (let k = 0; k < names.length; k++) if (names[k] === name) return k;
    return -1;
  }

  has(name: string): boolean {
    return this.find(name) >= 0;
  }

  /** The duration of name (0 when absent). */
  get(name: string): number {
    const k = this.find(name);
    return k < 0 ? 0 : this.vals![k]!;
  }

  set(name: string, v: number): void {
    const k = this.slot(name); // first: it may replace vals
    this.vals![k] = v;
  }

  /** Adds dt to name, creating it (even with a zero dt) if absent. */
  add(name: string, dt: number): void {
    const k = this.slot(name);
    const vals = this.vals!;
    vals[k] = vals[k]! + dt;
  }

  private slot(name: string): number {
    let k = this.find(name);
    if (k >= 0) return k;
    k = this.names.length;
    if (k === 0) this.names = [];
    this.names.push(name);
    if (this.vals === null) this.vals = [];
    this.vals.push(0);
    return k;
  }

  keys(): string[] {
    return [...this.names];
  }

  values(): number[] {
    return this.vals === null ? [] : this.vals.slice(0, this.names.length);
  }

  *entries(): IterableIterator<[string, number]> {
    for (let k = 0; k < this.names.length; k++) yield [this.names[k]!, this.vals![k]!];
  }

  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.entries();
  }

  clone(): DurationsByName {
    const r = new DurationsByName();
    if (this.vals !== null) {
      r.names = this.names.slice();
      r.vals = this.vals.slice();
    }
    return r;
  }

  toObject(): Record<string, number> {
    const o: Record<string, number> = {};
    for (let k = 0; k < this.names.length; k++) o[this.names[k]!] = this.vals![k]!;
    return o;
  }
}
