// Unit tests of the viewer's pure parts: flame-graph tree and pprof Top table, time-axis ticks,
// window arithmetic, goroutine filter and row layout, the timeline's software rasterizer.
import { describe, expect, it } from 'vitest';
import type { ProfileResponse, TimelineTracks } from '../../api/types.js';
import { flameTree } from '../../viewer/src/lib/pprof/flame.js';
import { diffProfile, viewProfile } from '../../viewer/src/lib/pprof/samples.js';
import { NO_TRIM } from '../../viewer/src/lib/pprof/trim.js';
import { topReport } from '../../viewer/src/lib/pprof/reports.js';
import { profileKind } from '../../api/profile-kinds.js';
import { clampWindow, tickLabel, tickStep, zoomAt } from '../../viewer/src/timeline/view.js';
import { buildRows, groupGoroutines, makeFilter, rowAt, visibleRows } from '../../viewer/src/timeline/layout.js';
import { goDur, parseDur } from '../../viewer/src/lib/format.js';
import { RectBatch } from '../../viewer/src/timeline/rect-batch.js';
import { fillRects } from '../../viewer/src/timeline/raster.js';
import { counterTipText, counterValuesAt } from '../../viewer/src/timeline/counter-hover.js';

const frame = (func: string) => ({ func, file: `/src/${func}.go`, line: 1, pc: 0 });
const profile: ProfileResponse = {
  kind: 'sync',
  frames: [frame('leaf'), frame('mid'), frame('main'), frame('other')],
  samples: [
    { stack: [0, 1, 2], count: 2, ns: 300 },
    { stack: [1, 2], count: 1, ns: 100 },
    { stack: [3, 2], count: 5, ns: 600 },
    // Recursion: "mid" twice in one stack counts once in cum.
    { stack: [0, 1, 1, 2], count: 1, ns: 50 },
  ],
  totalNs: 1050,
  totalCount: 9,
};

const SYNC = profileKind('sync')!;
const buildTree = (p: ProfileResponse, metric: 'ns' | 'count') => flameTree(viewProfile(p, SYNC), metric === 'ns' ? 1 : 0);
const topTable = (p: ProfileResponse, metric: 'ns' | 'count') =>
  topReport(viewProfile(p, SYNC), metric === 'ns' ? 1 : 0, 0, NO_TRIM).rows.map((r) => ({ func: r.name, flat: r.flat, cum: r.cum }));

describe('profile tree and top table', () => {
  it('flame tree sums to the total and merges by function along the path', () => {
    const root = buildTree(profile, 'ns');
    expect(root.value).toBe(1050);
    expect(root.children.map((c) => c.name)).toEqual(['main']);
    const main = root.children[0]!;
    expect(main.children.map((c) => [c.name, c.value])).toEqual([
      ['other', 600],
      ['mid', 450],
    ]);
    expect(buildTree(profile, 'count').value).toBe(9);
  });

  it('top: flat sums to the total, cum counts a function once per sample', () => {
    const top = topTable(profile, 'ns');
    expect(top.reduce((s, r) => s + r.flat, 0)).toBe(1050);
    const by = Object.fromEntries(top.map((r) => [r.func, r]));
    expect(by.main!.cum).toBe(1050);
    expect(by.main!.flat).toBe(0);
    expect(by.mid!.cum).toBe(450);
    expect(by.mid!.flat).toBe(100);
    expect(by.leaf!.flat).toBe(350);
    expect(top[0]!.func).toBe('other');
  });

  it('a difference: widths are both traces, deltas FILE − BASE; a profile against itself is zero everywhere', () => {
    const base: ProfileResponse = { ...profile, samples: [{ stack: [0, 1, 2], count: 1, ns: 100 }] };
    const root = flameTree(diffProfile(profile, base, SYNC), 1);
    expect(root.value).toBe(1150);
    expect(root.delta).toBe(950);
    const leaf = root.children[0]!.children.find((c) => c.name === 'mid')!.children.find((c) => c.name === 'leaf')!;
    expect(leaf.value).toBe(300 + 100);
    expect(leaf.delta).toBe(300 - 100);
    // Against itself: every node nets to zero, so pprof's graph (and Top) keeps none.
    expect(topReport(diffProfile(profile, profile, SYNC), 1, 1, NO_TRIM).rows).toEqual([]);
    const walk = (n: ReturnType<typeof flameTree>): number[] => [n.delta, ...n.children.flatMap(walk)];
    const deltas = walk(flameTree(diffProfile(profile, profile, SYNC), 1));
    expect(deltas.length).toBeGreaterThan(4);
    expect(deltas.every((d) => d === 0)).toBe(true);
  });
});

describe('time axis and window', () => {
  it('ticks are 1-2-5 steps at least minPx apart', () => {
    expect(tickStep({ t0: 0, t1: 1e9 }, 1000, 90)).toBe(1e8);
    expect(tickStep({ t0: 0, t1: 1e6 }, 1000, 90)).toBe(1e5);
    expect(tickStep({ t0: 0, t1: 3e6 }, 1000, 90)).toBe(5e5);
    expect(tickLabel(512_500_000, 500_000, 520e6)).toBe('512.5 ms');
    expect(tickLabel(2e9, 1e9, 3e9)).toBe('2 s');
    expect(tickLabel(1500, 500, 3000)).toBe('1.5 µs');
  });

  it('zoom keeps the time under the cursor; clamp keeps the window near the trace', () => {
    const w = zoomAt({ t0: 0, t1: 1000 }, 250, 0.5);
    expect(w).toEqual({ t0: 125, t1: 625 });
    const c = clampWindow({ t0: -5000, t1: -4000 }, 1e6);
    expect(c.t0).toBeGreaterThanOrEqual(-1e5);
    expect(c.t1 - c.t0).toBe(1000);
    expect(clampWindow({ t0: 0, t1: 10 }, 1e6).t1).toBe(1000); // at least 1 µs
  });

  it("formats durations as Go's time.Duration.String", () => {
    expect(goDur(0)).toBe('0s');
    expect(goDur(576)).toBe('576ns');
    expect(goDur(34368)).toBe('34.368µs');
    expect(goDur(181697473)).toBe('181.697473ms');
    expect(goDur(62311478000)).toBe('1m2.311478s');
    expect(parseDur('1.5ms')).toBe(1.5e6);
    expect(parseDur('251.188µs')).toBeCloseTo(251188);
  });
});

describe('timeline rows', () => {
  const g = (id: number, name: string, endState: string) => ({ id, track: `g${id}`, name, firstNs: 0, lastNs: 10, endState, regions: id === 3 });
  const tracks: TimelineTracks = {
    durationNs: 10,
    procs: [{ id: 0, track: 'p0' }],
    threads: [{ id: 1, track: 'm1' }],
    goroutines: [g(1, 'main.main', 'exited'), g(2, 'main.worker', 'waiting'), g(3, 'main.worker', 'waiting'), g(4, 'main.worker', 'exited')],
    other: [{ track: 'gc', label: 'GC' }],
    styles: [],
    counters: [{ name: 'heap alloc', unit: 'bytes' }],
  };
  const groups = groupGoroutines(tracks);

  it('groups by start function, largest first, with region rows', () => {
    expect(groups.names).toEqual(['main.worker', 'main.main']);
    const { rows, height } = buildRows(tracks, groups, { collapsed: new Set(), filter: '' });
    expect(rows.map((r) => r.key)).toEqual(['sec:counters', 'ctr:bytes', 'sec:other', 'gc', 'sec:procs', 'p0', 'sec:threads', 'm1', 'sec:goroutines', 'grp:main.worker', 'g2', 'g3', 'r3', 'g4', 'grp:main.main', 'g1']);
    expect(height).toBe(rows.at(-1)!.y + rows.at(-1)!.height);
    expect(rows[rowAt(rows, rows[10]!.y + 1)]!.key).toBe('g2');
    expect(visibleRows(rows, rows[10]!.y, rows[11]!.y + 1).map((r) => r.key)).toEqual(['g2', 'g3']);
    // A goroutine's label links to its group: the row carries the start function.
    expect(rows.filter((r) => r.goroutine !== undefined).map((r) => [r.key, r.group])).toEqual([
      ['g2', 'main.worker'],
      ['g3', 'main.worker'],
      ['r3', undefined],
      ['g4', 'main.worker'],
      ['g1', 'main.main'],
    ]);
  });

  it('collapses groups and sections; filters by name, id and state', () => {
    const c = buildRows(tracks, groups, { collapsed: new Set(['grp:main.worker', 'sec:procs']), filter: '' }).rows.map((r) => r.key);
    expect(c).not.toContain('g2');
    expect(c).not.toContain('p0');
    expect(c).toContain('grp:main.worker');
    const match = (f: string) => tracks.goroutines.filter(makeFilter(f)!).map((x) => x.id);
    expect(match('worker')).toEqual([2, 3, 4]);
    expect(match('#3')).toEqual([3]);
    expect(match('g1')).toEqual([1]);
    expect(match('waiting')).toEqual([2, 3]);
    expect(match('worker exited')).toEqual([4]);
    expect(makeFilter('  ')).toBeNull();
  });
});

describe('counter tooltip', () => {
  const res = {
    series: [
      { name: 'Heap: allocated', unit: 'bytes', t: [10, 20], v: [1024, 1536], exact: ['1024', '1536'] },
      { name: 'Heap: goal', unit: 'bytes', t: [15], v: [8946670875746431790], exact: ['8946670875746431790'] },
      { name: 'Goroutines: running', unit: 'goroutines', t: [0, 30], v: [2, 3] },
    ],
  };
  it('shows each series of the row at the time, the exact decimal rather than the double', () => {
    expect(String(res.series[1]!.v[0])).not.toBe('8946670875746431790');
    expect(counterValuesAt(res, 'bytes', 9)).toEqual([]);
    expect(counterTipText('bytes', counterValuesAt(res, 'bytes', 12))).toBe('Heap: allocated 1.0 KiB (1024 bytes)');
    expect(counterTipText('bytes', counterValuesAt(res, 'bytes', 20))).toBe('Heap: allocated 1.5 KiB (1536 bytes)\nHeap: goal 7.8 EiB (8946670875746431790 bytes)');
    expect(counterTipText('goroutines', counterValuesAt(res, 'goroutines', 29.9))).toBe('Goroutines: running 2');
    expect(counterTipText('goroutines', counterValuesAt(res, 'goroutines', 1e9))).toBe('Goroutines: running 3');
  });
});

describe('software rasterizer', () => {
  const W = 12;
  const H = 6;
  const pixels = (fill = 0) => ({ width: W, height: H, px: new Uint32Array(W * H).fill(fill) });
  const batch = (rects: [number, number, number, number, number][]) => {
    const b = new RectBatch(1);
    b.begin(rects.length);
    for (const r of rects) b.push(...r);
    return b;
  };
  const row = (fb: { px: Uint32Array }, y: number) => [...fb.px.subarray(y * W, (y + 1) * W)];

  it('covers the pixels whose centres are inside, clipped to the buffer', () => {
    const fb = pixels();
    fillRects(fb, batch([[1.4, 1, 3.6, 3, 7], [10.6, 0, 20, 9, 8], [-5, 5, 0.4, 6, 9]]), 1, 0, 1, 0, 0);
    // [1.4, 3.6) holds the centres 1.5, 2.5, 3.5; rows 1 and 2.
    expect(row(fb, 0)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8]);
    expect(row(fb, 1)).toEqual([0, 7, 7, 7, 0, 0, 0, 0, 0, 0, 0, 8]);
    expect(row(fb, 2)).toEqual(row(fb, 1));
    expect(row(fb, 3)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8]);
    // Ends left of the first centre: nothing.
    expect(row(fb, 5)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8]);
  });

  it('applies the transform and widens thin rectangles to the minimum width', () => {
    const fb = pixels();
    // x * 2 + 1: [1, 1.1) -> [3, 3.2), widened to 1 pixel -> pixel 3; [4, 5) -> [9, 11).
    fillRects(fb, batch([[1, 0, 1.1, 1, 5], [4, 0, 5, 1, 6]]), 2, 1, 1, 2, 1);
    expect(row(fb, 1)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(row(fb, 2)).toEqual([0, 0, 0, 5, 0, 0, 0, 0, 0, 6, 6, 0]);
    expect(row(fb, 3)).toEqual(row(fb, 0));
  });

  it('draws a run of one row exactly: gaps keep what was below, later rectangles paint over', () => {
    const fb = pixels();
    // A background that differs line by line, under the gaps of the run.
    for (let y = 0; y < H; y++) fb.px.fill(100 + y, y * W, (y + 1) * W);
    fillRects(fb, batch([[0, 1, 2, 5, 1], [2, 1, 4, 5, 2], [6, 1, 7, 5, 3], [3, 1, 6.2, 5, 4], [9, 1, 10, 5, 5]]), 1, 0, 1, 0, 1);
    for (let y = 1; y < 5; y++) {
      const b = 100 + y;
      expect(row(fb, y), `line ${y}`).toEqual([1, 1, 2, 4, 4, 4, 3, b, b, 5, b, b]);
    }
    expect(row(fb, 0)).toEqual(new Array(W).fill(100));
    expect(row(fb, 5)).toEqual(new Array(W).fill(105));
  });

  it('long runs reaching past both sides draw only what is on screen, sorted or not', () => {
    // 40 one-unit spans from x = -20, each coloured by its index + 1.
    const spans = Array.from({ length: 40 }, (_, k) => [k - 20, 0, k - 19, 2, k + 1] as [number, number, number, number, number]);
    const expected = Array.from({ length: W }, (_, x) => x + 21);
    for (const rects of [spans, [...spans].reverse()]) {
      const fb = pixels();
      fillRects(fb, batch(rects), 1, 0, 1, 0, 1);
      expect(row(fb, 0)).toEqual(expected);
      expect(row(fb, 1)).toEqual(expected);
      expect(row(fb, 2)).toEqual(new Array(W).fill(0));
    }
    // Panned by the transform: x + 30.5 puts span k's centre-covering pixel at k + 10.
    const fb = pixels();
    fillRects(fb, batch(spans), 1, 30.5, 1, 0, 1);
    expect(row(fb, 0)).toEqual(Array.from({ length: W }, (_, x) => (x >= 10 ? x - 9 : 0)));
  });
});
