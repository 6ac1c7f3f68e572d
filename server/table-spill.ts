// Holds the table builder's rows on disk until the trace has been read: each full batch becomes
// one block of a table's spill file, its columns stored as bytes DuckDB's vectors take as they
// are (BIGINT as little-endian int64, INTEGER as int32, converted from the builder's doubles, NaN
// becoming NULL; uint64 as little-endian words; dictionary codes; validity bits per 2048 rows where needed), so writing a
// block is a copy and so is reading it back (parquet-tables.ts). Free-text columns stay in memory
// (they belong to the small tables). Memory holds one batch per table, and the blocks still being
// written: the writes go to libuv's threads (drain() waits for them), off the thread building rows.

import { closeSync, openSync, readSync, write, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BatchColumn, Dictionary, NULL_CODE, TableBatch, TableSink } from '../analysis/export/table-batch.js';
import { ColumnDef, TABLES, TableDef } from '../analysis/export/table-schema.js';

/** DuckDB's vector size: rows per chunk handed to DuckDB, and the unit of validity runs. */
export const VECTOR = 2048;

/** Bytes per value of a column as stored (text: none). */
export function storedWidth(kind: ColumnDef['kind']): number {
  switch (kind) {
    case 'i64':
    case 'u64':
      return 8;
    case 'i32':
      return 4;
    case 'dict':
      return 4;
    case 'bool':
      return 1;
    case 'text':
      return 0;
  }
}

/** Where a block's column data and validity bits start, relative to the block. */
export interface BlockLayout {
  /** Per column: byte offset of its values (-1 for text). */
  data: number[];
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

  /** A zeroed buffer of at least bytes. */
  private take(bytes: number): Uint8Array {
    const buf = this.free.pop();
    if (buf === undefined || buf.length < bytes) return new Uint8Array(Math.max(bytes, 1 << 20));
    buf.fill(0, 0, bytes);
    return buf;
  }

  /**
   * Writes buf[0, bytes) at pos of fd: in the background, unless 64 MB are already on their
   * way (their callbacks run only when this thread yields to the event loop), then here.
   */
  private writeBlock(fd: number, buf: Uint8Array, bytes: number, pos: number): void {
    if (this.pendingBytes > 64 << 20) {
      this.syncWrites++;
      let done = 0;
      while (done < bytes) done += writeSync(fd, buf, done, bytes - done, pos + done);
      this.free.push(buf);
      return;
    }
    this.pending++;
    this.pendingBytes += bytes;
    const next = (done: number) =>
      write(fd, buf, done, bytes - done, pos + done, (err, n) => {
        if (!err && done + n < bytes) return next(done + n);
        if (err) this.error ??= err;
        this.pending--;
        this.pendingBytes -= bytes;
        if (this.free.length < 64) this.free.push(buf);
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
    // Layout: every stored column's values, then validity runs of the columns holding NULLs.
    const data: number[] = [];
    const validity: number[] = [];
    let bytes = 0;
    for (const c of batch.cols) {
      const w = storedWidth(c.def.kind);
      data.push(w === 0 ? -1 : bytes);
      bytes += w * n;
      bytes = (bytes + 7) & ~7;
    }
    const nulls = batch.cols.map((c) => c.def.nullable === true && hasNull(c, n));
    for (let k = 0; k < batch.cols.length; k++) {
      validity.push(nulls[k] ? bytes : -1);
      if (nulls[k]) bytes += validityBytes(n);
    }
    const buf = this.take(bytes);
    const text: ((string | null)[] | null)[] = [];
    for (let k = 0; k < batch.cols.length; k++) {
      const c = batch.cols[k]!;
      text.push(c.text ? c.text.slice(0, n) : null);
      if (c.dict) t.dicts[k] = c.dict;
      if (data[k]! >= 0) storeColumn(buf, data[k]!, c, n);
      if (validity[k]! >= 0) storeValidity(buf, validity[k]!, c, n);
    }
    this.writeBlock(t.fd, buf, bytes, t.size);
    t.blocks.push({ offset: t.size, n, layout: { data, validity, bytes }, text });
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

function hasNull(c: BatchColumn, n: number): boolean {
  if (c.num) {
    const num = c.num;
    for (let i = 0; i < n; i++) if (num[i] !== num[i]) return true;
  } else if (c.nulls) {
    for (let i = 0; i < n; i++) if (c.nulls[i]) return true;
  } else if (c.def.kind === 'dict') {
    for (let i = 0; i < n; i++) if (c.words![i] === NULL_CODE) return true;
  } else if (c.text) {
    for (let i = 0; i < n; i++) if (c.text[i] == null) return true;
  }
  return false;
}

function storeColumn(buf: Uint8Array, at: number, c: BatchColumn, n: number): void {
  switch (c.def.kind) {
    case 'i64': {
      // Two's complement words of each integer (NaN, a NULL, as 0).
      const out = new Uint32Array(buf.buffer, buf.byteOffset + at, 2 * n);
      const src = c.num!;
      for (let i = 0; i < n; i++) {
        const v = src[i]!;
        if (v >= 0 && v < TWO53) {
          const hi = (v / TWO32) | 0; // truncation, no Math.floor: v is non-negative
          out[2 * i] = v - hi * TWO32;
          out[2 * i + 1] = hi;
        } else if (v === v) {
          const hi = Math.floor(v / TWO32);
          out[2 * i] = v - hi * TWO32;
          out[2 * i + 1] = hi;
        } else {
          if (c.def.nullable !== true) throw new Error(`NULL in column ${c.def.name}`);
          out[2 * i] = 0;
          out[2 * i + 1] = 0;
        }
      }
      break;
    }
    case 'i32': {
      const out = new Int32Array(buf.buffer, buf.byteOffset + at, n);
      const src = c.num!;
      const nullable = c.def.nullable === true;
      for (let i = 0; i < n; i++) {
        const v = src[i]!;
        if (v !== v && !nullable) throw new Error(`NULL in column ${c.def.name}`);
        out[i] = v; // NaN → 0
      }
      break;
    }
    case 'u64':
      buf.set(new Uint8Array(c.words!.buffer, c.words!.byteOffset, 8 * n), at);
      break;
    case 'dict': {
      const out = new Uint32Array(buf.buffer, buf.byteOffset + at, n);
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
