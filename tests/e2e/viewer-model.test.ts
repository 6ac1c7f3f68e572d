// Unit tests of the viewer's pure parts: flame-graph tree and pprof Top table, time-axis ticks,
// window arithmetic, goroutine filter and row layout.
import { describe, expect, it } from 'vitest';
import type { ProfileResponse, TimelineTracks } from '../../api/types.js';
import { buildTree, topTable } from '../../viewer/src/lib/profile-tree.js';
import { clampWindow, tickLabel, tickStep, zoomAt } from '../../viewer/src/timeline/view.js';
import { buildRows, groupGoroutines, makeFilter, rowAt, visibleRows } from '../../viewer/src/timeline/layout.js';
import { goDur, parseDur } from '../../viewer/src/lib/format.js';

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
