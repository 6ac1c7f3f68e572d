// The id tables the hot loops look ids up in (parser/id-table.ts): slots in order of first
// appearance, whatever the ids (small, far apart in pages of their own, negative, past 2^53).

import { describe, it, expect } from 'vitest';
import { DENSE_IDS, IdMap, IdNumbers, IdSlots } from '../parser/id-table.js';

describe('IdSlots', () => {
  it('gives slots in order of first appearance and finds them again, across pages and beyond the dense range', () => {
    const ids = [5, 0, 4095, 4096, 600_000, 1, DENSE_IDS - 1, DENSE_IDS, -1, 2 ** 53 + 2, 123_456_789_012, 600_001];
    const s = new IdSlots();
    ids.forEach((id, k) => expect(s.slot(id)).toBe(k));
    ids.forEach((id, k) => {
      expect(s.get(id)).toBe(k);
      expect(s.slot(id)).toBe(k);
    });
    expect(s.size).toBe(ids.length);
    // Unseen ids: in a page with others, in a page between used ones, past the last page, sparse.
    for (const id of [2, 4094, 8192, 300_000, 599_999, DENSE_IDS - 2, DENSE_IDS + 1, -2, 7]) expect(s.get(id)).toBe(-1);
    const { sorted, rank } = s.ranks();
    expect([...sorted]).toEqual([...ids].sort((a, b) => a - b));
    ids.forEach((id, k) => expect(sorted[rank[k]!]).toBe(id));
  });

  it('tables that meet only large ids stay independent', () => {
    const a = new IdSlots();
    const b = new IdSlots();
    a.slot(700_000);
    b.slot(700_001);
    expect(a.get(700_001)).toBe(-1);
    expect(b.get(700_000)).toBe(-1);
    expect(a.get(700_000)).toBe(0);
  });
});

describe('IdNumbers and IdMap', () => {
  it('keep a value per id, as a Map would', () => {
    const n = new IdNumbers();
    n.set(900_000, 3);
    n.set(2, 0);
    n.set(77, -1);
    expect([n.get(900_000), n.get(2), n.get(77), n.get(3)]).toEqual([3, 0, -1, -1]);
    const m = new IdMap<string>();
    m.set(900_000, 'a').set(-5, 'b').set(1, 'c');
    expect(m.get(900_000)).toBe('a');
    expect(m.delete(900_000)).toBe(true);
    expect(m.has(900_000)).toBe(false);
    expect([...m.keys()]).toEqual([-5, 1]);
    m.clear();
    expect(m.get(1)).toBeUndefined();
  });
});
