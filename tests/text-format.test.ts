// Go's trace text format: every conformance test of the Go source loads, encodes
// to exactly the wire bytes Go's raw.Writer produces (reference hashes and .bin
// files from a Go program), and decodes back to its own event lines; the text
// reader, quoting, expectations and txtar agree with Go on edge cases.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkExpectation,
  compileGoRegexp,
  goQuoteBytes,
  goUnquoteBytes,
  loadConformanceTest,
  parseExpectation,
  parseTxtar,
  readTextTrace,
  textToWire,
  formatTxtar,
} from './support/text/index.js';
import { formatRawEvent } from '../parser/wire/raw-dump.js';
import { RawReader } from '../parser/wire/raw-reader.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(repoRoot, 'tests/data');
const GO_TESTS = '/usr/lib/go-1.26/src/internal/trace/testdata/tests';

interface Vectors {
  conformance: Record<
    string,
    { wireSha256: string; wireLength: number; canonicalTextSha256: string; version: number; failure: boolean }
  >;
  textReader: { name: string; input: string; padAt?: number; pad?: number; version?: number; wire?: string; error?: string }[];
  quote: { in: string; quote: string; unquote?: string; unquoteError?: boolean }[];
  expectation: { input: string; failure?: boolean; pattern?: string; error?: string }[];
  regexp: { patterns: string[]; texts: string[]; matches: string[] };
  txtar: { comment: string; files: { Name: string; Data: string }[] };
}
const vectors = JSON.parse(readFileSync(path.join(dataDir, 'text-format-vectors.json'), 'utf8')) as Vectors;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const utf8 = (b: Uint8Array) => Buffer.from(b).toString('utf8');

function goTestFiles(): string[] {
  if (!existsSync(GO_TESTS)) {
    throw new Error(`Go 1.26 source not found at ${GO_TESTS}: run scripts/install-go.sh to install it`);
  }
  return readdirSync(GO_TESTS).filter((f) => f.endsWith('.test')).sort();
}

/** Event lines of a text trace without comments, blank lines and insignificant white space. */
function normalizeTextTrace(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim().split(/\s+/).join(' '))
    .filter((l) => l !== '');
}

describe('conformance tests of the Go source', () => {
  const files = goTestFiles();

  it('finds every test and has a Go reference for each', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files).toEqual(Object.keys(vectors.conformance).sort());
  });

  for (const f of files) {
    it(f, () => {
      const ref = vectors.conformance[f];
      const t = loadConformanceTest(path.join(GO_TESTS, f));
      expect(t.version).toBe(ref.version);
      // Byte-identical to Go's raw.Writer output.
      expect(t.bytes.length).toBe(ref.wireLength);
      expect(sha256(t.bytes)).toBe(ref.wireSha256);
      expect(t.expect.failure).toBe(ref.failure);

      // Wire → raw events → String() gives back the test's own event lines, and
      // exactly Go's TextWriter output.
      const r = new RawReader(t.bytes);
      let text = `Trace Go1.${r.version}\n`;
      for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) text += formatRawEvent(r.version, ev) + '\n';
      expect(sha256(Buffer.from(text))).toBe(ref.canonicalTextSha256);
      const ar = parseTxtar(readFileSync(path.join(GO_TESTS, f)));
      expect(normalizeTextTrace(text)).toEqual(normalizeTextTrace(utf8(ar.files[1].data)));
    });
  }

  it('matches the reference .bin files byte for byte', () => {
    for (const bin of readdirSync(path.join(dataDir, 'text-wire'))) {
      const t = loadConformanceTest(path.join(GO_TESTS, bin.replace(/\.bin$/, '.test')));
      expect(Buffer.from(t.bytes).equals(readFileSync(path.join(dataDir, 'text-wire', bin))), bin).toBe(true);
    }
  });

  it('checks failures against the expected error pattern', () => {
    const t = loadConformanceTest(path.join(GO_TESTS, 'go122-create-syscall-with-p.test'));
    expect(t.expect.pattern).toBe(".*expected a proc but didn't have one.*");
    expect(checkExpectation(t.expect, new Error("validating: expected a proc but didn't have one"))).toBeNull();
    expect(checkExpectation(t.expect, 'something else')).toBe(
      `unexpected error while reading the trace: want something matching ".*expected a proc but didn't have one.*", got something else`,
    );
    expect(checkExpectation(t.expect, null)).toBe(
      `expected error while reading the trace: want something matching ".*expected a proc but didn't have one.*", got none`,
    );
    const ok = loadConformanceTest(path.join(GO_TESTS, 'go123-sync.test'));
    expect(checkExpectation(ok.expect, null)).toBeNull();
    expect(checkExpectation(ok.expect, new Error('boom'))).toBe('unexpected error while reading the trace: boom');
  });
});

describe('text reader agrees with Go on edge cases', () => {
  for (const v of vectors.textReader) {
    it(v.name, () => {
      let input = b64(v.input);
      if (v.pad) {
        const padded = new Uint8Array(input.length + v.pad);
        padded.set(input.subarray(0, v.padAt));
        padded.fill(0x20, v.padAt!, v.padAt! + v.pad);
        padded.set(input.subarray(v.padAt), v.padAt! + v.pad);
        input = padded;
      }
      let got: { version: number; wire: string } | { error: string };
      try {
        const w = textToWire(input);
        got = { version: w.version, wire: Buffer.from(w.bytes).toString('base64') };
      } catch (e) {
        got = { error: (e as Error).message };
      }
      expect(got).toEqual(v.error !== undefined ? { error: v.error } : { version: v.version, wire: v.wire });
    });
  }

  it('keeps big values exact and data bytes as written', () => {
    const { version, events } = readTextTrace(
      'Trace Go1.26\nEventBatch gen=1 m=18446744073709551615 time=9007199254740993 size=5\nString id=1\n\tdata="a\\xffb"\n',
    );
    expect(version).toBe(26);
    expect(events[0]).toEqual({ type: 1, args: [1, 18446744073709551615n, 9007199254740993n, 5], data: null });
    expect(events[1].data).toEqual(new Uint8Array([0x61, 0xff, 0x62]));
  });
});

describe('strconv.Quote / Unquote', () => {
  for (const v of vectors.quote) {
    const bytes = b64(v.in);
    it(`${JSON.stringify(utf8(bytes))}`, () => {
      expect(goQuoteBytes(bytes)).toBe(v.quote);
      if (v.unquote !== undefined || v.unquoteError) {
        const u = goUnquoteBytes(bytes);
        if (v.unquoteError) expect(u).toBeNull();
        else expect(Buffer.from(u!).toString('base64')).toBe(v.unquote);
      }
    });
  }
});

describe('expectations', () => {
  for (const v of vectors.expectation) {
    it(JSON.stringify(v.input), () => {
      if (v.error !== undefined) {
        // The Go regexp compiler's own message is not reproduced, only the prefix.
        const want = v.error.startsWith('malformed pattern: not a valid regexp: ')
          ? v.error.slice(0, v.error.indexOf(': error parsing regexp'))
          : v.error;
        expect(() => parseExpectation(v.input)).toThrow(want);
        return;
      }
      const exp = parseExpectation(v.input);
      expect(exp.failure).toBe(!!v.failure);
      if (v.failure) expect(checkExpectation(exp, null)).toBe(v.pattern);
    });
  }

  it('Go regexps match like Go', () => {
    const { patterns, texts, matches } = vectors.regexp;
    expect(patterns.length).toBeGreaterThan(50);
    const bad: string[] = [];
    patterns.forEach((pattern, p) => {
      if (matches[p] === 'error') {
        expect(() => compileGoRegexp(pattern), pattern).toThrow();
        return;
      }
      let re: RegExp;
      try {
        re = compileGoRegexp(pattern);
      } catch (e) {
        bad.push(`${pattern}: ${(e as Error).message}`);
        return;
      }
      texts.forEach((text, t) => {
        const want = matches[p][t] === '1';
        if (re.test(text) !== want) bad.push(`${pattern} on ${JSON.stringify(text)}: want ${want}`);
      });
    });
    expect(bad).toEqual([]);
  });
});

describe('txtar', () => {
  it('parses like Go (trimmed names, bad markers kept as data, final newline added)', () => {
    const ar = parseTxtar(Buffer.from('comment\n-- a --\nA\n--  b c  --\nB\n-- --\n-- c --\nC'));
    expect(utf8(ar.comment)).toBe(vectors.txtar.comment);
    expect(ar.files.map((f) => ({ Name: f.name, Data: utf8(f.data) }))).toEqual(vectors.txtar.files);
  });
  it('formats back', () => {
    const ar = parseTxtar(Buffer.from('c\n-- x --\n1\n-- y --\n2\n'));
    expect(utf8(formatTxtar(ar))).toBe('c\n-- x --\n1\n-- y --\n2\n');
  });
});
