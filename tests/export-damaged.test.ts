// `prof-trace export` of damaged traces (fixtures/damaged: found by the differential fuzzer, with
// what go tool trace 1.26 says of each): the export keeps what go tool trace keeps. Every goroutine
// transition go tool trace's -d=parsed prints is a row of the transitions table, in order, with
// its time, goroutine, states, reason, P and M (where they fit a double exactly; the fixtures
// push ids and times past 2^53 on purpose); the traces table says why the trace ends early
// exactly when go tool trace fails. A file that is not a trace at all gives one line and exit 1.

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, REPO } from './support/paths.js';
import { itRunsCases } from './support/counts.js';
import { useExportDb } from './support/export-db.js';
import { exportTrace } from '../server/export-trace.js';
import { TraceError } from '../parser/errors.js';

const DIR = join(FIXTURES, 'damaged');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.trace') && existsSync(join(DIR, 'golden', f.replace(/\.trace$/, ''), 'parsed.txt')))
  .sort();
const TWO53 = 2n ** 53n;

const fx = useExportDb('prof-trace-export-damaged-');

/** A transition line of -d=parsed as the table would hold it (null where a double cannot). */
function expectedRow(line: string): (string | null)[] | null {
  const m = /^M=(-?\d+) P=(-?\d+) G=-?\d+ StateTransition Time=(-?\d+) GoID=(-?\d+) (\w+)->(\w+) Reason="(.*)"/.exec(line);
  if (m === null) return null;
  const exact = (s: string) => (BigInt(s) <= TWO53 && BigInt(s) >= -TWO53 ? s : null);
  const orNull = (s: string) => (s === '-1' ? 'NULL' : exact(s));
  return [exact(m[3]!), exact(m[4]!), m[5]!, m[6]!, JSON.parse(`"${m[7]!}"`) as string, orNull(m[2]!), orNull(m[1]!)];
}

describe('export of damaged traces', () => {
  itRunsCases('damaged fixtures with goldens', cases.length, 32);
  it.each(cases)('%s: the transitions go tool trace parses, and why it stopped', async (f) => {
    const name = f.replace(/\.trace$/, '');
    const gdir = join(DIR, 'golden', name);
    const goFailed = !readFileSync(join(gdir, 'parsed.exit.txt'), 'utf8').startsWith('exit=0');
    const want = readFileSync(join(gdir, 'parsed.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(' StateTransition ') && l.includes(' GoID='))
      .map(expectedRow);
    const dir = join(fx.dir, name);
    try {
      await exportTrace(fx.db, join(DIR, f), dir, name);
    } catch (e) {
      // Nothing to export (go tool trace's own panics included): it failed too, printing no transition.
      expect(e).toBeInstanceOf(TraceError);
      expect(goFailed).toBe(true);
      expect(want).toEqual([]);
      return;
    }
    const pq = (t: string) => `read_parquet('${join(dir, t + '.parquet')}', file_row_number = true)`;
    const [[error]] = (await fx.db.con.runAndReadAll(`SELECT error FROM ${pq('traces')}`)).getRows() as [[string | null]];
    expect(error !== null, String(error)).toBe(goFailed);
    const got = (await fx.db.con.runAndReadAll(`SELECT time_ns, goid, "from", "to", reason, p, m FROM ${pq('transitions')} ORDER BY file_row_number`)).getRows();
    expect(got.length).toBe(want.length);
    const wrong: string[] = [];
    for (let i = 0; i < want.length && wrong.length < 5; i++) {
      const w = want[i]!;
      const g = got[i]!.map((v) => (v === null ? 'NULL' : String(v)));
      // Columns a double cannot hold exactly are not compared.
      const cmp = w.map((v, k) => (v === null ? null : g[k]));
      if (JSON.stringify(cmp) !== JSON.stringify(w)) wrong.push(`row ${i}: ${JSON.stringify(g)} != ${JSON.stringify(w)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a file that is not a trace: one line, exit 1, no directory', () => {
    const file = join(fx.dir, 'notes.txt');
    writeFileSync(file, 'not a trace\n');
    const dest = join(fx.dir, 'foreign');
    const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), 'export', '--format=parquet', '--out', dest, file], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/notes\.txt: .*not a Go execution trace/);
    expect(existsSync(join(dest, 'notes.txt'))).toBe(false);
  });
});
