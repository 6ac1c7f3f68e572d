// A goroutine's name, as the goroutine analysis (and go tool trace) gives it: the function of the
// outermost frame of the first of its transition stacks where that function has a name.

import type { EventStore } from '../parser/events.js';

/** The outermost frame of a stack (frame id), -1 for an empty stack or none. */
export function outermostFrame(s: EventStore, stack: number): number {
  const end = s.stackEnd[stack] ?? 0;
  return end > (s.stackStart[stack] ?? 0) ? s.stackFrameIds[end - 1]! : -1;
}

/** The function a goroutine whose first stack is `stack` is named after ("" if none). */
export function startFunction(s: EventStore, stack: number): string {
  const f = outermostFrame(s, stack);
  return f < 0 ? '' : (s.strings[s.frameFunc[f]!] ?? '');
}
