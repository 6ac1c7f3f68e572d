// Parity of `-d=parsed` with go tool trace 1.26: every Go 1.22+ trace of the shared corpus and of
// our own fixtures prints byte for byte what go tool trace printed (its golden parsed.txt.gz).

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import { CORPUS, FIXTURES, traceCases, isV2 } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

const MARKER = '# ---- TRUNCATED by goldengen';

function ourDump(file: string): { text: string; error: string | null } {
  const store = parseTrace(readFileSync(file));
  const parts: string[] = [];
  dumpParsed(store, (s) => parts.push(s));
  return { text: parts.join(''), error: store.error?.message ?? null };
}

function compare(trace: string, goldenGz: string): void {
  let golden = gunzipSync(readFileSync(goldenGz)).toString('utf8');
  const { text, error } = ourDump(trace);
  const cut = golden.indexOf(MARKER);
  if (cut >= 0) {
    golden = golden.slice(0, cut);
    expect(text.slice(0, golden.length)).toBe(golden);
  } else {
    expect(error).toBeNull();
    // Compare line counts first for a readable failure, then the bytes.
    expect(text.split('\n').length).toBe(golden.split('\n').length);
    expect(text === golden).toBe(true);
  }
}

for (const [root, what] of [
  [CORPUS, 'shared corpus'],
  [FIXTURES, 'fixtures'],
] as const) {
  const cases = traceCases(root, isV2).filter((c) => existsSync(join(c.golden, 'parsed.txt.gz')));
  describe(`-d=parsed parity (${what})`, () => {
    itRunsCases(`Go 1.22+ ${what} traces with a parsed golden`, cases.length, root === CORPUS ? 60 : 39);
    for (const c of cases) {
      it(c.label, () => compare(c.trace, join(c.golden, 'parsed.txt.gz')));
    }
  });
}
