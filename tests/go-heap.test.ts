// parser/go/go-heap.ts must order equal keys exactly as Go does: the same pseudo-random
// operations run on Go's container/heap and on the heap of Go's internal/trace reader
// (batchcursor.go's insert/update/remove) gave tests/data/go-heap.golden (a small Go program
// printing the ids popped/removed, or the top after each update, then the final heap's ids).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArrayHeap, heapFix, heapInit, heapRemoveViaRoot, heapUp } from '../parser/go/go-heap.js';

const golden = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'data/go-heap.golden'), 'utf8')
  .trimEnd()
  .split('\n');

interface Item {
  key: number;
  id: number;
}

class Items extends ArrayHeap<Item> {
  less(i: number, j: number): boolean {
    return this.items[i]!.key < this.items[j]!.key;
  }
}

/** The Go program's generator: seed = seed*1103515245 + 12345 (uint32), then (seed >> 16) % n. */
function lcg(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
}

describe('go-heap', () => {
  it("container/heap's Init, Push, Pop, Remove and Fix order ties as Go does", () => {
    const rnd = lcg(12345);
    const h = new Items();
    for (let i = 0; i < 40; i++) h.items.push({ key: rnd(8), id: i });
    heapInit(h);
    let next = 40;
    const out: string[] = [];
    for (let step = 0; step < 400; step++) {
      const op = rnd(4);
      if (op === 0 || h.len() === 0) {
        h.push({ key: rnd(8), id: next++ });
      } else if (op === 1) {
        out.push(String(h.pop().id));
      } else if (op === 2) {
        out.push(`r${h.remove(rnd(h.len())).id}`);
      } else {
        const i = rnd(h.len());
        h.items[i]!.key = rnd(8);
        h.fix(i);
      }
    }
    expect(out.join(' ')).toBe(golden[0]);
    expect(h.items.map((x) => x.id).join(' ')).toBe(golden[1]);
  });

  it("the reader's insert, update and removal through the root order ties as Go's reader does", () => {
    const rnd = lcg(777);
    const h = new Items();
    let next = 0;
    const out: string[] = [];
    for (let step = 0; step < 400; step++) {
      const op = rnd(3);
      if (op === 0 || h.len() === 0) {
        h.items.push({ key: rnd(6), id: next++ });
        heapUp(h, h.len() - 1);
      } else if (op === 1) {
        const i = rnd(h.len());
        h.items[i]!.key += rnd(3);
        heapFix(h, i);
        out.push(String(h.items[0]!.id));
      } else {
        const i = rnd(h.len());
        out.push(`r${h.items[i]!.id}`);
        heapRemoveViaRoot(h, i);
        h.items.pop();
      }
    }
    expect(out.join(' ')).toBe(golden[2]);
    expect(h.items.map((x) => x.id).join(' ')).toBe(golden[3]);
  });
});
