// A full garbage collection, on request. The server asks for one once the goroutine pass is
// done and its state (the task records, the goroutines' pending state) is garbage: V8 would
// keep the heap it grew to until some later collection, and the timeline model arrives then,
// so the process's peak memory would hold both.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

export function collectGarbage(): void {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
