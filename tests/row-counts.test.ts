// The timeline rows pass's first pass (analysis/timeline/row-counts.ts) is counted by the server
// while the trace is parsed, a chunk at a time, and sent to the worker (a structured clone,
// revived there). Rows built from those counts are the rows the build counts itself, on
// multi-generation traces of every format; the revived id tables find every id as before and
// none they never had.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseTrace } from '../parser/index.js';
import { buildTimelineRows } from '../analysis/timeline/build.js';
import { RowCounts } from '../analysis/timeline/row-counts.js';
import type { TimelineRows } from '../analysis/timeline/model.js';
import { requireCorpus, traceCases } from './support/paths.js';

const LABELS = ['go1.26/multi-generation', 'go1.23/http-load', 'go1.21/many-goroutines', 'go1.19/chan-pipeline'];

function plain(rows: TimelineRows): unknown {
  const g = rows.goroutines;
  return {
    ids: [...g.ids],
    offset: [...g.offset],
    count: [...g.count],
    ev: Array.from({ length: g.ev.length }, (_, j) => g.ev.at(j)),
    style: [...g.style],
    procs: [[...rows.procs.ids], [...rows.procs.offset], [...rows.procs.count], [...rows.procs.goroutineRow], [...rows.procs.endExcRow], [...rows.procs.endExcEv]],
    threads: [[...rows.threads.ids], [...rows.threads.offset], [...rows.threads.count], rows.threads.goroutineRow.toArray()],
  };
}

describe('row counts made while parsing', () => {
  const cases = traceCases(requireCorpus()).filter((c) => LABELS.includes(c.label));
  it('has the traces it names', () => expect(cases.length).toBe(LABELS.length));
  for (const c of cases) {
    it(`${c.label}: give the rows the build counts itself, once cloned to another thread`, () => {
      const store = parseTrace(readFileSync(c.trace));
      const counted = new RowCounts();
      for (const k of store.chunks) counted.feed(k);
      const revived = RowCounts.revive(structuredClone(counted));
      for (const id of [...counted.goroutineSlots.ids, -1, 0, 1 << 30, 123456789]) expect(revived.goroutineSlots.get(id)).toBe(counted.goroutineSlots.get(id));
      expect(revived.counts).toEqual(counted.counts);
      const own = buildTimelineRows(store).rows;
      const given = buildTimelineRows(store, undefined, { counted: revived }).rows;
      expect(own.goroutines.ev.length).toBeGreaterThan(100);
      expect(plain(given)).toEqual(plain(own));
    });
  }
});
