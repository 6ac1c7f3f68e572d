// The origins of a blocking profile's stackless sample (analysis/empty-stack-origins.ts,
// /api/profile/empty-stack): on every corpus trace, for every kind go tool trace makes, the split
// by cause and the split by creation stack each sum exactly to the sample without frames of go
// tool trace's own -pprof output (count and delay), and to ours in the other scopes (goroutine
// groups, regions, windows). And what the corpus shows: in the scheduler-latency profile that
// sample is never a first run (the wait before a goroutine's first run lies outside the time the
// profile counts), and goroutines woken by the runtime hold most of it.

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, corpusCase, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';
import { decodeProfile } from './support/pprof.js';
import { parseTraceFile } from '../parser/node.js';
import { EventStore } from '../parser/events.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { traceSpan } from '../analysis/trace-span.js';
import { pprofIntervals, pprofProfileRecords, type PprofFilter } from '../analysis/pprof.js';
import { emptyStackOrigins, emptyStackOriginsJson, type CountAndTime, type EmptyStackOrigins } from '../analysis/empty-stack-origins.js';
import { hasNoPcs } from '../analysis/stacks-by-pcs.js';
import { PPROF_MAX_STACK, type ProfileRecord } from '../analysis/profile-record.js';
import { goToolTraceKinds, type PprofKind } from '../api/profile-kinds.js';
import { emptyStackLabel, type EmptyStackCause } from '../api/empty-stack-causes.js';
import type { EmptyStackOriginsResponse, ProfileResponse } from '../api/types.js';
import { useTraceApp } from './support/trace-app.js';

const KINDS = goToolTraceKinds().map((k) => k.id as PprofKind);

/** The golden's sample without frames: [count, delay] (null: none). */
function goldenEmpty(file: string): [number, number] | null {
  const p = decodeProfile(readFileSync(file));
  const s = p.samples.filter((x) => !x.includes('\n'));
  expect(s.length).toBeLessThanOrEqual(1);
  return s.length === 0 ? null : (s[0]!.split(' ').map(Number) as [number, number]);
}

/** Our records' stackless one: [count, delay] (null: none). */
function ourEmpty(store: EventStore, recs: ProfileRecord[]): [number, number] | null {
  const r = recs.find((x) => hasNoPcs(store, x.stack, PPROF_MAX_STACK));
  return r === undefined ? null : [r.count, r.time];
}

/** Sum of counts and delays. */
function total(xs: Iterable<CountAndTime>): [number, number] {
  let count = 0;
  let ns = 0;
  for (const v of xs) {
    count += v.count;
    ns += v.ns;
  }
  return [count, ns];
}

/** The origins' total, and each split's sums, as [count, delay] (null when empty); the splits must agree. */
function sums(o: EmptyStackOrigins): [number, number] | null {
  for (const cr of o.creators) {
    expect([...total(cr.causes.values()), ...total(cr.byGoroutine.values()), cr.byGoroutine.size]).toEqual([cr.count, cr.ns, cr.count, cr.ns, cr.goroutines]);
  }
  expect(total(o.causes.values())).toEqual([o.count, o.ns]);
  expect(total(o.creators)).toEqual([o.count, o.ns]);
  return o.count === 0 ? null : [o.count, o.ns];
}

const cases = traceCases(CORPUS).filter((c) => existsSync(join(c.golden, 'sched.pprof')) && statSync(join(c.golden, 'sched.pprof')).size > 0);
/** Delay per cause of the sched profiles' stackless samples over the whole corpus. */
const schedCauses = new Map<EmptyStackCause, number>();
let withSample = 0;

describe("the stackless sample's origins sum to go tool trace's (every corpus trace, every kind)", () => {
  itRunsCases('corpus traces go tool trace made profiles of', cases.length, 86);
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_l, c) => {
    const store = await parseTraceFile(c.trace);
    const summaries = summarizeGoroutines(store);
    const span = traceSpan(store);
    for (const kind of KINDS) {
      const golden = goldenEmpty(join(c.golden, `${kind}.pprof`));
      const o = emptyStackOrigins(store, kind, pprofIntervals(store, {}, summaries, span, kind), span);
      expect({ kind, empty: sums(o) }).toEqual({ kind, empty: golden });
      if (golden !== null) withSample++;
      if (kind === 'sched') for (const [k, v] of o.causes) schedCauses.set(k, (schedCauses.get(k) ?? 0) + v.ns);
    }
  });
  it('traces with a stackless sample were checked, and what causes it in the scheduler-latency profile', () => {
    // Nearly every corpus trace has one (go tool trace's goldens): the check above compared them.
    expect(withSample).toBeGreaterThanOrEqual(60);
    // Never a first run: the wait before it lies before the goroutine's counted interval.
    expect(schedCauses.get('created') ?? 0).toBe(0);
    const total = [...schedCauses.values()].reduce((a, b) => a + b, 0);
    expect(2 * schedCauses.get('runtime-wakeup')!).toBeGreaterThan(total);
  });
});

describe('the origins follow the profile in every scope', () => {
  it.each(['go1.26/http-load', 'go1.26/syscalls', 'go1.22/gc-stress', 'go1.19/cpu-profile', 'go1.26/annotations', 'go1.24/cgo-callback'])('%s', async (label) => {
    const c = corpusCase(label);
    const store = await parseTraceFile(c.trace);
    const summaries = summarizeGoroutines(store);
    const span = traceSpan(store);
    const len = span.endTime - span.startTime;
    const filters: PprofFilter[] = [{ region: {} }, { window: { start: Math.floor(len / 3), end: len + 1 } }, { region: {}, window: { start: 0, end: Math.floor(len / 2) } }];
    for (const name of new Set([...summaries.goroutines.values()].map((g) => g.name))) if (name !== '') filters.push({ goroutineName: name });
    let nonEmpty = 0;
    for (const kind of ['sched', 'syscall'] as const) {
      for (const f of filters) {
        const w = f.window === undefined ? null : { start: span.startTime + f.window.start, end: span.startTime + f.window.end };
        const o = emptyStackOrigins(store, kind, pprofIntervals(store, f, summaries, span, kind), span, w);
        const want = ourEmpty(store, pprofProfileRecords(store, kind, f, summaries));
        expect({ kind, f, got: sums(o) }).toEqual({ kind, f, got: want });
        if (want !== null) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(0);
  });
});

describe('labels', () => {
  it('name the cause, the largest one when it holds most of the delay', () => {
    expect(emptyStackLabel([])).toBe('(no stack)');
    expect(emptyStackLabel([{ cause: 'runtime-wakeup', ns: 5 }])).toBe('(no stack: woken by the runtime)');
    expect(emptyStackLabel([{ cause: 'syscall-return', ns: 2 }, { cause: 'runtime-wakeup', ns: 5 }])).toBe('(no stack: mostly woken by the runtime)');
    expect(emptyStackLabel([{ cause: 'syscall-return', ns: 5 }, { cause: 'runtime-wakeup', ns: 3 }, { cause: 'preempted', ns: 3 }])).toBe(
      '(no stack: back from a blocking syscall and 2 other causes)',
    );
  });
});

describe('GET /api/profile/empty-stack', () => {
  const file = corpusCase('go1.26/http-load').trace;
  const { get, session } = useTraceApp(file);

  it("answers the split of /api/profile's stackless sample, in each scope", async () => {
    for (const q of ['', '&name=net/http.(*conn).serve', '&scope=region', '&window=0,1s']) {
      const p = (await get(`/api/profile?kind=sched${q}`)).json() as ProfileResponse;
      const r = await get(`/api/profile/empty-stack?kind=sched${q}`);
      expect(r.statusCode, q).toBe(200);
      const o = r.json() as EmptyStackOriginsResponse;
      const e = p.samples.find((x) => x.stack.length === 0);
      expect({ q, ns: o.ns, count: o.count }).toEqual({ q, ns: e?.ns ?? 0, count: e?.count ?? 0 });
      expect(o.causes.reduce((a, c) => a + c.ns, 0)).toBe(o.ns);
      expect(o.creators.reduce((a, c) => a + c.ns, 0)).toBe(o.ns);
      expect(o.creators.reduce((a, c) => a + c.count, 0)).toBe(o.count);
      for (const c of o.causes) expect(c.label.length).toBeGreaterThan(0);
    }
    const whole = (await get('/api/profile/empty-stack?kind=sched')).json() as EmptyStackOriginsResponse;
    expect(whole.count).toBeGreaterThan(0);
    expect(whole.causes[0]!.cause).toBe('runtime-wakeup');
    // The same as the analysis computes in-process.
    const s = session();
    const span = traceSpan(s.store);
    const o = emptyStackOrigins(s.store, 'sched', pprofIntervals(s.store, {}, s.summaries, span, 'sched'), span);
    expect(whole).toEqual(emptyStackOriginsJson(s.store, 'sched', o, (id) => s.summaries.goroutines.get(id)?.name ?? ''));
  });

  it('refuses a sampled kind and a group with a region', async () => {
    expect((await get('/api/profile/empty-stack?kind=cpu')).statusCode).toBe(400);
    expect((await get('/api/profile/empty-stack?kind=sched&name=x&type=y')).statusCode).toBe(400);
    expect((await get('/api/profile/empty-stack?kind=heap')).statusCode).toBe(400);
  });
});
