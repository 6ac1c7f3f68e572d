// Lays out pprof's call graph for drawing: each node a box labelled with its function name and
// values (pprof's label text and font size), each edge a route between boxes with its weight,
// positioned by dagre (layered, callers above callees). Pure data: the view draws it as SVG.
import dagre from '@dagrejs/dagre';
import type { Graph, GNode } from './graph.js';
import { printableName, sortedEdges } from './graph.js';
import { dotColor, edgeWidth, formatValue, nodeFontSize, percentage } from './style.js';

export interface LaidNode {
  id: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  fontSize: number;
  fill: string;
  stroke: string;
  flat: number;
  cum: number;
}

export interface LaidEdge {
  from: string;
  to: string;
  points: { x: number; y: number }[];
  label: string;
  labelX: number;
  labelY: number;
  width: number;
  color: string;
  residual: boolean;
  weight: number;
}

export interface GraphLayout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

/** Width of a character of the monospace label font, per pixel of font size. */
const CHAR_W = 0.61;
const LINE_H = 1.25;
const NAME_WRAP = 34;

/** A long function name cut into lines at its package path and method dots. */
export function wrapName(name: string, width = NAME_WRAP): string[] {
  if (name.length <= width) return [name];
  const parts = name.split(/(?<=[/.])(?![^()]*\))/);
  const out: string[] = [];
  let cur = '';
  for (const p of parts) {
    if (cur !== '' && cur.length + p.length > width) {
      out.push(cur);
      cur = '';
    }
    cur += p;
  }
  if (cur !== '') out.push(cur);
  return out;
}

function labelLines(n: GNode, total: number, unit: string, signed: boolean): string[] {
  const lines = wrapName(printableName(n));
  const fmt = (v: number) => formatValue(v, unit, signed);
  // pprof's label: "flat (p%)" then "of cum (p%)" when they differ; "0 of cum (p%)" on one line.
  const cum = `of ${fmt(n.cum)} (${percentage(n.cum, total)})`;
  if (n.flat === 0) lines.push(n.cum !== 0 ? `0 ${cum}` : '0');
  else {
    lines.push(`${fmt(n.flat)} (${percentage(n.flat, total)})`);
    if (n.cum !== n.flat) lines.push(cum);
  }
  return lines;
}

export function layoutGraph(g: Graph, total: number, unit: string, signed: boolean): GraphLayout {
  const dg = new dagre.graphlib.Graph({ multigraph: false });
  dg.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 46, edgesep: 12, marginx: 16, marginy: 16 });
  dg.setDefaultEdgeLabel(() => ({}));
  let maxFlat = 0;
  for (const n of g.nodes) maxFlat = Math.max(maxFlat, Math.abs(n.flat));
  const ids = new Map<GNode, string>();
  const nodes: LaidNode[] = [];
  g.nodes.forEach((n, i) => {
    const id = `N${i + 1}`;
    ids.set(n, id);
    const fontSize = nodeFontSize(n.flat, maxFlat);
    const lines = labelLines(n, total, unit, signed);
    const width = Math.max(...lines.map((l) => l.length)) * fontSize * CHAR_W + 14;
    const height = lines.length * fontSize * LINE_H + 10;
    const share = total !== 0 ? n.cum / Math.abs(total) : 0;
    nodes.push({ id, name: n.name, x: 0, y: 0, width, height, lines, fontSize, fill: dotColor(share, true), stroke: dotColor(share, false), flat: n.flat, cum: n.cum });
    dg.setNode(id, { width, height });
  });
  const edges: LaidEdge[] = [];
  for (const n of g.nodes) {
    for (const e of sortedEdges(n.out.values())) {
      if (!ids.has(e.dest)) continue;
      const label = formatValue(e.weight, unit, signed);
      dg.setEdge(ids.get(n)!, ids.get(e.dest)!, {
        weight: 1 + Math.min(Math.abs(Math.trunc(total !== 0 ? (e.weight * 100) / total : 0)), 100),
        width: label.length * 11 * CHAR_W + 6,
        height: 14,
        labelpos: 'r',
        labeloffset: 4,
      });
      edges.push({
        from: ids.get(n)!,
        to: ids.get(e.dest)!,
        points: [],
        label,
        labelX: 0,
        labelY: 0,
        width: edgeWidth(e.weight, total),
        color: dotColor(total !== 0 ? e.weight / Math.abs(total) : 0, false),
        residual: e.residual,
        weight: e.weight,
      });
    }
  }
  dagre.layout(dg);
  for (const ln of nodes) {
    const d = dg.node(ln.id);
    ln.x = d.x;
    ln.y = d.y;
  }
  for (const le of edges) {
    const d = dg.edge(le.from, le.to);
    le.points = (d.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y }));
    le.labelX = d.x ?? 0;
    le.labelY = d.y ?? 0;
  }
  const gl = dg.graph();
  return { nodes, edges, width: gl.width ?? 0, height: gl.height ?? 0 };
}
