// Parity of `-d=parsed` with go tool trace 1.26 on old-format (Go 1.11–1.21) traces: the
// shared corpus's go1.19/go1.21 traces, our own fixtures, and Go's own tracev1 test traces.
//
// Go's output is not always deterministic on old traces: its v1 parser merges the per-P
// batches in Go map order (random), which decides the order of events from different Ps
// with the same timestamp, and it emits the GoStatus events of goroutines created before
// tracing began in map order too. Corpus and fixture traces (amd64, TSC ticks) never hit
// this and must match byte for byte. Some of Go's test traces (darwin/arm64, coarse ticks)
// do: go tool trace prints 2–4 different outputs for them across runs. For those we check
// that our output differs from the golden only by such reorderings: the same times, and
// the same events within each run of events whose times the reader had to bump by 1ns.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseTrace } from '../parser/index.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import { CORPUS, FIXTURES, GO_SRC, traceCases, isV1 } from './support/paths.js';
import { itRunsCases } from './support/counts.js';

const MARKER = '# ---- TRUNCATED by goldengen';
const GO_TESTDATA = join(GO_SRC, 'internal/trace/internal/tracev1/testdata');

/** Go's test traces on which go tool trace itself prints different outputs from run to run. */
const GO_NONDETERMINISTIC = new Set([
  'http_1_19_good',
  'stress_1_11_good',
  'stress_1_19_good',
  'stress_1_21_good',
  'stress_start_stop_1_11_good',
  'stress_start_stop_1_19_good',
  'stress_start_stop_1_21_good',
]);


function ourDump(file: string): { text: string; error: string | null } {
  const store = parseTrace(readFileSync(file));
  const parts: string[] = [];
  dumpParsed(store, (s) => parts.push(s));
  return { text: parts.join(''), error: store.error?.message ?? null };
}

function gunzip(file: string): string {
  return gunzipSync(readFileSync(file)).toString('utf8');
}

/** What go tool trace -d=parsed said on stderr when it failed (corpus goldens record it). */
function goldenFailure(goldenDir: string): string | null {
  const status = join(goldenDir, 'status.json');
  if (!existsSync(status)) return null;
  const cmds = JSON.parse(readFileSync(status, 'utf8')).commands as { args: string[]; exitCode: number; stderr: string }[];
  const parsed = cmds.find((c) => c.args.includes('-d=parsed'));
  return parsed && parsed.exitCode !== 0 ? parsed.stderr.trim() : null;
}

function compareExact(trace: string, goldenDir: string): void {
  let golden = gunzip(join(goldenDir, 'parsed.txt.gz'));
  const { text, error } = ourDump(trace);
  const failure = goldenFailure(goldenDir);
  const cut = golden.indexOf(MARKER);
  if (cut >= 0) {
    golden = golden.slice(0, cut);
    expect(text.slice(0, golden.length)).toBe(golden);
    return;
  }
  expect(error).toBe(failure);
  expect(text.split('\n').length).toBe(golden.split('\n').length);
  expect(text === golden).toBe(true);
}

interface Rec {
  time: number;
  /** The event's text (with its stacks) without its time. */
  body: string;
}

/** Splits a -d=parsed dump into events (an "M=" line and the stack lines under it). */
function records(text: string): Rec[] {
  const out: Rec[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('M=')) {
      const m = / Time=(-?\d+)/.exec(line)!;
      out.push({ time: Number(m[1]), body: line.replace(m[0], '') });
    } else if (out.length > 0) {
      out[out.length - 1]!.body += '\n' + line;
    }
  }
  return out;
}

/** Indices where runs of events 1ns apart (ties the reader broke) start, plus the end. */
function tieRuns(recs: Rec[]): number[] {
  const starts = [0];
  for (let i = 1; i < recs.length; i++) if (recs[i]!.time !== recs[i - 1]!.time + 1) starts.push(i);
  starts.push(recs.length);
  return starts;
}

/**
 * Our dump against a golden of a trace on which Go's own order of tied events varies: the
 * same times in the same order, and in each tie run the same events. A golden cut short
 * (keep = its event count) is compared up to its last complete tie run.
 */
function compareModuloTies(ours: string, golden: string, keep?: number): void {
  let a = records(ours);
  let b = records(golden);
  if (keep !== undefined) {
    expect(b.length).toBe(keep);
    a = a.slice(0, keep);
    const runs = tieRuns(b);
    const lastComplete = runs[runs.length - 2]!;
    a = a.slice(0, lastComplete);
    b = b.slice(0, lastComplete);
  }
  expect(a.map((r) => r.time)).toEqual(b.map((r) => r.time));
  const runs = tieRuns(b);
  for (let k = 0; k + 1 < runs.length; k++) {
    const x = a.slice(runs[k], runs[k + 1]).map((r) => r.body);
    const y = b.slice(runs[k], runs[k + 1]).map((r) => r.body);
    if (x.join('\0') !== y.join('\0')) expect(x.slice().sort()).toEqual(y.slice().sort());
  }
}

function eventCount(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line.startsWith('M=')) n++;
  return n;
}

function truncationInfo(dir: string): Record<string, string> | null {
  const f = join(dir, 'parsed.truncated.txt');
  if (!existsSync(f)) return null;
  const info: Record<string, string> = {};
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) info[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return info;
}

describe('-d=parsed parity, old format (shared corpus)', () => {
  const cases = traceCases(CORPUS, isV1).filter((c) => existsSync(join(c.golden, 'parsed.txt.gz')));
  itRunsCases('old-format corpus traces with a parsed golden', cases.length, 28);
  for (const c of cases) it(c.label, () => compareExact(c.trace, c.golden));
  it('fails on the cgo-callback traces as go tool trace does', () => {
    const cgo = cases.filter((c) => c.name === 'cgo-callback');
    expect(cgo.length).toBe(2);
    for (const c of cgo) {
      const store = parseTrace(readFileSync(c.trace));
      expect(store.error?.message).toBe('no consistent ordering of events possible');
      expect(store.count).toBe(0);
      expect(goldenFailure(c.golden)).toBe('no consistent ordering of events possible');
    }
  });
});

describe('-d=parsed parity, old format (fixtures)', () => {
  const cases = traceCases(FIXTURES, isV1);
  it('finds the fixtures', () => expect(cases.length).toBe(19));
  for (const c of cases) {
    it(c.label, () => {
      compareExact(c.trace, c.golden);
      const events = Number(readFileSync(join(c.golden, 'events.txt'), 'utf8').trim());
      expect(parseTrace(readFileSync(c.trace)).count).toBe(events);
    });
  }
});

describe("-d=parsed parity, old format (Go's tracev1 test traces)", () => {
  const goldens = join(FIXTURES, 'golden/go-src');
  const names = readdirSync(goldens).sort();
  it('has Go 1.26 source installed', () => {
    if (!existsSync(GO_TESTDATA)) {
      throw new Error(`${GO_TESTDATA} is missing: run \`sudo bash scripts/install-go.sh 1.26\``);
    }
    expect(names.length).toBe(12);
  });
  for (const name of names) {
    it(name, () => {
      const trace = join(GO_TESTDATA, name);
      if (!existsSync(trace)) throw new Error(`${trace} is missing: run \`sudo bash scripts/install-go.sh 1.26\``);
      const dir = join(goldens, name);
      const golden = gunzip(join(dir, 'parsed.txt.gz'));
      const { text, error } = ourDump(trace);
      expect(error).toBeNull();
      expect(eventCount(text)).toBe(Number(readFileSync(join(dir, 'events.txt'), 'utf8').trim()));
      const trunc = truncationInfo(dir);
      if (trunc) expect(Buffer.byteLength(text)).toBe(Number(trunc['total_bytes']));
      if (!GO_NONDETERMINISTIC.has(name)) {
        if (trunc) {
          expect(text.slice(0, golden.length)).toBe(golden);
          expect(createHash('sha256').update(text).digest('hex')).toBe(trunc['total_sha256']);
        } else {
          expect(text === golden).toBe(true);
        }
        return;
      }
      compareModuloTies(text, golden, trunc ? Number(trunc['kept_events']) : undefined);
    });
  }
});
