// parser/go/go-heap.ts must order equal keys exactly as Go does: the same pseudo-random
// operations run on Go's container/heap and on the heap of Go's internal/trace reader
// (batchcursor.go's insert/update/remove) gave tests/data/go-heap.golden (a small Go program
// printing the ids popped/removed, or the top after each update, then the final heap's ids).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  HeapOps,
  heapFix,
  heapInit,
  heapPopToEnd,
  heapRemoveToEnd,
  heapRemoveViaRoot,
  heapUp,
} from '../parser/go/go-heap.js';

const golden = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'data/go-heap.golden'), 'utf8')
  .trimEnd()
  .split('\n');

interface Item {
  key: number;
  id: number;
}

class Items implements HeapOps {
  a: Item[] = [];
  len(): number {
    return this.a.length;
  }
  less(i: number, j: number): boolean {
    return this.a[i]!.key < this.a[j]!.key;
  }
  swap(i: number, j: number): void {
    const t = this.a[i]!;
    this.a[i] = this.a[j]!;
    this.a[j] = t;
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
    for (let i = 0; i < 40; i++) h.a.push({ key: rnd(8), id: i });
    heapInit(h);
    let next = 40;
    const out: string[] = [];
    for (let step = 0; step < 400; step++) {
      const op = rnd(4);
      if (op === 0 || h.len() === 0) {
        h.a.push({ key: rnd(8), id: next++ });
        heapUp(h, h.len() - 1);
      } else if (op === 1) {
        heapPopToEnd(h);
        out.push(String(h.a.pop()!.id));
      } else if (op === 2) {
        heapRemoveToEnd(h, rnd(h.len()));
        out.push(`r${h.a.pop()!.id}`);
      } else {
        const i = rnd(h.len());
        h.a[i]!.key = rnd(8);
        heapFix(h, i);
      }
    }
    expect(out.join(' ')).toBe(golden[0]);
    expect(h.a.map((x) => x.id).join(' ')).toBe(golden[1]);
  });

  it("the reader's insert, update and removal through the root order ties as Go's reader does", () => {
    const rnd = lcg(777);
    const h = new Items();
    let next = 0;
    const out: string[] = [];
    for (let step = 0; step < 400; step++) {
      const op = rnd(3);
      if (op === 0 || h.len() === 0) {
        h.a.push({ key: rnd(6), id: next++ });
        heapUp(h, h.len() - 1);
      } else if (op === 1) {
        const i = rnd(h.len());
        h.a[i]!.key += rnd(3);
        heapFix(h, i);
        out.push(String(h.a[0]!.id));
      } else {
        const i = rnd(h.len());
        out.push(`r${h.a[i]!.id}`);
        heapRemoveViaRoot(h, i);
        h.a.pop();
      }
    }
    expect(out.join(' ')).toBe(golden[2]);
    expect(h.a.map((x) => x.id).join(' ')).toBe(golden[3]);
  });
});
