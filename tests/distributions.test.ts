// Scheduler latency (/api/sched-latency): every Runnable->Running wait, as go tool trace's
// -d=parsed shows the transitions: the same number of waits and the same total, on every corpus
// trace; the percentiles and histogram agree with the waits; the worst waits are the longest.
// And the viewer's client-side distributions (viewer/src/lib/distribution.ts) bucket as go tool
// trace's histograms do.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CORPUS, traceCases } from './support/paths.js';
import { parseTraceFile } from '../parser/node.js';
import { schedLatency } from '../analysis/sched-latency.js';
import { bucketMin, bucketOf } from '../analysis/task-histogram.js';

/** Runnable->Running waits from go tool trace's -d=parsed (a Runnable entered from a known state). */
function goldenWaits(golden: string): number[] | null {
  const f = join(golden, 'parsed.txt.gz');
  if (!existsSync(f) || existsSync(join(golden, 'parsed.truncated.txt'))) return null;
  const since = new Map<string, number>();
  const waits: number[] = [];
  const re = /StateTransition Time=(\d+) GoID=(\d+) (\w+)->(\w+)/;
  for (const line of gunzipSync(readFileSync(f)).toString('utf8').split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const [, time, id, from, to] = m as unknown as [string, string, string, string, string];
    if (from === to) continue;
    if (to === 'Runnable' && from !== 'Undetermined') {
      since.set(id, Number(time));
      continue;
    }
    const s = since.get(id);
    if (s === undefined) continue;
    since.delete(id);
    if (from === 'Runnable' && to === 'Running') waits.push(Number(time) - s);
  }
  return waits;
}

describe('scheduler latency = go tool trace -d=parsed Runnable->Running waits (every corpus trace)', () => {
  const cases = traceCases(CORPUS).filter((c) => goldenWaits(c.golden) !== null);
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_l, c) => {
    const want = goldenWaits(c.golden)!;
    const store = await parseTraceFile(c.trace);
    if (store.error) return; // -d=parsed stops at the damage differently
    const l = schedLatency(store, 10);
    expect(l.percentiles.count).toBe(want.length);
    expect(l.percentiles.totalNs).toBe(want.reduce((a, b) => a + b, 0));
    const sorted = [...want].sort((a, b) => a - b);
    expect([...l.durations]).toEqual(sorted);
    if (want.length === 0) return;
    expect(l.percentiles.maxNs).toBe(sorted[sorted.length - 1]);
    expect(l.percentiles.p50Ns).toBe(sorted[Math.ceil(0.5 * sorted.length) - 1]);
    expect(l.worst[0]!.duration).toBe(l.percentiles.maxNs);
    expect(l.worst.map((w) => w.duration)).toEqual(sorted.slice(-l.worst.length).reverse());
    expect(l.histogram!.buckets.reduce((a, b) => a + b.count, 0)).toBe(want.length);
  });
});

describe('viewer distributions bucket as go tool trace', async () => {
  const { distribution } = await import('../viewer/src/lib/distribution.js');
  it('buckets, percentiles and bucket membership', () => {
    const values = [0, 7, 5, 999, 1000, 1001, 25_000, 25_000, 3_000_000, 7e9];
    const d = distribution(values)!;
    expect(d.count).toBe(values.length);
    for (const b of d.buckets) expect(b.minNs).toBe(bucketMin(b.bucket));
    for (const v of values) {
      const b = d.buckets.find((x) => x.bucket === bucketOf(v))!;
      expect(b.count).toBeGreaterThan(0);
      expect(d.bucketOf(v)).toBe(bucketOf(v));
    }
    expect(d.buckets.reduce((a, b) => a + b.count, 0)).toBe(values.length);
    expect(d.p50Ns).toBe(1000); // sorted: 0 5 7 999 1000 | 1001 …
    expect(d.p90Ns).toBe(3_000_000);
    expect(d.maxNs).toBe(7e9);
    expect(distribution([])).toBeNull();
  });
});

/** Stop-the-world and mark-assist ranges as go tool trace's -d=parsed prints them: count and total per kind. */
function goldenPauses(golden: string): { stw: number[]; assists: number[] } | null {
  const f = join(golden, 'parsed.txt.gz');
  if (!existsSync(f) || existsSync(join(golden, 'parsed.truncated.txt'))) return null;
  const open = new Map<string, number>();
  const out = { stw: [] as number[], assists: [] as number[] };
  const re = /Range(Begin|Active|End) Time=(\d+) Name="([^"]*)" Scope=(\S+)/;
  for (const line of gunzipSync(readFileSync(f)).toString('utf8').split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const [, what, time, name, scope] = m as unknown as string[];
    const stw = name!.startsWith('stop-the-world');
    if (!stw && name !== 'GC mark assist') continue;
    const key = `${name} ${scope}`;
    if (what !== 'End') {
      if (!open.has(key)) open.set(key, Number(time));
      continue;
    }
    const s = open.get(key);
    if (s === undefined) continue;
    open.delete(key);
    (stw ? out.stw : out.assists).push(Number(time) - s);
  }
  return out;
}

describe('pauses = the stop-the-world and mark-assist ranges of go tool trace -d=parsed (every corpus trace)', async () => {
  const { pauses } = await import('../analysis/pauses.js');
  const cases = traceCases(CORPUS).filter((c) => goldenPauses(c.golden) !== null);
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_l, c) => {
    const want = goldenPauses(c.golden)!;
    const store = await parseTraceFile(c.trace);
    if (store.error) return;
    const p = pauses(store, 5);
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    expect([p.stwCount, p.stwTotal]).toEqual([want.stw.length, sum(want.stw)]);
    expect([p.assistCount, p.assistTotal]).toEqual([want.assists.length, sum(want.assists)]);
    expect(p.stw.map((x) => x.duration)).toEqual([...want.stw].sort((a, b) => b - a).slice(0, 5));
    expect(p.assists.map((x) => x.duration)).toEqual([...want.assists].sort((a, b) => b - a).slice(0, 5));
    for (const s of p.stw) expect(s.delayed).not.toContain(s.goroutine);
  });
});
