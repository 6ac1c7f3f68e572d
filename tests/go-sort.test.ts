// goSortFunc must permute exactly like Go 1.26 slices.SortFunc: the tie order of
// equal keys and even the sequence of comparisons are checked against reference
// results produced by a Go program (tests/data/go-sort-vectors.json).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { goSortFunc } from '../parser/go/go-sort.js';

type Case = [number, number, number, number, number, number, number, number[]?];
const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL('./data/go-sort-vectors.json', import.meta.url)), 'utf8'),
) as { cases: Case[] };

/** mulberry32, with the same uint32 arithmetic as the Go generator. */
class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0;
    t = (t ^ (t + Math.imul(t ^ (t >>> 7), t | 61))) >>> 0;
    return (t ^ (t >>> 14)) >>> 0;
  }
}

/** Test input patterns (must match the Go generator): 0 random in [0,m), 1 sorted runs of m,
 * 2 reversed runs, 3 sawtooth of period m, 4 organ pipe, 5 all equal, 6/7 nearly sorted/reversed (m swaps). */
function gen(p: number, n: number, m: number, seed: number): number[] {
  const r = new Rng(seed);
  const k: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    switch (p) {
      case 0: k[i] = r.next() % m; break;
      case 1: k[i] = Math.trunc(i / m); break;
      case 2: k[i] = Math.trunc((n - 1 - i) / m); break;
      case 3: k[i] = i % m; break;
      case 4: k[i] = Math.trunc(Math.min(i, n - 1 - i) / m); break;
      case 5: k[i] = 7; break;
      case 6: k[i] = i; break;
      case 7: k[i] = n - 1 - i; break;
      default: throw new Error(`unknown pattern ${p}`);
    }
  }
  if ((p === 6 || p === 7) && n > 0) {
    for (let j = 0; j < m; j++) {
      const a = r.next() % n;
      const b = r.next() % n;
      const t = k[a];
      k[a] = k[b];
      k[b] = t;
    }
  }
  return k;
}

const fold = (h: number, w: number): number => Math.imul((h ^ w) >>> 0, 16777619) >>> 0;

interface Item {
  key: number;
  tag: number;
}

function run(c: Case, index: number) {
  const [p, n, m, adv] = c;
  const seed = Math.imul(index + 1, 2654435761) >>> 0;
  const keys = gen(p, n, m, seed);
  const a: Item[] = keys.map((key, tag) => ({ key, tag }));
  const crng = new Rng((seed ^ 0x9e3779b9) >>> 0);
  // Comparator 2: McIlroy's quicksort adversary (consistent, decided lazily); 3: always "less".
  const gas = n + 1;
  const val = new Array<number>(n).fill(gas);
  let nsolid = 0;
  let candidate = 0;
  let ncmp = 0;
  let cmpHash = 2166136261;
  goSortFunc(a, (x, y) => {
    ncmp++;
    cmpHash = fold(cmpHash, ((x.tag << 16) | y.tag) >>> 0);
    if (adv === 1 && crng.next() % 8 === 0) return (crng.next() % 3) - 1;
    if (adv === 3) return -1;
    if (adv === 2) {
      if (val[x.tag] === gas && val[y.tag] === gas) val[x.tag === candidate ? x.tag : y.tag] = nsolid++;
      if (val[x.tag] === gas) candidate = x.tag;
      else if (val[y.tag] === gas) candidate = y.tag;
      return val[x.tag] - val[y.tag];
    }
    return x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
  });
  let orderHash = 2166136261;
  for (const it of a) orderHash = fold(orderHash, it.tag);
  return { a, ncmp, cmpHash, orderHash, val };
}

describe('goSortFunc matches Go slices.SortFunc', () => {
  it('has reference vectors for lengths 0..200 and 1000..5000', () => {
    expect(vectors.cases.length).toBeGreaterThan(3000);
    expect(Math.max(...vectors.cases.map((c) => c[1]))).toBe(5000);
  });

  it('reproduces tie order and comparison sequence of every vector', () => {
    const bad: string[] = [];
    vectors.cases.forEach((c, i) => {
      const [p, n, m, adv, orderHash, ncmp, cmpHash, full] = c;
      const got = run(c, i);
      const where = `case #${i} pattern=${p} n=${n} m=${m} comparator=${adv}`;
      if (full) expect(got.a.map((x) => x.tag), where).toEqual(full);
      if (got.orderHash !== orderHash || got.ncmp !== ncmp || got.cmpHash !== cmpHash) {
        bad.push(`${where}: order ${got.orderHash}/${orderHash} cmps ${got.ncmp}/${ncmp} cmpHash ${got.cmpHash}/${cmpHash}`);
      }
      if (adv === 0 || adv === 2) {
        const key = adv === 0 ? (x: Item) => x.key : (x: Item) => got.val[x.tag];
        for (let k = 1; k < n; k++) if (key(got.a[k - 1]) > key(got.a[k])) bad.push(`${where}: not sorted at ${k}`);
      }
    });
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('sorts the empty and single-element arrays without calling cmp', () => {
    const calls: number[] = [];
    goSortFunc([] as number[], () => (calls.push(1), 0));
    goSortFunc([1], () => (calls.push(1), 0));
    expect(calls).toEqual([]);
  });

  it('sorts by the sign of cmp like Go (descending by bytes, footprint style)', () => {
    const a = Array.from({ length: 256 }, (_, typ) => ({ typ, bytes: typ % 7 === 0 ? typ * 3 : 0 }));
    goSortFunc(a, (x, y) => y.bytes - x.bytes);
    for (let i = 1; i < a.length; i++) expect(a[i - 1].bytes).toBeGreaterThanOrEqual(a[i].bytes);
    expect(new Set(a.map((x) => x.typ)).size).toBe(256);
  });
});
