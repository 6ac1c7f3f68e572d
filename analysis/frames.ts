// Stacks as frame lists (func, file, line, pc; leaf first) read from the store's interned
// stack and frame tables: what pages and the API show for a stack id.

import { EventStore } from '../parser/events.js';
import type { Frame } from '../api/types.js';

/** The frames of a stack (empty for stack 0), at most max of them. */
export function stackFrames(store: EventStore, stack: number, max = 128): Frame[] {
  if (stack <= 0 || stack >= store.stackStart.length) return [];
  const start = store.stackStart[stack]!;
  const end = Math.min(store.stackEnd[stack]!, start + max);
  const out: Frame[] = [];
  for (let k = start; k < end; k++) {
    const f = store.stackFrameIds[k]!;
    out.push({
      func: store.strings[store.frameFunc[f]!]!,
      file: store.strings[store.frameFile[f]!]!,
      line: store.frameLine[f]!,
      pc: store.framePc[f]!,
    });
  }
  return out;
}
