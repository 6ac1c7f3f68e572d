// The goroutine rows' packed event numbers (analysis/timeline/packed-u32.ts) give back every
// value, whichever width each block of 32 takes: 8-bit offsets (values within 255 of the block's
// least), 16-bit, or the values themselves; descending runs, the largest u32, a short last
// block, reads while it is packed a step at a time (as the server packs it once loaded), a clone
// revived on another thread, and the event numbers of real timelines' rows (their tracks are checked against go tool
// trace elsewhere; here only that packing loses nothing).

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { PackedU32 } from '../analysis/timeline/packed-u32.js';
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

  it('read the same values while packed in steps, and after', () => {
    const a = Uint32Array.from({ length: 32 * 40 + 5 }, (_, j) => (j % 3 === 0 ? 7 * j : 0xfffffff0 - j * 1000));
    const p = new PackedU32(a);
    expect(p.packed).toBe(false);
    let steps = 0;
    for (const _ of p.packSteps(100)) {
      steps++;
      for (let j = 0; j < a.length; j += 37) expect(p.at(j)).toBe(a[j]);
    }
    expect(steps).toBeGreaterThan(10);
    expect(p.packed).toBe(true);
    for (let j = 0; j < a.length; j++) if (p.at(j) !== a[j]) expect(`${j}: ${p.at(j)}`).toBe(`${j}: ${a[j]}`);
    // A clone (postMessage) revived reads the same, packed or not.
    const q = PackedU32.revive(structuredClone(p));
    const r = PackedU32.revive(structuredClone(new PackedU32(a)));
    for (let j = 0; j < a.length; j++) expect([q.at(j), r.at(j)]).toEqual([a[j], a[j]]);
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
