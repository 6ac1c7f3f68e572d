// What each profile kind of api/profile-kinds.ts counts: its analysis, keyed by the kind's id.
// The blocking kinds are go tool trace's makeComputePprofFunc(state, reason): a goroutine
// entering the tracked state (with a tracked reason) opens an interval charged to that event's
// stack (pprof-records.ts over a parsed store, pprof-stream.ts while the trace streams). A sample
// kind counts events that each are one sample (cpu-samples.ts): the CPU profiler's StackSamples.

import type { PprofKind } from '../api/profile-kinds.js';
import { GoState } from '../parser/events.js';

/** A blocking profile: the goroutine state it tracks and which wait reasons count. */
export interface BlockingAnalysis {
  state: GoState;
  reason: (reason: string) => boolean;
}

/** A sampled profile: one sample per StackSample event, worth periodNs of the second value each. */
export interface SampleAnalysis {
  samples: true;
  periodNs: number;
}

export type ProfileAnalysis = BlockingAnalysis | SampleAnalysis;

/** Every kind's analysis; a kind without one here is a compile error. */
export const PROFILE_ANALYSES: Record<PprofKind, ProfileAnalysis> = {
  net: { state: GoState.Waiting, reason: (r) => r === 'network' },
  sync: { state: GoState.Waiting, reason: (r) => r.includes('chan') || r.includes('sync') || r.includes('select') },
  syscall: { state: GoState.Syscall, reason: () => true },
  sched: { state: GoState.Runnable, reason: () => true },
  // The runtime's default CPU profiling rate is 100 Hz; the trace does not record the rate used.
  cpu: { samples: true, periodNs: 10_000_000 },
};

/** The analysis of a kind id (throws for an id no analysis knows: a caller's bug). */
export function profileAnalysis(kind: string): ProfileAnalysis {
  const a = (PROFILE_ANALYSES as Record<string, ProfileAnalysis>)[kind];
  if (a === undefined) throw new Error(`no analysis for profile kind ${JSON.stringify(kind)}`);
  return a;
}

/** Whether a kind counts samples (else it is a blocking profile). */
export function isSampleKind(kind: string): boolean {
  return 'samples' in profileAnalysis(kind);
}

/** The blocking analysis of a kind (throws for a sample kind: a caller's bug). */
export function blockingAnalysis(kind: string): BlockingAnalysis {
  const a = profileAnalysis(kind);
  if ('samples' in a) throw new Error(`profile kind ${JSON.stringify(kind)} counts samples, not blocking intervals`);
  return a;
}

/** The sample analysis of a kind (throws for a blocking kind: a caller's bug). */
export function sampleAnalysis(kind: string): SampleAnalysis {
  const a = profileAnalysis(kind);
  if (!('samples' in a)) throw new Error(`profile kind ${JSON.stringify(kind)} is a blocking profile`);
  return a;
}
