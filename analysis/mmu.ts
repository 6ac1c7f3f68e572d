// Minimum mutator utilization as go tool trace 1.26 serves it on /mmu: the plot mode's curve
// (MMU, or with "mut" the distribution quantiles) and the details mode's worst windows.

import type { EventStore } from '../parser/events.js';
import { MMUCurve, UtilWindow } from './mmu-curve.js';
import { goFloatV } from './mmu-format.js';
import { goExp, goLog } from './go-math.js';
import {
  UtilAssist, UtilBackground, UtilPerProc, UtilSTW, UtilSweep, UtilSeries, mutatorUtilization,
} from './mmu-util.js';

export { MMUCurve, mutatorUtilization, UtilAssist, UtilBackground, UtilPerProc, UtilSTW, UtilSweep };
export type { UtilSeries, UtilWindow };

const FLAG_NAMES: Record<string, number> = {
  perProc: UtilPerProc,
  stw: UtilSTW,
  background: UtilBackground,
  assist: UtilAssist,
  sweep: UtilSweep,
};

/** The /mmu flags parameter ("system|stw|background|assist", "...|mut"): unknown names add nothing. */
export function parseUtilFlags(param: string): { flags: number; mut: boolean } {
  let flags = 0;
  let mut = false;
  for (const f of param.split('|')) {
    flags |= FLAG_NAMES[f] ?? 0;
    if (f === 'mut') mut = true;
  }
  return { flags, mut };
}

/** The JSON of GET /mmu?mode=plot (keys in Go's sorted map order). */
export interface MMUPlot {
  curve: number[][];
  quantiles: number[] | null;
  xMax: number;
  xMin: number;
}

/** The quantiles the "mut" flag asks for (Go's constants 1-.999 etc., exact before rounding). */
const MUT_QUANTILES = [0, 0.001, 0.01, 0.05];

/**
 * GET /mmu?mode=plot&flags=…: 100 window sizes spaced logarithmically over six orders of
 * magnitude from the first one with an MMU below 0.0001 (capped at the trace length), each
 * with its MMU or, with mut, its utilization quantiles. null when there is no series.
 */
export function mmuPlot(utils: UtilSeries[], curve: MMUCurve, mut: boolean): MMUPlot | null {
  if (utils.length === 0 || utils[0]!.time.length === 0) return null;
  const quantiles = mut ? MUT_QUANTILES : null;
  let xMin = 1e9;
  while (xMin > 1) {
    if (curve.mmu(xMin) < 0.0001) break;
    xMin = Math.trunc(xMin / 1000);
  }
  let xMax = xMin * 1e6;
  let minEvent = utils[0]!.time[0]!;
  let maxEvent = utils[0]!.time[utils[0]!.time.length - 1]!;
  for (const u of utils.slice(1)) {
    if (u.time[0]! < minEvent) minEvent = u.time[0]!;
    if (u.time[u.time.length - 1]! > maxEvent) maxEvent = u.time[u.time.length - 1]!;
  }
  if (xMax > maxEvent - minEvent) xMax = maxEvent - minEvent;
  // Go's own exp and log (as its amd64 assembly computes them): V8's can differ by an ulp,
  // which moves a window by 1 ns (go1.21/ctx-leak's last point).
  const logMin = goLog(xMin);
  const logMax = goLog(xMax);
  const samples = 100;
  const points: number[][] = [];
  for (let i = 0; i < samples; i++) {
    const window = Math.trunc(goExp((i / (samples - 1)) * (logMax - logMin) + logMin));
    points.push(quantiles === null ? [window, curve.mmu(window)] : [window, ...curve.mud(window, quantiles)]);
  }
  return { curve: points, quantiles, xMax, xMin };
}

/** The MMU plot of a trace for a /mmu flags parameter. */
export function mmuCurve(store: EventStore, flagsParam: string): MMUPlot | null {
  const { flags, mut } = parseUtilFlags(flagsParam);
  const utils = mutatorUtilization(store, flags);
  return mmuPlot(utils, new MMUCurve(utils), mut);
}

/** The n worst disjoint windows of windowNs, lowest utilization first (the details mode's list). */
export function worstWindows(store: EventStore, flags: number, windowNs: number, n = 10): UtilWindow[] {
  return new MMUCurve(mutatorUtilization(store, flags)).examples(windowNs, n);
}

/** A range of the trace viewer (the index page's split of a big trace). */
export interface ViewerRange {
  start: number;
  end: number;
  endTime: number;
}

/** One entry of GET /mmu?mode=details: the window and a link to it in the proc timeline. */
export interface LinkedUtilWindow {
  MutatorUtil: number;
  Time: number;
  URL: string;
}

/** The details mode's JSON (null, as Go encodes an empty list): windows linked into their range. */
export function mmuDetails(worst: UtilWindow[], windowNs: number, ranges: ViewerRange[] = []): LinkedUtilWindow[] | null {
  if (worst.length === 0) return null;
  return worst.map((w) => {
    let r: ViewerRange = { start: 0, end: 0, endTime: 0 };
    for (r of ranges) if (r.endTime > w.time) break;
    const url = `/trace?view=proc&start=${r.start}&end=${r.end}#${goFloatV(w.time / 1e6)}:${goFloatV((w.time + windowNs) / 1e6)}`;
    return { MutatorUtil: w.mutatorUtil, Time: w.time, URL: url };
  });
}
