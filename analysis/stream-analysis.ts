// The command line's analyses (-pprof=TYPE, -d=goroutines) computed while the trace streams
// through the parser generation by generation: events are dropped once read, so memory holds
// the trace's tables and the analysis' per-goroutine state, not the events.

import { EventStore, Kind, typesOfKinds } from '../parser/events.js';
import { parseTraceFile, ParseFileOptions } from '../parser/node.js';
import { GoroutineSummarizer, SUMMARY_KINDS } from './goroutine-summary.js';
import { GoroutinesJson, goroutinesJson } from './goroutines.js';
import { PprofStream } from './pprof-stream.js';
import { pprofProfileRecords, type ProfileRecord } from './pprof.js';
import type { PprofKind } from '../api/profile-kinds.js';
import { buildProfile, encodeProfile } from './pprof-build.js';
import { GoHistory, GoHistoryBuilder, HISTORY_KINDS } from './go-history.js';
import { SampleStream } from './cpu-samples.js';
import { isSampleKind, sampleAnalysis } from './profile-analyses.js';

const PPROF_KEEP = typesOfKinds([Kind.StateTransition, Kind.Sync]);
const SAMPLES_KEEP = typesOfKinds([Kind.StackSample, Kind.Sync]);
const SUMMARY_KEEP = typesOfKinds(SUMMARY_KINDS);
const HISTORY_KEEP = typesOfKinds(HISTORY_KINDS);

/**
 * go tool trace -pprof=TYPE: the gzipped profile of the whole trace, and the store (its
 * tables and error; no events). Throws what parseTraceFile throws.
 */
export async function streamPprof(path: string, kind: PprofKind, opts: ParseFileOptions = {}, window: { start: number; end: number } | null = null): Promise<{ profile: Uint8Array; store: EventStore }> {
  const { records, store } = await streamPprofRecords(path, kind, opts, window);
  return { profile: encodeProfile(buildProfile(store, kind, records)), store };
}

/** The whole trace's profile records (-pprof=TYPE before encoding), and the store they refer to. */
export async function streamPprofRecords(path: string, kind: PprofKind, opts: ParseFileOptions = {}, window: { start: number; end: number } | null = null): Promise<{ records: ProfileRecord[]; store: EventStore }> {
  if (window !== null) {
    // A window's profile is computed over the whole parsed store.
    const full = await parseTraceFile(path, opts);
    return { records: pprofProfileRecords(full, kind, { window }), store: full };
  }
  if (isSampleKind(kind)) {
    const { periodNs } = sampleAnalysis(kind);
    let s = new SampleStream(periodNs);
    const store = await parseTraceFile(path, {
      ...opts,
      keep: SAMPLES_KEEP,
      retain: false,
      onChunk: (st, c) => s.feed(st, c),
      onRestart: () => (s = new SampleStream(periodNs)),
    });
    return { records: s.finish(), store };
  }
  let p = new PprofStream(kind);
  const store = await parseTraceFile(path, {
    ...opts,
    keep: PPROF_KEEP,
    retain: false,
    onChunk: (s, c) => p.feed(s, c),
    onRestart: () => (p = new PprofStream(kind)),
  });
  const records = p.finish();
  if (records !== null) return { records, store };
  // A trace the streaming profile cannot decide: parse it whole.
  const full = await parseTraceFile(path, opts);
  return { records: pprofProfileRecords(full, kind), store: full };
}

/** -d=goroutines; with a window (ns since the first event), only the time inside it, of the goroutines alive in it. */
export async function streamGoroutines(path: string, opts: ParseFileOptions = {}, window: { start: number; end: number } | null = null): Promise<{ json: GoroutinesJson; store: EventStore }> {
  let s = new GoroutineSummarizer([], window);
  const store = await parseTraceFile(path, {
    ...opts,
    keep: SUMMARY_KEEP,
    retain: false,
    onChunk: (st, c) => s.feed(st, c),
    onRestart: () => (s = new GoroutineSummarizer([], window)),
  });
  const summaries = s.finish();
  if (window !== null) {
    // Goroutines that lived outside the window only are left out.
    for (const [id, g] of summaries.goroutines) if (g.stats.totalTime === 0) summaries.goroutines.delete(id);
  }
  return { json: goroutinesJson(store, summaries), store };
}

/** Every goroutine's state history (for critical paths); null for a trace without events. */
export async function streamGoHistory(path: string, opts: ParseFileOptions = {}): Promise<{ history: GoHistory | null; store: EventStore }> {
  let b = new GoHistoryBuilder();
  let fed = false;
  const store = await parseTraceFile(path, {
    ...opts,
    keep: HISTORY_KEEP,
    retain: false,
    onChunk: (st, c) => {
      fed ||= c.n > 0;
      b.feed(st, c);
    },
    onRestart: () => {
      b = new GoHistoryBuilder();
      fed = false;
    },
  });
  return { history: fed ? b.finish() : null, store };
}
