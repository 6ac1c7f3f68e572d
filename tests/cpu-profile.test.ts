// -pprof=cpu: the CPU profiler's samples in a trace as a pprof profile (samples/count,
// cpu/nanoseconds at 100 Hz), one sample per StackSample event: as many samples as go tool
// trace's -d=parsed prints StackSample events, on every corpus trace and fixture (the old format's
// too); fixtures/programs/cpuburn's 1:2 work shows in its samples; scoped by goroutine group, the
// groups' samples and those outside any goroutine partition the whole.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { spawnSync } from 'node:child_process';
import { CORPUS, FIXTURES, REPO, traceCases } from './support/paths.js';
import { parseTraceFile } from '../parser/node.js';
import { pprofProfileRecords } from '../analysis/pprof.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { streamPprofRecords } from '../analysis/stream-analysis.js';
import { Kind, TYPE_KIND } from '../parser/events.js';

const PERIOD = 10_000_000;

/** StackSample events in go tool trace's -d=parsed output (null when it was cut short or failed). */
function goldenSamples(golden: string): number | null {
  if (!existsSync(join(golden, 'parsed.txt.gz')) || existsSync(join(golden, 'parsed.truncated.txt'))) return null;
  const text = gunzipSync(readFileSync(join(golden, 'parsed.txt.gz'))).toString('utf8');
  return (text.match(/^M=\S+ P=\S+ G=\S+ StackSample /gm) ?? []).length;
}

function decode(gz: Uint8Array): Profile {
  return Profile.decode(gunzipSync(gz));
}

describe.each(['go1.22', 'go1.26'])('-pprof=cpu on cpuburn (%s)', (version) => {
  const trace = join(FIXTURES, 'traces', version, 'cpuburn.trace');
  it('one sample per StackSample, in the 1:2 ratio of the work', () => {
    const bytes = runCliBinary(['-pprof=cpu', trace]);
    const p = decode(bytes);
    const str = (i: number | bigint) => p.stringTable.strings[Number(i)]!;
    expect(p.sampleType.map((t) => `${str(t.type)}/${str(t.unit)}`)).toEqual(['samples/count', 'cpu/nanoseconds']);
    expect(`${str(p.periodType!.type)}/${str(p.periodType!.unit)}`).toBe('cpu/nanoseconds');
    expect(Number(p.period)).toBe(PERIOD);
    const total = p.sample.reduce((a, s) => a + Number(s.value[0]), 0);
    expect(total).toBe(goldenSamples(join(FIXTURES, 'golden', version, 'cpuburn')));
    for (const s of p.sample) expect(Number(s.value[1])).toBe(Number(s.value[0]) * PERIOD);
    // Samples under each burn function.
    const fnName = new Map(p.function.map((f) => [Number(f.id), str(f.name)]));
    const locFns = new Map(p.location.map((l) => [Number(l.id), l.line.map((x) => fnName.get(Number(x.functionId))!)]));
    const under = (fn: string) => p.sample.filter((s) => s.locationId.some((id) => locFns.get(Number(id))!.includes(fn))).reduce((a, s) => a + Number(s.value[0]), 0);
    const one = under('main.burnOne');
    const two = under('main.burnTwo');
    expect(one).toBeGreaterThan(20);
    expect(two / one).toBeGreaterThan(1.5);
    expect(two / one).toBeLessThan(2.7);
  });
});

/** Runs the CLI and returns its stdout as bytes. */
function runCliBinary(args: string[]): Uint8Array {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), ...args], { maxBuffer: 1 << 28 });
  expect(r.status).toBe(0);
  return new Uint8Array(r.stdout);
}

describe('cpu samples = StackSample events, streamed or not, partitioned by group', () => {
  const cases = [...traceCases(CORPUS), ...traceCases(FIXTURES)].filter((c) => goldenSamples(c.golden) !== null);
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_l, c) => {
    const want = goldenSamples(c.golden)!;
    const store = await parseTraceFile(c.trace);
    let events = 0;
    for (const ch of store.chunks) for (let i = 0; i < ch.n; i++) if (TYPE_KIND[ch.typ[i]!] === Kind.StackSample) events++;
    expect(events).toBe(want);
    if (store.error) return; // a damaged trace's profile stops at its last Sync
    const summaries = summarizeGoroutines(store);
    if (summaries.goroutines.size === 0) return;
    const whole = pprofProfileRecords(store, 'cpu', {}, summaries);
    const count = (recs: { count: number }[]) => recs.reduce((a, r) => a + r.count, 0);
    expect(count(whole)).toBe(want);
    const streamed = await streamPprofRecords(c.trace, 'cpu');
    expect(count(streamed.records)).toBe(want);
    // Groups: their samples plus those of no goroutine (or of none the analysis knows) make the whole.
    const names = new Set([...summaries.goroutines.values()].map((g) => g.name).filter((n) => n !== ''));
    let grouped = 0;
    for (const n of names) grouped += count(pprofProfileRecords(store, 'cpu', { goroutineName: n }, summaries));
    let outside = 0;
    for (const ch of store.chunks) {
      for (let i = 0; i < ch.n; i++) {
        if (TYPE_KIND[ch.typ[i]!] !== Kind.StackSample) continue;
        const g = summaries.goroutines.get(ch.ctxG[ch.ctx[i]!]!);
        if (g === undefined || g.name === '') outside++;
      }
    }
    expect(grouped + outside).toBe(want);
  });
});
