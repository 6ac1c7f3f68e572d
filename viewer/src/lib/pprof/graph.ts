// pprof's call graph over a profile's samples (its internal/graph, rewritten): one node per
// function (or per source line), flat = value of the samples it is the leaf of, cum = value of
// the samples it appears in (once per sample however deep the recursion), an edge caller ->
// callee weighted by the samples that make that call (once per sample). Restricted to a set of
// kept nodes, the frames of other nodes are skipped and an edge that jumps over them is marked
// residual (drawn dotted), and a sample whose leaf is not kept gives no node its flat value.
import type { ViewProfile } from './samples.js';

export type Granularity = 'functions' | 'lines';

export interface GNode {
  /** Identity at the graph's granularity. */
  key: string;
  name: string;
  /** File and line: only at line granularity ("" and 0 for functions). */
  file: string;
  line: number;
  flat: number;
  cum: number;
  in: Map<GNode, GEdge>;
  out: Map<GNode, GEdge>;
}

export interface GEdge {
  src: GNode;
  dest: GNode;
  weight: number;
  /** The call goes through nodes left out of the graph. */
  residual: boolean;
}

export interface Graph {
  nodes: GNode[];
}

/** The node's name as pprof prints it: "func" or, per line, "func file:line". */
export function printableName(n: Pick<GNode, 'name' | 'file' | 'line'>): string {
  if (n.line !== 0) return `${n.name} ${n.file}:${n.line}`;
  return n.file !== '' ? `${n.name} ${n.file}` : n.name;
}

/** Go's filepath.Clean for the slash paths stacks carry. */
export function cleanPath(p: string): string {
  if (p === '') return '';
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = out.join('/');
  return abs ? '/' + s : s || '.';
}

/** The key each frame's node has at this granularity. */
export function frameKeys(p: ViewProfile, g: Granularity): string[] {
  return p.frames.map((f) => (g === 'functions' ? f.func : `${f.func}\u0000${cleanPath(f.file)}\u0000${f.line}`));
}

/** Builds the graph of the samples' values at index vi, keeping only the nodes in kept if given. */
export function buildGraph(p: ViewProfile, vi: number, g: Granularity, kept?: ReadonlySet<string>): Graph {
  const keys = frameKeys(p, g);
  const byKey = new Map<string, GNode>();
  const frameNode: (GNode | null)[] = p.frames.map((f, i) => {
    const key = keys[i]!;
    if (kept !== undefined && !kept.has(key)) return null;
    let n = byKey.get(key);
    if (n === undefined) {
      n = { key, name: f.func, file: g === 'lines' ? cleanPath(f.file) : '', line: g === 'lines' ? f.line : 0, flat: 0, cum: 0, in: new Map(), out: new Map() };
      byKey.set(key, n);
    }
    return n;
  });
  const seenNode = new Set<GNode>();
  const seenEdge = new Map<GNode, Set<GNode>>();
  for (const s of p.samples) {
    const w = s.values[vi]!;
    if (w === 0) continue;
    seenNode.clear();
    seenEdge.clear();
    let parent: GNode | null = null;
    let residual = false;
    for (let i = s.stack.length - 1; i >= 0; i--) {
      const n = frameNode[s.stack[i]!]!;
      if (n === null) {
        residual = true;
        continue;
      }
      if (!seenNode.has(n)) {
        seenNode.add(n);
        n.cum += w;
      }
      if (parent !== null && n !== parent) {
        let seen = seenEdge.get(parent);
        if (seen === undefined) seenEdge.set(parent, (seen = new Set()));
        if (!seen.has(n)) {
          seen.add(n);
          addToEdge(parent, n, w, residual);
        }
      }
      parent = n;
      residual = false;
    }
    if (parent !== null && !residual) parent.flat += w;
  }
  const nodes: GNode[] = [];
  for (const n of byKey.values()) if (n.cum !== 0 || n.flat !== 0) nodes.push(n);
  return { nodes };
}

function addToEdge(src: GNode, dest: GNode, w: number, residual: boolean): void {
  const e = src.out.get(dest);
  if (e !== undefined) {
    e.weight += w;
    if (residual) e.residual = true;
    return;
  }
  const edge: GEdge = { src, dest, weight: w, residual };
  src.out.set(dest, edge);
  dest.in.set(src, edge);
}

// ---- Orders (pprof's NodeOrder values that the reports use) ----

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ties after the scores: by printable name, then flat, then identity. */
function byNameThen(a: GNode, b: GNode, third: (a: GNode, b: GNode) => number): number {
  const c = cmpStr(printableName(a), printableName(b));
  if (c !== 0) return c;
  const t = third(a, b);
  return t !== 0 ? t : cmpStr(a.key, b.key);
}

const absDesc = (x: number, y: number): number => Math.abs(y) - Math.abs(x);

/** |flat| descending, then name (pprof's flat sort, the Top table's). */
export function sortFlat(nodes: GNode[]): void {
  nodes.sort((a, b) => absDesc(a.flat, b.flat) || byNameThen(a, b, (x, y) => absDesc(x.cum, y.cum)));
}

/** |cum| descending, then name. */
export function sortCum(nodes: GNode[]): void {
  nodes.sort((a, b) => absDesc(a.cum, b.cum) || byNameThen(a, b, (x, y) => absDesc(x.flat, y.flat)));
}

/** By name (then identity). */
export function sortName(nodes: GNode[]): void {
  nodes.sort((a, b) => cmpStr(a.name, b.name) || cmpStr(a.key, b.key));
}

/**
 * pprof's order for drawn graphs: nodes whose calls spread widely (high entropy of their edge
 * weights), entry and leaf nodes, weighted by cum, come first.
 */
export function sortEntropy(nodes: GNode[]): void {
  const score = new Map<GNode, number>();
  for (const n of nodes) score.set(n, entropyScore(n));
  nodes.sort((a, b) => absDesc(score.get(a)!, score.get(b)!) || byNameThen(a, b, (x, y) => absDesc(x.flat, y.flat)));
}

function entropyScore(n: GNode): number {
  let score = 0;
  score += n.in.size === 0 ? 1 : edgeEntropy(n.in, 0);
  score += n.out.size === 0 ? 1 : edgeEntropy(n.out, n.flat);
  // Go converts the float product to int64 (truncation) before adding flat.
  return Math.trunc(score * n.cum) + n.flat;
}

function edgeEntropy(edges: Map<GNode, GEdge>, self: number): number {
  let total = self;
  for (const e of edges.values()) if (e.weight > 0) total += Math.abs(e.weight);
  if (total === 0) return 0;
  let score = 0;
  const term = (v: number): number => {
    const frac = Math.abs(v) / total;
    return frac === 0 ? 0 : -frac * Math.log2(frac);
  };
  for (const e of edges.values()) score += term(e.weight);
  if (self > 0) score += term(self);
  return score;
}

/** Edges heaviest first (|weight|), then by caller's and callee's names. */
export function sortedEdges(edges: Iterable<GEdge>): GEdge[] {
  return [...edges].sort(
    (a, b) => absDesc(a.weight, b.weight) || cmpStr(printableName(a.src), printableName(b.src)) || cmpStr(printableName(a.dest), printableName(b.dest)),
  );
}
