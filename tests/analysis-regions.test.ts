// /userregions and /userregion parity with go tool trace 1.26: for every corpus trace (old and
// new formats), the rows (type, outermost frame: func @ pc, file:line; count; duration histogram)
// and each row's page (columns; per region goroutine, task, total and breakdown) equal what
// goldengen scraped (userregions.json). Page rows are compared as multisets: ties in the page's
// sort by total time come out in Go map order.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { userRegionPage, userRegions } from '../analysis/regions.js';
import { traceSpan } from '../analysis/trace-span.js';
import { formatDuration, parseDuration } from '../analysis/go-duration.js';
import { CORPUS, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

interface GoldenBucket {
  count?: number;
  link?: string;
  min: string;
  minNs: number;
  final?: boolean;
}
interface GoldenRow {
  goroutine: number;
  task: string;
  total: string;
  values: string[];
}
interface GoldenRegionType {
  type: string;
  func: string;
  pc: string;
  file: string;
  line: number;
  count: number;
  histogram: GoldenBucket[] | null;
  columns: string[];
  regions: GoldenRow[];
}

function compare(trace: string, golden: GoldenRegionType[]): void {
  const store = parseTrace(readFileSync(trace));
  const sums = summarizeGoroutines(store);
  const span = traceSpan(store);
  const rows = userRegions(store, sums, span);
  const head = (t: { type: string; func: string; pc: string; file: string; line: number; count: number }) => t;
  // A region without a start stack has the zero frame: the page's cell reads "@ 0x0", which the
  // scraper stored as func "@ 0x0" and pc "".
  const frame = (g: GoldenRegionType) => (g.pc === '' && /^@ 0x[0-9a-f]+$/.test(g.func) ? { func: '', pc: g.func.slice(2) } : { func: g.func, pc: g.pc });
  expect(rows.map((r) => head({ type: r.type, func: r.func, pc: `0x${r.pc.toString(16)}`, file: r.file, line: r.line, count: r.count }))).toEqual(
    golden.map((g) => head({ type: g.type, ...frame(g), file: g.file, line: g.line, count: g.count })),
  );
  for (const [k, g] of golden.entries()) {
    const ours = rows[k]!;
    const where = `${JSON.stringify(g.type)} @ ${frame(g).pc}`;
    const hist = ours.histogram === null ? null : [
      ...ours.histogram.buckets.map((b) => ({ count: b.count, min: b.min, minNs: b.minNs, latmax: b.count > 0 ? b.maxNs : undefined })),
      { final: true, min: ours.histogram.finalMin, minNs: ours.histogram.finalMinNs },
    ];
    const goldenHist = g.histogram === null ? null : g.histogram.map((b) => b.final
      ? { final: true, min: b.min, minNs: b.minNs }
      : { count: b.count, min: b.min, minNs: b.minNs, latmax: b.link === undefined ? undefined : parseDuration(decodeURIComponent(b.link.replace(/.*latmax=/, ''))) });
    expect({ where, hist }).toEqual({ where, hist: goldenHist });

    const page = userRegionPage(store, { type: g.type, pc: ours.pc }, '', sums, span);
    expect({ where, columns: page.columns }).toEqual({ where, columns: g.columns });
    const task = (id: number) => (id === 0 ? '' : id === -1 ? '18446744073709551615' : String(id));
    const row = (r: GoldenRow) => `g${r.goroutine} task=${r.task} total=${r.total} ${r.values.join(' ')}`;
    const oursRows = page.regions.map((r) => row({
      goroutine: r.goroutine,
      task: task(r.region.taskId),
      total: formatDuration(r.region.stats.totalTime),
      values: page.columns.map((c) => formatDuration(r.stats.get(c) ?? 0)),
    }));
    expect({ where, rows: oursRows.sort() }).toEqual({ where, rows: g.regions.map(row).sort() });
    // The page's order: by total time, descending.
    expect(page.regions.map((r) => r.region.stats.totalTime)).toEqual(g.regions.map((r) => parseDuration(r.total)));
  }
}

const cases = traceCases(CORPUS).filter((c) => existsSync(join(c.golden, 'userregions.json')));

describe('user regions parity (shared corpus /userregions, /userregion pages)', () => {
  itRunsCases('corpus traces with a userregions golden', cases.length, 85);
  for (const c of cases) {
    const golden = (JSON.parse(readFileSync(join(c.golden, 'userregions.json'), 'utf8')).regionTypes ?? []) as GoldenRegionType[];
    it(c.label, () => compare(c.trace, golden));
  }
});
