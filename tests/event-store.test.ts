// The event columns (parser/events.ts, store-builder.ts): contexts are stored in 16 bits until a
// chunk has more than 65536 of them, then widened without losing any; columns are shared memory
// (a worker can read them) and survive a structured clone.

import { describe, it, expect } from 'vitest';
import { StoreBuilder } from '../parser/store-builder.js';
import { Chunk, EventStore } from '../parser/events.js';
import { Ev } from '../parser/wire/specs.js';

describe('event store columns', () => {
  it('widens the context column past 65536 contexts and keeps every event on its context', () => {
    const b = new StoreBuilder();
    b.beginChunk(null, 16);
    const args = new Float64Array(4);
    const n = 70_000;
    for (let k = 0; k < n; k++) b.add(Ev.ProcsChange, 1000 + k, k, k % 7, k % 3, args);
    const store = b.finish();
    const c = store.chunks[0]!;
    expect(c.n).toBe(n);
    expect(c.ctx).toBeInstanceOf(Uint32Array);
    for (let k = 0; k < n; k++) {
      const x = c.ctx[k]!;
      if (c.ctxG[x] !== k || c.ctxP[x] !== k % 7 || c.ctxM[x] !== k % 3 || c.timeAt(k) !== 1000 + k) expect.fail(`event ${k} lost its context or time`);
    }
  });

  it('keeps 16-bit contexts for a chunk with few of them', () => {
    const b = new StoreBuilder();
    b.beginChunk(null, 16);
    const args = new Float64Array(4);
    for (let k = 0; k < 5000; k++) b.add(Ev.ProcsChange, 1000 + k, k % 10, 0, 1, args);
    const c = b.finish().chunks[0]!;
    expect(c.ctx).toBeInstanceOf(Uint16Array);
    expect(c.ctxG.length).toBe(10);
  });

  it('columns are shared memory and a cloned store revives with the same events', () => {
    const b = new StoreBuilder();
    b.beginChunk(null, 16);
    const args = new Float64Array([7, 0, 0, 0]);
    for (let k = 0; k < 100; k++) b.add(Ev.ProcsChange, 5000 + 3 * k, 1, 2, 3, args);
    const store = b.finish();
    const c = store.chunks[0]!;
    for (const col of [c.t32!, c.typ, c.ctx, c.argBase, c.argRel, c.args]) expect(col.buffer).toBeInstanceOf(SharedArrayBuffer);
    const back = EventStore.revive(structuredClone(store));
    const d = back.chunks[0]!;
    expect(d).toBeInstanceOf(Chunk);
    expect(d.n).toBe(100);
    for (let k = 0; k < 100; k++) expect([d.timeAt(k), d.arg(k, 0), d.ctxG[d.ctx[k]!]]).toEqual([5000 + 3 * k, 7, 1]);
    // Shared: a write through the original is seen through the clone.
    c.typ[0] = Ev.HeapAlloc;
    expect(d.typ[0]).toBe(Ev.HeapAlloc);
  });
});
