// GoroutineColumns (analysis/goroutine-columns.ts): a goroutine moved to the columns reads back
// as the summary it was (regions included), comes back as an object with a clean slate when seen
// again, and the finished table behaves as the Map the summaries were. The parity tests
// (analysis-goroutines, analysis-regions, ...) check the numbers on every trace.

import { describe, expect, it } from 'vitest';
import { GoroutineColumns } from '../analysis/goroutine-columns.js';
import { GoroutineSummary, sortRegions } from '../analysis/goroutine-record.js';
import { summarizeGoroutines } from '../analysis/goroutine-summary.js';
import { parseTrace } from '../parser/index.js';
import { ExecStats } from '../analysis/exec-stats.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './support/paths.js';

/** A finished-looking goroutine (closed at its exit: raw total set, clean pending state). */
function exited(id: number, regions = 0): GoroutineSummary {
  const g = new GoroutineSummary(id);
  g.name = `main.worker${id}`;
  g.pc = 0x4a0000 + id;
  g.creationTime = 1_000_000_000_123 + id;
  g.startTime = g.creationTime + 10;
  g.endTime = g.creationTime + 5000;
  g.rawTotal = 5000;
  g.stats.execTime = 3000 + id;
  g.stats.schedWaitTime = 1500;
  g.stats.syscallTime = 7;
  g.stats.syscallBlockTime = 3;
  g.stats.totalTime = 5000;
  g.stats.blockTimeByReason.add('chan receive', 40 + id);
  g.stats.blockTimeByReason.add('', 0);
  g.stats.rangeTime.add('GC mark assist', 12);
  for (let k = 0; k < regions; k++) {
    const stats = new ExecStats();
    stats.execTime = 100 + k;
    stats.totalTime = 200 + k;
    if (k === 2) stats.blockTimeByReason.add('sync.Mutex.Lock', 5);
    if (k === 1) stats.rangeTime.add('stop-the-world (GC)', 2 ** 53 + 2);
    g.regions.push({
      taskId: k === 0 ? 0 : 2 ** 60 + k,
      name: `region${k}`,
      start: k === 1 ? null : { time: g.creationTime + 20 * k, stack: k },
      end: k === 2 ? null : { time: g.creationTime + 20 * k + 15, stack: 0 },
      stats,
    });
  }
  return g;
}

/** The summary's fields, without its pending state. */
function fields(g: GoroutineSummary): unknown {
  const { pending: _p, ...rest } = g;
  return JSON.parse(JSON.stringify(rest, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
}

describe('GoroutineColumns', () => {
  it('reads a retired goroutine back as it was, and brings it back with a clean slate', () => {
    const t = new GoroutineColumns();
    const a = exited(5, 3);
    const b = exited(9);
    // Retiring sorts the regions by start, as the end of the pass does.
    const sorted = exited(5, 3);
    sortRegions(sorted);
    expect(fields(sorted)).not.toEqual(fields(a));
    const want = [fields(sorted), fields(b)];
    t.set(5, a).set(9, b);
    t.retire(a);
    t.retire(b);
    expect([...t.objects()]).toEqual([]);
    const a2 = t.get(5)!;
    expect(a2).not.toBe(a);
    expect(fields(a2)).toEqual(want[0]);
    // Back to being followed: an object with a clean pending state, the same one on the next read.
    expect(a2.pending).not.toBeNull();
    expect(a2.pending!.lastStartTime).toBe(0);
    expect(a2.pending!.activeRegions).toEqual([]);
    expect(t.get(5)).toBe(a2);
    expect([...t.objects()]).toEqual([a2]);
    expect(fields(t.get(9)!)).toEqual(want[1]);
    expect([...t.keys()]).toEqual([5, 9]);
  });

  it('reads back many goroutines (columns that grow while stored)', () => {
    const t = new GoroutineColumns();
    const want: unknown[] = [];
    for (let id = 1; id <= 3000; id++) {
      const g = exited(id, id % 7);
      g.stats.blockTimeByReason.add(`reason ${id % 5}`, id * 1000);
      t.set(id, g);
      sortRegions(g);
      want.push(fields(g));
      t.retire(g);
    }
    expect([...t.objects()]).toEqual([]);
    t.finish();
    expect([...t.values()].map(fields)).toEqual(want);
  });

  it('keeps as objects the goroutines still open', () => {
    const t = new GoroutineColumns();
    const open = exited(2);
    open.pending!.lastStartTime = 77;
    const blocked = exited(4);
    blocked.pending!.lastBlockReason = 'select';
    const unclosed = exited(3);
    unclosed.rawTotal = 0;
    for (const g of [open, blocked, unclosed]) {
      t.set(g.id, g);
      t.retire(g);
      expect(t.get(g.id)).toBe(g);
    }
  });

  it('once finished, is the Map the summaries were', () => {
    const t = new GoroutineColumns();
    const gs = [exited(7, 2), exited(3), exited(2 ** 60), exited(11)];
    for (const g of gs) t.set(g.id, g);
    // A goroutine seen again from scratch replaces the old one in place.
    const again = exited(3);
    again.stats.execTime = 1;
    t.set(3, again);
    const want = new Map([gs[0]!, again, gs[2]!, gs[3]!].map((g) => [g.id, fields(g)]));
    for (const g of t.objects()) g.pending = null;
    t.finish();
    expect(t.size).toBe(4);
    expect([...t.keys()]).toEqual([7, 3, 2 ** 60, 11]);
    for (const [id, g] of t) {
      expect(fields(g)).toEqual(want.get(id));
      expect(g.pending).toBeNull();
    }
    // Each read makes the summary afresh, equal each time.
    expect(t.get(11)).not.toBe(gs[3]);
    expect(t.get(7)).not.toBe(t.get(7));
    expect(t.get(7)).toEqual(t.get(7));
    expect(t.get(4)).toBeUndefined();
    expect(t.delete(3)).toBe(true);
    expect(t.delete(3)).toBe(false);
    expect(t.has(3)).toBe(false);
    expect(t.size).toBe(3);
    expect([...t.values()].map((g) => g.id)).toEqual([7, 2 ** 60, 11]);
    expect(t.nameOf(7)).toBe('main.worker7');
    expect(() => t.set(12, exited(12))).toThrow();
  });

  it('summarizes a trace the same whether read once or twice (the columns give the same summaries each read)', () => {
    const store = parseTrace(new Uint8Array(readFileSync(join(FIXTURES, 'traces', 'go1.26', 'tasks.trace'))));
    const s = summarizeGoroutines(store);
    expect(s.goroutines).toBeInstanceOf(GoroutineColumns);
    expect(s.goroutines.size).toBeGreaterThan(10);
    const once = [...s.goroutines.values()].map(fields);
    const twice = [...s.goroutines.values()].map(fields);
    expect(twice).toEqual(once);
    // All of them are in the columns once finished.
    expect([...(s.goroutines as GoroutineColumns).objects()]).toEqual([]);
  });
});
