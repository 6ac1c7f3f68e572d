// Receives the table builder's batches (analysis/export) and appends them to DuckDB tables, then
// writes each table to a Parquet file with DuckDB's own writer (COPY … TO … (FORMAT parquet)).
// Columns go in as whole vectors copied from typed arrays (no per-value calls, except for free
// text); few-valued strings go in as ENUM codes, so DuckDB writes them dictionary-encoded without
// ever comparing strings. The database spills to disk past its memory limit, so a trace of any
// size exports in bounded memory.

import duckdb from '@duckdb/node-bindings';
import { DuckDBAppender, DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { BatchColumn, NULL_CODE, TableBatch, TableSink } from '../analysis/export/table-batch.js';
import { ColumnDef, TABLES, TableDef, dictSeeds, sqlType } from '../analysis/export/table-schema.js';

export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
export const sqlIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** DuckDB's vector size: rows per appended chunk. */
const V = 2048;
const TWO32 = 4294967296;

/** The rows of a batch, possibly copied out of it (while they wait behind a type change). */
interface Rows {
  n: number;
  cols: BatchColumn[];
}

interface RawTable {
  def: TableDef;
  name: string;
  appender: DuckDBAppender | null;
  chunk: DuckDBDataChunk | null;
  /** Values of each dict column's ENUM type in the database (index = column), 0 for other columns. */
  enumSize: number[];
  enumVersion: number;
}

function enumWidth(size: number): 1 | 2 | 4 {
  return size <= 0xff ? 1 : size <= 0xffff ? 2 : 4;
}

// Scratch buffers for one vector.
const words = new Uint32Array(2 * V);
const ints = new Int32Array(V);
const bytes = new Uint8Array(V);
const shorts = new Uint16Array(V);
const uints = new Uint32Array(V);
const validity = new Uint8Array(V / 8);

export class DuckDBTableSink implements TableSink {
  private tables = new Map<string, RawTable>();
  private queue: { raw: RawTable; rows: Rows | null; reset?: boolean }[] = [];
  private draining: Promise<void> | null = null;
  private failure: Error | null = null;

  private constructor(
    private readonly con: DuckDBConnection,
    private readonly prefix: string,
  ) {}

  /** Creates the tables (named prefix + table) in the connection's database. */
  static async create(con: DuckDBConnection, prefix: string): Promise<DuckDBTableSink> {
    const sink = new DuckDBTableSink(con, prefix);
    for (const def of TABLES) {
      const raw: RawTable = { def, name: prefix + def.name, appender: null, chunk: null, enumSize: def.columns.map(() => 0), enumVersion: 0 };
      const cols: string[] = [];
      for (let k = 0; k < def.columns.length; k++) {
        const c = def.columns[k]!;
        let type = sqlType(c);
        if (c.kind === 'dict') {
          const values = dictSeeds(c);
          type = await sink.createEnum(raw, k, values);
          raw.enumSize[k] = values.length;
        }
        cols.push(`${sqlIdent(c.name)} ${type}`);
      }
      await con.run(`CREATE OR REPLACE TABLE ${sqlIdent(raw.name)} (${cols.join(', ')})`);
      await sink.openAppender(raw);
      sink.tables.set(def.name, raw);
    }
    return sink;
  }

  private async createEnum(raw: RawTable, k: number, values: readonly string[]): Promise<string> {
    const name = `${raw.name}_${raw.def.columns[k]!.name}_e${raw.enumVersion++}`;
    await this.con.run(`CREATE TYPE ${sqlIdent(name)} AS ENUM (${values.map(sqlString).join(', ')})`);
    return sqlIdent(name);
  }

  private async openAppender(raw: RawTable): Promise<void> {
    const app = await this.con.createAppender(raw.name);
    raw.appender = app;
    raw.chunk = DuckDBDataChunk.create(raw.def.columns.map((_, k) => app.columnType(k)));
  }

  /** TableSink: appends the batch now, or queues a copy behind a pending type change. */
  write(batch: TableBatch): void {
    const raw = this.tables.get(batch.def.name)!;
    const grows = batch.cols.some((c, k) => c.dict !== null && c.dict.size > raw.enumSize[k]!);
    if (this.queue.length === 0 && !grows) {
      this.append(raw, batch);
      return;
    }
    this.queue.push({ raw, rows: copyRows(batch) });
    this.drain();
  }

  /** Empties every table (the parser restarted: the rows written so far are void). */
  reset(): void {
    for (const raw of this.tables.values()) this.queue.push({ raw, rows: null, reset: true });
    this.drain();
  }

  private drain(): void {
    if (this.draining !== null) return;
    this.draining = (async () => {
      try {
        while (this.queue.length > 0) {
          const op = this.queue[0]!;
          if (op.reset) {
            op.raw.appender!.closeSync();
            await this.con.run(`DELETE FROM ${sqlIdent(op.raw.name)}`);
            await this.openAppender(op.raw);
          } else {
            await this.widenEnums(op.raw, op.rows!);
            this.append(op.raw, op.rows!);
          }
          this.queue.shift();
        }
      } catch (e) {
        this.failure = e as Error;
        this.queue.length = 0;
      } finally {
        this.draining = null;
      }
    })();
  }

  /** Grows the ENUM types of dict columns whose dictionaries gained values (codes stay the same). */
  private async widenEnums(raw: RawTable, rows: Rows): Promise<void> {
    const grown = rows.cols.map((c, k) => (c.dict !== null && c.dict.size > raw.enumSize[k]! ? k : -1)).filter((k) => k >= 0);
    if (grown.length === 0) return;
    raw.appender!.closeSync();
    for (const k of grown) {
      const values = rows.cols[k]!.dict!.values.slice();
      const type = await this.createEnum(raw, k, values);
      const col = sqlIdent(raw.def.columns[k]!.name);
      await this.con.run(`ALTER TABLE ${sqlIdent(raw.name)} ALTER ${col} SET DATA TYPE ${type} USING ${col}::VARCHAR::${type}`);
      raw.enumSize[k] = values.length;
    }
    await this.openAppender(raw);
  }

  /** Waits for queued rows; throws what went wrong writing them. */
  async settle(): Promise<void> {
    while (this.draining !== null) await this.draining;
    if (this.failure) throw this.failure;
    for (const raw of this.tables.values()) raw.appender!.flushSync();
  }

  private append(raw: RawTable, rows: Rows): void {
    const chunk = raw.chunk!;
    const app = raw.appender!;
    for (let off = 0; off < rows.n; off += V) {
      const len = Math.min(V, rows.n - off);
      chunk.reset();
      for (let k = 0; k < rows.cols.length; k++) {
        const vec = duckdb.data_chunk_get_vector(chunk.chunk, k);
        fillVector(vec, rows.cols[k]!, raw.enumSize[k]!, off, len);
      }
      duckdb.data_chunk_set_size(chunk.chunk, len);
      app.appendDataChunk(chunk);
    }
  }

  /** Writes every table to dir/<table>.parquet, with a leading trace column holding traceName. */
  async copyTo(dir: string, traceName: string): Promise<void> {
    await this.settle();
    for (const raw of this.tables.values()) {
      raw.appender!.closeSync();
      raw.appender = null;
      const cols = raw.def.columns.map((c) => (c.kind === 'dict' ? `${sqlIdent(c.name)}::VARCHAR AS ${sqlIdent(c.name)}` : sqlIdent(c.name)));
      const file = `${dir}/${raw.def.name}.parquet`;
      await this.con.run(
        `COPY (SELECT ${sqlString(traceName)} AS trace, ${cols.join(', ')} FROM ${sqlIdent(raw.name)}) ` +
          `TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    }
  }

  /** Drops the tables and their types. */
  async drop(): Promise<void> {
    for (const raw of this.tables.values()) {
      raw.appender?.closeSync();
      raw.appender = null;
      await this.con.run(`DROP TABLE IF EXISTS ${sqlIdent(raw.name)}`);
    }
    const types = await this.con.runAndReadAll(`SELECT type_name FROM duckdb_types() WHERE type_name LIKE ${sqlString(this.prefix + '%')}`);
    for (const [name] of types.getRows()) await this.con.run(`DROP TYPE IF EXISTS ${sqlIdent(String(name))}`);
  }
}

/** A copy of a batch's rows (the batch is reused once write returns). */
function copyRows(b: TableBatch): Rows {
  const n = b.n;
  return {
    n,
    cols: b.cols.map((c) => ({
      def: c.def,
      num: c.num ? c.num.slice(0, n) : null,
      words: c.words ? c.words.slice(0, c.def.kind === 'u64' ? 2 * n : n) : null,
      nulls: c.nulls ? c.nulls.slice(0, n) : null,
      dict: c.dict,
      text: c.text ? c.text.slice(0, n) : null,
    })),
  };
}

/** Marks row j (of the vector being filled) NULL in the validity scratch. */
function setNull(j: number): void {
  validity[j >>> 3] = validity[j >>> 3]! & ~(1 << (j & 7));
}

/** Copies rows [off, off + len) of a column into a DuckDB vector. */
function fillVector(vec: duckdb.Vector, c: BatchColumn, enumSize: number, off: number, len: number): void {
  validity.fill(0xff);
  let nulls = false;
  const kind: ColumnDef['kind'] = c.def.kind;
  switch (kind) {
    case 'i64': {
      const src = c.num!;
      for (let j = 0; j < len; j++) {
        const v = src[off + j]!;
        if (v !== v) {
          nulls = true;
          setNull(j);
          words[2 * j] = 0;
          words[2 * j + 1] = 0;
          continue;
        }
        const hi = Math.floor(v / TWO32);
        words[2 * j] = v - hi * TWO32;
        words[2 * j + 1] = hi;
      }
      duckdb.copy_data_to_vector(vec, 0, words.buffer, 0, 8 * len);
      break;
    }
    case 'i32': {
      const src = c.num!;
      for (let j = 0; j < len; j++) {
        const v = src[off + j]!;
        if (v !== v) {
          nulls = true;
          setNull(j);
          ints[j] = 0;
        } else ints[j] = v;
      }
      duckdb.copy_data_to_vector(vec, 0, ints.buffer, 0, 4 * len);
      break;
    }
    case 'u64': {
      const src = c.words!;
      const nl = c.nulls!;
      for (let j = 0; j < len; j++) {
        if (nl[off + j]) {
          nulls = true;
          setNull(j);
        }
      }
      duckdb.copy_data_to_vector(vec, 0, src.buffer as ArrayBuffer, src.byteOffset + 8 * off, 8 * len);
      break;
    }
    case 'bool': {
      const src = c.words!;
      for (let j = 0; j < len; j++) bytes[j] = src[off + j]! ? 1 : 0;
      duckdb.copy_data_to_vector(vec, 0, bytes.buffer, 0, len);
      break;
    }
    case 'dict': {
      const src = c.words!;
      const width = enumWidth(enumSize);
      const out = width === 1 ? bytes : width === 2 ? shorts : uints;
      for (let j = 0; j < len; j++) {
        const v = src[off + j]!;
        if (v === NULL_CODE) {
          nulls = true;
          setNull(j);
          out[j] = 0;
        } else out[j] = v;
      }
      duckdb.copy_data_to_vector(vec, 0, out.buffer, 0, width * len);
      break;
    }
    case 'text': {
      const src = c.text!;
      for (let j = 0; j < len; j++) {
        const v = src[off + j];
        if (v == null) {
          nulls = true;
          setNull(j);
        } else duckdb.vector_assign_string_element(vec, j, v);
      }
      break;
    }
  }
  if (nulls) {
    duckdb.vector_ensure_validity_writable(vec);
    duckdb.copy_data_to_vector_validity(vec, 0, validity.buffer, 0, Math.ceil(len / 64) * 8);
  }
}
