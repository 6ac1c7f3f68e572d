// Go's math.Exp and math.Log, bit for bit: analysis/go-math.ts against what Go 1.26 on linux/amd64
// returned for the same inputs (tests/data/go-math-vectors.json.gz, written by
// tests/data/gen/go-math/main.go). The MMU plot's window sizes are trunc(exp(…)), so an ulp off
// moves a window by 1 ns.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fma, goExp, goLog } from '../analysis/go-math.js';
import { REPO } from './support/paths.js';

interface Vectors {
  go: string;
  arch: string;
  fma: boolean;
  exp: [string, string][];
  log: [string, string][];
}

const v = JSON.parse(gunzipSync(readFileSync(join(REPO, 'tests/data/go-math-vectors.json.gz'))).toString('utf8')) as Vectors;

const dv = new DataView(new ArrayBuffer(8));
function fromBits(hex: string): number {
  dv.setBigUint64(0, BigInt('0x' + hex));
  return dv.getFloat64(0);
}
function toBits(x: number): string {
  dv.setFloat64(0, x);
  return dv.getBigUint64(0).toString(16).padStart(16, '0');
}
/** Equal bits, except that any NaN equals any NaN (JS does not keep NaN payloads). */
function same(got: number, wantHex: string): boolean {
  const want = fromBits(wantHex);
  return Number.isNaN(want) ? Number.isNaN(got) : toBits(got) === wantHex;
}

function mismatches(pairs: [string, string][], f: (x: number) => number): string[] {
  const out: string[] = [];
  for (const [inHex, outHex] of pairs) {
    const x = fromBits(inHex);
    const got = f(x);
    if (!same(got, outHex)) out.push(`f(${x}) = ${got} (${toBits(got)}), Go: ${fromBits(outHex)} (${outHex})`);
  }
  return out;
}

describe("Go's math.Exp and math.Log", () => {
  it('the vectors come from Go on linux/amd64 and are many', () => {
    expect(v.arch).toBe('linux/amd64');
    expect(v.exp.length).toBeGreaterThanOrEqual(4000);
    expect(v.log.length).toBeGreaterThanOrEqual(1700);
  });

  it('goExp equals math.Exp on every vector', () => {
    const bad = mismatches(v.exp, (x) => goExp(x, v.fma));
    expect(bad.slice(0, 5), `${bad.length} of ${v.exp.length} differ`).toEqual([]);
  });

  it('goLog equals math.Log on every vector', () => {
    const bad = mismatches(v.log, goLog);
    expect(bad.slice(0, 5), `${bad.length} of ${v.log.length} differ`).toEqual([]);
  });

  it("the vectors tell Go's functions from V8's (the reason for the port)", () => {
    expect(mismatches(v.exp, Math.exp).length).toBeGreaterThan(100);
    expect(mismatches(v.log, Math.log).length).toBeGreaterThan(5);
    // and the fused path from the plain one
    expect(mismatches(v.exp, (x) => goExp(x, !v.fma)).length).toBeGreaterThan(100);
  });

  it('fma rounds once', () => {
    const e = 2 ** -52;
    // (1+e)(1-e) = 1 - e^2: a separate multiply rounds it to 1, the fused one keeps -e^2 after subtracting 1.
    expect((1 + e) * (1 - e) - 1).toBe(0);
    expect(fma(1 + e, 1 - e, -1)).toBe(-(e * e));
    expect(fma(2, 3, 4)).toBe(10);
    expect(fma(1e308, 10, -1e308)).toBe(Infinity); // 9e308 is past the largest double
    expect(fma(2 ** 1000, 2 ** 24, -Number.MAX_VALUE)).toBe(2 ** 971); // the product alone would overflow
    expect(fma(0.1, 10, -1)).toBe(5.551115123125783e-17);
    expect(fma(2 ** -1074, 0.5, 0)).toBe(0); // ties to even at the bottom of the subnormals
    expect(fma(3 * 2 ** -1074, 0.5, 0)).toBe(2 * 2 ** -1074);
  });
});
