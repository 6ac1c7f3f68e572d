// Go's container/heap, step for step, so ties are popped in Go's order (which decides which of
// several equally bad windows go tool trace keeps).

export interface HeapOps {
  len(): number;
  less(i: number, j: number): boolean;
  swap(i: number, j: number): void;
}

export function heapInit(h: HeapOps): void {
  const n = h.len();
  for (let i = Math.trunc(n / 2) - 1; i >= 0; i--) down(h, i, n);
}

/** After appending an element at the end: restore the heap (heap.Push minus the append). */
export function heapUp(h: HeapOps, j: number): void {
  while (j > 0) {
    const i = Math.trunc((j - 1) / 2);
    if (!h.less(j, i)) break;
    h.swap(i, j);
    j = i;
  }
}

export function down(h: HeapOps, i0: number, n: number): boolean {
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
  down(h, 0, n);
}

/** heap.Remove minus the final removal: moves element i to the last slot. */
export function heapRemoveToEnd(h: HeapOps, i: number): void {
  const n = h.len() - 1;
  if (n !== i) {
    h.swap(i, n);
    if (!down(h, i, n)) heapUp(h, i);
  }
}
