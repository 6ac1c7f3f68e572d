// The cache of exported traces `prof-trace query` reads when given trace files:
// $XDG_CACHE_HOME/prof-trace (else ~/.cache/prof-trace)/tables-<schema>/<sha256 of the file>/<name>/.
// Keyed by the file's content (and name, which the tables' trace column holds) and by the table
// schema, so a changed trace or a new prof-trace exports again; anything else is reused.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { TABLES } from '../analysis/export/table-schema.js';

export function cacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'prof-trace');
}

/** A short fingerprint of the table schema: exports made by another schema are not reused. */
export function schemaKey(): string {
  return createHash('sha256').update(JSON.stringify(TABLES)).digest('hex').slice(0, 12);
}

export async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Where the export of the trace file at path lives in the cache, and whether it is there. */
export async function cachedExportDir(path: string, name = basename(path)): Promise<{ dir: string; cached: boolean }> {
  const dir = join(cacheRoot(), `tables-${schemaKey()}`, await fileSha256(path), name);
  return { dir, cached: existsSync(join(dir, 'goroutines.parquet')) };
}
