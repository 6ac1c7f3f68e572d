// Appends ordered events to an EventStore, translating a generation's local string and stack
// IDs into the trace-wide tables and interning execution contexts.

import { Ev, SPECS } from './wire/specs.js';
import { TraceError } from './errors.js';
import { putUvarint, putUvarintNumber, putUvarintPadded } from './wire/varint.js';
import { exactArg, inexact, u64Text } from './exact-args.js';
import { Chunk, EventStore, STORED_ARGS, STRING_ARGS, STACK_ARGS, SyncInfo, growU8 } from './events.js';

/** A generation's own tables, as the builder needs them. */
export interface LocalTables {
  string(id: number): string;
  hasString(id: number): boolean;
  maxStringId: number;
  maxStackId: number;
  stacks: Map<number, number[]>;
  pcs: Map<number, { funcId: number; fileId: number; line: number }>;
}

/** A per-thread cache of the last context id (the ordering keeps one on each thread's state). */
export interface CtxCache {
  cacheG: number;
  cacheP: number;
  cacheId: number;
  cacheEpoch: number;
  cacheMap: Map<number, number> | null;
}

export class StoreBuilder {
  readonly store = new EventStore();
  private chunk: Chunk | null = null;
  private tables: LocalTables | null = null;
  /** Local → trace-wide ID caches for the current chunk's tables (-1 = not seen yet). */
  private localStrings = new Int32Array(0);
  private localStacks = new Int32Array(0);
  private localStringsSparse = new Map<number, number>();
  private localStacksSparse = new Map<number, number>();

  private stringIds = new Map<string, number>([['', 0]]);
  private stackIds = new Map<string, number>();
  private frameIds = new Map<string, number>();
  private ctxIds = new Map<number, Map<number, number>>();
  private ctxOverflow = new Map<string, number>();
  /** Names of tasks carried to their UserTaskEnd events (taskNameId); index 0 is "". */
  private taskNames: string[] = [''];
  private taskNameIds = new Map<string, number>([['', 0]]);
  /** Bumped per chunk: thread context caches from an older chunk are stale. */
  epoch = 0;
  private lastCtxKeyG = NaN;
  private lastCtxKeyP = NaN;
  private lastCtxKeyM = NaN;
  private lastCtxId = 0;
  /**
   * Speculative mode (a generation ordered on its own): arguments the merge may patch are
   * written as fixed-width 10-byte varints, so they can be rewritten in place.
   */
  speculative = false;
  /**
   * Wire types whose events are stored (1) or only validated and counted (0); null stores all.
   * A streaming consumer that reads only some kinds of events sets it to save work.
   */
  keep: Uint8Array | null = null;
  /**
   * Events added to the current chunk, stored or not, and the time of the last one (without a
   * keep filter, set when the chunk ends).
   */
  added = 0;
  lastAddTime = 0;
  /** With a keep filter: for each stored event, its position among all added ones (capacity may exceed the chunk's n). */
  ordinals: Int32Array | null = null;

  /** Sets the keep filter (null: store all); events the merge may patch and syncs are always stored. */
  setKeep(mask: Uint8Array | null): void {
    if (mask !== null) {
      mask = mask.slice(0, 256);
      for (let t = 0; t < 256; t++) if (PATCHABLE_ARGS[t] !== 0) mask[t] = 1;
      mask[Ev.ReaderSync] = 1;
    }
    this.keep = mask;
  }

  /** Index the next added event will have in the current chunk. */
  nextIndex(): number {
    return this.chunk ? this.chunk.n : 0;
  }
  /** Starts a new chunk whose events refer to tables (a generation's). */
  beginChunk(tables: LocalTables | null, capHint = 4096): void {
    this.endChunk();
    this.chunk = new Chunk(capHint);
    this.tables = tables;
    this.added = 0;
    this.ordinals = this.keep !== null ? new Int32Array(ORDINALS) : null;
    this.epoch++;
    this.ctxIds.clear();
    this.ctxOverflow.clear();
    this.lastCtxKeyG = NaN;
    this.localStrings = new Int32Array(denseSize(tables?.maxStringId ?? 0)).fill(-1);
    this.localStacks = new Int32Array(denseSize(tables?.maxStackId ?? 0)).fill(-1);
    this.localStringsSparse.clear();
    this.localStacksSparse.clear();
  }

  endChunk(): void {
    if (this.chunk && this.chunk.n > 0) {
      // A filtered chunk is a streaming parse's: read once, then dropped.
      const c = this.chunk;
      if (this.keep === null) {
        this.added = c.n;
        this.lastAddTime = c.timeAt(c.n - 1);
      }
      c.seal();
      this.store.chunks.push(this.chunk);
    }
    this.chunk = null;
  }

  finish(): EventStore {
    this.endChunk();
    return this.store;
  }

  /**
   * The id a UserTaskEnd event carries its task's name under (in argument 3) until it is
   * stored: the name is interned in the store's strings then, as the event's strings are.
   */
  taskNameId(name: string): number {
    let id = this.taskNameIds.get(name);
    if (id === undefined) {
      id = this.taskNames.length;
      this.taskNames.push(name);
      this.taskNameIds.set(name, id);
    }
    return id;
  }

  internString(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.store.strings.length;
      this.store.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  /** Trace-wide id of a local string id, or -1 if the local table has no such string. */
  private globalString(local: number): number {
    if (local === 0) return 0;
    const dense = this.localStrings;
    let id = local < dense.length ? dense[local]! : (this.localStringsSparse.get(local) ?? -1);
    if (id >= 0) return id;
    const t = this.tables;
    if (!t || !t.hasString(local)) return -1;
    id = this.internString(t.string(local));
    if (local < dense.length) dense[local] = id;
    else this.localStringsSparse.set(local, id);
    return id;
  }

  /** Trace-wide id of a local stack id, or -1 if the local table has no such stack. */
  private globalStack(local: number): number {
    if (local === 0) return 0;
    const dense = this.localStacks;
    let id = local < dense.length ? dense[local]! : (this.localStacksSparse.get(local) ?? -1);
    if (id >= 0) return id;
    const pcs = this.tables?.stacks.get(local);
    if (!pcs) return -1;
    const frames: number[] = [];
    for (const pc of pcs) frames.push(this.internFrame(pc));
    id = this.internStack(frames);
    if (local < dense.length) dense[local] = id;
    else this.localStacksSparse.set(local, id);
    return id;
  }

  private internFrame(pc: number): number {
    const f = this.tables!.pcs.get(pc)!;
    return this.internFrameValues(pc, this.globalString(f.funcId), this.globalString(f.fileId), f.line);
  }

  /** Interns a frame given trace-wide string ids. */
  internFrameValues(pc: number, func: number, file: number, line: number): number {
    const key = `${pc}|${func}|${file}|${line}`;
    let id = this.frameIds.get(key);
    if (id === undefined) {
      const s = this.store;
      id = s.framePc.length;
      s.framePc.push(pc);
      s.frameFunc.push(func);
      s.frameFile.push(file);
      s.frameLine.push(line);
      this.frameIds.set(key, id);
    }
    return id;
  }

  /** Interns a stack given as frame ids (leaf first). Returns its trace-wide id (never 0). */
  internStack(frames: number[]): number {
    const key = frames.join(',');
    let id = this.stackIds.get(key);
    if (id === undefined) {
      const s = this.store;
      id = s.stackStart.length;
      s.stackStart.push(s.stackFrameIds.length);
      for (const f of frames) s.stackFrameIds.push(f);
      s.stackEnd.push(s.stackFrameIds.length);
      this.stackIds.set(key, id);
    }
    return id;
  }

  /** Context id through the thread's own map of (goroutine, proc) pairs in this chunk. */
  private threadCtxId(ms: CtxCache, g: number, p: number, m: number): number {
    // Keys stay below 2^30 (small integers: no boxed-number keys); other contexts skip the cache.
    if (p < -1 || p >= 1023 || g < -1 || g >= 1 << 20) return this.ctxId(g, p, m);
    const key = (g + 1) * 1024 + (p + 1);
    let id = ms.cacheMap!.get(key);
    if (id === undefined) {
      id = this.ctxId(g, p, m);
      ms.cacheMap!.set(key, id);
    }
    return id;
  }

  ctxId(g: number, p: number, m: number): number {
    if (g === this.lastCtxKeyG && p === this.lastCtxKeyP && m === this.lastCtxKeyM) return this.lastCtxId;
    let id: number | undefined;
    if (p >= -1 && p < 65535 && g >= -1 && g < 2 ** 36) {
      let byM = this.ctxIds.get(m);
      if (!byM) this.ctxIds.set(m, (byM = new Map()));
      const key = (g + 1) * 65536 + (p + 1);
      id = byM.get(key);
      if (id === undefined) {
        id = this.newCtx(g, p, m);
        byM.set(key, id);
      }
    } else {
      const key = `${g},${p},${m}`;
      id = this.ctxOverflow.get(key);
      if (id === undefined) {
        id = this.newCtx(g, p, m);
        this.ctxOverflow.set(key, id);
      }
    }
    this.lastCtxKeyG = g;
    this.lastCtxKeyP = p;
    this.lastCtxKeyM = m;
    this.lastCtxId = id;
    return id;
  }

  private newCtx(g: number, p: number, m: number): number {
    return this.chunk!.addCtx(g, p, m);
  }

  /**
   * Appends an event. args are in the generation's local ID space; they are validated and
   * translated here. Throws TraceError (storing nothing) for a stack or string ID the
   * generation does not define, as Go's reader does.
   */
  add(typ: number, time: number, g: number, p: number, m: number, args: Float64Array, ms: CtxCache | null = null, tx: bigint | null = null): void {
    const keep = this.keep;
    // Arguments with stack or string ids are translated into argBuf; the others are stored as they come.
    const ids = (STACK_ARGS[typ]! | STRING_ARGS[typ]!) !== 0;
    if (keep !== null) {
      if (keep[typ] === 0) {
        // Left out: only its ids are validated.
        if (ids) this.translateArgs(typ, args);
        this.added++;
        this.lastAddTime = time;
        return;
      }
      if (ids) this.translateArgs(typ, args);
      const c = this.chunk!;
      let ords = this.ordinals!;
      if (c.n === ords.length) {
        const bigger = new Int32Array(ords.length * 2);
        bigger.set(ords);
        this.ordinals = ords = bigger;
      }
      ords[c.n] = this.added++;
      this.lastAddTime = time;
    } else if (ids) {
      this.translateArgs(typ, args);
    }
    const c = this.chunk!;
    if (c.n === c.typ.length) c.grow();
    const i = c.n++;
    const t32 = c.t32;
    const d = time - c.base;
    if (t32 !== null && i > 0 && d <= 0xffffffff && d >= 0 && tx === null && c.baseX === null) t32[i] = d;
    else c.setTime(i, time, tx);
    c.typ[i] = typ;
    // (The id first: adding a context may widen the ctx column.)
    let ctx: number;
    if (ms !== null) {
      if (ms.cacheG !== g || ms.cacheP !== p || ms.cacheEpoch !== this.epoch) {
        ms.cacheG = g;
        ms.cacheP = p;
        if (ms.cacheEpoch !== this.epoch) {
          ms.cacheEpoch = this.epoch;
          ms.cacheMap = new Map();
        }
        ms.cacheId = this.threadCtxId(ms, g, p, m);
      }
      ctx = ms.cacheId;
    } else {
      ctx = this.ctxId(g, p, m);
    }
    c.ctx[i] = ctx;
    const n = STORED_ARGS[typ]!;
    let q = c.argLen;
    if (q + 40 > c.args.length) c.args = growU8(c.args, c.args.length * 2 + 40);
    c.setArgStart(i, q);
    const buf = c.args;
    const a = ids ? this.argBuf : args;
    // Stored as uvarint(v + 1), so that the -1 sentinel ("none") costs one byte; in a speculative
    // store, the arguments a merge may patch take a fixed width.
    const pad = this.speculative ? PATCHABLE_ARGS[typ]! : 0;
    for (let k = 0; k < n; k++) {
      const v = a[k]!;
      if (pad & (1 << k)) q = putUvarintPadded(buf, q, v + 1);
      else q = inexact(v) ? putInexact(buf, q, v, exactArg(args, k)) : putUvarintNumber(buf, q, v + 1);
    }
    c.argLen = q;
  }

  /** The stored arguments of the event being added, in trace-wide ids (translateArgs). */
  private readonly argBuf = new Float64Array(4);

  /** Copies the event's stored arguments into argBuf, stack and string ids made trace-wide. */
  private translateArgs(typ: number, args: Float64Array): void {
    const a = this.argBuf;
    const n = STORED_ARGS[typ]!;
    for (let k = 0; k < 4; k++) a[k] = k < n ? args[k]! : 0;
    const stks = STACK_ARGS[typ]!;
    const strs = STRING_ARGS[typ]!;
    if ((stks | strs) === 0) return;
    // Stacks first, then strings: the order Go reports invalid IDs in.
    // (In the spec's order, as Go checks them: GoCreate's "stack" before its "new_stack".)
    if (stks !== 0) {
      const order = SPECS[typ]!.stackIds;
      if (typ === Ev.CPUSample || order.length === 0) {
        for (let k = 0; k < 4; k++) if (stks & (1 << k)) a[k] = this.stackArg(typ, a[k]!, args, k);
      } else {
        for (const i of order) a[i - 1] = this.stackArg(typ, a[i - 1]!, args, i - 1);
      }
    }
    for (let k = 0; k < 4; k++) if (strs & (1 << k)) a[k] = this.stringArg(typ, a[k]!, args, k);
  }

  /** (args, k: where the id came from, to name it exactly in the error.) */
  private stackArg(typ: number, local: number, args: Float64Array, k: number): number {
    if (local === 0) return 0;
    const dense = this.localStacks;
    if (local < dense.length) {
      const id = dense[local]!;
      if (id >= 0) return id;
    }
    const id = this.globalStack(local);
    if (id >= 0) return id;
    if (typ === Ev.CPUSample) return 0; // Go does not check sample stacks; show no stack.
    throw new TraceError(`found invalid stack ID ${exactArg(args, k) ?? u64Text(local)} for event ${SPECS[typ]!.name}`);
  }

  private stringArg(typ: number, local: number, args: Float64Array, k: number): number {
    if (typ === Ev.UserTaskEnd) return this.internString(this.taskNames[local] ?? '');
    if (local === 0) return 0;
    const dense = this.localStrings;
    if (local < dense.length) {
      const id = dense[local]!;
      if (id >= 0) return id;
    }
    const id = this.globalString(local);
    if (id >= 0) return id;
    if (typ === Ev.STWEnd) return 0;
    throw new TraceError(`found invalid string ID ${exactArg(args, k) ?? u64Text(local)} for event ${SPECS[typ]!.name}`);
  }

  addSync(time: number, info: SyncInfo, tx: bigint | null = null): void {
    if (!this.chunk) this.beginChunk(null, 16);
    this.store.syncs.push(info);
    SYNC_ARGS[0] = this.store.syncs.length - 1;
    this.add(Ev.ReaderSync, time, -1, -1, -1, SYNC_ARGS, null, tx);
  }
}

/**
 * Stores an argument a double does not hold exactly: its exact uint64 when the decoder noted one,
 * otherwise the uint64 its (int64-view) double stands for, as closely as it can. As uvarint(v + 1).
 */
function putInexact(buf: Uint8Array, q: number, v: number, exact: bigint | undefined): number {
  let u = exact ?? BigInt.asUintN(64, BigInt(Math.trunc(v)));
  if (u === (1n << 64n) - 1n) u = -1n; // the "none" sentinel stores as 0
  return putUvarint(buf, q, u + 1n);
}

const ORDINALS = 4096;
const SYNC_ARGS = new Float64Array(4);

/** Dense caches for IDs up to a million; sparser tables fall back to a Map. */
function denseSize(maxId: number): number {
  return Math.min(maxId + 1, 1 << 20);
}

/** Arguments a merge may patch after speculative ordering (bit k = stored argument k). */
const PATCHABLE_ARGS = new Uint8Array(256);
PATCHABLE_ARGS[Ev.GoStatus] = 1 << 2;
PATCHABLE_ARGS[Ev.GoStatusStack] = 1 << 2;
PATCHABLE_ARGS[Ev.ProcStatus] = 1 << 2;
PATCHABLE_ARGS[Ev.UserTaskEnd] = (1 << 2) | (1 << 3);

