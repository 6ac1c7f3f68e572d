// A small pool of worker threads that order generations speculatively (Node only; the
// parser core stays free of Node APIs so a browser worker could run it too). Each worker is
// handed up to DEPTH jobs at once, so it goes on to the next without waiting for this
// thread to notice it finished one.

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpeculativeResult } from './gen-speculate.js';
import type { FileRange } from './gen-index.js';

const DEPTH = 2;

function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'gen-worker.js');
  if (existsSync(sibling)) return sibling;
  // Running from TypeScript sources (tests): use the build output.
  return resolve(here, '../../dist/parser/v2/gen-worker.js');
}

interface Job {
  input: Uint8Array | FileRange;
  version: number;
  trueInitial: boolean;
  transferable: boolean;
  keep: Uint8Array | null;
  resolve: (r: SpeculativeResult) => void;
  reject: (e: Error) => void;
}

export class WorkerPool {
  private workers: Worker[] = [];
  private busy: number[] = [];
  private waiting: Job[] = [];
  private callbacks = new Map<number, { resolve: (r: SpeculativeResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(size: number) {
    const script = workerScript();
    for (let i = 0; i < size; i++) {
      const w = new Worker(script);
      w.on('message', (msg: { id: number; res: SpeculativeResult }) => {
        const cb = this.callbacks.get(msg.id)!;
        this.callbacks.delete(msg.id);
        this.busy[i]!--;
        this.dispatch();
        cb.resolve(msg.res);
      });
      // A worker that dies (an exception, an exit) fails every job given or waiting, and the pool
      // takes no more: no caller waits for an answer that cannot come.
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`generation worker exited (code ${code})`));
      });
      this.workers.push(w);
      this.busy.push(0);
    }
  }

  private broken: Error | null = null;
  private closing = false;

  private fail(e: Error): void {
    this.broken ??= e;
    for (const cb of this.callbacks.values()) cb.reject(e);
    this.callbacks.clear();
    for (const job of this.waiting) job.reject(e);
    this.waiting.length = 0;
  }

  /** Whether a job given now would start without queueing behind others. */
  hasCapacity(): boolean {
    return this.broken === null && this.waiting.length === 0 && this.busy.some((b) => b < DEPTH);
  }

  /**
   * Orders one generation in a worker: its bytes, handed over when transferable (a buffer of
   * their own), else copied so the caller keeps its buffer; or a file range, which the worker
   * reads itself. keep: see StoreBuilder.setKeep.
   */
  speculate = (
    input: Uint8Array | FileRange,
    version: number,
    trueInitial: boolean,
    transferable = false,
    keep: Uint8Array | null = null,
  ): Promise<SpeculativeResult> =>
    new Promise((resolve, reject) => {
      if (this.broken !== null) return reject(this.broken);
      this.waiting.push({ input, version, trueInitial, transferable, keep, resolve, reject });
      this.dispatch();
    });

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let w = -1;
      for (let i = 0; i < this.workers.length; i++) if (this.busy[i]! < DEPTH && (w < 0 || this.busy[i]! < this.busy[w]!)) w = i;
      if (w < 0) return;
      const job = this.waiting.shift()!;
      const id = this.nextId++;
      this.callbacks.set(id, { resolve: job.resolve, reject: job.reject });
      this.busy[w]!++;
      const msg = { id, version: job.version, trueInitial: job.trueInitial, keep: job.keep };
      if (!(job.input instanceof Uint8Array)) {
        this.workers[w]!.postMessage({ ...msg, range: job.input });
        continue;
      }
      // A real copy unless the buffer is ours to give (Buffer.prototype.slice would share
      // memory, and the transfer detaches it).
      let copy = job.input;
      if (!job.transferable || copy.byteOffset !== 0 || copy.byteLength !== copy.buffer.byteLength) {
        copy = new Uint8Array(job.input.length);
        copy.set(job.input);
      }
      this.workers[w]!.postMessage({ ...msg, bytes: copy }, [copy.buffer as ArrayBuffer]);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
