// A cursor over one thread's batches in a generation, decoding one timed event at a time,
// and the min-heap of cursors by next-event time (the "frontier" Go's reader advances).

import { SPECS } from '../wire/specs.js';
import { TraceError } from '../errors.js';
import { Batch } from './batch.js';
import { uvarintIdAt } from '../wire/varint.js';
import { ArrayHeap, heapRemoveViaRoot } from '../go/go-heap.js';

/** A decoded, not yet ordered event: wire type, time in ns and up to four arguments. */
export interface BaseEvent {
  typ: number;
  time: number;
  args: Float64Array;
}

export function newBaseEvent(): BaseEvent {
  return { typ: 0, time: 0, args: new Float64Array(4) };
}

const ARG_COUNTS = SPECS.map((s) => (s.timed ? s.args.length : -1));
const NUM_SPECS = SPECS.length;

export class BatchCursor {
  lastTs = 0;
  /** Index of the current batch, its bytes, and the offset of the next event in them. */
  private idx = -1;
  private data: Uint8Array = EMPTY;
  private dataOff = 0;
  readonly ev: BaseEvent = newBaseEvent();
  constructor(
    readonly m: number,
    private readonly batches: Batch[],
    private readonly freq: number,
  ) {}

  /** Moves to the next batch with events; false when there is none. */
  private nextBatch(): boolean {
    const batches = this.batches;
    do {
      if (++this.idx >= batches.length) return false;
    } while (batches[this.idx]!.data.length === 0);
    const b = batches[this.idx]!;
    this.data = b.data;
    this.dataOff = 0;
    this.lastTs = Math.trunc(b.time * this.freq);
    return true;
  }

  /** Decodes the next event into ev. Returns false when the thread has no more events. */
  next(): boolean {
    let data = this.data;
    let p = this.dataOff;
    if (p >= data.length) {
      if (!this.nextBatch()) return false;
      data = this.data;
      p = 0;
    }
    const end = data.length;
    const typ = data[p++]!;
    if (typ >= NUM_SPECS) throw new TraceError(`found invalid event type: ${typ}`);
    const nargs = ARG_COUNTS[typ]!;
    if (nargs <= 0) throw new TraceError(`found event without a timestamp: type=${typ}`);
    const ev = this.ev;
    const args = ev.args;
    ev.typ = typ;
    let dt = 0;
    for (let a = 0; a < nargs; a++) {
      // Inline uvarint decode; 1-2 byte values take the fast path.
      let v: number;
      const start = p;
      if (p >= end) throw invalidVarint(a);
      let b = data[p++]!;
      if (b < 0x80) {
        v = b;
      } else {
        v = b & 0x7f;
        let mul = 128;
        let i = 1;
        for (;;) {
          if (p >= end || i === 10) throw invalidVarint(a);
          b = data[p++]!;
          if (b < 0x80) {
            if (i === 9 && b > 1) throw invalidVarint(a);
            v += b * mul;
            break;
          }
          v += (b & 0x7f) * mul;
          mul *= 128;
          i++;
        }
        // 8 bytes or more: the sum may have rounded, or be Go's "none" (2^64-1): decode exactly.
        if (i >= 7) v = uvarintIdAt(data, start, p);
      }
      if (a === 0) dt = v;
      else args[a - 1] = v;
    }
    for (let a = nargs - 1; a < 4; a++) args[a] = 0;
    const t = Math.trunc(dt * this.freq) + this.lastTs;
    ev.time = t;
    this.lastTs = t;
    this.dataOff = p;
    return true;
  }
}

const EMPTY = new Uint8Array(0);

function invalidVarint(argIndex: number): TraceError {
  return new TraceError(argIndex === 0 ? 'found invalid uvarint for timestamp' : 'found invalid uvarint');
}

export function compareCursors(a: BatchCursor, b: BatchCursor): number {
  return a.ev.time < b.ev.time ? -1 : a.ev.time > b.ev.time ? 1 : 0;
}

/**
 * The frontier: the threads' cursors in a min-heap by next-event time, with the sift rules of
 * Go's reader (container/heap's; its removal goes through the root), because on equal
 * timestamps the heap's shape decides which thread is tried first.
 */
export class Frontier<C extends BatchCursor> extends ArrayHeap<C> {
  less(i: number, j: number): boolean {
    return this.items[i]!.ev.time < this.items[j]!.ev.time;
  }
  /** Cursor i has no more events: taken off the way Go's reader does (through the root, not as heap.Remove). */
  removeViaRoot(i: number): void {
    heapRemoveViaRoot(this, i);
    this.items.pop();
  }
}
