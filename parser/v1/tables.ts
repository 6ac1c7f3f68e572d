// The string and stack tables of an old-format trace, laid out as Go's converter lays them
// out: the trace's own string IDs, then its inline (UserLog message) strings, then the
// strings the conversion itself needs (block reasons, STW kinds). The store builder reads
// them through the LocalTables interface.

import { LocalTables } from '../store-builder.js';
import { V1Frame } from './batches.js';

/** Strings the conversion emits, in Go's order (sForever ... sSTWResetDebugLog). */
export const enum Builtin {
  Forever = 0,
  Preempted,
  Gosched,
  Sleep,
  ChanSend,
  ChanRecv,
  Network,
  Sync,
  SyncCond,
  Select,
  Empty,
  MarkAssistWait,
  STWUnknown,
  Count = STWUnknown + 17,
}

const BUILTIN_TEXT = [
  'forever',
  'preempted',
  'runtime.Gosched',
  'sleep',
  'chan send',
  'chan receive',
  'network',
  'sync',
  'sync.(*Cond).Wait',
  'select',
  '',
  'GC mark assist wait for work',
  '',
  'GC mark termination',
  'GC sweep termination',
  'write heap dump',
  'goroutine profile',
  'goroutine profile cleanup',
  'all goroutine stack trace',
  'read mem stats',
  'AllThreadsSyscall',
  'GOMAXPROCS',
  'start trace',
  'stop trace',
  'CountPagesInUse (test)',
  'ReadMetricsSlow (test)',
  'ReadMemStatsSlow (test)',
  'PageCachePagesLeaked (test)',
  'ResetDebugLog (test)',
];

export class V1Tables implements LocalTables {
  /** ID of the first inline string and of the first builtin string. */
  readonly inlineBase: number;
  readonly builtinBase: number;
  readonly maxStringId: number;
  readonly maxStackId: number;

  constructor(
    private readonly own: Map<number, string>,
    private readonly inline: string[],
    readonly stacks: Map<number, number[]>,
    readonly pcs: Map<number, V1Frame>,
  ) {
    let max = 0;
    for (const id of own.keys()) if (id > max) max = id;
    this.inlineBase = max + 1;
    this.builtinBase = this.inlineBase + inline.length;
    this.maxStringId = this.builtinBase + Builtin.Count - 1;
    let maxStack = 0;
    for (const id of stacks.keys()) if (id > maxStack) maxStack = id;
    this.maxStackId = maxStack;
  }

  builtin(c: number): number {
    return this.builtinBase + c;
  }

  inlineId(i: number): number {
    return this.inlineBase + i;
  }

  hasString(id: number): boolean {
    if (id === 0) return true;
    if (id >= this.inlineBase) return id <= this.maxStringId && Number.isInteger(id);
    return this.own.has(id);
  }

  string(id: number): string {
    if (id === 0) return '';
    if (id >= this.builtinBase) return BUILTIN_TEXT[id - this.builtinBase] ?? '';
    if (id >= this.inlineBase) return this.inline[id - this.inlineBase] ?? '';
    return this.own.get(id) ?? '';
  }

  /** A string that may be missing comes back as "" (Go's get with the ok result ignored). */
  stringOrEmpty(id: number): string {
    return this.hasString(id) ? this.string(id) : '';
  }
}
