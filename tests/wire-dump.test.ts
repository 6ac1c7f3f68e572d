// -d=wire and -d=footprint must be byte-identical to Go 1.26's `go tool trace`:
// footprint against the corpus goldens (every trace, v1 failures included), both against the
// fixtures' goldens (fixtures/make.sh), wire against goldens made with the real tool
// (tests/data/wire), and both against synthetic edge cases (odd headers, truncation, huge
// values, quoting, rounding ties) run through it (tests/data/gen/run.sh rebuilds those).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dumpFootprint, dumpWire, encodedSize, formatRawEvent, goFormatFixed } from '../parser/wire/raw-dump.js';
import { RawReader, readHeader } from '../parser/wire/raw-reader.js';
import {
  ByteCursor,
  encodeUvarint,
  putUvarint,
  uvarint,
  uvarintBig,
  uvarintExact,
  uvarintSize,
  VarintError,
} from '../parser/wire/varint.js';
import { TabWriter } from '../parser/wire/tabwriter.js';
import { parseTrace } from '../parser/index.js';
import { CORPUS, FIXTURES, requireCorpus, traceCases } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = requireCorpus();
const dataDir = path.join(repoRoot, 'tests/data');

/** Runs a dump and renders it like the corpus does: stdout, then "# exit 1: <stderr>" on failure. */
function run(dump: (b: Uint8Array, w: (s: string) => void) => void, bytes: Uint8Array) {
  let stdout = '';
  try {
    dump(bytes, (s) => (stdout += s));
    return { stdout, stderr: '', exit: 0 };
  } catch (e) {
    return { stdout, stderr: `${(e as Error).message}\n`, exit: 1 };
  }
}

function corpusTraces(): { ver: string; name: string; file: string }[] {
  return traceCases(CORPUS).map((c) => ({ ver: c.version, name: c.name, file: c.trace }));
}

describe('-d=footprint matches the corpus goldens', () => {
  const traces = corpusTraces();
  itRunsCases('corpus traces', traces.length, 88);
  itRunsCases('Go 1.22+ corpus traces', traces.filter((t) => t.ver.startsWith('go1.2') && t.ver !== 'go1.21').length, 60);
  for (const t of traces) {
    it(`${t.ver}/${t.name}`, () => {
      const golden = readFileSync(path.join(corpus, 'golden', t.ver, t.name, 'footprint.txt'), 'utf8');
      const r = run(dumpFootprint, readFileSync(t.file));
      const got = r.exit === 0 ? r.stdout : `${r.stdout}# exit ${r.exit}: ${r.stderr}`;
      expect(got).toBe(golden);
      if (t.ver === 'go1.19' || t.ver === 'go1.21') expect(r.stderr).toBe('invalid event type: 65\n');
    });
  }
});

describe('-d=wire and -d=footprint match the fixtures\' goldens (fixtures/make.sh)', () => {
  const cases = traceCases(FIXTURES);
  itRunsCases('fixture traces', cases.length, 58);
  /** What go tool trace wrote: the output file, or "<exit>.exit.txt" (exit=N, then stderr) when it failed. */
  const golden = (dir: string, mode: string, file: string) => {
    const exitFile = path.join(dir, `${mode}.exit.txt`);
    if (existsSync(exitFile)) {
      const [first, ...rest] = readFileSync(exitFile, 'utf8').split('\n');
      return { stdout: '', stderr: rest.join('\n'), exit: Number(first!.replace(/^exit=/, '')) };
    }
    const out = path.join(dir, file);
    const text = out.endsWith('.gz') ? gunzipSync(readFileSync(out)).toString('utf8') : readFileSync(out, 'utf8');
    return { stdout: text, stderr: '', exit: 0 };
  };
  for (const c of cases) {
    it(c.label, () => {
      const bytes = readFileSync(c.trace);
      expect(run(dumpWire, bytes), '-d=wire').toEqual(golden(c.golden, 'wire', 'wire.txt.gz'));
      expect(run(dumpFootprint, bytes), '-d=footprint').toEqual(golden(c.golden, 'footprint', 'footprint.txt'));
      // events.txt: how many events go tool trace -d=parsed printed.
      expect(parseTrace(bytes).count).toBe(Number(readFileSync(path.join(c.golden, 'events.txt'), 'utf8').trim()));
    });
  }
});

describe('-d=wire matches goldens made by go tool trace', () => {
  const goldens = readdirSync(path.join(dataDir, 'wire')).filter((f) => f.endsWith('.txt.gz'));
  itRunsCases('-d=wire goldens of corpus traces (tests/data/wire)', goldens.length, 4);
  for (const g of goldens) {
    const [, ver, name] = /^(go1\.\d+)-(.*)\.txt\.gz$/.exec(g)!;
    it(`${ver}/${name}`, () => {
      const want = gunzipSync(readFileSync(path.join(dataDir, 'wire', g))).toString('utf8');
      const r = run(dumpWire, readFileSync(path.join(corpus, 'traces', ver, `${name}.trace`)));
      expect(r.exit).toBe(0);
      expect(r.stdout.length).toBe(want.length);
      expect(r.stdout).toBe(want);
    });
  }
  it('fails on v1 traces after printing nothing, like Go', () => {
    const r = run(dumpWire, readFileSync(path.join(corpus, 'traces/go1.19/annotations.trace')));
    expect(r).toEqual({ stdout: '', stderr: 'invalid event type: 65\n', exit: 1 });
  });
});

interface EdgeCase {
  name: string;
  input: string;
  wire: { stdout: string; stderr: string; exit: number };
  footprint: { stdout: string; stderr: string; exit: number };
}

describe('synthetic edge cases match go tool trace', () => {
  const cases = JSON.parse(gunzipSync(readFileSync(path.join(dataDir, 'wire-edge-cases.json.gz'))).toString('utf8')) as EdgeCase[];
  itRunsCases('synthetic edge cases', cases.length, 40);
  for (const c of cases) {
    it(c.name, () => {
      const input = new Uint8Array(Buffer.from(c.input, 'base64'));
      expect(run(dumpWire, input), '-d=wire').toEqual(c.wire);
      expect(run(dumpFootprint, input), '-d=footprint').toEqual(c.footprint);
    });
  }
});

describe('raw reader', () => {
  it('keeps values above 2^53 exact as bigint and small ones as numbers', () => {
    const cases = JSON.parse(gunzipSync(readFileSync(path.join(dataDir, 'wire-edge-cases.json.gz'))).toString('utf8')) as EdgeCase[];
    const full = cases.find((c) => c.name === 'full-1.22')!;
    const r = new RawReader(new Uint8Array(Buffer.from(full.input, 'base64')));
    expect(r.version).toBe(22);
    expect(r.headerSize).toBe(16);
    const first = r.readEvent()!;
    expect(first).toEqual({ type: 1, args: [1, 18446744073709551615n, 9007199254740993n, 5], data: null });
    expect(formatRawEvent(22, first)).toBe('EventBatch gen=1 m=18446744073709551615 time=9007199254740993 size=5');
    expect(encodedSize(22, first)).toBe(1 + 1 + 10 + 8 + 1);
  });

  it('reads odd but valid headers as fmt.Fscanf does', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(readHeader(enc('go 1.22 trace\0\0\0'))).toEqual({ version: 22, offset: 16 });
    expect(readHeader(enc('go  1.0026 \u2003trace\0\0\0x'))).toEqual({ version: 26, offset: 22 });
    expect(() => readHeader(enc('go 1.24 trace\0\0\0'))).toThrow('unknown or unsupported trace version go 1.24');
    expect(() => readHeader(enc('go 1.22 trac'))).toThrow('bad file format: not a Go execution trace?');
  });

  it('treats an input ending between arguments as a clean end (Go quirk) but flags it', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('go 1.22 trace\0\0\0'), 2, 1, 1]);
    const r = new RawReader(bytes);
    expect(r.readEvent()).toEqual({ type: 2, args: [], data: null });
    expect(r.readEvent()).toBeNull();
    expect(r.eofInsideEvent).toBe(true);
  });
});

describe('varint', () => {
  const dec = (bytes: number[]) => new ByteCursor(new Uint8Array(bytes));
  it('round-trips numbers and bigints at every length', () => {
    for (let bits = 0; bits <= 64; bits++) {
      for (const delta of [-1n, 0n, 1n]) {
        const v = (1n << BigInt(bits)) + delta;
        if (v < 0n || v >= 1n << 64n) continue;
        const enc = encodeUvarint(v);
        expect(enc.length).toBe(uvarintSize(v));
        expect(uvarintBig(new ByteCursor(enc))).toBe(v);
        const exact = uvarintExact(new ByteCursor(enc));
        if (v <= BigInt(Number.MAX_SAFE_INTEGER)) {
          expect(exact).toBe(Number(v));
          expect(uvarint(new ByteCursor(enc))).toBe(Number(v));
          expect(encodeUvarint(Number(v))).toEqual(enc);
          expect(uvarintSize(Number(v))).toBe(enc.length);
        } else {
          expect(exact).toBe(v);
          expect(uvarint(new ByteCursor(enc))).toBe(Number(v)); // rounded
        }
      }
    }
  });
  it('advances the cursor and writes in place', () => {
    const out = new Uint8Array(12);
    let p = putUvarint(out, 0, 300);
    p = putUvarint(out, p, 2n ** 64n - 1n);
    expect(p).toBe(12);
    const c = new ByteCursor(out);
    expect(uvarint(c)).toBe(300);
    expect(c.pos).toBe(2);
    expect(uvarintBig(c)).toBe(2n ** 64n - 1n);
    expect(c.pos).toBe(12);
  });
  it('reports Go errors', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(VarintError);
        return (e as Error).message;
      }
      return 'no error';
    };
    for (const read of [uvarint, uvarintBig, uvarintExact]) {
      expect(err(() => read(dec([])))).toBe('EOF');
      expect(err(() => read(dec([0x80])))).toBe('unexpected EOF');
      expect(err(() => read(dec([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])))).toBe('unexpected EOF');
      expect(err(() => read(dec(Array(10).fill(0xff))))).toBe('binary: varint overflows a 64-bit integer');
      expect(err(() => read(dec([...Array(9).fill(0xff), 2])))).toBe('binary: varint overflows a 64-bit integer');
      expect(err(() => read(dec([0x80, 0x00])))).toBe('no error'); // padded zero is fine
    }
    expect(() => encodeUvarint(-1)).toThrow(RangeError);
    expect(() => encodeUvarint(2 ** 53)).toThrow(RangeError);
    expect(() => encodeUvarint(1n << 64n)).toThrow(RangeError);
  });
});

describe('formatting helpers', () => {
  it('goFormatFixed rounds the exact binary value, ties to even', () => {
    expect(goFormatFixed(0.125, 2)).toBe('0.12');
    expect(goFormatFixed(0.375, 2)).toBe('0.38');
    expect(goFormatFixed(0.135, 2)).toBe('0.14'); // 0.135 is slightly above in binary
    expect(goFormatFixed(2.675, 2)).toBe('2.67'); // slightly below
    expect(goFormatFixed(100, 2)).toBe('100.00');
    expect(goFormatFixed(0, 2)).toBe('0.00');
    expect(goFormatFixed(-0, 2)).toBe('-0.00');
    expect(goFormatFixed(1e-300, 2)).toBe('0.00');
    expect(goFormatFixed(1e21, 0)).toBe('1000000000000000000000');
    expect(goFormatFixed(NaN, 2)).toBe('NaN');
    expect(goFormatFixed(Infinity, 2)).toBe('+Inf');
  });
  it('TabWriter aligns column blocks like text/tabwriter', () => {
    let out = '';
    const w = new TabWriter((s) => (out += s), 3, 8, 2, ' ');
    w.write('a\tbbb\tc\nlonger\tb\nx\n\ty\tz\n');
    w.write('tail');
    w.flush();
    expect(out).toBe('a       bbb  c\nlonger  b\nx\n   y  z\ntail');
  });
});
