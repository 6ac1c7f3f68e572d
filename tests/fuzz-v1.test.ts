// Fuzzing the old-format (Go 1.11–1.21) reader with mutated traces (bit flips, truncations,
// splices, varint garbage, random bytes): every run must end with a store or a TraceError
// with a one-line message — never another exception or a hang.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace, TraceError } from '../parser/index.js';
import { CORPUS, FIXTURES, GO_SRC, traceCases, isV1 } from './support/paths.js';
import { rng, mutate } from './support/mutate.js';
import { itRunsCases } from './support/counts.js';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 300);
/** Inputs small enough that a parse takes milliseconds. */
const MAX_INPUT = 40 * 1024;


function inputs(): Uint8Array[] {
  const files = [...traceCases(CORPUS, isV1), ...traceCases(FIXTURES, isV1)].map((c) => c.trace);
  const goData = join(GO_SRC, 'internal/trace/internal/tracev1/testdata');
  if (!existsSync(goData)) throw new Error(`${goData} is missing: run sudo bash scripts/install-go.sh 1.26`);
  for (const f of readdirSync(goData).sort()) files.push(join(goData, f));
  return files.map((f) => readFileSync(f)).filter((b) => b.length < MAX_INPUT);
}

describe('fuzz, old format', () => {
  const ins = inputs();
  itRunsCases('old-format traces under 40 KiB as inputs', ins.length, 40);
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
