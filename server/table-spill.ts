// Holds the table builder's rows on disk until the trace has been read: each full batch becomes
// one block of a table's spill file. Integer columns are packed per block as a base and each
// row's difference from it in 0, 1, 2 or 4 bytes (a block of 16384 rows spans a few milliseconds
// of goroutine ids, stacks or times, so most columns take 1-4 bytes instead of 8), falling back
// to little-endian int64 words when a block's values span 2^32 or more; dict codes take 1, 2 or 4
// bytes by the dictionary's size; uint64 stays as its two words; validity bits per 2048 rows
// where needed. Reading a block back widens the values into the bytes DuckDB's vectors take
// (parquet-tables.ts). A 210 MB trace spills 1.04 GB this way rather than 3.76 GB as plain
// vectors, and the kernel's page cache work was most of an export's system time. Free-text
// columns stay in memory (they belong to the small tables). Memory holds one batch per table,
// and the blocks still being written: the writes go to libuv's threads (drain() waits for them),
// off the thread building rows.

import { closeSync, openSync, readSync, write, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BatchColumn, Dictionary, NULL_CODE, TableBatch, TableSink } from '../analysis/export/table-batch.js';
import { ColumnDef, TABLES, TableDef } from '../analysis/export/table-schema.js';

/** DuckDB's vector size: rows per chunk handed to DuckDB, and the unit of validity runs. */
export const VECTOR = 2048;

/** Where a block's column data and validity bits start, relative to the block. */
export interface BlockLayout {
  /** Per column: byte offset of its values (-1 for text). */
  data: number[];
  /**
   * Per column: bytes per stored value. i64/i32: 0, 1, 2 or 4 = the difference from base[k]
   * (0: every row is base[k]), 8 = int64 words (i64 only); dict: 1, 2 or 4 = the code; u64: 8;
   * bool: 1; text: 0.
   */
  width: number[];
  /** Per column: the base the differences are from (i64/i32 packed; 0 otherwise). */
  base: number[];
  /** Per column: byte offset of its validity bits (-1 if it has no NULL in this block). */
  validity: number[];
  bytes: number;
}

export interface Block {
  offset: number;
  n: number;
  layout: BlockLayout;
  /** Per column: the values of a text column (null for others). */
  text: ((string | null)[] | null)[];
}

export interface SpilledTable {
  def: TableDef;
  blocks: Block[];
  fd: number;
  size: number;
  /** The dict columns' dictionaries (index = column), as the batch built them. */
  dicts: (Dictionary | null)[];
}

/**
 * Block buffers: at least 512 KiB (a packed block of the big tables takes 200-500 KiB), and
 * at most 64 MiB of them on their way to disk. Reusing them matters: a fresh buffer each
 * block cost ~1 GB of allocations per 200 MB of trace and the collections they set off.
 */
const BLOCK_BUFFER = 1 << 19;
const MAX_PENDING = 64 << 20;
const TWO32 = 4294967296;
const TWO53 = 9007199254740992;

const validityBytes = (n: number): number => Math.ceil(n / VECTOR) * (VECTOR / 8);

export class TableSpill implements TableSink {
  readonly tables = new Map<string, SpilledTable>();
  /** Writes under way, their bytes, and what to call when there are none left. */
  private pending = 0;
  private pendingBytes = 0;
  /** Block buffers free for reuse (a write's buffer returns here when it is done). */
  private free: Uint8Array[] = [];
  /** Blocks written on this thread because too many bytes were still on their way. */
  syncWrites = 0;
  private drained: (() => void) | null = null;
  private error: Error | null = null;
  /** Spill files opened so far (a reset starts new ones). */
  private files = 0;
  private stale: number[] = [];

  constructor(private readonly dir: string) {
    for (const def of TABLES) {
      this.tables.set(def.name, { def, blocks: [], fd: this.open(def), size: 0, dicts: def.columns.map(() => null) });
    }
  }

  private open(def: TableDef): number {
    return openSync(join(this.dir, `${def.name}.${this.files++}.rows`), 'w+');
  }

  /** A buffer of at least bytes (not cleared: write() sets every byte a reader looks at). */
  private take(bytes: number): Uint8Array {
    const buf = this.free.pop();
    if (buf === undefined || buf.length < bytes) return new Uint8Array(Math.max(bytes, BLOCK_BUFFER));
    return buf;
  }

  /**
   * Writes buf[0, bytes) at pos of fd: in the background, unless 64 MB are already on their
   * way (their callbacks run only when this thread yields to the event loop), then here.
   */
  private writeBlock(fd: number, buf: Uint8Array, bytes: number, pos: number): void {
    if (this.pendingBytes > MAX_PENDING) {
      this.syncWrites++;
      let done = 0;
      while (done < bytes) done += writeSync(fd, buf, done, bytes - done, pos + done);
      this.free.push(buf);
      return;
    }
    this.pending++;
    this.pendingBytes += buf.length;
    const next = (done: number) =>
      write(fd, buf, done, bytes - done, pos + done, (err, n) => {
        if (!err && done + n < bytes) return next(done + n);
        if (err) this.error ??= err;
        this.pending--;
        this.pendingBytes -= buf.length;
        if (this.free.length < MAX_PENDING / BLOCK_BUFFER) this.free.push(buf);
        if (this.pending === 0) this.drained?.();
      });
    next(0);
  }

  /** Waits until every block is on disk (before readBlock); throws the first write error. */
  async drain(): Promise<void> {
    if (this.pending > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.drained = null;
    if (this.error) throw this.error;
  }

  /** TableSink: appends the batch's rows as one block. */
  write(batch: TableBatch): void {
    const t = this.tables.get(batch.def.name)!;
    const n = batch.n;
    const cols = batch.cols;
    // Layout: every stored column's values, then validity runs of the columns holding NULLs.
    const data: number[] = [];
    const width: number[] = [];
    const base: number[] = [];
    const nulls: boolean[] = [];
    let bytes = 0;
    for (const c of cols) {
      const p = packing(c, n);
      width.push(p.width);
      base.push(p.base);
      nulls.push(p.hasNull);
      data.push(c.text !== null ? -1 : bytes);
      bytes += p.width * n;
      bytes = (bytes + 7) & ~7;
    }
    const validity: number[] = [];
    for (let k = 0; k < cols.length; k++) {
      validity.push(nulls[k] ? bytes : -1);
      if (nulls[k]) bytes += validityBytes(n);
    }
    const buf = this.take(bytes);
    const text: ((string | null)[] | null)[] = [];
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k]!;
      text.push(c.text ? c.text.slice(0, n) : null);
      if (c.dict) t.dicts[k] = c.dict;
      if (data[k]! >= 0 && width[k]! > 0) storeColumn(buf, data[k]!, c, n, width[k]!, base[k]!);
      if (validity[k]! >= 0) storeValidity(buf, validity[k]!, c, n);
    }
    this.writeBlock(t.fd, buf, bytes, t.size);
    t.blocks.push({ offset: t.size, n, layout: { data, width, base, validity, bytes }, text });
    t.size += bytes;
  }

  /** Drops every row written so far (the parser restarted from the beginning). */
  reset(): void {
    for (const t of this.tables.values()) {
      // A new file: writes to the old one may still be under way (closed with the others).
      this.stale.push(t.fd);
      t.fd = this.open(t.def);
      t.blocks = [];
      t.size = 0;
    }
  }

  /** Reads block b of a table into buf (grown as needed); returns the buffer holding it. */
  readBlock(t: SpilledTable, b: Block, buf: Uint8Array): Uint8Array {
    if (buf.length < b.layout.bytes) buf = new Uint8Array(Math.max(b.layout.bytes, buf.length * 2));
    let done = 0;
    while (done < b.layout.bytes) {
      const r = readSync(t.fd, buf, done, b.layout.bytes - done, b.offset + done);
      if (r === 0) throw new Error(`spill file of ${t.def.name} is short`);
      done += r;
    }
    return buf;
  }

  /** Closes the files; call after drain() (a write under way could land on a reused descriptor). */
  close(): void {
    for (const fd of this.stale) closeSync(fd);
    for (const t of this.tables.values()) closeSync(t.fd);
  }
}

/** How a column of a block is stored: bytes per value, the base of packed integers, NULLs. */
interface Packing {
  width: number;
  base: number;
  hasNull: boolean;
}

/** Packing of the first n values of c (see BlockLayout.width). */
function packing(c: BatchColumn, n: number): Packing {
  switch (c.def.kind) {
    case 'i64':
    case 'i32': {
      const src = c.num!;
      let min = Infinity;
      let max = -Infinity;
      let hasNull = false;
      for (let i = 0; i < n; i++) {
        const v = src[i]!;
        if (v !== v) hasNull = true;
        else {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      if (hasNull && c.def.nullable !== true) throw new Error(`NULL in column ${c.def.name}`);
      if (min > max) return { width: 0, base: 0, hasNull }; // every row NULL
      const range = max - min;
      // Beyond ±2^53 the difference from the base would not be exact: int64 words.
      if (c.def.kind === 'i64' && (range >= TWO32 || min < -TWO53 || max > TWO53)) return { width: 8, base: 0, hasNull };
      return { width: range === 0 ? 0 : range < 256 ? 1 : range < 65536 ? 2 : 4, base: min, hasNull };
    }
    case 'dict':
      return { width: codeWidth(c.dict!.size), base: 0, hasNull: c.def.nullable === true && hasNull(c, n) };
    case 'u64':
      return { width: 8, base: 0, hasNull: c.def.nullable === true && hasNull(c, n) };
    case 'bool':
      return { width: 1, base: 0, hasNull: c.def.nullable === true && hasNull(c, n) };
    case 'text':
      return { width: 0, base: 0, hasNull: c.def.nullable === true && hasNull(c, n) };
  }
}

/** Bytes per code of a dictionary of size values. */
function codeWidth(size: number): number {
  return size <= 256 ? 1 : size <= 65536 ? 2 : 4;
}

/** Whether one of the first n values of c (a column that is not i64/i32) is NULL. */
function hasNull(c: BatchColumn, n: number): boolean {
  if (c.nulls) {
    for (let i = 0; i < n; i++) if (c.nulls[i]) return true;
  } else if (c.def.kind === 'dict') {
    for (let i = 0; i < n; i++) if (c.words![i] === NULL_CODE) return true;
  } else if (c.text) {
    for (let i = 0; i < n; i++) if (c.text[i] == null) return true;
  }
  return false;
}

/** An unsigned view of width bytes per value (1, 2 or 4) at byte offset at of buf. */
export function packedView(buf: Uint8Array, at: number, width: number, n: number): Uint8Array | Uint16Array | Uint32Array {
  return width === 1
    ? new Uint8Array(buf.buffer, buf.byteOffset + at, n)
    : width === 2
      ? new Uint16Array(buf.buffer, buf.byteOffset + at, n)
      : new Uint32Array(buf.buffer, buf.byteOffset + at, n);
}

function storeColumn(buf: Uint8Array, at: number, c: BatchColumn, n: number, width: number, base: number): void {
  switch (c.def.kind) {
    case 'i64':
    case 'i32': {
      const src = c.num!;
      if (width === 8) {
        // Two's complement words of each integer (NaN, a NULL, as 0).
        const out = new Uint32Array(buf.buffer, buf.byteOffset + at, 2 * n);
        for (let i = 0; i < n; i++) {
          const v = src[i]!;
          const hi = v === v ? Math.floor(v / TWO32) : 0;
          out[2 * i] = v === v ? v - hi * TWO32 : 0;
          out[2 * i + 1] = hi;
        }
      } else {
        const out = packedView(buf, at, width, n);
        for (let i = 0; i < n; i++) {
          const v = src[i]!;
          out[i] = v === v ? v - base : 0;
        }
      }
      break;
    }
    case 'u64':
      buf.set(new Uint8Array(c.words!.buffer, c.words!.byteOffset, 8 * n), at);
      break;
    case 'dict': {
      const out = packedView(buf, at, width, n);
      const src = c.words!;
      for (let i = 0; i < n; i++) {
        const v = src[i]!;
        out[i] = v === NULL_CODE ? 0 : v;
      }
      break;
    }
    case 'bool': {
      const src = c.words!;
      for (let i = 0; i < n; i++) buf[at + i] = src[i] ? 1 : 0;
      break;
    }
    case 'text':
      break;
  }
}

/** Validity bits (1 = valid, least significant bit first), one run of 256 bytes per 2048 rows. */
function storeValidity(buf: Uint8Array, at: number, c: BatchColumn, n: number): void {
  buf.fill(0xff, at, at + validityBytes(n));
  const clear = (i: number) => (buf[at + (i >>> 3)] = buf[at + (i >>> 3)]! & ~(1 << (i & 7)));
  if (c.num) {
    for (let i = 0; i < n; i++) if (c.num[i] !== c.num[i]) clear(i);
  } else if (c.nulls) {
    for (let i = 0; i < n; i++) if (c.nulls[i] !== 0) clear(i);
  } else if (c.text) {
    for (let i = 0; i < n; i++) if (c.text[i] == null) clear(i);
  } else {
    for (let i = 0; i < n; i++) if (c.words![i] === NULL_CODE) clear(i);
  }
}
