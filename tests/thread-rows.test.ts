// Thread rows stored as runs of P rows (analysis/timeline/thread-rows.ts): every row reads back
// the goroutine row it was written with, whether it went into a run or was stored explicitly,
// across threads whose rows arrive interleaved, and after a structured clone.

import { describe, expect, it } from 'vitest';
import { ThreadRowMap, ThreadRunsWriter } from '../analysis/timeline/thread-rows.js';

/** P rows' goroutine rows: P row p shows goroutine row 1000 + 3p. */
const procRow = Uint32Array.from({ length: 400 }, (_, p) => 1000 + 3 * p);

interface Put {
  thread: number;
  g: number;
  p: number;
}

/** Writes the puts (threads' rows at offsets[thread] + k) and returns the map and the plain values. */
function write(puts: Put[], offsets: number[], length: number): { map: ThreadRowMap; want: number[] } {
  const w = new ThreadRunsWriter(offsets.length, length);
  const next = offsets.slice();
  const want = new Array<number>(length).fill(-1);
  for (const { thread, g, p } of puts) {
    const row = next[thread]!++;
    w.put(thread, row, g, p);
    want[row] = g;
  }
  return { map: w.done(procRow), want };
}

function expectSame(map: ThreadRowMap, want: number[]): void {
  for (let j = 0; j < want.length; j++) if (want[j] !== -1) expect(map.at(j), `row ${j}`).toBe(want[j]);
}

describe('thread rows as runs of P rows', () => {
  it('reads back every row, runs of consecutive P rows and explicit rows, threads interleaved', () => {
    // Thread 0 shows P rows 10..109 then, without a P, goroutine rows 7, 8, 9, then P rows 200..299;
    // thread 1 (rows from 300) shows P rows 110..199, interleaved with thread 0's.
    const puts: Put[] = [];
    for (let k = 0; k < 100; k++) {
      puts.push({ thread: 0, g: procRow[10 + k]!, p: 10 + k });
      if (k < 90) puts.push({ thread: 1, g: procRow[110 + k]!, p: 110 + k });
    }
    for (const g of [7, 8, 9]) puts.push({ thread: 0, g, p: -1 });
    puts.push({ thread: 1, g: 5, p: -1 });
    for (let k = 0; k < 100; k++) puts.push({ thread: 0, g: procRow[200 + k]!, p: 200 + k });
    const { map, want } = write(puts, [0, 300], 400);
    expectSame(map, want);
    // Thread 0: a run, an explicit run, a run; thread 1: a run and an explicit row.
    expect(map.start.length).toBe(5);
    expect([...map.explicit]).toEqual([7, 8, 9, 5]);
    expect(map.bytes).toBeLessThan(400);
  });

  it('starts a new run where the P rows are not consecutive', () => {
    const puts: Put[] = [5, 6, 7, 3, 4, 9].map((p) => ({ thread: 0, g: procRow[p]!, p }));
    const { map, want } = write(puts, [0], 64);
    expectSame(map, want);
    expect([...map.start]).toEqual([0, 3, 5]);
  });

  it('falls back to a plain column where runs would not pay, with the same values', () => {
    // Every row of a thread alternates between P rows and explicit rows: a run per row.
    const puts: Put[] = [];
    for (let k = 0; k < 150; k++) puts.push(k % 2 === 0 ? { thread: k % 3 === 0 ? 0 : 1, g: procRow[k]!, p: k } : { thread: k % 3 === 0 ? 0 : 1, g: 40 + k, p: -1 });
    const { map, want } = write(puts, [0, 200], 400);
    expectSame(map, want);
    expect(map.start.length).toBe(1);
    expect(map.explicit.length).toBe(400);
  });

  it('reads the same after a structured clone, over the receiver P rows', () => {
    const puts: Put[] = [];
    for (let k = 0; k < 100; k++) puts.push({ thread: 0, g: procRow[k]!, p: k }, { thread: 1, g: procRow[100 + k]!, p: 100 + k });
    const { map, want } = write(puts, [0, 100], 200);
    expect(map.start.length).toBe(2);
    const again = ThreadRowMap.revive(structuredClone(map), structuredClone(procRow));
    expectSame(again, want);
    expect(again.toArray()).toEqual(map.toArray());
  });
});
