// The flame graph's tree: stacks merged by function name along the path from the root, as
// pprof's flame graph merges them. For a difference (FILE − BASE) a node's width is what both
// traces spent there (FILE's plus BASE's) and its delta what changed, as pprof's diff flame
// graph draws it.
import type { ViewProfile } from './samples.js';

export interface FlameNode {
  name: string;
  file: string;
  line: number;
  /** Width: the sum of the samples' values (|FILE| + |BASE| for a difference). */
  value: number;
  /** FILE − BASE (equal to value when not a difference). */
  delta: number;
  /** As leaf. */
  self: number;
  children: FlameNode[];
  parent: FlameNode | null;
  depth: number;
}

export function flameTree(p: ViewProfile, vi: number): FlameNode {
  const root: FlameNode = { name: 'root', file: '', line: 0, value: 0, delta: 0, self: 0, children: [], parent: null, depth: 0 };
  const index = new Map<FlameNode, Map<string, FlameNode>>();
  for (const s of p.samples) {
    const v = s.values[vi]!;
    if (!v) continue;
    const w = Math.abs(v);
    root.value += w;
    root.delta += v;
    let node = root;
    for (let i = s.stack.length - 1; i >= 0; i--) {
      const f = p.frames[s.stack[i]!]!;
      let kids = index.get(node);
      if (!kids) index.set(node, (kids = new Map()));
      let child = kids.get(f.func);
      if (!child) {
        child = { name: f.func, file: f.file, line: f.line, value: 0, delta: 0, self: 0, children: [], parent: node, depth: node.depth + 1 };
        kids.set(f.func, child);
        node.children.push(child);
      }
      child.value += w;
      child.delta += v;
      node = child;
    }
    node.self += v;
  }
  const sortRec = (n: FlameNode): void => {
    n.children.sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    n.children.forEach(sortRec);
  };
  sortRec(root);
  return root;
}
