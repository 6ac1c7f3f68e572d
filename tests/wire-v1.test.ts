// -d=wire and -d=footprint on old-format traces (Go 1.11–1.21), where go tool trace only fails:
// every byte after the header is accounted for, and the two views agree with each other.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { dumpWireV1, dumpFootprintV1 } from '../parser/v1/raw-dump.js';
import { CORPUS, FIXTURES, traceCases, isV1 } from './support/paths.js';
import { runCli } from './support/cli.js';
import { itRunsCases } from './support/counts.js';

const cases = [...traceCases(CORPUS, isV1), ...traceCases(FIXTURES, isV1)];

function collect(f: (b: Uint8Array, w: (s: string) => void) => void, bytes: Uint8Array): string {
  const parts: string[] = [];
  f(bytes, (s) => parts.push(s));
  return parts.join('');
}

describe('old-format -d=wire and -d=footprint', () => {
  itRunsCases('old-format traces (28 corpus, 19 fixtures)', cases.length, 47);
  for (const c of cases) {
    it(c.label, () => {
      const bytes = readFileSync(c.trace);
      const rows = collect(dumpFootprintV1, bytes)
        .trimEnd()
        .split('\n')
        .slice(2)
        .map((l) => l.split(/\s{2,}/));
      const byName = new Map(rows.map((r) => [r[0]!, { bytes: Number(r[1]), count: Number(r[3]) }]));
      // Every byte after the 16-byte header belongs to some event.
      expect([...byName.values()].reduce((a, r) => a + r.bytes, 0)).toBe(bytes.length - 16);
      // The wire dump lists the same events, type by type.
      const wire = collect(dumpWireV1, bytes);
      const counts = new Map<string, number>();
      for (const line of wire.split('\n')) {
        if (line === '' || line.startsWith('\t')) continue;
        const name = line.split(' ')[0]!;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      for (const [name, r] of byName) expect(counts.get(name) ?? 0, name).toBe(r.count);
      expect(byName.get('GoCreate')!.count).toBeGreaterThan(0);
    });
  }
  it('the CLI uses them for old traces', () => {
    const r = runCli(['-d=footprint', cases[0]!.trace]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Event\s+Bytes\s+%\s+Count\s+%$/);
  });
});
