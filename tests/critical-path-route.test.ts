// /api/critical-path and /api/critical-path/breakdown answer what -d=critical-path prints, plus the
// trace's start (to place the path on the timeline); the breakdown of each task type sums to the
// time of its ended tasks.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { useTraceApp } from './support/trace-app.js';
import { FIXTURES } from './support/paths.js';
import { runCli } from './support/cli.js';
import type { CriticalPathResponse, PathBreakdownResponse } from '../api/critical-path-format.js';

const file = join(FIXTURES, 'traces/go1.26/critpath.trace');

describe('critical path routes', () => {
  const { get, session } = useTraceApp(file);

  it('a task path is what the CLI prints', async () => {
    const r = await get('/api/critical-path?task=2');
    expect(r.statusCode).toBe(200);
    const j = r.json() as CriticalPathResponse;
    const cli = JSON.parse(runCli(['-d=critical-path', '-task=2', file]).stdout) as CriticalPathResponse;
    expect(j.segments).toEqual(cli.segments);
    expect(j.byGoroutine).toEqual(cli.byGoroutine);
    expect(j.subject).toBe('task 2 (request)');
    expect(j.traceStartNs).toBe(session().origin);
  });

  it('a goroutine window (ns since the trace start) is what -window gives', async () => {
    const task = JSON.parse(runCli(['-d=critical-path', '-task=3', file]).stdout) as CriticalPathResponse;
    const a = task.startNs - session().origin;
    const b = task.endNs - session().origin;
    const r = await get(`/api/critical-path?goid=${task.goid}&startNs=${a}&endNs=${b}`);
    expect(r.statusCode).toBe(200);
    const j = r.json() as CriticalPathResponse;
    const cli = JSON.parse(runCli(['-d=critical-path', `-goid=${task.goid}`, `-window=${a}ns,${b}ns`, file]).stdout) as CriticalPathResponse;
    expect(j.segments).toEqual(cli.segments);
  });

  it.each([
    ['/api/critical-path', 400],
    ['/api/critical-path?task=1&goid=1', 400],
    ['/api/critical-path?goid=1&startNs=5', 400],
    ['/api/critical-path?task=9999', 404],
    ['/api/critical-path?task=x', 400],
  ])('%s answers %i', async (url, code) => {
    const r = await get(url);
    expect(r.statusCode).toBe(code);
    expect(typeof (r.json() as { error: string }).error).toBe('string');
  });

  it('the breakdown sums to each task type total', async () => {
    const j = (await get('/api/critical-path/breakdown')).json() as PathBreakdownResponse;
    expect(j.types.map((t) => [t.type, t.tasks])).toEqual([
      ['chan', 2],
      ['network', 2],
      ['request', 3],
      ['select', 2],
      ['syscall', 2],
      ['timer', 2],
    ]);
    for (const t of j.types) expect(t.parts.reduce((a, p) => a + p.ns, 0)).toBe(t.totalNs);
    const req = j.types.find((t) => t.type === 'request')!;
    expect(req.parts[0]).toMatchObject({ name: 'main.holder', state: 'waiting', reason: 'sleep' });
    expect(req.parts[1]).toMatchObject({ name: 'main.worker', state: 'running' });
  });
});

describe('viewer path parameter', async () => {
  const { parsePathParam, pathParam, pathQuery } = await import('../viewer/src/lib/critical-path.js');
  it('path= round-trips and maps to the API query', () => {
    for (const s of [{ task: 12 }, { goid: 7 }, { goid: 7, startNs: 1000, endNs: 2000 }]) {
      expect(parsePathParam(pathParam(s))).toEqual(s);
    }
    expect(pathQuery({ goid: 7, startNs: 1, endNs: 2 })).toEqual({ goid: 7, startNs: 1, endNs: 2 });
    expect(pathQuery({ task: 3 })).toEqual({ task: 3 });
    for (const bad of ['', 'task:', 'task:x', 'g:1:2', 'g:-1', 'x:1']) expect(parsePathParam(bad)).toBeNull();
  });
});
