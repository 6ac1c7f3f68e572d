// Live parity and speed of /jsontrace against go tool trace 1.26 (not part of npm test):
//   node dist/bench/jsontrace-live.js [TRACE...] [--timing=N] [--max-goroutines=N] [--max-tasks=N]
// For each trace (default: every trace of ../shared/corpus), starts `go tool trace -http` and
// `prof-trace --no-open` on it and compares their /jsontrace answers as event multisets (see
// analysis/jsontrace/compare-events.ts) for view=proc, view=thread, goid= (a few goroutines),
// focustask= and taskid= (a few tasks), and the index page's split ranges with
// /api/jsontrace/ranges (a split trace's views are compared range by range). With --timing=N, also times N requests of /jsontrace?view=proc on each
// server (median; the first, untimed, warms both up) and prints them side by side.

import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrace } from '../parser/index.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { collectTasks } from '../analysis/task-pass.js';
import { compareTraceEvents, describeDiff, type TraceDoc } from '../analysis/jsontrace/index.js';
import type { JsonTraceRangesResponse } from '../api/jsontrace-format.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(REPO, '..', 'shared', 'corpus');
const GO = '/usr/lib/go-1.26/bin/go';
const LISTENING = /Trace viewer is listening on (http:\/\/\S+)/;

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? dflt : Number(a.slice(name.length + 3));
};
const timing = opt('timing', 0);
const maxGoroutines = opt('max-goroutines', 4);
const maxTasks = opt('max-tasks', 3);

function corpusTraces(): string[] {
  const out: string[] = [];
  const root = join(CORPUS, 'traces');
  if (!existsSync(root)) throw new Error(`no traces given and no corpus at ${root}`);
  for (const v of readdirSync(root).sort()) {
    const d = join(root, v);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.trace')) out.push(join(d, f));
  }
  return out;
}

/** The trace tool's own binary (so the go command's wrapper process is not in the way). */
function traceTool(): string {
  const r = spawnSync(GO, ['tool', '-n', 'trace'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  if (r.status !== 0) throw new Error(`go tool -n trace failed: ${r.stderr}`);
  return r.stdout.trim();
}

function startUntilListening(cmd: string, argv: string[]): Promise<{ proc: ChildProcess; url: string }> {
  // BROWSER=true: go tool trace would otherwise try to open a browser.
  const proc = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BROWSER: 'true', TZ: 'UTC' } });
  let text = '';
  return new Promise((resolve, reject) => {
    const on = (d: Buffer): void => {
      text += d.toString();
      const m = LISTENING.exec(text);
      if (m) resolve({ proc, url: m[1]! });
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.on('exit', (code) => reject(new Error(`exited (${code}) before listening: ${text.trim().split('\n').slice(-1)[0] ?? ''}`)));
  });
}

function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}

async function fetchText(url: string): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  const r = await fetch(url);
  const text = await r.text();
  return { status: r.status, text, ms: performance.now() - t0 };
}

/** go tool trace answers an empty 200 (and logs why) for a goroutine or task it cannot show. */
async function goDoc(base: string, path: string): Promise<TraceDoc | null> {
  const r = await fetchText(base + path);
  if (r.status !== 200 || r.text === '') return null;
  return JSON.parse(r.text) as TraceDoc;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * The paths to compare for a trace: both views (each split range when go tool trace splits the
 * trace: its index page's links), some goroutines, some tasks.
 */
function pathsOf(file: string, rangeLinks: string[]): string[] {
  const store = parseTrace(readFileSync(file));
  const paths =
    rangeLinks.length > 1
      ? rangeLinks.flatMap((l) => [l.replace('/trace?', '/jsontrace?'), l.replace('/trace?view=proc', '/jsontrace?view=thread')])
      : ['/jsontrace?view=proc', '/jsontrace?view=thread'];
  const gs = [...summarizeGoroutines(store).goroutines.values()];
  const pick = new Set<number>();
  if (gs.length > 0 && maxGoroutines > 0) {
    pick.add(gs[0]!.id);
    pick.add(gs[gs.length - 1]!.id);
    const busiest = gs.reduce((a, b) => (b.stats.execTime > a.stats.execTime ? b : a));
    pick.add(busiest.id);
    for (let k = 1; pick.size < maxGoroutines && maxGoroutines > 3 && k < gs.length; k += Math.max(1, Math.floor(gs.length / maxGoroutines))) pick.add(gs[k]!.id);
  }
  for (const id of pick) paths.push(`/jsontrace?goid=${id}`);
  const tasks = [...collectTasks(store).values()].filter((t) => t.begin !== null || t.end !== null);
  for (const t of tasks.slice(0, maxTasks)) paths.push(`/jsontrace?focustask=${t.id}`, `/jsontrace?taskid=${t.id}`);
  return paths;
}

/** The proc-view range links of go tool trace's index page. */
function goRanges(indexHtml: string): string[] {
  return [...indexHtml.matchAll(/href="(\/trace\?view=proc[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

async function main(): Promise<void> {
  const files = args.filter((a) => !a.startsWith('--'));
  const traces = files.length > 0 ? files : corpusTraces();
  const tool = traceTool();
  const cli = join(REPO, 'dist', 'server', 'cli.js');
  let compared = 0;
  let equal = 0;
  const differences: string[] = [];
  const timings: string[] = [];
  for (const file of traces) {
    const label = file.startsWith(CORPUS) ? file.slice(CORPUS.length + 8) : file;
    let go: { proc: ChildProcess; url: string };
    try {
      go = await startUntilListening(tool, ['-http=127.0.0.1:0', file]);
    } catch (e) {
      console.log(`${label}: go tool trace fails (${(e as Error).message}); skipped`);
      continue;
    }
    const ours = await startUntilListening(process.execPath, [cli, '--no-open', '-http=127.0.0.1:0', file]);
    try {
      const results: string[] = [];
      const idx = await fetchText(go.url + '/');
      const want = goRanges(idx.text);
      for (const path of pathsOf(file, want)) {
        const g = await goDoc(go.url, path);
        const o = await fetchText(ours.url + path);
        if (g === null) {
          results.push(`${path}: go tool trace shows nothing; ours ${o.status}`);
          if (o.status === 200) differences.push(`${label} ${path}: go tool trace answers nothing, we answer 200`);
          continue;
        }
        compared++;
        if (o.status !== 200) {
          differences.push(`${label} ${path}: ours ${o.status} ${o.text.slice(0, 200)}`);
          continue;
        }
        const d = compareTraceEvents(g, JSON.parse(o.text) as TraceDoc);
        if (d.missing.length === 0 && d.extra.length === 0) {
          equal++;
          results.push(`${path}: equal (${d.countA} events)`);
        } else {
          differences.push(`${label} ${path}: ${describeDiff(d, 4)}`);
          results.push(`${path}: DIFFERENT`);
        }
      }
      // Split ranges as go tool trace's index page links them.
      const r = JSON.parse((await fetchText(ours.url + '/api/jsontrace/ranges')).text) as JsonTraceRangesResponse;
      const got = r.links.filter((l) => l.view === 'proc').map((l) => l.trace);
      compared++;
      if (JSON.stringify(want) === JSON.stringify(got)) {
        equal++;
        results.push(`ranges: equal (${want.length} link${want.length === 1 ? '' : 's'})`);
      } else {
        differences.push(`${label} ranges: go tool trace ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
      }
      console.log(`${label}: ${results.join('; ')}`);
      if (timing > 0) {
        // A split trace: its first range (what go tool trace's viewer loads first).
        const path = want.length > 1 ? want[0]!.replace('/trace?', '/jsontrace?') : '/jsontrace?view=proc';
        await fetchText(go.url + path);
        await fetchText(ours.url + path);
        const gt: number[] = [];
        const ot: number[] = [];
        let bytes = 0;
        for (let k = 0; k < timing; k++) {
          gt.push((await fetchText(go.url + path)).ms);
          const o = await fetchText(ours.url + path);
          ot.push(o.ms);
          bytes = Buffer.byteLength(o.text);
        }
        timings.push(`${label}  ${(bytes / 1048576).toFixed(1)} MiB  go tool trace ${median(gt).toFixed(0)} ms  prof-trace ${median(ot).toFixed(0)} ms  (median of ${timing})`);
      }
    } finally {
      await stop(go.proc);
      await stop(ours.proc);
    }
  }
  console.log(`\n${equal} of ${compared} answers equal go tool trace's`);
  for (const d of differences) console.log(`DIFF ${d}`);
  if (timings.length > 0) {
    console.log('\n/jsontrace?view=proc (first range of a split trace) request time (servers already up):');
    for (const t of timings) console.log(`  ${t}`);
  }
  if (differences.length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`jsontrace-live: ${(e as Error).message}`);
  process.exit(1);
});
