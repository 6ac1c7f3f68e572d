// The one-shot commands of the CLI (-d=parsed|wire|footprint|goroutines, -pprof=TYPE) as
// functions that write through an interface and throw CommandFailure instead of exiting, so the
// differential fuzzer (bench/fuzz-gtt.ts) runs exactly what `prof-trace` runs, in-process
// (parse options only to force the parallel path on small files).

import { readFileSync } from 'node:fs';
import { TraceError } from '../parser/index.js';
import { parseTraceFile, ParseFileOptions } from '../parser/node.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import { describeDamage } from '../parser/damage.js';
import { dumpWire, dumpFootprint } from '../parser/wire/raw-dump.js';
import { dumpWireV1, dumpFootprintV1 } from '../parser/v1/raw-dump.js';
import { readHeader } from '../parser/header.js';
import { streamGoroutines, streamPprof } from '../analysis/stream-analysis.js';
import { isV1Version } from '../parser/wire/specs.js';
import type { PprofKind } from '../api/profile-kinds.js';
import { ProfileError } from '../analysis/pprof-intervals.js';

/** Where a command writes: stdout as text or bytes, and one-line messages for stderr (no prefix). */
export interface CommandIO {
  out(text: string): void;
  outBinary(bytes: Uint8Array): void;
  warn(message: string): void;
}

/** The command failed: the CLI prints `prof-trace: <message>` and exits with code. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

/** Runs a parse, turning a damaged or unreadable file into go tool trace's one-line error. */
async function loading<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof TraceError) throw new CommandFailure(e.message);
    if ((e as NodeJS.ErrnoException).code) throw new CommandFailure(`failed to read trace file: ${(e as Error).message}`);
    throw e;
  }
}

/** -d=parsed: every event as go tool trace prints it; a damaged trace fails after its events. */
export async function commandParsed(file: string, io: CommandIO, opts: ParseFileOptions = {}): Promise<void> {
  const store = await loading(() => parseTraceFile(file, opts));
  dumpParsed(store, io.out, io.outBinary);
  const problem = describeDamage(store);
  if (problem) throw new CommandFailure(problem);
}

/** -pprof=TYPE: the gzipped profile; a damaged trace's complete generations, with a warning. */
export async function commandPprof(file: string, kind: PprofKind, io: CommandIO, opts: ParseFileOptions = {}, window: { start: number; end: number } | null = null): Promise<void> {
  // Streamed: the events are analyzed generation by generation, not kept.
  let streamed;
  try {
    streamed = await loading(() => streamPprof(file, kind, opts, window));
  } catch (e) {
    // A trace without goroutines: go tool trace says so in these words.
    if (e instanceof ProfileError) throw new CommandFailure(`failed to generate pprof: ${e.message}`);
    throw e;
  }
  const { profile, store } = streamed;
  if (store.error) io.warn(`warning: ${describeDamage(store)}`);
  io.outBinary(profile);
}

/** -pprof=TYPE -diff_base=BASE: FILE's profile minus BASE's, as go tool pprof -diff_base shows it. */
export async function commandDiffPprof(file: string, base: string, kind: PprofKind, io: CommandIO): Promise<void> {
  const { streamDiffPprof } = await import('../analysis/pprof-diff.js');
  const { profile, warnings } = await loading(() => streamDiffPprof(file, base, kind));
  for (const w of warnings) io.warn(`warning: ${w}`);
  io.outBinary(profile);
}

/** -d=goroutines: the goroutine analysis as JSON (of a window's time: -window). */
export async function commandGoroutines(file: string, io: CommandIO, window: { start: number; end: number } | null = null): Promise<void> {
  const { json, store } = await loading(() => streamGoroutines(file, {}, window));
  if (store.error) io.warn(`warning: ${describeDamage(store)}`);
  io.out(JSON.stringify(json) + '\n');
}

/** -d=wire and -d=footprint: the raw wire events, or their histogram. */
export function commandWire(file: string, mode: 'wire' | 'footprint', io: CommandIO): void {
  const bytes = readFileSync(file);
  try {
    // go tool trace reads only the Go 1.22+ wire format here; old traces get the old format's events.
    const old = isV1Version(readHeader(bytes).version);
    const dump = mode === 'wire' ? (old ? dumpWireV1 : dumpWire) : old ? dumpFootprintV1 : dumpFootprint;
    dump(bytes, io.out);
  } catch (e) {
    throw new CommandFailure((e as Error).message);
  }
}

/** -d=critical-path -task=ID | -goid=N [-window=A,B]: the critical path as JSON. */
export async function commandCriticalPath(
  file: string,
  who: { task?: number; goid?: number; window?: { start: number; end: number } },
  io: CommandIO,
  opts: ParseFileOptions = {},
): Promise<void> {
  const { streamGoHistory } = await import('../analysis/stream-analysis.js');
  const { PathError, goroutineCriticalPath, taskCriticalPath } = await import('../analysis/critical-path.js');
  const { history, store } = await loading(() => streamGoHistory(file, opts));
  if (store.error) io.warn(`warning: ${describeDamage(store)}`);
  if (history === null) throw new CommandFailure('the trace has no events');
  try {
    const path =
      who.task !== undefined
        ? taskCriticalPath(history, who.task)
        : goroutineCriticalPath(
            history,
            who.goid!,
            who.window && { start: history.firstTime + who.window.start, end: history.firstTime + who.window.end },
          );
    io.out(JSON.stringify(path) + '\n');
  } catch (e) {
    if (e instanceof PathError) throw new CommandFailure(e.message);
    throw e;
  }
}
