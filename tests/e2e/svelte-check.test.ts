// Type-checks the viewer's Svelte and TypeScript sources (svelte-check, strict tsconfig).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('viewer type-check', () => {
  it('svelte-check finds no errors or warnings', () => {
    const bin = require.resolve('svelte-check/bin/svelte-check');
    let out = '';
    let ok = true;
    try {
      out = execFileSync(process.execPath, [bin, '--tsconfig', 'viewer/tsconfig.json', '--threshold', 'warning', '--output', 'machine'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      ok = false;
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    const problems = out.split('\n').filter((l) => / (ERROR|WARNING) /.test(l));
    expect(problems).toEqual([]);
    expect(ok).toBe(true);
  });
});
