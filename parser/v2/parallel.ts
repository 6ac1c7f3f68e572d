// Parses a Go 1.22+ trace with its generations ordered in parallel: each generation is
// ordered speculatively on its own (gen-speculate.ts), and merged in order (merge.ts); a
// generation whose speculation does not hold is ordered again, sequentially, on the spot.
// Damaged traces and small ones go the plain sequential way (readV2), which is exact by design.

import { TraceError } from '../errors.js';
import { EventStore, Chunk } from '../events.js';
import { StoreBuilder } from '../store-builder.js';
import { ByteReader } from './byte-reader.js';
import { ExactIds, useExactIds } from '../exact-args.js';
import { V2Reader, handOver, readV2, ReadOptions } from './reader.js';
import { indexGenerations, GenRange, ByteSource, FileRange, memorySource, scratchFor } from './gen-index.js';
import { speculateGeneration, readGenerationRange, failedSpeculation, SpeculativeResult } from './gen-speculate.js';
import { mergeSpeculative } from './merge.js';

export interface ParallelOptions extends ReadOptions {
  /**
   * How to run the speculative orderings: a function that orders one generation (a worker
   * pool, see worker-pool.ts), or 'inline' to run them on this thread (tests).
   */
  speculate:
    | 'inline'
    | ((input: Uint8Array | FileRange, version: number, trueInitial: boolean, transferable: boolean, keep: Uint8Array | null) => Promise<SpeculativeResult>);
  /** Whether a generation given to speculate now would start at once (else this thread orders it itself). */
  hasCapacity?: () => boolean;
  /** Generations ordered ahead of the merge (bounds memory). Default 4, or 8 with hasCapacity. */
  lookahead?: number;
  /**
   * Of every `mainShare` generations, one is ordered on this thread instead of in a worker
   * (0: none). On a machine with few cores this keeps threads from outnumbering them. Ignored
   * with hasCapacity, where this thread orders whatever no worker is free to take.
   */
  mainShare?: number;
  /** Filled with what happened, for benchmarks and tests. */
  stats?: ParallelStats;
}

export interface ParallelStats {
  generations: number;
  merged: number;
  fallbacks: number;
  sequential: boolean;
  /** Milliseconds: ordering in workers (summed), merging, sequential fallbacks, waiting for workers. */
  workerMs?: number;
  mergeMs?: number;
  fallbackMs?: number;
  waitMs?: number;
}

export async function readV2Parallel(
  input: Uint8Array | ByteSource,
  version: number,
  opts: ParallelOptions,
): Promise<EventStore> {
  // (This parse's exact-value table: set again after every await, and after speculating here.)
  const ids: ExactIds = new Map();
  useExactIds(ids);
  const src = input instanceof Uint8Array ? memorySource(input) : input;
  const whole = () => src.read(0, src.size);
  const index = indexGenerations(src, version);
  const stats = Object.assign(opts.stats ?? ({} as ParallelStats), {
    generations: index.ranges.length,
    merged: 0,
    fallbacks: 0,
    sequential: false,
    workerMs: 0,
    mergeMs: 0,
    fallbackMs: 0,
    waitMs: 0,
  });
  if (!index.clean) {
    stats.sequential = true;
    return handOver(readV2(whole(), version, opts), opts);
  }
  opts.onIndex?.(index.ranges);
  const out = new StoreBuilder();
  out.store.exactIds = ids;
  const main = new V2Reader(new ByteReader(new Uint8Array(0), 0), version, out, opts);
  const ranges = index.ranges;
  // With work stealing this thread may run ahead of a slow (or descheduled) worker.
  const lookahead = opts.lookahead ?? (opts.hasCapacity ? 8 : 4);
  const keep = opts.keep ?? null;
  const pending: (Promise<SpeculativeResult> | null)[] = ranges.map(() => null);
  const inline = opts.speculate === 'inline';
  const share = inline || opts.hasCapacity ? 0 : (opts.mainShare ?? 0);
  const onMain = (i: number) => share > 0 && i % share === share - 1;
  // This thread's own generations are read into one buffer, again and again (nothing of the
  // bytes outlives speculateGeneration: its result holds its own columns and decoded tables).
  let scratch: Uint8Array = new Uint8Array(0);
  const readHere = (i: number): Uint8Array => {
    const { start, end } = ranges[i]!;
    if (src.readInto === undefined) return src.read(start, end);
    scratch = scratchFor(scratch, end - start);
    return src.readInto(start, end, scratch);
  };
  const speculateHere = (i: number) => speculateGeneration(readHere(i), version, i === 0, keep);
  // Generations before this one are ordered or being ordered somewhere.
  let started = 0;
  const start = (i: number) => {
    if (i >= ranges.length || pending[i] || onMain(i)) return;
    const rg = ranges[i]!;
    if (inline) {
      pending[i] = Promise.resolve(speculateGeneration(src.read(rg.start, rg.end), version, i === 0, keep));
      return;
    }
    // A file a worker can read itself: it gets the range, not the bytes (read into its own
    // buffer there, which it reuses).
    const input: Uint8Array | FileRange = src.fd !== undefined ? { fd: src.fd, start: rg.start, end: rg.end } : src.read(rg.start, rg.end);
    pending[i] = (opts.speculate as Exclude<ParallelOptions['speculate'], 'inline'>)(input, version, i === 0, src.fresh, keep).catch(workerFailed);
  };
  const resolved = new Set<number>();
  // Hands the next generations to the workers while they have room.
  const feedWorkers = (i: number) => {
    if (opts.hasCapacity === undefined) {
      for (let k = i; k < i + lookahead; k++) start(k);
      return;
    }
    while (started < ranges.length && started < i + lookahead && opts.hasCapacity()) {
      const k = started++;
      start(k);
      void pending[k]!.then(() => resolved.add(k), () => resolved.add(k));
    }
  };
  let delivered = 0;
  // Chunks handed to onChunk so far (delivered counts the retained ones).
  let handed = 0;
  const deliver = () => {
    const chunks = out.store.chunks;
    if (opts.onChunk) for (let k = delivered; k < chunks.length; k++, handed++) opts.onChunk(out.store, chunks[k]!);
    if (opts.retain === false) chunks.length = 0;
    delivered = chunks.length;
  };
  try {
    for (let i = 0; i < ranges.length; i++) {
      feedWorkers(i);
      const tw = performance.now();
      let res: SpeculativeResult;
      if (onMain(i)) {
        res = speculateHere(i);
      } else if (opts.hasCapacity !== undefined) {
        if (pending[i] === null) {
          // No worker was free to take it.
          started = i + 1;
          res = speculateHere(i);
        } else {
          // Work stealing: while a worker orders generation i, this thread orders the next
          // ones no worker has taken yet. Not while the first is ordered: this thread stays free
          // to answer its other work (a server's first requests) and to merge the first result
          // the moment it arrives.
          while (i > 0 && !resolved.has(i) && started < ranges.length && started < i + lookahead) {
            const k = started++;
            pending[k] = Promise.resolve(speculateHere(k));
            resolved.add(k);
            await new Promise((r) => setImmediate(r)); // lets the workers' messages in
            feedWorkers(i);
          }
          res = await pending[i]!;
        }
      } else {
        res = await pending[i]!;
      }
      const tm = performance.now();
      useExactIds(ids);
      stats.waitMs! += tm - tw;
      stats.workerMs! += res.ms;
      pending[i] = null;
      if (res.structural) {
        // The index looked fine but a generation's tables are damaged: Go's sequential
        // reader decides what is kept and what error to report.
        stats.sequential = true;
        if (handed > 0) opts.onRestart?.();
        return handOver(readV2(whole(), version, opts), opts);
      }
      if (res.chunk && !(res.chunk instanceof Chunk)) res.chunk = Chunk.revive(res.chunk);
      const merged = mergeSpeculative(main, res);
      stats.mergeMs! += performance.now() - tm;
      if (merged) {
        stats.merged++;
        out.store.generations++;
        opts.onProgress?.(ranges[i]!.end);
      } else {
        stats.fallbacks++;
        const tf = performance.now();
        main.runGeneration(readGenerationRange(src.read(ranges[i]!.start, ranges[i]!.end), version));
        out.endChunk();
        stats.fallbackMs! += performance.now() - tf;
        opts.onProgress?.(ranges[i]!.end);
      }
      deliver();
      // A streaming consumer keeps this thread busy: let the event loop in once a generation
      // (the workers' finished results, which free them for the next, and the consumer's I/O).
      if (opts.onChunk && opts.retain === false) await new Promise((r) => setImmediate(r));
    }
    useExactIds(ids);
    main.finish();
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    out.store.error = e;
  }
  const store = out.finish();
  deliver();
  store.version = version;
  store.totalBytes = src.size;
  store.validBytes = store.error ? lastRangeEnd(ranges, store.generations) : src.size;
  return store;
}

function lastRangeEnd(ranges: GenRange[], done: number): number {
  return done > 0 ? ranges[done - 1]!.end : 16;
}

/**
 * A generation whose worker failed (it threw or exited): answered as a structural failure, so
 * the whole trace is parsed again sequentially (the same events and error, without workers).
 */
function workerFailed(e: unknown): SpeculativeResult {
  const msg = `generation worker failed: ${e instanceof Error ? e.message : String(e)}`;
  return failedSpeculation(0, msg, msg, 0);
}
