// The span of events go tool trace's profiles see: from the first event to the last Sync.
// (go tool trace keeps events only up to its last Sync: for a damaged trace, the events of the
// last generation it read are summarized but left out of the profiles.)

import { EventStore, Kind, TYPE_KIND } from '../parser/events.js';

export interface TraceSpan {
  /** Time of the first event (0 for an empty trace). */
  startTime: number;
  /** Time of the last Sync event (the last event of a complete trace). */
  endTime: number;
  /** Position of that Sync: events through chunks[endChunk] index endIndex are in the span (-1: none). */
  endChunk: number;
  endIndex: number;
}

export function traceSpan(store: EventStore): TraceSpan {
  const chunks = store.chunks;
  let startTime = 0;
  for (const c of chunks) {
    if (c.n > 0) {
      startTime = c.timeAt(0);
      break;
    }
  }
  for (let k = chunks.length - 1; k >= 0; k--) {
    const c = chunks[k]!;
    for (let i = c.n - 1; i >= 0; i--) {
      if (TYPE_KIND[c.typ[i]!] === Kind.Sync) return { startTime, endTime: c.timeAt(i), endChunk: k, endIndex: i };
    }
  }
  return { startTime, endTime: startTime, endChunk: -1, endIndex: -1 };
}
