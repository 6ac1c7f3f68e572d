// The one event model every trace format is parsed into: events in typed-array columns,
// chunked per generation, with strings, stacks and execution contexts interned once per trace.

import { Ev, SPECS } from './wire/specs.js';
import { TraceError } from './errors.js';
import { uvarintUnchecked, uvarintBigAt } from './wire/varint.js';
import { ExactIds, idText, inexact } from './exact-args.js';
import { exactTime, timeText, txOf } from './exact-time.js';
import { PackedTimes } from './packed-times.js';

/** Bases up to which base + a 32-bit offset is a safe integer. */
const MAX_SAFE_BASE = Number.MAX_SAFE_INTEGER - 0xffffffff;

export const enum GoState {
  Undetermined = 0,
  NotExist = 1,
  Runnable = 2,
  Running = 3,
  Waiting = 4,
  Syscall = 5,
}
export const GO_STATE_NAMES = ['Undetermined', 'NotExist', 'Runnable', 'Running', 'Waiting', 'Syscall'];

export const enum ProcState {
  Undetermined = 0,
  NotExist = 1,
  Running = 2,
  Idle = 3,
}
export const PROC_STATE_NAMES = ['Undetermined', 'NotExist', 'Running', 'Idle'];

/** A goroutine's status on the wire (GoStatus: Bad, Runnable, Running, Syscall, Waiting) -> its GoState. */
export const GO_STATUS_TO_STATE = [GoState.Undetermined, GoState.Runnable, GoState.Running, GoState.Syscall, GoState.Waiting];
/** A proc's status on the wire (ProcStatus: Bad, Running, Idle, Syscall, SyscallAbandoned) -> its ProcState. */
export const PROC_STATUS_TO_STATE = [ProcState.Undetermined, ProcState.Running, ProcState.Idle, ProcState.Running, ProcState.Idle];

export const enum Kind {
  Bad = 0,
  Sync = 1,
  Metric = 2,
  Label = 3,
  StackSample = 4,
  RangeBegin = 5,
  RangeActive = 6,
  RangeEnd = 7,
  TaskBegin = 8,
  TaskEnd = 9,
  RegionBegin = 10,
  RegionEnd = 11,
  Log = 12,
  StateTransition = 13,
  Experimental = 14,
}
export const KIND_NAMES = [
  'Bad',
  'Sync',
  'Metric',
  'Label',
  'StackSample',
  'RangeBegin',
  'RangeActive',
  'RangeEnd',
  'TaskBegin',
  'TaskEnd',
  'RegionBegin',
  'RegionEnd',
  'Log',
  'StateTransition',
  'Experimental',
];

/** Wire event type → event kind. */
export const TYPE_KIND = new Uint8Array(256);
{
  const st = [
    Ev.ProcStart, Ev.ProcStop, Ev.ProcSteal, Ev.ProcStatus, Ev.GoCreate, Ev.GoCreateSyscall, Ev.GoStart,
    Ev.GoDestroy, Ev.GoDestroySyscall, Ev.GoStop, Ev.GoBlock, Ev.GoUnblock, Ev.GoSyscallBegin, Ev.GoSyscallEnd,
    Ev.GoSyscallEndBlocked, Ev.GoStatus, Ev.GoSwitch, Ev.GoSwitchDestroy, Ev.GoCreateBlocked, Ev.GoStatusStack,
  ];
  for (const t of st) TYPE_KIND[t] = Kind.StateTransition;
  TYPE_KIND[Ev.CPUSample] = Kind.StackSample;
  TYPE_KIND[Ev.ProcsChange] = Kind.Metric;
  TYPE_KIND[Ev.HeapAlloc] = Kind.Metric;
  TYPE_KIND[Ev.HeapGoal] = Kind.Metric;
  for (const t of [Ev.STWBegin, Ev.GCBegin, Ev.GCSweepBegin, Ev.GCMarkAssistBegin]) TYPE_KIND[t] = Kind.RangeBegin;
  for (const t of [Ev.GCActive, Ev.GCSweepActive, Ev.GCMarkAssistActive]) TYPE_KIND[t] = Kind.RangeActive;
  for (const t of [Ev.STWEnd, Ev.GCEnd, Ev.GCSweepEnd, Ev.GCMarkAssistEnd]) TYPE_KIND[t] = Kind.RangeEnd;
  TYPE_KIND[Ev.GoLabel] = Kind.Label;
  TYPE_KIND[Ev.UserTaskBegin] = Kind.TaskBegin;
  TYPE_KIND[Ev.UserTaskEnd] = Kind.TaskEnd;
  TYPE_KIND[Ev.UserRegionBegin] = Kind.RegionBegin;
  TYPE_KIND[Ev.UserRegionEnd] = Kind.RegionEnd;
  TYPE_KIND[Ev.UserLog] = Kind.Log;
  for (let t = Ev.Span; t <= Ev.GoroutineStackFree; t++) TYPE_KIND[t] = Kind.Experimental;
  TYPE_KIND[Ev.ReaderSync] = Kind.Sync;
}

/** Wire types of the given kinds (1 = wanted, index = type): a keep filter for a streaming parse. */
export function typesOfKinds(kinds: readonly Kind[]): Uint8Array {
  const m = new Uint8Array(256);
  for (let t = 0; t < 256; t++) if (kinds.includes(TYPE_KIND[t]! as Kind)) m[t] = 1;
  return m;
}

/**
 * How many arguments each event type keeps: its wire arguments after the timestamp, plus
 * what the reader adds (a proc's old state, a task's parent and type, a sync's number).
 */
export const STORED_ARGS = new Uint8Array(256);
/** Which stored arguments are string IDs / stack IDs (bit i set = argument i), in the trace-wide tables. */
export const STRING_ARGS = new Uint8Array(256);
export const STACK_ARGS = new Uint8Array(256);
{
  for (let t = 0; t < SPECS.length; t++) {
    const s = SPECS[t]!;
    if (!s.timed) continue;
    STORED_ARGS[t] = s.args.length - 1;
    for (const i of s.stringIds) STRING_ARGS[t]! |= 1 << (i - 1);
    for (const i of s.stackIds) STACK_ARGS[t]! |= 1 << (i - 1);
  }
  STORED_ARGS[Ev.ProcStatus] = 3; // + old state
  STORED_ARGS[Ev.ProcSteal] = 4; // + old status
  STORED_ARGS[Ev.UserTaskEnd] = 4; // + parent, type
  STRING_ARGS[Ev.UserTaskEnd] = 1 << 3;
  STRING_ARGS[Ev.STWEnd] = 1 << 0; // the STW kind, carried from its begin
  STORED_ARGS[Ev.STWEnd] = 1;
  STORED_ARGS[Ev.CPUSample] = 1;
  STACK_ARGS[Ev.CPUSample] = 1 << 0;
  STORED_ARGS[Ev.ReaderSync] = 1;
}

/** Per-sync details: its number and, for Go 1.25+, the clock snapshot of its generation. */
export interface SyncInfo {
  n: number;
  /** Trace-clock time of the snapshot (ns), or null when the generation has none. */
  clockTrace: number | null;
  /** uint64: a bigint past 2^53. */
  mono: number | bigint;
  sec: number | bigint;
  nsec: number | bigint;
  /** Generation number (0 for the reader's final and error syncs). */
  gen: number;
}

/** Where a chunk's columns were written on disk (Chunk.spill), and how they are laid out. */
export interface SpillPlace {
  /** The spill file's descriptor (the process's threads share it). */
  fd: number;
  /** Byte offset in the spill file. */
  offset: number;
  /** Contexts as 32 bits (else 16). */
  ctx32: boolean;
}

/** Byte offsets and byte lengths of a spilled chunk's columns (types, contexts, argBase, argRel, args, times). */
export interface SpillLayout {
  at: number[];
  len: number[];
  bytes: number;
  ctx32: boolean;
}

/** Reads a spilled chunk's columns back (Chunk.thaw); one per thread (the server's event spill). */
export interface ColumnStore {
  restore(c: Chunk): void;
}
let columnStore: ColumnStore | null = null;
/** Sets this thread's column store (null: none; a spilled chunk then cannot be read). */
export function useColumnStore(s: ColumnStore | null): void {
  columnStore = s;
}
function restore(c: Chunk): void {
  if (columnStore === null) throw new Error('event columns are on disk and this thread has no column store to read them');
  columnStore.restore(c);
}
const EMPTY_U8 = new Uint8Array(0);
/** Zeros between spilled columns (each starts 8-byte aligned). */
const PADDING = new Uint8Array(8);
const EMPTY_U16 = new Uint16Array(0);
const EMPTY_U32 = new Uint32Array(0);
const EMPTY_F64 = new Float64Array(0);

/**
 * A run of events (one generation, typically) in columns. Times are stored as 32-bit
 * offsets from the chunk's first event (a generation spans about a second); a chunk that
 * spans more than 2^32 ns switches to a float64 column.
 */
export class Chunk {
  n = 0;
  /** Time of event 0; time offsets are relative to it. */
  base = 0;
  // The event columns are read through accessors so that a chunk whose columns were written out
  // to disk (spill(): the server keeps a large trace's events on disk) reads them back on first
  // use (the thread's ColumnStore, useColumnStore). The times too, unless packed (packTimes()).
  private t32_: Uint32Array | null;
  private t64_: Float64Array | null = null;
  private typ_: Uint8Array;
  private ctx_: Uint16Array | Uint32Array;
  private argBase_: Uint32Array;
  private argRel_: Uint16Array;
  private args_: Uint8Array;
  /**
   * Times past 2^53 (parser/exact-time.ts; damaged traces, or a machine up for months): the
   * exact base when the double base is not it, and in the float64 column, the exact times of
   * the events whose double is not. null when the chunk needs none (the common case).
   */
  baseX: bigint | null = null;
  timeX: Map<number, bigint> | null = null;
  /**
   * The times packed (packed-times.ts: 2.4 bytes an event in a busy trace, against 4), in place
   * of the time column: packTimes(). They stay in memory when the other columns go to disk.
   */
  packed: PackedTimes | null = null;
  /** Where the columns were written (spill()); null while they live only in memory. */
  spilled: SpillPlace | null = null;
  /** The columns are on disk only: the first read of one reads them back. */
  cold = false;

  /** Time offsets (ns) from base, or null once the chunk switched to absolute times (or packed them). */
  get t32(): Uint32Array | null {
    if (this.cold) restore(this);
    return this.t32_;
  }
  set t32(v: Uint32Array | null) {
    this.t32_ = v;
  }
  /** Absolute times (ns), used only when offsets do not fit 32 bits. */
  get t64(): Float64Array | null {
    if (this.cold) restore(this);
    return this.t64_;
  }
  set t64(v: Float64Array | null) {
    this.t64_ = v;
  }
  /** Wire event type per event. */
  get typ(): Uint8Array {
    if (this.cold) restore(this);
    return this.typ_;
  }
  set typ(v: Uint8Array) {
    this.typ_ = v;
  }
  /** Context index per event: 16 bits until a chunk has more than 65536 contexts (then 32). */
  get ctx(): Uint16Array | Uint32Array {
    if (this.cold) restore(this);
    return this.ctx_;
  }
  set ctx(v: Uint16Array | Uint32Array) {
    this.ctx_ = v;
  }
  /**
   * Where event i's arguments start in args: argBase[i >> ARG_BLOCK_SHIFT] + argRel[i] (a block's
   * events take at most a few hundred bytes of arguments, so 16 bits per event do).
   */
  get argBase(): Uint32Array {
    if (this.cold) restore(this);
    return this.argBase_;
  }
  set argBase(v: Uint32Array) {
    this.argBase_ = v;
  }
  get argRel(): Uint16Array {
    if (this.cold) restore(this);
    return this.argRel_;
  }
  set argRel(v: Uint16Array) {
    this.argRel_ = v;
  }
  /** The stored arguments, each uvarint(value + 1). */
  get args(): Uint8Array {
    if (this.cold) restore(this);
    return this.args_;
  }
  set args(v: Uint8Array) {
    this.args_ = v;
  }
  argLen = 0;
  /**
   * Chunk-space → trace-wide maps for string ids, stack ids and sync indices stored in args.
   * null means the chunk already stores trace-wide ids. Read ids through str()/stack()/sync().
   */
  strMap: Int32Array | null = null;
  stackMap: Int32Array | null = null;
  syncBase = 0;
  /** This chunk's execution contexts (goroutine, proc, thread; -1 = none), indexed by the ctx column. */
  ctxG: number[] = [];
  ctxP: number[] = [];
  ctxM: number[] = [];
  /**
   * Contexts with an id past 2^53 (rare: damaged or made-up traces): ctx index -> [G, P, M] as
   * Go's %d prints them, exactly (parser/exact-args.ts). null when the chunk has none.
   */
  ctxExact: Map<number, [string, string, string]> | null = null;
  constructor(cap = 1024) {
    this.t32_ = columnU32(cap);
    this.typ_ = columnU8(cap);
    this.ctx_ = columnU16(cap);
    this.argBase_ = columnU32(argBlocks(cap));
    this.argRel_ = columnU16(cap);
    this.args_ = columnU8(cap * 4);
  }

  /** Rebuilds a chunk from its fields after a structured clone (which drops the class). */
  static revive(d: Chunk): Chunk {
    const c = new Chunk(0);
    c.n = d.n;
    c.base = d.base;
    c.baseX = d.baseX ?? null;
    c.timeX = d.timeX ?? null;
    c.argLen = d.argLen;
    c.strMap = d.strMap;
    c.stackMap = d.stackMap;
    c.syncBase = d.syncBase;
    c.ctxG = d.ctxG;
    c.ctxP = d.ctxP;
    c.ctxM = d.ctxM;
    c.ctxExact = d.ctxExact ?? null;
    c.t32_ = d.t32_;
    c.t64_ = d.t64_;
    c.packed = d.packed ? PackedTimes.revive(d.packed) : null;
    c.spilled = d.spilled ?? null;
    if (c.spilled !== null) {
      // Spilled columns are read back from disk by this thread, when it needs them.
      c.drop();
      return c;
    }
    c.typ_ = d.typ_;
    c.ctx_ = d.ctx_;
    c.argBase_ = d.argBase_;
    c.argRel_ = d.argRel_;
    c.args_ = d.args_;
    return c;
  }

  /**
   * Whether another thread can read the columns without a copy: they are in shared memory, or
   * on disk (it reads them back itself). Reads no column back (a cold chunk stays cold).
   */
  get shareable(): boolean {
    return this.spilled !== null || this.typ_.buffer instanceof SharedArrayBuffer;
  }

  /**
   * What to post to another thread: the chunk itself, or, once its columns are on disk, the
   * chunk without them (the other thread reads them back itself; a copy would cost memory).
   */
  forTransfer(): Chunk {
    if (this.spilled === null) return this;
    const d = Object.assign(Object.create(null) as Chunk, this);
    Chunk.prototype.drop.call(d);
    return d;
  }

  /** The spilled columns' layout on disk (8-byte aligned sections: typ, ctx, argBase, argRel, args, times). */
  spillLayout(ctx32 = this.ctx_ instanceof Uint32Array): SpillLayout {
    const n = this.n;
    const len = [n, n * (ctx32 ? 4 : 2), argBlocks(n) * 4, n * 2, this.argLen, this.packed !== null ? 0 : n * (this.t32_ !== null ? 4 : 8)];
    const at: number[] = [];
    let q = 0;
    for (const b of len) {
      at.push(q);
      q += (b + 7) & ~7;
    }
    return { at, len, bytes: q, ctx32 };
  }

  /**
   * The sealed columns as the pieces of spillLayout()'s layout in order (views of the columns
   * themselves and the zero padding between them: what spill() has written out).
   */
  spillParts(): Uint8Array[] {
    const { len } = this.spillLayout();
    const cols = [this.typ_, this.ctx_, this.argBase_, this.argRel_, this.args_, this.t32_ ?? this.t64_ ?? EMPTY_U8];
    const parts: Uint8Array[] = [];
    cols.forEach((a, k) => {
      const b = len[k]!;
      parts.push(new Uint8Array(a.buffer, a.byteOffset, b));
      const pad = ((b + 7) & ~7) - b;
      if (pad > 0) parts.push(PADDING.subarray(0, pad));
    });
    return parts;
  }

  /**
   * The columns were written at `place` (spillParts()): they leave memory, to be read back on
   * first use. The chunk's columns must not change afterwards (a parsed chunk's do not).
   */
  spill(place: SpillPlace): void {
    this.spilled = place;
    this.drop();
  }

  /** Lets go of spilled columns (the thread's ColumnStore evicts the least recently read). */
  drop(): void {
    if (this.spilled === null) return;
    this.cold = true;
    // (Which time column it was stays known: the layout depends on it. Packed times have none.)
    if (this.t32_ !== null) this.t32_ = EMPTY_U32;
    else if (this.t64_ !== null) this.t64_ = EMPTY_F64;
    this.typ_ = this.args_ = EMPTY_U8;
    this.ctx_ = this.argRel_ = EMPTY_U16;
    this.argBase_ = EMPTY_U32;
  }

  /** Takes the columns back from a buffer read from `spilled` (the ColumnStore's read). */
  thaw(buf: ArrayBuffer): void {
    const place = this.spilled!;
    const { at, len } = this.spillLayout(place.ctx32);
    this.typ_ = new Uint8Array(buf, at[0]!, len[0]!);
    this.ctx_ = place.ctx32 ? new Uint32Array(buf, at[1]!, len[1]! / 4) : new Uint16Array(buf, at[1]!, len[1]! / 2);
    this.argBase_ = new Uint32Array(buf, at[2]!, len[2]! / 4);
    this.argRel_ = new Uint16Array(buf, at[3]!, len[3]! / 2);
    this.args_ = new Uint8Array(buf, at[4]!, len[4]!);
    // (Packed times have no column: none was written.)
    if (this.t32_ !== null) this.t32_ = new Uint32Array(buf, at[5]!, this.n);
    else if (this.t64_ !== null) this.t64_ = new Float64Array(buf, at[5]!, this.n);
    this.cold = false;
  }

  get capacity(): number {
    return this.typ.length;
  }

  timeAt(i: number): number {
    const p = this.packed;
    if (p !== null) return p.at(i);
    if (this.cold) restore(this);
    const t32 = this.t32_;
    return t32 !== null ? this.base + t32[i]! : this.t64_![i]!;
  }

  /**
   * Packs the times of a sealed chunk (packed-times.ts) and lets go of its time column: timeAt
   * reads the packed times from then on, and a spill writes no times. (Keeping the column until
   * the spill, for the passes to read, made loading no faster on the 210 MB trace and its peak
   * 60-120 MiB higher.) Not for a chunk whose times need the exact path (parser/exact-time.ts:
   * past 2^53, or a float64 column): it keeps its column.
   */
  packTimes(): void {
    if (this.packed !== null || this.cold || this.t32_ === null || this.baseX !== null || this.timeX !== null) return;
    if (this.base > MAX_SAFE_BASE || this.base < -MAX_SAFE_BASE) return;
    this.packed = PackedTimes.ofColumn(this.base, this.t32_, this.n);
    this.t32_ = null;
  }

  /** Sets event i's time: t, or exactly tx when t is not exact (see baseX). */
  setTime(i: number, t: number, tx: bigint | null = null): void {
    if (i === 0) {
      this.base = t;
      this.baseX = tx;
    }
    // (Two exact doubles within 2^32 of each other subtract exactly.)
    const d = tx === null && this.baseX === null ? t - this.base : Number(exactTime(t, tx) - exactTime(this.base, this.baseX));
    if (this.t32_ !== null) {
      if (d >= 0 && d <= 0xffffffff) {
        this.t32_[i] = d;
        return;
      }
      this.toAbsolute(i);
    }
    this.t64_![i] = t;
    if (tx !== null) (this.timeX ??= new Map()).set(i, tx);
  }

  /** Switches to the float64 column, keeping events [0, n) (with their exact times). */
  private toAbsolute(n: number): void {
    const t32 = this.t32_!;
    this.t64_ = columnF64(t32.length);
    const base = this.base;
    // (Past 2^53 - 2^32, base + offset may not be a double: the exact sum is kept.)
    const exact = this.baseX !== null || base > MAX_SAFE_BASE || base < -MAX_SAFE_BASE;
    const baseX = exact ? exactTime(base, this.baseX) : 0n;
    for (let k = 0; k < n; k++) {
      this.t64_[k] = base + t32[k]!;
      if (exact) {
        const v = baseX + BigInt(t32[k]!);
        this.t64_[k] = Number(v);
        const x = txOf(v);
        if (x !== null) (this.timeX ??= new Map()).set(k, x);
      }
    }
    this.t32_ = null;
  }

  /** Event i's time as Go's %d prints it: exactly, past 2^53 too. */
  timeText(i: number): string {
    // (Packed times are exact integers below 2^53: packTimes.)
    if (this.packed !== null) return String(this.packed.at(i));
    const t32 = this.t32;
    if (t32 !== null) {
      const base = this.base;
      if (this.baseX === null && base <= MAX_SAFE_BASE && base >= -MAX_SAFE_BASE) return String(base + t32[i]!);
      return (exactTime(base, this.baseX) + BigInt(t32[i]!)).toString();
    }
    return timeText(this.t64![i]!, this.timeX?.get(i) ?? null);
  }

  /** Replaces the time of an already stored event (the merge's timestamp fix-up). */
  patchTime(i: number, t: number): void {
    // (The merge patches only chunks whose times are all exact doubles: see mergeSpeculative.)
    const d = t - this.base;
    if (this.t32_ !== null && d >= 0 && d <= 0xffffffff) {
      this.t32_[i] = d;
      return;
    }
    if (this.t32_ !== null) this.toAbsolute(this.t32_.length);
    this.t64_![i] = t;
  }

  /** Byte offset of event i's first stored argument. */
  argStart(i: number): number {
    return this.argBase[i >>> ARG_BLOCK_SHIFT]! + this.argRel[i]!;
  }

  /** Records that event i's arguments start at byte q (events are added in order). */
  setArgStart(i: number, q: number): void {
    if ((i & ARG_BLOCK_MASK) === 0) this.argBase[i >>> ARG_BLOCK_SHIFT] = q;
    this.argRel[i] = q - this.argBase[i >>> ARG_BLOCK_SHIFT]!;
  }

  /** Byte offset of stored argument k of event i. */
  argOffset(i: number, k: number): number {
    const a = this.args;
    let p = this.argStart(i);
    while (k > 0) {
      while (a[p++]! >= 0x80);
      k--;
    }
    return p;
  }

  grow(): void {
    const cap = this.capacity * 2;
    if (this.t32_) this.t32_ = growU32(this.t32_, cap);
    else this.t64_ = growF64(this.t64_!, cap);
    this.typ = growU8(this.typ, cap);
    this.ctx = this.ctx instanceof Uint16Array ? growU16(this.ctx, cap) : growU32(this.ctx, cap);
    this.argBase = growU32(this.argBase, argBlocks(cap));
    this.argRel = growU16(this.argRel, cap);
  }

  /** Adds an execution context (goroutine, proc, thread) and returns its index. */
  addCtx(g: number, p: number, m: number): number {
    this.ctxG.push(g);
    this.ctxP.push(p);
    this.ctxM.push(m);
    const id = this.ctxG.length - 1;
    if (inexact(g) || inexact(p) || inexact(m)) (this.ctxExact ??= new Map()).set(id, [idText(g), idText(p), idText(m)]);
    if (id > 0xffff && this.ctx instanceof Uint16Array) {
      const wide = columnU32(this.ctx.length);
      wide.set(this.ctx);
      this.ctx = wide;
    }
    return id;
  }

  /**
   * Context k's goroutine or proc was replaced (the parallel merge resolving a carried one, whose
   * placeholder is past what addCtx takes as an exact id): its exact texts follow.
   */
  refreshCtx(k: number): void {
    const old = this.ctxExact?.get(k);
    const g = this.ctxG[k]!;
    const p = this.ctxP[k]!;
    const m = this.ctxM[k]!;
    if (inexact(g) || inexact(p) || inexact(m)) (this.ctxExact ??= new Map()).set(k, [idText(g), idText(p), old?.[2] ?? idText(m)]);
    else this.ctxExact?.delete(k);
  }

  /**
   * Trims the columns to their used length. The views shrink; the buffers stay as allocated:
   * their unused tails were never written, so they hold no memory pages, and copying the used
   * part out cost more time and (while both copies lived) more memory than it saved.
   */
  seal(): void {
    const n = this.n;
    if (this.t32_) this.t32_ = this.t32_.subarray(0, n);
    else this.t64_ = this.t64_!.subarray(0, n);
    this.typ = this.typ.subarray(0, n);
    this.ctx = this.ctx.subarray(0, n);
    this.argBase = this.argBase.subarray(0, argBlocks(n));
    this.argRel = this.argRel.subarray(0, n);
    this.args = this.args.subarray(0, this.argLen);
  }

  /** Trace-wide string id of a string id stored in this chunk's args. */
  str(id: number): number {
    return this.strMap === null ? id : this.strMap[id]!;
  }
  /** Trace-wide stack id of a stack id stored in this chunk's args. */
  stack(id: number): number {
    return this.stackMap === null ? id : this.stackMap[id]!;
  }
  /** Index into EventStore.syncs of a sync event's stored argument. */
  sync(k: number): number {
    return this.syncBase + k;
  }

  /**
   * Stored argument k of event i as the exact uint64 Go prints (%d of a uint64): -1 is
   * 18446744073709551615, and values beyond 2^53 are read back exactly (arg rounds them).
   */
  argU64(i: number, k: number): string {
    const a = this.args;
    const p = this.argOffset(i, k);
    let e = p;
    while (a[e]! >= 0x80) e++;
    if (e - p < 7) {
      const v = uvarintUnchecked(a, p) - 1;
      return v === -1 ? '18446744073709551615' : String(v);
    }
    const v = uvarintBigAt(a, p, e + 1) - 1n;
    return (v < 0n ? v + (1n << 64n) : v).toString();
  }

  /** Stored argument k of event i as Go's %d prints an int64 id (GoID, ProcID): exactly, 2^63 and up negative. */
  argI64(i: number, k: number): string {
    const v = this.arg(i, k);
    return inexact(v) ? BigInt.asIntN(64, BigInt(this.argU64(i, k))).toString() : String(v);
  }

  /** Goroutine (0), proc (1) or thread (2) of context ctx as Go's %d prints it, exactly past 2^53. */
  ctxText(ctx: number, which: 0 | 1 | 2): string {
    const e = this.ctxExact?.get(ctx);
    if (e !== undefined) return e[which];
    return String(which === 0 ? this.ctxG[ctx]! : which === 1 ? this.ctxP[ctx]! : this.ctxM[ctx]!);
  }

  /** Decodes stored argument k of event i (arguments are kept as uvarint(value + 1), so -1 stores as 0). */
  arg(i: number, k: number): number {
    const a = this.args;
    const p = this.argOffset(i, k);
    const v = uvarintUnchecked(a, p);
    if (v <= Number.MAX_SAFE_INTEGER) return v - 1;
    // Past 2^53 the stored value + 1 was rounded: the nearest double to the exact value, not to
    // the rounded one minus 1 (which would read 2^53 back as 2^53 - 1).
    let e = p;
    while (a[e]! >= 0x80) e++;
    return Number(uvarintBigAt(a, p, e + 1) - 1n);
  }
}

/** Events per block of argument offsets (Chunk.argBase). */
export const ARG_BLOCK_SHIFT = 4;
const ARG_BLOCK_MASK = (1 << ARG_BLOCK_SHIFT) - 1;
function argBlocks(events: number): number {
  return (events + ARG_BLOCK_MASK) >>> ARG_BLOCK_SHIFT;
}

// Event columns live in shared memory where the platform has it, so that another thread (the
// server's timeline worker) can read a parsed store without a copy.
const SHARED = typeof SharedArrayBuffer !== 'undefined';
function columnBuffer(bytes: number): ArrayBufferLike {
  return SHARED ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}
export function columnU8(n: number): Uint8Array {
  return new Uint8Array(columnBuffer(n));
}
export function columnU16(n: number): Uint16Array {
  return new Uint16Array(columnBuffer(2 * n));
}
export function columnU32(n: number): Uint32Array {
  return new Uint32Array(columnBuffer(4 * n));
}
export function columnF64(n: number): Float64Array {
  return new Float64Array(columnBuffer(8 * n));
}
function growF64(a: Float64Array, cap: number): Float64Array {
  const b = columnF64(cap);
  b.set(a);
  return b;
}
function growU16(a: Uint16Array, cap: number): Uint16Array {
  const b = columnU16(cap);
  b.set(a);
  return b;
}
function growU32(a: Uint32Array, cap: number): Uint32Array {
  const b = columnU32(cap);
  b.set(a);
  return b;
}
export function growU8(a: Uint8Array, cap: number): Uint8Array {
  const b = columnU8(cap);
  b.set(a);
  return b;
}

/** The parsed trace: ordered events and the trace-wide tables they refer to. */
export class EventStore {
  chunks: Chunk[] = [];
  /** Trace-wide strings; id 0 is "". */
  strings: string[] = [''];
  /** Stack id → [start, end) into stackFrameIds; id 0 is "no stack". */
  stackStart: number[] = [0];
  stackEnd: number[] = [0];
  stackFrameIds: number[] = [];
  /** Frames: pc, function name and file (string ids), line. */
  framePc: number[] = [];
  frameFunc: number[] = [];
  frameFile: number[] = [];
  frameLine: number[] = [];
  syncs: SyncInfo[] = [];
  /** Exact values of the ids, PCs and lines past 2^53 this parse read (parser/exact-args.ts). */
  exactIds: ExactIds = new Map();
  /** The trace's format version (the N of "go 1.N trace"). */
  version = 0;
  /** Set when the trace is damaged: events before the damage are kept. */
  error: TraceError | null = null;
  /** Bytes of input covered by complete generations, and the input size. */
  validBytes = 0;
  totalBytes = 0;
  generations = 0;

  get count(): number {
    let n = 0;
    for (const c of this.chunks) n += c.n;
    return n;
  }

  /** Whether some chunk's columns are on disk (server/event-spill.ts). */
  get eventsOnDisk(): boolean {
    return this.chunks.some((c) => c.spilled !== null);
  }

  /**
   * Rebuilds a store from its fields after a structured clone (postMessage to a worker), which
   * drops the classes. Shared event columns stay shared; the tables are the clone's copies.
   */
  static revive(d: EventStore): EventStore {
    const s = Object.assign(new EventStore(), d);
    s.chunks = d.chunks.map((c) => Chunk.revive(c));
    return s;
  }

  stackFrames(id: number): number[] {
    return this.stackFrameIds.slice(this.stackStart[id]!, this.stackEnd[id]!);
  }
}
