// Fuzzing the old-format (Go 1.11–1.21) reader with mutated traces (bit flips, truncations,
// splices, varint garbage, random bytes): every run must end with a store or a TraceError
// with a one-line message — never another exception or a hang.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace, TraceError } from '../parser/index.js';
import { CORPUS, FIXTURES, GO_SRC, traceCases, isV1 } from './support/paths.js';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 300);
/** Inputs small enough that a parse takes milliseconds. */
const MAX_INPUT = 40 * 1024;


function mutate(src: Uint8Array, other: Uint8Array, r: () => number): Uint8Array {
  const b = Uint8Array.from(src);
  const kind = Math.floor(r() * 5);
  const pos = 16 + Math.floor(r() * Math.max(1, b.length - 16));
  switch (kind) {
    case 0: // bit flips
      for (let k = 0, n = 1 + Math.floor(r() * 8); k < n; k++) {
        const p = 16 + Math.floor(r() * (b.length - 16));
        b[p]! ^= 1 << Math.floor(r() * 8);
      }
      return b;
    case 1: // truncation
      return b.subarray(0, pos);
    case 2: {
      // splice a piece of another trace in
      const from = 16 + Math.floor(r() * (other.length - 16));
      const len = Math.floor(r() * 2048);
      const piece = other.subarray(from, from + len);
      const out = new Uint8Array(pos + piece.length + (b.length - pos));
      out.set(b.subarray(0, pos));
      out.set(piece, pos);
      out.set(b.subarray(pos), pos + piece.length);
      return out;
    }
    case 3: // a run of continuation bytes (varint garbage)
      for (let k = 0; k < 12 && pos + k < b.length; k++) b[pos + k] = 0xff;
      return b;
    default: // random bytes
      for (let k = 0; k < 64 && pos + k < b.length; k++) b[pos + k] = Math.floor(r() * 256);
      return b;
  }
}

function inputs(): Uint8Array[] {
  const files = [...traceCases(CORPUS, isV1), ...traceCases(FIXTURES, isV1)].map((c) => c.trace);
  const goData = join(GO_SRC, 'internal/trace/internal/tracev1/testdata');
  if (existsSync(goData)) for (const f of readdirSync(goData).sort()) files.push(join(goData, f));
  return files.map((f) => readFileSync(f)).filter((b) => b.length < MAX_INPUT);
}

describe('fuzz, old format', () => {
  const ins = inputs();
  it('has inputs', () => expect(ins.length).toBeGreaterThanOrEqual(12));
  it(`${ITERATIONS} mutated traces end in a store or a TraceError`, () => {
    const r = rng(20261103);
    let errors = 0;
    for (let it = 0; it < ITERATIONS; it++) {
      const src = ins[Math.floor(r() * ins.length)]!;
      const other = ins[Math.floor(r() * ins.length)]!;
      const bytes = mutate(src, other, r);
      const t0 = Date.now();
      try {
        const s = parseTrace(bytes);
        if (s.error) {
          errors++;
          expect(s.error).toBeInstanceOf(TraceError);
          expect(s.error.message).not.toContain('\n');
          expect(s.validBytes).toBeLessThanOrEqual(s.totalBytes);
        } else {
          expect(s.generations).toBe(1);
          expect(s.validBytes).toBe(bytes.length);
        }
      } catch (e) {
        if (!(e instanceof TraceError)) {
          throw new Error(`iteration ${it}: unexpected ${(e as Error).stack}`);
        }
        errors++;
      }
      // A parse of these small inputs takes milliseconds; seconds would mean a runaway loop.
      expect(Date.now() - t0).toBeLessThan(10_000);
    }
    expect(errors).toBeGreaterThan(ITERATIONS / 10);
  });
});
