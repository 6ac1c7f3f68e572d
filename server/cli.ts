#!/bin/sh
//bin/true; case "$1" in export|query) exec node "$0" "$@";; esac; for a; do case "$a" in -d|--d|-d=*|--d=*|-pprof|--pprof|-pprof=*|--pprof=*) exec node "$0" "$@";; esac; done; GLIBC_TUNABLES="glibc.malloc.mmap_threshold=131072${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}" exec node --max-semi-space-size=4 "$0" "$@"
// The prof-trace command: `prof-trace [flags] FILE`, with go tool trace's flags
// (-d=parsed|wire|footprint, -pprof=TYPE, -http=addr) and a one-line error on bad input.
//
// The two lines above start it (a shell reads them; to node they are a comment). The server
// runs with glibc's malloc giving every block of 128 KiB and more back to the system when it
// is freed: glibc's default raises that bound up to 32 MiB as blocks are freed, and then keeps
// the event columns let go once on disk (server/event-spill.ts) as free space it never returns
// (210 MB trace: peak 1084 -> 881 MiB). The one-shot commands (export, query, -d, -pprof) run
// without: each block freed and allocated again costs fresh pages, which fault in one at a
// time (export of the 210 MB trace: 15.8 s -> 21-24 s). Other C libraries ignore the variable.
// Its threads' young generations are capped at 4 MiB a semispace (V8's default grows to 16):
// the loading passes allocate little that lives, and the 32 MiB of nursery a thread would keep
// are memory the model needs (210 MB trace: 35-40 MiB less at and after "ready", same speed).

import { statSync, writeSync } from 'node:fs';
import { parseArgs, usage, CliError } from './cli-args.js';
import { CommandFailure, CommandIO, commandCriticalPath, commandDiffPprof, commandGoroutines, commandParsed, commandPprof, commandWire } from './cli-commands.js';
import { isTraceUrl, resolveTraceArg, TraceInputError } from './fetch-trace.js';

function out(text: string): void {
  let buf = Buffer.from(text, 'utf8');
  while (buf.length > 0) {
    try {
      const n = writeSync(1, buf);
      buf = buf.subarray(n);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}

function writeBinary(bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(1, bytes, off, bytes.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}

function fail(message: string, code = 1): never {
  process.stderr.write(`prof-trace: ${message}\n`);
  process.exit(code);
}

/** Checks the path up front so a missing file or a directory gets go tool trace's message. */
function checkTraceFile(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    fail(err.code === 'ENOENT' ? `failed to read trace file: open ${path}: no such file or directory` : `failed to read trace file: ${err.message}`);
  }
  if (st.isDirectory()) fail(`failed to read trace file: read ${path}: is a directory`);
}

async function main(argv: string[]): Promise<void> {
  // Subcommands: tables as Parquet, SQL over them.
  if (argv[0] === 'export') return (await import('./export-command.js')).runExport(argv.slice(1), out, fail);
  if (argv[0] === 'query') return (await import('./query-command.js')).runQuery(argv.slice(1), out, fail);
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`prof-trace: ${e.message}\n${usage()}`);
      process.exit(2);
    }
    throw e;
  }
  if (args.help) {
    out(usage());
    return;
  }
  if (args.version) {
    out('prof-trace 0.1.0\n');
    return;
  }
  // A URL is fetched (and saved), - read from standard input; what follows reads the file.
  if (args.file === '-' || isTraceUrl(args.file!)) {
    try {
      args.file = await resolveTraceArg(args.file!);
    } catch (e) {
      if (e instanceof TraceInputError) fail(e.message);
      throw e;
    }
  }
  checkTraceFile(args.file!);
  const io: CommandIO = { out, outBinary: writeBinary, warn: (m) => process.stderr.write(`prof-trace: ${m}\n`) };
  if (args.debug === 'parsed') return commandParsed(args.file!, io);
  if (args.diffBase !== undefined) checkTraceFile(args.diffBase);
  if (args.pprof && args.diffBase !== undefined) return commandDiffPprof(args.file!, args.diffBase, args.pprof, io);
  if (args.pprof) return commandPprof(args.file!, args.pprof, io, {}, args.window ?? null);
  if (args.debug === 'goroutines') return commandGoroutines(args.file!, io, args.window ?? null);
  if (args.debug === 'critical-path') return commandCriticalPath(args.file!, { task: args.task, goid: args.goid, window: args.window }, io);
  if (args.debug === 'wire' || args.debug === 'footprint') return commandWire(args.file!, args.debug, io);
  // Loaded only to serve: the server's modules take a few hundred ms to load, which the
  // one-shot commands (-pprof, -d) need not pay.
  const { serveTrace } = await import('./serve.js');
  await serveTrace({ file: args.file!, http: args.http, open: args.open, eventsOnDisk: args.eventsOnDisk, diffBase: args.diffBase, sourcePath: args.sourcePath, trimPath: args.trimPath }, fail);
}

main(process.argv.slice(2)).catch((e: Error) => (e instanceof CommandFailure ? fail(e.message, e.code) : fail(`internal error: ${e.message}`)));
