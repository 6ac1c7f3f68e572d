// The analysis modes of the command line: -pprof=TYPE writes the gzipped profile go tool trace
// writes (same samples as the golden), -d=goroutines prints the goroutine analysis as JSON.

import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { REPO, CORPUS, FIXTURES, corpusPath } from './support/paths.js';
import { runCli } from './support/cli.js';

const trace = corpusPath('traces/go1.26/goroutine-leak.trace');

function samples(gz: Uint8Array): string[] {
  const p = Profile.decode(gunzipSync(gz));
  const str = (i: number | bigint) => p.stringTable.strings[Number(i)]!;
  const fn = new Map(p.function.map((f) => [Number(f.id), f]));
  const loc = new Map(p.location.map((l) => [Number(l.id), l]));
  return p.sample
    .map((s) => {
      const frames = s.locationId.map((id) => {
        const l = loc.get(Number(id))!;
        const f = fn.get(Number(l.line[0]!.functionId))!;
        return `${str(f.name)} ${str(f.filename)}:${l.line[0]!.line}`;
      });
      return `${s.value.join(',')} ${frames.join(';')}`;
    })
    .sort();
}

describe('CLI analysis modes', () => {
  it('-pprof=sync writes the profile go tool trace writes', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), '-pprof=sync', trace], { maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const golden = readFileSync(corpusPath('golden/go1.26/goroutine-leak/sync.pprof'));
    const ours = samples(r.stdout);
    expect(ours.length).toBeGreaterThan(5);
    expect(ours).toEqual(samples(golden));
  });

  it('-d=goroutines prints the goroutine groups', () => {
    const r = runCli(['-d=goroutines', trace]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { groups: { name: string; count: number }[] };
    const leak = j.groups.find((g) => g.name === 'main.timeout.gowrap1');
    expect(leak?.count).toBe(300);
  });

  it('-pprof on a trace without goroutines fails as go tool trace does', () => {
    // A Go 1.26 header and nothing else: one Sync, no goroutine to profile. go tool trace prints
    // "failed to generate pprof: failed to find matching goroutines for name: " and exits 1.
    const dir = mkdtempSync(join(tmpdir(), 'prof-trace-cli-'));
    const f = join(dir, 'header.trace');
    writeFileSync(f, readFileSync(join(FIXTURES, 'traces/go1.26/leak.trace')).subarray(0, 16));
    const r = runCli(['-pprof=sync', f]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('prof-trace: failed to generate pprof: failed to find matching goroutines for name: \n');
  });

  it('-pprof on a trace whose only generation breaks has no samples, as go tool trace', () => {
    // Found by npm run fuzz:gtt: the ordering fails a few events into the first generation, so
    // go tool trace profiles nothing (only events up to the last Sync count). The streamed
    // profile kept the stacks charged before the break with zero counts.
    const f = join(FIXTURES, 'damaged/pprof-first-generation-broken.trace');
    const golden = join(FIXTURES, 'damaged/golden/pprof-first-generation-broken');
    for (const type of ['net', 'sync', 'syscall', 'sched']) {
      const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), `-pprof=${type}`, f], { maxBuffer: 1 << 26 });
      expect(readFileSync(join(golden, `${type}.exit.txt`), 'utf8').split('\n')[0]).toBe('exit=0');
      expect({ type, status: r.status }).toEqual({ type, status: 0 });
      expect({ type, samples: samples(r.stdout) }).toEqual({ type, samples: samples(readFileSync(join(golden, `${type}.pprof`))) });
    }
    expect(samples(readFileSync(join(golden, 'sync.pprof')))).toEqual([]);
  });

  it('-pprof with an unknown type is a usage error', () => {
    const r = runCli(['-pprof=heap', trace]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('prof-trace: unknown pprof type heap, want one of: net, sync, syscall, sched, cpu');
  });
});
