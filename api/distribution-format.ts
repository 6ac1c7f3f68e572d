// Latency distributions: GET /api/sched-latency (every Runnable->Running wait of the trace: its
// log-scale histogram, percentiles and worst waits). Times are ns; startNs since the trace's start.

import type { HistogramJson } from './types.js';

/** Nearest-rank percentiles and the maximum of a set of durations (0 when empty). */
export interface Percentiles {
  count: number;
  totalNs: number;
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
  maxNs: number;
}

export interface SchedLatencyResponse extends Percentiles {
  histogram: HistogramJson | null;
  /** The longest waits, longest first. */
  worst: { goroutine: number; name: string; startNs: number; durationNs: number }[];
}
