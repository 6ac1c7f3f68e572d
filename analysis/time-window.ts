// A stretch of a trace as -window=START,END and the pages' ?window= spell it: two Go durations
// from the trace's first event ("1.5s,2s", "0,250ms", "1200ns,5400ns"), END after START.

import { parseDuration } from './go-duration.js';

/** [start, end) in ns since the trace's first event. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** Parses "START,END"; throws an Error saying what is wrong. */
export function parseWindowText(v: string): TimeWindow {
  const parts = v.split(',');
  if (parts.length !== 2) throw new Error('want START,END (Go durations from the trace start, e.g. 1.5s,2s)');
  const [start, end] = parts.map((p) => {
    try {
      return parseDuration(p.trim());
    } catch {
      throw new Error(`${JSON.stringify(p)} is not a Go duration`);
    }
  }) as [number, number];
  if (start < 0) throw new Error('START is negative');
  if (end <= start) throw new Error('END must be after START');
  return { start, end };
}
