// Where the tests find things: the repo root, the shared corpus beside it, and Go's installed source.
// A test that reads the corpus fails at once, naming what is missing, when the corpus is not there
// (traceCases, requireCorpus, corpusPath): it never registers nothing and passes.

import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared corpus: ../shared/corpus beside the repo, or PROF_TRACE_CORPUS when set. */
export const CORPUS = process.env.PROF_TRACE_CORPUS ? resolve(process.env.PROF_TRACE_CORPUS) : resolve(REPO, '../shared/corpus');
export const GO_SRC = '/usr/lib/go-1.26/src';
export const FIXTURES = join(REPO, 'fixtures');

/** Throws the missing-corpus error unless the shared corpus's traces are there; returns CORPUS. */
export function requireCorpus(): string {
  if (!existsSync(join(CORPUS, 'traces'))) {
    throw new Error(
      `the shared trace corpus is missing: ${join(CORPUS, 'traces')} does not exist. ` +
        'Tests read it from ../shared/corpus beside the repo (or from $PROF_TRACE_CORPUS); without it they check nothing.',
    );
  }
  return CORPUS;
}

/** A file of the shared corpus (e.g. "traces/go1.26/timers.trace"); throws clearly if it is missing. */
export function corpusPath(rel: string): string {
  const p = join(requireCorpus(), rel);
  if (!existsSync(p)) throw new Error(`the shared corpus has no ${rel} (looked at ${p}): regenerate it or fix the test`);
  return p;
}

export interface TraceCase {
  /** e.g. "go1.26/annotations" */
  label: string;
  version: string;
  name: string;
  trace: string;
  golden: string;
}

/**
 * Every trace of a trace tree (traces/<ver>/<name>.trace with golden/<ver>/<name>/ beside).
 * Throws when the tree has no traces/ directory (the corpus or fixtures are missing).
 */
export function traceCases(root: string, versions?: (v: string) => boolean): TraceCase[] {
  if (root === CORPUS) requireCorpus();
  const tracesDir = join(root, 'traces');
  if (!existsSync(tracesDir)) throw new Error(`no traces at ${tracesDir}`);
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

/** One trace of the shared corpus by label (e.g. "go1.26/timers"); throws clearly if it is missing. */
export function corpusCase(label: string): TraceCase {
  const c = traceCases(CORPUS).find((x) => x.label === label);
  if (c === undefined) throw new Error(`the shared corpus has no trace ${label}: regenerate it or fix the test`);
  return c;
}

export function isV1(version: string): boolean {
  return !isV2(version);
}

export function isV2(version: string): boolean {
  const minor = Number(version.replace(/^go1\./, ''));
  return minor >= 22;
}
