// Runs both tools on one file and returns the differences: -d=parsed (and, optionally, the same
// command through prof-trace's parallel parse), then the four -pprof profiles when go tool trace
// read anything at all. Before a difference counts, go tool trace runs again: where its own output
// changes from run to run (map order in old traces, in its error dumps) prof-trace only has to
// match one of its outputs, or print the same lines in another order.

import { compareParsed, comparePprof, Finding, normalize, sameLinesAnyOrder, sameOutcome, sameError, goMessage, ourMessage, isGoPanic, isMismatch, GO_BUG } from './compare.js';
import { readFileSync } from 'node:fs';
import { OursRunner, RunResult, runGo } from './runners.js';

export const PPROF_TYPES = ['net', 'sync', 'syscall', 'sched'] as const;

export interface JudgeOptions {
  goBin: string;
  ours: OursRunner;
  timeoutMs: number;
  /** Compare the -pprof profiles when both tools read the trace without error. */
  pprof: boolean;
  /** Also when go tool trace read only part of it (it then profiles the complete generations). */
  pprofDamaged: boolean;
  parallel: boolean;
  /** Extra go tool trace runs before a difference counts (its output may change from run to run). */
  goReruns?: number;
  /** Milliseconds spent, added up by what ran (for the summary). */
  times?: Map<string, number>;
}

function spent(o: JudgeOptions, what: string, ...runs: RunResult[]): void {
  if (!o.times) return;
  for (const r of runs) o.times.set(what, (o.times.get(what) ?? 0) + r.ms);
}

export interface Verdict {
  findings: Finding[];
  go: RunResult;
  ours: RunResult;
  /** Differences explained away by go tool trace's own nondeterminism (counted, not reported). */
  goNondeterministic: string | null;
  pprofRan: boolean;
  parallelRan: boolean;
}

async function rerunGo(o: JudgeOptions, args: string[], first: RunResult, n: number): Promise<RunResult[]> {
  const runs = [first];
  for (let k = 0; k < n; k++) runs.push(await runGo(o.goBin, args, o.timeoutMs));
  spent(o, 'go tool trace reruns', ...runs.slice(1));
  return runs;
}

function goVaries(runs: RunResult[]): boolean {
  return runs.some((r) => r.status !== runs[0]!.status || !r.stdout.equals(runs[0]!.stdout) || goMessage(r) !== goMessage(runs[0]!));
}

/** -d=parsed findings for ours against go, after go's reruns. */
async function parsedFindings(o: JudgeOptions, file: string, go: RunResult, ours: RunResult): Promise<{ findings: Finding[]; nondet: string | null; runs: RunResult[] }> {
  let findings = compareParsed(go, ours);
  if (findings.length === 0 || ours.status === 'timeout' || go.status === 'timeout') return { findings, nondet: null, runs: [go] };
  const runs = await rerunGo(o, ['-d=parsed', file], go, o.goReruns ?? 1);
  // Go prints different things from run to run (old traces' map order; errors found while
  // walking a map, e.g. which invalid string ID it names): give it a few more chances.
  // An old-format trace's reader walks its Ps' batches in map order: which damaged event it names
  // first can change from run to run.
  const suspect = findings.some((f) => f.cls.includes('same error, other ids') || (f.cls.startsWith('different error') && oldFormat(file)));
  if ((goVaries(runs) || suspect) && !runs.some((r) => sameOutcome(r, ours))) {
    // (An old trace's error can name another event 2 times in 3: 20 runs.)
    const more = suspect ? 19 : 6;
    for (let k = 0; k < more && !runs.some((r) => sameOutcome(r, ours)); k++) runs.push(...(await rerunGo(o, ['-d=parsed', file], go, 1)).slice(1));
  }
  if (runs.some((r) => sameOutcome(r, ours))) {
    return { findings: [], nondet: goVaries(runs) ? 'prof-trace prints one of the outputs go tool trace prints from run to run' : null, runs };
  }
  if (goVaries(runs)) {
    const alike = runs.some((r) => (r.status === 0) === (ours.status === 0) && sameLinesAnyOrder(r.stdout, ours.stdout) && (r.status === 0 || sameError(goMessage(r), ourMessage(ours))));
    if (alike) return { findings: [], nondet: 'the same lines as go tool trace in another order (go tool trace changes their order from run to run)', runs };
    // Go names a different culprit from run to run (it walks a map to validate): the same error will do.
    const kind = (m: string) => normalize(m.replace(/ \(trace damaged: .*\)$/, ''));
    const sameKind = runs.some((r) => r.status !== 0 && ours.status !== 0 && r.stdout.equals(ours.stdout) && kind(goMessage(r)) === kind(ourMessage(ours)));
    if (sameKind && new Set(runs.map((r) => goMessage(r))).size > 1) {
      return { findings: [], nondet: 'the same error as go tool trace, naming another id (go tool trace names a different one from run to run)', runs };
    }
    findings = findings.map((f) => ({ cls: `[go nondeterministic] ${f.cls}`, detail: f.detail }));
  }
  return { findings, nondet: null, runs };
}

export async function judge(file: string, o: JudgeOptions): Promise<Verdict> {
  let [go, ours] = await Promise.all([runGo(o.goBin, ['-d=parsed', file], o.timeoutMs), o.ours.run({ file, mode: 'parsed' }, o.timeoutMs)]);
  // A run that timed out may only have been starved (a loaded machine, a paused process): a hang
  // counts only if it times out again, alone, with four times the time.
  if (go.status === 'timeout') go = await runGo(o.goBin, ['-d=parsed', file], 4 * o.timeoutMs);
  if (ours.status === 'timeout') ours = await o.ours.run({ file, mode: 'parsed' }, 4 * o.timeoutMs);
  spent(o, 'go tool trace -d=parsed', go);
  spent(o, 'prof-trace -d=parsed', ours);
  const p = await parsedFindings(o, file, go, ours);
  const findings = [...p.findings];
  let nondet = p.nondet;

  let parallelRan = false;
  if (o.parallel && ours.status !== 'timeout') {
    parallelRan = true;
    let par = await o.ours.run({ file, mode: 'parsed', parallel: true }, o.timeoutMs);
    if (par.status === 'timeout') par = await o.ours.run({ file, mode: 'parsed', parallel: true }, 4 * o.timeoutMs);
    spent(o, 'prof-trace -d=parsed, parallel path', par);
    // Only the parallel path's own differences: where it agrees with the sequential parse, that one spoke.
    if (par.status !== ours.status || !par.stdout.equals(ours.stdout) || ourMessage(par) !== ourMessage(ours)) {
      const q = await parsedFindings(o, file, go, par);
      for (const f of q.findings) findings.push({ cls: `[parallel path] ${f.cls}`, detail: f.detail });
      if (q.findings.length === 0) {
        findings.push({ cls: '[parallel path] differs from the sequential parse', detail: `sequential: exit ${ours.status} ${ourMessage(ours)}\nparallel: exit ${par.status} ${ourMessage(par)}` });
      }
    }
  }

  // go tool trace -pprof reads what it can; it fails only when it read nothing useful.
  let pprofRan = false;
  const bothRead = go.status === 0 && ours.status === 0;
  if (o.pprof && (bothRead || o.pprofDamaged) && go.stdout.length > 0 && go.status !== 'timeout') {
    pprofRan = true;
    for (const type of PPROF_TYPES) {
      const args = [`-pprof=${type}`, file];
      const [g, u] = await Promise.all([runGo(o.goBin, args, o.timeoutMs), o.ours.run({ file, mode: 'pprof', pprof: type }, o.timeoutMs)]);
      spent(o, 'go tool trace -pprof', g);
      spent(o, 'prof-trace -pprof', u);
      let fs = comparePprof(type, g, u);
      if (fs.length > 0 && u.status !== 'timeout' && g.status !== 'timeout') {
        const again = await rerunGo(o, args, g, o.goReruns ?? 1);
        if (again.slice(1).some((r) => comparePprof(type, r, u).length === 0)) {
          fs = [];
          nondet ??= `-pprof=${type}: prof-trace writes one of the profiles go tool trace writes from run to run`;
        } else if (again.some((r) => comparePprof(type, r, g).length > 0)) {
          fs = fs.map((f) => ({ cls: `[go nondeterministic] ${f.cls}`, detail: f.detail }));
        }
      }
      // go tool trace's -d=parsed panicked on this file (a [go bug]): its profiles come from the
      // reader state it crashed on, and vary with its map order (29:140 wrote a profile once and
      // panicked on replay). A difference there is filed with the go bug, not as a mismatch.
      if (isGoPanic(go)) fs = fs.map((f) => (isMismatch(f.cls) ? { cls: `${GO_BUG}after a -d=parsed panic: ${f.cls}`, detail: f.detail } : f));
      findings.push(...fs);
    }
  }
  return { findings, go, ours, goNondeterministic: nondet, pprofRan, parallelRan };
}

/** Whether file is an old-format (Go 1.21 and earlier) trace, by its header. */
function oldFormat(file: string): boolean {
  const m = /^go 1\.(\d+) trace/.exec(readFileSync(file).subarray(0, 16).toString('latin1'));
  return m !== null && Number(m[1]) <= 21;
}
