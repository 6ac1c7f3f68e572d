// Damaged and foreign input on the command line: a clear one-line error and a non-zero exit,
// never a JavaScript stack trace or a hang; complete generations before the damage are kept.

import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli.js';
import { CORPUS, requireCorpus } from './support/paths.js';

requireCorpus(); // its traces are damaged here

let dir: string;
const src = (v: string, n: string) => readFileSync(join(CORPUS, 'traces', v, `${n}.trace`));

function expectCleanFailure(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.status).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^prof-trace: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no JS stack trace
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prof-trace-damaged-'));
});

describe('damaged input', () => {
  it('a missing path', () => {
    expectCleanFailure(runCli(['-d=parsed', join(dir, 'nope.trace')]), /no such file or directory/);
  });

  it('a directory', () => {
    const d = join(dir, 'adir');
    mkdirSync(d);
    expectCleanFailure(runCli(['-d=parsed', d]), /is a directory/);
  });

  it('an empty file', () => {
    const f = join(dir, 'empty.trace');
    writeFileSync(f, '');
    expectCleanFailure(runCli(['-d=parsed', f]), /bad file format: not a Go execution trace\?/);
  });

  it('a file that is not a trace', () => {
    const f = join(dir, 'foreign.trace');
    writeFileSync(f, '\x89PNG\r\n\x1a\n this is not a trace at all');
    expectCleanFailure(runCli(['-d=parsed', f]), /not a Go execution trace/);
  });

  it('an unsupported version', () => {
    const f = join(dir, 'v99.trace');
    writeFileSync(f, 'go 1.99 trace\0\0\0');
    expectCleanFailure(runCli(['-d=parsed', f]), /unknown or unsupported trace version go 1\.99/);
  });

  it('a header-only file says there are no events', () => {
    const f = join(dir, 'header.trace');
    writeFileSync(f, src('go1.26', 'timers').subarray(0, 16));
    const r = runCli(['-d=parsed', f]);
    expectCleanFailure(r, /no events/);
    // stdout still matches go tool trace: a lone Sync.
    expect(r.stdout).toBe('M=-1 P=-1 G=-1 Sync Time=1 N=1\n');
  });

  it('a truncated multi-generation trace keeps its complete generations', () => {
    const whole = src('go1.22', 'multi-generation');
    const full = runCli(['-d=parsed', join(CORPUS, 'traces/go1.22/multi-generation.trace')]);
    expect(full.status).toBe(0);
    const f = join(dir, 'truncated.trace');
    writeFileSync(f, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = runCli(['-d=parsed', f]);
    expectCleanFailure(r, /trace damaged: kept \d+ complete generations?, lost [\d.]+% of the data/);
    const syncs = r.stdout.split('\n').filter((l) => l.includes(' Sync '));
    expect(syncs.length).toBeGreaterThanOrEqual(2);
    // Everything printed is a prefix of the undamaged dump.
    const kept = r.stdout.slice(0, r.stdout.lastIndexOf(' Sync '));
    expect(full.stdout.startsWith(kept.slice(0, kept.lastIndexOf('\n') + 1))).toBe(true);
  });

  it('a truncated Go 1.26 trace', () => {
    const whole = src('go1.26', 'multi-generation');
    const f = join(dir, 'truncated26.trace');
    writeFileSync(f, whole.subarray(0, whole.length - 1000));
    expectCleanFailure(runCli(['-d=parsed', f]), /trace damaged/);
  });

  it('flipped bytes', () => {
    const bytes = Buffer.from(src('go1.23', 'chan-pipeline'));
    for (let i = 200; i < bytes.length; i += 997) bytes[i] ^= 0x5a;
    const f = join(dir, 'flipped.trace');
    writeFileSync(f, bytes);
    const r = runCli(['-d=parsed', f]);
    expectCleanFailure(r, /.+/);
  });

  it('a wrong flag', () => {
    const r = runCli(['-d=bogus', join(CORPUS, 'traces/go1.26/timers.trace')]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('prof-trace: invalid debug mode bogus, want one of: parsed, wire, footprint, goroutines, critical-path');
  });
});

describe('damaged old-format input', () => {
  it('a truncated Go 1.21 trace', () => {
    const whole = src('go1.21', 'chan-pipeline');
    const f = join(dir, 'truncated21.trace');
    writeFileSync(f, whole.subarray(0, Math.floor(whole.length / 2)));
    expectCleanFailure(runCli(['-d=parsed', f]), /trace damaged/);
  });

  it('flipped bytes in a Go 1.19 trace', () => {
    const bytes = Buffer.from(src('go1.19', 'gc-stress'));
    for (let i = 300; i < bytes.length; i += 1499) bytes[i] ^= 0xa5;
    const f = join(dir, 'flipped19.trace');
    writeFileSync(f, bytes);
    expectCleanFailure(runCli(['-d=parsed', f]), /.+/);
  });

  it('a cgo-callback trace Go cannot order fails as clearly as Go', () => {
    const r = runCli(['-d=parsed', join(CORPUS, 'traces/go1.21/cgo-callback.trace')]);
    expectCleanFailure(r, /no consistent ordering of events possible/);
  });
});
