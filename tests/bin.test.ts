// The package's command as npm and npx run it: the file package.json names as the bin, executed
// itself (its shebang), not through `node FILE` as the other tests run it. The build makes it
// executable; a fresh build without that left `npx prof-trace` failing with "Permission denied".

import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './support/paths.js';

describe('the bin', () => {
  it('is executable and runs on its own (as npx prof-trace does)', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    const bin = join(REPO, pkg.bin['prof-trace']!);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`prof-trace ${pkg.version}`);
  });
});
