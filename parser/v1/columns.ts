// A list of parsed old-format events in typed-array columns (no object per event): Go's
// tracev1.Event {Ts, G, Args[0..2], StkID, P, Type}. Args[3] is not kept: only UserLog
// uses it (its message's inline string index), and it lives in a2 instead.

export class V1Columns {
  n = 0;
  /** Timestamp: CPU ticks relative to the trace's first batch, later nanoseconds. */
  ts: Float64Array;
  g: Float64Array;
  a0: Float64Array;
  a1: Float64Array;
  a2: Float64Array;
  stk: Uint32Array;
  p: Int32Array;
  typ: Uint8Array;
  /**
   * The event order, when it is not the storage order: position k holds event order[k]
   * (set by the final sort by time, instead of moving every column).
   */
  order: Uint32Array | null = null;
  /**
   * Exact tick counts of the events whose ts a double does not hold (a damaged timestamp or a
   * clock past 2^53 ticks: parser/exact-time.ts), by index; null when none (the common case).
   */
  tsX: Map<number, bigint> | null = null;

  constructor(cap: number) {
    cap = Math.max(cap, 16);
    this.ts = new Float64Array(cap);
    this.g = new Float64Array(cap);
    this.a0 = new Float64Array(cap);
    this.a1 = new Float64Array(cap);
    this.a2 = new Float64Array(cap);
    this.stk = new Uint32Array(cap);
    this.p = new Int32Array(cap);
    this.typ = new Uint8Array(cap);
  }

  /** Storage index of the event at position k of the order. */
  at(k: number): number {
    return this.order === null ? k : this.order[k]!;
  }

  get capacity(): number {
    return this.typ.length;
  }

  /** Makes room for at least one more event. */
  ensure(extra = 1): void {
    if (this.n + extra <= this.typ.length) return;
    const cap = Math.max(this.typ.length * 2, this.n + extra);
    this.ts = growF64(this.ts, cap);
    this.g = growF64(this.g, cap);
    this.a0 = growF64(this.a0, cap);
    this.a1 = growF64(this.a1, cap);
    this.a2 = growF64(this.a2, cap);
    const stk = new Uint32Array(cap);
    stk.set(this.stk);
    this.stk = stk;
    const p = new Int32Array(cap);
    p.set(this.p);
    this.p = p;
    const typ = new Uint8Array(cap);
    typ.set(this.typ);
    this.typ = typ;
  }

  /** Appends event i of src (the caller has called ensure). */
  copyFrom(src: V1Columns, i: number): void {
    const k = this.n++;
    this.ts[k] = src.ts[i]!;
    const x = src.tsX?.get(i);
    if (x !== undefined) (this.tsX ??= new Map()).set(k, x);
    else this.tsX?.delete(k);
    this.g[k] = src.g[i]!;
    this.a0[k] = src.a0[i]!;
    this.a1[k] = src.a1[i]!;
    this.a2[k] = src.a2[i]!;
    this.stk[k] = src.stk[i]!;
    this.p[k] = src.p[i]!;
    this.typ[k] = src.typ[i]!;
  }
}

function growF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
