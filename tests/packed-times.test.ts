// Packed event times (parser/packed-times.ts) read back the very double Chunk.timeAt gives, for
// every event of every chunk the server packs (Chunk.packTimes: a time column of offsets, no
// exact times) of every trace here (the corpus, the fixtures, the damaged fixtures and the traces
// with times or ids past 2^53), and for made-up chunks whose blocks take each width: 16-bit
// offsets, 32-bit offsets, and the doubles themselves (offsets that go back). A chunk that packs
// its times lets go of its column and reads and prints its times as before; one whose times take
// the exact path (a float64 column, times past 2^53) packs none and reads its column. Packed
// chunks sent to another thread (as the worker gets them) read the same times there.
// (event-spill.test.ts: packed chunks spilled and read back give go tool trace's -d=parsed and
// profiles.)

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { Chunk, EventStore } from '../parser/events.js';
import { PackedTimes } from '../parser/packed-times.js';
import { EventTimes } from '../analysis/timeline/event-times.js';
import { FIXTURES, REPO, requireCorpus, traceCases } from './support/paths.js';

/** The first event whose packed time (packed from its time column, as Chunk.packTimes does) is not timeAt's, or null. */
function firstMismatch(c: Chunk): string | null {
  const ct = PackedTimes.ofColumn(c.base, c.t32!, c.n);
  for (let i = 0; i < c.n; i++) {
    const want = c.timeAt(i);
    if (!Object.is(ct.at(i), want)) return `event ${i}: ${ct.at(i)} != ${want}`;
  }
  return null;
}

function traceFiles(): string[] {
  const out = traceCases(requireCorpus()).map((t) => t.trace);
  for (const v of readdirSync(join(FIXTURES, 'traces'))) {
    for (const f of readdirSync(join(FIXTURES, 'traces', v))) if (f.endsWith('.trace')) out.push(join(FIXTURES, 'traces', v, f));
  }
  for (const dir of [join(FIXTURES, 'damaged'), join(REPO, 'tests/data/u64-ids')]) {
    for (const f of readdirSync(dir)) if (f.endsWith('.trace')) out.push(join(dir, f));
  }
  return out;
}

/** Whether Chunk.packTimes packs c (a time column of offsets from a base within 2^53 - 2^32 of 0, no exact times). */
function packable(c: Chunk): boolean {
  return c.n > 0 && c.t32 !== null && c.baseX === null && c.timeX === null && Math.abs(c.base) <= Number.MAX_SAFE_INTEGER - 0xffffffff;
}

function tryParse(file: string): EventStore | null {
  try {
    return parseTrace(readFileSync(file));
  } catch {
    return null;
  }
}

/** A chunk holding these times (each set as the parser sets it). */
function chunkOf(times: (number | [number, bigint])[]): Chunk {
  const c = new Chunk(4);
  for (const t of times) {
    if (c.n === c.capacity) c.grow();
    if (Array.isArray(t)) c.setTime(c.n, t[0], t[1]);
    else c.setTime(c.n, t);
    c.n++;
  }
  c.seal();
  return c;
}

describe('packed event times', () => {
  it('are timeAt for every event of every trace here', () => {
    let traces = 0;
    let events = 0;
    for (const f of traceFiles()) {
      const store = tryParse(f);
      if (store === null) continue;
      traces++;
      for (const c of store.chunks) {
        if (!packable(c)) continue;
        expect(firstMismatch(c), `${f}`).toBeNull();
        events += c.n;
      }
    }
    expect(traces).toBeGreaterThan(100);
    expect(events).toBeGreaterThan(1_000_000);
  });

  it('take each width, and are exact in each; a chunk that keeps its column reads it', () => {
    const narrow = Array.from({ length: 320 }, (_, i) => 1e12 + i * 300);
    const wide = Array.from({ length: 100 }, (_, i) => 5e9 + i * 70_000 + (i % 7));
    // A block of 32 spanning more than 2^32 ns: doubles.
    const huge = Array.from({ length: 70 }, (_, i) => i * 2 ** 28);
    const mixed = [...narrow, ...wide.map((t) => t + 2e12), ...huge.map((t) => t + 3e12)];
    const back = [10, 1000, 999, 5000, 4000, 4000, 1e9, 20, ...Array.from({ length: 64 }, (_, i) => 3e9 - i * 1000)];
    for (const times of [narrow, wide, huge, mixed, back, [7], []]) {
      const c = chunkOf(times);
      if (packable(c)) {
        const ct = PackedTimes.ofColumn(c.base, c.t32!, c.n);
        times.forEach((t, i) => expect(ct.at(i)).toBe(t));
      }
      // Packed from the chunk's own time column (Chunk.packTimes), where it has one.
      c.packTimes();
      if (times === narrow || times === wide || times === back) expect(c.packed).not.toBeNull();
      times.forEach((t, i) => expect(c.timeAt(i)).toBe(t));
      if (c.packed !== null) times.forEach((t, i) => expect(c.packed!.at(i)).toBe(t));
    }
    // Narrow blocks cost about 2.4 bytes an event, against 4 in the chunk.
    const c = chunkOf(narrow);
    expect(PackedTimes.ofColumn(c.base, c.t32!, c.n).bytes).toBeLessThan(narrow.length * 2.5);
  });

  it('are not made for times past 2^53 or a float64 column, which the chunk keeps and reads as before', () => {
    const big = 2 ** 53;
    const past: [number, bigint][] = Array.from({ length: 40 }, (_, i) => {
      const x = BigInt(big) + BigInt(i * 3);
      return [Number(x), x];
    });
    const back = [1000, 999, 5000, 4000, 4000, 1e9, 10];
    for (const times of [past, back, [...back, ...past]]) {
      const c = chunkOf(times);
      const want = Array.from({ length: c.n }, (_, i) => c.timeAt(i));
      c.packTimes();
      expect(c.packed).toBeNull();
      want.forEach((t, i) => expect(c.timeAt(i)).toBe(t));
    }
  });

  it('replace the time column of a chunk that packs them, which reads and prints its times as before', () => {
    let packed = 0;
    for (const f of traceFiles()) {
      const store = tryParse(f);
      if (store === null) continue;
      for (const c of store.chunks) {
        const before = Array.from({ length: c.n }, (_, i) => [c.timeAt(i), c.timeText(i)] as const);
        const exactPath = !packable(c);
        c.packTimes();
        if (exactPath || c.n === 0) {
          if (c.n > 0) expect(c.packed, f).toBeNull();
        } else {
          expect(c.packed, f).not.toBeNull();
          expect(c.t32, f).toBeNull();
          packed++;
        }
        for (let i = 0; i < c.n; i++) {
          const t = c.timeAt(i);
          if (t !== before[i]![0] || c.timeText(i) !== before[i]![1]) expect(`${f} ${i}: ${t} ${c.timeText(i)}`).toBe(`${before[i]![0]} ${before[i]![1]}`);
        }
      }
    }
    expect(packed).toBeGreaterThan(100);
    // A chunk past 2^53 keeps its column.
    const big = 2 ** 53;
    const c = chunkOf([[big, BigInt(big)], [big + 2, BigInt(big) + 2n]]);
    c.packTimes();
    expect(c.packed).toBeNull();
  });

  it('read the same in an EventTimes over another thread\'s copy of the chunks', () => {
    const f = traceCases(requireCorpus()).find((t) => t.label === 'go1.26/multi-generation')!.trace;
    const packed = parseTrace(readFileSync(f));
    for (const c of packed.chunks) c.packTimes();
    const ours = new EventTimes(packed);
    // As the worker gets the store (analysis-worker-client.ts: a postMessage, then EventStore.revive).
    const theirs = new EventTimes(EventStore.revive(structuredClone({ ...packed, chunks: packed.chunks.map((c) => c.forTransfer()) }) as EventStore));
    expect(theirs.chunks.filter((c) => c.packed !== null).length).toBeGreaterThan(3);
    expect(theirs.n).toBe(ours.n);
    expect(ours.chunks.length).toBeGreaterThan(3);
    for (let ev = 0; ev < ours.n; ev++) {
      const k = ours.chunkOf(ev);
      const want = ours.chunks[k]!.timeAt(ev - ours.first[k]!);
      if (theirs.time(ev) !== want || ours.time(ev) !== want) expect(`${ev}: ${theirs.time(ev)}`).toBe(String(want));
    }
    expect(theirs.lowerBound(ours.time(ours.n >>> 1))).toBe(ours.n >>> 1);
  });
});
