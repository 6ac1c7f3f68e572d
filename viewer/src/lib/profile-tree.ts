// Flame graph tree and pprof's Top table from a profile's samples (stacks leaf first). Nodes are
// merged by function name along the path from the root, as pprof's flame graph does.
import type { ProfileResponse } from '../../../api/types.js';

export type Metric = 'ns' | 'count';

export interface FlameNode {
  name: string;
  file: string;
  line: number;
  value: number;
  self: number;
  children: FlameNode[];
  parent: FlameNode | null;
  depth: number;
}

export function buildTree(p: ProfileResponse, metric: Metric): FlameNode {
  const root: FlameNode = { name: 'root', file: '', line: 0, value: 0, self: 0, children: [], parent: null, depth: 0 };
  const index = new Map<FlameNode, Map<string, FlameNode>>();
  for (const s of p.samples) {
    const v = metric === 'ns' ? s.ns : s.count;
    if (!v) continue;
    root.value += v;
    let node = root;
    for (let i = s.stack.length - 1; i >= 0; i--) {
      const f = p.frames[s.stack[i]!]!;
      let kids = index.get(node);
      if (!kids) index.set(node, (kids = new Map()));
      let child = kids.get(f.func);
      if (!child) {
        child = { name: f.func, file: f.file, line: f.line, value: 0, self: 0, children: [], parent: node, depth: node.depth + 1 };
        kids.set(f.func, child);
        node.children.push(child);
      }
      child.value += v;
      node = child;
    }
    node.self += v;
  }
  const sortRec = (n: FlameNode): void => {
    n.children.sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
    n.children.forEach(sortRec);
  };
  sortRec(root);
  return root;
}

export interface TopRow {
  func: string;
  file: string;
  flat: number;
  cum: number;
}

/** pprof -top by function: flat (leaf) and cum (anywhere in the stack, once per sample). */
export function topTable(p: ProfileResponse, metric: Metric): TopRow[] {
  const rows = new Map<string, TopRow>();
  const get = (func: string, file: string): TopRow => {
    let r = rows.get(func);
    if (!r) rows.set(func, (r = { func, file, flat: 0, cum: 0 }));
    return r;
  };
  for (const s of p.samples) {
    const v = metric === 'ns' ? s.ns : s.count;
    if (!v || !s.stack.length) continue;
    const leaf = p.frames[s.stack[0]!]!;
    get(leaf.func, leaf.file).flat += v;
    const seen = new Set<string>();
    for (const fi of s.stack) {
      const f = p.frames[fi]!;
      if (seen.has(f.func)) continue;
      seen.add(f.func);
      get(f.func, f.file).cum += v;
    }
  }
  return [...rows.values()].sort((a, b) => b.flat - a.flat || b.cum - a.cum || a.func.localeCompare(b.func));
}
