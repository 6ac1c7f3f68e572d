// pprof's text reports over a (filtered) profile, as data for the views: Top (report.TextItems:
// the trimmed graph's nodes in flat order), Peek (the tree report: each matching node with its
// callers and callees) and the source listing (report's list: per matching function and file,
// the lines around its samples with their flat and cum values).
import type { ViewProfile } from './samples.js';
import { reportTotal } from './samples.js';
import { buildGraph, cleanPath, printableName, sortedEdges, sortName } from './graph.js';
import type { GNode } from './graph.js';
import { NO_TRIM, TRIM_TOP, trimmedGraph } from './trim.js';
import type { TrimOptions } from './trim.js';

/** What pprof's legend says about a report: what it shows of what total. */
export interface ReportLegend {
  /** Sum of the shown nodes' flat values. */
  shown: number;
  /** The report total (the unfiltered profile's; the base's for a difference). */
  total: number;
  droppedNodes: number;
  droppedEdges: number;
  nodeCutoff: number;
  /** Nodes shown and nodes there were before the count limit. */
  nodeCount: number;
  origCount: number;
}

export interface TopRow {
  name: string;
  flat: number;
  cum: number;
}

/**
 * pprof's Top: rows in flat order (|flat| descending), trimmed as its web UI trims them
 * (nodeCount 500; `go tool pprof -top` has no count limit: pass nodeCount 0).
 * total is the report total (of the profile before filtering).
 */
export function topReport(p: ViewProfile, vi: number, total: number, trim: Omit<TrimOptions, 'granularity'> = TRIM_TOP): { rows: TopRow[]; legend: ReportLegend } {
  const t = trimmedGraph(p, vi, { ...trim, granularity: 'functions' });
  const rows = t.graph.nodes.map((n) => ({ name: printableName(n), flat: n.flat, cum: n.cum }));
  return { rows, legend: legendOf(t.graph.nodes, total, t) };
}

function legendOf(nodes: GNode[], total: number, t: { droppedNodes: number; droppedEdges: number; nodeCutoff: number; origCount: number }): ReportLegend {
  let shown = 0;
  for (const n of nodes) shown += n.flat;
  return { shown, total, droppedNodes: t.droppedNodes, droppedEdges: t.droppedEdges, nodeCutoff: t.nodeCutoff, nodeCount: nodes.length, origCount: t.origCount };
}

export interface PeekLink {
  name: string;
  weight: number;
}
export interface PeekEntry {
  name: string;
  flat: number;
  cum: number;
  /** Running sum of flat over the entries printed so far. */
  flatSum: number;
  /** Callers and callees, heaviest first; percentages are of this entry's cum. */
  callers: PeekLink[];
  callees: PeekLink[];
}

/**
 * pprof's peek: every node (function) whose name matches rx, in flat order, with the edges into
 * and out of it. Not trimmed. An undefined rx matches every node.
 */
export function peekReport(p: ViewProfile, vi: number, rx: RegExp | undefined): PeekEntry[] {
  const g = trimmedGraph(p, vi, { ...NO_TRIM, granularity: 'functions' }).graph;
  const out: PeekEntry[] = [];
  let flatSum = 0;
  for (const n of g.nodes) {
    const name = printableName(n);
    if (rx !== undefined && !rx.test(name)) continue;
    flatSum += n.flat;
    out.push({
      name,
      flat: n.flat,
      cum: n.cum,
      flatSum,
      callers: sortedEdges(n.in.values()).map((e) => ({ name: printableName(e.src), weight: e.weight })),
      callees: sortedEdges(n.out.values()).map((e) => ({ name: printableName(e.dest), weight: e.weight })),
    });
  }
  return out;
}

/** Lines of context pprof lists before the first and after the last line with samples. */
export const LIST_MARGIN = 5;

export interface ListingLine {
  line: number;
  flat: number;
  cum: number;
}
export interface ListingBlock {
  func: string;
  /** The file as the stacks name it ("" when the function has no file: "No source information"). */
  file: string;
  flat: number;
  cum: number;
  /** First and last line to print (the source text may end earlier). */
  start: number;
  end: number;
  /** Values of the lines with samples. */
  lines: ListingLine[];
  /** Whether the file's frames came from the base trace only (read it from the base's server). */
  fromBase: boolean;
}

/**
 * pprof's list: for every function whose name matches rx (by name order), one block per file
 * it has samples in, spanning its sampled lines with LIST_MARGIN lines around. Not trimmed.
 */
export function listingReport(p: ViewProfile, vi: number, rx: RegExp | undefined): ListingBlock[] {
  const g = buildGraph(p, vi, 'lines');
  const byFunc = new Map<string, GNode[]>();
  const order: GNode[] = [];
  for (const n of g.nodes) {
    if (rx !== undefined && !rx.test(n.name)) continue;
    let list = byFunc.get(n.name);
    if (list === undefined) {
      byFunc.set(n.name, (list = []));
      order.push(n);
    }
    list.push(n);
  }
  sortName(order);
  // Files named by base frames only.
  const fileOrigin = new Map<string, boolean>();
  if (p.baseFrames !== undefined) {
    p.frames.forEach((f, i) => {
      const file = cleanPath(f.file);
      fileOrigin.set(file, (fileOrigin.get(file) ?? true) && p.baseFrames![i] === 1);
    });
  }
  const blocks: ListingBlock[] = [];
  for (const fn of order) {
    const nodes = byFunc.get(fn.name)!;
    const files = [...new Set(nodes.map((n) => n.file))].filter((f) => f !== '').sort();
    if (files.length === 0) {
      blocks.push({ func: fn.name, file: '', flat: 0, cum: 0, start: 0, end: -1, lines: [], fromBase: false });
      continue;
    }
    for (const file of files) {
      const fns = nodes.filter((n) => n.file === file);
      let flat = 0;
      let cum = 0;
      const perLine = new Map<number, ListingLine>();
      let lo = Infinity;
      let hi = -Infinity;
      for (const n of fns) {
        flat += n.flat;
        cum += n.cum;
        lo = Math.min(lo, n.line);
        hi = Math.max(hi, n.line);
        let l = perLine.get(n.line);
        if (l === undefined) perLine.set(n.line, (l = { line: n.line, flat: 0, cum: 0 }));
        l.flat += n.flat;
        l.cum += n.cum;
      }
      blocks.push({
        func: fn.name,
        file,
        flat,
        cum,
        start: Math.max(1, lo - LIST_MARGIN),
        end: hi + LIST_MARGIN,
        lines: [...perLine.values()].sort((a, b) => a.line - b.line),
        fromBase: fileOrigin.get(file) === true,
      });
    }
  }
  return blocks;
}

/** The report total of a profile before filtering (re-exported for the views). */
export { reportTotal };

export interface SideValues {
  file: { flat: number; cum: number };
  base: { flat: number; cum: number };
}

/** For a difference: each function's flat and cum in FILE and in BASE (positive), by name. */
export function diffSides(p: ViewProfile, vi: number): Map<string, SideValues> {
  const out = new Map<string, SideValues>();
  const side = (base: boolean) => {
    const samples = p.samples.filter((s) => s.base === base).map((s) => (base ? { ...s, values: s.values.map((v) => -v) } : s));
    for (const n of buildGraph({ ...p, samples }, vi, 'functions').nodes) {
      let sv = out.get(n.name);
      if (sv === undefined) out.set(n.name, (sv = { file: { flat: 0, cum: 0 }, base: { flat: 0, cum: 0 } }));
      sv[base ? 'base' : 'file'] = { flat: n.flat, cum: n.cum };
    }
  };
  side(false);
  side(true);
  return out;
}
