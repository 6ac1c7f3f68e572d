// Growable typed-array columns for the timeline builders: append one value at a time with
// no per-value allocation, then take the used part (or a permuted copy) as a plain typed array.

type TypedCtor<T> = { new (n: number): T };
type Typed = Float64Array | Uint8Array | Uint32Array | Int32Array;

export class Column<T extends Typed> {
  a: T;
  n = 0;
  constructor(private ctor: TypedCtor<T>, cap = 256) {
    this.a = new ctor(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new this.ctor(this.a.length * 2);
      b.set(this.a as never);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  /** The used values, copied into an exactly sized array. */
  take(): T {
    return this.a.slice(0, this.n) as T;
  }
  /** A copy with out[k] = a[order[k]]. */
  permuted(order: Uint32Array): T {
    const out = new this.ctor(order.length);
    const a = this.a;
    for (let k = 0; k < order.length; k++) out[k] = a[order[k]!]!;
    return out;
  }
}

export const f64 = (): Column<Float64Array> => new Column(Float64Array);
export const u8 = (): Column<Uint8Array> => new Column(Uint8Array);
export const u32 = (): Column<Uint32Array> => new Column(Uint32Array);
export const i32 = (): Column<Int32Array> => new Column(Int32Array);

/**
 * Stable counting sort of rows by a small-integer key (0 <= key < keys): returns the row order
 * and, per key, where its rows begin in that order (offsets has keys + 1 entries).
 */
export function groupByKey(key: Uint32Array, n: number, keys: number): { order: Uint32Array; offsets: Uint32Array } {
  const offsets = new Uint32Array(keys + 1);
  for (let r = 0; r < n; r++) offsets[key[r]! + 1]!++;
  for (let k = 0; k < keys; k++) offsets[k + 1]! += offsets[k]!;
  const fill = offsets.slice(0, keys);
  const order = new Uint32Array(n);
  for (let r = 0; r < n; r++) order[fill[key[r]!]!++] = r;
  return { order, offsets };
}

/** Row order sorting rows by time (stable; already sorted input costs one scan). */
export function orderByTime(time: Float64Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  let sorted = true;
  for (let r = 0; r < n; r++) {
    order[r] = r;
    if (r > 0 && time[r]! < time[r - 1]!) sorted = false;
  }
  if (!sorted) order.sort((x, y) => time[x]! - time[y]! || x - y);
  return order;
}
