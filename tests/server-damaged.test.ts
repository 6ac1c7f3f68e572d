// Damaged and empty traces through every route of the server: a trace the server opens (a
// truncated or corrupted one keeps its complete generations; a header-only one has no events)
// never makes a route answer 500, which is kept for bugs. Every registered route is requested
// (the list is read from the app itself, so a new route is covered without editing this file),
// with the query forms the viewer and go tool trace's links use.

import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parseTraceFile } from '../parser/node.js';
import { TraceError } from '../parser/errors.js';
import { TraceSession } from '../server/session.js';
import { buildApp } from '../server/app.js';
import { PROFILE_KINDS } from '../api/profile-kinds.js';
import { CORPUS, FIXTURES, requireCorpus } from './support/paths.js';

/** The app's GET routes, read from fastify's route tree. */
export function routesOf(app: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ├└─]*?)(?:[├└]── )(.+?) \(([A-Z, ]+)\)$/.exec(line);
    if (m === null) continue;
    const depth = m[1]!.length / 4;
    while (stack.length > depth) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1]!.path : '';
    const path = parent + m[2]!;
    stack.push({ depth, path });
    if (m[3]!.split(', ').includes('GET') && !path.endsWith('*')) out.push(path);
  }
  return out;
}

/** Query strings to request each route with (a route not listed is requested bare). */
function queriesOf(route: string, group: string): string[] {
  const enc = encodeURIComponent(group);
  const profile = PROFILE_KINDS.find((k) => k.page === route || k.regionPage === route);
  if (profile !== undefined) {
    return route === profile.page ? ['', 'raw=1', 'view=graph&f=x', 'raw=1&f=(', `raw=1&name=${enc}`, 'raw=1&name=no.such.func'] : ['raw=1', 'raw=1&type=x&pc=0x1234', 'raw=1&latmin=1ms'];
  }
  switch (route) {
    case '/api/profile':
      return PROFILE_KINDS.flatMap((k) => [`kind=${k.id}`, `kind=${k.id}&name=${enc}`, `kind=${k.id}&scope=region&type=x`]);
    case '/api/goroutines/group':
      return [`name=${enc}`, 'name=no.such.func'];
    case '/api/goroutine':
      return ['id=1', 'id=999999'];
    case '/api/task':
      return ['type=', 'id=1', 'type=x&complete=1&latmin=1ms'];
    case '/api/region':
      return ['type=', 'type=x&pc=0x1234&sortby=Total'];
    case '/api/timeline':
      return ['tracks=p0,m0,g1,gc,stw,tasks&t0=0&t1=1000000000&width=800', 'tracks=r1&width=10'];
    case '/api/timeline/counters':
      return ['', 't0=0&t1=1000&width=10'];
    case '/api/timeline/span':
      return ['track=p0&t=0', 'track=g1&t=100', 'track=tasks&t=0'];
    case '/api/mmu':
      return ['', 'flags=perProc|mut', 'flags=stw|background|assist|sweep'];
    case '/api/source':
      return ['file=%2Fetc%2Fpasswd', 'file=runtime%2Fchan.go', `file=${encodeURIComponent('/usr/lib/go-1.26/src/runtime/proc.go')}`];
    case '/api/mmu/worst':
      return ['windowNs=1000000', 'flags=perProc&windowNs=1'];
    case '/mmu':
      return ['', 'mode=plot&flags=stw|background|assist', 'mode=details&window=1000000&flags=stw|background|assist'];
    default:
      return [''];
  }
}

interface Damaged {
  label: string;
  file: string;
}

function damagedTraces(dir: string): Damaged[] {
  const out: Damaged[] = [];
  const add = (label: string, bytes: Uint8Array): void => {
    const file = join(dir, label.replace(/[^A-Za-z0-9.-]/g, '_') + '.trace');
    writeFileSync(file, bytes);
    out.push({ label, file });
  };
  const sources = [
    ['go1.19', 'gc-stress'],
    ['go1.21', 'chan-pipeline'],
    ['go1.21', 'annotations'],
    ['go1.22', 'multi-generation'],
    ['go1.23', 'chan-pipeline'],
    ['go1.26', 'annotations'],
    ['go1.26', 'multi-generation'],
  ];
  for (const [v, n] of sources) {
    const whole = readFileSync(join(CORPUS, 'traces', v!, `${n}.trace`));
    add(`${v}/${n} header only`, whole.subarray(0, 16));
    for (const f of [0.02, 0.1, 0.5, 0.9]) add(`${v}/${n} cut at ${f * 100}%`, whole.subarray(0, Math.floor(whole.length * f)));
    add(`${v}/${n} last KB lost`, whole.subarray(0, whole.length - 1000));
    const flipped = Buffer.from(whole);
    for (let i = 400; i < flipped.length; i += 1201) flipped[i] ^= 0x5a;
    add(`${v}/${n} flipped bytes`, flipped);
  }
  // Damaged traces kept in fixtures (found by fuzzing).
  const kept = join(FIXTURES, 'damaged');
  if (existsSync(kept)) {
    for (const f of readdirSync(kept).sort()) if (f.endsWith('.trace')) out.push({ label: `fixtures/damaged/${f}`, file: join(kept, f) });
  }
  return out;
}

describe('damaged and empty traces through every route', () => {
  requireCorpus();
  const dir = mkdtempSync(join(tmpdir(), 'prof-trace-routes-'));
  const cases = damagedTraces(dir);
  let opened = 0;

  it('has damaged traces to open', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7 * 7);
  });

  for (const c of cases) {
    it(c.label, async () => {
      let store;
      try {
        store = await parseTraceFile(c.file);
      } catch (e) {
        // Nothing kept: the CLI refuses the file in one line (tests/damaged-input.test.ts).
        expect(e).toBeInstanceOf(TraceError);
        return;
      }
      opened++;
      const session = new TraceSession(c.file, 0, store);
      const app = await buildApp(session);
      try {
        await app.ready();
        const routes = routesOf(app);
        expect(routes).toContain('/api/profile');
        const group = (await app.inject({ method: 'GET', url: '/api/goroutines' })).json<{ groups: { name: string }[] }>().groups?.[0]?.name ?? '';
        const failed: string[] = [];
        for (const r of routes) {
          for (const q of queriesOf(r, group)) {
            const url = q === '' ? r : `${r}?${q}`;
            const res = await app.inject({ method: 'GET', url });
            if (res.statusCode >= 500) failed.push(`${url} -> ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
        }
        expect(failed).toEqual([]);
      } finally {
        await app.close();
        await session.close();
      }
    });
  }

  afterAll(() => {
    // Most damaged traces keep something: the routes were really exercised.
    expect(opened).toBeGreaterThan(cases.length / 2);
  });
});

describe('routesOf', () => {
  it('reads every route of the app', async () => {
    const f = join(FIXTURES, 'traces/go1.26/chans.trace');
    const session = new TraceSession(f, 0, await parseTraceFile(f));
    const app = await buildApp(session);
    await app.ready();
    const routes = routesOf(app);
    for (const r of ['/', '/api/progress', '/api/goroutines', '/api/goroutines/group', '/api/timeline/span', '/api/mmu/worst', '/io', '/regionsched', '/usertasks']) {
      expect(routes).toContain(r);
    }
    await app.close();
    await session.close();
  });
});
