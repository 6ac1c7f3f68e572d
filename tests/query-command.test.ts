// `prof-trace query`: SQL over a trace file (exported to the cache once, then reused), over a
// directory of exported traces (grouping by trace), --schema, the output formats, one line for
// a bad query; and docs/tables.md documents every table and column the schema has.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, CORPUS } from './support/paths.js';
import { TABLES, allColumns, sqlType } from '../analysis/export/table-schema.js';

let tmp: string;
const traces = ['go1.26/annotations', 'go1.26/goroutine-leak', 'go1.21/timers'].map((t) => join(CORPUS, 'traces', `${t}.trace`));
const have = traces.every((t) => existsSync(t));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 1 << 28,
    env: { ...process.env, XDG_CACHE_HOME: join(tmp, 'cache'), TZ: 'UTC' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function goroutineCount(trace: string): number {
  const j = JSON.parse(cli(['-d=goroutines', trace]).stdout) as { groups: { count: number }[] };
  return j.groups.reduce((a, g) => a + g.count, 0);
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'prof-trace-query-test-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!have)('prof-trace query', () => {
  it('counts the goroutines of a trace file, exporting it to the cache once', () => {
    const first = cli(['query', 'select count(*) as n from goroutines', traces[1]!]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`n\n${goroutineCount(traces[1]!)}\n`);
    expect(first.stderr).toContain('Exporting goroutine-leak.trace');
    const again = cli(['query', 'select count(*) as n from goroutines', traces[1]!]);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toBe('');
  });

  it('groups a directory of exported traces by trace', () => {
    const out = join(tmp, 'exported');
    const e = cli(['export', '--format=parquet', '--out', out, ...traces]);
    expect(e.status).toBe(0);
    expect(e.stdout.trim().split('\n')).toEqual(traces.map((t) => join(out, t.split('/').pop()!)));
    const q = cli(['query', '--format=json', 'select trace, count(*) as goroutines from goroutines group by trace order by trace', out]);
    expect(q.status).toBe(0);
    const rows = JSON.parse(q.stdout) as { trace: string; goroutines: number }[];
    expect(rows).toEqual(
      traces.map((t) => ({ trace: t.split('/').pop()!, goroutines: goroutineCount(t) })).sort((a, b) => (a.trace < b.trace ? -1 : 1)),
    );
    // One exported trace's directory reads on its own too.
    const one = cli(['query', 'select count(distinct trace) as n from transitions', join(out, 'annotations.trace')]);
    expect(one.stdout).toBe('n\n1\n');
  });

  it('prints exact integers and an aligned table', () => {
    const q = cli(['query', '--format=table', 'select 18446744073709551615::UBIGINT as big, 1 as one', traces[0]!]);
    expect(q.stdout).toBe('big                   one\n--------------------  ---\n18446744073709551615    1\n(1 row)\n');
    const j = cli(['query', '--format=json', 'select 9007199254740993::BIGINT as n', traces[0]!]);
    expect(j.stdout).toBe('[{"n":9007199254740993}]\n');
  });

  it('a bad query is one line with DuckDB\'s message, exit 1', () => {
    const r = cli(['query', 'select nope from goroutines', traces[0]!]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^prof-trace: Binder Error: Referenced column "nope" not found/);
  });

  it('a directory without exported traces, a missing file: one line', () => {
    const r = cli(['query', 'select 1', tmp]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('holds no exported traces');
    const m = cli(['query', 'select 1', join(tmp, 'missing.trace')]);
    expect(m.stderr.trim()).toBe(`prof-trace: failed to read trace file: open ${join(tmp, 'missing.trace')}: no such file or directory`);
  });
});

describe('the schema, printed and documented', () => {
  it('query --schema lists every table and column with its type', () => {
    tmp ??= mkdtempSync(join(tmpdir(), 'prof-trace-query-test-'));
    const s = cli(['query', '--schema']).stdout;
    for (const t of TABLES) {
      expect(s).toContain(`${t.name}: `);
      for (const c of allColumns(t)) expect(s).toMatch(new RegExp(`\\n  ${c.name} +${sqlType(c)} `));
    }
  });

  it('docs/tables.md documents every table and column', () => {
    const doc = readFileSync(join(REPO, 'docs/tables.md'), 'utf8');
    for (const t of TABLES) {
      const at = doc.indexOf(`\n## ${t.name}\n`);
      expect(at, t.name).toBeGreaterThan(0);
      const section = doc.slice(at, doc.indexOf('\n## ', at + 1) >>> 0);
      for (const c of allColumns(t)) expect(section, `${t.name}.${c.name}`).toContain(`| \`${c.name}\` | ${sqlType(c)} |`);
    }
  });
});
