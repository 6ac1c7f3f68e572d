// Blocking-profile parity with go tool trace 1.26 (-pprof=net|sync|syscall|sched): for every
// Go 1.22+ trace of the shared corpus and of our fixtures, our profile has the same samples
// (values and stacks, as multisets: Go writes them in map order) as go tool trace's .pprof.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { pprofProfile, pprofProfileRecords } from '../analysis/pprof.js';
import { goToolTraceKinds, type PprofKind } from '../api/profile-kinds.js';

// The kinds go tool trace also makes: its output is the golden.
const PPROF_TYPES = goToolTraceKinds().map((k) => k.id as PprofKind);
import { overlapping, regionIntervals } from '../analysis/pprof-intervals.js';
import { GoroutineSummaries, GoroutineSummary, RegionSummary } from '../analysis/goroutine-summary.js';
import { ExecStats } from '../analysis/exec-stats.js';
import { EventStore } from '../parser/events.js';
import { CORPUS, FIXTURES, corpusPath, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';
import { decodeProfile } from './support/pprof.js';

function compare(trace: string, goldenDir: string): number {
  const store = parseTrace(readFileSync(trace));
  const summaries = summarizeGoroutines(store);
  let n = 0;
  for (const type of PPROF_TYPES) {
    const file = join(goldenDir, `${type}.pprof`);
    if (!existsSync(file)) continue;
    const golden = decodeProfile(readFileSync(file));
    const ours = decodeProfile(pprofProfile(store, type, {}, summaries));
    expect(ours.sampleTypes).toEqual(['contentions/count', 'delay/nanoseconds']);
    expect({ type, periodType: ours.periodType, period: ours.period }).toEqual({ type, periodType: golden.periodType, period: golden.period });
    expect(ours.sampleTypes).toEqual(golden.sampleTypes);
    expect({ type, samples: [...ours.samples].sort() }).toEqual({ type, samples: [...golden.samples].sort() });
    n++;
  }
  return n;
}

for (const [root, what] of [
  [CORPUS, 'shared corpus'],
  [FIXTURES, 'fixtures'],
] as const) {
  const cases = traceCases(root).filter((c) => PPROF_TYPES.some((t) => existsSync(join(c.golden, `${t}.pprof`))));
  describe(`-pprof parity (${what})`, () => {
    itRunsCases(`${what} traces with -pprof goldens`, cases.length, root === CORPUS ? 88 : 58);
    for (const c of cases) {
      const goFailed = PPROF_TYPES.every((t) => existsSync(join(c.golden, `${t}.pprof`)) && statSync(join(c.golden, `${t}.pprof`)).size === 0);
      if (goFailed) {
        // go tool trace could not read this trace at all (its .txt says why): neither can we, for the same reason.
        it(`${c.label} (go tool trace fails)`, () => {
          const why = readFileSync(join(c.golden, 'sync.txt'), 'utf8').split('\n')[1]!.replace(/^failed to create trace reader: /, '');
          expect(parseTrace(readFileSync(c.trace)).error?.message).toBe(why);
        });
        continue;
      }
      it(c.label, () => expect(compare(c.trace, c.golden)).toBe(4));
    }
  });
}

describe('group-scoped profiles', () => {
  const trace = corpusPath('traces/go1.26/chan-pipeline.trace');
  it('splits the whole profile by goroutine group', () => {
    const store = parseTrace(readFileSync(trace));
    const summaries = summarizeGoroutines(store);
    const names = new Set([...summaries.goroutines.values()].map((g) => g.name));
    for (const type of PPROF_TYPES) {
      const all = pprofProfileRecords(store, type, {}, summaries);
      const total = (rs: { count: number; time: number }[]) => rs.reduce((a, r) => [a[0]! + r.count, a[1]! + r.time], [0, 0]);
      // Every interval belongs to one goroutine, so the named groups' profiles add up to the whole
      // (the unnamed group cannot be selected: go tool trace reads an empty name as "all").
      let sum = [0, 0];
      for (const name of names) {
        if (name === '') continue;
        const t = total(pprofProfileRecords(store, type, { goroutineName: name }, summaries));
        sum = [sum[0]! + t[0]!, sum[1]! + t[1]!];
      }
      const unnamed = [...summaries.goroutines.values()].filter((g) => g.name === '').length;
      if (unnamed === 0) expect(sum).toEqual(total(all));
      else expect(sum[1]).toBeLessThanOrEqual(total(all)[1]!);
    }
    expect(() => pprofProfileRecords(store, 'sync', { goroutineName: 'no.such.function' }, summaries)).toThrow(
      'failed to find matching goroutines for name: no.such.function',
    );
  });
});

describe('profile intervals', () => {
  const region = (name: string, start: number | null, end: number | null): RegionSummary => ({
    taskId: 0,
    name,
    start: start === null ? null : { time: start, stack: 0 },
    end: end === null ? null : { time: end, stack: 0 },
    stats: new ExecStats(),
  });
  const span = { startTime: 100, endTime: 1000, endChunk: 0, endIndex: 0 };
  const g = new GoroutineSummary(7);
  g.regions = [region('a', 200, 400), region('a', 250, 300), region('b', 350, 500), region('a', 390, 600), region('a', null, 150), region('a', 900, null)];
  const sums: GoroutineSummaries = { goroutines: new Map([[7, g]]), firstTime: 100, lastTime: 1000 };
  const store = new EventStore();

  it('keeps only the outermost matching regions, open ends at the trace bounds', () => {
    const m = regionIntervals(store, sums, span, { type: 'a' });
    // [250,300] is inside [200,400]; [390,600] starts before 400 ends, so it is dropped too.
    expect(m.get(7)).toEqual([
      { start: 100, end: 150 },
      { start: 200, end: 400 },
      { start: 900, end: 1000 },
    ]);
    expect(regionIntervals(store, sums, span, { type: 'a', latMin: 60, latMax: 150 }).get(7)).toEqual([{ start: 900, end: 1000 }]);
    expect(regionIntervals(store, sums, span, { type: 'zzz' }).size).toBe(0);
  });

  it('charges the overlap of a blocked interval with them', () => {
    const m = regionIntervals(store, sums, span, { type: 'a' });
    expect(overlapping(m, 7, 120, 950)).toBe(30 + 200 + 50);
    expect(overlapping(m, 7, 400, 900)).toBe(0);
    expect(overlapping(m, 8, 0, 1000)).toBe(0);
    expect(overlapping(null, 8, 10, 25)).toBe(15);
  });

  it('writes gzipped profiles', () => {
    const bytes = pprofProfile(parseTrace(readFileSync(corpusPath('traces/go1.26/chan-pipeline.trace'))), 'sched');
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  });
});
