// `prof-trace FILE`: parse with a progress bar, compute what the first pages need, listen on
// loopback, print the URL, open the browser; Ctrl-C closes the server and exits.

import { statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseTraceFile } from '../parser/node.js';
import { TraceError } from '../parser/errors.js';
import { byteCount } from '../parser/damage.js';
import { TraceSession } from './session.js';
import { buildApp } from './app.js';
import { ProgressBar } from './progress-bar.js';
import { pathList } from './source-files.js';
import { AddrError, isLoopbackHost, parseHttpAddr, urlHost } from './http-addr.js';

export interface ServeOptions {
  file: string;
  http?: string;
  open: boolean;
  /** A trace to compare with: loaded too, its API served under /base. */
  diffBase?: string;
  /** pprof's -source_path and -trim_path (':'-separated). */
  sourcePath?: string;
  trimPath?: string;
}

type Fail = (message: string) => never;

/** Loads the trace into a session, reporting progress on stderr; fails on an unreadable trace. */
export async function loadSession(file: string, fail: Fail, log = (s: string) => process.stderr.write(s + '\n')): Promise<TraceSession> {
  const size = statSync(file).size;
  const bar = new ProgressBar(size);
  bar.update(0);
  let store;
  try {
    store = await parseTraceFile(file, { onProgress: (done) => bar.update(done) });
  } catch (e) {
    bar.finish();
    if (e instanceof TraceError) fail(e.message);
    if ((e as NodeJS.ErrnoException).code) fail(`failed to read trace file: ${(e as Error).message}`);
    throw e;
  }
  bar.update(size);
  bar.finish();
  const session = new TraceSession(file, size, store);
  if (store.error) {
    // go tool trace's words for a partial trace.
    const lost = store.totalBytes - store.validBytes;
    log(`Encountered error, but able to proceed. Error: ${store.error.message}`);
    log(`Lost ${((lost / store.totalBytes) * 100).toFixed(2)}% of the latest trace data due to error (${byteCount(lost)} of ${byteCount(store.totalBytes)})`);
  } else if (session.damage !== null) {
    // A trace with no events (cut right after its header): opened, with the overview saying so.
    log(`prof-trace: warning: ${session.damage}`);
  }
  return session;
}

/** Computes what the first pages ask for (TraceSession.warm), saying so on stderr. */
async function analyze(session: TraceSession, log = (s: string) => process.stderr.write(s + '\n')): Promise<void> {
  log('Analyzing goroutines and timelines...');
  const t0 = performance.now();
  await session.warm();
  log(`Analyzed in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
}

export async function serveTrace(opts: ServeOptions, fail: Fail): Promise<void> {
  let addr;
  try {
    addr = parseHttpAddr(opts.http);
  } catch (e) {
    if (e instanceof AddrError) fail(e.message);
    throw e;
  }
  const session = await loadSession(opts.file, fail);
  const base = opts.diffBase !== undefined ? await loadSession(opts.diffBase, fail) : undefined;
  // The analyses start at once (the serving thread's share runs before the first await); the
  // server is set up and bound while the worker finishes its share, and announced once every
  // page can answer. A port in use is reported without waiting for the timeline.
  const analyzed = Promise.all([analyze(session), base?.warm()]);
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
  await analyzed;
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
}
