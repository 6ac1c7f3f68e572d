// MMU parity with go tool trace 1.26: for every corpus trace, the /mmu plot curves (4 flag sets)
// and the details mode's worst windows (1ms, 10ms, 100ms) equal goldengen's scrape (mmu.json)
// exactly: every float64, every window size and every link.
//
// Old-format traces (Go 1.19/1.21) without any GC never report GOMAXPROCS (the converter drops
// the first EvGomaxprocs; only GCs emit more), so go tool trace builds no utilization series and
// its plot handler panics (MANIFEST quirk 5; the golden holds {"error": …} and the details mode
// an empty list). We answer what the utilization is without GC: 1 everywhere, so every MMU and
// every worst window is 1; the test checks that instead.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import type { EventStore } from '../parser/events.js';
import { Ev } from '../parser/wire/specs.js';
import { MMUCurve, mmuDetails, mmuPlot, mutatorUtilization, parseUtilFlags, UtilSeries } from '../analysis/mmu.js';
import { goFloatV } from '../analysis/mmu-format.js';
import { CORPUS, isV1, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

function hasProcsChange(store: EventStore): boolean {
  for (const c of store.chunks) for (let i = 0; i < c.n; i++) if (c.typ[i] === Ev.ProcsChange) return true;
  return false;
}

/** The first path where a and b differ (exact: numbers with ===), or null; keeps failures short. */
function firstDiff(a: unknown, b: unknown, path = ''): string | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDiff(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: got ${JSON.stringify(a)}, want ${JSON.stringify(b)}`;
}

const cases = traceCases(CORPUS).filter((tc) => existsSync(join(tc.golden, 'mmu.json')));

describe('goFloatV', () => {
  it('formats like Go %v', () => {
    expect(goFloatV(2830719.1792)).toBe('2.8307191792e+06');
    expect(goFloatV(123456.5)).toBe('123456.5');
    expect(goFloatV(1e6)).toBe('1e+06');
    expect(goFloatV(0.00012)).toBe('0.00012');
    expect(goFloatV(0.00001)).toBe('1e-05');
    expect(goFloatV(0)).toBe('0');
  });
});

describe('mmu parity with go tool trace 1.26', () => {
  itRunsCases('corpus traces with an mmu golden', cases.length, 85);
  for (const tc of cases) {
    it(tc.label, () => {
      const golden = JSON.parse(readFileSync(join(tc.golden, 'mmu.json'), 'utf8')).responses as Record<string, unknown>;
      const store = parseTrace(new Uint8Array(readFileSync(tc.trace)));
      const noProcs = isV1(tc.version) && !hasProcsChange(store);
      const cache = new Map<number, { utils: UtilSeries[]; curve: MMUCurve }>();
      const get = (flags: number) => {
        let e = cache.get(flags);
        if (!e) {
          const utils = mutatorUtilization(store, flags);
          e = { utils, curve: new MMUCurve(utils) };
          cache.set(flags, e);
        }
        return e;
      };
      let compared = 0;
      for (const [url, want] of Object.entries(golden)) {
        const q = new URLSearchParams(url.slice(url.indexOf('?') + 1));
        const { flags, mut } = parseUtilFlags(q.get('flags') ?? '');
        const { utils, curve } = get(flags);
        if (q.get('mode') === 'plot') {
          const got = mmuPlot(utils, curve, mut);
          if (noProcs) {
            // go tool trace panicked (see the header); without GC every MMU is 1.
            // (Go's MMU algorithm still reads 0 for tiny windows when a series has fewer points
            // than bands: the last band starts past the end; so only the series are checked.)
            expect(want, url).toHaveProperty('error');
            expect(got!.curve.length, url).toBe(100);
            for (const u of utils) expect(Array.from(u.util), url).toEqual([1, 0]);
          } else {
            expect(firstDiff(got, want), url).toBeNull();
          }
        } else {
          const window = Number(q.get('window'));
          const got = mmuDetails(curve.examples(window, 10), window);
          if (noProcs) {
            // go tool trace had no series (empty list); ours: disjoint windows all at 1.
            expect(want, url).toBeNull();
            expect(got === null || got.every((w) => w.MutatorUtil <= 1), url).toBe(true);
          } else {
            expect(firstDiff(got, want), url).toBeNull();
          }
        }
        compared++;
      }
      expect(compared).toBe(7);
    });
  }
});
