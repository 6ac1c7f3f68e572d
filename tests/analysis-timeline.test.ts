// Timeline data (analysis/timeline) on every corpus trace and fixture: goroutine spans are
// sorted and disjoint and add up to the goroutine analysis' numbers, per-P spans are disjoint,
// the goroutines-by-state counter matches the spans, metric series equal the metric events,
// and window queries agree with a scan. Prints the build time of the largest corpus trace.

import { describe, it, expect } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { parseTrace } from '../parser/index.js';
import { EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Ev } from '../parser/wire/specs.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { buildTimeline, COUNTED_STATES, Timeline, sampleAt, spansInWindow, indexOf } from '../analysis/timeline/index.js';
import { CORPUS, FIXTURES, traceCases } from './support/paths.js';

// The old-format cgo-callback traces of go1.19/go1.21 do not parse.
const cases = [...traceCases(CORPUS), ...traceCases(FIXTURES).map((c) => ({ ...c, label: `fixtures/${c.label}` }))].filter(
  (c) => !(c.name === 'cgo-callback' && (c.version === 'go1.19' || c.version === 'go1.21')),
);

type Grouped = { ids: Float64Array; offset: Uint32Array; count: Uint32Array; start: Float64Array; end: Float64Array };

/** Every group's spans are non-empty, sorted and disjoint; groups cover the rows exactly once. */
function checkDisjoint(g: Grouped, what: string): void {
  let rows = 0;
  for (let k = 0; k < g.ids.length; k++) {
    if (k > 0) expect(g.ids[k]! > g.ids[k - 1]!, `${what} ids ascend`).toBe(true);
    const lo = g.offset[k]!;
    const hi = lo + g.count[k]!;
    expect(lo, `${what} ${g.ids[k]} offset`).toBe(rows);
    rows += g.count[k]!;
    for (let j = lo; j < hi; j++) {
      if (!(g.start[j]! < g.end[j]!) || (j > lo && g.start[j]! < g.end[j - 1]!)) {
        expect.fail(`${what} ${g.ids[k]}: span ${j - lo} [${g.start[j]}, ${g.end[j]}) after [${g.start[j - 1]}, ${g.end[j - 1]})`);
      }
    }
  }
  expect(rows).toBe(g.start.length);
}

/** Per goroutine: Running time, Syscall time, Runnable time and Waiting time per reason. */
function totals(tl: Timeline, store: EventStore): Map<number, { exec: number; syscall: number; runnable: number; waiting: Map<string, number> }> {
  const g = tl.goroutines;
  const out = new Map<number, { exec: number; syscall: number; runnable: number; waiting: Map<string, number> }>();
  for (let k = 0; k < g.ids.length; k++) {
    const r = { exec: 0, syscall: 0, runnable: 0, waiting: new Map<string, number>() };
    for (let j = g.offset[k]!; j < g.offset[k]! + g.count[k]!; j++) {
      const d = g.end[j]! - g.start[j]!;
      if (g.state[j] === GoState.Running) r.exec += d;
      else if (g.state[j] === GoState.Syscall) r.syscall += d;
      else if (g.state[j] === GoState.Runnable) r.runnable += d;
      else {
        const reason = store.strings[g.reason[j]!]!;
        r.waiting.set(reason, (r.waiting.get(reason) ?? 0) + d);
      }
    }
    out.set(g.ids[k]!, r);
  }
  return out;
}

/** At every span boundary, the counter equals the number of goroutines whose spans cover it. */
function checkCounter(tl: Timeline): void {
  const g = tl.goroutines;
  const n = g.start.length;
  const time = new Float64Array(2 * n);
  const order = new Uint32Array(2 * n);
  for (let j = 0; j < n; j++) {
    time[2 * j] = g.start[j]!;
    time[2 * j + 1] = g.end[j]!;
    order[2 * j] = 2 * j;
    order[2 * j + 1] = 2 * j + 1;
  }
  order.sort((a, b) => time[a]! - time[b]!);
  const cur = [0, 0, 0, 0];
  const c = tl.counters.goroutines;
  for (let k = 0; k < order.length; ) {
    const t = time[order[k]!]!;
    for (; k < order.length && time[order[k]!] === t; k++) {
      const e = order[k]!;
      cur[COUNTED_STATES.indexOf(g.state[e >> 1]! as GoState)]! += e & 1 ? -1 : 1;
    }
    const s = sampleAt(c.time, t);
    const got = s < 0 ? [0, 0, 0, 0] : c.counts.map((v) => v[s]!);
    if (got.some((v, i) => v !== cur[i])) expect.fail(`counter at ${t}: ${got} != spans ${cur}`);
  }
  // And the counter has no sample where nothing changed, nor before the first span.
  for (let s = 1; s < c.time.length; s++) expect(c.time[s]! > c.time[s - 1]!).toBe(true);
}

function metricSamples(store: EventStore, typ: number): number[][] {
  const out: number[][] = [];
  for (const c of store.chunks) {
    for (let i = 0; i < c.n; i++) if (c.typ[i] === typ && TYPE_KIND[typ] === Kind.Metric) out.push([c.timeAt(i), c.arg(i, 0)]);
  }
  return out;
}

const pairs = (s: { time: Float64Array; value: Float64Array }): number[][] => Array.from(s.time, (t, k) => [t, s.value[k]!]);

describe('timeline data', () => {
  for (const tc of cases) {
    it(tc.label, () => {
      const store = parseTrace(readFileSync(tc.trace));
      const tl = buildTimeline(store);
      const sum = summarizeGoroutines(store);

      checkDisjoint(tl.goroutines, 'goroutine');
      checkDisjoint(tl.procs, 'P');
      checkDisjoint(tl.ranges.assists, 'mark assist of goroutine');
      checkDisjoint(tl.ranges.sweeps, 'sweep on P');
      const gc = tl.ranges.gc;
      for (let j = 0; j < gc.start.length; j++) {
        expect(gc.start[j]! <= gc.end[j]!).toBe(true);
        if (j > 0) expect(gc.start[j]! >= gc.end[j - 1]!).toBe(true);
      }
      for (let j = 1; j < tl.ranges.stw.start.length; j++) expect(tl.ranges.stw.start[j]! >= tl.ranges.stw.start[j - 1]!).toBe(true);

      // Per goroutine, the span totals equal the goroutine analysis. Intended differences:
      // a goroutine "blocked forever" is Waiting (reason "forever") here until the trace ends,
      // while the analysis counts it as exited; and the analysis, at the end of the trace,
      // adds the part of a still-blocked syscall to the scheduler wait too (Go's quirk), so
      // Runnable time is compared without it.
      const ours = totals(tl, store);
      for (const [id, g] of sum.goroutines) {
        const o = ours.get(id) ?? { exec: 0, syscall: 0, runnable: 0, waiting: new Map<string, number>() };
        const st = g.stats;
        const waiting = [...o.waiting].filter(([r]) => r !== 'forever').sort();
        const block = [...st.blockTimeByReason].filter(([, d]) => d !== 0).sort();
        expect({ id, exec: o.exec, syscall: o.syscall, waiting: waiting.filter(([, d]) => d !== 0) }).toEqual({
          id,
          exec: st.execTime,
          syscall: st.syscallTime + st.syscallBlockTime,
          waiting: block,
        });
        expect(o.runnable <= st.schedWaitTime, `goroutine ${id} runnable`).toBe(true);
      }
      for (const id of ours.keys()) expect(sum.goroutines.has(id), `goroutine ${id} in the analysis`).toBe(true);

      checkCounter(tl);
      expect(pairs(tl.counters.heapAlloc)).toEqual(metricSamples(store, Ev.HeapAlloc));
      expect(pairs(tl.counters.heapGoal)).toEqual(metricSamples(store, Ev.HeapGoal));
      expect(pairs(tl.counters.gomaxprocs)).toEqual(metricSamples(store, Ev.ProcsChange));
      for (const v of tl.counters.threadsRunning.value) expect(v >= 0).toBe(true);

      // Window queries agree with a scan, on the busiest goroutine.
      const g = tl.goroutines;
      let k = 0;
      for (let j = 0; j < g.ids.length; j++) if (g.count[j]! > g.count[k]!) k = j;
      expect(indexOf(g, g.ids[k]!)).toBe(k);
      const span = tl.lastTime - tl.firstTime;
      for (const [a, b] of [[0, 1], [0.25, 0.5], [0.5, 0.5001], [0.9, 1.1]] as const) {
        const t0 = tl.firstTime + a * span;
        const t1 = tl.firstTime + b * span;
        const [from, to] = spansInWindow(g, k, t0, t1);
        const scan: number[] = [];
        for (let j = g.offset[k]!; j < g.offset[k]! + g.count[k]!; j++) if (g.end[j]! > t0 && g.start[j]! < t1) scan.push(j);
        expect(Array.from({ length: to - from }, (_, q) => from + q)).toEqual(scan);
      }
    });
  }

  it('performance on the largest corpus trace (printed)', () => {
    const all = traceCases(CORPUS).filter((c) => !(c.name === 'cgo-callback' && (c.version === 'go1.19' || c.version === 'go1.21')));
    if (all.length === 0) return;
    const big = all.reduce((a, b) => (statSync(b.trace).size > statSync(a.trace).size ? b : a));
    const store = parseTrace(readFileSync(big.trace));
    // Best of 5 runs each (the first ones include compilation).
    const best = (f: () => void): number => {
      let ms = Infinity;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        f();
        ms = Math.min(ms, performance.now() - t0);
      }
      return ms;
    };
    const tl = buildTimeline(store);
    const ms = best(() => buildTimeline(store));
    const summaryMs = best(() => summarizeGoroutines(store));
    console.log(
      `timeline of ${big.label} (${statSync(big.trace).size} bytes, ${store.count} events): ${ms.toFixed(1)} ms (goroutine analysis: ${summaryMs.toFixed(1)} ms), ` +
        `${tl.goroutines.start.length} goroutine spans, ${tl.procs.start.length} P spans, ${tl.counters.goroutines.time.length} counter samples`,
    );
  });
});
