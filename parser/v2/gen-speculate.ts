// Orders one generation on its own, as if it were the trace's first, recording what it
// assumed about inherited state (see speculation.ts). Runs in a worker; the result is plain
// data plus transferable typed arrays, merged in order on the main thread (merge.ts).

import { TraceError } from '../errors.js';
import { Version } from '../wire/specs.js';
import { ByteReader } from './byte-reader.js';
import { ExactIds, useExactIds } from '../exact-args.js';
import { readGeneration, readGenerationWithSpill, Generation } from './generation.js';
import { V2Reader } from './reader.js';
import { StoreBuilder } from '../store-builder.js';
import { Speculation } from './speculation.js';
import { Chunk, SyncInfo } from '../events.js';

export interface GoStateData {
  id: number;
  status: number;
  seqGen: number;
  seq: number;
  regions: { task: number; name: string }[];
  inFlight: { typ: number; desc: number }[];
}

/** The ordering's state at the end of the generation, for the resources it touched. */
export interface EndState {
  gStates: GoStateData[];
  pStates: { id: number; status: number; seqGen: number; seq: number; inFlight: { typ: number; desc: number }[] }[];
  mStates: { m: number; g: number; p: number }[];
  gcSeq: number;
  gcState: number;
  // Tasks are not part of it: the merge replays the generation's task begins and ends (Speculation.tasks).
}

export interface SpeculativeResult {
  gen: number;
  /** Exact values past 2^53 the generation read (parser/exact-args.ts). */
  exactIds: ExactIds;
  /** Set when the generation could not be ordered on its own (or is damaged): redo it sequentially. */
  failed: string | null;
  /** Set when reading the generation's structure failed (a damaged trace): abandon the parallel path. */
  structural: string | null;
  chunk: Chunk | null;
  strings: string[];
  stackStart: number[];
  stackEnd: number[];
  stackFrameIds: number[];
  framePc: number[];
  frameFunc: number[];
  frameFile: number[];
  frameLine: number[];
  syncs: SyncInfo[];
  spec: Speculation | null;
  end: EndState | null;
  /** Ordering time in ms, for the benchmark's breakdown. */
  ms: number;
  /** Events the ordering emitted (stored or filtered out) and the time of the last one. */
  added: number;
  lastTime: number;
  /** With a keep filter: positions of the first stored events among all emitted ones (merge.ts). */
  ordinals: Int32Array | null;
}

/** Reads a generation from its own byte range (the index found its bounds). */
export function readGenerationRange(bytes: Uint8Array, version: number): Generation {
  const r = new ByteReader(bytes, 0);
  if (version >= Version.Go126) {
    const g = readGeneration(r, version);
    if (!g) throw new TraceError('empty generation');
    return g;
  }
  const res = readGenerationWithSpill(r, null, version);
  if (res.spillErr) throw res.spillErr;
  if (res.spill) throw new TraceError('generation range holds more than one generation');
  return res.gen!;
}

/**
 * A generation that could not be ordered on its own (structural: its tables are damaged, and
 * the whole trace goes to the sequential reader): nothing to merge.
 */
export function failedSpeculation(gen: number, failed: string, structural: string | null, ms: number): SpeculativeResult {
  return {
    gen, failed, structural, ms, exactIds: new Map(),
    chunk: null, strings: [], stackStart: [], stackEnd: [], stackFrameIds: [], framePc: [], frameFunc: [],
    frameFile: [], frameLine: [], syncs: [], spec: null, end: null, added: 0, lastTime: 0, ordinals: null,
  };
}

/** keep: wire types to store (null: all), see StoreBuilder.setKeep. */
export function speculateGeneration(bytes: Uint8Array, version: number, trueInitial: boolean, keep: Uint8Array | null = null): SpeculativeResult {
  const t0 = performance.now();
  // (What this generation reads past 2^53 is noted in its own table, which the merge folds in.)
  const exactIds: ExactIds = new Map();
  useExactIds(exactIds);
  let gen: Generation;
  try {
    gen = readGenerationRange(bytes, version);
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return failedSpeculation(0, e.message, e.message, 0);
  }
  const out = new StoreBuilder();
  out.store.exactIds = exactIds;
  out.speculative = true;
  out.setKeep(keep);
  const reader = new V2Reader(new ByteReader(bytes, bytes.length), version, out, {});
  const spec = new Speculation();
  reader.order.spec = spec;
  reader.order.trueInitial = trueInitial;
  try {
    reader.runGeneration(gen);
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return failedSpeculation(gen.gen, e.message, null, performance.now() - t0);
  }
  const store = out.finish();
  if (store.chunks.length !== 1) {
    return failedSpeculation(gen.gen, 'unexpected chunk count', null, 0);
  }
  const o = reader.order;
  const end: EndState = {
    gStates: [...o.gStates.values()].map((g) => ({
      id: g.id, status: g.status, seqGen: g.seqGen, seq: g.seq, regions: g.regions, inFlight: g.inFlight,
    })),
    pStates: [...o.pStates.values()].map((p) => ({ id: p.id, status: p.status, seqGen: p.seqGen, seq: p.seq, inFlight: p.inFlight })),
    mStates: [...o.mStates.values()].map((m) => ({ m: m.m, g: m.g, p: m.p })),
    gcSeq: o.gcSeq,
    gcState: o.gcState,
  };
  return {
    gen: gen.gen,
    failed: null,
    structural: null,
    chunk: store.chunks[0]!,
    strings: store.strings,
    stackStart: store.stackStart,
    stackEnd: store.stackEnd,
    stackFrameIds: store.stackFrameIds,
    framePc: store.framePc,
    frameFunc: store.frameFunc,
    frameFile: store.frameFile,
    frameLine: store.frameLine,
    syncs: store.syncs,
    exactIds,
    spec,
    end,
    added: out.added,
    lastTime: out.lastAddTime,
    ordinals: out.ordinals,
    ms: performance.now() - t0,
  };
}
