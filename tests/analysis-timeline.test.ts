// Timeline data (analysis/timeline) on every corpus trace and fixture: goroutine, P and thread
// rows are sorted and disjoint and goroutine rows add up to the goroutine analysis' numbers, the
// goroutines-by-state counter matches the rows, metric series equal the metric events, and row
// lookups agree with a scan. Prints the build time of the largest corpus trace.

import { describe, it, expect } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { parseTrace } from '../parser/index.js';
import { EventStore, GoState, Kind, TYPE_KIND } from '../parser/events.js';
import { Ev } from '../parser/wire/specs.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { buildTimeline, Timeline, sampleAt, indexOf, trackView, TrackView } from '../analysis/timeline/index.js';
import { rawCounterSeries } from '../analysis/timeline/counters-query.js';
import { CORPUS, FIXTURES, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

// The old-format cgo-callback traces of go1.19/go1.21 do not parse (nor does go tool trace).
const unreadable = (c: { name: string; version: string }) => c.name === 'cgo-callback' && (c.version === 'go1.19' || c.version === 'go1.21');
const corpusCases = traceCases(CORPUS).filter((c) => !unreadable(c));
const cases = [...corpusCases, ...traceCases(FIXTURES).map((c) => ({ ...c, label: `fixtures/${c.label}` }))];

const COUNTED_STATES = [GoState.Runnable, GoState.Running, GoState.Waiting, GoState.Syscall];

type Index = { ids: Float64Array; offset: Uint32Array; count: Uint32Array };

/** Every track's drawn rows are non-empty, sorted and disjoint; ids ascend; groups do not overlap. */
function checkTracks(tl: Timeline, prefix: string, idx: Index, what: string, terminated: boolean): void {
  // Groups (laid out in any order) never share rows.
  const byOffset = Array.from(idx.ids.keys()).sort((a, b) => idx.offset[a]! - idx.offset[b]!);
  // (expect only on failure: thousands of goroutines per trace)
  for (let q = 1; q < byOffset.length; q++) {
    const a = byOffset[q - 1]!;
    if (idx.offset[byOffset[q]!]! < idx.offset[a]! + idx.count[a]!) expect.fail(`${what} ${idx.ids[byOffset[q]!]} rows overlap ${idx.ids[a]}'s`);
  }
  for (let k = 0; k < idx.ids.length; k++) {
    if (k > 0 && !(idx.ids[k]! > idx.ids[k - 1]!)) expect.fail(`${what} ids ascend`);
    const v = trackView(tl, `${prefix}${idx.ids[k]}`)!;
    if (v.lo !== idx.offset[k] || v.hi !== idx.offset[k]! + idx.count[k]!) expect.fail(`${what} ${idx.ids[k]}: track rows [${v.lo}, ${v.hi})`);
    if (terminated && v.style(v.hi - 1) !== 0) expect.fail(`${what} ${idx.ids[k]} does not end with a terminator`);
    let lastEnd = -Infinity;
    for (let j = v.lo; j < v.hi; j++) {
      const s = v.start(j);
      if (j > v.lo && s < v.start(j - 1)) expect.fail(`${what} ${idx.ids[k]}: row ${j - v.lo} starts before the previous`);
      if (v.style(j) === 0) continue;
      const e = v.end(j);
      if (!(s < e) && !(prefix === 'm' && s === e)) expect.fail(`${what} ${idx.ids[k]}: row ${j - v.lo} [${s}, ${e}) is empty`);
      if (s < lastEnd) expect.fail(`${what} ${idx.ids[k]}: row ${j - v.lo} [${s}, ${e}) overlaps the previous (end ${lastEnd})`);
      lastEnd = e;
    }
  }
}

type Totals = { exec: number; syscall: number; runnable: number; waiting: Map<string, number> };

/** Per goroutine: Running time, Syscall time, Runnable time and Waiting time per reason. */
function totals(tl: Timeline): Map<number, Totals> {
  const g = tl.goroutines;
  const out = new Map<number, Totals>();
  for (let k = 0; k < g.ids.length; k++) {
    const r: Totals = { exec: 0, syscall: 0, runnable: 0, waiting: new Map<string, number>() };
    const v = trackView(tl, `g${g.ids[k]}`)!;
    for (let j = v.lo; j < v.hi; j++) {
      const style = v.style(j);
      if (style === 0) continue;
      const d = v.end(j) - v.start(j);
      const state = tl.styles.goState[style];
      if (state === GoState.Running) r.exec += d;
      else if (state === GoState.Syscall) r.syscall += d;
      else if (state === GoState.Runnable) r.runnable += d;
      else {
        const reason = tl.styles.reason(style);
        r.waiting.set(reason, (r.waiting.get(reason) ?? 0) + d);
      }
    }
    out.set(g.ids[k]!, r);
  }
  return out;
}

/** At every row boundary, the counter equals the number of goroutines whose rows cover it. */
function checkCounter(tl: Timeline): void {
  const ts: number[] = [];
  const delta: number[] = [];
  const g = tl.goroutines;
  for (let k = 0; k < g.ids.length; k++) {
    const v = trackView(tl, `g${g.ids[k]}`)!;
    for (let j = v.lo; j < v.hi; j++) {
      const style = v.style(j);
      if (style === 0) continue;
      const st = COUNTED_STATES.indexOf(tl.styles.goState[style] as GoState);
      ts.push(v.start(j), v.end(j));
      delta.push(st + 1, -(st + 1));
    }
  }
  const order = Array.from(ts.keys()).sort((a, b) => ts[a]! - ts[b]!);
  const raw = rawCounterSeries(tl).series.slice(0, 4);
  const rawT = raw.map((s) => Float64Array.from(s.t));
  const cur = [0, 0, 0, 0];
  for (let k = 0; k < order.length; ) {
    const t = ts[order[k]!]!;
    // Goroutines alive at the end stay counted (their rows end there only because the trace does).
    if (t === tl.lastTime) break;
    for (; k < order.length && ts[order[k]!] === t; k++) {
      const d = delta[order[k]!]!;
      cur[Math.abs(d) - 1]! += Math.sign(d);
    }
    const got = raw.map((s, q) => {
      const i = sampleAt(rawT[q]!, t - tl.firstTime);
      return i < 0 ? 0 : s.v[i]!;
    });
    if (got.some((v, i) => v !== cur[i])) expect.fail(`counter at ${t}: ${got} != rows ${cur}`);
  }
  // And a series has no sample where it did not change.
  for (const s of raw) for (let i = 1; i < s.t.length; i++) expect(s.t[i]! > s.t[i - 1]! && s.v[i] !== s.v[i - 1]).toBe(true);
}

/** A metric's events as a series: the last value at each instant, kept where it changed (times since the first event). */
function metricSeries(store: EventStore, typ: number, first: number): number[][] {
  const out: number[][] = [];
  for (const c of store.chunks) {
    for (let i = 0; i < c.n; i++) {
      if (c.typ[i] !== typ || TYPE_KIND[typ] !== Kind.Metric) continue;
      const t = c.timeAt(i) - first;
      const v = c.arg(i, 0);
      if (out.length > 0 && out[out.length - 1]![0] === t) out.pop();
      if (out.length > 0 && out[out.length - 1]![1] === v) continue;
      out.push([t, v]);
    }
  }
  return out;
}

const pairs = (s: { t: number[]; v: number[] }): number[][] => s.t.map((t, k) => [t, s.v[k]!]);

function busiest(v: TrackView[]): TrackView {
  return v.reduce((a, b) => (b.hi - b.lo > a.hi - a.lo ? b : a));
}

describe('timeline data', () => {
  itRunsCases('traces (86 readable corpus traces, 58 fixtures)', cases.length, 144);
  for (const tc of cases) {
    it(tc.label, () => {
      const store = parseTrace(readFileSync(tc.trace));
      const tl = buildTimeline(store);
      const sum = summarizeGoroutines(store);

      checkTracks(tl, 'g', tl.goroutines, 'goroutine', true);
      checkTracks(tl, 'p', tl.procs, 'P', false);
      checkTracks(tl, 'm', tl.threads, 'thread', false);
      const as = tl.ranges.assists;
      for (let k = 0; k < as.ids.length; k++) {
        for (let j = as.offset[k]!; j < as.offset[k]! + as.count[k]!; j++) {
          expect(as.start[j]! <= as.end[j]!).toBe(true);
          if (j > as.offset[k]!) expect(as.start[j]! >= as.end[j - 1]!).toBe(true);
        }
      }
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
      const ours = totals(tl);
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
      const raw = rawCounterSeries(tl).series;
      const named = (n: string) => pairs(raw.find((x) => x.name === n)!);
      expect(named('Heap: allocated')).toEqual(metricSeries(store, Ev.HeapAlloc, tl.firstTime));
      expect(named('Heap: goal')).toEqual(metricSeries(store, Ev.HeapGoal, tl.firstTime));
      expect(named('GOMAXPROCS')).toEqual(metricSeries(store, Ev.ProcsChange, tl.firstTime));
      for (const v of raw.find((x) => x.name === 'Threads: running')!.v) expect(v >= 0).toBe(true);

      // Row lookups agree with a scan, on the busiest goroutine.
      const g = tl.goroutines;
      expect(g.ids.length, 'goroutine tracks').toBeGreaterThan(0);
      const views = Array.from(g.ids, (id) => trackView(tl, `g${id}`)!);
      const v = busiest(views);
      expect(indexOf(g, Number(v.id.slice(1)))).toBe(views.indexOf(v));
      const span = tl.lastTime - tl.firstTime;
      for (const a of [0, 0.25, 0.5, 0.5001, 0.9, 1.1]) {
        const t = tl.firstTime + a * span;
        let scan = v.lo - 1;
        for (let j = v.lo; j < v.hi; j++) if (v.start(j) <= t) scan = j;
        expect(v.rowAt(t)).toBe(scan);
      }
    });
  }

  it('performance on the largest corpus trace (printed)', () => {
    const big = corpusCases.reduce((a, b) => (statSync(b.trace).size > statSync(a.trace).size ? b : a));
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
    expect(tl.goroutines.ids.length).toBeGreaterThan(0);
    let again = tl;
    const ms = best(() => (again = buildTimeline(store)));
    // Building is deterministic: the timed runs give the rows the first one gave.
    expect([again.goroutines.ev.length, again.procs.goroutineRow.length, again.threads.goroutineRow.length]).toEqual([
      tl.goroutines.ev.length,
      tl.procs.goroutineRow.length,
      tl.threads.goroutineRow.length,
    ]);
    const summaryMs = best(() => summarizeGoroutines(store));
    console.log(
      `timeline of ${big.label} (${statSync(big.trace).size} bytes, ${store.count} events): ${ms.toFixed(1)} ms (goroutine analysis: ${summaryMs.toFixed(1)} ms), ` +
        `${tl.goroutines.ev.length} goroutine rows, ${tl.procs.goroutineRow.length} P rows, ${tl.threads.goroutineRow.length} thread rows`,
    );
  });
});
