// The two tools the differential fuzzer runs on each file: go tool trace 1.26 as a child process
// (the cmd/trace binary itself, not the go wrapper), and prof-trace in-process in a worker thread
// (ours-worker.ts), each under a timeout: a run that outlives it is reported as a hang.

import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OursRequest, OursResponse } from './ours-worker.js';

export interface RunResult {
  /** Exit status, or what stopped the run. */
  status: number | 'timeout' | 'crash';
  stdout: Buffer;
  stderr: string;
  /** prof-trace only: the stack of an exception that was not a clean failure. */
  internal?: string;
  ms: number;
}

const GO = '/usr/lib/go-1.26/bin/go';
const GO_ENV = { ...process.env, GOTOOLCHAIN: 'local', GOTELEMETRY: 'off', GOFLAGS: '' };

/** The go1.26 cmd/trace binary: GOROOT's pkg/tool, else the one `go tool -n trace` names, else built into cacheDir. */
export function findGoTraceTool(cacheDir: string): string {
  const direct = '/usr/lib/go-1.26/pkg/tool/linux_amd64/trace';
  if (existsSync(direct)) return direct;
  if (!existsSync(GO)) throw new Error(`${GO} is missing (scripts/install-go.sh 1.26)`);
  const named = () => spawnSync(GO, ['tool', '-n', 'trace'], { cwd: '/tmp', env: GO_ENV, encoding: 'utf8' }).stdout.trim();
  let bin = named();
  if (!bin || !existsSync(bin)) {
    // `go tool trace` builds the tool into the build cache on first use.
    spawnSync(GO, ['tool', 'trace', '-h'], { cwd: '/tmp', env: GO_ENV });
    bin = named();
  }
  if (bin && existsSync(bin)) return bin;
  mkdirSync(cacheDir, { recursive: true });
  const out = join(cacheDir, 'trace');
  const r = spawnSync(GO, ['build', '-o', out, 'cmd/trace'], { cwd: '/tmp', env: GO_ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot build go1.26 cmd/trace: ${r.stderr}`);
  return out;
}

export function runGo(bin: string, args: string[], timeoutMs: number): Promise<RunResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { encoding: 'buffer', maxBuffer: 1 << 30, timeout: timeoutMs, killSignal: 'SIGKILL', env: GO_ENV },
      (err, stdout, stderr) => {
        const ms = performance.now() - t0;
        let status: RunResult['status'] = 0;
        if (err) {
          const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string };
          if (e.killed || e.signal === 'SIGKILL') status = 'timeout';
          else if (typeof e.code === 'number') status = e.code;
          else status = 'crash';
        }
        resolve({ status, stdout: Buffer.from(stdout), stderr: stderr.toString('utf8'), ms });
      },
    );
  });
}

function workerScript(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'ours-worker.js');
}

/** One worker thread running prof-trace's commands, one request at a time, replaced after a hang or crash. */
export class OursRunner {
  private worker: Worker | null = null;
  private nextId = 0;

  private spawn(): Worker {
    if (!this.worker) {
      this.worker = new Worker(workerScript(), { resourceLimits: { maxOldGenerationSizeMb: 3072 } });
      this.worker.unref();
    }
    return this.worker;
  }

  run(req: Omit<OursRequest, 'id'>, timeoutMs: number): Promise<RunResult> {
    const w = this.spawn();
    const id = this.nextId++;
    const t0 = performance.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: RunResult, kill: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (kill) {
          void w.terminate();
          if (this.worker === w) this.worker = null;
        }
        resolve(r);
      };
      const onMessage = (m: OursResponse) => {
        if (m.id !== id) return;
        finish({ status: m.status, stdout: Buffer.from(m.stdout), stderr: m.stderr, internal: m.internal, ms: performance.now() - t0 }, false);
      };
      const onError = (e: Error) => finish({ status: 'crash', stdout: Buffer.alloc(0), stderr: `worker error: ${e.message}`, internal: e.stack, ms: performance.now() - t0 }, true);
      const onExit = (code: number) => finish({ status: 'crash', stdout: Buffer.alloc(0), stderr: `worker exited with ${code}`, ms: performance.now() - t0 }, true);
      const timer = setTimeout(() => finish({ status: 'timeout', stdout: Buffer.alloc(0), stderr: '', ms: performance.now() - t0 }, true), timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ ...req, id } satisfies OursRequest);
    });
  }

  async close(): Promise<void> {
    if (this.worker) await this.worker.terminate();
    this.worker = null;
  }
}
