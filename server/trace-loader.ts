// Loads a trace into a session while the server already listens: parses it (large Go 1.22+
// traces generation by generation, in worker threads) and feeds the overview's counts and the
// goroutine analysis chunk by chunk as the generations are ordered, so /api/progress says how
// far loading is and what is known so far; then computes what the first pages need
// (TraceSession.warm) and marks the session ready. The passes are the ones the session would
// run over the whole store, fed the same chunks in the same order: the same numbers, sooner.

import { closeSync, openSync, readSync } from 'node:fs';
import { parseTraceFile, type ParseFileOptions } from '../parser/node.js';
import { readHeader } from '../parser/header.js';
import { isV1Version } from '../parser/wire/specs.js';
import type { Chunk, EventStore } from '../parser/events.js';
import { TraceFactsPass } from '../analysis/trace-facts.js';
import { GoroutinePass } from '../analysis/goroutine-pass.js';
import { RowCounts } from '../analysis/timeline/row-counts.js';
import type { ProgressSoFar } from '../api/types.js';
import type { StreamedAnalyses, TraceSession } from './session.js';
import { ColumnCache, EventSpill } from './event-spill.js';
import { SPILL_BEHIND_MIN_BYTES, SpillBehind } from './spill-behind.js';
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

/**
 * The passes fed while the trace streams in: the facts (the numbers so far), the timeline rows
 * pass's first pass (row-counts.ts, sent to the worker with its job), and the goroutine
 * pass only when asked (`goroutines`): when the events go to disk, it must see each chunk before
 * the chunk leaves memory. Otherwise the goroutine pass runs after the parse, on this thread,
 * while the analysis worker builds the timeline (TraceSession.warm): during the parse the parser's
 * workers keep the cores busy, after it one core would idle.
 */
class StreamedPasses {
  readonly facts = new TraceFactsPass();
  private readonly rowCounts = new RowCounts();
  private threads = new Set<number>();
  private rest: GoroutinePass | null = null;

  constructor(private readonly goroutines: boolean) {}

  feed(store: EventStore, c: Chunk): void {
    this.facts.feed(store, c);
    this.rowCounts.feed(c);
    for (const m of c.ctxM) if (m !== -1) this.threads.add(m);
    if (this.goroutines) (this.rest ??= new GoroutinePass(store)).feed(store, c);
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

  finish(store: EventStore): StreamedAnalyses {
    const goroutines = this.goroutines ? (this.rest ??= new GoroutinePass(store)).finish() : null;
    return { facts: this.facts.finish(), goroutines, rowCounts: this.rowCounts };
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
  /** Keep the events on disk once the streamed passes have seen them (event-spill.ts). */
  eventsOnDisk?: boolean;
  /**
   * Let the events go to disk once the loading passes have read them (spill-behind.ts); by
   * default, on traces of SPILL_BEHIND_MIN_BYTES and more. (Not with eventsOnDisk: they are gone already.)
   */
  spillBehind?: boolean;
  /**
   * With eventsOnDisk, once every write has ended: the bytes of columns written out, and why
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
    // Asked for (--events-on-disk): the events go to disk as they stream in, once the passes
    // have seen them.
    const made = hooks.eventsOnDisk === true ? spillFile() : null;
    const spill = made instanceof EventSpill ? made : null;
    if (typeof made === 'string') hooks.onSpilled?.(0, made);
    let passes = new StreamedPasses(spill !== null);
    st.soFar = () => passes.soFar(version);
    // The timeline of what is parsed so far (not with the events on disk: a chunk may leave
    // memory before the worker could read it back; nor for an old-format trace, parsed whole).
    previews = spill === null && !isV1Version(version) ? new TimelinePreviews(session.sizeBytes, hooks.preview ?? DEFAULT_PREVIEW_POLICY) : null;
    if (previews !== null) {
      const p = previews;
      session.preview = p.forRoutes();
      st.timelinePreview = () => p.current?.info;
    }
    let ends: number[] = [];
    if (spill !== null) ColumnCache.install();
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
        spill?.put(c);
      },
      // A damaged generation table found midway: everything is parsed again, from the start.
      onRestart: () => {
        passes = new StreamedPasses(spill !== null);
        previews?.reset();
      },
    });
    previews?.close();
    if (spill !== null) {
      await spill.drain();
      hooks.onSpilled?.(spill.bytes, spill.failure?.message ?? null);
    }
    // Or they go once the passes after the parse have read them.
    let behind: SpillBehind | null = null;
    let kept = spill;
    if (spill === null && (hooks.spillBehind ?? session.sizeBytes >= SPILL_BEHIND_MIN_BYTES)) {
      const file = spillFile();
      if (file instanceof EventSpill) {
        ColumnCache.install();
        kept = file;
        behind = new SpillBehind(store, file);
      }
    }
    session.attach(store, passes.finish(store), kept, behind);
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
