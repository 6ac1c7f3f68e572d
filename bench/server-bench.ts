// Server benchmark: `npm run bench:server -- FILE [--go] [--runs N]`. Starts `prof-trace --no-open
// FILE` N times (default 3) and prints the median time from the command to its "listening" line and
// its peak RSS then (the process's own VmHWM); with --go, starts go tool trace on the same file as
// many times, interleaved, and prints the same for it: the binary `go tool -n trace` names is run
// directly, so the time and the peak RSS are its own, not the go command's, and a run that exits
// before listening is reported as failed. Then, on one more prof-trace, the latency (p50/p95/max)
// of 200 timeline tiles over random windows and zooms (all P tracks and 60 goroutine tracks at
// width 1600) and of the JSON pages, and of tiles while a profile is being computed (the
// analysis worker computes it; the serving thread goes on).

import { spawn, ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackTracks, type TimelineTracksWire } from '../api/tracks-format.js';
import { goTraceTool, median, runsArg } from './process-time.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Starts a command and resolves when a stderr/stdout line matches; returns the URL and the time
 * taken, and when prof-trace said it had parsed the trace ("Analyzing…", NaN if it did not).
 */
function startUntil(
  cmd: string,
  args: string[],
  re: RegExp,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ proc: ChildProcess; url: string; ms: number; parsedMs: number }> {
  const t0 = performance.now();
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let text = '';
  let parsedMs = NaN;
  return new Promise((resolve, reject) => {
    const on = (d: Buffer): void => {
      text += d.toString();
      if (Number.isNaN(parsedMs) && text.includes('Analyzing goroutines')) parsedMs = performance.now() - t0;
      const m = re.exec(text);
      if (m) resolve({ proc, url: m[1]!, ms: performance.now() - t0, parsedMs });
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.on('exit', (code) => reject(new Error(`${cmd} exited (${code}) before listening:\n${text.slice(-2000)}`)));
  });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const mib = (b: number): string => `${(b / 1048576).toFixed(0)} MiB`;

async function timeGet(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  const r = await fetch(url);
  const b = await r.arrayBuffer();
  return { ms: performance.now() - t0, bytes: b.byteLength, status: r.status };
}

/** Stops a server and waits for it to exit (so that its memory is free for the next run). */
function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGINT');
    setTimeout(() => proc.kill('SIGKILL'), 10_000).unref();
  });
}

interface StartRun {
  ok: boolean;
  failure: string;
  s: number;
  parsedS: number;
  rss: number;
}

/** Starts a server, times it to "listening", reads its own peak RSS there, and stops it. */
async function startOnce(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<StartRun> {
  try {
    const r = await startUntil(cmd, args, /Trace viewer is listening on (http:\/\/\S+)/, env);
    const rss = peakRss(r.proc.pid!);
    await stop(r.proc);
    return { ok: true, failure: '', s: r.ms / 1000, parsedS: r.parsedMs / 1000, rss };
  } catch (e) {
    return { ok: false, failure: (e as Error).message.split('\n').slice(0, 2).join(' / '), s: NaN, parsedS: NaN, rss: NaN };
  }
}

function report(label: string, runs: StartRun[]): void {
  const ok = runs.filter((r) => r.ok);
  if (ok.length === 0) {
    console.log(`${label}: FAILED in all ${runs.length} runs (${runs[0]!.failure})`);
    return;
  }
  const ss = ok.map((r) => r.s);
  const parsed = ok.map((r) => r.parsedS).filter((x) => !Number.isNaN(x));
  let line =
    `${label}: listening after ${median(ss).toFixed(2)} s (median of ${ok.length}: ${Math.min(...ss).toFixed(2)}–${Math.max(...ss).toFixed(2)} s)` +
    (parsed.length ? `, parsed after ${median(parsed).toFixed(2)} s` : '') +
    `, peak RSS ${mib(median(ok.map((r) => r.rss)))}`;
  if (ok.length < runs.length) line += `; ${runs.length - ok.length} of ${runs.length} runs FAILED (${runs.find((r) => !r.ok)!.failure})`;
  console.log(line);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? '/tmp/bigtrace/big-200mb.trace';
  const withGo = args.includes('--go');
  const runs = runsArg(args);
  const size = statSync(file).size;
  console.log(`file: ${file} (${size} bytes, ${(size / 1e6).toFixed(1)} MB)`);
  console.log(`load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

  const cli = join(REPO, 'dist/server/cli.js');
  const goTool = withGo ? goTraceTool() : null;
  if (withGo && goTool === null) console.log('go tool trace: not installed (scripts/install-go.sh 1.26)');
  const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOTELEMETRY: 'off', BROWSER: 'true' };
  const ourRuns: StartRun[] = [];
  const goRuns: StartRun[] = [];
  for (let i = 0; i < runs; i++) {
    ourRuns.push(await startOnce(process.execPath, [cli, '--no-open', file]));
    if (goTool) goRuns.push(await startOnce(goTool, ['-http=127.0.0.1:0', file], goEnv));
  }
  report('prof-trace', ourRuns);
  if (goTool) report('go tool trace', goRuns);

  // The requests, on one more prof-trace.
  const ours = await startUntil(process.execPath, [cli, '--no-open', file], /Trace viewer is listening on (http:\/\/\S+)/);
  const base = ours.url;
  const pages = ['/api/summary', '/api/goroutines', '/api/leaks', '/api/profile?kind=sched', '/api/tasks', '/api/regions', '/api/timeline/tracks'];
  for (const p of pages) {
    const r = await timeGet(base + p);
    console.log(`  GET ${p}: ${r.status} ${r.ms.toFixed(0)} ms ${r.bytes} B`);
  }

  const tr = await fetch(base + '/api/timeline/tracks');
  if (tr.status === 200) {
    const tracks = unpackTracks((await tr.json()) as TimelineTracksWire);
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const lat: number[] = [];
    const cnt: number[] = [];
    let bytes = 0;
    for (let k = 0; k < 200; k++) {
      // Zoom: window lengths from the whole trace down to ~10 µs, log-uniform.
      const len = Math.max(10_000, tracks.durationNs * Math.pow(10, -rand() * 6));
      const t0 = rand() * Math.max(0, tracks.durationNs - len);
      const gs: string[] = [];
      const first = Math.floor(rand() * Math.max(1, tracks.goroutines.length - 60));
      for (let i = first; i < Math.min(tracks.goroutines.length, first + 60); i++) gs.push(tracks.goroutines[i]!.track);
      const ids = [...tracks.procs.map((p) => p.track), ...gs].join(',');
      const r = await timeGet(`${base}/api/timeline?tracks=${ids}&t0=${Math.floor(t0)}&t1=${Math.ceil(t0 + len)}&width=1600`);
      if (r.status !== 200) throw new Error(`tile status ${r.status}`);
      lat.push(r.ms);
      bytes += r.bytes;
      cnt.push(r.bytes);
      const c = await timeGet(`${base}/api/timeline/counters?t0=${Math.floor(t0)}&t1=${Math.ceil(t0 + len)}&width=1600`);
      if (c.status !== 200) throw new Error(`counters status ${c.status}`);
    }
    console.log(`  tiles: 200 requests (${tracks.procs.length} P + 60 goroutine tracks, width 1600): p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms, mean size ${(bytes / 200 / 1024).toFixed(0)} KiB`);
    // Requests do not wait for one another: tiles while a profile not asked for yet is computed.
    const ids = [...tracks.procs.map((p) => p.track), ...tracks.goroutines.slice(0, 60).map((g) => g.track)].join(',');
    for (let k = 0; k < 50; k++) await timeGet(`${base}/api/timeline?tracks=${ids}&t0=0&t1=${Math.ceil(tracks.durationNs / (1 + k))}&width=1600`); // their summaries built
    const during: number[] = [];
    let profileDone = false;
    const profile = timeGet(`${base}/api/profile?kind=sync`).then((r) => {
      profileDone = true;
      return r;
    });
    for (let k = 0; k < 50 && !profileDone; k++) {
      const len = tracks.durationNs / (1 + k);
      const r = await timeGet(`${base}/api/timeline?tracks=${ids}&t0=0&t1=${Math.ceil(len)}&width=1600`);
      if (!profileDone) during.push(r.ms);
    }
    const pr = await profile;
    if (during.length > 0) {
      console.log(`  tiles while /api/profile?kind=sync is computed (${pr.ms.toFixed(0)} ms): ${during.length} requests, p50 ${pct(during, 50).toFixed(1)} ms, max ${Math.max(...during).toFixed(1)} ms`);
    } else {
      console.log(`  /api/profile?kind=sync answered in ${pr.ms.toFixed(0)} ms, before a tile could be timed beside it`);
    }
  } else {
    console.log(`  tiles: /api/timeline/tracks answered ${tr.status}; skipped`);
  }
  console.log(`prof-trace: peak RSS after the requests ${mib(peakRss(ours.proc.pid!))}`);
  await stop(ours.proc);
}

main().catch((e: Error) => {
  console.error(`server-bench: ${e.message}`);
  process.exit(1);
});
