// The differential fuzzer's mutations of a trace file: bit flips, byte runs overwritten,
// truncations at every kind of boundary (header, batch, batch header, event, generation),
// batches spliced from another trace, batches and generations dropped, duplicated or swapped,
// events dropped and varint arguments rewritten (with the batch size fixed up). Deterministic for
// a given PRNG, so a seed replays its mutation.

import { Layout, layoutOf, HEADER_LEN, BatchSpan, EventSpan } from './layout.js';

export type Rand = () => number;

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): Rand {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of iteration i of a run seeded with runSeed. */
export function iterationSeed(runSeed: number, i: number): number {
  let h = Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export interface Mutated {
  bytes: Uint8Array;
  /** What was done, e.g. "truncate inside event (GoStart) at 1234". */
  desc: string;
  /** The mutation's family, for the per-kind counts. */
  kind: string;
}

const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, a: readonly T[]): T => a[int(r, a.length)]!;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function encodeUvarint(v: bigint): Uint8Array {
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

function readUvarint(b: Uint8Array, pos: number): bigint {
  let v = 0n;
  let shift = 0n;
  for (let i = pos; i < b.length; i++) {
    v |= BigInt(b[i]! & 0x7f) << shift;
    if (b[i]! < 0x80) break;
    shift += 7n;
  }
  return v;
}

/** Replaces b[start, end) with piece and, for a Go 1.22+ batch holding that range, fixes its size field. */
function replaceInBatch(b: Uint8Array, batch: BatchSpan | null, start: number, end: number, piece: Uint8Array): Uint8Array {
  const delta = piece.length - (end - start);
  if (!batch || !batch.sizeField || delta === 0) return concat(b.subarray(0, start), piece, b.subarray(end));
  const [fs, fe] = batch.sizeField;
  const size = readUvarint(b, fs) + BigInt(delta);
  return concat(b.subarray(0, fs), encodeUvarint(size), b.subarray(fe, start), piece, b.subarray(end));
}

/** Values that stress a reader: zero, small, around 2^31/2^32/2^53/2^63, and the top of uint64. */
const INTERESTING: readonly bigint[] = [
  0n, 1n, 2n, 7n, 255n, 256n, 4096n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n,
  2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 8946670875742253474n, 2n ** 64n - 1n,
];

function randomBig(r: Rand): bigint {
  if (r() < 0.6) return pick(r, INTERESTING);
  if (r() < 0.5) return BigInt(int(r, 1 << 20));
  return (BigInt(int(r, 2 ** 32)) << 32n) | BigInt(int(r, 2 ** 32));
}

type Mutator = (b: Uint8Array, lay: Layout, other: Uint8Array, r: Rand) => Mutated | null;

const bitFlips: Mutator = (b, _lay, _o, r) => {
  const out = Uint8Array.from(b);
  const n = 1 + int(r, 8);
  const from = r() < 0.05 ? 0 : HEADER_LEN;
  if (b.length <= from) return null;
  const at: number[] = [];
  for (let k = 0; k < n; k++) {
    const p = from + int(r, b.length - from);
    out[p]! ^= 1 << int(r, 8);
    at.push(p);
  }
  return { bytes: out, kind: 'bit flips', desc: `flip ${n} bit(s) at ${at.join(',')}` };
};

const overwriteRun: Mutator = (b, _lay, _o, r) => {
  if (b.length <= HEADER_LEN) return null;
  const out = Uint8Array.from(b);
  const pos = HEADER_LEN + int(r, b.length - HEADER_LEN);
  const len = 1 + int(r, r() < 0.7 ? 16 : 128);
  const style = pick(r, ['random', '0xff', '0x00', 'copy'] as const);
  const src = int(r, b.length);
  for (let k = 0; k < len && pos + k < out.length; k++) {
    out[pos + k] = style === 'random' ? int(r, 256) : style === '0xff' ? 0xff : style === '0x00' ? 0 : b[(src + k) % b.length]!;
  }
  return { bytes: out, kind: 'byte run', desc: `overwrite ${len} byte(s) at ${pos} with ${style}` };
};

function randomEvent(lay: Layout, r: Rand, withArgs = false): { batch: BatchSpan; ev: EventSpan } | null {
  const batches = lay.batches.filter((bt) => bt.events.some((e) => !withArgs || e.args.length > 0));
  if (batches.length === 0) return null;
  const batch = pick(r, batches);
  const evs = batch.events.filter((e) => !withArgs || e.args.length > 0);
  return { batch, ev: pick(r, evs) };
}

const truncate: Mutator = (b, lay, _o, r) => {
  const where = pick(r, ['header', 'batch boundary', 'batch header', 'inside event', 'event boundary', 'generation boundary', 'anywhere'] as const);
  let cut: number | null = null;
  let what: string = where;
  switch (where) {
    case 'header':
      cut = int(r, HEADER_LEN + 1);
      break;
    case 'batch boundary':
      if (lay.batches.length) cut = pick(r, lay.batches).start;
      break;
    case 'batch header': {
      const bt = lay.batches.length ? pick(r, lay.batches) : null;
      if (bt && bt.headerEnd - bt.start > 1) cut = bt.start + 1 + int(r, bt.headerEnd - bt.start - 1);
      break;
    }
    case 'inside event': {
      const e = randomEvent(lay, r);
      if (e && e.ev.end - e.ev.start > 1) {
        cut = e.ev.start + 1 + int(r, e.ev.end - e.ev.start - 1);
        what = `inside event type ${e.ev.typ}`;
      }
      break;
    }
    case 'event boundary': {
      const e = randomEvent(lay, r);
      if (e) {
        cut = e.ev.start;
        what = `before event type ${e.ev.typ}`;
      }
      break;
    }
    case 'generation boundary':
      if (lay.generations.length > 1) cut = pick(r, lay.generations.slice(1)).start;
      else if (lay.generations.length === 1) cut = lay.generations[0]!.end;
      break;
    case 'anywhere':
      cut = int(r, b.length + 1);
      break;
  }
  if (cut === null) return null;
  return { bytes: b.subarray(0, cut), kind: `truncate: ${where}`, desc: `truncate ${what} at ${cut} of ${b.length}` };
};

const spliceBatch: Mutator = (b, lay, other, r) => {
  const olay = layoutOf(other);
  const src = olay.batches.filter((bt) => !bt.endOfGeneration);
  if (src.length === 0 || lay.batches.length === 0) return null;
  const piece = pick(r, src);
  const bytes = other.subarray(piece.start, piece.end);
  const at = pick(r, [...lay.batches.map((bt) => bt.start), lay.parsedTo]);
  if (r() < 0.5) {
    return { bytes: concat(b.subarray(0, at), bytes, b.subarray(at)), kind: 'splice batch', desc: `insert a ${bytes.length}-byte batch (gen ${piece.gen}) of another go1.${olay.version} trace at ${at}` };
  }
  const victim = pick(r, lay.batches);
  return {
    bytes: concat(b.subarray(0, victim.start), bytes, b.subarray(victim.end)),
    kind: 'splice batch',
    desc: `replace the batch at ${victim.start} by a ${bytes.length}-byte batch (gen ${piece.gen}) of another go1.${olay.version} trace`,
  };
};

const batchOps: Mutator = (b, lay, _o, r) => {
  const bs = lay.batches;
  if (bs.length < 2) return null;
  const i = int(r, bs.length);
  const bt = bs[i]!;
  const op = pick(r, ['drop', 'duplicate', 'swap'] as const);
  if (op === 'drop') return { bytes: concat(b.subarray(0, bt.start), b.subarray(bt.end)), kind: 'batch op', desc: `drop batch #${i} at ${bt.start}` };
  if (op === 'duplicate') {
    return { bytes: concat(b.subarray(0, bt.end), b.subarray(bt.start, bt.end), b.subarray(bt.end)), kind: 'batch op', desc: `duplicate batch #${i} at ${bt.start}` };
  }
  if (i + 1 >= bs.length) return null;
  const nx = bs[i + 1]!;
  return {
    bytes: concat(b.subarray(0, bt.start), b.subarray(nx.start, nx.end), b.subarray(bt.start, bt.end), b.subarray(nx.end)),
    kind: 'batch op',
    desc: `swap batches #${i} and #${i + 1} at ${bt.start}`,
  };
};

const generationOps: Mutator = (b, lay, _o, r) => {
  const gs = lay.generations;
  if (gs.length === 0) return null;
  const i = int(r, gs.length);
  const g = gs[i]!;
  const op = pick(r, gs.length > 1 ? (['drop', 'duplicate', 'swap'] as const) : (['drop', 'duplicate'] as const));
  if (op === 'drop') return { bytes: concat(b.subarray(0, g.start), b.subarray(g.end)), kind: 'generation op', desc: `drop generation #${i} (gen ${g.gen}) of ${gs.length}` };
  if (op === 'duplicate') {
    return { bytes: concat(b.subarray(0, g.end), b.subarray(g.start, g.end), b.subarray(g.end)), kind: 'generation op', desc: `duplicate generation #${i} (gen ${g.gen}) of ${gs.length}` };
  }
  const j = i + 1 < gs.length ? i + 1 : i - 1;
  const [a, c] = i < j ? [g, gs[j]!] : [gs[j]!, g];
  return {
    bytes: concat(b.subarray(0, a.start), b.subarray(c.start, c.end), b.subarray(a.end, c.start), b.subarray(a.start, a.end), b.subarray(c.end)),
    kind: 'generation op',
    desc: `swap generations gen ${a.gen} and gen ${c.gen}`,
  };
};

const rewriteArg: Mutator = (b, lay, _o, r) => {
  const e = randomEvent(lay, r, true);
  if (!e) return null;
  const k = int(r, e.ev.args.length);
  const [s, t] = e.ev.args[k]!;
  const v = randomBig(r);
  return {
    bytes: replaceInBatch(b, e.batch, s, t, encodeUvarint(v)),
    kind: 'rewrite varint',
    desc: `set argument ${k} of event type ${e.ev.typ} at ${e.ev.start} to ${v}`,
  };
};

const dropEvent: Mutator = (b, lay, _o, r) => {
  const e = randomEvent(lay, r);
  if (!e) return null;
  return { bytes: replaceInBatch(b, e.batch, e.ev.start, e.ev.end, new Uint8Array(0)), kind: 'drop event', desc: `drop event type ${e.ev.typ} at ${e.ev.start}` };
};

const MUTATORS: [Mutator, number][] = [
  [bitFlips, 14],
  [overwriteRun, 10],
  [truncate, 24],
  [spliceBatch, 10],
  [batchOps, 12],
  [generationOps, 10],
  [rewriteArg, 12],
  [dropEvent, 8],
];
const TOTAL = MUTATORS.reduce((n, [, w]) => n + w, 0);

function mutateOnce(b: Uint8Array, other: Uint8Array, r: Rand): Mutated {
  const lay = layoutOf(b);
  for (let attempt = 0; attempt < 20; attempt++) {
    let x = r() * TOTAL;
    let m = MUTATORS[0]![0];
    for (const [f, w] of MUTATORS) {
      if ((x -= w) < 0) {
        m = f;
        break;
      }
    }
    const out = m(b, lay, other, r);
    if (out) return out;
  }
  return bitFlips(b, lay, other, r)!;
}

/** One mutation of src (two in a tenth of the cases); other supplies spliced batches. */
export function mutateTrace(src: Uint8Array, other: Uint8Array, r: Rand): Mutated {
  const first = mutateOnce(src, other, r);
  if (r() >= 0.1 || first.bytes.length <= HEADER_LEN) return first;
  const second = mutateOnce(first.bytes, other, r);
  return { bytes: second.bytes, kind: "two mutations", desc: `${first.desc}; then ${second.desc}` };
}
