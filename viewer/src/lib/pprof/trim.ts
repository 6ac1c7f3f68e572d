// pprof's pruning of a graph before it is shown (report.newTrimmedGraph, rewritten): nodes whose
// cum is below nodeFraction of the total go first (the graph is rebuilt without them, so calls
// through them become residual edges); then, if a node count is set, the edges below
// edgeFraction are cut and only the first nodeCount nodes in the report's order are kept (the
// graph rebuilt again); finally the light edges are cut and, for drawn graphs, the residual edges
// already implied by another path are removed.
import type { ViewProfile } from './samples.js';
import { buildGraph, sortCum, sortEntropy, sortFlat, sortedEdges } from './graph.js';
import type { GEdge, GNode, Granularity, Graph } from './graph.js';

export interface TrimOptions {
  granularity: Granularity;
  /** Drop nodes with |cum| below this fraction of the graph's total (pprof default 0.005). */
  nodeFraction: number;
  /** Drop edges with |weight| below this fraction (pprof default 0.001). */
  edgeFraction: number;
  /** Keep at most this many nodes (0: no limit). */
  nodeCount: number;
  /** A drawn graph: entropy order, redundant residual edges removed. */
  visual: boolean;
  /** Order by cum rather than flat (non-visual reports). */
  cumSort?: boolean;
}

/** What pprof's web UI uses for each view. */
export const TRIM_GRAPH: Omit<TrimOptions, 'granularity'> = { nodeFraction: 0.005, edgeFraction: 0.001, nodeCount: 80, visual: true };
export const TRIM_TOP: Omit<TrimOptions, 'granularity'> = { nodeFraction: 0.005, edgeFraction: 0.001, nodeCount: 500, visual: false };
/** Peek and source listings are not trimmed. */
export const NO_TRIM: Omit<TrimOptions, 'granularity'> = { nodeFraction: 0, edgeFraction: 0, nodeCount: 0, visual: false };

export interface TrimmedGraph {
  graph: Graph;
  /** Nodes left after the node-fraction cut, before the count limit. */
  origCount: number;
  droppedNodes: number;
  droppedEdges: number;
  nodeCutoff: number;
  edgeCutoff: number;
}

function sortNodes(g: Graph, o: TrimOptions): void {
  if (o.visual) sortEntropy(g.nodes);
  else if (o.cumSort) sortCum(g.nodes);
  else sortFlat(g.nodes);
}

function trimLowFrequencyEdges(g: Graph, cutoff: number): number {
  let dropped = 0;
  for (const n of g.nodes) {
    for (const [src, e] of [...n.in]) {
      if (Math.abs(e.weight) < cutoff) {
        n.in.delete(src);
        src.out.delete(n);
        dropped++;
      }
    }
  }
  return dropped;
}

/** Whether the callee of e is reachable from its caller through other edges (walking callers up). */
function isRedundantEdge(e: GEdge): boolean {
  const src = e.src;
  const seen = new Set<GNode>([e.dest]);
  const queue: GNode[] = [e.dest];
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const ie of n.in.values()) {
      if (ie === e || seen.has(ie.src)) continue;
      if (ie.src === src) return true;
      seen.add(ie.src);
      queue.push(ie.src);
    }
  }
  return false;
}

/** Removes residual edges (the lightest first, per node from the last) that another path implies. */
function removeRedundantEdges(g: Graph): void {
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const ins = sortedEdges(g.nodes[i]!.in.values());
    for (let j = ins.length - 1; j >= 0; j--) {
      const e = ins[j]!;
      if (!e.residual) break;
      if (isRedundantEdge(e)) {
        e.src.out.delete(e.dest);
        e.dest.in.delete(e.src);
      }
    }
  }
}

export function trimmedGraph(p: ViewProfile, vi: number, o: TrimOptions): TrimmedGraph {
  let g = buildGraph(p, vi, o.granularity);
  let total = 0;
  for (const n of g.nodes) total += n.flat;
  const nodeCutoff = Math.abs(Math.trunc(total * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(total * o.edgeFraction));
  let droppedNodes = 0;
  if (nodeCutoff > 0) {
    const kept = new Set<string>();
    for (const n of g.nodes) if (Math.abs(n.cum) >= nodeCutoff) kept.add(n.key);
    if (kept.size !== g.nodes.length) {
      droppedNodes = g.nodes.length - kept.size;
      g = buildGraph(p, vi, o.granularity, kept);
    }
  }
  const origCount = g.nodes.length;
  sortNodes(g, o);
  if (o.nodeCount > 0) {
    trimLowFrequencyEdges(g, edgeCutoff);
    if (g.nodes.length > o.nodeCount) {
      const kept = new Set(g.nodes.slice(0, o.nodeCount).map((n) => n.key));
      g = buildGraph(p, vi, o.granularity, kept);
      sortNodes(g, o);
    }
  }
  const droppedEdges = trimLowFrequencyEdges(g, edgeCutoff);
  if (o.visual) removeRedundantEdges(g);
  return { graph: g, origCount, droppedNodes, droppedEdges, nodeCutoff, edgeCutoff };
}
