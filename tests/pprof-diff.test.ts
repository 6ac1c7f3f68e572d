// prof-trace -pprof=TYPE -diff_base=A B: one profile with B's samples and A's negated, labelled
// pprof::base=true, as go tool pprof -diff_base builds it. Per stack the values are B's minus
// A's (-pprof of each, on corpus traces of two Go versions); a trace against itself nets to zero
// on every stack; and Go's pprof reads the file as it reads -diff_base=A B.

import { gunzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Profile } from 'pprof-format';
import { spawnSync } from 'node:child_process';
import { REPO, corpusPath } from './support/paths.js';
import { runCli } from './support/cli.js';
import { goPprof } from './support/go-pprof.js';

const dir = mkdtempSync(join(tmpdir(), 'prof-trace-diff-'));

/** Runs the CLI capturing binary stdout. */
function pprofBytes(args: string[]): Buffer {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), ...args], { maxBuffer: 1 << 28 });
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout;
}

interface Decoded {
  /** Per stack ("func file:line" frames, leaf first) and side: summed values. */
  byStack: Map<string, { values: number[]; base: boolean }[]>;
  sampleTypes: string[];
}

function decode(bytes: Buffer): Decoded {
  const p = Profile.decode(gunzipSync(bytes));
  const s = (i: number | bigint) => p.stringTable.strings[Number(i)]!;
  const fns = new Map(p.function.map((f) => [Number(f.id), f]));
  const locs = new Map(p.location.map((l) => [Number(l.id), l]));
  const byStack = new Map<string, { values: number[]; base: boolean }[]>();
  for (const smp of p.sample) {
    const key = smp.locationId
      .map((id) => {
        const ln = locs.get(Number(id))!.line[0]!;
        const fn = fns.get(Number(ln.functionId))!;
        return `${s(fn.name)} ${s(fn.filename)}:${ln.line}`;
      })
      .join('\n');
    const base = smp.label.some((l) => s(l.key) === 'pprof::base' && s(l.str) === 'true');
    const list = byStack.get(key) ?? [];
    // int64 values come back unsigned: read them as two's complement.
    list.push({ values: smp.value.map((v) => Number(BigInt.asIntN(64, BigInt(v)))), base });
    byStack.set(key, list);
  }
  return { byStack, sampleTypes: p.sampleType.map((t) => `${s(t.type)}/${s(t.unit)}`) };
}

/** Per stack, the sum of the values (sample type index vi). */
function sums(d: Decoded, vi: number, sign = 1): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, list] of d.byStack) out.set(k, list.reduce((a, x) => a + x.values[vi]!, 0) * sign);
  return out;
}

const PAIRS: [string, string, string][] = [
  ['go1.23/http-load', 'go1.26/http-load', 'sync'],
  ['go1.22/mutex-contention', 'go1.26/mutex-contention', 'sync'],
  ['go1.21/http-load', 'go1.26/http-load', 'sched'],
];

describe('-pprof -diff_base', () => {
  it.each(PAIRS)('%s -> %s (%s): per stack B − A; base samples labelled; go tool pprof agrees', (a, b, kind) => {
    const A = corpusPath(`traces/${a}.trace`);
    const B = corpusPath(`traces/${b}.trace`);
    const diffBytes = pprofBytes([`-pprof=${kind}`, `-diff_base=${A}`, B]);
    const aBytes = pprofBytes([`-pprof=${kind}`, A]);
    const bBytes = pprofBytes([`-pprof=${kind}`, B]);
    const diff = decode(diffBytes);
    const da = decode(aBytes);
    const db = decode(bBytes);
    expect(diff.sampleTypes).toEqual(db.sampleTypes);
    // Every base sample is negative and labelled; every FILE sample positive and unlabelled.
    let baseSamples = 0;
    for (const list of diff.byStack.values()) {
      for (const x of list) {
        if (x.base) baseSamples++;
        for (const v of x.values) expect(x.base ? v <= 0 : v >= 0).toBe(true);
      }
    }
    expect(baseSamples).toBe([...da.byStack.values()].reduce((n, l) => n + l.length, 0));
    for (const vi of [0, 1]) {
      const want = new Map(sums(db, vi));
      for (const [k, v] of sums(da, vi)) want.set(k, (want.get(k) ?? 0) - v);
      expect(sums(diff, vi)).toEqual(want);
      expect([...want.values()].some((v) => v !== 0)).toBe(true);
    }
    // Go's pprof: our file read alone equals its own -diff_base of the two downloads.
    const files = ['diff', 'a', 'b'].map((n) => join(dir, `${a.replace('/', '-')}-${b.replace('/', '-')}-${kind}-${n}.pb.gz`));
    writeFileSync(files[0]!, diffBytes);
    writeFileSync(files[1]!, aBytes);
    writeFileSync(files[2]!, bBytes);
    for (const si of ['contentions', 'delay']) {
      const ours = goPprof(['-top', '-unit=ns', `-sample_index=${si}`, files[0]!]);
      const theirs = goPprof(['-top', '-unit=ns', `-sample_index=${si}`, `-diff_base=${files[1]}`, files[2]!]);
      expect(ours).toContain('Showing nodes accounting for');
      expect(ours).toBe(theirs);
    }
  });

  it('a trace against itself is zero on every stack', () => {
    const B = corpusPath('traces/go1.26/http-load.trace');
    const bytes = pprofBytes(['-pprof=sync', `-diff_base=${B}`, B]);
    const d = decode(bytes);
    expect(d.byStack.size).toBeGreaterThan(3);
    for (const vi of [0, 1]) for (const v of sums(d, vi).values()) expect(v).toBe(0);
    const f = join(dir, 'self.pb.gz');
    writeFileSync(f, bytes);
    expect(goPprof(['-top', '-unit=ns', f])).toMatch(/Showing nodes accounting for 0, 0% of \d+ns total/);
  });

  it('-diff_base does not go with -d', () => {
    const r = runCli(['-d=parsed', '-diff_base=x.trace', 'y.trace']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('prof-trace: -diff_base compares profiles (-pprof) or opens both traces in the viewer; it does not go with -d');
  });

  it('a missing base is one clear error', () => {
    const r = runCli(['-pprof=sync', '-diff_base=/no/such.trace', corpusPath('traces/go1.26/http-load.trace')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('prof-trace: failed to read trace file: open /no/such.trace: no such file or directory');
  });
});
