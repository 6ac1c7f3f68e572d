// The generation index: one pass over batch headers (no event decoding) that finds each
// generation's byte range, so generations can be handed to workers.

import { Version } from '../wire/specs.js';
import { TraceError } from '../errors.js';
import { ByteReader } from './byte-reader.js';
import { readBatch, isEndOfGeneration } from './batch.js';

export interface GenRange {
  gen: number;
  start: number;
  end: number;
}

export interface GenIndex {
  ranges: GenRange[];
  /** False when the scan met anything unusual (damage, odd generation numbers): parse sequentially then. */
  clean: boolean;
}

export function indexGenerations(bytes: Uint8Array, version: number, headerLength = 16): GenIndex {
  const r = new ByteReader(bytes, headerLength);
  const ranges: GenRange[] = [];
  let cur: GenRange | null = null;
  try {
    for (;;) {
      const at = r.pos;
      const b = readBatch(r);
      if (b === null) break;
      if (version >= Version.Go126) {
        if (!cur) {
          if (isEndOfGeneration(b)) return { ranges, clean: false };
          cur = { gen: b.gen, start: at, end: at };
        }
        if (isEndOfGeneration(b)) {
          cur.end = r.pos;
          ranges.push(cur);
          cur = null;
          continue;
        }
        if (b.gen !== cur.gen || b.gen === 0) return { ranges, clean: false };
      } else {
        if (b.gen === 0) return { ranges, clean: false };
        if (!cur || b.gen !== cur.gen) {
          if (cur) {
            if (b.gen !== cur.gen + 1) return { ranges, clean: false };
            cur.end = at;
            ranges.push(cur);
          }
          cur = { gen: b.gen, start: at, end: at };
        }
      }
    }
  } catch (e) {
    if (e instanceof TraceError) return { ranges, clean: false };
    throw e;
  }
  if (cur) {
    if (version >= Version.Go126) return { ranges, clean: false }; // no end marker: truncated
    cur.end = r.pos;
    ranges.push(cur);
  }
  return { ranges, clean: ranges.length > 0 };
}
