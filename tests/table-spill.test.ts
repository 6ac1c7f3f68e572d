// The export's row spill (server/table-spill.ts) and its Parquet writer (server/parquet-tables.ts):
// rows written through the packed blocks come back from the Parquet files exactly. Blocks are
// made to take every packing: differences of 1, 2 and 4 bytes, a constant column, a column all
// NULL, values spanning 2^32 or more (int64 words), negatives, values at and past 2^53, uint64
// words, booleans, text, and dict codes stored 1 byte wide before the dictionary outgrew 256
// values and 2 bytes after (DuckDB's ENUM then takes 2-byte codes for every block).

import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { TableBatch } from '../analysis/export/table-batch.js';
import { TABLES, TableDef } from '../analysis/export/table-schema.js';
import { TableSpill } from '../server/table-spill.js';
import { writeParquetTables } from '../server/parquet-tables.js';
import { useExportDb } from './support/export-db.js';

const TWO32 = 4294967296;
const TWO53 = 9007199254740992;

const fx = useExportDb('prof-trace-spill-test-');

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / TWO32;
  };
}

const def = (name: string): TableDef => TABLES.find((t) => t.name === name)!;

/** A value as DuckDB hands it back: integers as bigint, NULL as null. */
const asRead = (v: number | null): bigint | null => (v === null || Number.isNaN(v) ? null : BigInt(v));

describe('table spill', () => {
  it('gives back every value of every packing', async () => {
    const spill = new TableSpill(mkdtempSync(join(fx.dir, 'rows-')));
    const random = rng(7);
    // transitions: i32 gen, i64 time/goid, dict from/to/reason, nullable i64 stack/by/m, nullable i32 p.
    const tr = new TableBatch(def('transitions'), spill, 3000);
    const expected: unknown[][] = [];
    // Per block: how its integer columns spread (base, spread; NaN spread = all NULL).
    const shapes: { base: number; spread: number; nulls: number }[] = [
      { base: 1e15, spread: 200, nulls: 0 }, // 1-byte differences
      { base: 1e15, spread: 60000, nulls: 0.1 }, // 2-byte
      { base: 5e12, spread: 4e9, nulls: 0.3 }, // 4-byte
      { base: -(2 ** 40), spread: 2 ** 41, nulls: 0.5 }, // int64 words, negatives
      { base: TWO53 - 100, spread: 100, nulls: 0 }, // up to 2^53, packed
      { base: TWO53 - 6, spread: 8, nulls: 0 }, // past 2^53 (even values, exact as doubles): int64 words
      { base: 42, spread: 0, nulls: 0 }, // constant
      { base: 0, spread: NaN, nulls: 1 }, // all NULL where nullable
      { base: -3, spread: 70000, nulls: 0.05 }, // negative base, 4-byte
    ];
    const reasons = tr.dict('reason');
    let extra = 0;
    for (const [b, shape] of shapes.entries()) {
      const rows = b === 2 ? 2048 : 1000 + Math.floor(random() * 2000); // one block of exactly one vector
      for (let i = 0; i < rows; i++) {
        const r = tr.row();
        const pick = () => {
          if (Number.isNaN(shape.spread)) return shape.base;
          const v = shape.base + Math.floor(random() * (shape.spread + 1));
          return v > TWO53 ? v - (v % 2) : v;
        };
        const nullable = () => (random() < shape.nulls ? NaN : pick());
        // Past block 4 the reason dictionary has grown past 256 values.
        const reason = b >= 4 && random() < 0.5 ? reasons.code(`reason ${extra++}`) : Math.floor(random() * 5);
        const row = {
          gen: b === 6 ? 9 : (shape.base % 1000) + Math.floor(random() * (Number.isNaN(shape.spread) ? 1 : 300)),
          time_ns: pick(),
          goid: pick(),
          from: Math.floor(random() * 6),
          to: Math.floor(random() * 6),
          reason,
          stack_id: Number.isNaN(shape.spread) ? NaN : nullable(),
          by_goid: Number.isNaN(shape.spread) ? NaN : nullable(),
          p: Number.isNaN(shape.spread) ? NaN : random() < shape.nulls ? NaN : Math.floor(random() * 300) - 150,
          m: Number.isNaN(shape.spread) ? NaN : nullable(),
        };
        tr.num('gen')[r] = row.gen;
        tr.num('time_ns')[r] = row.time_ns;
        tr.num('goid')[r] = row.goid;
        tr.words('from')[r] = row.from;
        tr.words('to')[r] = row.to;
        tr.words('reason')[r] = row.reason;
        tr.num('stack_id')[r] = row.stack_id;
        tr.num('by_goid')[r] = row.by_goid;
        tr.num('p')[r] = row.p;
        tr.num('m')[r] = row.m;
        expected.push([
          asRead(row.gen), asRead(row.time_ns), asRead(row.goid), tr.dict('from').values[row.from], tr.dict('to').values[row.to],
          reasons.values[row.reason], asRead(row.stack_id), asRead(row.by_goid), asRead(row.p), asRead(row.m),
        ]);
      }
      tr.flush();
    }
    expect(reasons.size).toBeGreaterThan(256);

    // gc: u64 words (nullable), booleans; logs: text (nullable), i64 and i32 columns.
    const gc = new TableBatch(def('gc'), spill, 3000);
    const gcExpected: unknown[][] = [];
    for (let i = 0; i < 4000; i++) {
      const r = gc.row();
      const hi = Math.floor(random() * TWO32);
      const lo = Math.floor(random() * TWO32);
      const isNull = random() < 0.2;
      gc.words('bytes_swept')[2 * r] = lo;
      gc.words('bytes_swept')[2 * r + 1] = hi;
      gc.nulls('bytes_swept')[r] = isNull ? 1 : 0;
      gc.words('bytes_reclaimed')[2 * r] = 0;
      gc.words('bytes_reclaimed')[2 * r + 1] = 0;
      gc.nulls('bytes_reclaimed')[r] = 1;
      gc.words('began_in_trace')[r] = i % 3 === 0 ? 1 : 0;
      gc.words('kind')[r] = i % 4;
      gc.words('name')[r] = gc.dict('name').code(`gc range ${i % 7}`);
      gc.num('start_ns')[r] = 1e9 + i;
      gc.num('end_ns')[r] = 1e9 + 2 * i;
      gc.num('goid')[r] = NaN;
      gc.num('p')[r] = i % 5;
      gc.num('stack_id')[r] = i;
      gcExpected.push([isNull ? null : (BigInt(hi) << 32n) | BigInt(lo), null, i % 3 === 0]);
    }
    gc.flush();
    const logs = new TableBatch(def('logs'), spill, 3000);
    const logsExpected: unknown[][] = [];
    for (let i = 0; i < 2500; i++) {
      const r = logs.row();
      for (const c of def('logs').columns) {
        if (c.kind === 'i64' || c.kind === 'i32') logs.num(c.name)[r] = c.nullable && i % 2 ? NaN : i;
      }
      const message = i % 9 === 0 ? `message ${i} ünïcode` : `m${i}`;
      logs.text('category')[r] = `c${i % 4}`;
      logs.text('message')[r] = message;
      logsExpected.push([BigInt(i), `c${i % 4}`, message]);
    }
    logs.flush();
    await spill.drain();

    const out = mkdtempSync(join(fx.dir, 'parquet-'));
    await writeParquetTables(fx.db.instance, spill, out, 'spill-test');
    spill.close();
    const read = async (table: string, cols: string) =>
      (await fx.db.con.runAndReadAll(`SELECT ${cols} FROM read_parquet('${join(out, table)}.parquet', file_row_number = true) ORDER BY file_row_number`)).getRows();

    const got = await read('transitions', 'gen, time_ns, goid, "from", "to", reason, stack_id, by_goid, p, m');
    expect(got.length).toBe(expected.length);
    const wrong: string[] = [];
    for (let i = 0; i < expected.length && wrong.length < 10; i++) {
      const e = expected[i]!.map((v) => (typeof v === 'bigint' ? v.toString() : v));
      const g = got[i]!.map((v) => (typeof v === 'bigint' || typeof v === 'number' ? BigInt(v).toString() : v));
      if (JSON.stringify(e) !== JSON.stringify(g)) wrong.push(`row ${i}: ${JSON.stringify(g)} != ${JSON.stringify(e)}`);
    }
    expect(wrong).toEqual([]);
    expect(await read('gc', 'bytes_swept, bytes_reclaimed, began_in_trace')).toEqual(gcExpected);
    const gotLogs = await read('logs', 'gen, category, message');
    expect(gotLogs.map((r) => [BigInt(r[0] as number), r[1], r[2]])).toEqual(logsExpected);
  });
});
