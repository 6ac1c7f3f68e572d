// Metric values no double holds (2^53+1, 2^53 beside it, 2^64-1) in a small Go 1.22 trace
// (tests/data/u64-metrics, goldens from go tool trace by tests/data/gen/run.sh u64-metrics), and
// the GOGC=off fixture's heap goal, survive exactly: -d=parsed, /jsontrace's Heap counters (Go's
// encoding/json writes uint64 digits, and its 1 PiB heap-goal cutoff takes 2^64-1 too), the
// timeline counters, the Parquet metrics table and the sweeps' byte counts in its gc table.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import { jsonTraceText } from '../analysis/jsontrace/index.js';
import { buildTimeline, rawCounterSeries } from '../analysis/timeline/index.js';
import { useExportDb } from './support/export-db.js';
import { exportTrace } from '../server/export-trace.js';
import { FIXTURES, REPO } from './support/paths.js';
import { textToWire } from './support/text/index.js';

const DIR = join(REPO, 'tests/data/u64-metrics');
const TRACE = join(DIR, 'u64.trace');
const bytes = () => new Uint8Array(readFileSync(TRACE));
const parsedGolden = () => readFileSync(join(DIR, 'parsed.txt'), 'utf8');

/** "time name value" of each Metric line of -d=parsed text. */
function metricLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('M=') && l.includes(' Metric '))
    .map((l) => {
      const m = /Time=(-?\d+) Name="([^"]*)" Value=Value\{Uint64\((\d+)\)\}/.exec(l)!;
      return `${m[1]} ${m[2]} ${m[3]}`;
    });
}

describe('uint64 metrics past 2^53 (tests/data/u64-metrics)', () => {
  it('the trace is its text (Go text format)', () => {
    expect(textToWire(readFileSync(join(DIR, 'u64.txt'), 'utf8')).bytes).toEqual(bytes());
  });

  it('-d=parsed equals go tool trace', () => {
    const store = parseTrace(bytes());
    let text = '';
    dumpParsed(store, (s) => (text += s));
    expect(text).toBe(parsedGolden());
    expect(metricLines(text).map((l) => l.split(' ')[2])).toContain('9007199254740993');
  });

  it("/jsontrace's Heap counters are go tool trace's, digit for digit", () => {
    const text = jsonTraceText(parseTrace(bytes()), { view: 'proc' });
    const heap = text.match(/\{"name":"Heap","ph":"C"[^}]*\}[^}]*\}/g);
    const want = readFileSync(join(DIR, 'jsontrace-heap.txt'), 'utf8').trim().split('\n');
    expect(want.some((l) => l.includes('"Allocated":18446744073709551615'))).toBe(true);
    expect(heap).toEqual(want);
  });

  it('the timeline counters carry the exact values', () => {
    const series = rawCounterSeries(buildTimeline(parseTrace(bytes()))).series;
    const exact = (name: string) => series.find((s) => s.name === name)!.exact;
    expect(exact('Heap: allocated')).toEqual(['1000', '9007199254740993', '9007199254740992', '18446744073709551615', '2000']);
    expect(exact('Heap: goal')).toEqual(['18446744073709551615', '0']);
    // The plotted doubles are the values' roundings (2^64-1's is 2^64, not the stored -1).
    for (const s of series.filter((x) => x.exact)) s.v.forEach((v, i) => expect(v, `${s.name}[${i}]`).toBe(Number(s.exact![i])));
    expect(series.find((s) => s.name === 'Heap: goal')!.v[0]).toBe(2 ** 64);
  });
});

describe('the Parquet metrics and sweep bytes are exact (UBIGINT)', () => {
  const fx = useExportDb('prof-trace-u64-');

  const cases = [
    { label: 'u64-metrics', trace: TRACE, parsed: parsedGolden },
    {
      label: 'fixtures/go1.22/gogc-off',
      trace: join(FIXTURES, 'traces/go1.22/gogc-off.trace'),
      parsed: () => gunzipSync(readFileSync(join(FIXTURES, 'golden/go1.22/gogc-off/parsed.txt.gz'))).toString('utf8'),
    },
  ];
  for (const c of cases) {
    it(`${c.label}: every metric value and sweep byte count as -d=parsed prints it`, async () => {
      const dir = join(fx.dir, c.label.replace(/\//g, '-'));
      await exportTrace(fx.db, c.trace, dir, c.label);
      const got = (await fx.db.con.runAndReadAll(`SELECT time_ns, name, value::VARCHAR FROM read_parquet('${join(dir, 'metrics.parquet')}')`)).getRows();
      const want = metricLines(c.parsed());
      expect(want.some((l) => BigInt(l.split(' ')[2]!) > 2n ** 53n)).toBe(true);
      expect(got.map((r) => r.join(' '))).toEqual(want);
      // And the sweeps' byte counts in the gc table, as -d=parsed's RangeEnd attributes.
      const sweeps = (await fx.db.con.runAndReadAll(`SELECT bytes_swept::VARCHAR, bytes_reclaimed::VARCHAR FROM read_parquet('${join(dir, 'gc.parquet')}') WHERE kind = 'sweep' AND end_ns IS NOT NULL ORDER BY end_ns`)).getRows();
      const wantSweeps = [...c.parsed().matchAll(/Attributes=\["bytes swept"=Value\{Uint64\((\d+)\)\} "bytes reclaimed"=Value\{Uint64\((\d+)\)\}\]/g)].map((m) => `${m[1]} ${m[2]}`);
      expect(sweeps.map((r) => r.join(' '))).toEqual(wantSweeps);
      if (c.label === 'u64-metrics') expect(wantSweeps).toEqual(['9007199254740993 18446744073709551615']);
    });
  }
});
