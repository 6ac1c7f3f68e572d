// Server benchmark: `npm run bench:server -- FILE [--go] [--go-http] [--runs N] [--events-on-disk]`. Starts
// `prof-trace --no-open FILE` N times (default 3) and prints the medians of: the time from the
// command to its "listening" line (it listens before parsing), the time until /api/progress
// says "ready", and its peak RSS (the process's own VmHWM) then. With --go, times go tool trace
// -d=footprint (Go's raw decode of the file, /usr/bin/time) as many times, interleaved, and
// prints each prof-trace figure next to it (ready as a multiple of it); --go-http also starts go
// tool trace's server (the binary `go tool -n trace` names) and times it to its listening line.
// Then, on one more prof-trace: the JSON pages, 200 timeline tiles over random windows and
// zooms (all P tracks and 60 goroutine tracks at width 1600), 100 random tiles while a
// scheduler-latency profile is computed (tiles must not wait on it), a group-scoped profile,
// and the peak RSS after all that.

import { spawn, ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackTracks, type TimelineTracksWire } from '../api/tracks-format.js';
import { goTraceTool, median, runsArg, summarize, timeProcess, type ProcessRun } from './process-time.js';

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
  /** Seconds until /api/progress said ready (NaN for go tool trace, which listens once ready). */
  readyS: number;
  /** Peak RSS when ready (prof-trace) or when listening (go tool trace). */
  rss: number;
}

/** Polls /api/progress until "ready" (throws on "failed"). */
async function untilReady(url: string): Promise<void> {
  for (;;) {
    const p = (await (await fetch(url + '/api/progress')).json()) as { phase: string; message?: string };
    if (p.phase === 'ready') return;
    if (p.phase === 'failed') throw new Error(`loading failed: ${p.message}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts a server, times it to "listening" (and for prof-trace to "ready"), reads its own peak RSS, and stops it. */
async function startOnce(cmd: string, args: string[], env?: NodeJS.ProcessEnv, ready = false): Promise<StartRun> {
  try {
    const t0 = performance.now();
    const r = await startUntil(cmd, args, /Trace viewer is listening on (http:\/\/\S+)/, env);
    let readyS = NaN;
    if (ready) {
      await untilReady(r.url);
      readyS = (performance.now() - t0) / 1000;
    }
    const rss = peakRss(r.proc.pid!);
    await stop(r.proc);
    return { ok: true, failure: '', s: r.ms / 1000, parsedS: r.parsedMs / 1000, readyS, rss };
  } catch (e) {
    return { ok: false, failure: (e as Error).message.split('\n').slice(0, 2).join(' / '), s: NaN, parsedS: NaN, readyS: NaN, rss: NaN };
  }
}

function report(label: string, runs: StartRun[], footprint: { wallS: number; maxRssKiB: number } | null): void {
  const ok = runs.filter((r) => r.ok);
  if (ok.length === 0) {
    console.log(`${label}: FAILED in all ${runs.length} runs (${runs[0]!.failure})`);
    return;
  }
  const ss = ok.map((r) => r.s);
  const parsed = ok.map((r) => r.parsedS).filter((x) => !Number.isNaN(x));
  const ready = ok.map((r) => r.readyS).filter((x) => !Number.isNaN(x));
  const rss = median(ok.map((r) => r.rss));
  const vs = footprint !== null && !Number.isNaN(footprint.wallS);
  let line = `${label}: listening after ${median(ss).toFixed(2)} s (median of ${ok.length}: ${Math.min(...ss).toFixed(2)}–${Math.max(...ss).toFixed(2)} s)`;
  if (parsed.length) line += `, parsed after ${median(parsed).toFixed(2)} s`;
  if (ready.length) {
    line += `, ready after ${median(ready).toFixed(2)} s (${Math.min(...ready).toFixed(2)}–${Math.max(...ready).toFixed(2)} s)`;
    if (vs) line += ` = ${(median(ready) / footprint.wallS).toFixed(2)}× go tool trace -d=footprint`;
  }
  line += `, peak RSS ${mib(rss)}`;
  if (vs) line += ` (go tool trace -d=footprint: ${mib(footprint.maxRssKiB * 1024)})`;
  if (ok.length < runs.length) line += `; ${runs.length - ok.length} of ${runs.length} runs FAILED (${runs.find((r) => !r.ok)!.failure})`;
  console.log(line);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? '/tmp/bigtrace/big-200mb.trace';
  const withGo = args.includes('--go');
  const withGoHttp = args.includes('--go-http');
  // prof-trace's own flags to pass through (--events-on-disk: the events kept on disk).
  const ourFlags = args.filter((a) => a === '--events-on-disk');
  const runs = runsArg(args);
  const size = statSync(file).size;
  console.log(`file: ${file} (${size} bytes, ${(size / 1e6).toFixed(1)} MB)`);
  console.log(`load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

  // Run as a user runs it: the executable itself, whose first lines set glibc's malloc up (cli.ts).
  const cli = join(REPO, 'dist/server/cli.js');
  const goTool = withGo || withGoHttp ? goTraceTool() : null;
  if ((withGo || withGoHttp) && goTool === null) console.log('go tool trace: not installed (scripts/install-go.sh 1.26)');
  const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOTELEMETRY: 'off', BROWSER: 'true' };
  const ourRuns: StartRun[] = [];
  const goRuns: StartRun[] = [];
  const footRuns: ProcessRun[] = [];
  for (let i = 0; i < runs; i++) {
    ourRuns.push(await startOnce(cli, ['--no-open', ...ourFlags, file], undefined, true));
    if (goTool && withGo) footRuns.push(timeProcess(goTool, ['-d=footprint', file], goEnv));
    if (goTool && withGoHttp) goRuns.push(await startOnce(goTool, ['-http=127.0.0.1:0', file], goEnv));
  }
  const foot = footRuns.length > 0 ? summarize('go tool trace -d=footprint', footRuns) : null;
  if (foot !== null) {
    const line = Number.isNaN(foot.wallS)
      ? `FAILED (${foot.failures[0]!.failure}: ${foot.failures[0]!.stderrTail})`
      : `${foot.wallS.toFixed(2)} s, peak RSS ${mib(foot.maxRssKiB * 1024)} (median of ${footRuns.length - foot.failures.length})`;
    console.log(`go tool trace -d=footprint (Go's raw decode): ${line}`);
  }
  report('prof-trace', ourRuns, foot);
  if (goTool && withGoHttp) report('go tool trace (server)', goRuns, null);

  // The requests, on one more prof-trace.
  const ours = await startUntil(cli, ['--no-open', ...ourFlags, file], /Trace viewer is listening on (http:\/\/\S+)/);
  const base = ours.url;
  await untilReady(base);
  const pages = ['/api/summary', '/api/goroutines', '/api/leaks', '/api/profile?kind=sync', '/api/tasks', '/api/regions', '/api/timeline/tracks'];
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
    // Tiles never wait on profiles: random tiles while a scheduler-latency profile not asked
    // for yet is computed.
    const during: number[] = [];
    let profileDone = false;
    const profile = timeGet(`${base}/api/profile?kind=sched`).then((r) => {
      profileDone = true;
      return r;
    });
    for (let k = 0; k < 100 && !profileDone; k++) {
      const len = Math.max(10_000, tracks.durationNs * Math.pow(10, -rand() * 6));
      const t0 = rand() * Math.max(0, tracks.durationNs - len);
      const first = Math.floor(rand() * Math.max(1, tracks.goroutines.length - 60));
      const ids = [...tracks.procs.map((p) => p.track), ...tracks.goroutines.slice(first, first + 60).map((g) => g.track)].join(',');
      const r = await timeGet(`${base}/api/timeline?tracks=${ids}&t0=${Math.floor(t0)}&t1=${Math.ceil(t0 + len)}&width=1600`);
      if (!profileDone) during.push(r.ms);
    }
    const pr = await profile;
    if (during.length > 0) {
      console.log(`  tiles while /api/profile?kind=sched is computed (${pr.ms.toFixed(0)} ms): ${during.length} random requests, p50 ${pct(during, 50).toFixed(1)} ms, p95 ${pct(during, 95).toFixed(1)} ms, max ${Math.max(...during).toFixed(1)} ms`);
    } else {
      console.log(`  /api/profile?kind=sched answered in ${pr.ms.toFixed(0)} ms, before a tile could be timed beside it`);
    }
    // A group-scoped profile: the group with the most execution time.
    const groups = (await (await fetch(`${base}/api/goroutines`)).json()) as { groups: { name: string }[] };
    const g = groups.groups.find((x) => x.name !== '');
    if (g !== undefined) {
      const r = await timeGet(`${base}/api/profile?kind=sched&name=${encodeURIComponent(g.name)}`);
      console.log(`  group-scoped profile (/api/profile?kind=sched&name=${g.name}): ${r.status} ${r.ms.toFixed(0)} ms`);
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
