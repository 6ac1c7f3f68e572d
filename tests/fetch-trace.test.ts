// Traces from a running program: a small Go program of ours serving net/http/pprof (built here
// with Go 1.26) is asked for /debug/pprof/trace?seconds=1 by `prof-trace -d=goroutines URL`,
// which saves the trace (the path is printed) and prints its goroutine analysis; `export` and
// `query` take URLs too; `-` reads standard input. Refused connections, bad URLs and responses
// that are not traces are one line each.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, CORPUS } from './support/paths.js';

const GO = '/usr/lib/go-1.26/bin/go';

let tmp: string;
let server: ChildProcess | null = null;
let port = 0;

function cli(args: string[], opts: { input?: Buffer } = {}) {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), ...args], {
    encoding: 'utf8',
    timeout: 90_000,
    maxBuffer: 1 << 28,
    input: opts.input,
    env: { ...process.env, PPROF_TMPDIR: join(tmp, 'pprof'), XDG_CACHE_HOME: join(tmp, 'cache'), TZ: 'UTC' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()));
  const p = (s.address() as { port: number }).port;
  await new Promise<void>((res) => s.close(() => res()));
  return p;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'prof-trace-fetch-test-'));
  if (!existsSync(GO)) return;
  const bin = join(tmp, 'pprof-server');
  const b = spawnSync(GO, ['build', '-o', bin, '.'], {
    cwd: join(REPO, 'tests/data/pprof-server'),
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOPROXY: 'off', GOWORK: 'off', GOTELEMETRY: 'off' },
  });
  if (b.status !== 0) throw new Error(`go build failed: ${b.stderr}`);
  server = spawn(bin, [], { stdio: ['ignore', 'pipe', 'inherit'] });
  port = await new Promise<number>((res, rej) => {
    server!.stdout!.once('data', (d: Buffer) => res(Number(d.toString().trim())));
    server!.once('exit', (code) => rej(new Error(`pprof server exited: ${code}`)));
  });
});

afterAll(() => {
  server?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!existsSync(GO))('traces fetched from a program serving net/http/pprof', () => {
  it('-d=goroutines URL fetches, saves and analyzes the trace', () => {
    const url = `http://127.0.0.1:${port}/debug/pprof/trace?seconds=1`;
    const r = cli(['-d=goroutines', url]);
    expect(r.stderr).toContain(`Fetching trace from ${url}`);
    expect(r.status).toBe(0);
    const saved = /Saved trace in (\S+)/.exec(r.stderr)?.[1];
    expect(saved).toBe(join(tmp, 'pprof', `trace.127.0.0.1-${port}.001.trace`));
    expect(readFileSync(saved!).subarray(0, 11).toString()).toBe('go 1.26 tra');
    const j = JSON.parse(r.stdout) as { groups: { name: string; count: number }[] };
    expect(j.groups.find((g) => g.name === 'main.worker')?.count).toBe(4);
    // The saved trace reads the same as a file.
    const again = cli(['-d=goroutines', saved!]);
    expect(JSON.parse(again.stdout)).toEqual(j);
  });

  it('export and query take a URL', () => {
    const out = join(tmp, 'exported');
    const e = cli(['export', '--format=parquet', '--out', out, `http://127.0.0.1:${port}/debug/pprof/trace?seconds=1`]);
    expect(e.status).toBe(0);
    const dir = e.stdout.trim();
    expect(existsSync(join(dir, 'transitions.parquet'))).toBe(true);
    const q = cli(['query', '--format=csv', "select count(*) as n from goroutines where name = 'main.worker'", `http://127.0.0.1:${port}/debug/pprof/trace?seconds=1`]);
    expect(q.status).toBe(0);
    expect(q.stdout).toBe('n\n4\n');
  });

  it('a response that is not a trace, a 404, a refused connection, a bad URL: one line each', async () => {
    const page = cli(['-d=goroutines', `http://127.0.0.1:${port}/debug/pprof/`]);
    expect(page.status).toBe(1);
    expect(page.stderr.trim().split('\n').pop()).toMatch(/^prof-trace: http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/ did not return an execution trace: the response starts with "<html>/);
    const missing = cli(['-pprof=sched', `http://127.0.0.1:${port}/nothing-here`]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n').pop()).toBe(`prof-trace: fetching http://127.0.0.1:${port}/nothing-here: server responded 404 Not Found: 404 page not found`);
    const p = await closedPort();
    const refused = cli(['-d=goroutines', `http://127.0.0.1:${p}/debug/pprof/trace?seconds=1`]);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n').pop()).toBe(`prof-trace: fetching http://127.0.0.1:${p}/debug/pprof/trace?seconds=1: connection refused`);
    const bad = cli(['-d=goroutines', 'http://exa mple/trace']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('prof-trace: invalid URL http://exa mple/trace');
    // Nothing half-written was left behind.
    expect(readdirSync(join(tmp, 'pprof')).filter((f) => f.includes('partial'))).toEqual([]);
  });
});

describe('- reads a trace from standard input', () => {
  it('-d=goroutines - equals the file', () => {
    const file = join(CORPUS, 'traces/go1.26/annotations.trace');
    if (!existsSync(file)) return;
    const fromFile = cli(['-d=goroutines', file]);
    const fromStdin = cli(['-d=goroutines', '-'], { input: readFileSync(file) });
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('empty standard input is one line', () => {
    const r = cli(['-d=goroutines', '-'], { input: Buffer.alloc(0) });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('prof-trace: standard input is empty: no trace to read');
  });
});
