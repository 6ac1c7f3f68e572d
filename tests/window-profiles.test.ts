// Profiles and goroutine analyses of time windows (-window=START,END): on every corpus trace, the
// windows [0,X) and [X,end) of a cut sum to the whole trace's, stack by stack for every profile
// kind (delay or CPU time; and samples for the CPU profile, whose samples are instants), goroutine
// by goroutine for every duration of the goroutine analysis; a window covering the trace is the
// whole. And the CLI: -window on -pprof and -d=goroutines.

import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { CORPUS, FIXTURES, REPO, traceCases } from './support/paths.js';
import { runCli } from './support/cli.js';
import { parseTraceFile } from '../parser/node.js';
import { EventStore } from '../parser/events.js';
import { pprofProfileRecords, type ProfileRecord } from '../analysis/pprof.js';
import { summarizeGoroutines, type GoroutineSummaries } from '../analysis/goroutine-summary.js';
import { traceSpan } from '../analysis/trace-span.js';
import { isSampleKind } from '../analysis/profile-analyses.js';
import { PROFILE_KINDS, type PprofKind } from '../api/profile-kinds.js';
import type { GoroutinesJson } from '../analysis/goroutines.js';

const KINDS = PROFILE_KINDS.map((k) => k.id as PprofKind);

/** Records by their stack's PCs: time (and count) per stack. */
function byStack(store: EventStore, recs: ProfileRecord[]): Map<string, { time: number; count: number }> {
  const m = new Map<string, { time: number; count: number }>();
  for (const r of recs) {
    // As records are keyed (stacks-by-pcs.ts): the first 128 PCs, trailing zero PCs left out.
    const pcs = store.stackFrames(r.stack).slice(0, 128).map((f) => store.framePc[f]!);
    while (pcs.length > 0 && pcs[pcs.length - 1] === 0) pcs.pop();
    const key = pcs.join(',');
    const v = m.get(key) ?? { time: 0, count: 0 };
    v.time += r.time;
    v.count += r.count;
    m.set(key, v);
  }
  return m;
}

/** Every duration of the goroutine analysis, per goroutine. */
function durations(s: GoroutineSummaries): Map<string, number> {
  const m = new Map<string, number>();
  const add = (k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const g of s.goroutines.values()) {
    const st = g.stats;
    add(`${g.id} total`, st.totalTime);
    add(`${g.id} exec`, st.execTime);
    add(`${g.id} sched`, st.schedWaitTime);
    add(`${g.id} syscall`, st.syscallTime);
    add(`${g.id} syscallBlock`, st.syscallBlockTime);
    for (const [r, v] of st.blockTimeByReason) add(`${g.id} block ${r}`, v);
    for (const [r, v] of st.rangeTime) add(`${g.id} range ${r}`, v);
  }
  for (const [k, v] of m) if (v === 0) m.delete(k);
  return m;
}

function sumMaps<V>(a: Map<string, V>, b: Map<string, V>, add: (x: V, y: V) => V): Map<string, V> {
  const m = new Map(a);
  for (const [k, v] of b) m.set(k, m.has(k) ? add(m.get(k)!, v) : v);
  return m;
}

const sorted = <V>(m: Map<string, V>) => [...m.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));

describe('windows of a cut sum to the whole (every corpus trace)', () => {
  it.each(traceCases(CORPUS).map((c) => [c.label, c] as const))('%s', async (_l, c) => {
    const store = await parseTraceFile(c.trace);
    const summaries = summarizeGoroutines(store);
    if (summaries.goroutines.size === 0) return; // no goroutine: no profile (go tool trace fails too)
    const span = traceSpan(store);
    const len = span.endTime - span.startTime;
    const after = len + 1;
    for (const x of [Math.floor(len / 3), Math.floor(len / 2)]) {
      for (const kind of KINDS) {
        const whole = byStack(store, pprofProfileRecords(store, kind, {}, summaries));
        const a = byStack(store, pprofProfileRecords(store, kind, { window: { start: 0, end: x } }, summaries));
        const b = byStack(store, pprofProfileRecords(store, kind, { window: { start: x, end: after } }, summaries));
        const sum = sumMaps(a, b, (p, q) => ({ time: p.time + q.time, count: p.count + q.count }));
        const all = byStack(store, pprofProfileRecords(store, kind, { window: { start: 0, end: after } }, summaries));
        expect(sorted(all), `${kind}: the window of the whole trace`).toEqual(sorted(whole));
        const times = (m: Map<string, { time: number; count: number }>) => new Map([...m].map(([k, v]) => [k, v.time]));
        expect(sorted(times(sum)), `${kind} cut at ${x}`).toEqual(sorted(times(whole)));
        // An interval crossing the cut counts once in each window; a sample is in one of them.
        if (isSampleKind(kind)) expect(sorted(sum), kind).toEqual(sorted(whole));
      }
      const gWhole = durations(summaries);
      const ga = durations(summarizeGoroutines(store, [], { start: 0, end: x }));
      const gb = durations(summarizeGoroutines(store, [], { start: x, end: after }));
      expect(sorted(sumMaps(ga, gb, (p, q) => p + q)), `goroutines cut at ${x}`).toEqual(sorted(gWhole));
    }
  });
});

describe('-window on the command line', () => {
  const trace = join(FIXTURES, 'traces/go1.26/critpath.trace');
  const pprof = (args: string[]): Profile => {
    const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), ...args, trace], { maxBuffer: 1 << 26 });
    expect(r.status, r.stderr.toString()).toBe(0);
    return Profile.decode(gunzipSync(r.stdout));
  };
  const delay = (p: Profile) => p.sample.reduce((a, s) => a + Number(s.value[1]), 0);

  it('-pprof=sync: [0,80ms) and [80ms,1h) sum to the whole', () => {
    const whole = delay(pprof(['-pprof=sync']));
    expect(whole).toBeGreaterThan(0);
    expect(delay(pprof(['-pprof=sync', '-window=0,80ms'])) + delay(pprof(['-pprof=sync', '-window=80ms,1h']))).toBe(whole);
    expect(delay(pprof(['-pprof=sync', '-window=0,80ms']))).toBeLessThan(whole);
  });

  it('-d=goroutines: the windows execution times sum to the whole', () => {
    const exec = (args: string[]) => {
      const r = runCli(['-d=goroutines', ...args, trace]);
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as GoroutinesJson).groups.reduce((a, g) => a + g.execTimeNs, 0);
    };
    const whole = exec([]);
    const a = exec(['-window=0,80ms']);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(whole);
    expect(a + exec(['-window=80ms,1h'])).toBe(whole);
  });

  it.each([
    [['-window=1s,2s', '-d=parsed'], /-window goes with/],
    [['-window=1s', '-pprof=sync'], /want START,END/],
  ])('%j is a usage error', (args, msg) => {
    const r = runCli([...(args as string[]), trace]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg as RegExp);
  });
});

describe('?window= on the pages API', async () => {
  const { statSync } = await import('node:fs');
  const { TraceSession } = await import('../server/session.js');
  const { buildApp } = await import('../server/app.js');
  const file = join(FIXTURES, 'traces/go1.26/critpath.trace');
  const s = new TraceSession(file, statSync(file).size, await parseTraceFile(file));
  const app = await buildApp(s, { assets: '/nonexistent' });
  const get = async <T>(url: string): Promise<T> => {
    const r = await app.inject({ method: 'GET', url });
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    return r.json() as T;
  };
  const { afterAll } = await import('vitest');
  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it.each(KINDS)('/api/profile?kind=%s: the windows of a cut sum to the whole', async (kind) => {
    type P = { totalNs: number; totalCount: number };
    const whole = await get<P>(`/api/profile?kind=${kind}`);
    const a = await get<P>(`/api/profile?kind=${kind}&window=0,80ms`);
    const b = await get<P>(`/api/profile?kind=${kind}&window=80ms,1h`);
    expect(a.totalNs + b.totalNs).toBe(whole.totalNs);
  });

  it('/api/goroutines and /api/goroutines/group take the window', async () => {
    type G = { totalExecNs: number; groups: { name: string; execNs: number }[] };
    const whole = await get<G>('/api/goroutines');
    const a = await get<G>('/api/goroutines?window=0,80ms');
    const b = await get<G>('/api/goroutines?window=80ms,1h');
    expect(a.totalExecNs + b.totalExecNs).toBe(whole.totalExecNs);
    expect(a.totalExecNs).toBeGreaterThan(0);
    const ga = await get<{ execNs: number }>('/api/goroutines/group?name=main.worker&window=0,80ms');
    expect(ga.execNs).toBe(a.groups.find((g) => g.name === 'main.worker')!.execNs);
  });

  it.each(['/api/profile?kind=sync&window=5', '/api/profile?kind=sync&window=2s,1s', '/api/goroutines?window=x,1s'])('%s is a bad request', async (url) => {
    const r = await app.inject({ method: 'GET', url });
    expect(r.statusCode).toBe(400);
    expect((r.json() as { error: string }).error).toMatch(/bad window/);
  });
});
