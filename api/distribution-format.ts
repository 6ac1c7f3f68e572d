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

/** GET /api/pauses: the longest stop-the-world pauses and GC mark assists, with what they delayed. */
export interface PausesResponse {
  /** Longest first. delayed: goroutines running or runnable when the world stopped (held up by it), at most 8 ids of delayedCount. */
  stw: { name: string; goroutine: number; startNs: number; durationNs: number; delayedCount: number; delayed: number[] }[];
  /** Longest first: the goroutine made to assist the collector instead of running its own code. */
  assists: { goroutine: number; name: string; startNs: number; durationNs: number }[];
  stwCount: number;
  stwTotalNs: number;
  assistCount: number;
  assistTotalNs: number;
}

/** GET /api/cpu-samples: the CPU profiler's samples' times (ns since the trace start, ascending) per goroutine; samples outside any goroutine under -1. */
export interface CpuSamplesResponse {
  count: number;
  goroutines: { goid: number; times: number[] }[];
}
