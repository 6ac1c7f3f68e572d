// The goroutine rows' packed event numbers (analysis/timeline/packed-u32.ts) give back every
// value, whichever width each block of 32 takes: 8-bit offsets (values within 255 of the block's
// least), 16-bit, or the values themselves; descending runs, the largest u32, a short last
// block, blocks put in any order and put again (as the rows pass packs them while it writes
// them), a clone revived on another thread, and the event numbers of real timelines' rows
// (their tracks are checked against go tool trace elsewhere; here that they ascend per goroutine).

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { PackedU32, PackedU32Writer } from '../analysis/timeline/packed-u32.js';
import { parseTrace } from '../parser/index.js';
import { buildTimelineRows } from '../analysis/timeline/build.js';
import { requireCorpus, traceCases } from './support/paths.js';

function same(a: Uint32Array): void {
  const p = PackedU32.of(a);
  expect(p.length).toBe(a.length);
  for (let j = 0; j < a.length; j++) if (p.at(j) !== a[j]) expect(`${j}: ${p.at(j)}`).toBe(`${j}: ${a[j]}`);
}

describe('packed u32 columns', () => {
  it('give back every value, in each width', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const n = 32 * 50 + 7;
    const a = new Uint32Array(n);
    for (let j = 0; j < n; j++) {
      const b = j >>> 5;
      // Blocks by turns: within 255, within 65535, anywhere (the largest u32 included), descending.
      a[j] = b % 4 === 0 ? 1000 + Math.floor(rnd() * 256) : b % 4 === 1 ? 5e6 + Math.floor(rnd() * 65536) : b % 4 === 2 ? (j % 7 === 0 ? 0xffffffff : Math.floor(rnd() * 2 ** 32)) : 9e8 - j;
    }
    same(a);
    same(new Uint32Array(0));
    same(Uint32Array.from([0xffffffff]));
    // Narrow blocks take about a byte a value.
    const narrow = Uint32Array.from({ length: 3200 }, (_, j) => 1e9 + j * 3);
    expect(PackedU32.of(narrow).bytes).toBeLessThan(narrow.length * 1.3);
  });

  it('pack blocks put in any order, and again, as the rows pass puts them', () => {
    const n = 32 * 40 + 5;
    const a = Uint32Array.from({ length: n }, (_, j) => (j % 3 === 0 ? 7 * j : 0xfffffff0 - j * 1000));
    const w = new PackedU32Writer(n);
    const nb = Math.ceil(n / 32);
    // Blocks in a scrambled order, some first put short (rows still to come) and put again
    // whole, as a goroutine that moves on after its end has its last block re-opened.
    const order = Array.from({ length: nb }, (_, b) => (b * 17) % nb);
    for (const b of order) {
      const lo = b * 32;
      const whole = Math.min(32, n - lo);
      if (b % 5 === 0) {
        w.put(b, a, lo, whole - 3 > 0 ? whole - 3 : whole);
        expect(w.has(b)).toBe(true);
        for (let k = 0; k < whole - 3; k++) expect(w.get(lo + k)).toBe(a[lo + k]);
      }
      w.put(b, a, lo, whole);
    }
    const p = w.done();
    expect(p.length).toBe(n);
    for (let j = 0; j < n; j++) if (p.at(j) !== a[j]) expect(`${j}: ${p.at(j)}`).toBe(`${j}: ${a[j]}`);
    // Slack rows after the last put read as the block's least value, in each width.
    for (const vals of [[5, 9, 6], [5, 60000, 6], [5, 0xfffffff, 6]]) {
      const v = new PackedU32Writer(32);
      v.put(0, Uint32Array.from(vals), 0, 3);
      const q = v.done();
      expect([q.at(0), q.at(1), q.at(2), q.at(3), q.at(31)]).toEqual([...vals, 5, 5]);
    }
    // A clone (postMessage) revived reads the same.
    const q = PackedU32.revive(structuredClone(p));
    for (let j = 0; j < n; j++) expect(q.at(j)).toBe(a[j]);
  });

  it('give back the event numbers of real timelines\' goroutine rows', () => {
    const cases = traceCases(requireCorpus()).filter((c) => ['go1.26/multi-generation', 'go1.23/http-load', 'go1.21/many-goroutines', 'go1.19/chan-pipeline'].includes(c.label));
    expect(cases.length).toBe(4);
    for (const c of cases) {
      const { rows } = buildTimelineRows(parseTrace(readFileSync(c.trace)));
      const ev = rows.goroutines.ev;
      expect(ev.length).toBeGreaterThan(1000);
      const plain = Uint32Array.from({ length: ev.length }, (_, j) => ev.at(j));
      same(plain);
      // Rows ascend within each goroutine.
      const g = rows.goroutines;
      for (let k = 0; k < g.ids.length; k++) for (let j = g.offset[k]! + 1; j < g.offset[k]! + g.count[k]!; j++) if (ev.at(j) < ev.at(j - 1)) expect(`${c.label} row ${j}`).toBe('ascending');
    }
  });
});
