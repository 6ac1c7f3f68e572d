// The export tests' DuckDB and a temporary directory for their Parquet files: opened before the
// tests of the file (or describe block) that asks, closed and removed after them.

import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportDb, openExportDb } from '../../server/export-trace.js';

export interface ExportFixture {
  readonly db: ExportDb;
  /** A fresh temporary directory, removed after the tests. */
  readonly dir: string;
}

/** Registers the hooks; the fields read once the tests run. `prefix` names the directory. */
export function useExportDb(prefix: string): ExportFixture {
  let db: ExportDb | null = null;
  let dir = '';
  beforeAll(async () => {
    db = await openExportDb();
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get db(): ExportDb {
      if (db === null) throw new Error('the export DuckDB is open only while the tests run');
      return db;
    },
    get dir(): string {
      return dir;
    },
  };
}
