// One generation of a Go 1.22+ trace: its event batches grouped by thread, and the tables
// that give them meaning (strings, stacks, CPU samples, clock). Pure data, no parse state.

import { Ev, Version, MAX_EVENT_TRAILER_DATA_SIZE, MAX_FRAMES_PER_STACK } from '../wire/specs.js';
import { TraceError } from '../errors.js';
import { ByteReader } from './byte-reader.js';
import { Batch, readBatch, isEndOfGeneration, batchKind } from './batch.js';
import { goSortFunc } from '../go/go-sort.js';
import { decodeGoString } from '../go/go-utf8.js';
import { pcHex, uidText } from '../exact-args.js';
import { goTime } from '../exact-time.js';

export interface Frame {
  pc: number;
  funcId: number;
  fileId: number;
  line: number;
}

export interface CPUSample {
  m: number;
  p: number;
  g: number;
  /** Ticks until fixed up, then nanoseconds. */
  time: number;
  stack: number;
}

export interface ClockSnapshot {
  /** Trace clock, ticks. */
  ticks: number;
  mono: number | bigint;
  /** uint64s as the wire has them (bigint past 2^53). */
  sec: number | bigint;
  nsec: number | bigint;
}

export class Generation {
  gen = 0;
  /** Event batches per thread, in file order. */
  batches = new Map<number, Batch[]>();
  /** Threads in order of their first batch. */
  batchMs: number[] = [];
  cpuSamples: CPUSample[] = [];
  /** Smallest batch timestamp (ticks). */
  minTs = 0;
  /** Nanoseconds per tick. */
  freq = 0;
  clock: ClockSnapshot | null = null;
  strings = new Map<number, string>();
  stacks = new Map<number, number[]>();
  pcs = new Map<number, Frame>();
  expBatches = new Map<number, Batch[]>();
  maxStringId = 0;
  maxStackId = 0;
  /** Byte range of the generation in the input. */
  startOffset = 0;
  endOffset = 0;

  /** Go's dataTable.get semantics: id 0 always resolves to the zero value. */
  hasString(id: number): boolean {
    return id === 0 || this.strings.has(id);
  }
  string(id: number): string {
    return id === 0 ? '' : (this.strings.get(id) ?? '');
  }
  hasStack(id: number): boolean {
    return id === 0 || this.stacks.has(id);
  }
  /** Ticks to nanoseconds, truncated as Go's Time(float64(t) * freq) does. */
  nanos(ticks: number): number {
    return goTime(ticks * this.freq);
  }
}

/** The result of reading a generation of a pre-1.26 trace, which ends where the next one starts. */
export interface SpillResult {
  gen: Generation | null;
  spill: { gen: number; batch: Batch } | null;
  spillErr: TraceError | null;
}

/** Reads one Go 1.26+ generation, ended by an EndOfGeneration marker. Returns null at a clean end. */
export function readGeneration(r: ByteReader, ver: number): Generation | null {
  const g = new Generation();
  g.startOffset = r.pos;
  for (;;) {
    const b = readBatch(r);
    if (b === null) {
      if (g.batches.size !== 0) throw new TraceError('incomplete generation found; trace likely truncated');
      return null;
    }
    if (g.gen === 0) g.gen = b.gen;
    if (isEndOfGeneration(b)) break;
    if (b.gen === 0) throw new TraceError(`invalid generation number ${b.gen}`);
    if (b.gen !== g.gen) {
      throw new TraceError('broken trace: missing end-of-generation event, or generations are interleaved');
    }
    if (g.minTs === 0 || b.time < g.minTs) g.minTs = b.time;
    processBatch(g, b, ver);
  }
  g.endOffset = r.pos;
  if (g.freq === 0) throw new TraceError('no frequency event found');
  if (!g.clock) throw new TraceError('no clock snapshot event found');
  finish(g);
  return g;
}

/**
 * Reads one generation of a Go 1.22–1.25 trace. Without an end marker, the generation ends
 * at the first batch of the next one, which is handed back as the spill.
 */
export function readGenerationWithSpill(
  r: ByteReader,
  spill: { gen: number; batch: Batch } | null,
  ver: number,
): SpillResult {
  const g = new Generation();
  g.startOffset = spill ? spill.batch.offset : r.pos;
  if (spill) {
    g.gen = spill.gen;
    g.minTs = spill.batch.time;
    processBatch(g, spill.batch, ver);
    spill = null;
  }
  let spillErr: TraceError | null = null;
  for (;;) {
    const before = r.pos;
    let b: Batch | null;
    try {
      b = readBatch(r);
    } catch (e) {
      if (g.gen !== 0 && e instanceof TraceError) {
        // Possibly a damaged first batch of the next generation: keep what we have.
        spillErr = e;
        r.pos = before;
        break;
      }
      throw e;
    }
    if (b === null) break;
    if (b.gen === 0) throw new TraceError(`invalid generation number ${b.gen}`);
    if (g.gen === 0) g.gen = b.gen;
    if (b.gen === g.gen + 1) {
      spill = { gen: b.gen, batch: b };
      break;
    }
    if (b.gen !== g.gen) throw new TraceError('generations out of order');
    if (g.minTs === 0 || b.time < g.minTs) g.minTs = b.time;
    processBatch(g, b, ver);
  }
  g.endOffset = spill ? spill.batch.offset : r.pos;
  if (g.freq === 0) throw new TraceError('no frequency event found');
  if (ver >= Version.Go125 && !g.clock) throw new TraceError('no clock snapshot event found');
  finish(g);
  return { gen: g, spill, spillErr };
}

function finish(g: Generation): void {
  validateStackStrings(g);
  for (const s of g.cpuSamples) s.time = g.nanos(s.time);
  goSortFunc(g.cpuSamples, (a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

function processBatch(g: Generation, b: Batch, ver: number): void {
  const kind = batchKind(b);
  if (kind === Ev.Strings) return addStrings(g, b);
  if (kind === Ev.Stacks) return addStacks(g, b);
  if (kind === Ev.CPUSamples) return addCPUSamples(g, b);
  if ((kind === Ev.Frequency && ver < Version.Go125) || (kind === Ev.Sync && ver >= Version.Go125)) {
    return setSyncBatch(g, b, ver);
  }
  if (b.exp !== 0) {
    let list = g.expBatches.get(b.exp);
    if (!list) g.expBatches.set(b.exp, (list = []));
    list.push(b);
    return;
  }
  if (kind === Ev.EndOfGeneration) {
    throw new TraceError('internal error: unexpectedly processing EndOfGeneration; broken trace?');
  }
  let list = g.batches.get(b.m);
  if (!list) {
    g.batches.set(b.m, (list = []));
    g.batchMs.push(b.m);
  }
  list.push(b);
}

function addStrings(g: Generation, b: Batch): void {
  const r = new ByteReader(b.data, 1);
  while (r.remaining() !== 0) {
    const ev = r.readByte();
    if (ev !== Ev.String) throw new TraceError(`expected string event, got ${ev}`);
    const id = r.uvarint();
    const idText = r.lastText();
    const len = r.uvarint();
    if (len > MAX_EVENT_TRAILER_DATA_SIZE || len < 0) {
      throw new TraceError(`invalid string size ${r.lastText()}, maximum is ${MAX_EVENT_TRAILER_DATA_SIZE}`);
    }
    const bytes = r.bytes(len);
    if (bytes.length !== len) throw new TraceError(`failed to read full string: read ${bytes.length} but wanted ${len}`);
    const s = decodeGoString(bytes);
    if (id === 0 || g.strings.has(id)) {
      throw new TraceError(
        `multiple strings with the same ID: id=${idText}, new=${s}, existing=${id === 0 ? '' : g.strings.get(id)}`,
      );
    }
    g.strings.set(id, s);
    if (id > g.maxStringId) g.maxStringId = id;
  }
}


function addStacks(g: Generation, b: Batch): void {
  const r = new ByteReader(b.data, 1);
  while (r.remaining() !== 0) {
    const ev = r.readByte();
    if (ev !== Ev.Stack) throw new TraceError(`expected stack event, got ${ev}`);
    const id = r.uvarint();
    const idText = r.lastText();
    const n = r.uvarint();
    if (n > MAX_FRAMES_PER_STACK || n < 0) {
      throw new TraceError(`invalid stack size ${r.lastText()}, maximum is ${MAX_FRAMES_PER_STACK}`);
    }
    const pcs: number[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const pc = frameField(r, i, id, 'PC');
      const funcId = frameField(r, i, id, 'funcID');
      const fileId = frameField(r, i, id, 'fileID');
      const line = frameField(r, i, id, 'line');
      pcs[i] = pc;
      if (!g.pcs.has(pc)) g.pcs.set(pc, { pc, funcId, fileId, line });
    }
    if (id === 0 || g.stacks.has(id)) {
      // Go prints both stacks (%v: a "\t0x<pc>\n" line per frame); the CLI keeps it on one line.
      const text = (list: number[]) => list.map((pc) => `\t0x${pcHex(pc)}\n`).join('');
      throw new TraceError(
        `multiple trace.stacks with the same ID: id=${idText}, new=${text(pcs)}, existing=${text(id === 0 ? [] : g.stacks.get(id)!)}`,
      );
    }
    g.stacks.set(id, pcs);
    if (id > g.maxStackId) g.maxStackId = id;
  }
}

function frameField(r: ByteReader, i: number, id: number, what: string): number {
  try {
    return r.uvarint();
  } catch (e) {
    throw new TraceError(`reading frame ${i + 1}'s ${what} for stack ${id}: ${(e as Error).message}`);
  }
}

function addCPUSamples(g: Generation, b: Batch): void {
  const r = new ByteReader(b.data, 1);
  while (r.remaining() !== 0) {
    const ev = r.readByte();
    if (ev !== Ev.CPUSample) throw new TraceError(`expected CPU sample event, got ${ev}`);
    const time = r.ticks();
    const m = r.uvarint();
    const p = r.uvarint();
    const gid = r.uvarint();
    const stack = r.uvarint();
    g.cpuSamples.push({ m, p, g: gid === 0 ? -1 : gid, time, stack });
  }
}

function setSyncBatch(g: Generation, b: Batch, ver: number): void {
  const r = new ByteReader(b.data, ver >= Version.Go125 ? 1 : 0);
  let lastTs = b.time;
  let lastTsX = b.timeX; // (exact uint64 ticks once past 2^53)
  while (r.remaining() !== 0) {
    const ev = r.readByte();
    if (ev === Ev.Frequency) {
      if (g.freq !== 0) throw new TraceError('found multiple frequency events');
      const f = r.ticks(); // (a uint64: 2^64-1 is float64 2^64, not -1)
      g.freq = 1.0 / (f / 1e9);
    } else if (ev === Ev.ClockSnapshot && ver >= Version.Go125) {
      if (g.clock) throw new TraceError('found multiple clock snapshot events');
      const d = r.uvarint();
      if (lastTsX === null && d !== -1 && lastTs + d <= Number.MAX_SAFE_INTEGER) lastTs += d;
      else {
        lastTsX = BigInt.asUintN(64, (lastTsX ?? BigInt(lastTs)) + r.lastBig());
        lastTs = Number(lastTsX); // (float64(ts), as Go converts it)
      }
      const mono = r.uvarintExact();
      const sec = r.uvarintExact();
      const nsec = r.uvarintExact();
      g.clock = { ticks: lastTs, mono, sec, nsec };
    } else {
      throw new TraceError(`expected frequency or clock snapshot event, got ${ev}`);
    }
  }
}

function validateStackStrings(g: Generation): void {
  for (const [id, pcs] of stacksInGoOrder(g.stacks)) {
    for (const pc of pcs) {
      const f = g.pcs.get(pc);
      if (!f) throw new TraceError(`found unknown pc ${pcHex(pc)} for stack ${uidText(id)}`);
      if (!g.hasString(f.funcId)) throw new TraceError(`found invalid func string ID ${uidText(f.funcId)} for stack ${uidText(id)}`);
      if (!g.hasString(f.fileId)) throw new TraceError(`found invalid file string ID ${uidText(f.fileId)} for stack ${uidText(id)}`);
    }
  }
}

/**
 * The stacks in the order Go's reader checks them: by ascending id when its table compacts into
 * a dense array (ids from at most the table's size, spanning at most twice it), else in map
 * order, which is random in Go (insertion order here is one of its orders).
 */
function stacksInGoOrder(stacks: Map<number, number[]>): Iterable<[number, number[]]> {
  const n = stacks.size;
  let min = Infinity;
  let max = -Infinity;
  for (const id of stacks.keys()) {
    const v = id < 0 ? 2 ** 64 : id;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0 || max >= 2 ** 63 || max - min > 2 * n || min > n) return stacks;
  return [...stacks].sort((a, b) => a[0] - b[0]);
}
