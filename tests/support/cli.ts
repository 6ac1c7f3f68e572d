// Runs the built prof-trace CLI (dist/) as a child process and captures what it prints.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './paths.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/server/cli.js'), ...args], {
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 1 << 30,
    env: { ...process.env, TZ: 'UTC' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
