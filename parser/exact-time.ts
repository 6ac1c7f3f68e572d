// Event times past 2^53 ns, exactly. Go's times are int64 nanoseconds: Time(float64(ticks) * freq)
// for a timestamp, plus int64 sums (a thread's deltas, the reader's "one more than the last").
// A real trace stays far below 2^53 (104 days), but a damaged one can carry any timestamp, and
// go tool trace prints its int64 exactly. The hot paths keep a time as a double; a time whose
// value a double does not hold travels beside it as a bigint ("tx", null for every safe time),
// and only then does the arithmetic here run, in int64 as Go does (wrapping included).

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const TWO_63 = 2 ** 63;

/**
 * Go's Time(x) of a float64 on amd64: truncation toward zero, and the "integer indefinite"
 * (math.MinInt64) for NaN and anything outside int64. Always a double that is an integer.
 */
export function goTime(x: number): number {
  if (x >= -TWO_63 && x < TWO_63) return Math.trunc(x) + 0; // (+0: no -0)
  return -TWO_63;
}

/** The exact companion of a time, as the invariant wants it: null when t is a safe integer. */
export function txOf(v: bigint): bigint | null {
  return v >= -BigInt(MAX_SAFE) && v <= BigInt(MAX_SAFE) ? null : v;
}

/** The exact int64 value of a time (t, tx). */
export function exactTime(t: number, tx: bigint | null): bigint {
  return tx ?? BigInt(t);
}

/** Compares two times exactly: negative, zero or positive. */
export function compareTimes(a: number, ax: bigint | null, b: number, bx: bigint | null): number {
  if (a !== b) return a < b ? -1 : 1;
  if (ax === bx) return 0; // (both null: equal doubles that are exact)
  const x = exactTime(a, ax);
  const y = exactTime(b, bx);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Scratch result of the exact operations: the sum's double and its companion. */
export const SUM = { t: 0, tx: null as bigint | null };

/** SUM = int64(a + b) exactly, wrapping as Go's int64 addition does. */
export function addTimes(a: number, ax: bigint | null, b: number, bx: bigint | null): void {
  const v = BigInt.asIntN(64, exactTime(a, ax) + exactTime(b, bx));
  SUM.tx = txOf(v);
  SUM.t = Number(v);
}

/**
 * SUM = Go's "strictly after the last event" (both readers' fix-up): time if it is later than
 * last, else last + 1, in int64.
 */
export function afterLast(time: number, tx: bigint | null, last: number, lastX: bigint | null): void {
  if (tx === null && lastX === null) {
    if (time > last) {
      SUM.t = time;
      SUM.tx = null;
      return;
    }
    if (last < MAX_SAFE && last >= -MAX_SAFE) {
      SUM.t = last + 1;
      SUM.tx = null;
      return;
    }
  }
  if (compareTimes(time, tx, last, lastX) > 0) {
    SUM.t = time;
    SUM.tx = tx;
    return;
  }
  addTimes(last, lastX, 1, null);
}

/** A time as Go's %d prints an int64: exact past 2^53 (String() would print a double's shortest digits). */
export function timeText(t: number, tx: bigint | null): string {
  if (tx !== null) return tx.toString();
  return t >= -MAX_SAFE && t <= MAX_SAFE ? String(t) : BigInt(t).toString();
}

