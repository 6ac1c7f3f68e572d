// The events leave memory behind the loading passes (server/spill-behind.ts): a chunk is written
// out only once both the serving thread's pass and the worker's rows pass are done with it, the
// worker's copy lets go of it at the place the serving thread wrote, and what is read back is
// what was there. The rows pass that lets chunks go keeps the metric values for the counters,
// which are then the counters built from the events. (server-loading.test.ts serves a session
// loaded this way and compares every route with one that kept its events.)

import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseTrace } from '../parser/index.js';
import type { Chunk } from '../parser/events.js';
import { buildTimeline, buildTimelineRows, withCounters } from '../analysis/timeline/build.js';
import { BLOCK, NSERIES, Replay, STEP_METRIC, type CounterModel } from '../analysis/timeline/counter-model.js';
import { ColumnCache, EventSpill } from '../server/event-spill.js';
import { SpillBehind, SpillFollower } from '../server/spill-behind.js';
import { corpusPath } from './support/paths.js';

beforeAll(() => {
  ColumnCache.install(1);
});

const MULTI = corpusPath('traces/go1.26/multi-generation.trace');

/** Waits until cond() holds (the spill's writes end on libuv's pool). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

const bytesOf = (c: Chunk) => [Buffer.from(c.typ), Buffer.from(c.args), Buffer.from(new Uint8Array(c.ctx.buffer, c.ctx.byteOffset, c.ctx.byteLength))];

describe('spilling behind two passes', () => {
  it('writes a chunk once both passes are done with it, and the other thread lets go of it there', async () => {
    const bytes = readFileSync(MULTI);
    const ours = parseTrace(bytes);
    // The worker's copy of the store (another thread's chunk objects over the same events).
    const theirs = parseTrace(bytes);
    const fresh = parseTrace(bytes);
    const n = ours.chunks.length;
    expect(ours.chunks.filter((c) => c.n > 0).length).toBeGreaterThan(3);
    const spill = EventSpill.create();
    try {
      const behind = new SpillBehind(ours, spill);
      let all = 0;
      behind.onAllWritten = () => all++;
      const follower = new SpillFollower(behind.board, theirs.chunks);

      // The serving thread's pass is ahead; the worker has passed none: nothing is written.
      behind.mainPassed(n);
      await spill.drain();
      expect(ours.chunks.some((c) => c.spilled !== null)).toBe(false);

      // The worker passes the first two: those (and only those) go.
      follower.passed(theirs.chunks[1]!);
      behind.pump();
      await spill.drain();
      expect(ours.chunks.map((c) => c.spilled !== null)).toEqual(ours.chunks.map((c, k) => k < 2 && c.n > 0));
      follower.letGo();
      expect(theirs.chunks.map((c) => c.cold)).toEqual(ours.chunks.map((c, k) => k < 2 && c.n > 0));
      expect(theirs.chunks[0]!.spilled).toEqual(ours.chunks[0]!.spilled);

      // The rows are built: every chunk goes, once, and the worker is told when the last one has.
      behind.rowsDone();
      await spill.drain();
      await until(() => all === 1);
      expect(behind.written).toBe(ours.chunks.filter((c) => c.n > 0).length);
      follower.letGo();
      ours.chunks.forEach((c, k) => {
        if (c.n === 0) return;
        expect(c.cold && theirs.chunks[k]!.cold).toBe(true);
        expect(theirs.chunks[k]!.spilled).toEqual(c.spilled);
        // Both read back the bytes the chunk had.
        expect(bytesOf(c)).toEqual(bytesOf(fresh.chunks[k]!));
        expect(bytesOf(theirs.chunks[k]!)).toEqual(bytesOf(fresh.chunks[k]!));
      });
      behind.pump();
      expect(all).toBe(1);
    } finally {
      spill.close();
    }
  });

  it('waits for the slower pass, whichever it is', async () => {
    const ours = parseTrace(readFileSync(MULTI));
    const spill = EventSpill.create();
    try {
      const behind = new SpillBehind(ours, spill);
      const theirs = parseTrace(readFileSync(MULTI)).chunks;
      // The worker is done with every chunk; the serving thread with the first only.
      new SpillFollower(behind.board, theirs).passed(theirs[theirs.length - 1]!);
      behind.mainPassed(1);
      await spill.drain();
      expect(ours.chunks.map((c) => c.spilled !== null)).toEqual(ours.chunks.map((c, k) => k < 1 && c.n > 0));
      behind.mainPassed(3);
      await spill.drain();
      expect(ours.chunks.map((c) => c.spilled !== null)).toEqual(ours.chunks.map((c, k) => k < 3 && c.n > 0));
    } finally {
      spill.close();
    }
  });
});

describe('the rows pass that lets chunks go', () => {
  for (const file of [MULTI, corpusPath('traces/go1.23/http-load.trace'), corpusPath('traces/go1.21/annotations.trace')]) {
    it(`keeps the metric values: the counters are the ones read from the events (${file.split('/').slice(-2).join('/')})`, () => {
      const store = parseTrace(readFileSync(file));
      const want = buildTimeline(store).counters;
      const seen: Chunk[] = [];
      const { rows, steps } = buildTimelineRows(store, undefined, { afterChunk: (c) => seen.push(c), keepMetricValues: true });
      // Every chunk with events, in order, once.
      expect(seen).toEqual(store.chunks.filter((c) => c.n > 0));
      const got = withCounters(rows, steps).counters;
      expect(got.metricVal).not.toBeNull();
      // The values are the metric events' arguments, in event order...
      const metricEvents: number[] = [];
      got.codes.forEach((code, ev) => {
        if (code >= STEP_METRIC) metricEvents.push(ev);
      });
      expect(metricEvents.length).toBeGreaterThan(0);
      expect(got.metricVal!.length).toBe(metricEvents.length);
      metricEvents.forEach((ev, k) => {
        const kk = rows.times.chunkOf(ev);
        const c = rows.times.chunks[kk]!;
        const x = c.arg(ev - rows.times.first[kk]!, 0);
        expect(got.metricVal![k]).toBe(x < 0 ? 2 ** 64 : x);
      });
      // ... each block's index is the count of those before it...
      const at = got.metricAt!;
      expect(at.length).toBe(got.start.length / NSERIES);
      let before = 0;
      at.forEach((k, b) => {
        while (before < metricEvents.length && metricEvents[before]! < b * BLOCK) before++;
        expect(k).toBe(before);
      });
      // ... so a replay from anywhere reads the values the events give.
      const n = got.codes.length;
      for (const from of [0, 1, BLOCK - 1, BLOCK, 3 * BLOCK + 7, n >>> 1, n - 1]) {
        if (from >= n) continue;
        const to = Math.min(n, from + 5 * BLOCK);
        const read = (m: CounterModel) => {
          const r = new Replay(m);
          r.seek(from);
          const out: number[] = [];
          r.run(to, (t, v, ev) => out.push(t, ev, ...v));
          r.flush((t, v, ev) => out.push(t, ev, ...v));
          return out;
        };
        expect(read(got), `replay from ${from}`).toEqual(read(want));
      }
      // ... and the index over them is the one built from the events.
      for (const key of ['start', 'min', 'max', 'startEv', 'minEv', 'maxEv', 'codes', 'backdatedEv', 'backdatedCode'] as const) {
        expect(Buffer.from(got[key].buffer, got[key].byteOffset, got[key].byteLength).equals(Buffer.from(want[key].buffer, want[key].byteOffset, want[key].byteLength)), key).toBe(true);
      }
    });
  }
});
