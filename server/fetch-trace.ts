// Trace arguments that are not files: a URL of a program serving net/http/pprof
// (http://host:6060/debug/pprof/trace?seconds=5) is fetched, with a progress line while the
// program records, saved where `go tool pprof` saves what it fetches ($PPROF_TMPDIR, else
// ~/pprof; the path is printed) and opened from there; `-` reads a trace from standard input.
// Only the URL the user names is fetched. Failures are one line each (TraceInputError).

import { closeSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { byteCount } from '../parser/damage.js';

export class TraceInputError extends Error {}

export function isTraceUrl(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

/** Where fetched traces are saved: $PPROF_TMPDIR, else ~/pprof (as go tool pprof). */
export function fetchedTraceDir(): string {
  return process.env.PPROF_TMPDIR || join(homedir(), 'pprof');
}

/** Whether the file starts like an execution trace ("go 1.N trace"). */
function looksLikeTrace(path: string): string | null {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    const text = head.subarray(0, n).toString('latin1');
    if (/^go 1\.\d+ trace/.test(text)) return null;
    return n === 0 ? 'the response is empty' : `the response starts with ${JSON.stringify(head.subarray(0, n).toString('utf8').replace(/\0+$/, ''))}`;
  } finally {
    closeSync(fd);
  }
}

function networkMessage(e: unknown): string {
  const cause = (e as { cause?: NodeJS.ErrnoException }).cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `no such host ${(cause as { hostname?: string }).hostname ?? ''}`.trim();
    case 'ECONNRESET':
      return 'connection reset by the server';
    case 'ETIMEDOUT':
      return 'connection timed out';
  }
  if ((e as Error).name === 'TimeoutError') return 'timed out waiting for the trace';
  return cause?.message ?? (e as Error).message;
}

/** A line on stderr redrawn while the program records (a plain line when not a terminal). */
class FetchProgress {
  private timer: NodeJS.Timeout | null = null;
  private bytes = 0;
  private readonly start = performance.now();
  private readonly tty = Boolean(process.stderr.isTTY);
  constructor(
    private readonly url: string,
    private readonly seconds: number,
  ) {
    if (this.tty) {
      this.timer = setInterval(() => this.draw(), 250);
      this.draw();
    } else {
      process.stderr.write(`Fetching trace from ${url} (recording for ${seconds} s)...\n`);
    }
  }
  received(n: number): void {
    this.bytes += n;
  }
  private draw(): void {
    const elapsed = (performance.now() - this.start) / 1000;
    const phase = elapsed < this.seconds ? `recording ${elapsed.toFixed(0)} of ${this.seconds} s` : 'receiving';
    process.stderr.write(`\rFetching trace from ${this.url}: ${phase}, ${byteCount(this.bytes)} received\x1b[K`);
  }
  done(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.draw();
      process.stderr.write('\n');
    }
  }
}

/** A free name for a trace fetched from host in dir: trace.<host>.NNN.trace. */
function savePath(dir: string, url: URL): string {
  const host = url.host.replace(/[^A-Za-z0-9.-]+/g, '-');
  for (let n = 1; ; n++) {
    const p = join(dir, `trace.${host}.${String(n).padStart(3, '0')}.trace`);
    if (!existsSync(p)) return p;
  }
}

/** Fetches a trace URL, saves it and returns the saved path. Throws TraceInputError. */
export async function fetchTrace(raw: string, log: (s: string) => void = (s) => process.stderr.write(s + '\n')): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TraceInputError(`invalid URL ${raw}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw new TraceInputError(`invalid URL ${raw}`);
  const secondsParam = Number(url.searchParams.get('seconds') ?? '1');
  const seconds = Number.isFinite(secondsParam) && secondsParam > 0 ? secondsParam : 1;
  const dir = fetchedTraceDir();
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new TraceInputError(`cannot save the trace in ${dir}: ${(e as Error).message}`);
  }
  const progress = new FetchProgress(url.href, seconds);
  const partial = join(dir, `.fetch-${process.pid}-${Date.now()}.partial`);
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout((seconds + 60) * 1000), redirect: 'follow' });
    } catch (e) {
      throw new TraceInputError(`fetching ${url.href}: ${networkMessage(e)}`);
    }
    if (!res.ok) {
      const body = (await res.text().catch(() => '')).trim().split('\n')[0]!.slice(0, 200);
      throw new TraceInputError(`fetching ${url.href}: server responded ${res.status} ${res.statusText}${body ? `: ${body}` : ''}`);
    }
    if (res.body === null) throw new TraceInputError(`fetching ${url.href}: the response is empty`);
    const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => progress.received(chunk.length));
    try {
      await pipeline(body, createWriteStream(partial));
    } catch (e) {
      throw new TraceInputError(`fetching ${url.href}: ${networkMessage(e)}`);
    }
    progress.done();
    const notTrace = looksLikeTrace(partial);
    if (notTrace !== null) throw new TraceInputError(`${url.href} did not return an execution trace: ${notTrace}`);
    const path = savePath(dir, url);
    renameSync(partial, path);
    log(`Saved trace in ${path} (${byteCount(statSync(path).size)})`);
    return path;
  } finally {
    progress.done();
    rmSync(partial, { force: true });
  }
}

let stdinPath: string | null = null;

/** Copies standard input to a temporary file (removed at exit) and returns its path. */
export async function readStdinTrace(): Promise<string> {
  if (stdinPath !== null) return stdinPath;
  const dir = mkdtempSync(join(tmpdir(), 'prof-trace-stdin-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'stdin.trace');
  await pipeline(process.stdin, createWriteStream(path));
  if (statSync(path).size === 0) throw new TraceInputError('standard input is empty: no trace to read');
  const notTrace = looksLikeTrace(path);
  if (notTrace !== null) throw new TraceInputError(`standard input is not an execution trace: ${notTrace.replace('the response', 'it')}`);
  return (stdinPath = path);
}

/** A trace argument as a file path: URLs fetched, `-` read from standard input, files as they are. */
export async function resolveTraceArg(arg: string): Promise<string> {
  if (arg === '-') return readStdinTrace();
  if (isTraceUrl(arg)) return fetchTrace(arg);
  return arg;
}
