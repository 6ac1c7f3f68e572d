// One record per distinct list of PCs: go tool trace keys a profile's records by the PCs of
// their stacks (the first N, zero-padded: trailing frames without a PC do not count), not by
// the stacks, so stacks that differ only in what lies past N, or in their frames' names, share
// one record.

import { EventStore } from '../parser/events.js';

export class StacksByPcs<R> {
  /** Stack id -> its record, once looked up. */
  private byStack: (R | undefined)[] = [];
  private byPcs = new Map<string, R>();

  /** depth: how many PCs count; make: the record of the first stack seen with given PCs. */
  constructor(
    private readonly depth: number,
    private readonly make: (stack: number) => R,
  ) {}

  /** The record of stack's PCs (stack is an id of store's). */
  get(store: EventStore, stack: number): R {
    let rec = this.byStack[stack];
    if (rec !== undefined) return rec;
    const key = pcsKey(store, stack, this.depth);
    rec = this.byPcs.get(key);
    if (rec === undefined) {
      rec = this.make(stack);
      this.byPcs.set(key, rec);
    }
    while (this.byStack.length < stack) this.byStack.push(undefined);
    this.byStack[stack] = rec;
    return rec;
  }

  /** The records, in the order their PCs were first seen. */
  records(): R[] {
    return [...this.byPcs.values()];
  }
}

/** The first depth PCs of a stack, without the trailing zero PCs, as a string key. */
function pcsKey(s: EventStore, stack: number, depth: number): string {
  const start = s.stackStart[stack]!;
  const end = Math.min(s.stackEnd[stack]!, start + depth);
  let last = end;
  while (last > start && s.framePc[s.stackFrameIds[last - 1]!]! === 0) last--;
  let key = '';
  for (let k = start; k < last; k++) key += s.framePc[s.stackFrameIds[k]!]! + ',';
  return key;
}

/** Whether a stack's first depth frames have no PC (its record is the profile's stackless one). */
export function hasNoPcs(s: EventStore, stack: number, depth: number): boolean {
  // pcsKey(...) === '' without building the key.
  const start = s.stackStart[stack]!;
  const end = Math.min(s.stackEnd[stack]!, start + depth);
  for (let k = start; k < end; k++) if (s.framePc[s.stackFrameIds[k]!]! !== 0) return false;
  return true;
}
