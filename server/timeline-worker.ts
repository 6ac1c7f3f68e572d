// Worker thread entry: builds the timeline model of a parsed store (shared event columns, so
// nothing is copied) and its P tracks' summaries, and sends it back (timeline-job.ts).

import { parentPort } from 'node:worker_threads';
import { EventStore } from '../parser/events.js';
import { buildTimeline } from '../analysis/timeline/build.js';
import { warmTimeline } from '../analysis/timeline/lod.js';
import { packTimeline } from '../analysis/timeline/transfer.js';

parentPort!.once('message', (msg: { store: EventStore }) => {
  try {
    const tl = buildTimeline(EventStore.revive(msg.store));
    // The P tracks show on the timeline's first screen; thread tracks start collapsed.
    warmTimeline(tl, Infinity, false);
    const { packed, transfer } = packTimeline(tl);
    parentPort!.postMessage({ packed }, transfer);
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
});
