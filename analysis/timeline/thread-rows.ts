// Which goroutine row each thread row shows (rows.ts), stored as runs of P rows. A thread that
// holds a P shows what the P shows, row for row: on the 210 MB trace every one of its 9.9 M
// thread rows is also a P row, in 3,643 runs of consecutive P rows. So a run says "thread rows
// [start, next run's start) show the goroutine rows of P rows from, from + 1, …", and only rows
// no P row shows (a thread without a P) are stored one by one (explicit). A 4-byte value per
// thread row was 38 MB of the model at 210 MB (190 MB at 1 GB); the runs are a few KB.
//
// The rows pass writes it (ThreadRunsWriter: a thread's rows arrive in order, the threads'
// interleaved) and a track reads it (ThreadRowMap.at); where runs would not pay (more than one
// every RUN_MAX_RATE rows: a trace whose threads run goroutines without Ps), it is one explicit
// run over a plain column, as before.

import { Column, i32, u32 } from './columns.js';

/** log2 of the thread rows per lookup block (blockRun). */
const BLOCK_SHIFT = 6;
/** Past one run per this many rows, the plain column is smaller. */
const RUN_MAX_RATE = 8;

/** The arrays of a ThreadRowMap (what a postMessage carries). */
export interface ThreadRowData {
  length: number;
  /** Per run, ascending: its first thread row. */
  start: Uint32Array;
  /** Per run: the P row its first row shows (>= 0), or ~k: its rows' goroutine rows are explicit[k…]. */
  from: Int32Array;
  explicit: Uint32Array;
  /** Per block of 2^BLOCK_SHIFT thread rows: the run holding its first row. */
  blockRun: Uint32Array;
}

export class ThreadRowMap implements ThreadRowData {
  readonly length: number;
  readonly start: Uint32Array;
  readonly from: Int32Array;
  readonly explicit: Uint32Array;
  readonly blockRun: Uint32Array;

  /** `procRow`: the P rows' goroutine rows (ProcRows.goroutineRow) the runs point into. */
  constructor(d: ThreadRowData, private readonly procRow: Uint32Array) {
    this.length = d.length;
    this.start = d.start;
    this.from = d.from;
    this.explicit = d.explicit;
    this.blockRun = d.blockRun;
  }

  /** Thread rows that are all explicit (a plain column). */
  static plain(rows: Uint32Array, procRow: Uint32Array): ThreadRowMap {
    const data = { length: rows.length, start: new Uint32Array(1), from: new Int32Array([~0]), explicit: rows, blockRun: new Uint32Array((rows.length >>> BLOCK_SHIFT) + 1) };
    return new ThreadRowMap(data, procRow);
  }

  /** The instance again after a structured clone, over the receiver's P rows. */
  static revive(d: ThreadRowData, procRow: Uint32Array): ThreadRowMap {
    return new ThreadRowMap(d, procRow);
  }

  /** The goroutine row thread row j shows. */
  at(j: number): number {
    const start = this.start;
    let r = this.blockRun[j >>> BLOCK_SHIFT]!;
    while (r + 1 < start.length && start[r + 1]! <= j) r++;
    const f = this.from[r]!;
    const k = j - start[r]!;
    return f >= 0 ? this.procRow[f + k]! : this.explicit[~f + k]!;
  }

  /** Every row's value (tests). */
  toArray(): number[] {
    return Array.from({ length: this.length }, (_, j) => this.at(j));
  }

  /** Bytes held (the P rows apart). */
  get bytes(): number {
    return this.start.byteLength + this.from.byteLength + this.explicit.byteLength + this.blockRun.byteLength;
  }
}

/**
 * Collects the runs as the rows pass appends each thread's rows (global row index `row`, each
 * thread's ascending by one) together with the P row showing the same goroutine row, if any.
 */
export class ThreadRunsWriter {
  private runStart = u32();
  private runFrom = i32();
  private explicit = u32();
  /** Per thread slot: the P row of its last row (-1: that row was explicit or none yet). */
  private lastP: Int32Array;
  /** Per thread slot: explicit's length after its last explicit row (-1: none), to extend that run. */
  private lastX: Int32Array;

  constructor(threads: number, private readonly length: number) {
    this.lastP = new Int32Array(threads).fill(-1);
    this.lastX = new Int32Array(threads).fill(-1);
  }

  /** Thread slot s's next row, `row`, shows goroutine row g, as P row procRow does (-1: no P row does). */
  put(s: number, row: number, g: number, procRow: number): void {
    if (procRow >= 0) {
      if (this.lastP[s]! < 0 || procRow !== this.lastP[s]! + 1) this.run(row, procRow);
      this.lastP[s] = procRow;
      this.lastX[s] = -1;
      return;
    }
    if (this.lastX[s] !== this.explicit.n) this.run(row, ~this.explicit.n);
    this.explicit.push(g);
    this.lastX[s] = this.explicit.n;
    this.lastP[s] = -1;
  }

  private run(row: number, from: number): void {
    this.runStart.push(row);
    this.runFrom.push(from);
  }

  /** The map over the P rows `procRow` (the rows' final values). */
  done(procRow: Uint32Array): ThreadRowMap {
    const n = this.runStart.n;
    const m = this.map(procRow);
    if (n <= this.length / RUN_MAX_RATE) return m;
    // Run by run (a run reaches the next one's start; past a thread's last row, its slack rows
    // read whatever comes next and are never asked for).
    const plain = new Uint32Array(this.length);
    for (let r = 0; r < n; r++) {
      const f = m.from[r]!;
      const end = r + 1 < n ? m.start[r + 1]! : this.length;
      for (let j = m.start[r]!, k = 0; j < end; j++, k++) plain[j] = f >= 0 ? (procRow[f + k] ?? 0) : (m.explicit[~f + k] ?? 0);
    }
    return ThreadRowMap.plain(plain, procRow);
  }

  /** The runs sorted by their first row, with the lookup blocks. */
  private map(procRow: Uint32Array): ThreadRowMap {
    const n = this.runStart.n;
    const order = new Uint32Array(n);
    for (let r = 0; r < n; r++) order[r] = r;
    const rs = this.runStart.a;
    order.sort((a, b) => rs[a]! - rs[b]!);
    const start = this.runStart.permuted(order);
    const from = this.runFrom.permuted(order);
    const blockRun = new Uint32Array((this.length >>> BLOCK_SHIFT) + 1);
    let r = 0;
    for (let b = 0; b < blockRun.length; b++) {
      const j = b << BLOCK_SHIFT;
      while (r + 1 < n && start[r + 1]! <= j) r++;
      blockRun[b] = r;
    }
    return new ThreadRowMap({ length: this.length, start, from, explicit: this.explicit.take(), blockRun }, procRow);
  }
}
