// Moves a built Timeline from the thread that built it to the one that serves it. Structured
// clone keeps plain objects, maps and typed arrays; the class instances (the style table) and
// the references to the event store (store, event times) are taken off and put back against
// the receiving thread's own copy of the store. No Node APIs: any worker can use it.

import type { EventStore } from '../../parser/events.js';
import type { Timeline } from './build.js';
import { EventTimes } from './event-times.js';
import { StyleTable } from './styles.js';

/** A Timeline without its store references, fit for postMessage. */
export interface PackedTimeline {
  tl: Omit<Timeline, 'store' | 'times' | 'styles' | 'views' | 'counters'> & { counters: Omit<Timeline['counters'], 'times'> };
  styles: Record<string, unknown>;
}

/** The timeline as plain data, and the buffers a postMessage may hand over instead of copying. */
export function packTimeline(tl: Timeline): { packed: PackedTimeline; transfer: ArrayBuffer[] } {
  const { store: _store, times: _times, styles, views: _views, counters, ...rest } = tl;
  const { times: _ctimes, ...counterData } = counters;
  const styleData: Record<string, unknown> = { ...styles };
  delete styleData['strings'];
  const packed: PackedTimeline = { tl: { ...rest, counters: counterData }, styles: styleData };
  return { packed, transfer: ownBuffers(packed) };
}

/** The timeline again, over `store` (the same events the sender's store held). */
export function unpackTimeline(p: PackedTimeline, store: EventStore): Timeline {
  const times = new EventTimes(store);
  const styles = Object.assign(Object.create(StyleTable.prototype) as StyleTable, p.styles, { strings: store.strings });
  return { ...p.tl, store, times, styles, views: new Map(), counters: { ...p.tl.counters, times } };
}

/** Every distinct non-shared ArrayBuffer under v (typed arrays in objects, arrays and maps). */
function ownBuffers(v: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (ArrayBuffer.isView(x)) {
      if (x.buffer instanceof ArrayBuffer) found.add(x.buffer);
      return;
    }
    if (x instanceof Map) {
      for (const [k, e] of x) {
        walk(k);
        walk(e);
      }
      return;
    }
    for (const e of Array.isArray(x) ? x : Object.values(x)) walk(e);
  };
  walk(v);
  return [...found];
}
