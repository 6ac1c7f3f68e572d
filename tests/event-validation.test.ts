// Every trace we have, validated as Go's test harness validates its reader's events
// (tests/support/validate): the shared corpus, our fixtures and Go's own old-format test traces.
//
// The verdict must be Go's: tests/data/go-validation.tsv holds what Go 1.26's reader and
// testtrace validator said of each file (tests/data/gen/run.sh go-validation). A trace Go finds
// valid must be valid here; where Go's harness rejects events of its own reader's output (old
// Go 1.19/1.21 traces with blocking syscalls, whose conversion gives a goroutine a thread another
// one still holds), ours must reject the very same events, since our events equal Go's.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { validateStore, describeProblems } from './support/validate/index.js';
import { CORPUS, FIXTURES, GO_SRC, REPO, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

interface GoVerdict {
  sha256: string;
  events: number;
  /** "index:rules broken" per rejected event, or "-". */
  invalid: string;
  readerError: string;
}

const GOLDEN = join(REPO, 'tests/data/go-validation.tsv');
const goVerdicts = new Map<string, GoVerdict>();
for (const line of readFileSync(GOLDEN, 'utf8').split('\n')) {
  if (line === '' || line.startsWith('#')) continue;
  const [label, sha256, events, invalid, readerError] = line.split('\t');
  goVerdicts.set(label!, { sha256: sha256!, events: Number(events), invalid: invalid!, readerError: readerError! });
}

const GO_V1_TESTDATA = join(GO_SRC, 'internal/trace/internal/tracev1/testdata');
const cases = [
  ...traceCases(CORPUS).map((c) => ({ label: `corpus/${c.label}`, trace: c.trace })),
  ...traceCases(FIXTURES).map((c) => ({ label: `fixtures/${c.label}`, trace: c.trace })),
  ...readdirSync(GO_V1_TESTDATA).sort().map((f) => ({ label: `go-src/${f}`, trace: join(GO_V1_TESTDATA, f) })),
];

describe("event validation (Go's testtrace rules), with Go's verdicts", () => {
  itRunsCases('traces (88 corpus, 58 fixtures, 12 of Go)', cases.length, 158);
  it('the Go verdicts cover exactly these traces', () => {
    expect([...goVerdicts.keys()].sort()).toEqual(cases.map((c) => c.label).sort());
  });
  for (const c of cases) {
    it(c.label, () => {
      const bytes = readFileSync(c.trace);
      const go = goVerdicts.get(c.label);
      expect(go, `${c.label} has no Go verdict: run bash tests/data/gen/run.sh --write go-validation`).toBeDefined();
      expect(createHash('sha256').update(bytes).digest('hex'), `${c.label} changed since its Go verdict: run bash tests/data/gen/run.sh --write go-validation`).toBe(go!.sha256);
      const store = parseTrace(bytes);
      expect(store.error?.message ?? '-').toBe(go!.readerError);
      expect(store.count).toBe(go!.events);
      const problems = validateStore(store);
      const perEvent = new Map<number, number>();
      for (const p of problems) perEvent.set(p.index, (perEvent.get(p.index) ?? 0) + 1);
      const ours = [...perEvent].map(([i, n]) => `${i}:${n}`).join(',') || '-';
      if (go!.invalid === '-') expect(problems, describeProblems(problems)).toEqual([]);
      else expect(ours, `Go's harness rejects other events than ours; ours: ${describeProblems(problems, 5)}`).toBe(go!.invalid);
    });
  }
  it('only old-format (Go 1.19/1.21) traces have events Go rejects', () => {
    const rejected = [...goVerdicts].filter(([, v]) => v.invalid !== '-').map(([label]) => label);
    expect(rejected.length).toBeGreaterThan(0);
    for (const label of rejected) expect(label).toMatch(/^(corpus|fixtures)\/go1\.(19|21)\//);
  });
});
