// Runs Go's own pprof (`go tool pprof` of the installed Go 1.26) on a profile file and reads its
// text reports: -top rows, -peek entries, -list blocks, with exact values (-unit=ns for times).
// Tests that compare prof-trace's profile views with pprof use it; Go must be installed
// (scripts/install-go.sh, as CI does): a missing toolchain fails clearly, it never skips.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const GO = process.env.PROF_TRACE_GO ?? '/usr/lib/go-1.26/bin/go';

export function requireGo(): string {
  if (!existsSync(GO)) throw new Error(`Go 1.26 is missing: ${GO} does not exist (install it with scripts/install-go.sh 1.26)`);
  return GO;
}

/** Runs `go tool pprof ARGS` and returns stdout (stderr ignored: "Main binary filename not available."). */
export function goPprof(args: string[]): string {
  return execFileSync(requireGo(), ['tool', 'pprof', ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PPROF_TMPDIR: '/tmp' } });
}

/** A value as pprof prints it with -unit=ns (or a plain count); "." is zero. */
export function pprofValue(s: string): number {
  if (s === '.' || s === '0') return 0;
  const m = /^(-?[0-9]+)(ns)?$/.exec(s);
  if (m === null) throw new Error(`not an exact pprof value: ${JSON.stringify(s)} (use -unit=ns)`);
  return Number(m[1]);
}

export interface PprofTop {
  shown: number;
  total: number;
  rows: { name: string; flat: number; cum: number }[];
  dropped: number;
}

export function parseTop(out: string): PprofTop {
  const lines = out.split('\n');
  const head = lines.find((l) => l.startsWith('Showing nodes accounting for'));
  if (head === undefined) throw new Error(`no pprof -top header in:\n${out}`);
  const m = /^Showing nodes accounting for (\S+), .* of (\S+) total$/.exec(head)!;
  const dropped = /^Dropped (\d+) node/m.exec(out);
  const at = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
  const rows = lines
    .slice(at + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = /^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s+(.*)$/.exec(l);
      if (r === null) throw new Error(`bad -top row ${JSON.stringify(l)}`);
      return { name: r[3]!, flat: pprofValue(r[1]!), cum: pprofValue(r[2]!) };
    });
  return { shown: pprofValue(m[1]!), total: pprofValue(m[2]!), rows, dropped: dropped ? Number(dropped[1]) : 0 };
}

export interface PprofPeekEntry {
  name: string;
  flat: number;
  cum: number;
  callers: { name: string; weight: number }[];
  callees: { name: string; weight: number }[];
}

export function parsePeek(out: string): PprofPeekEntry[] {
  const blocks = out.split(/^-+\+-+$/m).slice(2);
  const entries: PprofPeekEntry[] = [];
  for (const b of blocks) {
    const lines = b.split('\n').filter((l) => l.includes('|'));
    if (lines.length === 0) continue;
    const selfRe = /^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s+\|\s(.*)$/;
    const self = lines.findIndex((l) => selfRe.test(l));
    const link = (l: string) => {
      const r = /^\s*(\S+)\s+\S+%\s+\|\s{3}(.*)$/.exec(l)!;
      return { name: r[2]!, weight: pprofValue(r[1]!) };
    };
    const r = selfRe.exec(lines[self]!)!;
    entries.push({
      name: r[3]!,
      flat: pprofValue(r[1]!),
      cum: pprofValue(r[2]!),
      callers: lines.slice(0, self).map(link),
      callees: lines.slice(self + 1).map(link),
    });
  }
  return entries;
}

export interface PprofListBlock {
  func: string;
  file: string;
  flat: number;
  cum: number;
  lines: { line: number; flat: number; cum: number; text: string }[];
}

export function parseList(out: string): PprofListBlock[] {
  const blocks: PprofListBlock[] = [];
  let cur: PprofListBlock | null = null;
  for (const l of out.split('\n')) {
    const head = /^ROUTINE =+ (.*) in (.*)$/.exec(l);
    if (head !== null) {
      cur = { func: head[1]!, file: head[2]!, flat: 0, cum: 0, lines: [] };
      blocks.push(cur);
      continue;
    }
    if (cur === null) continue;
    const sum = /^\s*(\S+)\s+(\S+) \(flat, cum\)/.exec(l);
    if (sum !== null) {
      cur.flat = pprofValue(sum[1]!);
      cur.cum = pprofValue(sum[2]!);
      continue;
    }
    const row = /^\s*(\S+)\s+(\S+)\s+(\d+):(.*)$/.exec(l);
    if (row !== null) cur.lines.push({ flat: pprofValue(row[1]!), cum: pprofValue(row[2]!), line: Number(row[3]), text: row[4]! });
  }
  return blocks;
}
