// Go's own parser conformance suite (internal/trace/testdata/tests/*.test from the installed
// Go 1.26 source), run as Go's TestReaderGolden runs it: each text-format trace must get the
// outcome Go expects, success or a matching error, and every event read (before the error, if
// one is expected) must pass the event validator (tests/support/validate, Go's testtrace rules);
// plus the sync-event times Go's reader tests check.

import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConformanceTest, checkExpectation } from './support/text/index.js';
import { parseTrace, TraceError, EventStore } from '../parser/index.js';
import { Kind, TYPE_KIND } from '../parser/events.js';
import { GO_SRC } from './support/paths.js';
import { itRunsCases } from './support/counts.js';
import { validateStore, describeProblems } from './support/validate/index.js';

const DIR = join(GO_SRC, 'internal/trace/testdata/tests');

function outcome(bytes: Uint8Array): { store: EventStore | null; error: Error | null } {
  try {
    const store = parseTrace(bytes);
    return { store, error: store.error };
  } catch (e) {
    if (e instanceof TraceError) return { store: null, error: e };
    throw e;
  }
}

describe("Go's conformance suite", () => {
  it('is installed', () => {
    expect(existsSync(DIR), `${DIR} is missing: run sudo bash scripts/install-go.sh 1.26`).toBe(true);
  });
  const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.test')).sort() : [];
  itRunsCases('conformance tests of Go 1.26', files.length, 22);
  for (const f of files) {
    it(f, () => {
      const t = loadConformanceTest(join(DIR, f));
      const { store, error } = outcome(t.bytes);
      const problem = checkExpectation(t.expect, error);
      expect(problem, problem ?? '').toBeNull();
      // Every file of the suite has a valid header and events before any error it expects.
      expect(store?.count ?? 0, 'no events read to validate').toBeGreaterThan(0);
      const invalid = validateStore(store!);
      expect(invalid, describeProblems(invalid)).toEqual([]);
    });
  }

  // Go's TestTraceGenSync: the times of the reader's sync events and their clock snapshots.
  const syncCases: Record<string, { time: number; clock?: { trace: number; mono: number; wall: string } }[]> = {
    'go123-sync.test': [{ time: 10 }, { time: 40 }, { time: 60 }, { time: 63 }],
    'go125-sync.test': [
      { time: 9, clock: { trace: 10, mono: 99, wall: '2025-02-28T15:04:09.000000123Z' } },
      { time: 38, clock: { trace: 40, mono: 199, wall: '2025-02-28T15:04:10.000000123Z' } },
      { time: 58, clock: { trace: 60, mono: 299, wall: '2025-02-28T15:04:11.000000123Z' } },
      { time: 83 },
    ],
  };
  for (const [f, want] of Object.entries(syncCases)) {
    it(`${f}: sync times and clock snapshots`, () => {
      const { store, error } = outcome(loadConformanceTest(join(DIR, f)).bytes);
      expect(error).toBeNull();
      const got: { time: number; clock?: { trace: number; mono: number; wall: string } }[] = [];
      for (const c of store!.chunks) {
        for (let i = 0; i < c.n; i++) {
          if (TYPE_KIND[c.typ[i]!] !== Kind.Sync) continue;
          const info = store!.syncs[c.sync(c.arg(i, 0))]!;
          const e: (typeof got)[number] = { time: c.timeAt(i) };
          if (info.clockTrace !== null) {
            const ms = info.sec * 1000;
            const wall = new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.' + String(info.nsec).padStart(9, '0') + 'Z');
            e.clock = { trace: info.clockTrace, mono: info.mono, wall };
          }
          got.push(e);
        }
      }
      expect(got).toEqual(want);
    });
  }
});
