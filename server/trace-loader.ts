// Loads a trace into a session while the server already listens: parses it (large Go 1.22+
// traces generation by generation, in worker threads) and feeds the overview's counts chunk by
// chunk as the generations are ordered, so /api/progress says how far loading is and what is
// known so far; a large trace's chunks go to disk as soon as those passes have seen them
// (event-spill.ts), so the parse never holds the events whole. Then it computes what the first
// pages need (TraceSession.warm: the goroutine pass and the timeline, reading the chunks back
// in order) and marks the session ready. The passes are the ones the session would run over the
// whole store, fed the same chunks in the same order: the same numbers, sooner.

import { closeSync, openSync, readSync } from 'node:fs';
import { parseTraceFile, type ParseFileOptions } from '../parser/node.js';
import { readHeader } from '../parser/header.js';
import { isV1Version } from '../parser/wire/specs.js';
import type { Chunk, EventStore } from '../parser/events.js';
import { TraceFactsPass } from '../analysis/trace-facts.js';
import { RowCounts } from '../analysis/timeline/row-counts.js';
import type { ProgressSoFar } from '../api/types.js';
import type { StreamedAnalyses, TraceSession } from './session.js';
import { ColumnCache, EventSpill } from './event-spill.js';
import { collectGarbage } from './collect-garbage.js';
import { DEFAULT_PREVIEW_POLICY, TimelinePreviews, type PreviewPolicy } from './timeline-preview.js';

/** The format version in a file's header (throws TraceError for a file that is not a trace). */
export function traceVersionOf(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = new Uint8Array(64);
    const n = readSync(fd, head, 0, head.length, 0);
    return readHeader(head.subarray(0, n)).version;
  } finally {
    closeSync(fd);
  }
}

/** Traces from this size up keep their events on disk once parsed (LoadHooks.eventsOnDisk). */
export const EVENTS_ON_DISK_MIN_BYTES = 64 << 20;

/**
 * Bytes of columns written out between two garbage collections during the parse. A chunk lets
 * go of its columns once they are on disk, but their memory goes only when a collection finds
 * them, and this thread allocates too little of its own heap to start one: on the 210 MB trace
 * the columns of 240 MB of chunks written out were seen waiting for one (parse peak 300 -> 590
 * MiB, at random). A full collection here costs 20-40 ms.
 */
const COLLECT_EVERY_BYTES = 64 << 20;

/**
 * The passes fed while the trace streams in: the facts (the numbers so far) and the timeline rows
 * pass's first pass (row-counts.ts, sent to the worker with its job). The goroutine pass runs
 * after the parse, on this thread, while the analysis worker builds the timeline
 * (TraceSession.warm): during the parse the parser's workers keep the cores busy (fed here, it
 * made the parse of the 210 MB trace 4 s slower), after it one core would idle.
 */
class StreamedPasses {
  readonly facts = new TraceFactsPass();
  private readonly rowCounts = new RowCounts();
  private threads = new Set<number>();

  feed(store: EventStore, c: Chunk): void {
    this.facts.feed(store, c);
    this.rowCounts.feed(c);
    for (const m of c.ctxM) if (m !== -1) this.threads.add(m);
  }

  soFar(version: number): ProgressSoFar | undefined {
    const f = this.facts.f;
    if (f.events === 0) return undefined;
    return {
      goVersion: `go 1.${version}`,
      durationNs: f.lastTime - f.firstTime,
      events: f.events,
      procs: f.procs,
      threads: this.threads.size,
      gcCycles: f.gcCycles,
      stwCount: f.stwCount,
      stwTotalNs: f.stwTotalNs,
      userTasks: f.userTasks,
      userRegions: f.userRegions,
    };
  }

  finish(): StreamedAnalyses {
    return { facts: this.facts.finish(), rowCounts: this.rowCounts };
  }
}

/** A spill file, or why none can be made (the events then stay in memory). */
function spillFile(): EventSpill | string {
  try {
    return EventSpill.create();
  } catch (e) {
    return (e as Error).message;
  }
}

export interface LoadHooks {
  /** Bytes parsed so far (the CLI's progress bar). */
  onBytes?: (done: number) => void;
  /** Parsing is done: the store is attached and the analyses start. */
  onParsed?: (store: EventStore) => void;
  /** Parser options (workers, parallelThreshold: tests force the parallel path on small traces). */
  parse?: Pick<ParseFileOptions, 'workers' | 'parallelThreshold'>;
  /**
   * Keep the events on disk once the passes streamed with the parse have seen them
   * (event-spill.ts); by default, on traces of EVENTS_ON_DISK_MIN_BYTES and more (true: any
   * size, --events-on-disk; false: none).
   */
  eventsOnDisk?: boolean;
  /**
   * With the events on disk, once every write has ended: the bytes of columns written out, and why
   * some or all events stayed in memory (null if none did: no file could be made, a write failed).
   */
  onSpilled?: (bytes: number, failure: string | null) => void;
  /** When the timeline of what is parsed so far is built (timeline-preview.ts; tests force it on small traces). */
  preview?: PreviewPolicy;
}

/**
 * Parses the session's file into it, then warms its analyses; session.load follows along and
 * ends 'ready' (a damaged trace included: what it lost is in the summary) or 'failed' with the
 * reason. Resolves either way; the error, if any, is returned.
 */
export async function loadTrace(session: TraceSession, hooks: LoadHooks = {}): Promise<Error | null> {
  const st = session.load;
  let previews: TimelinePreviews | null = null;
  try {
    const version = traceVersionOf(session.file);
    // A large trace (or --events-on-disk): the events go to disk as they stream in, once the
    // passes have seen them.
    const made = (hooks.eventsOnDisk ?? session.sizeBytes >= EVENTS_ON_DISK_MIN_BYTES) ? spillFile() : null;
    const spill = made instanceof EventSpill ? made : null;
    if (typeof made === 'string') hooks.onSpilled?.(0, made);
    let passes = new StreamedPasses();
    st.soFar = () => passes.soFar(version);
    // The timeline of what is parsed so far (not for an old-format trace, parsed whole).
    previews = !isV1Version(version) ? new TimelinePreviews(session.sizeBytes, hooks.preview ?? DEFAULT_PREVIEW_POLICY) : null;
    if (previews !== null) {
      const p = previews;
      session.preview = p.forRoutes();
      st.timelinePreview = () => p.current?.info;
    }
    let ends: number[] = [];
    if (spill !== null) ColumnCache.install();
    let written = 0;
    const onWritten = (_place: unknown, bytes: number): void => {
      written += bytes;
      if (written < COLLECT_EVERY_BYTES) return;
      written = 0;
      collectGarbage();
    };
    const store = await parseTraceFile(session.file, {
      ...hooks.parse,
      onIndex: (ranges) => {
        ends = ranges.map((r) => r.end);
        st.generationsTotal = ranges.length;
      },
      onProgress: (done) => {
        st.bytesDone = done;
        while (st.generationsDone < ends.length && ends[st.generationsDone]! <= done) st.generationsDone++;
        hooks.onBytes?.(done);
      },
      onChunk: (s, c) => {
        // Its times packed (2.4 bytes an event, not 4), to stay in memory if its columns go to disk.
        c.packTimes();
        passes.feed(s, c);
        previews?.feed(s, c, st.bytesDone);
        spill?.put(c, onWritten);
      },
      // A damaged generation table found midway: everything is parsed again, from the start.
      onRestart: () => {
        passes = new StreamedPasses();
        previews?.reset();
      },
    });
    previews?.close();
    if (spill !== null) {
      await spill.drain();
      hooks.onSpilled?.(spill.bytes, spill.failure?.message ?? null);
    }
    session.attach(store, passes.finish(), spill);
    st.analyzing(store.generations);
    hooks.onParsed?.(store);
    await session.warm();
    st.done(store.generations);
    session.preview = null;
    return null;
  } catch (e) {
    previews?.close();
    session.preview = null;
    st.fail((e as Error).message);
    return e as Error;
  }
}
