// Fuzzing the parser with mutated corpus traces (bit flips, truncations, splices, varint
// garbage): every run must end with a store or a TraceError — never another exception or a hang.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace, TraceError } from '../parser/index.js';
import { CORPUS, traceCases, isV2 } from './support/paths.js';
import { rng, mutate } from './support/mutate.js';
import { itRunsCases } from './support/counts.js';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 400);

describe('fuzz', () => {
  const cases = traceCases(CORPUS, isV2).filter((c) => readFileSync(c.trace).length < 128 * 1024);
  itRunsCases('Go 1.22+ corpus traces under 128 KiB as inputs', cases.length, 45);
  it(`${ITERATIONS} mutated traces end in a store or a TraceError`, () => {
    const r = rng(20261122);
    const inputs = cases.map((c) => readFileSync(c.trace));
    let errors = 0;
    for (let it = 0; it < ITERATIONS; it++) {
      const src = inputs[Math.floor(r() * inputs.length)]!;
      const other = inputs[Math.floor(r() * inputs.length)]!;
      const bytes = mutate(src, other, r);
      const t0 = Date.now();
      try {
        const s = parseTrace(bytes);
        if (s.error) {
          errors++;
          expect(s.error).toBeInstanceOf(TraceError);
          expect(s.error.message).not.toContain('\n');
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
