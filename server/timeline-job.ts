// Builds the timeline model in a worker thread while this thread computes the goroutine
// analysis: the parsed events are in shared memory (parser/events.ts), so the worker reads them
// in place, and the model comes back by transfer. Falls back to building here if the events are
// not shared or the worker fails.

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventStore } from '../parser/events.js';
import { buildTimeline, type Timeline } from '../analysis/timeline/build.js';
import { warmTimeline } from '../analysis/timeline/lod.js';
import { type PackedTimeline, unpackTimeline } from '../analysis/timeline/transfer.js';

function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'timeline-worker.js');
  return existsSync(sibling) ? sibling : resolve(here, '../dist/server/timeline-worker.js');
}

function buildHere(store: EventStore): Timeline {
  const tl = buildTimeline(store);
  warmTimeline(tl, Infinity, false);
  return tl;
}

/** The timeline of `store`, built on another thread when the events are shared. */
export function buildTimelineInWorker(store: EventStore): Promise<Timeline> {
  const shared = store.chunks.every((c) => c.typ.buffer instanceof SharedArrayBuffer);
  if (!shared) return Promise.resolve().then(() => buildHere(store));
  return new Promise<Timeline>((resolve, reject) => {
    const w = new Worker(workerScript());
    let settled = false;
    const done = (f: () => void): void => {
      if (settled) return;
      settled = true;
      void w.terminate();
      try {
        f();
      } catch (e) {
        reject(e as Error);
      }
    };
    w.once('message', (msg: { packed?: PackedTimeline; error?: string }) =>
      done(() => resolve(msg.packed !== undefined ? unpackTimeline(msg.packed, store) : buildHere(store))),
    );
    w.once('error', () => done(() => resolve(buildHere(store))));
    w.once('exit', () => done(() => resolve(buildHere(store))));
    w.postMessage({ store });
  });
}
