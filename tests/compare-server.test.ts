// The server comparing two traces (prof-trace -diff_base=BASE FILE, built in-process): /api/compare
// names the base, BASE's own API answers under /base exactly as a server of BASE alone answers,
// and /api/compare/goroutines pairs the groups with totals equal to each trace's own.

import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CompareInfo, GoroutineGroupResponse, GoroutineGroupsResponse, GroupsCompareResponse, ProfileResponse } from '../api/types.js';
import { parseTraceFile } from '../parser/node.js';
import { TraceSession } from '../server/session.js';
import { buildApp } from '../server/app.js';
import { corpusPath } from './support/paths.js';

const FILE = corpusPath('traces/go1.26/http-load.trace');
const BASE = corpusPath('traces/go1.23/http-load.trace');

async function session(file: string): Promise<TraceSession> {
  return new TraceSession(file, statSync(file).size, await parseTraceFile(file));
}

let file: TraceSession;
let base: TraceSession;
let cmp: FastifyInstance;
let alone: FastifyInstance;
let baseAlone: FastifyInstance;

beforeAll(async () => {
  [file, base] = await Promise.all([session(FILE), session(BASE)]);
  cmp = await buildApp(file, { assets: '/nonexistent', base });
  alone = await buildApp(file, { assets: '/nonexistent' });
  baseAlone = await buildApp(base, { assets: '/nonexistent' });
});
afterAll(async () => {
  await Promise.all([cmp?.close(), alone?.close(), baseAlone?.close()]);
  await Promise.all([file?.close(), base?.close()]);
});

async function json<T>(app: FastifyInstance, url: string): Promise<T> {
  const r = await app.inject({ method: 'GET', url });
  expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
  return r.json<T>();
}

describe('comparing two traces', () => {
  it('/api/compare names the base; a single-trace server has none and no /base routes', async () => {
    expect(await json<CompareInfo>(cmp, '/api/compare')).toEqual({ base: { file: BASE, sizeBytes: statSync(BASE).size, goVersion: 'go 1.23' } });
    expect(await json<CompareInfo>(alone, '/api/compare')).toEqual({ base: null });
    expect((await alone.inject({ method: 'GET', url: '/base/api/summary' })).statusCode).toBe(404);
    expect((await alone.inject({ method: 'GET', url: '/api/compare/goroutines' })).statusCode).toBe(404);
  });

  it.each(['/api/summary', '/api/goroutines', '/api/profile?kind=sync', '/api/profile?kind=sched&name=net/http.(*conn).serve', '/api/leaks'])(
    '/base%s answers as a server of the base alone',
    async (url) => {
      expect(await json(cmp, `/base${url}`)).toEqual(await json(baseAlone, url));
      expect(await json(cmp, url)).toEqual(await json(alone, url));
    },
  );

  it('/base downloads are the base trace\'s profile', async () => {
    const a = await cmp.inject({ method: 'GET', url: '/base/block?raw=1' });
    const b = await baseAlone.inject({ method: 'GET', url: '/block?raw=1' });
    expect(a.statusCode).toBe(200);
    expect(a.rawPayload.equals(b.rawPayload)).toBe(true);
  });

  it('/api/compare/goroutines: groups of both, totals and columns equal each trace\'s own pages', async () => {
    const c = await json<GroupsCompareResponse>(cmp, '/api/compare/goroutines');
    const fa = await json<GoroutineGroupsResponse>(alone, '/api/goroutines');
    const ba = await json<GoroutineGroupsResponse>(baseAlone, '/api/goroutines');
    expect(new Set(c.groups.map((g) => g.name))).toEqual(new Set([...fa.groups, ...ba.groups].map((g) => g.name)));
    expect(c.totals.file.execNs).toBe(fa.totalExecNs);
    expect(c.totals.base.execNs).toBe(ba.totalExecNs);
    expect(c.totals.file.count).toBe(fa.groups.reduce((n, g) => n + g.count, 0));
    expect(c.columns[0]).toBe('Execution time');
    // One group's columns are its group page's rows summed.
    const name = 'net/http.(*conn).serve';
    const page = await json<GoroutineGroupResponse>(baseAlone, `/api/goroutines/group?name=${encodeURIComponent(name)}`);
    const side = c.groups.find((g) => g.name === name)!.base;
    expect(side.count).toBe(page.count);
    for (const col of page.columns) expect(side.columns[col] ?? 0).toBe(page.goroutines.reduce((n, r) => n + (r.columns[col] ?? 0), 0));
    // Largest |execution-time change| first.
    const d = c.groups.map((g) => Math.abs(g.file.execNs - g.base.execNs));
    expect(d).toEqual([...d].sort((x, y) => y - x));
  });

  it('the base\'s profile is the base\'s own (the viewer negates it)', async () => {
    const p = await json<ProfileResponse>(cmp, '/base/api/profile?kind=sync');
    expect(p.totalNs).toBeGreaterThan(0);
    expect(p.totalNs).not.toBe((await json<ProfileResponse>(cmp, '/api/profile?kind=sync')).totalNs);
  });
});
