// `prof-trace query 'SQL' TRACE|DIR…`: SQL on an embedded DuckDB over the tables of
// docs/tables.md, one view per table across every trace named. A trace file (or URL, or -) is
// exported to the cache first (trace-cache.ts; reused next time); a directory is read as it is:
// one exported trace (DIR/goroutines.parquet) or a directory of them (DIR/*/goroutines.parquet).
// `prof-trace query --schema` prints the tables and columns. A bad query is DuckDB's message, exit 1.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { TABLES, allColumns, sqlType } from '../analysis/export/table-schema.js';
import { cachedExportDir } from './trace-cache.js';
import { openExportDb } from './export-trace.js';
import { UsageError, exportWithProgress, flagValue, traceFile } from './export-command.js';
import { formatResult, QUERY_FORMATS, QueryFormat } from './query-output.js';
import { isTraceUrl } from './fetch-trace.js';
import { sqlString } from './parquet-tables.js';

type Fail = (message: string, code?: number) => never;

export const QUERY_USAGE = `Usage: prof-trace query [--format=table|csv|json] 'SQL' TRACE|DIR...
       prof-trace query --schema

Runs SQL (DuckDB's dialect) over the tables of the traces named, one view per table
(goroutines, transitions, spans, stacks, frames, tasks, regions, logs, gc, metrics,
cpu_samples, procs, traces), each with a trace column. A TRACE (file, URL or -) is exported
to the cache first (${'$'}XDG_CACHE_HOME/prof-trace or ~/.cache/prof-trace) and reused next time;
a DIR is a directory written by prof-trace export (or one trace's directory in it).
Output: an aligned table on a terminal, CSV otherwise (--format to choose).

Example:
  prof-trace query "select trace, max(end_ns - start_ns) / 1e6 as max_wait_ms
    from spans where state = 'Runnable' group by trace order by 2 desc" exported/
`;

/** The text of query --schema: every table, its meaning, its columns. */
export function schemaText(): string {
  let s = '';
  for (const t of TABLES) {
    s += `${t.name}: ${t.doc}\n`;
    const cols = allColumns(t);
    const w = Math.max(...cols.map((c) => c.name.length));
    const tw = Math.max(...cols.map((c) => sqlType(c).length));
    for (const c of cols) s += `  ${c.name.padEnd(w)}  ${sqlType(c).padEnd(tw)}  ${c.doc}\n`;
    s += '\n';
  }
  return s;
}

/** The exported trace directories a directory argument holds. */
function exportedDirs(dir: string, fail: Fail): string[] {
  if (existsSync(join(dir, 'goroutines.parquet'))) return [dir];
  const found = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(join(dir, e.name, 'goroutines.parquet')))
    .map((e) => join(dir, e.name))
    .sort();
  if (found.length === 0) fail(`${dir} holds no exported traces (no ${join(dir, 'goroutines.parquet')} nor ${join(dir, '*', 'goroutines.parquet')}); export traces with prof-trace export, or name trace files`);
  return found;
}

/** DuckDB's message for a failed statement, on one line. */
export function duckdbMessage(e: unknown): string {
  const first = String((e as Error).message ?? e).split('\n').find((l) => l.trim() !== '') ?? 'query failed';
  return first.trim();
}

export async function runQuery(argv: string[], out: (s: string) => void, fail: Fail): Promise<void> {
  let format: QueryFormat | undefined;
  let schema = false;
  const pos: string[] = [];
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (arg === '--') {
        pos.push(...argv.slice(i + 1));
        break;
      }
      if (arg === '-' || !arg.startsWith('-') || pos.length === 0 && !/^--?[a-z]/.test(arg)) {
        pos.push(arg);
        continue;
      }
      const name = arg.replace(/^--?/, '').split('=')[0]!;
      if (name === 'h' || name === 'help') {
        out(QUERY_USAGE);
        return;
      } else if (name === 'schema') schema = true;
      else if (name === 'format') {
        const { value, next } = flagValue(argv, i, arg);
        i = next;
        if (!QUERY_FORMATS.includes(value as QueryFormat)) throw new UsageError(`unknown format ${value}, want one of: ${QUERY_FORMATS.join(', ')}`);
        format = value as QueryFormat;
      } else throw new UsageError(`flag provided but not defined: ${arg}`);
    }
    if (schema) {
      out(schemaText());
      return;
    }
    if (pos.length === 0) throw new UsageError('missing SQL query');
    if (pos.length === 1) throw new UsageError('missing trace file or directory');
  } catch (e) {
    if (e instanceof UsageError) fail(`${e.message}\n${QUERY_USAGE}`.trimEnd(), 2);
    throw e;
  }
  const [sql, ...inputs] = pos as [string, ...string[]];

  // Every input as exported trace directories (trace files go through the cache).
  const dirs: string[] = [];
  let db: Awaited<ReturnType<typeof openExportDb>> | null = null;
  try {
    for (const input of inputs) {
      if (input !== '-' && !isTraceUrl(input) && existsSync(input) && statSync(input).isDirectory()) {
        dirs.push(...exportedDirs(input, fail));
        continue;
      }
      const path = await traceFile(input, fail);
      const { dir, cached } = await cachedExportDir(path);
      if (!cached) {
        db ??= await openExportDb();
        await exportWithProgress(db, path, dir, basename(path), fail);
      }
      dirs.push(dir);
    }
  } finally {
    db?.close();
  }

  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    for (const t of TABLES) {
      const files = dirs.map((d) => sqlString(join(d, `${t.name}.parquet`))).join(', ');
      await con.run(`CREATE VIEW ${t.name} AS SELECT * FROM read_parquet([${files}], union_by_name = true)`);
    }
    let reader;
    try {
      reader = await con.runAndReadAll(sql);
    } catch (e) {
      fail(duckdbMessage(e));
    }
    const fmt = format ?? (process.stdout.isTTY ? 'table' : 'csv');
    out(formatResult(reader.columnNames(), reader.getRows() as unknown[][], fmt));
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
