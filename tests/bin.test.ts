// The package's command as npm and npx run it: the file package.json names as the bin, executed
// itself (its shebang), not through `node FILE` as the other tests run it. The build makes it
// executable; a fresh build without that left `npx prof-trace` failing with "Permission denied".
// Its first lines are a shell's (they start node with a malloc tunable: server/cli.ts).

import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './support/paths.js';

describe('the bin', () => {
  it('is executable and runs on its own (as npx prof-trace does)', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    const bin = join(REPO, pkg.bin['prof-trace']!);
    expect(readFileSync(bin, 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`prof-trace ${pkg.version}`);
  });

  it('starts the server with glibc malloc giving freed blocks back (keeping a tunable of the caller) and small young generations, the one-shot commands without', () => {
    const bin = join(REPO, 'dist/server/cli.js');
    // A node that prints its own environment's tunables and arguments instead of running prof-trace
    // (under the repo's test-output/: a temporary directory may be mounted noexec).
    mkdirSync(join(REPO, 'test-output'), { recursive: true });
    const dir = mkdtempSync(join(REPO, 'test-output', 'bin-'));
    try {
      writeFileSync(join(dir, 'node'), '#!/bin/sh\nprintf "%s|" "$GLIBC_TUNABLES" "$@"\n', { mode: 0o755 });
      const run = (args: string[], env: Record<string, string> = {}) =>
        spawnSync(bin, args, { encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH}`, ...env } }).stdout.trim();
      expect(run(['a b', '-'])).toBe(`glibc.malloc.mmap_threshold=131072|--max-semi-space-size=4|${bin}|a b|-|`);
      expect(run(['--no-open', 'x.trace'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' })).toBe(`glibc.malloc.mmap_threshold=131072:glibc.malloc.arena_max=2|--max-semi-space-size=4|${bin}|--no-open|x.trace|`);
      expect(run(['export', '--out', 'd'])).toBe(`|${bin}|export|--out|d|`);
      expect(run(['query', 'select 1'])).toBe(`|${bin}|query|select 1|`);
      expect(run(['-pprof=sched', 'x.trace'])).toBe(`|${bin}|-pprof=sched|x.trace|`);
      expect(run(['x.trace', '--d', 'parsed'])).toBe(`|${bin}|x.trace|--d|parsed|`);
      expect(run(['-d=goroutines', 'x.trace'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' })).toBe(`glibc.malloc.arena_max=2|${bin}|-d=goroutines|x.trace|`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
