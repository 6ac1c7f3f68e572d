// /api/source and how source files are found: only files the trace's stacks name are served
// (traversal attempts, other paths, encoded forms: 404 or 400, never a file), found as pprof
// finds them (-source_path roots, -trim_path prefixes, the cut at a root's name that maps a
// trace's GOROOT to an installed one); a file that is not on this machine is a plain answer.

import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { SourceResponse } from '../api/types.js';
import { parseTraceFile } from '../parser/node.js';
import { TraceSession } from '../server/session.js';
import { buildApp } from '../server/app.js';
import { candidatePaths, goSourceRoots, pathList, stackFileNames } from '../server/source-files.js';
import { GO_SRC, corpusPath } from './support/paths.js';

const HTTP = corpusPath('traces/go1.26/http-load.trace');
const MUTEX = corpusPath('traces/go1.26/mutex-contention.trace');
const CHAN = `${GO_SRC}/runtime/chan.go`;

async function session(file: string): Promise<TraceSession> {
  return new TraceSession(file, statSync(file).size, await parseTraceFile(file));
}

describe('finding source files', () => {
  const roots = ['/work/src', GO_SRC];
  it('maps another machine\'s GOROOT to the installed one by the root\'s name (pprof\'s heuristic)', () => {
    const c = candidatePaths('/usr/local/go/src/runtime/chan.go', roots, []);
    expect(c[0]).toBe('/usr/local/go/src/runtime/chan.go');
    expect(c).toContain(CHAN);
  });
  it('-trim_path cuts a build prefix, the rest is searched under every root and its parents', () => {
    const c = candidatePaths('/build/abc/pkg/x.go', ['/home/me/proj'], ['/build/abc']);
    expect(c).toEqual(expect.arrayContaining(['/home/me/proj/pkg/x.go', '/home/me/pkg/x.go', '/pkg/x.go']));
  });
  it('relative names with .. are not searched', () => {
    expect(candidatePaths('../../etc/passwd.go', ['/work/src'], [])).toEqual([]);
  });
  it('path lists split on ":"; GOROOT roots exist and the trace\'s version comes first', () => {
    expect(pathList('a::b:')).toEqual(['a', 'b']);
    expect(goSourceRoots(26, ['/nonexistent', '/usr/lib/go-1.26'])).toEqual([GO_SRC]);
  });
});

describe('/api/source', () => {
  let s: TraceSession;
  let m: TraceSession;
  let app: FastifyInstance;
  let withPath: FastifyInstance;
  let plain: FastifyInstance;
  beforeAll(async () => {
    [s, m] = await Promise.all([session(HTTP), session(MUTEX)]);
    app = await buildApp(s, { assets: '/nonexistent' });
    plain = await buildApp(m, { assets: '/nonexistent' });
    withPath = await buildApp(m, { assets: '/nonexistent', sources: { sourcePath: [corpusPath('programs/mutex-contention')], trimPath: [] } });
  });
  afterAll(async () => {
    await Promise.all([app?.close(), withPath?.close(), plain?.close(), s?.close(), m?.close()]);
  });
  const get = (a: FastifyInstance, url: string) => a.inject({ method: 'GET', url });

  it('serves a file the stacks name, with its lines', async () => {
    expect(stackFileNames(s.store.strings, s.store.frameFile).has(CHAN)).toBe(true);
    const r = await get(app, `/api/source?file=${encodeURIComponent(CHAN)}`);
    expect(r.statusCode).toBe(200);
    const body = r.json<SourceResponse>();
    expect(body.path).toBe(CHAN);
    expect(body.lines!.some((l) => l.startsWith('func chanrecv1('))).toBe(true);
  });

  it('a file the stacks name that is not on this machine is said plainly; -source_path finds it', async () => {
    const names = [...stackFileNames(m.store.strings, m.store.frameFile)].filter((f) => f.endsWith('/mutex-contention/main.go'));
    expect(names.length).toBe(1);
    const r = await get(plain, `/api/source?file=${encodeURIComponent(names[0]!)}`);
    expect(r.statusCode).toBe(200);
    expect(r.json<SourceResponse>()).toMatchObject({ file: names[0], path: null });
    expect(r.json<SourceResponse>().note).toMatch(/is not on this machine/);
    const found = (await get(withPath, `/api/source?file=${encodeURIComponent(names[0]!)}`)).json<SourceResponse>();
    expect(found.path).toBe(corpusPath('programs/mutex-contention/main.go'));
    expect(found.lines!.join('\n')).toContain('package main');
  });

  it.each([
    '/etc/passwd',
    '../../../../etc/passwd',
    `${GO_SRC}/../../../../etc/passwd`,
    `${CHAN}/../../../../../etc/passwd`,
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    `${CHAN}%00`,
    GO_SRC,
    `${GO_SRC}/runtime/proc.go.bak`,
    'runtime/chan.go',
    '',
  ])('never serves a path the stacks do not name: %j', async (f) => {
    const r = await get(app, `/api/source?file=${f.includes('%') ? f : encodeURIComponent(f)}`);
    expect([400, 404]).toContain(r.statusCode);
    expect(r.body).not.toContain('root:');
    expect(r.json<{ error: string }>().error).toBeTruthy();
  });

  it('the query is checked: file required, no other parameters, bounded length', async () => {
    expect((await get(app, '/api/source')).statusCode).toBe(400);
    expect((await get(app, `/api/source?file=${encodeURIComponent(CHAN)}&path=/etc/passwd`)).statusCode).toBe(400);
    expect((await get(app, `/api/source?file=${'a'.repeat(5000)}`)).statusCode).toBe(400);
    // The raw path form is not a route to files either.
    expect((await get(app, '/api/source/../../etc/passwd')).statusCode).toBe(404);
  });
});
