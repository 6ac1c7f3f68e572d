// /jsontrace through the real server: go tool trace's parameters (view=, goid=, focustask=,
// taskid=, start=/end=) answer Catapult JSON (the default view equals go tool trace's golden);
// bad parameters answer 400 and unknown goroutines or tasks 404, with a JSON error; damaged traces
// answer what they kept (or a 404 when they kept nothing), never a 500.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CORPUS } from './support/paths.js';
import { startServer, RunningServer } from './support/server.js';
import { compareTraceEvents, describeDiff, type TraceDoc } from '../analysis/jsontrace/index.js';
import type { JsonTraceRangesResponse } from '../api/jsontrace-format.js';

const ANNOT = join(CORPUS, 'traces/go1.26/annotations.trace');
const ANNOT_GOLDEN = join(CORPUS, 'golden/go1.26/annotations/jsontrace.json.gz');

async function get(base: string, path: string): Promise<{ status: number; type: string; text: string }> {
  const r = await fetch(base + path);
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

async function doc(base: string, path: string): Promise<TraceDoc> {
  const r = await get(base, path);
  expect(r.status, `${path}: ${r.text.slice(0, 300)}`).toBe(200);
  expect(r.type).toMatch(/^application\/json/);
  return JSON.parse(r.text) as TraceDoc;
}

/** The name given to a section (pid) by its process_name metadata. */
function sectionName(d: TraceDoc, pid: number): string | undefined {
  const m = d.traceEvents.find((e) => e.ph === 'M' && e.name === 'process_name' && e.pid === pid);
  return (m?.args as { name?: string } | undefined)?.name;
}

describe('/jsontrace on the annotations trace (go1.26)', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    expect(existsSync(ANNOT), `the shared corpus is missing: ${ANNOT}`).toBe(true);
    srv = await startServer(ANNOT);
  });
  afterAll(async () => {
    expect(await srv.close()).toBe(0);
  });

  it('the default (view=proc) equals go tool trace golden', async () => {
    const golden = JSON.parse(gunzipSync(readFileSync(ANNOT_GOLDEN)).toString('utf8')) as TraceDoc;
    for (const path of ['/jsontrace', '/jsontrace?view=proc']) {
      const d = compareTraceEvents(golden, await doc(srv.url, path));
      expect(d.missing.length + d.extra.length, describeDiff(d)).toBe(0);
    }
  });

  it('start=/end= keep a slice of the events plus the metadata', async () => {
    const all = await doc(srv.url, '/jsontrace?view=proc');
    const part = await doc(srv.url, '/jsontrace?view=proc&start=10&end=19');
    const meta = all.traceEvents.filter((e) => e.ph === 'M').length;
    expect(part.traceEvents.length).toBe(10 + meta);
    expect(part.traceEvents.slice(0, 10).map((e) => e.ts)).toEqual(all.traceEvents.slice(10, 20).map((e) => e.ts));
  });

  it('t0=/t1= (the timeline\'s window, ns) keep the events that start or end inside it, as go tool trace windows a view', async () => {
    const all = await doc(srv.url, '/jsontrace?view=proc');
    const timed = all.traceEvents.filter((e) => e.ph !== 'M');
    const ends = timed.map((e) => [Number(e.ts) * 1000, (Number(e.ts) + Number(e.dur ?? 0)) * 1000] as const);
    const last = Math.max(...ends.map((x) => x[1]));
    const t0 = Math.round(last / 3);
    const t1 = Math.round((2 * last) / 3);
    const part = await doc(srv.url, `/jsontrace?view=proc&t0=${t0}&t1=${t1}`);
    const key = (e: Record<string, unknown>): string => JSON.stringify([e.ph, e.name, e.pid, e.tid, e.ts, e.dur ?? 0]);
    // Slices and instants: exactly those with an end inside the window (ts in µs, 1 ns = 0.001).
    const inside = (e: Record<string, unknown>): boolean => {
      const a = Math.round(Number(e.ts) * 1000);
      const b = Math.round((Number(e.ts) + Number(e.dur ?? 0)) * 1000);
      return (t0 <= a && a <= t1) || (t0 <= b && b <= t1);
    };
    const want = timed.filter((e) => (e.ph === 'X' || e.ph === 'i' || e.ph === 'I') && inside(e)).map(key).sort();
    const got = part.traceEvents.filter((e) => e.ph === 'X' || e.ph === 'i' || e.ph === 'I').map(key).sort();
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(timed.length);
    expect(got).toEqual(want);
    for (const q of [`t0=${t0}`, `t1=${t1}`, `t0=${t1}&t1=${t0}`, 't0=-1&t1=5']) expect((await get(srv.url, `/jsontrace?${q}`)).status, q).toBe(400);
  });

  it('view=thread draws threads', async () => {
    const d = await doc(srv.url, '/jsontrace?view=thread');
    expect(sectionName(d, 0)).toBe('OS THREADS');
    const rows = d.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && /^Thread \d+$/.test(String((e.args as { name: string }).name)));
    expect(rows.length).toBeGreaterThan(0);
    expect(d.traceEvents.some((e) => e.ph === 'X' && String(e.name).startsWith('G1 '))).toBe(true);
  });

  it('goid= draws the goroutine and its related ones, itself on top', async () => {
    const d = await doc(srv.url, '/jsontrace?goid=1');
    expect(sectionName(d, 0)).toBe('G');
    const sort = d.traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_sort_index' && e.pid === 0 && e.tid === 1);
    expect(sort?.args).toEqual({ sort_index: -2 });
    const slices = d.traceEvents.filter((e) => e.ph === 'X' && e.pid === 0);
    expect(slices.length).toBeGreaterThan(0);
    expect(slices.some((e) => e.tid === 1)).toBe(true);
    const d2 = await doc(srv.url, '/jsontrace?view=goroutine&goid=1');
    expect(d2.traceEvents.length).toBe(d.traceEvents.length);
  });

  it('focustask= and taskid= draw the task', async () => {
    const r = await get(srv.url, '/jsontrace?focustask=1');
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    const d = JSON.parse(r.text) as TraceDoc;
    expect(sectionName(d, 2)).toBe('TASKS');
    // Task 1 began before the trace: no type, and go tool trace leaves an empty name out.
    const task = d.traceEvents.find((e) => e.ph === 'X' && e.pid === 2 && e.tid === 1);
    expect(task).toBeDefined();
    expect('name' in task!).toBe(false);
    const g = await doc(srv.url, '/jsontrace?taskid=1');
    expect(sectionName(g, 0)).toBe('G');
    expect(sectionName(g, 2)).toBe('TASKS');
  });

  it('bad parameters answer 400, unknown goroutines and tasks 404, with a JSON error', async () => {
    for (const q of ['view=bogus', 'goid=abc', 'goid=-1', 'start=5', 'end=5', 'start=a&end=b', 'view=goroutine', 'nope=1']) {
      const r = await get(srv.url, `/jsontrace?${q}`);
      expect(r.status, q).toBe(400);
      expect(JSON.parse(r.text).error, q).toMatch(/\S/);
    }
    for (const q of ['goid=987654321', 'focustask=987654321', 'taskid=987654321']) {
      const r = await get(srv.url, `/jsontrace?${q}`);
      expect(r.status, q).toBe(404);
      expect(JSON.parse(r.text).error).toMatch(/no (goroutine|task) 987654321/);
    }
  });

  it('/api/jsontrace/ranges: one range (no split) and go tool trace index links', async () => {
    const r = JSON.parse((await get(srv.url, '/api/jsontrace/ranges')).text) as JsonTraceRangesResponse;
    expect(r.ranges).toEqual([]);
    expect(r.links.map((l) => l.jsontrace)).toEqual(['/jsontrace?view=proc', '/jsontrace?view=thread']);
    expect(r.links.map((l) => l.trace)).toEqual(['/trace?view=proc', '/trace?view=thread']);
  });

  it('/trace stays the viewer page', async () => {
    const r = await get(srv.url, '/trace?view=proc');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/html/);
  });
});

describe('/jsontrace on damaged traces', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prof-trace-jsontrace-'));
  });

  it('a truncated multi-generation trace answers what it kept', async () => {
    const bytes = readFileSync(join(CORPUS, 'traces/go1.26/multi-generation.trace'));
    const f = join(dir, 'cut.trace');
    writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const srv = await startServer(f);
    try {
      for (const q of ['', '?view=thread', '?goid=1', '?focustask=1', '?taskid=1']) {
        const r = await get(srv.url, `/jsontrace${q}`);
        expect(r.status, `${q}: ${r.text.slice(0, 200)}`).toBe(200);
        expect(JSON.parse(r.text).traceEvents.length).toBeGreaterThan(0);
      }
    } finally {
      await srv.close();
    }
  });

  it('an old-format trace that kept no events answers 404 with a sentence', async () => {
    const bytes = readFileSync(join(CORPUS, 'traces/go1.21/timers.trace'));
    const f = join(dir, 'cut121.trace');
    writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * 0.5)));
    const srv = await startServer(f);
    try {
      for (const path of ['/jsontrace', '/jsontrace?view=thread', '/jsontrace?goid=1', '/jsontrace?focustask=1', '/api/jsontrace/ranges']) {
        const r = await get(srv.url, path);
        expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(404);
        expect(JSON.parse(r.text).error).toMatch(/nothing to show|no goroutine 1/);
      }
    } finally {
      await srv.close();
    }
  });
});
