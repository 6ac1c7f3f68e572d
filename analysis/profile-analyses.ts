// What each profile kind of api/profile-kinds.ts counts: its analysis, keyed by the kind's id.
// The blocking kinds are go tool trace's makeComputePprofFunc(state, reason): a goroutine
// entering the tracked state (with a tracked reason) opens an interval charged to that event's
// stack (pprof-records.ts over a parsed store, pprof-stream.ts while the trace streams).

import type { PprofKind } from '../api/profile-kinds.js';
import { GoState } from '../parser/events.js';

/** A blocking profile: the goroutine state it tracks and which wait reasons count. */
export interface BlockingAnalysis {
  state: GoState;
  reason: (reason: string) => boolean;
}

/** Every kind's analysis; a kind without one here is a compile error. */
export const PROFILE_ANALYSES: Record<PprofKind, BlockingAnalysis> = {
  net: { state: GoState.Waiting, reason: (r) => r === 'network' },
  sync: { state: GoState.Waiting, reason: (r) => r.includes('chan') || r.includes('sync') || r.includes('select') },
  syscall: { state: GoState.Syscall, reason: () => true },
  sched: { state: GoState.Runnable, reason: () => true },
};

/** The analysis of a kind id (throws for an id no analysis knows: a caller's bug). */
export function profileAnalysis(kind: string): BlockingAnalysis {
  const a = (PROFILE_ANALYSES as Record<string, BlockingAnalysis>)[kind];
  if (a === undefined) throw new Error(`no analysis for profile kind ${JSON.stringify(kind)}`);
  return a;
}
