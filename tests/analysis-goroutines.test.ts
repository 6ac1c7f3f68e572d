// Goroutine analysis parity with go tool trace 1.26: for every corpus and fixture trace, our
// goroutine groups and per-goroutine breakdown / special-range times equal the /goroutines and
// /goroutine?name= pages goldengen scraped (goroutines.json), to the nanosecond. Rows are
// compared by id: ties in the pages' sort order are Go map order.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { goroutinesJson } from '../analysis/goroutines.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { regionTopPc } from '../analysis/pprof-intervals.js';
import { formatDuration, parseDuration } from '../analysis/go-duration.js';
import { goFixed } from '../analysis/go-fixed.js';
import { CORPUS, FIXTURES, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

interface GoldenRow {
  id: number;
  total: string;
  totalNs: number;
  values: string[];
}
interface GoldenGroup {
  name: string;
  count: number;
  execTime: string;
  execTimeNs: number;
  summary: Record<string, string>;
  columns: string[];
  goroutines: GoldenRow[];
  rangeColumns: string[] | null;
  ranges: GoldenRow[];
}

function readGolden(dir: string): { groups: GoldenGroup[] } | null {
  const plain = join(dir, 'goroutines.json');
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, 'utf8'));
  const gz = plain + '.gz';
  if (existsSync(gz)) return JSON.parse(gunzipSync(readFileSync(gz)).toString('utf8'));
  return null;
}

const byId = <T extends { id: number }>(a: T[]): T[] => [...a].sort((x, y) => x.id - y.id);

function compare(trace: string, golden: { groups: GoldenGroup[] }): void {
  const ours = goroutinesJson(parseTrace(readFileSync(trace)));
  const oursByName = new Map(ours.groups.map((g) => [g.name, g]));
  expect(ours.groups.map((g) => g.name).sort()).toEqual(golden.groups.map((g) => g.name).sort());
  // Groups are sorted by execution time (ties in any order).
  const execs = ours.groups.map((g) => g.execTimeNs);
  expect(execs).toEqual([...execs].sort((a, b) => b - a));

  for (const gg of golden.groups) {
    const og = oursByName.get(gg.name)!;
    const where = `group ${JSON.stringify(gg.name)}`;
    expect({ where, count: og.count, exec: og.execTimeNs }).toEqual({ where, count: gg.count, exec: gg.execTimeNs });
    expect(parseDuration(gg.execTime)).toBe(gg.execTimeNs);
    expect(formatDuration(og.execTimeNs)).toBe(gg.execTime);
    expect(`${og.execTimePercent} of total program execution time `.trim()).toBe(gg.summary['Execution Time']!.trim());

    // Breakdown: the same columns, in the page's order, and every value.
    const columns = [...new Set(og.goroutines.flatMap((r) => Object.keys(r.columns)))];
    expect(columns.sort()).toEqual([...gg.columns].sort());
    expect(gg.columns[0]).toBe('Execution time');
    expect(gg.columns.slice(1)).toEqual([...gg.columns.slice(1)].sort());
    const oursRows = byId(og.goroutines).map((r) => ({
      id: r.id,
      total: r.totalNs,
      values: gg.columns.map((c) => `${c}=${r.columns[c] ?? 0}`),
    }));
    const goldenRows = byId(gg.goroutines).map((r) => ({
      id: r.id,
      total: parseDuration(r.total),
      values: gg.columns.map((c, k) => `${c}=${parseDuration(r.values[k]!)}`),
    }));
    expect({ where, rows: oursRows }).toEqual({ where, rows: goldenRows });
    // Rows are sorted by total time.
    const totals = og.goroutines.map((r) => r.totalNs);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));

    // Special ranges: the same columns, and the rows of goroutines with any range time.
    const rangeColumns = [...new Set(og.goroutines.flatMap((r) => Object.keys(r.ranges)))].sort();
    expect({ where, rangeColumns }).toEqual({ where, rangeColumns: gg.rangeColumns ?? [] });
    const oursRanges = byId(og.goroutines.filter((r) => Object.values(r.ranges).some((v) => v !== 0))).map((r) => ({
      id: r.id,
      total: r.totalNs,
      values: rangeColumns.map((c) => `${c}=${r.ranges[c] ?? 0}`),
    }));
    const goldenRanges = byId(gg.ranges).map((r) => ({
      id: r.id,
      total: parseDuration(r.total),
      values: rangeColumns.map((c, k) => `${c}=${parseDuration(r.values[k]!)}`),
    }));
    expect({ where, ranges: oursRanges }).toEqual({ where, ranges: goldenRanges });
  }
}

describe('Go duration text', () => {
  it('formats like time.Duration.String()', () => {
    const cases: [number, string][] = [
      [0, '0s'], [1, '1ns'], [999, '999ns'], [1000, '1µs'], [1500, '1.5µs'], [956288, '956.288µs'],
      [1e6, '1ms'], [2369856, '2.369856ms'], [1e9, '1s'], [1206088000, '1.206088s'], [60e9, '1m0s'],
      [62311478000, '1m2.311478s'], [3600e9, '1h0m0s'], [3723000000001, '1h2m3.000000001s'], [-1500, '-1.5µs'],
    ];
    for (const [ns, text] of cases) {
      expect(formatDuration(ns)).toBe(text);
      expect(parseDuration(text)).toBe(ns);
    }
    expect(parseDuration('1.5h')).toBe(5400e9);
    expect(parseDuration('2us')).toBe(2000);
  });
  it('formats %.2f like Go (exact ties to even)', () => {
    expect(goFixed(78.5, 2)).toBe('78.50');
    expect(goFixed(0.125, 2)).toBe('0.12');
    expect(goFixed(0.375, 2)).toBe('0.38');
    expect(goFixed(1.005, 2)).toBe('1.00'); // 1.005 is below the tie in binary
    expect(goFixed(100, 2)).toBe('100.00');
  });
});

const cases = traceCases(CORPUS)
  .map((c) => ({ ...c, golden: readGolden(c.golden) }))
  .filter((c) => c.golden !== null);

describe('goroutine analysis parity (shared corpus)', () => {
  itRunsCases('corpus traces with a goroutines golden', cases.length, 85);
  for (const c of cases) {
    it(c.label, () => compare(c.trace, c.golden!));
  }
});

// fixtures/make.sh writes goroutines.json.gz with the corpus' goldengen when it is beside the repo.
const fixtureCases = traceCases(FIXTURES)
  .map((c) => ({ ...c, golden: readGolden(c.golden) }))
  .filter((c) => c.golden !== null);

describe('goroutine analysis parity (fixtures)', () => {
  it('finds the fixtures', () => expect(fixtureCases.length).toBeGreaterThanOrEqual(50));
  for (const c of fixtureCases) {
    it(c.label, () => compare(c.trace, c.golden!));
  }
});

// Region stats are part of the goroutine summary; /userregion?type=&pc= shows each region's
// breakdown (goldengen's userregions.json). Regions are grouped by type and the PC of the
// outermost frame of their start stack.
interface GoldenRegionType {
  type: string;
  pc: string;
  count: number;
  columns: string[];
  regions: { goroutine: number; task: string; total: string; values: string[] }[];
  rangeColumns: string[] | null;
  ranges: { goroutine: number; task: string; total: string; values: string[] }[];
}

function compareRegions(trace: string, golden: GoldenRegionType[]): void {
  const store = parseTrace(readFileSync(trace));
  const sum = summarizeGoroutines(store);
  const all = [...sum.goroutines.values()].flatMap((g) => g.regions.map((r) => ({ g: g.id, r, pc: regionTopPc(store, r) })));
  const key = (type: string, pc: number) => `${JSON.stringify(type)} @ 0x${pc.toString(16)}`;
  expect([...new Set(all.map((x) => key(x.r.name, x.pc)))].sort()).toEqual(golden.map((t) => key(t.type, Number(t.pc))).sort());
  const task = (id: number) => (id === 0 ? '' : id === -1 ? '18446744073709551615' : String(id));
  for (const t of golden) {
    const where = key(t.type, Number(t.pc));
    const ours = all.filter((x) => x.r.name === t.type && x.pc === Number(t.pc));
    expect({ where, n: ours.length }).toEqual({ where, n: t.count });
    const columns = [...new Set(ours.flatMap((x) => [...x.r.stats.nonOverlappingStats().keys()]))].sort();
    expect({ where, columns }).toEqual({ where, columns: [...t.columns].sort() });
    const row = (g: number, tk: string, total: number, values: string[]) => `g${g} task=${tk} total=${total} ${values.join(' ')}`;
    const oursRows = ours.map((x) => {
      const m = x.r.stats.nonOverlappingStats();
      return row(x.g, task(x.r.taskId), x.r.stats.totalTime, t.columns.map((c) => `${c}=${m.get(c) ?? 0}`));
    });
    const goldenRows = t.regions.map((r) => row(r.goroutine, r.task, parseDuration(r.total), t.columns.map((c, k) => `${c}=${parseDuration(r.values[k]!)}`)));
    expect({ where, rows: oursRows.sort() }).toEqual({ where, rows: goldenRows.sort() });
    const rangeColumns = [...new Set(ours.flatMap((x) => [...x.r.stats.rangeTime.keys()]))].sort();
    expect({ where, rangeColumns }).toEqual({ where, rangeColumns: t.rangeColumns ?? [] });
    const oursRanges = ours
      .filter((x) => [...x.r.stats.rangeTime.values()].some((v) => v !== 0))
      .map((x) => row(x.g, task(x.r.taskId), x.r.stats.totalTime, rangeColumns.map((c) => `${c}=${x.r.stats.rangeTime.get(c) ?? 0}`)));
    const goldenRanges = t.ranges.map((r) => row(r.goroutine, r.task, parseDuration(r.total), rangeColumns.map((c, k) => `${c}=${parseDuration(r.values[k]!)}`)));
    expect({ where, ranges: oursRanges.sort() }).toEqual({ where, ranges: goldenRanges.sort() });
  }
}

const regionCases = traceCases(CORPUS)
  .filter((c) => existsSync(join(c.golden, 'userregions.json')))
  .map((c) => ({ ...c, regionTypes: (JSON.parse(readFileSync(join(c.golden, 'userregions.json'), 'utf8')).regionTypes ?? []) as GoldenRegionType[] }));

describe('region stats parity (shared corpus /userregion pages)', () => {
  itRunsCases('corpus traces with a userregions golden', regionCases.length, 85);
  for (const c of regionCases) {
    it(c.label, () => compareRegions(c.trace, c.regionTypes));
  }
});
