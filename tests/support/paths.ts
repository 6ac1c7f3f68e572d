// Where the tests find things: the repo root, the shared corpus beside it, and Go's installed source.

import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = resolve(REPO, '../shared/corpus');
export const GO_SRC = '/usr/lib/go-1.26/src';
export const FIXTURES = join(REPO, 'fixtures');

export interface TraceCase {
  /** e.g. "go1.26/annotations" */
  label: string;
  version: string;
  name: string;
  trace: string;
  golden: string;
}

/** Every trace of a trace tree (traces/<ver>/<name>.trace with golden/<ver>/<name>/ beside). */
export function traceCases(root: string, versions?: (v: string) => boolean): TraceCase[] {
  const tracesDir = join(root, 'traces');
  if (!existsSync(tracesDir)) return [];
  const out: TraceCase[] = [];
  for (const version of readdirSync(tracesDir).sort()) {
    if (versions && !versions(version)) continue;
    const dir = join(tracesDir, version);
    if (!existsSync(dir) || !version.startsWith('go')) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.trace')) continue;
      const name = f.slice(0, -'.trace'.length);
      out.push({ label: `${version}/${name}`, version, name, trace: join(dir, f), golden: join(root, 'golden', version, name) });
    }
  }
  return out;
}

export function isV1(version: string): boolean {
  return !isV2(version);
}

export function isV2(version: string): boolean {
  const minor = Number(version.replace(/^go1\./, ''));
  return minor >= 22;
}
