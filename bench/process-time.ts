// How the benchmarks time a tool: as a whole process (Node's or Go's start-up included), run the
// same number of times for every tool, summarized by medians. Wall time, CPU time and peak RSS come
// from /usr/bin/time, which reads the measured process's own rusage when it ends; go tool trace is
// run as the binary `go tool -n trace` names, so the go command never stands between. A run that
// fails is reported as a failure with its exit status and last stderr line, never as a time.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

export const GO_126 = '/usr/lib/go-1.26/bin/go';
const TIME = '/usr/bin/time';

/** One timed run of a process. */
export interface ProcessRun {
  ok: boolean;
  /** Exit status, or the signal that ended it ("signal 9"), when the run failed. */
  failure: string | null;
  /** The last line the process wrote to stderr (for a failure's message). */
  stderrTail: string;
  wallS: number;
  cpuS: number;
  maxRssKiB: number;
  /** 1-minute load average when the run started (the machine is shared). */
  load: number;
}

/** Runs cmd with args once, measured by /usr/bin/time; stdout is discarded. */
export function timeProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), 'prof-trace-bench-'));
  const out = join(dir, 'time.txt');
  const load = loadavg()[0]!;
  try {
    const r = spawnSync(TIME, ['-o', out, '-f', '%e %U %S %M', cmd, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 28,
    });
    const stderrTail = r.stderr?.toString().trimEnd().split('\n').pop() ?? '';
    // /usr/bin/time writes "Command exited with non-zero status N" or "Command terminated by
    // signal N" before its numbers when the command failed.
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const [wall, user, sys, rss] = lines[lines.length - 1]!.split(' ').map(Number);
    let failure: string | null = null;
    if (r.error) failure = r.error.message;
    else if (r.signal) failure = `signal ${r.signal}`;
    else if (r.status !== 0) {
      const sig = /terminated by signal (\d+)/.exec(lines.join('\n'));
      failure = sig ? `signal ${sig[1]}` : `exit ${r.status}`;
    }
    return { ok: failure === null, failure, stderrTail, wallS: wall!, cpuS: user! + sys!, maxRssKiB: rss!, load };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cmd/trace binary `go tool trace` runs (built into Go's cache on first use), or null. */
export function goTraceTool(): string | null {
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOTELEMETRY: 'off' };
  const r = spawnSync(GO_126, ['tool', '-n', 'trace'], { encoding: 'utf8', env });
  const bin = r.status === 0 ? r.stdout.trim() : '';
  return bin === '' ? null : bin;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The runs of one tool and mode, summarized. */
export interface Summary {
  label: string;
  runs: ProcessRun[];
  /** Medians over the successful runs (NaN when every run failed). */
  wallS: number;
  cpuS: number;
  maxRssKiB: number;
  failures: ProcessRun[];
}

export function summarize(label: string, runs: ProcessRun[]): Summary {
  const ok = runs.filter((r) => r.ok);
  return {
    label,
    runs,
    wallS: ok.length ? median(ok.map((r) => r.wallS)) : NaN,
    cpuS: ok.length ? median(ok.map((r) => r.cpuS)) : NaN,
    maxRssKiB: ok.length ? median(ok.map((r) => r.maxRssKiB)) : NaN,
    failures: runs.filter((r) => !r.ok),
  };
}

/**
 * Times every command the same number of times, interleaved (A B A B …) so that a change in the
 * machine's load falls on all of them alike.
 */
export function timeAll(commands: { label: string; cmd: string; args: string[]; env?: NodeJS.ProcessEnv }[], runs: number): Summary[] {
  const all: ProcessRun[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, k) => all[k]!.push(timeProcess(c.cmd, c.args, c.env)));
  }
  return commands.map((c, k) => summarize(c.label, all[k]!));
}

/** One line per summary: medians, or the failure; plus the spread and the load. */
export function formatSummary(s: Summary, sizeMB: number, width = 40): string {
  const head = s.label.padEnd(width);
  const n = s.runs.length;
  if (s.failures.length === n) {
    const f = s.failures[0]!;
    return `${head} FAILED in all ${n} runs (${f.failure}${f.stderrTail ? `: ${f.stderrTail}` : ''})`;
  }
  const ok = s.runs.filter((r) => r.ok);
  const walls = ok.map((r) => r.wallS);
  const loads = s.runs.map((r) => r.load);
  let line =
    `${head} ${s.wallS.toFixed(2).padStart(7)} s ${(sizeMB / s.wallS).toFixed(1).padStart(7)} MB/s ` +
    `${s.cpuS.toFixed(2).padStart(7)} s cpu ${(s.maxRssKiB / 1024).toFixed(0).padStart(6)} MiB` +
    `   median of ${ok.length} (${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)} s), load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
  if (s.failures.length > 0) {
    const f = s.failures[0]!;
    line += `; ${s.failures.length} of ${n} runs FAILED (${f.failure}${f.stderrTail ? `: ${f.stderrTail}` : ''})`;
  }
  return line;
}

/** "--runs N" (default def). */
export function runsArg(args: string[], def = 3): number {
  const i = args.indexOf('--runs');
  const n = i >= 0 ? Number(args[i + 1]) : def;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs wants a positive integer, got ${args[i + 1]}`);
  return n;
}
