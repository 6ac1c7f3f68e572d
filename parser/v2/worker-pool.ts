// A small pool of worker threads that order generations speculatively (Node only; the
// parser core stays free of Node APIs so a browser worker could run it too).

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpeculativeResult } from './gen-speculate.js';

function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'gen-worker.js');
  if (existsSync(sibling)) return sibling;
  // Running from TypeScript sources (tests): use the build output.
  return resolve(here, '../../dist/parser/v2/gen-worker.js');
}

export class WorkerPool {
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private waiting: { bytes: Uint8Array; version: number; trueInitial: boolean; transferable: boolean; resolve: (r: SpeculativeResult) => void; reject: (e: Error) => void }[] = [];
  private callbacks = new Map<number, { resolve: (r: SpeculativeResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(size: number) {
    const script = workerScript();
    for (let i = 0; i < size; i++) {
      const w = new Worker(script);
      w.on('message', (msg: { id: number; res: SpeculativeResult }) => {
        const cb = this.callbacks.get(msg.id)!;
        this.callbacks.delete(msg.id);
        this.release(w);
        cb.resolve(msg.res);
      });
      w.on('error', (e) => {
        for (const cb of this.callbacks.values()) cb.reject(e);
        this.callbacks.clear();
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /**
   * Orders one generation in a worker. The bytes are handed over when transferable (a buffer
   * of their own), else copied so the caller keeps its buffer.
   */
  speculate = (bytes: Uint8Array, version: number, trueInitial: boolean, transferable = false): Promise<SpeculativeResult> =>
    new Promise((resolve, reject) => {
      this.waiting.push({ bytes, version, trueInitial, transferable, resolve, reject });
      this.dispatch();
    });

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const w = this.idle.pop()!;
      const job = this.waiting.shift()!;
      const id = this.nextId++;
      this.callbacks.set(id, { resolve: job.resolve, reject: job.reject });
      // A real copy unless the buffer is ours to give (Buffer.prototype.slice would share
      // memory, and the transfer detaches it).
      let copy = job.bytes;
      if (!job.transferable || copy.byteOffset !== 0 || copy.byteLength !== copy.buffer.byteLength) {
        copy = new Uint8Array(job.bytes.length);
        copy.set(job.bytes);
      }
      w.postMessage({ id, bytes: copy, version: job.version, trueInitial: job.trueInitial }, [copy.buffer as ArrayBuffer]);
    }
  }

  private release(w: Worker): void {
    this.idle.push(w);
    this.dispatch();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
