// Exports one trace file to a directory of Parquet files (docs/tables.md), streaming: the parser
// hands over a generation at a time, the table builder turns it into rows, which wait on disk
// (table-spill.ts) until DuckDB writes each table to Parquet at the end (parquet-tables.ts). The
// directory appears complete or not at all (written under a temporary name, then renamed).

import { mkdirSync, renameSync, rmSync, mkdtempSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { parseTraceFile } from '../parser/node.js';
import { EventStore } from '../parser/events.js';
import { TraceTables } from '../analysis/export/trace-tables.js';
import { TableSpill } from './table-spill.js';
import { writeParquetTables } from './parquet-tables.js';

/** An embedded DuckDB for exporting (bounded memory; it holds no tables, only writes). */
export interface ExportDb {
  instance: DuckDBInstance;
  con: DuckDBConnection;
  close(): void;
}

export async function openExportDb(opts: { memoryLimit?: string } = {}): Promise<ExportDb> {
  const spill = mkdtempSync(join(tmpdir(), 'prof-trace-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: opts.memoryLimit ?? '384MB',
    temp_directory: spill,
    preserve_insertion_order: 'true',
  });
  const con = await instance.connect();
  return {
    instance,
    con,
    close() {
      con.closeSync();
      instance.closeSync();
      rmSync(spill, { recursive: true, force: true });
    },
  };
}

export interface ExportResult {
  dir: string;
  store: EventStore;
}

/**
 * Writes the tables of the trace at path into outDir (created; replaced if it exists), each
 * with a trace column holding traceName. Throws what parseTraceFile throws for a bad trace;
 * a damaged trace exports the generations read before the damage (store.error says why).
 */
export async function exportTrace(
  db: ExportDb,
  path: string,
  outDir: string,
  traceName: string,
  onProgress?: (bytesDone: number) => void,
): Promise<ExportResult> {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const partial = mkdtempSync(join(parent, `.${basename(outDir)}.partial-`));
  const rowsDir = mkdtempSync(join(tmpdir(), 'prof-trace-rows-'));
  const sink = new TableSpill(rowsDir);
  const t0 = performance.now();
  // PROF_TRACE_EXPORT_TIMING=1: each phase's wall time and the peak RSS so far, on stderr.
  const phase = (name: string) => {
    if (process.env.PROF_TRACE_EXPORT_TIMING) {
      const cpu = process.cpuUsage();
      process.stderr.write(`\n[export] ${name} done at ${((performance.now() - t0) / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${(cpu.system / 1e6).toFixed(1)} system), max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB, blocks written synchronously ${sink.syncWrites}, ${JSON.stringify(process.memoryUsage(), (_k, v: unknown) => (typeof v === 'number' ? Math.round(v / 1048576) : v))} MiB\n`);
    }
  };
  try {
    let tables = new TraceTables(sink);
    const store = await parseTraceFile(path, {
      retain: false,
      // Building the tables keeps this thread busy: the worker orders every generation.
      steal: false,
      onProgress,
      onChunk: (s, c) => tables.feed(s, c),
      onRestart: () => {
        sink.reset();
        tables = new TraceTables(sink);
      },
    });
    tables.finish(store);
    await sink.drain();
    phase('parse+tables');
    await writeParquetTables(db.instance, sink, partial, traceName);
    phase('parquet');
    rmSync(outDir, { recursive: true, force: true });
    renameSync(partial, outDir);
    return { dir: outDir, store };
  } finally {
    await sink.drain().catch(() => undefined); // no write may be left to land on a reused fd
    sink.close();
    rmSync(partial, { recursive: true, force: true });
    rmSync(rowsDir, { recursive: true, force: true });
  }
}
