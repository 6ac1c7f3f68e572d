// Node entry point: parses a trace file, ordering the generations of a large Go 1.22+ trace
// in worker threads (parallel.ts). Everything else in parser/ is free of Node APIs.

import { availableParallelism } from 'node:os';
import { openSync, fstatSync, closeSync } from 'node:fs';
import { readRange } from './read-range.js';
import { readHeader } from './header.js';
import { isV1Version } from './wire/specs.js';
import { EventStore } from './events.js';
import { parseTrace, ReadOptions } from './index.js';
import { readV2Parallel, ParallelStats } from './v2/parallel.js';
import { handOver } from './v2/reader.js';
import { WorkerPool } from './v2/worker-pool.js';
import type { ByteSource } from './v2/gen-index.js';

export interface ParseFileOptions extends ReadOptions {
  /** Worker threads for generations; 0 parses on this thread. Default: the cores available, up to 4. */
  workers?: number;
  /** Traces smaller than this are parsed on this thread (workers cost a few tens of ms to start). */
  parallelThreshold?: number;
  stats?: ParallelStats;
  /**
   * false: this thread orders no generation itself (no work stealing), the workers order them
   * all; for callers whose onChunk keeps this thread busy (the export). Default true.
   */
  steal?: boolean;
}

export async function parseTraceBytes(bytes: Uint8Array, opts: ParseFileOptions = {}): Promise<EventStore> {
  const h = readHeader(bytes);
  const workers = opts.workers ?? Math.min(4, availableParallelism());
  if (isV1Version(h.version) || workers === 0 || bytes.length < (opts.parallelThreshold ?? 8 << 20)) {
    return handOver(parseTrace(bytes, opts), opts);
  }
  return parseParallel(bytes, h.version, workers, opts);
}


/** Orders generations in workers; the main thread takes a share and leaves one core per worker. */
async function parseParallel(src: Uint8Array | ByteSource, version: number, workers: number, opts: ParseFileOptions): Promise<EventStore> {
  const pool = new WorkerPool(Math.max(1, workers - 1));
  try {
    const hasCapacity = opts.steal === false ? undefined : () => pool.hasCapacity();
    return await readV2Parallel(src, version, { ...opts, speculate: pool.speculate, hasCapacity });
  } finally {
    await pool.close();
  }
}

/** Reads a file piece by piece (each piece a fresh buffer), so the whole trace need not sit in memory. */
export function fileSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    fresh: true,
    fd,
    read: (start, end) => readRange(fd, size, start, end, null),
    readInto: (start, end, into) => readRange(fd, size, start, end, into),
    close: () => closeSync(fd),
  };
}

/**
 * Parses a trace file; large Go 1.22+ traces are read generation by generation and ordered in
 * workers. With onChunk and retain: false it streams: each generation's events go to onChunk
 * in order and are then dropped, so memory holds the tables (strings, stacks) but not the events.
 */
export async function parseTraceFile(path: string, opts: ParseFileOptions = {}): Promise<EventStore> {
  const src = fileSource(path);
  try {
    const head = src.read(0, 64);
    const h = readHeader(head);
    const workers = opts.workers ?? Math.min(4, availableParallelism());
    if (isV1Version(h.version) || workers === 0 || src.size < (opts.parallelThreshold ?? 8 << 20)) {
      return handOver(parseTrace(src.read(0, src.size), opts), opts);
    }
    return await parseParallel(src, h.version, workers, opts);
  } finally {
    src.close();
  }
}
