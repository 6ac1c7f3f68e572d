#!/usr/bin/env node
// The prof-trace command: `prof-trace [flags] FILE`, with go tool trace's flags
// (-d=parsed|wire|footprint, -pprof=TYPE, -http=addr) and a one-line error on bad input.

import { readFileSync, statSync, writeSync } from 'node:fs';
import { parseArgs, usage, CliError } from './cli-args.js';
import { TraceError } from '../parser/index.js';
import { parseTraceFile } from '../parser/node.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import { describeDamage } from '../parser/damage.js';
import { dumpWire, dumpFootprint } from '../parser/wire/raw-dump.js';
import { dumpWireV1, dumpFootprintV1 } from '../parser/v1/raw-dump.js';
import { readHeader } from '../parser/header.js';
import { streamGoroutines, streamPprof } from '../analysis/stream-analysis.js';
import { isV1Version } from '../parser/wire/specs.js';
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

async function loadStore(path: string) {
  return loading(() => parseTraceFile(path));
}

/** Runs a parse, turning a damaged or unreadable file into go tool trace's one-line error. */
async function loading<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof TraceError) fail(e.message);
    if ((e as NodeJS.ErrnoException).code) fail(`failed to read trace file: ${(e as Error).message}`);
    throw e;
  }
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
  if (args.debug === 'parsed') {
    const store = await loadStore(args.file!);
    dumpParsed(store, out);
    const problem = describeDamage(store);
    if (problem) fail(problem);
    return;
  }
  if (args.pprof) {
    const pprof = args.pprof;
    // Streamed: the events are analyzed generation by generation, not kept.
    const { profile, store } = await loading(() => streamPprof(args.file!, pprof));
    if (store.error) process.stderr.write(`prof-trace: warning: ${describeDamage(store)}\n`);
    writeBinary(profile);
    return;
  }
  if (args.debug === 'goroutines') {
    const { json, store } = await loading(() => streamGoroutines(args.file!));
    if (store.error) process.stderr.write(`prof-trace: warning: ${describeDamage(store)}\n`);
    out(JSON.stringify(json) + '\n');
    return;
  }
  if (args.debug === 'wire' || args.debug === 'footprint') {
    const bytes = readFileSync(args.file!);
    try {
      // go tool trace reads only the Go 1.22+ wire format here; old traces get the old format's events.
      const old = isV1Version(readHeader(bytes).version);
      const dump = args.debug === 'wire' ? (old ? dumpWireV1 : dumpWire) : old ? dumpFootprintV1 : dumpFootprint;
      dump(bytes, out);
    } catch (e) {
      fail((e as Error).message);
    }
    return;
  }
  // Loaded only to serve: the server's modules take a few hundred ms to load, which the
  // one-shot commands (-pprof, -d) need not pay.
  const { serveTrace } = await import('./serve.js');
  await serveTrace({ file: args.file!, http: args.http, open: args.open }, fail);
}

main(process.argv.slice(2)).catch((e: Error) => fail(`internal error: ${e.message}`));
