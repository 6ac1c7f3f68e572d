// An exact re-implementation of Go's slices.SortFunc (pattern-defeating quicksort,
// Go 1.26): the same comparisons in the same order, so the same (unstable) order of
// equal elements. Go's trace tools sort with it, and we must reproduce their ties.

/** Go's `bits.Len` for 0 <= n < 2^32: the number of bits needed to represent n. */
function bitLen(n: number): number {
  return 32 - Math.clz32(n);
}

// The pivot choice reports whether the sampled elements looked sorted.
const UNKNOWN_HINT = 0;
const INCREASING_HINT = 1;
const DECREASING_HINT = 2;

const MAX_INSERTION = 12; // slices this short are insertion-sorted
const SHORTEST_NINTHER = 50; // from this length the pivot is a median of medians
const MAX_SWAPS = 4 * 3; // swaps the pivot choice makes on a strictly decreasing sample
const PARTIAL_MAX_STEPS = 5; // out-of-order pairs partialInsertionSort will fix
const PARTIAL_SHORTEST_SHIFTING = 50; // partialInsertionSort gives up below this length

/**
 * Sorts `a` in place, permuting it exactly as Go 1.26's `slices.SortFunc(a, cmp)`
 * does, including the placement of elements that compare equal. `cmp` returns a
 * negative number when x < y (only the sign of `cmp(x, y) < 0` is ever used).
 */
export function goSortFunc<T>(a: T[], cmp: (x: T, y: T) => number): void {
  const n = a.length;
  new PdqSorter(a, cmp).sort(0, n, bitLen(n));
}

/** Holds the slice and comparator so the helpers below stay monomorphic and allocation-free. */
class PdqSorter<T> {
  /** Swap counter of the pivot selection (Go passes it by pointer). */
  private swaps = 0;

  constructor(
    private readonly d: T[],
    private readonly cmp: (x: T, y: T) => number,
  ) {}

  private less(i: number, j: number): boolean {
    return this.cmp(this.d[i], this.d[j]) < 0;
  }

  private swap(i: number, j: number): void {
    const d = this.d;
    const t = d[i];
    d[i] = d[j];
    d[j] = t;
  }

  /** Sorts d[a:b]; `limit` counts the unbalanced partitions allowed before heapsort. */
  sort(a: number, b: number, limit: number): void {
    let wasBalanced = true;
    let wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= MAX_INSERTION) {
        this.insertionSort(a, b);
        return;
      }
      if (limit === 0) {
        this.heapSort(a, b);
        return;
      }
      if (!wasBalanced) {
        this.breakPatterns(a, b);
        limit--;
      }

      let pivot = this.choosePivot(a, b);
      let hint = this.pivotHint;
      if (hint === DECREASING_HINT) {
        this.reverseRange(a, b);
        pivot = b - 1 - (pivot - a);
        hint = INCREASING_HINT;
      }

      if (wasBalanced && wasPartitioned && hint === INCREASING_HINT) {
        if (this.partialInsertionSort(a, b)) return;
      }

      // Many elements equal to the pivot: split off those equal to it.
      if (a > 0 && !this.less(a - 1, pivot)) {
        a = this.partitionEqual(a, b, pivot);
        continue;
      }

      const mid = this.partition(a, b, pivot);
      wasPartitioned = this.alreadyPartitioned;

      const leftLen = mid - a;
      const rightLen = b - mid;
      const balanceThreshold = Math.trunc(length / 8);
      if (leftLen < rightLen) {
        wasBalanced = leftLen >= balanceThreshold;
        this.sort(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = rightLen >= balanceThreshold;
        this.sort(mid + 1, b, limit);
        b = mid;
      }
    }
  }

  private insertionSort(a: number, b: number): void {
    for (let i = a + 1; i < b; i++) {
      for (let j = i; j > a && this.less(j, j - 1); j--) this.swap(j, j - 1);
    }
  }

  /** Restores the heap property of d[first+lo : first+hi] from `lo` down. */
  private siftDown(lo: number, hi: number, first: number): void {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && this.less(first + child, first + child + 1)) child++;
      if (!this.less(first + root, first + child)) return;
      this.swap(first + root, first + child);
      root = child;
    }
  }

  private heapSort(a: number, b: number): void {
    const first = a;
    const hi = b - a;
    for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) this.siftDown(i, hi, first);
    for (let i = hi - 1; i >= 0; i--) {
      this.swap(first, first + i);
      this.siftDown(0, i, first);
    }
  }

  /** Set by partition(): whether d[a:b] needed no swaps. */
  private alreadyPartitioned = false;

  /**
   * One quicksort partition around d[pivot]: afterwards d[i] < p left of the
   * returned index, d[j] >= p right of it, and p itself at it.
   */
  private partition(a: number, b: number, pivot: number): number {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && this.less(i, a)) i++;
    while (i <= j && !this.less(j, a)) j--;
    if (i > j) {
      this.swap(j, a);
      this.alreadyPartitioned = true;
      return j;
    }
    this.swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && this.less(i, a)) i++;
      while (i <= j && !this.less(j, a)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    this.swap(j, a);
    this.alreadyPartitioned = false;
    return j;
  }

  /** Moves elements equal to d[pivot] (none are smaller) before the greater ones; returns the split. */
  private partitionEqual(a: number, b: number, pivot: number): number {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !this.less(a, i)) i++;
      while (i <= j && this.less(a, j)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    return i;
  }

  /** Fixes up to a few adjacent inversions; returns true if d[a:b] ends up sorted. */
  private partialInsertionSort(a: number, b: number): boolean {
    let i = a + 1;
    for (let step = 0; step < PARTIAL_MAX_STEPS; step++) {
      while (i < b && !this.less(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < PARTIAL_SHORTEST_SHIFTING) return false;
      this.swap(i, i - 1);
      // Shift the smaller element left. (Go bounds this loop by 1, not a: kept as is.)
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
      // Shift the greater element right.
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
    }
    return false;
  }

  /** Swaps three middle elements with pseudo-random ones (Go's xorshift seeded by the length). */
  private breakPatterns(a: number, b: number): void {
    const length = b - a;
    if (length < 8) return;
    // 64-bit xorshift state as two unsigned 32-bit halves.
    let hi = Math.floor(length / 0x1_0000_0000) >>> 0;
    let lo = length >>> 0;
    const modulus = 2 ** bitLen(length); // a power of two <= 2^32
    const from = a + Math.trunc(length / 4) * 2 - 1;
    for (let idx = from; idx <= from + 2; idx++) {
      // x ^= x << 13
      hi = (hi ^ ((hi << 13) | (lo >>> 19))) >>> 0;
      lo = (lo ^ (lo << 13)) >>> 0;
      // x ^= x >> 7
      lo = (lo ^ ((lo >>> 7) | (hi << 25))) >>> 0;
      hi = (hi ^ (hi >>> 7)) >>> 0;
      // x ^= x << 17
      hi = (hi ^ ((hi << 17) | (lo >>> 15))) >>> 0;
      lo = (lo ^ (lo << 17)) >>> 0;
      let other = lo % modulus; // == uint(x) & (modulus-1), as modulus <= 2^32
      if (other >= length) other -= length;
      this.swap(idx, a + other);
    }
  }

  /** Set by choosePivot(): the sortedness hint of the sampled elements. */
  private pivotHint = UNKNOWN_HINT;

  /** Picks a pivot index in d[a:b] (static, median of three, or Tukey's ninther) and sets pivotHint. */
  private choosePivot(a: number, b: number): number {
    const l = b - a;
    const q = Math.trunc(l / 4);
    let i = a + q;
    let j = a + q * 2;
    let k = a + q * 3;
    this.swaps = 0;
    if (l >= 8) {
      if (l >= SHORTEST_NINTHER) {
        i = this.median(i - 1, i, i + 1);
        j = this.median(j - 1, j, j + 1);
        k = this.median(k - 1, k, k + 1);
      }
      j = this.median(i, j, k);
    }
    const swaps = this.swaps;
    this.pivotHint = swaps === 0 ? INCREASING_HINT : swaps === MAX_SWAPS ? DECREASING_HINT : UNKNOWN_HINT;
    return j;
  }

  /** The index (one of a, b, c) of the median of d[a], d[b], d[c]; counts swaps of the ordering steps. */
  private median(a: number, b: number, c: number): number {
    // order2(a, b), order2(b, c), order2(a, b) — each puts the smaller first.
    let t: number;
    if (this.less(b, a)) {
      this.swaps++;
      t = a;
      a = b;
      b = t;
    }
    if (this.less(c, b)) {
      this.swaps++;
      t = b;
      b = c;
      c = t;
    }
    if (this.less(b, a)) {
      this.swaps++;
      t = a;
      a = b;
      b = t;
    }
    return b;
  }

  private reverseRange(a: number, b: number): void {
    for (let i = a, j = b - 1; i < j; i++, j--) this.swap(i, j);
  }
}
