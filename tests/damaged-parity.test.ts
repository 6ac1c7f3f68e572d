// Parity on the damaged traces of fixtures/damaged/ (found and shrunk by npm run fuzz:gtt): for each,
// prof-trace's -d=parsed stdout equals go tool trace's byte for byte, both fail or both succeed,
// and prof-trace's error says what go tool trace's first line says; where go tool trace writes a
// -pprof profile, prof-trace writes the same samples. Where go tool trace panics (its own bug, see
// fixtures/damaged/README.md), prof-trace must fail with a one-line error instead.

import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, FIXTURES } from './support/paths.js';
import { decodeProfile } from './support/pprof.js';
import { itRunsCases } from './support/counts.js';
import { parseTraceBytes } from '../parser/node.js';
import { dumpParsed } from '../parser/format/parsed-dump.js';
import { readHeader } from '../parser/header.js';
import { isV1Version } from '../parser/wire/specs.js';

const DIR = join(FIXTURES, 'damaged');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.trace') && existsSync(join(DIR, 'golden', f.replace(/\.trace$/, ''), 'parsed.txt')))
  .sort();

function run(args: string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), ...args], {
    timeout: 60_000,
    maxBuffer: 1 << 28,
    env: { ...process.env, TZ: 'UTC' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** go tool trace's exit status and first stderr line, as goldens.sh recorded them. */
function golden(dir: string, what: string): { exit: number; first: string; panics: boolean } {
  const lines = readFileSync(join(dir, `${what}.exit.txt`), 'utf8').split('\n');
  const exit = Number(lines[0]!.replace('exit=', ''));
  return { exit, first: lines[1] ?? '', panics: lines.some((l) => l.startsWith('panic: ')) };
}

/** prof-trace writes control characters in its one-line message as \xNN. */
const unescape = (m: string) => m.replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

function ourMessage(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l && !l.startsWith('prof-trace: warning: '));
  return (lines[0] ?? '').replace(/^prof-trace: /, '');
}

describe('damaged fixtures: parity with go tool trace', () => {
  itRunsCases('damaged fixtures with goldens', cases.length, 32);
  for (const f of cases) {
    const name = f.replace(/\.trace$/, '');
    const gdir = join(DIR, 'golden', name);
    it(`-d=parsed ${name}`, () => {
      const g = golden(gdir, 'parsed');
      const r = run(['-d=parsed', join(DIR, f)]);
      if (g.panics) {
        // go tool trace's own bug: prof-trace fails cleanly, in one line.
        expect(r.status).toBe(1);
        expect(r.stderr.trim().split('\n').length).toBe(1);
        expect(r.stderr).toMatch(/^prof-trace: /);
        return;
      }
      expect(r.stdout.equals(readFileSync(join(gdir, 'parsed.txt'))), 'stdout differs from go tool trace').toBe(true);
      expect(r.status === 0).toBe(g.exit === 0);
      if (g.exit !== 0) expect(unescape(ourMessage(r.stderr)).startsWith(g.first), `${ourMessage(r.stderr)} vs ${g.first}`).toBe(true);
    });
    it(`-d=parsed ${name}, parallel path`, async () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, f)));
      const g = golden(gdir, 'parsed');
      if (g.panics || bytes.length < 16 || isV1Version(readHeader(bytes).version)) return; // (one path for old formats)
      // The parallel parse in real worker threads, even on a small file: the same stdout as go tool trace.
      const store = await parseTraceBytes(bytes, { workers: 2, parallelThreshold: 0 });
      const out: Buffer[] = [];
      dumpParsed(store, (s) => out.push(Buffer.from(s, 'utf8')), (b) => out.push(Buffer.from(b)));
      expect(Buffer.concat(out).equals(readFileSync(join(gdir, 'parsed.txt'))), 'stdout differs from go tool trace').toBe(true);
    });
    it(`-pprof ${name}`, () => {
      for (const type of ['net', 'sync', 'syscall', 'sched']) {
        const g = golden(gdir, type);
        if (g.panics) continue; // (checked for -d=parsed)
        const r = run([`-pprof=${type}`, join(DIR, f)]);
        expect({ type, ok: r.status === 0 }).toEqual({ type, ok: g.exit === 0 });
        if (g.exit !== 0) continue;
        expect({ type, samples: decodeProfile(r.stdout).samples.sort() }).toEqual({
          type,
          samples: decodeProfile(readFileSync(join(gdir, `${type}.pprof`))).samples.sort(),
        });
      }
    });
  }
});
