// Export benchmark: `npm run bench:export -- FILE [--runs N] [--traces N]`. Times, in the same run,
// prof-trace's full parse of FILE (every event ordered and held) and `prof-trace export
// --format=parquet` of it (wall time, peak RSS, ratio), then `prof-trace query` over N (default 100)
// exported small traces (the repo's fixtures, then the shared corpus, repeated under new names if
// needed), from process start to answer.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const cli = join(repo, 'dist/server/cli.js');
const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && !['--runs', '--traces'].includes(args[i - 1] ?? ''));
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const runs = opt('--runs', 1);
const nTraces = opt('--traces', 100);
if (!file || !existsSync(file)) {
  console.error('usage: npm run bench:export -- TRACE_FILE [--runs N] [--traces N]');
  process.exit(2);
}

interface Measure {
  wallMs: number;
  maxRssKiB: number;
}

function parse(): Measure {
  const r = spawnSync(process.execPath, ['--max-old-space-size=16384', join(here, 'parse-child.js'), file!], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`parse failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Measure;
}

/** A prof-trace command timed by /usr/bin/time (wall, peak RSS of the process), run as a user runs it: the executable (cli.ts's first lines). */
function timed(cmd: string[]): Measure & { stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cli, ...cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = r.stderr.trim().split('\n').pop()!.split(' ');
  if (r.status !== 0) throw new Error(`prof-trace ${cmd[0]} failed: ${r.stderr}`);
  return { wallMs: Number(last[0]) * 1000, maxRssKiB: Number(last[1]), stdout: r.stdout };
}

const fmt = (m: Measure) => `${(m.wallMs / 1000).toFixed(2).padStart(7)} s ${(m.maxRssKiB / 1024).toFixed(0).padStart(6)} MiB`;
const mb = statSync(file).size / 1e6;
console.log(`file: ${file} (${mb.toFixed(1)} MB)`);
const work = mkdtempSync(join(tmpdir(), 'prof-trace-export-bench-'));
try {
  for (let r = 0; r < runs; r++) {
    const p = parse();
    const out = join(work, `run${r}`);
    const e = timed(['export', '--format=parquet', '--out', out, file]);
    const dir = e.stdout.trim();
    const size = readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0);
    console.log(`full parse (events held)     ${fmt(p)}`);
    console.log(`export --format=parquet      ${fmt(e)}   ${(e.wallMs / p.wallMs).toFixed(2)}x the parse; ${(size / 1e6).toFixed(1)} MB of Parquet`);
    rmSync(out, { recursive: true, force: true });
  }

  if (nTraces > 0) {
    // N small traces, exported once, then one query over all of them (--traces 0: none).
    const pool: string[] = [];
    const walk = (d: string) => {
      if (!existsSync(d)) return;
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.trace')) pool.push(join(d, e.name));
      }
    };
    walk(join(repo, 'fixtures/traces'));
    walk(join(repo, '../shared/corpus/traces'));
    const inputs = join(work, 'inputs');
    spawnSync('mkdir', ['-p', inputs]);
    const names: string[] = [];
    for (let i = 0; i < nTraces && pool.length > 0; i++) {
      const src = pool[i % pool.length]!;
      const name = `${String(i).padStart(3, '0')}-${basename(dirname(src))}-${basename(src)}`;
      copyFileSync(src, join(inputs, name));
      names.push(join(inputs, name));
    }
    const exported = join(work, 'exported');
    const t0 = performance.now();
    timed(['export', '--format=parquet', '--out', exported, ...names]);
    const exportAll = performance.now() - t0;
    const q = timed(['query', '--format=csv', 'select trace, count(*) as goroutines, sum(exec_ns) as exec_ns from goroutines group by trace order by goroutines desc', exported]);
    const q2 = timed(['query', '--format=csv', "select trace, max(end_ns - start_ns) as max_sched_wait_ns from spans where state = 'Runnable' group by trace order by 2 desc limit 5", exported]);
    console.log(`export of ${names.length} small traces   ${(exportAll / 1000).toFixed(2).padStart(7)} s`);
    console.log(`query over ${names.length} traces (goroutines by trace)  ${fmt(q)}   ${q.stdout.trim().split('\n').length - 1} rows`);
    console.log(`query over ${names.length} traces (max sched wait, spans) ${fmt(q2)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
