// The real server (the CLI without -d/-pprof) on loopback: every API route and go tool trace
// URL answers with the right status and type; numbers agree with go tool trace's goldens;
// raw profiles decode and equal `-pprof` output; bad parameters get 400 with a JSON error,
// unknown paths 404, traversal attempts nothing; CLI failures are one line and a non-zero exit.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FIXTURES, REPO, corpusPath } from './support/paths.js';
import { startServer, RunningServer } from './support/server.js';
import { runCli } from './support/cli.js';
import { decodeProfile } from './support/pprof.js';
import type { Progress, GoroutineGroupsResponse, LeaksResponse, ProfileResponse, TraceSummary, TasksResponse, RegionsResponse, GoroutineGroupResponse, GoroutineDetail, TimelineTracks, CountersResponse, SpanDetail } from '../api/types.js';
import { decodeTile, MAX_TILE_WIDTH, Tile } from '../api/tile-format.js';
import { unpackTracks, type TimelineTracksWire } from '../api/tracks-format.js';

const LEAK = corpusPath('traces/go1.26/goroutine-leak.trace');
const LEAK_GOLDEN = corpusPath('golden/go1.26/goroutine-leak');
const ANNOT = corpusPath('traces/go1.26/annotations.trace');
const ANNOT_GOLDEN = corpusPath('golden/go1.26/annotations');

const golden = (dir: string, f: string): any => JSON.parse(readFileSync(join(dir, f), 'utf8'));

async function get(base: string, path: string): Promise<{ status: number; type: string; body: Buffer }> {
  const r = await fetch(base + path);
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: Buffer.from(await r.arrayBuffer()) };
}
async function json<T>(base: string, path: string): Promise<T> {
  const r = await get(base, path);
  expect(r.status, `${path}: ${r.body.toString()}`).toBe(200);
  expect(r.type).toMatch(/^application\/json/);
  return JSON.parse(r.body.toString()) as T;
}

/** A request with the path sent as written (fetch would normalize "..") and optional headers. */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('server on the goroutine-leak trace', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer(LEAK);
  });
  afterAll(async () => {
    expect(await srv.close()).toBe(0);
  });

  it('prints progress, then the listening line, on loopback', () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(srv.stderr()).toMatch(/Parsing trace.*100%/);
  });

  it('/api/summary has go tool trace numbers', async () => {
    const s = await json<TraceSummary>(srv.url, '/api/summary');
    const f = golden(LEAK_GOLDEN, 'facts.json');
    expect(s.goVersion).toBe('go 1.26');
    expect(s.events).toBe(f.events - f.syncs);
    expect(s.generations).toBe(f.generations);
    expect(s.goroutines).toBe(f.goroutines);
    expect(s.gcCycles).toBe(f.gcCycles);
    expect(s.stwCount).toBe(Object.values(f.stw as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(s.durationNs).toBe(f.lastTime - f.firstTime);
    expect(s.warnings).toEqual([]);
    const size = statSync(LEAK).size;
    expect(await json<Progress>(srv.url, '/api/progress')).toEqual({ phase: 'ready', bytesDone: size, bytesTotal: size, generationsDone: s.generations, generationsTotal: s.generations });
  });

  it('/api/goroutines equals go tool trace /goroutines', async () => {
    const r = await json<GoroutineGroupsResponse>(srv.url, '/api/goroutines');
    const g = golden(LEAK_GOLDEN, 'goroutines.json');
    const want = (g.groups as { name: string; count: number; execTimeNs: number }[]).map((x) => [x.name, x.count, x.execTimeNs]).sort();
    const got = r.groups.map((x) => [x.name, x.count, x.execNs]).sort();
    expect(got).toEqual(want);
  });

  it('/api/goroutines/group and /api/goroutine', async () => {
    const grp = await json<GoroutineGroupResponse>(srv.url, '/api/goroutines/group?name=main.timeout.gowrap1');
    expect(grp.count).toBe(300);
    expect(grp.goroutines).toHaveLength(300);
    expect(grp.columns[0]).toBe('Execution time');
    const one = await json<GoroutineDetail>(srv.url, `/api/goroutine?id=${grp.goroutines[0]!.id}`);
    expect(one.name).toBe('main.timeout.gowrap1');
    expect(one.endState).toBe('waiting');
    expect(one.blockedReason).toBe('chan send');
    expect(one.blockedStack[0]!.func).toBe('runtime.chansend1');
    expect(one.creator).not.toBeNull();
  });

  it('/api/leaks groups the goroutines alive at the end as go tool trace sees their end states', async () => {
    const r = await json<LeaksResponse>(srv.url, '/api/leaks');
    const f = golden(LEAK_GOLDEN, 'facts.json');
    // Per start function and end state, go tool trace's counts ("Waiting (chan send)": 300 ...).
    const want = new Map<string, number>();
    for (const g of f.groups as { name: string; endStates: Record<string, number> }[]) {
      for (const [state, n] of Object.entries(g.endStates)) {
        if (state === 'NotExist' || state === 'Running') continue;
        const reason = state === 'Waiting' ? 'waiting' : state.replace(/^Waiting \((.*)\)$/, '$1');
        const k = `${g.name}|${reason}`;
        want.set(k, (want.get(k) ?? 0) + n);
      }
    }
    const got = new Map<string, number>();
    for (const g of r.groups) got.set(`${g.name}|${g.reason}`, (got.get(`${g.name}|${g.reason}`) ?? 0) + g.count);
    expect(got).toEqual(want);
    const top = r.groups[0]!;
    expect(top).toMatchObject({ name: 'main.timeout.gowrap1', reason: 'chan send', count: 300 });
    expect(top.stack[0]!.func).toBe('runtime.chansend1');
  });

  for (const [url, kind] of [['/io', 'net'], ['/block', 'sync'], ['/syscall', 'syscall'], ['/sched', 'sched']] as const) {
    it(`${url}?raw=1 downloads the ${kind} profile -pprof=${kind} writes, and /api/profile has its samples`, async () => {
      const raw = await get(srv.url, `${url}?raw=1`);
      expect(raw.status).toBe(200);
      expect(raw.type).toBe('application/octet-stream');
      const cli = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), `-pprof=${kind}`, LEAK], { maxBuffer: 1 << 28 });
      expect(cli.status).toBe(0);
      const fromCli = decodeProfile(new Uint8Array(cli.stdout));
      const fromHttp = decodeProfile(new Uint8Array(raw.body));
      expect(fromHttp.samples.sort()).toEqual(fromCli.samples.sort());
      // And both equal go tool trace's own profile.
      const gold = decodeProfile(new Uint8Array(readFileSync(join(LEAK_GOLDEN, `${kind}.pprof`))));
      expect(fromHttp.samples.sort()).toEqual(gold.samples.sort());
      const api = await json<ProfileResponse>(srv.url, `/api/profile?kind=${kind}`);
      expect(api.samples).toHaveLength(gold.samples.length);
      const goldNs = gold.samples.reduce((a, s) => a + Number(s.split('\n')[0]!.split(' ')[1]), 0);
      expect(api.totalNs).toBe(goldNs);
      for (const smp of api.samples) for (const i of smp.stack) expect(api.frames[i]).toBeDefined();
      // Without raw the URL is the viewer's page.
      const page = await get(srv.url, url);
      expect(page.status).toBe(200);
      expect(page.type).toMatch(/^text\/html/);
    });
  }

  it('group-scoped profiles (?name=) keep only that group', async () => {
    const all = await json<ProfileResponse>(srv.url, '/api/profile?kind=sync');
    const grp = await json<ProfileResponse>(srv.url, '/api/profile?kind=sync&name=main.timeout.gowrap1');
    expect(grp.totalNs).toBeLessThanOrEqual(all.totalNs);
    const raw = await get(srv.url, '/block?name=main.timeout.gowrap1&raw=1');
    expect(raw.status).toBe(200);
    expect(decodeProfile(new Uint8Array(raw.body)).samples).toHaveLength(grp.samples.length);
    expect((await get(srv.url, '/api/profile?kind=sync&name=no.such.func')).status).toBe(404);
  });

  it('pages answer with the viewer for every go tool trace URL', async () => {
    for (const p of ['/', '/timeline', '/goroutines', '/goroutine?name=main.timeout.gowrap1', '/usertasks', '/usertask?type=x', '/userregions', '/userregion?type=x', '/mmu', '/trace', '/regionio', '/regionsched']) {
      const r = await get(srv.url, p);
      expect(r.status, p).toBe(200);
      expect(r.type, p).toMatch(/^text\/html/);
      expect(r.body.toString()).toMatch(/<!doctype html>/i);
    }
  });

  it("go tool trace's /mmu?mode=plot and mode=details URLs answer what go tool trace answered", async () => {
    const responses = golden(LEAK_GOLDEN, 'mmu.json').responses as Record<string, unknown>;
    expect(Object.keys(responses).length).toBe(7);
    for (const [url, want] of Object.entries(responses)) expect(await json(srv.url, url), url).toEqual(want);
  });

  it('go tool trace /mmu?mode=plot and mode=details answer JSON', async () => {
    const plot = await json<{ curve: number[][] }>(srv.url, '/mmu?mode=plot&flags=perProc|stw|background|assist|sweep');
    expect(plot.curve.length).toBeGreaterThan(0);
    const det = await get(srv.url, '/mmu?mode=details&flags=stw&window=1000000');
    expect(det.status).toBe(200);
    expect(Array.isArray(JSON.parse(det.body.toString()))).toBe(true);
  });

  it('/api/timeline/tracks lists every P, thread and goroutine, named as the goroutine analysis names them', async () => {
    const t = unpackTracks(await json<TimelineTracksWire>(srv.url, '/api/timeline/tracks'));
    const groups = await json<GoroutineGroupsResponse>(srv.url, '/api/goroutines');
    expect(t.procs.length).toBeGreaterThan(0);
    expect(t.threads.length).toBeGreaterThan(0);
    expect(t.goroutines.length).toBe(groups.groups.reduce((a, g) => a + g.count, 0));
    const byName = new Map<string, number>();
    for (const g of t.goroutines) byName.set(g.name, (byName.get(g.name) ?? 0) + 1);
    for (const g of groups.groups) expect(byName.get(g.name), g.name).toBe(g.count);
    expect(t.styles[0]!.code).toBe(0);
    expect(t.counters.map((c) => c.name).length).toBeGreaterThan(2);
    // The leaked goroutines end waiting.
    const leaked = t.goroutines.filter((g) => g.name === 'main.timeout.gowrap1');
    expect(leaked).toHaveLength(300);
    for (const g of leaked) expect(g.endState).toBe('waiting');
  });

  it('/api/timeline tiles: binary, at most width rectangles a track, the same covered time at every zoom', async () => {
    const t = unpackTracks(await json<TimelineTracksWire>(srv.url, '/api/timeline/tracks'));
    const tracks = [...t.procs.map((p) => p.track), ...t.threads.map((m) => m.track), ...t.goroutines.slice(0, 40).map((g) => g.track), ...t.other.map((o) => o.track)];
    const tile = async (t0: number, t1: number, width: number): Promise<Tile> => {
      const r = await get(srv.url, `/api/timeline?tracks=${tracks.join(',')}&t0=${t0}&t1=${t1}&width=${width}`);
      expect(r.status, r.body.toString()).toBe(200);
      expect(r.type).toBe('application/octet-stream');
      return decodeTile(new Uint8Array(r.body));
    };
    const dur = t.durationNs;
    for (const [t0, t1] of [[0, dur], [dur / 3, dur / 3 + dur / 1000]] as const) {
      const covered: number[][] = [];
      for (const width of [7, 300, 5000]) {
        const tl = await tile(Math.floor(t0), Math.ceil(t1), width);
        expect(tl.tracks).toHaveLength(tracks.length);
        covered.push(
          tl.tracks.map((tr, q) => {
            expect(tr.n, `${tracks[q]} @${width}`).toBeLessThanOrEqual(width);
            let sum = 0;
            for (let i = 0; i < tr.n; i++) sum += tr.end[i]! - tr.start[i]!;
            return sum;
          }),
        );
      }
      for (let q = 0; q < tracks.length; q++) {
        expect(Math.abs(covered[0]![q]! - covered[2]![q]!), tracks[q]).toBeLessThanOrEqual(1);
        expect(Math.abs(covered[1]![q]! - covered[2]![q]!), tracks[q]).toBeLessThanOrEqual(1);
      }
      expect(covered[2]!.some((x) => x > 0)).toBe(true);
    }
    // Width is capped; a window outside the trace draws nothing.
    expect((await tile(0, dur, 100000)).width).toBe(MAX_TILE_WIDTH);
    const outside = await tile(dur + 10, dur + 1000, 100);
    expect(outside.tracks.every((tr) => tr.n === 0)).toBe(true);
  });

  it('/api/timeline tiles at full resolution give a goroutine the execution time of the goroutine analysis', async () => {
    const t = unpackTracks(await json<TimelineTracksWire>(srv.url, '/api/timeline/tracks'));
    const grp = await json<GoroutineGroupResponse>(srv.url, '/api/goroutines/group?name=main.timeout.gowrap1');
    const running = new Set(t.styles.filter((s) => s.state === 'running').map((s) => s.code));
    const g = new Map(t.goroutines.map((x) => [x.id, x]));
    let windows = 0;
    for (const row of grp.goroutines.slice(0, 10)) {
      // Tiles at width 8192 over the goroutine's life; a window where rows still merge is split in two.
      let exec = 0;
      const todo: [number, number][] = [[g.get(row.id)!.firstNs, t.durationNs]];
      while (todo.length > 0) {
        const [a, b] = todo.pop()!;
        const r = await get(srv.url, `/api/timeline?tracks=g${row.id}&t0=${a}&t1=${b}&width=8192`);
        const tr = decodeTile(new Uint8Array(r.body)).tracks[0]!;
        windows++;
        if (Array.from(tr.count.subarray(0, tr.n)).some((c) => c > 1)) {
          expect(b - a, `g${row.id}: rows still merge in [${a}, ${b})`).toBeGreaterThan(1);
          const m = Math.floor((a + b) / 2);
          todo.push([a, m], [m, b]);
          continue;
        }
        for (let i = 0; i < tr.n; i++) if (running.has(tr.style[i]!)) exec += tr.end[i]! - tr.start[i]!;
      }
      expect(exec, `g${row.id}`).toBe(row.columns['Execution time'] ?? 0);
    }
    expect(windows).toBeLessThan(2000);
  });

  it('/api/timeline/counters and /api/timeline/span', async () => {
    const t = unpackTracks(await json<TimelineTracksWire>(srv.url, '/api/timeline/tracks'));
    const c = await json<CountersResponse>(srv.url, `/api/timeline/counters?t0=0&t1=${t.durationNs}&width=200`);
    expect(c.series.map((x) => x.name)).toEqual(t.counters.map((x) => x.name));
    for (const x of c.series) {
      expect(x.t.length, x.name).toBe(x.v.length);
      expect(x.t.length, x.name).toBeLessThanOrEqual(2 * 200 + 1);
    }
    expect(c.series.some((x) => x.v.some((v) => v > 0))).toBe(true);
    // A leaked goroutine's last span: waiting in chan send, blocked in runtime.chansend1.
    const g = t.goroutines.find((x) => x.name === 'main.timeout.gowrap1')!;
    const d = await json<SpanDetail>(srv.url, `/api/timeline/span?track=${g.track}&t=${t.durationNs - 1}`);
    expect([d.state, d.reason, d.goroutine]).toEqual(['waiting', 'chan send', { id: g.id, name: g.name }]);
    expect(d.stack.map((f) => f.func)).toContain('runtime.chansend1');
    expect(d.createdBy).not.toBeNull();
    expect((await get(srv.url, `/api/timeline/span?track=g987654321&t=5`)).status).toBe(404);
  });

  it('bad parameters get 400 with a JSON error', async () => {
    for (const p of [
      '/api/goroutine?id=abc',
      '/api/goroutine',
      '/api/goroutines/group',
      '/api/profile',
      '/api/profile?kind=heap',
      '/api/profile?kind=sync&pc=zz',
      '/api/profile?kind=sync&bogus=1',
      '/api/task?latmin=soon',
      '/api/task?complete=maybe',
      '/api/region?latmax=1parsec',
      '/api/mmu/worst',
      '/api/mmu/worst?windowNs=-5',
      '/api/mmu?flags=%3Cscript%3E',
      '/io?raw=1&pc=nothex',
      '/api/timeline',
      '/api/timeline?tracks=g1&width=0',
      '/api/timeline?tracks=g1&width=abc',
      '/api/timeline?tracks=g1&t0=100&t1=50',
      '/api/timeline?tracks=../../etc/passwd',
      '/api/timeline?tracks=g1,,g2',
      `/api/timeline?tracks=${Array.from({ length: 1025 }, (_, i) => `g${i}`).join(',')}`,
      '/api/timeline/counters?t0=x',
      '/api/timeline/span?track=g1',
      '/api/timeline/span?track=zz&t=1',
    ]) {
      const r = await get(srv.url, p);
      expect(r.status, p).toBe(400);
      expect(r.type, p).toMatch(/^application\/json/);
      expect(JSON.parse(r.body.toString()).error, p).toMatch(/\S/);
    }
  });

  it('unknown things get 404', async () => {
    for (const p of ['/api/nope', '/nope', '/api/goroutine?id=987654321', '/api/goroutines/group?name=no.such', '/api/task?id=424242', '/assets/nope.js']) {
      const r = await get(srv.url, p);
      expect(r.status, p).toBe(404);
      expect(JSON.parse(r.body.toString()).error, p).toMatch(/\S/);
    }
  });

  it('serves nothing outside its assets: traversal attempts fail', async () => {
    const pkg = readFileSync(join(REPO, 'package.json'), 'utf8');
    for (const p of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E%2Fpackage.json',
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/viewer/../../package.json',
      '/dist/server/cli.js',
      '/package.json',
    ]) {
      const r = await rawGet(srv.url, p);
      expect([400, 403, 404], `${p} -> ${r.status}`).toContain(r.status);
      expect(r.body.includes('"devDependencies"') || r.body === pkg || r.body.includes('root:x:0')).toBe(false);
    }
  });

  it('refuses requests for non-loopback host names (DNS rebinding)', async () => {
    const r = await rawGet(srv.url, '/api/summary', { host: 'evil.example:80' });
    expect(r.status).toBe(403);
    const ok = await rawGet(srv.url, '/api/summary', { host: 'localhost' });
    expect(ok.status).toBe(200);
  });

  it('answers concurrent requests', async () => {
    const paths = ['/api/summary', '/api/goroutines', '/api/leaks', '/api/profile?kind=sched', '/api/mmu?flags=perProc', '/api/tasks', '/api/regions'];
    const rs = await Promise.all([...paths, ...paths].map((p) => get(srv.url, p)));
    for (const r of rs) expect(r.status).toBe(200);
  });
});

describe('server on the annotations trace: tasks and regions', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer(ANNOT);
  });
  afterAll(async () => {
    await srv.close();
  });

  it('/api/tasks and /api/task equal /usertasks', async () => {
    const r = await json<TasksResponse>(srv.url, '/api/tasks');
    const g = golden(ANNOT_GOLDEN, 'usertasks.json');
    expect(r.types.map((t) => [t.type, t.count])).toEqual((g.taskTypes as { type: string; count: number }[]).map((t) => [t.type, t.count]));
    const first = g.taskTypes.find((t: { type: string }) => t.type !== '') as { type: string; count: number };
    const list = await json<{ tasks: { type: string; durationNs: number }[] }>(srv.url, `/api/task?type=${encodeURIComponent(first.type)}`);
    expect(list.tasks).toHaveLength(first.count);
    const durations = list.tasks.map((t) => t.durationNs);
    expect([...durations].sort((a, b) => a - b)).toEqual(durations);
  });

  it('the timeline has the user-task track and the region tracks (added while the counters are built), drawn', async () => {
    const t = unpackTracks(await json<TimelineTracksWire>(srv.url, '/api/timeline/tracks'));
    expect(t.other.map((o) => o.track)).toContain('tasks');
    const withRegions = t.goroutines.filter((g) => g.regions);
    expect(withRegions.length).toBeGreaterThan(0);
    const tracks = ['tasks', ...withRegions.map((g) => `r${g.id}`)].slice(0, 50);
    const res = await fetch(`${srv.url}/api/timeline?tracks=${tracks.join(',')}&t0=0&t1=${t.durationNs}&width=800`);
    expect(res.status).toBe(200);
    const tile = decodeTile(new Uint8Array(await res.arrayBuffer()));
    tile.tracks.forEach((tr, k) => expect(tr.n, tracks[k]).toBeGreaterThan(0));
  });

  it('/api/regions and /api/region equal /userregions', async () => {
    const r = await json<RegionsResponse>(srv.url, '/api/regions');
    const g = golden(ANNOT_GOLDEN, 'userregions.json');
    const want = (g.regionTypes as { type: string; func: string; count: number; pc: string }[]).map((x) => [x.type, x.func, x.count, Number.parseInt(x.pc, 16)]);
    expect(r.types.map((x) => [x.type, x.func, x.count, x.pc])).toEqual(want);
    const t = r.types[0]!;
    const page = await json<{ regions: unknown[]; columns: string[] }>(srv.url, `/api/region?type=${encodeURIComponent(t.type)}&pc=${t.pc.toString(16)}`);
    expect(page.regions).toHaveLength(t.count);
    const rio = await get(srv.url, `/regionio?type=${encodeURIComponent(t.type)}&pc=${t.pc.toString(16)}&raw=1`);
    expect(rio.status).toBe(200);
    decodeProfile(new Uint8Array(rio.body));
  });
});

describe('CLI failures', () => {
  it('a missing file: one line, exit 1', () => {
    const r = runCli(['--no-open', '/no/such/trace.out']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no such file/);
  });

  it('a foreign file: one line, exit 1', () => {
    const r = runCli(['--no-open', join(REPO, 'package.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('prof-trace:'))).toHaveLength(1);
  });

  it('a bad -http address: one line, non-zero exit', () => {
    const r = runCli(['--no-open', '-http=127.0.0.1:99999', join(FIXTURES, 'traces/go1.26/leak.trace')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/bad port/);
  });

  it('a port in use: one line, exit 1', async () => {
    const a = await startServer(join(FIXTURES, 'traces/go1.26/leak.trace'));
    try {
      const port = new URL(a.url).port;
      const r = runCli(['--no-open', `-http=127.0.0.1:${port}`, join(FIXTURES, 'traces/go1.26/leak.trace')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: address already in use/);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    } finally {
      await a.close();
    }
  });

  it('a truncated trace loads with a warning saying what was lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prof-trace-'));
    const bytes = readFileSync(corpusPath('traces/go1.26/multi-generation.trace'));
    const cut = join(dir, 'cut.trace');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const s = await startServer(cut);
    try {
      expect(s.stderr()).toMatch(/Lost \d+\.\d\d% of the latest trace data/);
      const sum = await json<TraceSummary>(s.url, '/api/summary');
      expect(sum.warnings).toHaveLength(1);
      expect(sum.warnings[0]).toMatch(/trace damaged: kept \d+ complete generation/);
    } finally {
      await s.close();
    }
  });

  it('a header-only trace opens, and the overview and profiles say it holds no events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prof-trace-'));
    const f = join(dir, 'header.trace');
    writeFileSync(f, readFileSync(corpusPath('traces/go1.26/timers.trace')).subarray(0, 16));
    const s = await startServer(f);
    try {
      expect(s.stderr()).toMatch(/warning: trace holds no events/);
      const sum = await json<TraceSummary>(s.url, '/api/summary');
      expect(sum.events).toBe(0);
      expect(sum.warnings).toEqual([expect.stringMatching(/^trace holds no events/)]);
      const p = await json<ProfileResponse>(s.url, '/api/profile?kind=sched');
      expect(p.samples).toEqual([]);
      expect(p.note).toMatch(/no goroutines/);
      const raw = await get(s.url, '/sched?raw=1');
      expect(raw.status).toBe(200);
      expect(decodeProfile(new Uint8Array(raw.body)).samples).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('Ctrl-C exits cleanly', async () => {
    const s = await startServer(join(FIXTURES, 'traces/go1.26/leak.trace'));
    expect(await s.close()).toBe(0);
  });

  it('--help lists the server flags', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), '--help'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/-http=addr/);
    expect(r.stdout).toMatch(/--no-open/);
  });
});
