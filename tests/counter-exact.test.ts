// The timeline's metric counters (heap, heap goal, GOMAXPROCS) keep the trace's uint64s exactly:
// on the GOGC=off fixtures (a heap goal near 2^63 in Go 1.21 and 1.22 traces) each counter's
// `exact` values are the Values go tool trace's -d=parsed printed for the same events, in the
// analysis and through /api/timeline/counters; values past 2^53 that round to one double still
// count as a change; and on busy pixels (block min/max) each exact value is its point's value.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { buildTimeline, rawCounterSeries, timelineCounters } from '../analysis/timeline/index.js';
import type { CountersResponse } from '../api/types.js';
import { FIXTURES, traceCases } from './support/paths.js';
import { startServer, RunningServer } from './support/server.js';
import { textToWire } from './support/text/index.js';

/** Go's name of each metric series. */
const METRICS: Record<string, string> = {
  'Heap: allocated': '/memory/classes/heap/objects:bytes',
  'Heap: goal': '/gc/heap/goal:bytes',
  GOMAXPROCS: '/sched/gomaxprocs:threads',
};

const gogcOff = traceCases(FIXTURES).filter((c) => c.name === 'gogc-off');

/**
 * A metric's series as go tool trace's -d=parsed prints its events: [time since the first event,
 * exact value], the last one at each instant, consecutive repeats left out.
 */
function goldenSeries(goldenDir: string, metric: string): [number, string][] {
  const text = gunzipSync(readFileSync(join(goldenDir, 'parsed.txt.gz'))).toString('utf8');
  let first: number | null = null;
  const byTime: [number, string][] = [];
  const re = /^M=\S+ P=\S+ G=\S+ (\w+) Time=(-?\d+)(?: Name="([^"]*)" Value=Value\{Uint64\((\d+)\)\})?/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const t = Number(m[2]);
    first ??= t;
    if (m[1] !== 'Metric' || m[3] !== metric) continue;
    const rel = t - first;
    if (byTime.length > 0 && byTime[byTime.length - 1]![0] === rel) byTime.pop();
    byTime.push([rel, m[4]!]);
  }
  return byTime.filter((p, i) => i === 0 || p[1] !== byTime[i - 1]![1]);
}

/** The series' points as [t, exact]; every exact value must also be what its double rounds from. */
function exactPoints(s: CountersResponse['series'][number]): [number, string][] {
  expect(s.exact, `${s.name} has exact values`).toBeDefined();
  expect(s.exact!.length).toBe(s.v.length);
  s.exact!.forEach((x, i) => expect(Number(x), `${s.name}[${i}]`).toBe(s.v[i]));
  return s.t.map((t, i) => [t, s.exact![i]!]);
}

describe('metric counters are exact (GOGC=off fixtures)', () => {
  it('finds the gogc-off fixtures of Go 1.21, 1.22 and 1.26', () => {
    expect(gogcOff.map((c) => c.version).sort()).toEqual(['go1.21', 'go1.22', 'go1.26']);
  });

  for (const c of gogcOff) {
    it(`${c.label}: every metric series' exact values are the -d=parsed Values`, () => {
      const tl = buildTimeline(parseTrace(readFileSync(c.trace)));
      const raw = rawCounterSeries(tl).series;
      for (const [name, metric] of Object.entries(METRICS)) {
        const s = raw.find((x) => x.name === name)!;
        const want = goldenSeries(c.golden, metric);
        // (Old-format traces have no GOMAXPROCS metric.)
        if (name !== 'GOMAXPROCS' || c.version !== 'go1.21') expect(want.length, `${metric} events in the golden`).toBeGreaterThan(0);
        expect(exactPoints(s), name).toEqual(want);
        if (want.length === 0) continue;
        // The window query at 1 ns a pixel from the first sample gives the same points; at 3 pixels only golden values.
        let last = Math.min(want.length - 1, 40);
        while (last > 0 && want[last]![0] - want[0]![0] > 2e6) last--;
        const t0 = want[0]![0] - 0.5;
        const t1 = want[last]![0] + 0.5;
        const full = timelineCounters(tl, t0, t1, Math.round(t1 - t0)).series.find((x) => x.name === name)!;
        expect(exactPoints(full), `${name} at full resolution`).toEqual(want.slice(0, last + 1));
        const dur = tl.lastTime - tl.firstTime;
        const coarse = timelineCounters(tl, 0, dur + 1, 3).series.find((x) => x.name === name)!;
        const values = new Set(want.map(([, v]) => v));
        for (const [, v] of exactPoints(coarse)) expect(values.has(v), `${name} at 3 pixels: ${v}`).toBe(true);
      }
      const goal = raw.find((x) => x.name === 'Heap: goal')!;
      if (c.version !== 'go1.26') {
        // Go >= 1.23 writes 0 for "no goal"; older ones a value no double holds.
        expect(goal.exact!.every((x) => BigInt(x) > 2n ** 53n)).toBe(true);
        expect(goal.exact!.some((x, i) => x !== BigInt(goal.v[i]!).toString())).toBe(true);
      }
    });
  }

  it('two uint64s past 2^53 that round to one double are two points', () => {
    const text = `Trace Go1.22
EventBatch gen=1 m=18446744073709551615 time=100 size=5
Frequency freq=15625000
EventBatch gen=1 m=1 time=100 size=42
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
HeapGoal dt=1 heapgoal_value=8946670875745597436
HeapGoal dt=1 heapgoal_value=8946670875745597437
HeapGoal dt=1 heapgoal_value=8946670875745597437
`;
    expect(Number(8946670875745597436n)).toBe(Number(8946670875745597437n));
    const store = parseTrace(textToWire(text).bytes);
    expect(store.error).toBeFalsy();
    const tl = buildTimeline(store);
    const want = ['8946670875745597436', '8946670875745597437'];
    expect(rawCounterSeries(tl).series.find((x) => x.name === 'Heap: goal')!.exact).toEqual(want);
    const dur = tl.lastTime - tl.firstTime;
    expect(timelineCounters(tl, -0.5, dur + 0.5, 1000).series.find((x) => x.name === 'Heap: goal')!.exact).toEqual(want);
  });

  it('busy pixels (block min and max) carry the exact value of the point they show', () => {
    for (const label of ['go1.26/procs-8', 'go1.22/procs-8', 'go1.21/procs-8']) {
      const c = traceCases(FIXTURES).find((x) => x.label === label)!;
      const tl = buildTimeline(parseTrace(readFileSync(c.trace)));
      expect(tl.times.n, `${label}: events`).toBeGreaterThan(4096);
      const dur = tl.lastTime - tl.firstTime;
      for (const width of [1, 2, 5, 40]) {
        for (const s of timelineCounters(tl, 0, dur + 1, width).series) {
          if (!(s.name in METRICS)) {
            expect(s.exact).toBeUndefined();
            continue;
          }
          if (s.name !== 'GOMAXPROCS' || c.version !== 'go1.21') expect(s.v.length, `${label} ${s.name} at ${width}px`).toBeGreaterThan(0);
          s.v.forEach((v, i) => expect(s.exact![i], `${label} ${s.name} at ${width}px [${i}]`).toBe(String(v)));
        }
      }
    }
  });
});

describe('/api/timeline/counters sends the exact values (Go 1.22 GOGC=off)', () => {
  const c = gogcOff.find((x) => x.version === 'go1.22')!;
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer(c.trace);
  });
  afterAll(async () => {
    expect(await srv.close()).toBe(0);
  });

  it('the heap goal as decimal strings, equal to -d=parsed', async () => {
    const r = await fetch(`${srv.url}/api/timeline/counters?t0=0&t1=1e12&width=2000`);
    expect(r.status).toBe(200);
    const body = await r.text();
    const res = JSON.parse(body) as CountersResponse;
    const goal = res.series.find((x) => x.name === 'Heap: goal')!;
    const want = goldenSeries(c.golden, METRICS['Heap: goal']!).map(([, v]) => v);
    expect(want[0]).toBe('8946670875746431790');
    expect([...new Set(goal.exact)]).toEqual(want);
    // The digits are in the JSON text itself, not only a rounding of them.
    expect(body).toContain('"8946670875746431790"');
    expect(BigInt(goal.v[0]!).toString()).not.toBe('8946670875746431790');
  });
});
