// The parallel parse (generations ordered speculatively, verified, merged) must give exactly
// what the sequential parse gives: same events, same errors — on the corpus, on Go's
// conformance suite, through real worker threads, and on mutated multi-generation traces.

import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readV2Parallel, ParallelStats } from '../parser/v2/parallel.js';
import { readV2 } from '../parser/v2/reader.js';
import { speculateGeneration } from '../parser/v2/gen-speculate.js';
import { WorkerPool } from '../parser/v2/worker-pool.js';
import { readHeader } from '../parser/header.js';
import { EventStore } from '../parser/events.js';
import { ParsedPrinter } from '../parser/format/parsed-dump.js';
import { loadConformanceTest } from './support/text/index.js';
import { parseTraceBytes, parseTraceFile } from '../parser/node.js';
import { CORPUS, GO_SRC, REPO, traceCases, isV2 } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

function dump(s: EventStore): string {
  const p = new ParsedPrinter(s);
  const out: string[] = [];
  for (const c of s.chunks) for (let i = 0; i < c.n; i++) out.push(p.event(c, i));
  return out.join('\n') + `\nerror: ${s.error?.message ?? 'none'}`;
}

async function both(bytes: Uint8Array, version: number): Promise<{ par: string; seq: string; stats: ParallelStats }> {
  const stats = {} as ParallelStats;
  const par = await readV2Parallel(bytes, version, { speculate: 'inline', stats });
  return { par: dump(par), seq: dump(readV2(bytes, version)), stats };
}

const multiGen = traceCases(CORPUS, isV2).filter((c) => /http-load|multi-generation|cpu-profile/.test(c.name));

describe('parallel parse', () => {
  itRunsCases('multi-generation corpus traces (http-load, multi-generation, cpu-profile of Go 1.22-1.26)', multiGen.length, 12);

  for (const c of multiGen) {
    it(`equals the sequential parse: ${c.label}`, async () => {
      const bytes = readFileSync(c.trace);
      const { par, seq, stats } = await both(bytes, readHeader(bytes).version);
      expect(stats.generations).toBeGreaterThan(1);
      expect(stats.merged).toBe(stats.generations); // sound traces need no fallback
      expect(par === seq).toBe(true);
    });
  }

  const confDir = join(GO_SRC, 'internal/trace/testdata/tests');
  it("equals the sequential parse on Go's conformance suite", async () => {
    expect(existsSync(confDir), 'run sudo bash scripts/install-go.sh 1.26').toBe(true);
    const files = readdirSync(confDir).filter((f) => f.endsWith('.test'));
    expect(files.length).toBe(22);
    for (const f of files) {
      const t = loadConformanceTest(join(confDir, f));
      const { par, seq } = await both(t.bytes, t.version);
      expect(par, f).toBe(seq);
    }
  });

  it('a generation repeated (goroutines created twice) fails as the sequential parse does', async () => {
    // The repeat's GoCreate names goroutines the first copy left alive: Go stops with
    // "tried to create goroutine (N) that already exists"; the speculative ordering of the
    // copy alone cannot see that, so the merge must check its creations against the inherited state.
    // (The fuzzer's case 29:1120: a one-generation fixture whose generation is repeated.)
    const src = readFileSync(join(REPO, 'fixtures/traces/go1.26/stdlib-io.trace'));
    const bytes = Buffer.concat([src, src.subarray(16)]);
    const { par, seq } = await both(bytes, readHeader(bytes).version);
    expect(seq).toMatch(/error: .*that already exists/);
    expect(par === seq).toBe(true);
  });

  it('runs in real worker threads', async () => {
    const c = multiGen.find((x) => x.label === 'go1.26/multi-generation')!;
    const bytes = readFileSync(c.trace);
    const stats = {} as ParallelStats;
    const par = await parseTraceBytes(bytes, { workers: 2, parallelThreshold: 0, stats });
    expect(stats.merged).toBe(4);
    expect(dump(par) === dump(readV2(bytes, readHeader(bytes).version))).toBe(true);
  });

  it('reads a file in the workers (ranges, not bytes) and on this thread into one reused buffer: the same events', async () => {
    // Every multi-generation trace, each generation either read by a worker from the shared
    // descriptor or stolen by this thread into its reused buffer: a byte of a generation kept
    // past its ordering would show as a different event once the buffer holds the next one.
    for (const c of multiGen) {
      const bytes = readFileSync(c.trace);
      const stats = {} as ParallelStats;
      const par = await parseTraceFile(c.trace, { workers: 2, parallelThreshold: 0, stats });
      expect(stats.sequential, c.label).toBe(false);
      expect(stats.merged, c.label).toBe(stats.generations);
      expect(dump(par) === dump(readV2(bytes, readHeader(bytes).version)), c.label).toBe(true);
    }
  });

  it('equals the sequential parse on mutated multi-generation traces', async () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const inputs = multiGen.map((c) => readFileSync(c.trace));
    let fellBack = 0;
    const iterations = Number(process.env.FUZZ_ITERATIONS ?? 60);
    for (let it = 0; it < iterations; it++) {
      const src = inputs[Math.floor(rnd() * inputs.length)]!;
      const b = Uint8Array.from(src);
      // Flip a few bytes in the second half, where later generations live.
      for (let k = 0, n = 1 + Math.floor(rnd() * 3); k < n; k++) {
        const pos = Math.floor(b.length / 2 + rnd() * (b.length / 2 - 1));
        b[pos]! ^= 1 << Math.floor(rnd() * 8);
      }
      const { par, seq, stats } = await both(b, readHeader(b).version);
      if (stats.fallbacks > 0 || stats.sequential) fellBack++;
      expect(par === seq, `iteration ${it}`).toBe(true);
    }
    expect(fellBack).toBeGreaterThan(0);
  });

  it('a failed generation worker makes a sequential parse, not a hang', async () => {
    const c = multiGen.find((x) => x.label === 'go1.26/multi-generation')!;
    const bytes = readFileSync(c.trace);
    const version = readHeader(bytes).version;
    const stats = {} as ParallelStats;
    let calls = 0;
    const speculate = () => (++calls === 2 ? Promise.reject(new Error('worker died')) : Promise.resolve(speculateGeneration(new Uint8Array(0), version, false)));
    const par = await readV2Parallel(bytes, version, { speculate, stats });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(stats.sequential).toBe(true);
    expect(dump(par) === dump(readV2(bytes, version))).toBe(true);
  });

  it('a worker that dies fails its jobs and the pool takes no more', async () => {
    const pool = new WorkerPool(1);
    const bytes = readFileSync(multiGen.find((x) => x.label === 'go1.26/multi-generation')!.trace);
    const job = pool.speculate(bytes.subarray(16, 64), readHeader(bytes).version, true);
    await (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0]!.terminate();
    await expect(job).rejects.toThrow(/generation worker exited/);
    await expect(pool.speculate(bytes.subarray(16, 64), 26, true)).rejects.toThrow(/generation worker exited/);
    await pool.close();
  });
});
