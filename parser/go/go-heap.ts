// Go's container/heap, step for step: a binary min-heap over anything that can compare and
// swap two of its elements by index. The sift rules are Go's exactly, because on equal keys the
// heap's shape decides what comes out first (which thread's event the reader tries first, which
// of several equally bad windows the MMU keeps). Like Go's, the functions never grow or shrink
// the storage: push appends then calls heapUp; pop and remove move the element to the last
// slot (heapPopToEnd, heapRemoveToEnd) for the caller to take off.

export interface HeapOps {
  len(): number;
  less(i: number, j: number): boolean;
  swap(i: number, j: number): void;
}

/** heap.Init: establishes the heap invariant over the whole storage. */
export function heapInit(h: HeapOps): void {
  const n = h.len();
  for (let i = Math.trunc(n / 2) - 1; i >= 0; i--) heapDown(h, i, n);
}

/** Go's up: after appending an element at j (the end), moves it up to its place (heap.Push minus the append). */
export function heapUp(h: HeapOps, j: number): void {
  while (j > 0) {
    const i = (j - 1) >> 1;
    if (!h.less(j, i)) break;
    h.swap(i, j);
    j = i;
  }
}

/** Go's down: moves element i0 down within the first n elements; whether it moved. */
export function heapDown(h: HeapOps, i0: number, n: number): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && h.less(j2, j1)) j = j2;
    if (!h.less(j, i)) break;
    h.swap(i, j);
    i = j;
  }
  return i > i0;
}

/** heap.Pop minus the final removal: moves the minimum to the last slot. */
export function heapPopToEnd(h: HeapOps): void {
  const n = h.len() - 1;
  h.swap(0, n);
  heapDown(h, 0, n);
}

/** heap.Remove minus the final removal: moves element i to the last slot. */
export function heapRemoveToEnd(h: HeapOps, i: number): void {
  const n = h.len() - 1;
  if (n !== i) {
    h.swap(i, n);
    if (!heapDown(h, i, n)) heapUp(h, i);
  }
}

/**
 * heap.Fix: element i's key changed. (Either it moves down or up, never both, so this equals
 * the reader's heapUpdate in Go's internal/trace, which tries up first.)
 */
export function heapFix(h: HeapOps, i: number): void {
  if (!heapDown(h, i, h.len())) heapUp(h, i);
}

/**
 * The removal of Go's internal/trace reader (batchcursor.go heapRemove), which differs from
 * heap.Remove: element i is swapped up to the root whatever the keys, then popped. Moves it
 * to the last slot for the caller to take off.
 */
export function heapRemoveViaRoot(h: HeapOps, i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    h.swap(parent, i);
    i = parent;
  }
  heapPopToEnd(h);
}

/** A heap over an array of items, for subclasses that say which of two items is less. */
export abstract class ArrayHeap<T> implements HeapOps {
  readonly items: T[] = [];

  abstract less(i: number, j: number): boolean;

  len(): number {
    return this.items.length;
  }
  swap(i: number, j: number): void {
    const a = this.items;
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }

  /** heap.Push. */
  push(x: T): void {
    this.items.push(x);
    heapUp(this, this.items.length - 1);
  }
  /** heap.Pop: takes the minimum off. */
  pop(): T {
    heapPopToEnd(this);
    return this.items.pop()!;
  }
  /** heap.Remove: takes item i off. */
  remove(i: number): T {
    heapRemoveToEnd(this, i);
    return this.items.pop()!;
  }
  /** heap.Fix: item i's key changed. */
  fix(i: number): void {
    heapFix(this, i);
  }
}
