// Reads a Go 1.11–1.21 trace into the shared event model: parse and merge the per-P batches,
// then, replaying the merged order, validate and convert every event (ticks turned into
// nanoseconds), between a Sync before the first event and one after the last — the events, times and errors of Go 1.26's
// internal/trace Reader on the same file. Such a trace is one generation; any damage loses
// all of it, as it does in Go (which reads the whole trace before returning an event).

import { TraceError } from '../errors.js';
import { EventStore } from '../events.js';
import { StoreBuilder } from '../store-builder.js';
import type { ReadOptions } from '../v2/reader.js';
import { V1Parser } from './batches.js';
import { V1Replay } from './replay.js';
import { mergeBatches } from './merge.js';
import { postProcess } from './validate.js';
import { V1Tables } from './tables.js';
import { V1Converter } from './convert.js';
import { SUM, addTimes } from '../exact-time.js';
import { useExactIds } from '../exact-args.js';

/** Length of the "go 1.N trace\0\0\0" header of every old-format version. */
const HEADER_LEN = 16;

/** Parses a whole old-format trace. Never throws TraceError: damage lands in store.error. */
export function readV1(bytes: Uint8Array, version: number, opts: ReadOptions = {}): EventStore {
  const out = new StoreBuilder();
  useExactIds(out.store.exactIds);
  try {
    const parser = new V1Parser(bytes, HEADER_LEN, version);
    parser.collect();
    // The merged events are not held: each pass after the merge replays them (replay.ts).
    const order = mergeBatches(parser);
    if (parser.ticksPerSec === 0) throw new TraceError('no EvFrequency event');
    const post = postProcess(parser, order);
    const tables = new V1Tables(parser.strings, parser.inlineStrings, parser.stacks, parser.pcs);
    out.beginChunk(tables, order.n + (order.n >> 3) + 16);
    const conv = new V1Converter(new V1Replay(parser, order), post, tables, version, out);
    let syncs = 0;
    const sync = (time: number, gen: number, tx: bigint | null = null) =>
      out.addSync(time, { n: ++syncs, clockTrace: null, mono: 0, sec: 0, nsec: 0, gen }, tx);
    // The first event is at 0 ns (times count from it).
    if (order.n > 0) sync(-1, 1);
    conv.run();
    addTimes(conv.lastTs, conv.lastTsX, 1, null); // (Go: lastTs+1, int64)
    sync(SUM.t, 0, SUM.tx);
    out.store.generations = 1;
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    out.store.error = e;
  }
  const store = out.finish();
  store.version = version;
  store.totalBytes = bytes.length;
  store.validBytes = store.error ? Math.min(HEADER_LEN, bytes.length) : bytes.length;
  opts.onProgress?.(bytes.length);
  return store;
}
