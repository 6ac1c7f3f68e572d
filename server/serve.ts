// `prof-trace FILE`: listen on loopback at once, print the URL, open the browser, then load
// the trace in the background with a progress bar on stderr (/api/progress says the same to
// the viewer; pages whose data is not complete say they are loading). Ctrl-C closes the server
// and exits.

import { statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { EventStore } from '../parser/events.js';
import { TraceError } from '../parser/errors.js';
import { byteCount } from '../parser/damage.js';
import { TraceSession } from './session.js';
import { buildApp } from './app.js';
import { ProgressBar } from './progress-bar.js';
import { loadTrace, traceVersionOf } from './trace-loader.js';
import { pathList } from './source-files.js';
import { AddrError, isLoopbackHost, parseHttpAddr, urlHost } from './http-addr.js';

export interface ServeOptions {
  file: string;
  http?: string;
  open: boolean;
  /** --events-on-disk: keep the events in a temporary file whatever the trace's size (a large trace's are, by default: event-spill.ts). */
  eventsOnDisk?: boolean;
  /** A trace to compare with: loaded too, its API served under /base. */
  diffBase?: string;
  /** pprof's -source_path and -trim_path (':'-separated). */
  sourcePath?: string;
  trimPath?: string;
}

type Fail = (message: string) => never;
type Log = (s: string) => void;
const stderrLog: Log = (s) => process.stderr.write(s + '\n');

/** A session for the file, to be loaded; fails at once on a file that is not a trace (bad header). */
function sessionFor(file: string, fail: Fail): TraceSession {
  try {
    traceVersionOf(file);
  } catch (e) {
    if (e instanceof TraceError) fail(e.message);
    if ((e as NodeJS.ErrnoException).code) fail(`failed to read trace file: ${(e as Error).message}`);
    throw e;
  }
  return TraceSession.loading(file, statSync(file).size);
}

/** What the CLI says once a trace is parsed: go tool trace's words for a partial trace. */
function reportParsed(session: TraceSession, store: EventStore, log: Log): void {
  if (store.error) {
    const lost = store.totalBytes - store.validBytes;
    log(`Encountered error, but able to proceed. Error: ${store.error.message}`);
    log(`Lost ${((lost / store.totalBytes) * 100).toFixed(2)}% of the latest trace data due to error (${byteCount(lost)} of ${byteCount(store.totalBytes)})`);
  } else if (session.damage !== null) {
    // A trace with no events (cut right after its header): opened, with the overview saying so.
    log(`prof-trace: warning: ${session.damage}`);
  }
}

/**
 * Loads a session's trace with a progress bar and the analysis lines on stderr. Resolves once
 * it is ready (or failed: the one-line reason is printed, and the session says so).
 */
async function loadWithProgress(session: TraceSession, log: Log, label?: string, eventsOnDisk = false): Promise<boolean> {
  const bar = new ProgressBar(session.sizeBytes, process.stderr, Boolean(process.stderr.isTTY), label);
  bar.update(0);
  let t0 = 0;
  const err = await loadTrace(session, {
    // (Unless asked for, the loader decides by the trace's size.)
    ...(eventsOnDisk ? { eventsOnDisk } : {}),
    onSpilled: (bytes, failure) =>
      log(
        failure === null
          ? `Events kept on disk: ${(bytes / 1e6).toFixed(1)} MB in a temporary file (deleted on exit).`
          : `prof-trace: warning: events kept in memory, not on disk: ${failure}`,
      ),
    onBytes: (done) => bar.update(done),
    onParsed: (store) => {
      bar.update(session.sizeBytes);
      bar.finish();
      reportParsed(session, store, log);
      log('Analyzing goroutines and timelines...');
      t0 = performance.now();
    },
  });
  bar.finish();
  if (err !== null) {
    log(`prof-trace: failed to load trace: ${err.message}`);
    return false;
  }
  log(`Analyzed in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  return true;
}

/** Loads the trace into a session, reporting progress on stderr; fails on an unreadable trace. */
export async function loadSession(file: string, fail: Fail, log: Log = stderrLog): Promise<TraceSession> {
  const session = sessionFor(file, fail);
  if (!(await loadWithProgress(session, log))) fail(`failed to load trace: ${session.load.message}`);
  return session;
}

export async function serveTrace(opts: ServeOptions, fail: Fail): Promise<void> {
  let addr;
  try {
    addr = parseHttpAddr(opts.http);
  } catch (e) {
    if (e instanceof AddrError) fail(e.message);
    throw e;
  }
  // The server listens before the trace is parsed: the sessions are loaded once it does.
  const session = sessionFor(opts.file, fail);
  const base = opts.diffBase !== undefined ? sessionFor(opts.diffBase, fail) : undefined;
  const loopback = isLoopbackHost(addr.host);
  const sources = { sourcePath: pathList(opts.sourcePath), trimPath: pathList(opts.trimPath) };
  const app = await buildApp(session, { loopbackHostsOnly: loopback, sources, base });
  try {
    await app.listen({ host: addr.host, port: addr.port });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? 'address already in use' : err.code === 'EADDRNOTAVAIL' ? 'address not available' : err.code === 'EACCES' ? 'permission denied' : err.message;
    fail(`cannot listen on ${urlHost(addr.host)}:${addr.port}: ${why}`);
  }
  let closing = false;
  const stop = (): void => {
    if (closing) process.exit(130);
    closing = true;
    void app.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${urlHost(addr.host === '0.0.0.0' || addr.host === '::' ? '127.0.0.1' : addr.host)}:${port}`;
  if (!loopback) process.stderr.write(`prof-trace: warning: listening on ${addr.host}, reachable from the network\n`);
  process.stderr.write(`Trace viewer is listening on ${url}\n`);

  if (opts.open) {
    try {
      const { default: open } = await import('open');
      const child = await open(url);
      child.on('error', () => process.stderr.write(`prof-trace: could not open a browser; open ${url}\n`));
    } catch {
      process.stderr.write(`prof-trace: could not open a browser; open ${url}\n`);
    }
  }
  // The trace, then the base: one at a time, each parse takes the cores.
  if (await loadWithProgress(session, stderrLog, undefined, opts.eventsOnDisk)) {
    if (base !== undefined) await loadWithProgress(base, stderrLog, 'Parsing base trace', opts.eventsOnDisk);
  } else if (base !== undefined) {
    base.load.fail('the trace to compare with it failed to load');
  }
}
