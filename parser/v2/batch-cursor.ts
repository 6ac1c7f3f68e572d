// A cursor over one thread's batches in a generation, decoding one timed event at a time,
// and the min-heap of cursors by next-event time (the "frontier" Go's reader advances).

import { SPECS } from '../wire/specs.js';
import { TraceError } from '../errors.js';
import { Batch } from './batch.js';
import { uvarintBigAt, MAX_U64 } from '../wire/varint.js';
import { noteExact, noteExactId } from '../exact-args.js';
import { ArrayHeap, heapRemoveViaRoot } from '../go/go-heap.js';
import { SUM, addTimes, compareTimes, goTime } from '../exact-time.js';

/**
 * A decoded, not yet ordered event: wire type, time in ns and up to four arguments. timeX is the
 * exact int64 time when the double time is not exact (parser/exact-time.ts), null otherwise.
 */
export interface BaseEvent {
  typ: number;
  time: number;
  timeX: bigint | null;
  args: Float64Array;
}

export function newBaseEvent(): BaseEvent {
  return { typ: 0, time: 0, timeX: null, args: new Float64Array(4) };
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** float64(^uint64(0)): a timestamp of 2^64-1 (which the varint decoders hand out as -1). */
export const TICKS_MAX = 2 ** 64;

const ARG_COUNTS = SPECS.map((s) => (s.timed ? s.args.length : -1));
const NUM_SPECS = SPECS.length;

/**
 * Go's cursor decodes a thread's next event as soon as the ordering takes the current one (to
 * place it in the heap), and a decoding error then stops the reader before the taken event is
 * handed out. This cursor decodes one event further ahead (`ahead`), so that the reader knows,
 * before it advances `ev`, whether taking it will fail; the error itself is kept for that moment.
 */
export class BatchCursor {
  lastTs = 0;
  /** The exact last time when lastTs is not exact (parser/exact-time.ts). */
  lastTsX: bigint | null = null;
  /** Index of the current batch, its bytes, and the offset of the next event in them. */
  private idx = -1;
  private data: Uint8Array = EMPTY;
  private dataOff = 0;
  private batchTime = 0;
  /** The event at the head of this thread (the heap key). */
  ev: BaseEvent = newBaseEvent();
  /** The event after it: decoded (AHEAD_OK), absent (AHEAD_END), or undecodable (AHEAD_ERR, aheadErr). */
  private ahead: BaseEvent = newBaseEvent();
  aheadState = AHEAD_END;
  aheadErr: TraceError | null = null;
  constructor(
    readonly m: number,
    private readonly batches: Batch[],
    private readonly freq: number,
  ) {}

  /** Decodes the thread's first event into ev (throwing if it is damaged). False when there is none. */
  start(): boolean {
    const st = this.decode(this.ev);
    if (st === AHEAD_ERR) throw this.aheadErr!;
    if (st === AHEAD_END) return false;
    this.aheadState = this.decode(this.ahead);
    return true;
  }

  /**
   * Moves past ev, which the ordering has taken: the next event becomes ev. Throws the next
   * event's decoding error, as Go's reader does at this point. False when the thread is done.
   */
  next(): boolean {
    const st = this.aheadState;
    if (st !== AHEAD_OK) {
      if (st === AHEAD_ERR) throw this.aheadErr!;
      return false;
    }
    const ev = this.ahead;
    this.ahead = this.ev;
    this.ev = ev;
    this.aheadState = this.decode(this.ahead);
    return true;
  }

  /** Moves to the next batch with events; false when there is none. */
  private nextBatch(): boolean {
    const batches = this.batches;
    do {
      if (++this.idx >= batches.length) return false;
    } while (batches[this.idx]!.data.length === 0);
    const b = batches[this.idx]!;
    this.data = b.data;
    this.dataOff = 0;
    this.batchTime = b.time;
    this.lastTs = 0;
    this.lastTsX = null;
    return true;
  }

  /** Decodes the thread's next event into ev: AHEAD_OK, AHEAD_END, or AHEAD_ERR with aheadErr set. */
  private decode(ev: BaseEvent): number {
    let data = this.data;
    let p = this.dataOff;
    if (p >= data.length) {
      if (!this.nextBatch()) return AHEAD_END;
      data = this.data;
      p = 0;
    }
    // (As Go's cursor: a zero last time means "not yet set" and restarts from the batch's time.)
    if (this.lastTs === 0 && this.lastTsX === null) this.lastTs = goTime(this.batchTime * this.freq);
    const end = data.length;
    const typ = data[p++]!;
    if (typ >= NUM_SPECS) return this.fail(`found invalid event type: ${typ}`);
    const nargs = ARG_COUNTS[typ]!;
    if (nargs <= 0) return this.fail(`found event without a timestamp: type=${typ}`);
    const args = ev.args;
    ev.typ = typ;
    let dt = 0;
    for (let a = 0; a < nargs; a++) {
      // Inline uvarint decode; 1-2 byte values take the fast path.
      let v: number;
      const start = p;
      if (p >= end) return this.failVarint(a);
      let b = data[p++]!;
      if (b < 0x80) {
        v = b;
      } else {
        v = b & 0x7f;
        let mul = 128;
        let i = 1;
        for (;;) {
          if (p >= end || i === 10) return this.failVarint(a);
          b = data[p++]!;
          if (b < 0x80) {
            if (i === 9 && b > 1) return this.failVarint(a);
            v += b * mul;
            break;
          }
          v += (b & 0x7f) * mul;
          mul *= 128;
          i++;
        }
        // 8 bytes or more: the sum may have rounded, or be Go's "none" (2^64-1): decode exactly.
        if (i >= 7) {
          const big = uvarintBigAt(data, start, p);
          v = big === MAX_U64 && a > 0 ? -1 : Number(big); // (a timestamp is float64(uint64))
          if (a > 0 && v > Number.MAX_SAFE_INTEGER) {
            noteExact(args, a - 1, big);
            noteExactId(v, big); // (if it is an id, the state machine keeps only v)
          }
        }
      }
      if (a === 0) dt = v;
      else args[a - 1] = v;
    }
    for (let a = nargs - 1; a < 4; a++) args[a] = 0;
    // Go: Time(float64(dt) * freq) + lastTs, in int64. Doubles do while every term is exact.
    const f = dt * this.freq;
    const last = this.lastTs;
    const t = Math.trunc(f) + last;
    if (t <= MAX_SAFE && t >= -MAX_SAFE && f < MAX_SAFE && f > -MAX_SAFE && last <= MAX_SAFE && last >= -MAX_SAFE && this.lastTsX === null) {
      ev.time = t;
      ev.timeX = null;
      this.lastTs = t;
    } else {
      addTimes(goTime(f), null, last, this.lastTsX);
      ev.time = this.lastTs = SUM.t;
      ev.timeX = this.lastTsX = SUM.tx;
    }
    this.dataOff = p;
    return AHEAD_OK;
  }

  private fail(msg: string): number {
    this.aheadErr = new TraceError(msg);
    return AHEAD_ERR;
  }

  private failVarint(argIndex: number): number {
    return this.fail(argIndex === 0 ? 'found invalid uvarint for timestamp' : 'found invalid uvarint');
  }
}

export const AHEAD_END = 0;
export const AHEAD_OK = 1;
export const AHEAD_ERR = 2;

const EMPTY = new Uint8Array(0);

export function compareCursors(a: BatchCursor, b: BatchCursor): number {
  const x = a.ev;
  const y = b.ev;
  return x.time !== y.time ? (x.time < y.time ? -1 : 1) : x.timeX === y.timeX ? 0 : compareTimes(x.time, x.timeX, y.time, y.timeX);
}

/**
 * The frontier: the threads' cursors in a min-heap by next-event time, with the sift rules of
 * Go's reader (container/heap's; its removal goes through the root), because on equal
 * timestamps the heap's shape decides which thread is tried first.
 */
export class Frontier<C extends BatchCursor> extends ArrayHeap<C> {
  less(i: number, j: number): boolean {
    const x = this.items[i]!.ev;
    const y = this.items[j]!.ev;
    return x.time < y.time || (x.time === y.time && x.timeX !== y.timeX && compareTimes(x.time, x.timeX, y.time, y.timeX) < 0);
  }
  /** Cursor i has no more events: taken off the way Go's reader does (through the root, not as heap.Remove). */
  removeViaRoot(i: number): void {
    heapRemoveViaRoot(this, i);
    this.items.pop();
  }
}
