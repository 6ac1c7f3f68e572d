// Moves a built Timeline from the thread that built it to the one that serves it, in two parts:
// the rows (sent as soon as they are built) and the counters (built after). Structured
// clone keeps plain objects, maps and typed arrays; the class instances (the style table) and
// the references to the event store (store, event times) are taken off and put back against
// the receiving thread's own copy of the store. No Node APIs: any worker can use it.

import type { EventStore } from '../../parser/events.js';
import type { CounterModel } from './counter-model.js';
import type { Timeline, TimelineRows } from './model.js';
import { EventTimes } from './event-times.js';
import { StyleTable } from './styles.js';
import { PackedU32 } from './packed-u32.js';
import { ThreadRowMap } from './thread-rows.js';
import { StepCodes } from './step-codes.js';

/** Timeline rows without their store references, fit for postMessage. */
export interface PackedRows {
  tl: Omit<TimelineRows, 'store' | 'times' | 'styles' | 'views'>;
  styles: Record<string, unknown>;
}

/** The counter model without its event times, fit for postMessage. */
export type PackedCounters = Omit<CounterModel, 'times'>;

/** The rows as plain data, and the buffers a postMessage may hand over instead of copying. */
export function packRows(tl: TimelineRows): { packed: PackedRows; transfer: ArrayBuffer[] } {
  const { store: _store, times: _times, styles, views: _views, ...rest } = tl;
  const styleData: Record<string, unknown> = { ...styles };
  delete styleData['strings'];
  const packed: PackedRows = { tl: rest, styles: styleData };
  return { packed, transfer: ownBuffers(packed) };
}

/** The rows again, over `store` (the same events the sender's store held). */
export function unpackRows(p: PackedRows, store: EventStore): TimelineRows {
  const times = new EventTimes(store);
  const styles = Object.assign(Object.create(StyleTable.prototype) as StyleTable, p.styles, { strings: store.strings });
  const goroutines = { ...p.tl.goroutines, ev: PackedU32.revive(p.tl.goroutines.ev) };
  const threads = { ...p.tl.threads, goroutineRow: ThreadRowMap.revive(p.tl.threads.goroutineRow, p.tl.procs.goroutineRow) };
  return { ...p.tl, goroutines, threads, store, times, styles, views: new Map() };
}

/** The counters as plain data, and their buffers. */
export function packCounters(c: CounterModel): { packed: PackedCounters; transfer: ArrayBuffer[] } {
  const { times: _times, ...packed } = c;
  return { packed, transfer: ownBuffers(packed) };
}

/** The whole timeline from its rows (unpackRows) and its counters as packed. */
export function joinCounters(rows: TimelineRows, c: PackedCounters): Timeline {
  return { ...rows, counters: { ...c, codes: StepCodes.revive(c.codes), times: rows.times } };
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
