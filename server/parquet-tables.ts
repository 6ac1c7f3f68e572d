// Writes the spilled tables (table-spill.ts) to Parquet with DuckDB's own writer: a table function
// hands DuckDB a table's blocks 2048 rows at a time, widened from their packed form into its
// vectors (int64 words from a base and 1-4 byte differences; codes to the ENUM's width; int64
// words, uint64 words and booleans copied as they are), and
// `COPY (SELECT <trace> AS trace, … FROM …) TO 'table.parquet'` encodes them: integer columns
// arrive typed (BIGINT, INTEGER; no cast); few-valued strings arrive as ENUM codes (their dictionary is final by then) and
// are written as dictionary-encoded strings (DuckDB writes an ENUM as a plain UTF-8 string column
// with the ENUM's values as the dictionary, about ten times faster than hashing strings; so is the
// trace column, a one-value ENUM).

import duckdb from '@duckdb/node-bindings';
import {
  BIGINT, BOOLEAN, INTEGER, DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBTableFunction, DuckDBType, DuckDBTypeId, ENUM, UBIGINT, VARCHAR,
} from '@duckdb/node-api';
import { ColumnDef, dictSeeds } from '../analysis/export/table-schema.js';
import { Block, SpilledTable, TableSpill, VECTOR, packedView } from './table-spill.js';

export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
export const sqlIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * Parquet options: zstd pages (level 1: a third faster than the default 3, 6% larger); no
 * dictionary tried on integer columns (DICTIONARY_SIZE_LIMIT 0: a third less CPU writing, 5%
 * larger; ENUM columns keep theirs); format v2 encodings (delta-packed integers: times, ids). */
export const PARQUET_OPTIONS = 'FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, PARQUET_VERSION v2, DICTIONARY_SIZE_LIMIT 0';

interface Scan {
  spill: TableSpill;
  table: SpilledTable;
  types: DuckDBType[];
}

interface ScanState {
  block: number;
  row: number;
  buf: Uint8Array;
  cur: Uint8Array | null;
}

/** Scans waiting to be read, by id (the table function's argument). */
const scans = new Map<string, Scan>();
const registered = new WeakSet<DuckDBConnection>();
let scanSeq = 0;

function columnType(c: ColumnDef, t: SpilledTable, k: number): DuckDBType {
  switch (c.kind) {
    case 'i64':
      return BIGINT;
    case 'i32':
      return INTEGER;
    case 'u64':
      return UBIGINT;
    case 'bool':
      return BOOLEAN;
    case 'dict':
      return ENUM((t.dicts[k] ?? { values: dictSeeds(c) }).values);
    case 'text':
      return VARCHAR;
  }
}

const TWO32 = 4294967296;
const codes8 = new Uint8Array(VECTOR);
const codes16 = new Uint16Array(VECTOR);
const codes32 = new Uint32Array(VECTOR);
const words = new Uint32Array(2 * VECTOR);
const ints = new Int32Array(VECTOR);
const diffs = new Uint32Array(VECTOR);

/** len packed values (1, 2 or 4 bytes each) as u32s. */
function wide(packed: Uint8Array | Uint16Array | Uint32Array, len: number): Uint32Array {
  diffs.set(packed);
  return diffs.subarray(0, len);
}

/**
 * Widens len packed differences from base into int64 words (words[0, 2*len)). The differences
 * come as u32s (wide(): TypedArray.set widens 1 or 2 bytes natively), so this loop reads one
 * array type: reading views of three (polymorphic element loads) cost a third of produce().
 */
function widen64(src: Uint32Array | null, base: number, len: number): void {
  const baseHi = Math.floor(base / TWO32);
  const baseLo = base - baseHi * TWO32;
  if (src === null) {
    for (let j = 0; j < len; j++) {
      words[2 * j] = baseLo;
      words[2 * j + 1] = baseHi;
    }
    return;
  }
  for (let j = 0; j < len; j++) {
    const lo = baseLo + src[j]!;
    if (lo < TWO32) {
      words[2 * j] = lo;
      words[2 * j + 1] = baseHi;
    } else {
      words[2 * j] = lo - TWO32;
      words[2 * j + 1] = baseHi + 1;
    }
  }
}

/** Fills the output chunk with up to 2048 rows of the scan; 0 rows ends it. */
function produce(scan: Scan, st: ScanState, out: DuckDBDataChunk): void {
  const { table, spill } = scan;
  let block: Block | undefined = table.blocks[st.block];
  while (block !== undefined && st.row >= block.n) {
    st.block++;
    st.row = 0;
    st.cur = null;
    block = table.blocks[st.block];
  }
  if (block === undefined) {
    out.rowCount = 0;
    return;
  }
  if (st.cur === null) st.cur = st.buf = spill.readBlock(table, block, st.buf);
  const buf = st.cur;
  const len = Math.min(VECTOR, block.n - st.row);
  out.rowCount = len;
  const chunk = out.chunk;
  const cols = table.def.columns;
  for (let k = 0; k < cols.length; k++) {
    const c = cols[k]!;
    const vec = duckdb.data_chunk_get_vector(chunk, k);
    const at = block.layout.data[k]!;
    const w = block.layout.width[k]!;
    if (c.kind === 'text') {
      const text = block.text[k]!;
      for (let j = 0; j < len; j++) {
        const v = text[st.row + j];
        if (v != null) duckdb.vector_assign_string_element(vec, j, v);
      }
    } else if (c.kind === 'dict') {
      // Stored codes are as wide as the dictionary was then; DuckDB's are as wide as it is now.
      const type = scan.types[k] as ReturnType<typeof ENUM>;
      const stored = packedView(buf, at + w * st.row, w, len);
      const want = type.internalTypeId === DuckDBTypeId.UTINYINT ? codes8 : type.internalTypeId === DuckDBTypeId.USMALLINT ? codes16 : codes32;
      if (stored.BYTES_PER_ELEMENT === want.BYTES_PER_ELEMENT) {
        duckdb.copy_data_to_vector(vec, 0, buf.buffer as ArrayBuffer, buf.byteOffset + at + w * st.row, w * len);
      } else {
        want.set(stored);
        duckdb.copy_data_to_vector(vec, 0, want.buffer, 0, want.BYTES_PER_ELEMENT * len);
      }
    } else if (c.kind === 'i64' && w !== 8) {
      widen64(w === 0 ? null : wide(packedView(buf, at + w * st.row, w, len), len), block.layout.base[k]!, len);
      duckdb.copy_data_to_vector(vec, 0, words.buffer, 0, 8 * len);
    } else if (c.kind === 'i32') {
      const base = block.layout.base[k]!;
      if (w === 0) ints.fill(base, 0, len);
      else {
        const src = wide(packedView(buf, at + w * st.row, w, len), len);
        for (let j = 0; j < len; j++) ints[j] = base + src[j]!;
      }
      duckdb.copy_data_to_vector(vec, 0, ints.buffer, 0, 4 * len);
    } else {
      duckdb.copy_data_to_vector(vec, 0, buf.buffer as ArrayBuffer, buf.byteOffset + at + w * st.row, w * len);
    }
    const v = block.layout.validity[k]!;
    if (v >= 0) {
      duckdb.vector_ensure_validity_writable(vec);
      duckdb.copy_data_to_vector_validity(vec, 0, buf.buffer as ArrayBuffer, buf.byteOffset + v + st.row / 8, Math.ceil(len / 64) * 8);
    }
  }
  st.row += len;
}

/** Registers the prof_trace_rows(id) table function on a connection (once). */
function register(con: DuckDBConnection): void {
  if (registered.has(con)) return;
  registered.add(con);
  con.registerTableFunction(
    DuckDBTableFunction.create({
      name: 'prof_trace_rows',
      parameterTypes: [VARCHAR],
      bindFunction: (bind) => {
        const id = String(bind.getParameter(0));
        const scan = scans.get(id);
        if (scan === undefined) {
          bind.setError(`no rows to scan: ${id}`);
          return;
        }
        scan.table.def.columns.forEach((c, k) => bind.addResultColumn(c.name, scan.types[k]!));
        bind.setBindData({ id });
      },
      initFunction: (init) => {
        init.setInitData({ block: 0, row: 0, buf: new Uint8Array(1 << 20), cur: null } satisfies ScanState);
        init.setMaxThreads(1);
      },
      mainFunction: (info, out) => {
        const { id } = info.getBindData() as { id: string };
        produce(scans.get(id)!, info.getInitData() as ScanState, out);
      },
    }),
  );
}

/**
 * Writes every spilled table to dir/<table>.parquet with a leading trace column. Tables are
 * written two at a time (largest first), each on its own connection, so both cores encode.
 */
export async function writeParquetTables(instance: DuckDBInstance, spill: TableSpill, dir: string, traceName: string): Promise<void> {
  const cons = [await instance.connect(), await instance.connect()];
  try {
    const pending = [...spill.tables.values()].sort((a, b) => b.size - a.size);
    await Promise.all(
      cons.map(async (c) => {
        register(c);
        for (let table = pending.shift(); table !== undefined; table = pending.shift()) await writeTable(c, spill, table, dir, traceName);
      }),
    );
  } finally {
    for (const c of cons) c.closeSync();
  }
}

async function writeTable(con: DuckDBConnection, spill: TableSpill, table: SpilledTable, dir: string, traceName: string): Promise<void> {
  const id = `s${scanSeq++}`;
  scans.set(id, { spill, table, types: table.def.columns.map((c, k) => columnType(c, table, k)) });
  try {
    const cols = table.def.columns.map((c) => sqlIdent(c.name));
    await con.run(
      `COPY (SELECT CAST(${sqlString(traceName)} AS ENUM(${sqlString(traceName)})) AS trace, ${cols.join(', ')} FROM prof_trace_rows(${sqlString(id)})) ` +
        `TO ${sqlString(`${dir}/${table.def.name}.parquet`)} (${PARQUET_OPTIONS})`,
    );
  } finally {
    scans.delete(id);
  }
}
