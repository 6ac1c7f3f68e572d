// Reads a Go 1.22+ trace: generation by generation, merges the per-thread event streams
// through the ordering, and appends each ordered event to the store — in the same order,
// with the same timestamps and the same errors as Go's internal/trace Reader.

import { Ev, SPECS, Version, specsFor } from '../wire/specs.js';
import { TraceError } from '../errors.js';
import { argU64Text, useExactIds, idText } from '../exact-args.js';
import { SUM, afterLast, compareTimes, timeText } from '../exact-time.js';
import { ByteReader } from './byte-reader.js';
import { Batch } from './batch.js';
import { Generation, readGeneration, readGenerationWithSpill, CPUSample } from './generation.js';
import { BatchCursor, Frontier, compareCursors, AHEAD_ERR } from './batch-cursor.js';
import { Ordering, EventSink, MState, NO_M } from './order.js';
import { StoreBuilder } from '../store-builder.js';
import { Chunk, EventStore } from '../events.js';
import { goSortFunc } from '../go/go-sort.js';

export interface ReadOptions {
  /** Called after each generation with the input offset reached, for progress bars. */
  onProgress?: (bytesDone: number) => void;
  /**
   * Called once the parallel reader has indexed the generations (before ordering any), with
   * their byte ranges: progress can count generations. Not called on the sequential paths.
   */
  onIndex?: (ranges: readonly { start: number; end: number }[]) => void;
  /**
   * Called with each chunk of ordered events, in order, once the chunk is complete (with the
   * store whose tables its ids refer to). Honoured by the parallel reader and parser/node.ts.
   */
  onChunk?: (store: EventStore, chunk: Chunk) => void;
  /**
   * Called when the chunks already handed to onChunk are void: the parallel reader found a
   * damaged generation table and parses again from the start, handing every chunk again
   * (from a new store). What was computed from the earlier chunks must be dropped.
   */
  onRestart?: () => void;
  /** false: chunks are dropped once onChunk has seen them (store.chunks ends empty). Default true. */
  retain?: boolean;
  /**
   * Wire types (index = type) whose events the caller needs: others may be left out of the
   * chunks (they are still ordered and validated). A hint: some paths store everything.
   */
  keep?: Uint8Array;
}


/**
 * For the paths that parse all at once: hands the store's chunks to onChunk, and drops them
 * unless retained (ReadOptions.retain), as the streaming path does generation by generation.
 */
export function handOver(store: EventStore, opts: ReadOptions): EventStore {
  if (opts.onChunk) for (const c of store.chunks) opts.onChunk(store, c);
  if (opts.retain === false) store.chunks.length = 0;
  return store;
}

/** A thread's batch cursor with the ordering's state of the thread, looked up once (it is never replaced). */
class ThreadCursor extends BatchCursor {
  ms: MState | null = null;
}

/** The stored arguments of a CPU sample event: its stack. */
const SAMPLE_ARGS = new Float64Array(4);

export class V2Reader implements EventSink {
  lastTs = 0;
  /** The exact last time when lastTs is not exact (parser/exact-time.ts). */
  lastTsX: bigint | null = null;
  /** The exact time of the event being ordered, when its double is not exact. */
  private curTx: bigint | null = null;
  private gen: Generation | null = null;
  private frontier = new Frontier<ThreadCursor>();
  private cpuSamples: CPUSample[] = [];
  private cpuIdx = 0;
  readonly order: Ordering;
  syncs = 0;
  private readGenErr: TraceError | null = null;
  private done = false;
  /** Whether the current generation's events have all been ordered. */
  private genDone = false;
  private spill: { gen: number; batch: Batch } | null = null;
  private spillErr: TraceError | null = null;
  private spillErrSync = false;
  /** Set while ordering an event Go's reader never hands out (see tryAdvance): emit drops events. */
  private muted = false;
  /** Input offset where the last complete generation ended. */
  validBytes: number;

  constructor(
    private r: ByteReader,
    private version: number,
    readonly out: StoreBuilder,
    private opts: ReadOptions,
  ) {
    this.order = new Ordering(specsFor(version).length, this);
    this.validBytes = r.pos;
  }

  /** Runs to the end of the input. Throws the TraceError that stopped it, after emitting what it could. */
  run(): void {
    while (this.step()) {
      /* keep going */
    }
  }

  /** Produces the next event into the store (the body of Go's ReadEvent). False at the end. */
  private step(): boolean {
    if (this.done) return false;
    if (this.frontier.items.length === 0 && this.cpuIdx === this.cpuSamples.length) {
      if (this.gen && !this.genDone) this.generationDone(this.gen);
      if (this.version < Version.Go126) return this.nextGenWithSpill();
      if (this.readGenErr) throw this.readGenErr;
      let gen: Generation | null;
      try {
        gen = readGeneration(this.r, this.version);
      } catch (e) {
        if (!(e instanceof TraceError)) throw e;
        this.readGenErr = e;
        this.gen = null;
        this.emitSync(this.lastTs, this.lastTsX, null);
        return true;
      }
      return this.installGen(gen);
    }
    return this.stepEvent();
  }

  /** Orders one already-read generation completely: its Sync, then all its events. */
  runGeneration(gen: Generation): void {
    this.installGen(gen);
    while (this.frontier.items.length > 0 || this.cpuIdx < this.cpuSamples.length) this.stepEvent();
    this.generationDone(gen);
  }

  /** Emits the reader's final Sync event, after the last generation. */
  finish(): void {
    this.done = true;
    this.emitSync(this.lastTs, this.lastTsX, null);
  }

  nextIndex(): number {
    return this.out.nextIndex();
  }

  taskName(name: string): number {
    return this.out.taskNameId(name);
  }

  /** Orders the next event of the current generation (a CPU sample or a thread's event). */
  private stepEvent(): boolean {
    const gen = this.gen!;
    if (this.cpuIdx < this.cpuSamples.length) {
      const s = this.cpuSamples[this.cpuIdx]!;
      const cursors = this.frontier.items;
      if (cursors.length === 0 || compareTimes(s.time, null, cursors[0]!.ev.time, cursors[0]!.ev.timeX) < 0) {
        this.cpuIdx++;
        SAMPLE_ARGS[0] = s.stack;
        this.curTx = null; // (a sample's time is a product: an exact double)
        this.emit(Ev.CPUSample, s.time, s.g, s.p, s.m, SAMPLE_ARGS, null);
        return true;
      }
    }
    const cursors = this.frontier.items;
    if (cursors.length === 0) throw new TraceError(`broken trace: frontier is empty [gen=${gen.gen}]`);
    if (!this.tryAdvance(0)) {
      // (Sorted, the cursors still form a heap.)
      goSortFunc(cursors, compareCursors);
      let success = false;
      for (let i = 1; i < cursors.length; i++) {
        if (this.tryAdvance(i)) {
          success = true;
          break;
        }
      }
      if (!success) throw new TraceError(`broken trace: failed to advance: frontier: ${this.dumpFrontier()}`);
    }
    return true;
  }

  private tryAdvance(i: number): boolean {
    const bc = this.frontier.items[i]!;
    const gen = this.gen!;
    let ms = bc.ms;
    if (ms === null && bc.m !== NO_M) ms = bc.ms = this.order.mState(bc.m);
    this.curTx = bc.ev.timeX; // (every event the ordering emits now has bc.ev's time)
    if (bc.aheadState === AHEAD_ERR) {
      // Go's reader decodes the thread's next event before it hands out this one: if that
      // fails, this event (once the ordering accepts it) is never seen. Order it unseen.
      this.muted = true;
      try {
        if (!this.order.advanceOn(bc.ev, gen, bc.m, ms)) return false;
      } finally {
        this.muted = false;
      }
      throw bc.aheadErr!;
    }
    if (!this.order.advanceOn(bc.ev, gen, bc.m, ms)) return false;
    if (bc.next()) this.frontier.fix(i);
    else this.frontier.removeViaRoot(i);
    return true;
  }

  private nextGenWithSpill(): boolean {
    if (this.spillErr) {
      if (this.spillErrSync) throw this.spillErr;
      this.spillErrSync = true;
      this.emitSync(this.lastTs, this.lastTsX, null);
      return true;
    }
    if (this.gen !== null && this.spill === null) {
      this.done = true;
      this.emitSync(this.lastTs, this.lastTsX, null);
      return true;
    }
    let gen: Generation | null = null;
    try {
      const res = readGenerationWithSpill(this.r, this.spill, this.version);
      gen = res.gen;
      this.spill = res.spill;
      this.spillErr = res.spillErr;
    } catch (e) {
      if (!(e instanceof TraceError)) throw e;
      this.spill = null;
      this.spillErr = e;
    }
    if (gen === null) {
      this.gen = null;
      this.spillErrSync = true;
      this.emitSync(this.lastTs, this.lastTsX, null);
      return true;
    }
    return this.installGen(gen);
  }

  private installGen(gen: Generation | null): boolean {
    if (gen === null) {
      this.gen = null;
      this.done = true;
      this.emitSync(this.lastTs, this.lastTsX, null);
      return true;
    }
    this.gen = gen;
    this.genDone = false;
    this.cpuSamples = gen.cpuSamples;
    this.cpuIdx = 0;
    for (const m of gen.batchMs) {
      const bc = new ThreadCursor(m, gen.batches.get(m)!, gen.freq);
      if (!bc.start()) continue;
      this.frontier.push(bc);
    }
    this.out.beginChunk(gen, estimateEvents(gen));
    this.emitSync(gen.nanos(gen.minTs), null, gen);
    return true;
  }

  generationDone(gen: Generation): void {
    this.genDone = true;
    this.validBytes = gen.endOffset;
    this.out.store.generations++;
    this.opts.onProgress?.(gen.endOffset);
  }

  private emitSync(time: number, timeX: bigint | null, gen: Generation | null): void {
    this.syncs++;
    afterLast(time, timeX, this.lastTs, this.lastTsX);
    time = this.lastTs = SUM.t;
    const tx = (this.lastTsX = SUM.tx);
    const clock = gen?.clock ?? null;
    this.out.addSync(time, {
      n: this.syncs,
      clockTrace: clock ? gen!.nanos(clock.ticks) : null,
      mono: clock?.mono ?? 0,
      sec: clock?.sec ?? 0,
      nsec: clock?.nsec ?? 0,
      gen: gen?.gen ?? 0,
    }, tx);
  }

  /** Fixes up the timestamp (strictly increasing, as Go's reader makes it) and stores the event. */
  emit(typ: number, time: number, g: number, p: number, m: number, args: Float64Array, ms: MState | null): void {
    if (this.muted) return;
    const tx = this.curTx;
    if (tx === null && this.lastTsX === null && time > this.lastTs) {
      this.out.add(typ, time, g, p, m, args, ms); // validates table IDs; throws before storing anything
      this.lastTs = time;
      return;
    }
    // (Slower: the time moves up, or is not an exact double. lastTs moves only once stored.)
    afterLast(time, tx, this.lastTs, this.lastTsX);
    const t = SUM.t;
    const x = SUM.tx;
    this.out.add(typ, t, g, p, m, args, ms, x);
    this.lastTs = t;
    this.lastTsX = x;
  }

  private dumpFrontier(): string {
    return this.frontier.items
      .map((bc) => {
        const spec = SPECS[bc.ev.typ]!;
        const args = spec.args
          .slice(1)
          .map((a, i) => `${a}=${argU64Text(bc.ev.args, i)}`)
          .join(' ');
        return `M ${idText(bc.m)} [${spec.name} time=${timeText(bc.ev.time, bc.ev.timeX)}${args ? ' ' + args : ''}]`;
      })
      .join('; ');
  }
}

function estimateEvents(gen: Generation): number {
  let bytes = 0;
  for (const list of gen.batches.values()) for (const b of list) bytes += b.data.length;
  return Math.max(1024, Math.ceil(bytes / 4.5));
}

/** Parses the body (after the 16-byte header) of a Go 1.22+ trace. Never throws TraceError: damage lands in store.error. */
export function readV2(bytes: Uint8Array, version: number, opts: ReadOptions = {}): EventStore {
  const out = new StoreBuilder();
  useExactIds(out.store.exactIds);
  const r = new ByteReader(bytes, 16);
  const reader = new V2Reader(r, version, out, opts);
  try {
    reader.run();
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    out.store.error = e;
  }
  const store = out.finish();
  store.version = version;
  store.totalBytes = bytes.length;
  store.validBytes = store.error ? reader.validBytes : bytes.length;
  return store;
}
