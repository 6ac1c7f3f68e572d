// Batches: the unit the runtime writes. A batch header names its generation, thread (M),
// base timestamp and byte length; the body is kept as an undecoded byte view.

import { Ev, MAX_BATCH_SIZE } from '../wire/specs.js';
import { TraceError, EOF } from '../errors.js';
import { ByteReader } from './byte-reader.js';

export const NO_THREAD = -1;

export interface Batch {
  /** Generation number from the header (0 for an EndOfGeneration marker). */
  gen: number;
  m: number;
  /** Base timestamp in ticks (as float64(ts): the nearest double past 2^53). */
  time: number;
  /** The exact base timestamp when time is not it (past 2^53; parser/exact-time.ts), else null. */
  timeX: bigint | null;
  data: Uint8Array;
  /** Experiment ID, 0 for ordinary batches. */
  exp: number;
  /** Byte offset of the batch header in the input, for damage reports. */
  offset: number;
}

/** Returned by readBatch and readBatchHeader when the input ends cleanly between batches. */
export const AT_EOF = null;

/**
 * Reads the next batch. Returns null at a clean end of input; throws TraceError on damage,
 * with Go's messages ("expected batch event, got event N", "failed to read full batch: …").
 */
export function readBatch(r: ByteReader): Batch | null {
  const offset = r.pos;
  const h = readBatchHeader(r);
  if (h === null) return AT_EOF;
  if (h.end) return { gen: 0, m: NO_THREAD, time: 0, timeX: null, data: r.buf.subarray(offset, offset + 1), exp: 0, offset };
  const data = r.bytes(h.size);
  if (data.length !== h.size) {
    throw new TraceError(`failed to read full batch: read ${data.length} but wanted ${h.size}`);
  }
  return { gen: h.gen, m: h.m, time: h.time, timeX: h.timeX, data, exp: h.exp, offset };
}

export interface BatchHeader {
  /** An EndOfGeneration marker (no fields, no body). */
  end: boolean;
  gen: number;
  m: number;
  time: number;
  timeX: bigint | null;
  size: number;
  exp: number;
}

/** Reads a batch header, leaving r at the start of its body. null at a clean end of input. */
export function readBatchHeader(r: ByteReader): BatchHeader | null {
  const b = r.readByte();
  if (b < 0) return AT_EOF;
  if (b === Ev.EndOfGeneration) return { end: true, gen: 0, m: NO_THREAD, time: 0, timeX: null, size: 0, exp: 0 };
  if (b !== Ev.EventBatch && b !== Ev.ExperimentalBatch) {
    throw new TraceError(`expected batch event, got event ${b}`);
  }
  let exp = 0;
  if (b === Ev.ExperimentalBatch) {
    exp = r.readByte();
    if (exp < 0) throw new TraceError(EOF);
  }
  const gen = field(r, 'error reading batch gen');
  const m = field(r, 'error reading batch M ID');
  let time = field(r, 'error reading batch timestamp');
  let timeX: bigint | null = null;
  if (time > Number.MAX_SAFE_INTEGER || time === -1) {
    timeX = r.lastBig();
    time = Number(timeX); // (float64(ts), 2^64-1 included)
  }
  const size = field(r, 'error reading batch size');
  if (size > MAX_BATCH_SIZE || size < 0) {
    throw new TraceError(`invalid batch size ${r.lastText()}, maximum is ${MAX_BATCH_SIZE}`);
  }
  return { end: false, gen, m, time, timeX, size, exp };
}

function field(r: ByteReader, what: string): number {
  try {
    return r.uvarint();
  } catch (e) {
    throw new TraceError(`${what}: ${(e as Error).message}`);
  }
}

export function isEndOfGeneration(b: Batch): boolean {
  return b.exp === 0 && b.data.length > 0 && b.data[0] === Ev.EndOfGeneration;
}

export function batchKind(b: Batch): number {
  return b.exp === 0 && b.data.length > 0 ? b.data[0]! : -1;
}
