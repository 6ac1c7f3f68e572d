// `prof-trace export --format=parquet`: corpus traces (old and new formats) exported, then read
// back with DuckDB. The goroutines table equals the goroutine analysis (-d=goroutines: row count,
// exec_ns per name, every time column of every goroutine); transitions are the goroutine state
// transitions of go tool trace -d=parsed; span durations per goroutine and state add up to the
// analysis' columns; metric values equal the Value= text of -d=parsed, digit for digit.

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CORPUS, traceCases, TraceCase } from './support/paths.js';
import { useExportDb } from './support/export-db.js';
import { exportTrace } from '../server/export-trace.js';
import { streamGoroutines } from '../analysis/stream-analysis.js';
import { parseTraceFile } from '../parser/node.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import { TABLES, allColumns, sqlType } from '../analysis/export/table-schema.js';

const PICK = new Set([
  'go1.19/annotations', 'go1.19/mutex-contention', 'go1.19/syscalls', 'go1.19/timers',
  'go1.21/goroutine-leak', 'go1.21/mutex-contention', 'go1.21/cpu-profile', 'go1.21/http-load',
  'go1.22/sched-latency', 'go1.22/syscalls', 'go1.22/multi-generation',
  'go1.23/timers', 'go1.24/iter-pull',
]);
const cases = traceCases(CORPUS).filter((c) => c.version === 'go1.26' || PICK.has(c.label));

const fx = useExportDb('prof-trace-export-test-');

async function rows(sql: string): Promise<unknown[][]> {
  return (await fx.db.con.runAndReadAll(sql)).getRows() as unknown[][];
}

/** go tool trace's -d=parsed lines of a trace (the golden), or ours where the golden has none. */
async function parsedLines(c: TraceCase): Promise<string[]> {
  const gz = join(c.golden, 'parsed.txt.gz');
  if (existsSync(gz)) {
    const lines = gunzipSync(readFileSync(gz)).toString('utf8').split('\n');
    if (lines.some((l) => l.startsWith('M='))) return lines;
  }
  let text = '';
  dumpParsed(await parseTraceFile(c.trace), (t) => (text += t));
  return text.split('\n');
}

/** The analysis column a span's time belongs to (null: not counted, e.g. blocked forever). */
function spanColumn(state: string, reason: string): string | null {
  switch (state) {
    case 'Running':
      return 'Execution time';
    case 'Runnable':
      return 'Sched wait time';
    case 'Syscall':
      return reason === 'blocked' ? 'Block time (syscall)' : 'Syscall execution time';
    case 'Waiting':
      return reason === 'forever' ? null : `Block time (${reason})`;
  }
  return null;
}

describe.skipIf(cases.length === 0)('export --format=parquet, read back with DuckDB', () => {
  it('exports a selection of old- and new-format corpus traces', () => {
    expect(cases.length).toBeGreaterThan(25);
    expect(cases.some((c) => c.version === 'go1.19')).toBe(true);
  });

  for (const c of cases) {
    it(c.label, async () => {
      const name = c.label.replace('/', '-');
      const dir = join(fx.dir, name);
      const { store } = await exportTrace(fx.db, c.trace, dir, name);
      const pq = (t: string) => `read_parquet('${join(dir, t + '.parquet')}')`;

      // Every table is there with the documented columns and types, and a trace column.
      for (const t of TABLES) {
        const described = await rows(`DESCRIBE SELECT * FROM ${pq(t.name)}`);
        expect(described.map((r) => `${r[0]} ${r[1]}`)).toEqual(allColumns(t).map((col) => `${col.name} ${sqlType(col)}`));
        const traces = await rows(`SELECT DISTINCT trace FROM ${pq(t.name)}`);
        expect(traces.length).toBeLessThanOrEqual(1);
        if (traces.length === 1) expect(traces[0]![0]).toBe(name);
      }

      // goroutines = -d=goroutines.
      const { json } = await streamGoroutines(c.trace);
      const goroutines = json.groups.flatMap((g) => g.goroutines.map((r) => ({ ...r, name: g.name })));
      const [[count]] = (await rows(`SELECT count(*) FROM ${pq('goroutines')}`)) as [[bigint]];
      expect(Number(count)).toBe(goroutines.length);
      const execByName = new Map((await rows(`SELECT name, sum(exec_ns) FROM ${pq('goroutines')} GROUP BY name`)).map((r) => [r[0] as string, Number(r[1])]));
      expect(execByName).toEqual(new Map(json.groups.map((g) => [g.name, g.execTimeNs])));
      const { ANALYSIS_COLUMNS } = await import('../analysis/export/table-schema.js');
      const cols = ANALYSIS_COLUMNS.map((a) => a.column);
      const table = new Map(
        (await rows(`SELECT goid, total_ns, block_other_ns, ${cols.join(', ')} FROM ${pq('goroutines')}`)).map((r) => [Number(r[0]), r.map(Number)]),
      );
      // Mismatches are collected and compared once (thousands of goroutines).
      const wrong: string[] = [];
      for (const g of goroutines) {
        const row = table.get(g.id);
        if (row === undefined) {
          wrong.push(`goroutine ${g.id} missing`);
          continue;
        }
        if (row[1] !== g.totalNs) wrong.push(`goroutine ${g.id} total ${row[1]} != ${g.totalNs}`);
        let other = 0;
        for (const [k, v] of Object.entries(g.columns)) {
          const at = ANALYSIS_COLUMNS.findIndex((a) => a.analysis === k);
          if (at < 0) other += v;
          else if (row[3 + at] !== v) wrong.push(`goroutine ${g.id} ${k}: ${row[3 + at]} != ${v}`);
        }
        if (row[2] !== other) wrong.push(`goroutine ${g.id} other block ${row[2]} != ${other}`);
      }
      expect(wrong).toEqual([]);

      // transitions = the goroutine state transitions of -d=parsed.
      const lines = await parsedLines(c);
      const parsedTransitions = lines.filter((l) => l.startsWith('M=') && l.includes(' StateTransition ') && l.includes(' GoID=')).length;
      const [[transitions]] = (await rows(`SELECT count(*) FROM ${pq('transitions')}`)) as [[bigint]];
      expect(Number(transitions)).toBe(parsedTransitions);
      const parsedProcs = lines.filter((l) => l.startsWith('M=') && l.includes(' StateTransition ') && l.includes(' ProcID=')).length;
      const [[procs]] = (await rows(`SELECT count(*) FROM ${pq('procs')}`)) as [[bigint]];
      expect(Number(procs)).toBe(parsedProcs);

      // Span durations per goroutine and state add up to the analysis' columns. (One exception,
      // Go's: a syscall still blocked when the trace ends counts, that blocked part, as syscall
      // time and as scheduler wait, not as block time.)
      const [[lastNs]] = (await rows(`SELECT last_ns FROM ${pq('traces')}`)) as [[bigint]];
      const sums = new Map<number, Map<string, number>>();
      const add = (g: number, col: string, ns: number) => {
        let m = sums.get(g);
        if (m === undefined) sums.set(g, (m = new Map()));
        m.set(col, (m.get(col) ?? 0) + ns);
      };
      for (const [g, state, reason, ns, end] of await rows(
        `SELECT goid, state, reason, sum(end_ns - start_ns), end_ns = ${lastNs} AND state = 'Syscall' AND reason = 'blocked' AS open_blocked ` +
          `FROM ${pq('spans')} GROUP BY ALL`,
      )) {
        const col = spanColumn(state as string, reason as string);
        if (col === null) continue;
        if (end) {
          add(Number(g), 'Syscall execution time', Number(ns));
          add(Number(g), 'Sched wait time', Number(ns));
        } else add(Number(g), col, Number(ns));
      }
      let compared = 0;
      for (const g of goroutines) {
        const got = sums.get(g.id) ?? new Map<string, number>();
        for (const [k, v] of Object.entries(g.columns)) {
          if (k === 'Unknown time') continue;
          if ((got.get(k) ?? 0) !== v) wrong.push(`spans of goroutine ${g.id} ${k}: ${got.get(k) ?? 0} != ${v}`);
          compared += v;
        }
        for (const k of got.keys()) if (!(k in g.columns)) wrong.push(`goroutine ${g.id} has spans for ${k}`);
      }
      expect(wrong).toEqual([]);
      if (goroutines.length > 0) expect(compared).toBeGreaterThan(0);

      // Metric values, exactly as -d=parsed prints them.
      const parsedMetrics = lines
        .filter((l) => l.startsWith('M=') && l.includes(' Metric '))
        .map((l) => {
          const m = /Time=(\d+) Name="([^"]*)" Value=Value\{Uint64\((\d+)\)\}/.exec(l)!;
          return `${m[1]} ${m[2]} ${m[3]}`;
        });
      const ours = (await rows(`SELECT time_ns, name, value::VARCHAR FROM ${pq('metrics')}`)).map((r) => `${r[0]} ${r[1]} ${r[2]}`);
      expect(ours).toEqual(parsedMetrics);

      const [[events, err]] = (await rows(`SELECT events, error FROM ${pq('traces')}`)) as [[bigint, string | null]];
      expect(Number(events)).toBe(lines.filter((l) => l.startsWith('M=')).length);
      expect(err === null).toBe(store.error === null);
    });
  }
});
