// The extension tables of api/ (profile kinds, pages): a kind added to the table alone shows in
// the CLI's flag and help, the server's route schema, its pages and downloads; and the tables
// agree with each other (every page has a view, every profile page is a page, no path twice).

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PROFILE_KINDS, profileKind, profilePagePaths, type ProfileKindSpec, type PprofKind } from '../api/profile-kinds.js';
import { NAV, pageAt, pages } from '../api/pages.js';
import { PROFILE_ANALYSES } from '../analysis/profile-analyses.js';
import { parseArgs, usage } from '../server/cli-args.js';
import { parseTraceFile } from '../parser/node.js';
import { TraceSession } from '../server/session.js';
import { buildApp } from '../server/app.js';
import { pprofProfileRecords } from '../analysis/pprof.js';
import { buildProfile } from '../analysis/pprof-build.js';
import { FIXTURES } from './support/paths.js';

const FAKE: ProfileKindSpec = {
  id: 'fakewait',
  title: 'Fake wait profile',
  label: 'fake wait',
  page: '/fakewait',
  regionPage: '/regionfakewait',
  download: 'fakewait.profile',
  sampleTypes: [
    { type: 'waits', unit: 'count' },
    { type: 'wait', unit: 'nanoseconds' },
  ],
  timeLabel: 'wait',
  countLabel: 'waits',
};
const fake = FAKE.id as PprofKind;

describe('a profile kind added to the table alone', () => {
  let app: FastifyInstance;
  let session: TraceSession;

  beforeAll(async () => {
    PROFILE_KINDS.push(FAKE);
    // Its analysis: counts what the scheduler-latency profile counts.
    (PROFILE_ANALYSES as Record<string, unknown>)[FAKE.id] = PROFILE_ANALYSES.sched;
    const file = join(FIXTURES, 'traces/go1.26/chans.trace');
    const store = await parseTraceFile(file);
    session = new TraceSession(file, 0, store);
    // Analyses on this thread: the worker runs the built code, which has no fake kind.
    await session.close();
    app = await buildApp(session);
  });
  afterAll(async () => {
    PROFILE_KINDS.splice(PROFILE_KINDS.indexOf(FAKE), 1);
    delete (PROFILE_ANALYSES as Record<string, unknown>)[FAKE.id];
    await app?.close();
    await session?.close();
  });

  it("is a -pprof type of the CLI and in its help", () => {
    expect(parseArgs([`-pprof=${FAKE.id}`, 'x.trace']).pprof).toBe(FAKE.id);
    expect(usage()).toContain(FAKE.id);
    expect(() => parseArgs(['-pprof=nosuchkind', 'x.trace'])).toThrow(/want one of: .*fakewait/);
  });

  it('is accepted by the route schema, and unknown kinds are not', async () => {
    const ok = await app.inject({ method: 'GET', url: `/api/profile?kind=${FAKE.id}` });
    expect(ok.statusCode, ok.body).toBe(200);
    const sched = await app.inject({ method: 'GET', url: '/api/profile?kind=sched' });
    expect({ ...ok.json(), kind: 'sched' }).toEqual(sched.json());
    expect(ok.json().samples.length).toBeGreaterThan(0);
    const bad = await app.inject({ method: 'GET', url: '/api/profile?kind=nosuchkind' });
    expect(bad.statusCode).toBe(400);
  });

  it('has its pages and its download under its own name', async () => {
    expect(pageAt(FAKE.page)?.view).toBe('profile');
    expect(pageAt(FAKE.regionPage)?.view).toBe('profile');
    for (const p of [FAKE.page, FAKE.regionPage]) {
      const r = await app.inject({ method: 'GET', url: p });
      expect(r.statusCode, p).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
    }
    const raw = await app.inject({ method: 'GET', url: `${FAKE.page}?raw=1` });
    expect(raw.statusCode, raw.body).toBe(200);
    expect(raw.headers['content-disposition']).toBe(`attachment; filename="${FAKE.download}"`);
    const region = await app.inject({ method: 'GET', url: `${FAKE.regionPage}?raw=1&type=x` });
    expect(region.statusCode, region.body).toBe(200);
  });

  it('writes profiles with its own sample types and its analysis', () => {
    const recs = pprofProfileRecords(session.store, fake);
    const sched = pprofProfileRecords(session.store, 'sched');
    expect(recs).toEqual(sched);
    const p = buildProfile(session.store, fake, recs);
    const names = p.sampleType.map((t) => `${p.stringTable.strings[Number(t.type)]}/${p.stringTable.strings[Number(t.unit)]}`);
    expect(names).toEqual(['waits/count', 'wait/nanoseconds']);
  });
});

describe('the tables agree', () => {
  it('no page path twice, every top-bar entry opens a page of its section', () => {
    const paths = pages().map((p) => p.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const n of NAV) expect(pageAt(n.href)?.section, n.href).toBe(n.section);
  });

  it("every profile kind's pages are pages, and every kind has an analysis", () => {
    for (const p of profilePagePaths()) expect(pageAt(p)?.view, p).toBe('profile');
    for (const k of PROFILE_KINDS) {
      expect(profileKind(k.id)).toBe(k);
      expect(PROFILE_ANALYSES[k.id as PprofKind], k.id).toBeDefined();
    }
  });

  it("go tool trace's profile URLs and download names are the table's", () => {
    // The URLs people have links to (cmd/trace/main.go) and the names its links give.
    const got = PROFILE_KINDS.map((k) => [k.id, k.page, k.regionPage, k.download]);
    expect(got).toEqual([
      ['net', '/io', '/regionio', 'io.profile'],
      ['sync', '/block', '/regionblock', 'block.profile'],
      ['syscall', '/syscall', '/regionsyscall', 'syscall.profile'],
      ['sched', '/sched', '/regionsched', 'sched.profile'],
      // prof-trace's own (go tool trace has no CPU profile of a trace).
      ['cpu', '/cpu', '/regioncpu', 'cpu.profile'],
    ]);
  });
});
