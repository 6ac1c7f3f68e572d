// Starts the built prof-trace CLI as a real server on loopback (child process) and waits for
// its "listening" line, then (unless told not to) for /api/progress to say the trace is ready;
// for tests that talk HTTP to it.

import { spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './paths.js';

export interface RunningServer {
  url: string;
  proc: ChildProcess;
  /** Everything the CLI printed on stderr so far. */
  stderr(): string;
  close(): Promise<number | null>;
}

const LISTENING = /Trace viewer is listening on (http:\/\/\S+)/;

export interface StartOptions {
  /** Wait for /api/progress to say "ready" (or "failed") before resolving. Default true. */
  waitReady?: boolean;
  /** Environment variables for the server, over this process's. */
  env?: NodeJS.ProcessEnv;
}

/** Polls /api/progress until the trace is ready or failed. */
export async function waitReady(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = (await (await fetch(url + '/api/progress')).json()) as { phase: string };
    if (p.phase === 'ready' || p.phase === 'failed') return;
    if (Date.now() > until) throw new Error(`trace not ready within ${timeoutMs} ms (phase ${p.phase})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startServer(file: string, extraArgs: string[] = [], timeoutMs = 60_000, opts: StartOptions = {}): Promise<RunningServer> {
  const srv = await startListening(file, extraArgs, timeoutMs, opts.env);
  if (opts.waitReady ?? true) {
    try {
      await waitReady(srv.url, timeoutMs);
    } catch (e) {
      await srv.close();
      throw e;
    }
  }
  return srv;
}

/** Starts the server and resolves on its "listening" line (the trace may still be loading). */
export function startListening(file: string, extraArgs: string[] = [], timeoutMs = 60_000, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const proc = spawn(process.execPath, [join(REPO, 'dist/server/cli.js'), '--no-open', ...extraArgs, file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TZ: 'UTC', ...env },
  });
  let err = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (d: string) => {
      err += d;
      const m = LISTENING.exec(err);
      if (m !== null) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          proc,
          stderr: () => err,
          close: async () => {
            if (proc.exitCode === null) proc.kill('SIGINT');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${err}`));
    });
  });
}
