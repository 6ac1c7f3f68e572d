// The server's loading lifecycle (it listens before the trace is parsed): while a trace loads,
// /api/progress tells how far it is and what is known so far, /api/ routes answer 503
// "still loading" (never a number from incomplete data), go tool trace's data URLs wait, the
// viewer's pages are served; a failed load says why. And streaming changes when numbers
// appear, never what they are: a session loaded in the background (passes fed chunk by chunk,
// parallel parse forced) answers every route exactly as a session made from a parsed store.

import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LoadingResponse, Progress, TraceSummary, GoroutineGroupsResponse } from '../api/types.js';
import { parseTraceFile } from '../parser/node.js';
import { TraceSession } from '../server/session.js';
import { buildApp } from '../server/app.js';
import { loadTrace, type LoadHooks } from '../server/trace-loader.js';
import { ColumnCache } from '../server/event-spill.js';
import { gateOf } from '../server/loading-gate.js';
import { unpackTracks, type TimelineTracksWire } from '../api/tracks-format.js';
import { REPO, corpusPath } from './support/paths.js';
import { startServer } from './support/server.js';

const PARALLEL = { workers: 2, parallelThreshold: 0 };

async function get(app: FastifyInstance, url: string) {
  return app.inject({ method: 'GET', url });
}

describe('while the trace loads', () => {
  it('progress tells the truth, /api/ routes say loading, data URLs wait, pages are served', async () => {
    const file = corpusPath('traces/go1.26/multi-generation.trace');
    const size = statSync(file).size;
    const s = TraceSession.loading(file, size);
    const app = await buildApp(s, { assets: join(REPO, 'viewer') });
    try {
      const p0 = JSON.parse((await get(app, '/api/progress')).body) as Progress;
      expect(p0).toEqual({ phase: 'parsing', bytesDone: 0, bytesTotal: size, generationsDone: 0, generationsTotal: 0 });

      for (const url of ['/api/summary', '/api/goroutines', '/api/profile?kind=sched', '/api/timeline/tracks', '/api/mmu', '/api/compare']) {
        const r = await get(app, url);
        expect(r.statusCode, url).toBe(503);
        expect(r.headers['retry-after']).toBe('1');
        const body = JSON.parse(r.body) as LoadingResponse;
        expect(body.loading).toBe(true);
        expect(body.error).toMatch(/still loading/);
        expect(body.progress.phase).toBe('parsing');
      }
      // A viewer page is served at once (it polls /api/progress); its data waits.
      const page = await get(app, '/goroutines');
      expect(page.statusCode).toBe(200);
      expect(String(page.headers['content-type'])).toMatch(/^text\/html/);

      // go tool trace's data URL: asked now, answered once the trace is ready.
      let answered = false;
      const raw = get(app, '/sched?raw=1').then((r) => ((answered = true), r));
      const jt = get(app, '/jsontrace?view=proc');
      await new Promise((r) => setTimeout(r, 50));
      expect(answered).toBe(false);

      // Progress while parsing: bytes and generations only grow; the numbers so far too.
      const seen: Progress[] = [];
      const loaded = loadTrace(s, {
        parse: PARALLEL,
        onBytes: () => seen.push(s.load.progress()),
        onParsed: () => seen.push(s.load.progress()),
      });
      const err = await loaded;
      expect(err).toBeNull();
      expect(seen.length).toBeGreaterThan(2);
      const gens = seen.map((p) => p.generationsDone);
      expect(gens).toEqual([...gens].sort((a, b) => a - b));
      expect(seen.every((p) => p.generationsTotal === seen[0]!.generationsTotal && p.generationsTotal > 1)).toBe(true);
      const events = seen.map((p) => p.soFar?.events ?? 0);
      expect(events).toEqual([...events].sort((a, b) => a - b));
      expect(seen[0]!.phase).toBe('parsing');
      expect(seen.at(-1)!.phase).toBe('analyzing');

      const r = await raw;
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/octet-stream');
      expect((await jt).statusCode).toBe(200);

      // Ready: the numbers known so far at the end of parsing are the summary's.
      const p1 = JSON.parse((await get(app, '/api/progress')).body) as Progress;
      const sum = JSON.parse((await get(app, '/api/summary')).body) as TraceSummary;
      expect(p1).toEqual({ phase: 'ready', bytesDone: size, bytesTotal: size, generationsDone: sum.generations, generationsTotal: sum.generations });
      const last = seen.at(-1)!.soFar!;
      expect(last).toEqual({
        goVersion: sum.goVersion,
        durationNs: sum.durationNs,
        events: sum.events,
        procs: sum.procs,
        threads: sum.threads,
        gcCycles: sum.gcCycles,
        stwCount: sum.stwCount,
        stwTotalNs: sum.stwTotalNs,
        userTasks: sum.userTasks,
        userRegions: sum.userRegions,
      });
      expect(sum.generations).toBe(seen[0]!.generationsTotal);
    } finally {
      await app.close();
      await s.close();
    }
  });

  it('a load that fails says why, on every route that reads the trace', async () => {
    const s = TraceSession.loading('/nonexistent/prof-trace.trace', 0);
    const app = await buildApp(s);
    try {
      const raw = get(app, '/sched?raw=1');
      expect(await loadTrace(s)).not.toBeNull();
      const p = JSON.parse((await get(app, '/api/progress')).body) as Progress;
      expect(p.phase).toBe('failed');
      expect(p.message).toMatch(/ENOENT|no such file/);
      for (const r of [await get(app, '/api/summary'), await raw]) {
        expect(r.statusCode).toBe(500);
        const body = JSON.parse(r.body) as LoadingResponse;
        expect(body.loading).toBe(false);
        expect(body.error).toMatch(/failed to load/);
      }
    } finally {
      await app.close();
    }
  });

  it('the gate: /api/ routes say loading, data URLs wait, pages and assets are open', () => {
    expect(gateOf('/api/progress', {})).toBe('open');
    expect(gateOf('/api/summary', {})).toBe('loading');
    expect(gateOf('/api/timeline', {})).toBe('loading');
    expect(gateOf('/sched', {})).toBe('open');
    expect(gateOf('/sched', { raw: '1' })).toBe('wait');
    expect(gateOf('/mmu', { mode: 'plot' })).toBe('wait');
    expect(gateOf('/mmu', {})).toBe('open');
    expect(gateOf('/jsontrace', {})).toBe('wait');
    expect(gateOf('/*', {})).toBe('open');
  });
});

/** Routes whose answers must not depend on how the trace was loaded. */
async function routesOf(app: FastifyInstance): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const groups = JSON.parse((await get(app, '/api/goroutines')).body) as GoroutineGroupsResponse;
  const urls = [
    '/api/summary',
    '/api/goroutines',
    '/api/leaks',
    '/api/tasks',
    '/api/regions',
    '/api/profile?kind=sched',
    '/api/profile?kind=sync',
    '/api/mmu',
    '/api/timeline/tracks',
    '/api/jsontrace/ranges',
    ...groups.groups.slice(0, 3).map((g) => `/api/goroutines/group?name=${encodeURIComponent(g.name)}`),
  ];
  for (const u of urls) {
    const r = await get(app, u);
    out[u] = `${r.statusCode} ${r.body}`;
  }
  return out;
}

describe('a trace loaded in the background answers as one parsed up front', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prof-trace-load-'));
  const multi = corpusPath('traces/go1.26/multi-generation.trace');
  const cut = join(dir, 'cut.trace');
  writeFileSync(cut, readFileSync(multi).subarray(0, Math.floor(statSync(multi).size * 0.7)));
  const cases = [
    multi,
    corpusPath('traces/go1.26/annotations.trace'),
    corpusPath('traces/go1.23/http-load.trace'),
    corpusPath('traces/go1.21/annotations.trace'),
    cut,
  ];
  for (const file of cases) {
    it(file.split('/').slice(-2).join('/'), () =>
      againstUpFront(file, { parse: PARALLEL }, async (a, b) => {
        expect(await routesOf(b)).toEqual(await routesOf(a));
      }));
  }
});

/**
 * Serves `file` from a session parsed up front (a) and from one loaded in the background with
 * `hooks` (b, ready when `check` runs), then closes both.
 */
async function againstUpFront(file: string, hooks: LoadHooks, check: (a: FastifyInstance, b: FastifyInstance, bg: TraceSession) => Promise<void>): Promise<void> {
  const size = statSync(file).size;
  const up = new TraceSession(file, size, await parseTraceFile(file));
  const bg = TraceSession.loading(file, size);
  const [a, b] = await Promise.all([buildApp(up), buildApp(bg)]);
  try {
    expect(await loadTrace(bg, hooks)).toBeNull();
    expect(bg.ready).toBe(true);
    await check(a, b, bg);
  } finally {
    await Promise.all([a.close(), b.close(), up.close(), bg.close()]);
  }
}

/** Routes that read events back (tiles, a span's details, scoped and windowed profiles, critical paths). */
async function eventRoutesOf(app: FastifyInstance): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const tracks = unpackTracks(JSON.parse((await get(app, '/api/timeline/tracks')).body) as TimelineTracksWire);
  const d = tracks.durationNs;
  const ids = [...tracks.procs, ...tracks.goroutines.slice(0, 40)].map((t) => t.track).join(',');
  const g = tracks.goroutines.find((x) => x.lastNs > x.firstNs) ?? tracks.goroutines[0];
  const urls = [
    `/api/timeline?tracks=${ids}&t0=0&t1=${d}&width=1600`,
    `/api/timeline?tracks=${ids}&t0=${Math.floor(d / 3)}&t1=${Math.floor(d / 3 + d / 50)}&width=1600`,
    `/api/timeline/counters?t0=0&t1=${d}&width=800`,
    `/api/profile?kind=sched&window=${Math.floor(d / 4)}ns,${Math.floor(d / 2)}ns`,
    `/api/profile?kind=cpu`,
    `/api/goroutine?id=${g.id}`,
    `/api/critical-path?goid=${g.id}`,
    '/api/sched-latency',
    '/api/pauses',
  ];
  for (const u of urls) {
    const r = await get(app, u);
    out[u] = `${r.statusCode} ${r.rawPayload.toString('base64')}`;
  }
  return out;
}

/** Traces with several chunks of events, old and new formats. */
const SPILL_CASES = [
  corpusPath('traces/go1.26/multi-generation.trace'),
  corpusPath('traces/go1.23/http-load.trace'),
  corpusPath('traces/go1.21/annotations.trace'),
];

/** Every route, and those that read events back, answer on b (events on disk) as on a (all 200). */
async function expectSameRoutes(a: FastifyInstance, b: FastifyInstance): Promise<void> {
  const want = { ...(await routesOf(a)), ...(await eventRoutesOf(a)) };
  const got = { ...(await routesOf(b)), ...(await eventRoutesOf(b)) };
  for (const [u, v] of Object.entries(want)) expect(v.slice(0, 3), `${u}: ${v.slice(0, 200)}`).toBe('200');
  expect(got).toEqual(want);
}

describe('with every chunk of events spilled to disk as it is parsed, a session answers as one that kept them', () => {
  for (const file of SPILL_CASES) {
    it(file.split('/').slice(-2).join('/'), () =>
      againstUpFront(file, { parse: PARALLEL, eventsOnDisk: true }, async (a, b, bg) => {
        const chunks = bg.store.chunks.filter((c) => c.n > 0);
        expect(chunks.every((c) => c.spilled !== null)).toBe(true);
        // What the loading passes read back they let go (ColumnCache.shed): this thread holds
        // one chunk at most (the last, read for the trace's end).
        expect(chunks.filter((c) => !c.cold).length).toBeLessThanOrEqual(1);
        // This thread reads back through a cache of one chunk: every read reuses the buffer of
        // the chunk before (ColumnCache), so a view of an older chunk still in use would show.
        const cache = ColumnCache.install(1);
        const reused = cache.reused;
        try {
          await expectSameRoutes(a, b);
          if (chunks.length > 1) expect(cache.reused).toBeGreaterThan(reused);
        } finally {
          ColumnCache.install();
        }
      }));
  }
});

describe('prof-trace --events-on-disk', () => {
  it('serves what the default server serves, its events read back from disk', async () => {
    const file = corpusPath('traces/go1.26/multi-generation.trace');
    const [mem, disk] = await Promise.all([startServer(file), startServer(file, ['--events-on-disk'])]);
    try {
      const tracks = unpackTracks((await (await fetch(mem.url + '/api/timeline/tracks')).json()) as TimelineTracksWire);
      const d = tracks.durationNs;
      const ids = [...tracks.procs, ...tracks.goroutines.slice(0, 40)].map((t) => t.track).join(',');
      const urls = [
        '/api/summary',
        '/api/goroutines',
        '/api/profile?kind=sched',
        `/api/timeline?tracks=${ids}&t0=0&t1=${d}&width=1600`,
        `/api/timeline/counters?t0=0&t1=${d}&width=800`,
        `/api/profile?kind=sync&window=${Math.floor(d / 4)}ns,${Math.floor(d / 2)}ns`,
      ];
      expect(disk.stderr()).toMatch(/Events kept on disk: \d+\.\d MB in a temporary file/);
      expect(mem.stderr()).not.toMatch(/Events kept on disk/);
      for (const u of urls) {
        const [a, b] = await Promise.all([fetch(mem.url + u), fetch(disk.url + u)]);
        expect(a.status, u).toBe(200);
        expect(b.status, u).toBe(200);
        expect(Buffer.from(await b.arrayBuffer()).equals(Buffer.from(await a.arrayBuffer())), u).toBe(true);
      }
    } finally {
      await Promise.all([mem.close(), disk.close()]);
    }
  }, 120_000);

  it('keeps the events in memory, and says why, where no temporary file can be made', async () => {
    const file = corpusPath('traces/go1.26/multi-generation.trace');
    const srv = await startServer(file, ['--events-on-disk'], 60_000, { env: { TMPDIR: '/nonexistent/prof-trace-tmp' } });
    try {
      expect(srv.stderr()).toMatch(/prof-trace: warning: events kept in memory, not on disk: .*nonexistent/);
      expect((await fetch(srv.url + '/api/profile?kind=sched')).status).toBe(200);
    } finally {
      await srv.close();
    }
  });
});
