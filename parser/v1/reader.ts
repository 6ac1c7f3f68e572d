// Reads a Go 1.11–1.21 trace into the shared event model: parse and merge the per-P batches,
// convert ticks to nanoseconds, validate, then convert every event, between a Sync before
// the first event and one after the last — the events, times and errors of Go 1.26's
// internal/trace Reader on the same file. Such a trace is one generation; any damage loses
// all of it, as it does in Go (which reads the whole trace before returning an event).

import { TraceError } from '../errors.js';
import { EventStore } from '../events.js';
import { StoreBuilder } from '../store-builder.js';
import type { ReadOptions } from '../v2/reader.js';
import { V1, TIMER_P, SYSCALL_P } from './specs.js';
import { V1Columns } from './columns.js';
import { V1Parser } from './batches.js';
import { mergeBatches } from './merge.js';
import { postProcess } from './validate.js';
import { V1Tables } from './tables.js';
import { V1Converter } from './convert.js';

/** Length of the "go 1.N trace\0\0\0" header of every old-format version. */
const HEADER_LEN = 16;

/** Ticks → nanoseconds since the first event; timer unblocks and syscall exits move to fake Ps. */
function toNanoseconds(ev: V1Columns, ticksPerSec: number, timerGoids: Set<number>): void {
  if (ev.n === 0) return;
  const minTs = ev.ts[ev.at(0)]!;
  const freq = 1e9 / ticksPerSec;
  const timers = timerGoids.size !== 0;
  for (let i = 0; i < ev.n; i++) {
    ev.ts[i] = Math.trunc((ev.ts[i]! - minTs) * freq);
    const typ = ev.typ[i]!;
    if (timers && typ === V1.GoUnblock && timerGoids.has(ev.g[i]!)) ev.p[i] = TIMER_P;
    if (typ === V1.GoSysExit) ev.p[i] = SYSCALL_P;
  }
}

/** Parses a whole old-format trace. Never throws TraceError: damage lands in store.error. */
export function readV1(bytes: Uint8Array, version: number, opts: ReadOptions = {}): EventStore {
  const out = new StoreBuilder();
  try {
    const parser = new V1Parser(bytes, HEADER_LEN, version);
    parser.collect();
    const events = mergeBatches(parser);
    if (parser.ticksPerSec === 0) throw new TraceError('no EvFrequency event');
    toNanoseconds(events, parser.ticksPerSec, parser.timerGoids);
    postProcess(events, parser.stacks);
    const tables = new V1Tables(parser.strings, parser.inlineStrings, parser.stacks, parser.pcs);
    out.beginChunk(tables, events.n + (events.n >> 3) + 16);
    const conv = new V1Converter(events, tables, version, out);
    let syncs = 0;
    const sync = (time: number, gen: number) =>
      out.addSync(time, { n: ++syncs, clockTrace: null, mono: 0, sec: 0, nsec: 0, gen });
    if (events.n > 0) sync(events.ts[events.at(0)]! - 1, 1);
    conv.run();
    sync(conv.lastTs + 1, 0);
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
