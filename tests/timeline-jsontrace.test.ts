// The timeline the viewer draws (analysis/timeline) against go tool trace's trace-viewer data
// (our /jsontrace, equal to go tool trace's event for event) where both describe the same thing:
//   - P rows: a goroutine's consecutive rows on a P are one execution slice ("G<id> …" X events
//     of view=proc), and its syscall rows are the "syscall" X slices;
//   - counters: goroutines running (+ in syscall) and runnable, running Ps (threads), heap
//     allocated and the heap goal (Go writes goal - allocated) equal the C series;
//   - hand-over arrows: the timeline's "ended by" of a waiting span is go tool trace's "unblock"
//     arrow (s/t pair) of the same goroutine at the same time, from the P its unblocker ran on.
// Where they differ by design, the test pins the difference down (see DIFFERENCES below) so
// that any other disagreement fails.

import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { EventStore, GoState, Kind, ProcState, TYPE_KIND } from '../parser/events.js';
import { Resource, newTransition, readTransition } from '../parser/event-details.js';
import { jsonTraceText, type TraceDoc } from '../analysis/jsontrace/index.js';
import { buildTimeline, rawCounterSeries, spanDetail, trackView, type Timeline } from '../analysis/timeline/index.js';
import { CORPUS, isV1 } from './support/paths.js';

// DIFFERENCES (by design or by go tool trace's quirks), each checked below:
//  1. Old-format (≤ 1.21) traces: a syscall that blocks releases its P without any P event (the
//     conversion drops GoSysBlock). go tool trace keeps such a goroutine "executing" on the P
//     until that P stops (overlapping the goroutine that took the P) or loses its slice when
//     another goroutine's syscall on that P replaces it; the timeline ends the goroutine's row
//     when another goroutine takes the P. So slices of goroutines with blocking syscalls (and of
//     goroutines first seen in a syscall) are compared only on new-format traces.
//  2. First sightings (a goroutine or P first seen Undetermined): the timeline dates the state
//     back to the generation's sync; go tool trace counts goroutines at the event's time and
//     dates a P's start back to the trace start out of order. Counters are compared outside
//     those windows.
//  3. go tool trace draws no "unblock" arrow whose source row is 0 (P 0 in view=proc: its
//     `viewerResource != 0` test); the timeline draws those hand-overs.
//  4. go tool trace draws arrows the timeline does not: unblocks made outside any goroutine
//     (timers, the netpoller: from the P or the "Network" row), goroutine creation ("go") and
//     returns from blocking syscalls ("exit blocked syscall").
//  5. go tool trace's "GCWaiting" goroutine count (waiting while in mark assist) and its
//     "InSyscall" threads count (always 0) have no timeline series; the timeline's "Threads: in
//     syscall" series counts goroutines in syscalls.

const CASES = [
  'go1.26/syscalls',
  'go1.26/annotations',
  'go1.26/http-load',
  'go1.24/gc-stress',
  'go1.23/cgo-callback',
  'go1.22/cpu-profile',
  'go1.21/sched-latency',
  'go1.19/syscalls',
];
const NETPOLL_P = 1000002;
const FAKE_P = 1000000;

const corpusPresent = existsSync(join(CORPUS, 'traces'));
let ran = 0;
let agreeingArrows = 0;

type Ev = Record<string, unknown> & { ph: string; name?: string; pid: number; tid: number; ts: number; dur?: number; id?: number; args?: Record<string, number> };
const ns = (us: number): number => Math.round(us * 1000);

/** Goroutines whose P rows old-format traces cannot draw as go tool trace does (DIFFERENCES 1). */
function blockingSyscallGoroutines(store: EventStore): Set<number> {
  const out = new Set<number>();
  const t = newTransition();
  for (const c of store.chunks) {
    for (let i = 0; i < c.n; i++) {
      if (TYPE_KIND[c.typ[i]!] !== Kind.StateTransition) continue;
      readTransition(store, c, i, t);
      if (t.resource !== Resource.Goroutine || t.from === t.to) continue;
      if ((t.from === GoState.Syscall && t.to !== GoState.Running) || (t.from === GoState.Undetermined && t.to === GoState.Syscall)) out.add(t.id);
    }
  }
  return out;
}

/**
 * The first sightings (DIFFERENCES 2): a goroutine or P first seen Undetermined at t counts from
 * the generation's sync in the timeline and from t in go tool trace. Per compared series, the
 * windows [sync, t) (ns since the trace start) in which the timeline counts one more.
 */
function backDated(store: EventStore, origin: number): Map<string, [number, number][]> {
  const w = new Map<string, [number, number][]>([['running', []], ['runnable', []], ['threads', []]]);
  const t = newTransition();
  let sync = origin;
  for (const c of store.chunks) {
    for (let i = 0; i < c.n; i++) {
      const kind = TYPE_KIND[c.typ[i]!];
      if (kind === Kind.Sync) sync = c.timeAt(i);
      if (kind !== Kind.StateTransition) continue;
      readTransition(store, c, i, t);
      if (t.from === t.to || c.timeAt(i) <= sync) continue;
      const win: [number, number] = [sync - origin, c.timeAt(i) - origin];
      if (t.resource === Resource.Goroutine && t.from === GoState.Undetermined) {
        if (t.to === GoState.Running || t.to === GoState.Syscall) w.get('running')!.push(win);
        if (t.to === GoState.Runnable) w.get('runnable')!.push(win);
      }
      if (t.resource === Resource.Proc && t.from === ProcState.Undetermined && t.to === ProcState.Running) w.get('threads')!.push(win);
    }
  }
  return w;
}

function count(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
function only(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of a) if (n > (b.get(k) ?? 0)) out.push(k);
  return out;
}

/** Timeline P rows as execution slices "p:g:start:end" and syscall slices "p:start:end" (ns since the trace start). */
function timelineSlices(tl: Timeline, skip: Set<number>): { exec: Map<string, number>; sys: Map<string, number> } {
  const exec = new Map<string, number>();
  const sys = new Map<string, number>();
  const o = tl.firstTime;
  for (const p of tl.procs.ids) {
    const v = trackView(tl, `p${p}`)!;
    let cur: { g: number; s: number; e: number } | null = null;
    let sc: { g: number; s: number; e: number } | null = null;
    const flush = (): void => {
      if (cur !== null && !skip.has(cur.g)) count(exec, `${p}:${cur.g}:${cur.s - o}:${cur.e - o}`);
      cur = null;
    };
    const flushSys = (): void => {
      if (sc !== null && !skip.has(sc.g)) count(sys, `${p}:${sc.s - o}:${sc.e - o}`);
      sc = null;
    };
    for (let j = v.lo; j < v.hi; j++) {
      const g = v.arg(j);
      const s = v.start(j);
      const e = v.end(j);
      if (cur !== null && cur.g === g && cur.e === s) cur.e = e;
      else {
        flush();
        cur = { g, s, e };
      }
      if (tl.styles.goState[v.style(j)] === GoState.Syscall) {
        if (sc !== null && sc.g === g && sc.e === s) sc.e = e;
        else {
          flushSys();
          sc = { g, s, e };
        }
      } else flushSys();
    }
    flush();
    flushSys();
  }
  return { exec, sys };
}

/** go tool trace's execution slices and syscall slices on P rows (syscalls attributed to the slice holding them). */
function viewerSlices(events: Ev[], skip: Set<number>): { exec: Map<string, number>; sys: Map<string, number> } {
  const exec = new Map<string, number>();
  const sys = new Map<string, number>();
  const byP = new Map<number, { g: number; s: number; e: number }[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.pid !== 0 || e.tid >= FAKE_P) continue;
    const m = /^G(\d+)/.exec(e.name ?? '');
    if (m === null) continue;
    const g = Number(m[1]);
    const s = ns(e.ts);
    const end = s + ns(e.dur ?? 0);
    let l = byP.get(e.tid);
    if (l === undefined) byP.set(e.tid, (l = []));
    l.push({ g, s, e: end });
    if (!skip.has(g)) count(exec, `${e.tid}:${g}:${s}:${end}`);
  }
  for (const e of events) {
    if (e.ph !== 'X' || e.pid !== 0 || e.name !== 'syscall') continue;
    const s = ns(e.ts);
    const end = s + ns(e.dur ?? 0);
    const holder = byP.get(e.tid)?.find((x) => x.s <= s && end <= x.e);
    // Without a slice around it, the goroutine's slice was lost (DIFFERENCES 1; never on new traces).
    if (holder === undefined ? skip.size > 0 : skip.has(holder.g)) continue;
    count(sys, `${e.tid}:${s}:${end}`);
  }
  return { exec, sys };
}

/** A step series (times non-decreasing) evaluated at t: the last value at or before t (dflt before the first). */
function stepAt(ts: number[], vs: number[], t: number, dflt = 0): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (ts[m]! <= t) lo = m + 1;
    else hi = m;
  }
  return lo === 0 ? dflt : vs[lo - 1]!;
}

describe('the timeline agrees with go tool trace viewer data', () => {
  it('finds the shared corpus', () => {
    expect(corpusPresent, `the shared corpus is missing: expected ${CORPUS}/traces (see MANIFEST.md)`).toBe(true);
    for (const c of CASES) expect(existsSync(join(CORPUS, 'traces', `${c}.trace`)), c).toBe(true);
  });

  for (const label of corpusPresent ? CASES : []) {
    it(label, () => {
      const [version] = label.split('/') as [string];
      const store = parseTrace(readFileSync(join(CORPUS, 'traces', `${label}.trace`)));
      const doc = JSON.parse(jsonTraceText(store, { view: 'proc' })) as TraceDoc & { traceEvents: Ev[] };
      const events = doc.traceEvents;
      const tl = buildTimeline(store);
      const origin = tl.firstTime;
      const old = isV1(version);

      // P rows and syscall rows = execution and syscall slices (DIFFERENCES 1 on old traces).
      const skip = old ? blockingSyscallGoroutines(store) : new Set<number>();
      const ours = timelineSlices(tl, skip);
      const go = viewerSlices(events, skip);
      expect(go.exec.size).toBeGreaterThan(10);
      expect(only(go.exec, ours.exec).slice(0, 5), 'execution slices only in go tool trace').toEqual([]);
      expect(only(ours.exec, go.exec).slice(0, 5), 'execution slices only in the timeline').toEqual([]);
      expect(only(go.sys, ours.sys).slice(0, 5), 'syscall slices only in go tool trace').toEqual([]);
      expect(only(ours.sys, go.sys).slice(0, 5), 'syscall slices only in the timeline').toEqual([]);
      if (old) {
        // On old traces the rows of goroutines with blocking syscalls really do differ.
        const all = timelineSlices(tl, new Set());
        const allGo = viewerSlices(events, new Set());
        if (skip.size > 0 && label === 'go1.19/syscalls') expect(only(allGo.exec, all.exec).length + only(all.exec, allGo.exec).length).toBeGreaterThan(0);
      }

      // Counters, outside the back-dating windows (DIFFERENCES 2).
      const windows = backDated(store, origin);
      const extra = (series: string, t: number): number => windows.get(series)!.filter(([a, b]) => t >= a && t < b).length;
      const raw = rawCounterSeries(tl);
      const series = (name: string): { t: number[]; v: number[] } => raw.series.find((s) => s.name === name)!;
      const running = series('Goroutines: running');
      const inSyscall = series('Goroutines: in syscall');
      const runnable = series('Goroutines: runnable');
      const threads = series('Threads: running');
      const heapAlloc = series('Heap: allocated');
      const heapGoal = series('Heap: goal');
      // go tool trace's samples as a viewer orders them: by time, in the order written at one time.
      const goSeries = (name: string, field: string): { t: number[]; v: number[] } => {
        const samples: [number, number][] = [];
        for (const e of events) if (e.ph === 'C' && e.name === name) samples.push([ns(e.ts), e.args![field]!]);
        samples.sort((a, b) => a[0] - b[0]);
        return { t: samples.map((x) => x[0]), v: samples.map((x) => x[1]) };
      };
      /** go tool trace's series equals the timeline's (less what it dates back, see backDated) at every time either changes. */
      const compare = (what: string, g: { t: number[]; v: number[] }, ourAt: (t: number) => number, ourTimes: number[][], backDatedIn = ''): void => {
        const times = new Set<number>(g.t);
        for (const ts of ourTimes) for (const t of ts) times.add(t);
        const bad: string[] = [];
        const pWindows = windows.get('threads')!;
        let compared = 0;
        for (const t of times) {
          // A P first seen later is dated back to the trace start by go tool trace (its sample
          // written out of order) and to the sync by the timeline: neither instant compares.
          if (backDatedIn === 'threads' && pWindows.length > 0 && (t === 0 || pWindows.some(([a, b]) => t >= a && t <= b))) continue;
          compared++;
          const a = stepAt(g.t, g.v, t);
          const b = ourAt(t) - (backDatedIn !== '' && backDatedIn !== 'threads' ? extra(backDatedIn, t) : 0);
          if (a !== b && bad.length < 3) bad.push(`t=${t}ns go tool trace ${a}, timeline ${b}`);
        }
        expect(bad, `${label} ${what}`).toEqual([]);
        expect(compared, what).toBeGreaterThan(0);
      };
      const at = (s: { t: number[]; v: number[] }, t: number): number => stepAt(s.t, s.v, t);
      compare('Goroutines.Running (running + in syscall)', goSeries('Goroutines', 'Running'), (t) => at(running, t) + at(inSyscall, t), [running.t, inSyscall.t], 'running');
      compare('Goroutines.Runnable', goSeries('Goroutines', 'Runnable'), (t) => at(runnable, t), [runnable.t], 'runnable');
      compare('Threads.Running (running Ps)', goSeries('Threads', 'Running'), (t) => at(threads, t), [threads.t], 'threads');
      compare('Heap.Allocated', goSeries('Heap', 'Allocated'), (t) => at(heapAlloc, t), [heapAlloc.t]);
      compare(
        'Heap.NextGC (goal - allocated)',
        goSeries('Heap', 'NextGC'),
        (t) => {
          const a = at(heapAlloc, t);
          const g = at(heapGoal, t);
          const goal = g > 2 ** 50 ? 0 : g;
          return goal > a ? goal - a : 0;
        },
        [heapAlloc.t, heapGoal.t],
      );
      // DIFFERENCES 5: go tool trace never counts threads in syscalls.
      expect(goSeries('Threads', 'InSyscall').v.every((x) => x === 0)).toBe(true);

      // Hand-over arrows vs "unblock" flow events.
      const starts = new Map<number, Ev>();
      const ends = new Map<number, Ev>();
      for (const e of events) {
        if (e.pid !== 0) continue;
        if (e.ph === 's') starts.set(e.id!, e);
        if (e.ph === 't') ends.set(e.id!, e);
      }
      expect(starts.size).toBe(ends.size);
      const tally = new Map<string, number>();
      const problems: string[] = [];
      /** The goroutine on a timeline P row at absolute time t (-1: none), preferring the row that starts there. */
      const onP = (p: number, t: number, starting: boolean): number => {
        const v = trackView(tl, `p${p}`);
        if (v === null) return -1;
        const j = v.rowAt(t);
        if (j < v.lo) return -1;
        if (starting) return v.start(j) === t ? v.arg(j) : -1;
        if (v.end(j) >= t) return v.arg(j);
        return -1;
      };
      const goUnblocks = new Set<string>();
      for (const [id, s] of starts) {
        const t = ends.get(id)!;
        const name = s.name ?? '';
        if (!name.startsWith('unblock')) {
          count(tally, `go tool trace "${name}" arrows (not drawn by the timeline)`);
          continue;
        }
        const T = ns(s.ts);
        const target = onP(t.tid, ns(t.ts) + origin, true);
        if (target < 0) {
          if (!old) problems.push(`unblock arrow ${id}: no timeline row starts at its head (P${t.tid}, ${ns(t.ts)}ns)`);
          continue;
        }
        goUnblocks.add(`${target}:${T}`);
        const d = spanDetail(tl, `g${target}`, T - 1);
        if (d === null || d.state !== 'waiting' || d.endNs !== T) {
          problems.push(`unblock arrow ${id}: G${target} has no waiting span ending at ${T}ns in the timeline`);
          continue;
        }
        if (d.endedBy === null) {
          // DIFFERENCES 4: unblocked outside any goroutine.
          count(tally, s.tid === NETPOLL_P ? 'unblock arrows from the Network row (no goroutine: no timeline hand-over)' : 'unblock arrows from a P without a goroutine (no timeline hand-over)');
          continue;
        }
        if (d.endedBy.timeNs !== T) problems.push(`unblock arrow ${id}: timeline hand-over of G${target} at ${d.endedBy.timeNs}ns, go tool trace ${T}ns`);
        else if (s.tid !== NETPOLL_P && onP(s.tid, T + origin, false) !== d.endedBy.goroutine) problems.push(`unblock arrow ${id}: from P${s.tid}, timeline unblocker G${d.endedBy.goroutine} is not on it`);
        else count(tally, 'unblock arrows = timeline hand-overs');
      }
      // Every timeline hand-over is an unblock arrow, or one go tool trace leaves out (DIFFERENCES 3).
      for (let k = 0; k < tl.goroutines.ids.length; k++) {
        const g = tl.goroutines.ids[k]!;
        if (skip.has(g)) continue;
        const v = trackView(tl, `g${g}`)!;
        for (let j = v.lo; j < v.hi; j++) {
          if (tl.styles.goState[v.style(j)] !== GoState.Waiting) continue;
          const d = spanDetail(tl, `g${g}`, v.start(j) - origin);
          if (d === null || d.endedBy === null) continue;
          const T = d.endedBy.timeNs;
          if (goUnblocks.has(`${g}:${T}`)) continue;
          let runsAgain = false;
          for (let q = j + 1; q < v.hi && v.style(q) !== 0; q++) {
            const st = tl.styles.goState[v.style(q)];
            if (st === GoState.Running) runsAgain = true;
            if (st === GoState.Running || st === GoState.Waiting) break;
          }
          if (!runsAgain) count(tally, 'timeline hand-overs to goroutines that never run again (no arrow head)');
          else if (onP(0, T + origin, false) === d.endedBy.goroutine) count(tally, 'timeline hand-overs from P0 (go tool trace draws none)');
          else problems.push(`timeline hand-over to G${g} at ${T}ns by G${d.endedBy.goroutine}: no go tool trace arrow`);
        }
      }
      expect(problems.slice(0, 5), label).toEqual([]);
      agreeingArrows += tally.get('unblock arrows = timeline hand-overs') ?? 0;
      console.log(`${label}: ${[...tally].map(([k, n]) => `${k}: ${n}`).join('; ')}${skip.size > 0 ? `; goroutines with blocking syscalls left out (old format): ${skip.size}` : ''}`);
      ran++;
    });
  }

  afterAll(() => {
    if (corpusPresent) {
      expect(ran).toBe(CASES.length);
      expect(agreeingArrows).toBeGreaterThan(1000);
    }
  });
});
