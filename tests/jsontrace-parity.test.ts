// Parity of /jsontrace?view=proc with go tool trace 1.26: on every corpus trace with a golden
// jsontrace.json.gz (44), our trace events equal go tool trace's as a multiset, event for event:
// phase, name, pid, tid, ts and dur to the nanosecond, args, flow ids, and the stacks "sf"/"esf"
// name compared by their frames' text. Also: the stack-frame table names only reachable frames
// (as many as go tool trace's), and start=/end= select traceEvents by index as go tool trace does.

import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { compareTraceEvents, describeDiff, jsonTraceText, TraceDoc } from '../analysis/jsontrace/index.js';
import { CORPUS, traceCases } from './support/paths.js';

const GOLDEN = 'jsontrace.json.gz';
const EXPECTED_CASES = 44;

const corpusPresent = existsSync(join(CORPUS, 'traces'));
const cases = corpusPresent ? traceCases(CORPUS).filter((c) => existsSync(join(c.golden, GOLDEN))) : [];
let ran = 0;

function frameIds(doc: TraceDoc): Set<string> {
  const used = new Set<string>();
  for (const ev of doc.traceEvents) {
    for (const k of ['sf', 'esf'] as const) {
      let id = ev[k] as number | undefined;
      while (id !== undefined && id !== 0 && !used.has(String(id))) {
        used.add(String(id));
        id = doc.stackFrames?.[String(id)]?.parent;
      }
    }
  }
  return used;
}

describe('/jsontrace?view=proc equals go tool trace (shared corpus goldens)', () => {
  it(`finds the shared corpus and its ${EXPECTED_CASES} jsontrace goldens`, () => {
    expect(corpusPresent, `the shared corpus is missing: expected ${CORPUS}/traces (see MANIFEST.md)`).toBe(true);
    expect(cases.length).toBe(EXPECTED_CASES);
  });

  for (const c of cases) {
    it(c.label, () => {
      const golden = JSON.parse(gunzipSync(readFileSync(join(c.golden, GOLDEN))).toString('utf8')) as TraceDoc & { displayTimeUnit: string };
      const store = parseTrace(readFileSync(c.trace));
      const text = jsonTraceText(store, { view: 'proc' });
      const ours = JSON.parse(text) as TraceDoc & { displayTimeUnit: string };
      expect(Object.keys(ours)).toEqual(Object.keys(golden));
      expect(ours.displayTimeUnit).toBe('ns');
      const d = compareTraceEvents(golden, ours);
      if (d.missing.length > 0 || d.extra.length > 0) expect.fail(`${c.label}: ${describeDiff(d)}`);
      expect(ours.traceEvents.length).toBe(golden.traceEvents.length);
      // Every frame written is reached by an event, and the tables are the same size.
      const used = frameIds(ours);
      expect(new Set(Object.keys(ours.stackFrames ?? {}))).toEqual(used);
      expect(used.size).toBe(frameIds(golden).size);
      ran++;
    });
  }

  afterAll(() => {
    // A test that quietly ran fewer cases must not pass.
    if (corpusPresent) expect(ran).toBe(EXPECTED_CASES);
  });
});

describe('/jsontrace start= and end= are indices into traceEvents', () => {
  it('keeps events start..end (inclusive) of the whole output, and every metadata event', () => {
    expect(corpusPresent, `the shared corpus is missing: expected ${CORPUS}/traces`).toBe(true);
    const store = parseTrace(readFileSync(join(CORPUS, 'traces/go1.26/annotations.trace')));
    const all = JSON.parse(jsonTraceText(store, { view: 'proc' })) as TraceDoc;
    const part = JSON.parse(jsonTraceText(store, { view: 'proc' }, 100, 299)) as TraceDoc;
    const meta = all.traceEvents.filter((e) => e.ph === 'M');
    const firstMeta = all.traceEvents.findIndex((e) => e.ph === 'M');
    expect(firstMeta).toBeGreaterThan(300);
    const want = { traceEvents: [...all.traceEvents.slice(100, 300), ...meta], stackFrames: all.stackFrames };
    expect(part.traceEvents.length).toBe(200 + meta.length);
    const d = compareTraceEvents(want, part);
    expect(describeDiff(d)).toBe(describeDiff({ missing: [], extra: [], countA: want.traceEvents.length, countB: part.traceEvents.length }));
    // Only the frames the kept events name are written.
    expect(new Set(Object.keys(part.stackFrames ?? {}))).toEqual(frameIds(part));
    expect(Object.keys(part.stackFrames ?? {}).length).toBeLessThan(Object.keys(all.stackFrames ?? {}).length);
  });
});
