// The rows pass packs the goroutine rows' event numbers as it writes them (a block of 32 rows
// at a time, build.ts with packed-u32.ts), so the plain column never exists whole. Real traces'
// rows are checked against go tool trace elsewhere (timeline-jsontrace, timeline-tiles); here the
// case no real trace has: a goroutine id that comes back after its end, whose last block was
// packed at the end and is re-opened to take the rows of its second life.

import { describe, it, expect } from 'vitest';
import { metadataBatches, wireOf } from './support/text/wire-of.js';
import { parseTrace } from '../parser/index.js';
import { Kind, TYPE_KIND } from '../parser/events.js';
import { Resource, newTransition, readTransition } from '../parser/event-details.js';
import { buildTimelineRows } from '../analysis/timeline/build.js';

/** One life of goroutine g on P 0, M 0: created by g1, run and stopped `n` times, destroyed. */
function life(g: number, n: number, g1seq: number): string {
  const lines = [`GoCreate dt=1 new_g=${g} new_stack=0 stack=0`, 'GoStop dt=1 reason_string=0 stack=0'];
  for (let k = 1; k <= n; k++) lines.push(`GoStart dt=1 g=${g} g_seq=${k}`, 'GoStop dt=1 reason_string=0 stack=0');
  lines.push(`GoStart dt=1 g=${g} g_seq=${n + 1}`, 'GoDestroy dt=1', `GoStart dt=1 g=1 g_seq=${g1seq}`);
  return lines.join('\n');
}

describe('goroutine rows packed as they are written', () => {
  it("take a goroutine's second life after its end: every row is one of its transitions", () => {
    const text = [
      'Trace Go1.22',
      'EventBatch gen=1 m=0 time=0 size=0',
      'ProcStatus dt=1 p=0 pstatus=1',
      'GoStatus dt=1 g=1 m=0 gstatus=2',
      life(5, 20, 1),
      // (Goroutine 6 meanwhile takes the staging area 5 left.)
      life(6, 12, 2),
      life(5, 45, 3),
      ...metadataBatches(15625000),
      '',
    ].join('\n');
    const store = parseTrace(wireOf(text));
    expect(store.error).toBeNull();
    // Goroutine 5's state changes, in order (each at its own time: dt=1).
    const want: number[] = [];
    const t = newTransition();
    let ev = 0;
    for (const c of store.chunks) {
      for (let i = 0; i < c.n; i++, ev++) {
        if (TYPE_KIND[c.typ[i]!] !== Kind.StateTransition) continue;
        readTransition(store, c, i, t);
        if (t.resource === Resource.Goroutine && t.id === 5 && t.from !== t.to) want.push(ev);
      }
    }
    // Two lives: 2 + 2n + 1 transitions each, past the end of the first's second block.
    expect(want.length).toBe(2 * 20 + 3 + 2 * 45 + 3);
    const { rows } = buildTimelineRows(store);
    const g = rows.goroutines;
    const k = [...g.ids].indexOf(5);
    expect(k).toBeGreaterThanOrEqual(0);
    const got = Array.from({ length: g.count[k]! }, (_, j) => g.ev.at(g.offset[k]! + j));
    expect(got).toEqual(want);
    // Its rows start on a block of their own.
    expect(g.offset[k]! % 32).toBe(0);
  });
});
