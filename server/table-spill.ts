// Holds the table builder's rows on disk until the trace has been read: each full batch becomes
// one block of a table's spill file, its columns stored as bytes DuckDB's vectors take as they
// are (integers as the builder's doubles, NaN for NULL, which SQL casts to BIGINT; uint64 as
// little-endian words; dictionary codes; validity bits per 2048 rows where needed), so writing a
// block is a copy and so is reading it back (parquet-tables.ts). Free-text columns stay in memory
// (they belong to the small tables). Memory holds one batch per table.

import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BatchColumn, Dictionary, NULL_CODE, TableBatch, TableSink } from '../analysis/export/table-batch.js';
import { ColumnDef, TABLES, TableDef } from '../analysis/export/table-schema.js';

/** DuckDB's vector size: rows per chunk handed to DuckDB, and the unit of validity runs. */
export const VECTOR = 2048;

/** Bytes per value of a column as stored (text: none). */
export function storedWidth(kind: ColumnDef['kind']): number {
  switch (kind) {
    case 'i64':
    case 'i32':
    case 'u64':
      return 8;
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

const validityBytes = (n: number): number => Math.ceil(n / VECTOR) * (VECTOR / 8);

export class TableSpill implements TableSink {
  readonly tables = new Map<string, SpilledTable>();
  private buf = new Uint8Array(1 << 20);

  constructor(private readonly dir: string) {
    for (const def of TABLES) {
      const fd = openSync(join(dir, `${def.name}.rows`), 'w+');
      this.tables.set(def.name, { def, blocks: [], fd, size: 0, dicts: def.columns.map(() => null) });
    }
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
    // Integer columns carry NULL as NaN; the others need validity bits.
    const nulls = batch.cols.map((c) => c.num === null && c.def.nullable === true && hasNull(c, n));
    for (let k = 0; k < batch.cols.length; k++) {
      validity.push(nulls[k] ? bytes : -1);
      if (nulls[k]) bytes += validityBytes(n);
    }
    if (this.buf.length < bytes) this.buf = new Uint8Array(Math.max(bytes, this.buf.length * 2));
    const buf = this.buf;
    buf.fill(0, 0, bytes);
    const text: ((string | null)[] | null)[] = [];
    for (let k = 0; k < batch.cols.length; k++) {
      const c = batch.cols[k]!;
      text.push(c.text ? c.text.slice(0, n) : null);
      if (c.dict) t.dicts[k] = c.dict;
      if (data[k]! >= 0) storeColumn(buf, data[k]!, c, n);
      if (validity[k]! >= 0) storeValidity(buf, validity[k]!, c, n);
    }
    let done = 0;
    while (done < bytes) done += writeSync(t.fd, buf, done, bytes - done, t.size + done);
    t.blocks.push({ offset: t.size, n, layout: { data, validity, bytes }, text });
    t.size += bytes;
  }

  /** Drops every row written so far (the parser restarted from the beginning). */
  reset(): void {
    for (const t of this.tables.values()) {
      ftruncateSync(t.fd, 0);
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

  close(): void {
    for (const t of this.tables.values()) closeSync(t.fd);
  }
}

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

function storeColumn(buf: Uint8Array, at: number, c: BatchColumn, n: number): void {
  switch (c.def.kind) {
    case 'i64':
    case 'i32':
      buf.set(new Uint8Array(c.num!.buffer, c.num!.byteOffset, 8 * n), at);
      break;
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
  if (c.nulls) {
    for (let i = 0; i < n; i++) if (c.nulls[i] !== 0) clear(i);
  } else if (c.text) {
    for (let i = 0; i < n; i++) if (c.text[i] == null) clear(i);
  } else {
    for (let i = 0; i < n; i++) if (c.words![i] === NULL_CODE) clear(i);
  }
}
