// A full garbage collection, on request. The server asks for one once the goroutine pass is
// done and its state (the task records, the goroutines' pending state) is garbage: V8 would
// keep the heap it grew to until some later collection, and the timeline model arrives then,
// so the process's peak memory would hold both.

import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

export function collectGarbage(): void {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Collects each time this thread's heap has grown by `bound` bytes since the last collection
 * (check() after each step of a long pass). The goroutine pass allocates short-lived values at
 * most events, and V8 lets the garbage that outlives the young generation pile up to a multiple
 * of what lives before it collects: on the 1 GB trace the pass's heap reached 243 MB, 150 of it
 * garbage, at the load's peak.
 */
export class GarbageBound {
  private base = heapUsed();
  constructor(private readonly bound: number) {}

  check(): void {
    if (heapUsed() < this.base + this.bound) return;
    collectGarbage();
    this.base = heapUsed();
  }
}

function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}
