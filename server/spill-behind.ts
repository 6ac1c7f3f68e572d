// Lets a large trace's events leave memory once the load has read them. The parse keeps every
// chunk in memory (shared with the analysis worker); after it, two passes read the events in
// order: the goroutine pass on the serving thread and the timeline's rows in the worker. Each
// says how far it is, and every chunk both have passed is written to the spill file
// (event-spill.ts) and let go by both threads. Whatever reads an event later (a span's details,
// a scoped profile, MMU) reads its chunk back (ColumnCache). So the peak holds the events at the
// end of the parse, or the timeline model at the end of the load, but not both; and the loading
// passes read nothing back, unlike `--events-on-disk` (which spills while parsing).
//
// The threads share a board (shared memory): the worker's progress, and per chunk where its
// columns were written. A thread's share of a chunk's memory goes only when its collector frees
// its views of it, so each thread collects after every DROP_GC_BYTES it has let go.

import type { Chunk, EventStore, SpillPlace } from '../parser/events.js';
import { collectGarbage } from './collect-garbage.js';
import type { EventSpill } from './event-spill.js';

/** Traces from this size up let their events go once loaded (LoadHooks.spillBehind). */
export const SPILL_BEHIND_MIN_BYTES = 64 << 20;

/** Bytes a thread lets go of between two collections. */
export const DROP_GC_BYTES = 96 << 20;

/** Shared between the serving thread and the worker (postMessage shares its memory). */
export interface SpillBoard {
  fd: number;
  /** [0]: how many of the store's chunks the worker's rows pass is done with. */
  progress: Int32Array;
  /** Per chunk k (store.chunks): [4k] 1 once its columns are on disk, then [4k+1..4k+3] the offset's high and low 32 bits and ctx32. */
  slots: Int32Array;
}

const TWO32 = 4294967296;

function boardOf(fd: number, chunks: number): SpillBoard {
  return {
    fd,
    progress: new Int32Array(new SharedArrayBuffer(4)),
    slots: new Int32Array(new SharedArrayBuffer(16 * Math.max(1, chunks))),
  };
}

/** A thread's collections: one per DROP_GC_BYTES of chunks it let go. */
class Collector {
  private bytes = 0;

  letGo(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes < DROP_GC_BYTES) return;
    this.bytes = 0;
    collectGarbage();
  }
}

/** The serving thread's side: spills the chunks both passes are done with, and tells the worker. */
export class SpillBehind {
  readonly board: SpillBoard;
  private mainDone = 0;
  private next = 0;
  private readonly collector = new Collector();
  private timer: NodeJS.Timeout | null = null;
  private published = 0;
  /** Chunks written out so far (tests). */
  written = 0;
  /** Called once every chunk's columns are on disk (the worker is told to let go of the last ones). */
  onAllWritten: () => void = () => {};

  constructor(
    private store: EventStore,
    private spill: EventSpill,
  ) {
    this.board = boardOf(spill.fd, store.chunks.length);
  }

  /** The goroutine pass is done with the store's first n chunks. */
  mainPassed(n: number): void {
    this.mainDone = Math.max(this.mainDone, n);
    this.pump();
  }

  /** The rows are built (by the worker or, without one, here): no chunk is waited on for them. */
  rowsDone(): void {
    Atomics.store(this.board.progress, 0, this.store.chunks.length);
    this.pump();
  }

  /** Polls the worker's progress until every chunk is written (unref'd: it keeps no process alive). */
  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.pump(), 20);
    this.timer.unref();
    this.pump();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Writes out every chunk both passes are done with. */
  pump(): void {
    const chunks = this.store.chunks;
    const upTo = Math.min(this.mainDone, Atomics.load(this.board.progress, 0), chunks.length);
    while (this.next < upTo) {
      const k = this.next++;
      const c = chunks[k]!;
      if (c.n === 0 || c.spilled !== null) {
        this.settle();
        continue;
      }
      this.spill.put(c, (place, bytes) => (place === null ? this.settle() : this.publish(k, place, bytes)));
    }
    if (this.next >= chunks.length) this.stop();
  }

  private publish(k: number, place: SpillPlace, bytes: number): void {
    const s = this.board.slots;
    const hi = Math.floor(place.offset / TWO32);
    s[4 * k + 1] = hi;
    s[4 * k + 2] = place.offset - hi * TWO32;
    s[4 * k + 3] = place.ctx32 ? 1 : 0;
    Atomics.store(s, 4 * k, 1);
    this.written++;
    this.collector.letGo(bytes);
    this.settle();
  }

  /** Counts a chunk settled (written, failed or empty); the last one tells the worker. */
  private settle(): void {
    if (++this.published === this.store.chunks.length) this.onAllWritten();
  }
}

/** The worker's side: says how far its rows pass is and lets go of the chunks written out. */
export class SpillFollower {
  private readonly index = new Map<Chunk, number>();
  private readonly gone: Uint8Array;
  private low = 0;
  private readonly collector = new Collector();

  constructor(
    private board: SpillBoard,
    private chunks: Chunk[],
  ) {
    chunks.forEach((c, k) => this.index.set(c, k));
    this.gone = new Uint8Array(chunks.length);
  }

  /** The rows pass is done with chunk c (and every one before it). */
  passed(c: Chunk): void {
    const k = this.index.get(c);
    if (k !== undefined) Atomics.store(this.board.progress, 0, k + 1);
    this.letGo();
  }

  /** Lets go of every chunk written out since the last call. */
  letGo(): void {
    const s = this.board.slots;
    const n = this.chunks.length;
    while (this.low < n && this.gone[this.low] === 1) this.low++;
    let dropped = 0;
    for (let k = this.low; k < n; k++) {
      if (this.gone[k] === 1 || Atomics.load(s, 4 * k) !== 1) continue;
      this.gone[k] = 1;
      const c = this.chunks[k]!;
      if (c.spilled !== null) continue;
      const offset = (s[4 * k + 1]! >>> 0) * TWO32 + (s[4 * k + 2]! >>> 0);
      dropped += c.spillLayout().bytes;
      c.spill({ fd: this.board.fd, offset, ctx32: s[4 * k + 3] === 1 });
    }
    // (Once all are let go: a collection midway would leave the rest's views alive.)
    this.collector.letGo(dropped);
  }
}
