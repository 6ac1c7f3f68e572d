// Differential fuzzer against go tool trace 1.26:
//   npm run fuzz:gtt -- [--iterations N] [--seed S] [--jobs J] [--start I] [--timeout MS]
//                       [--versions 1.19,1.26] [--max-size BYTES] [--pprof-every K (0: no -pprof)] [--parallel-every K]
//                       [--out DIR] [--save-per-class N] [--minimize-budget N | --no-minimize] [--emit DIR]
//   npm run fuzz:gtt -- --replay FILE.trace|FILE.json     (both tools on one saved file, with the diff)
//   npm run fuzz:gtt -- --minimize FILE.trace [--class C]  (shrink a file while its difference stays)
// Mutates the traces of fixtures/ and ../shared/corpus (bench/fuzz/mutations.ts), runs go tool trace
// (its cmd/trace binary, a child process) and prof-trace (its CLI commands, in-process in worker
// threads) on each, and compares -d=parsed byte for byte, the exit status and first error line, and
// the four -pprof profiles' samples (bench/fuzz/compare.ts). Files that differ are saved under
// test-output/fuzz-gtt/<seed>/ with their seed; a summary table groups them into classes.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setPriority, getPriority, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { iterationSeed, mutateTrace, prng } from './fuzz/mutations.js';
import { findGoTraceTool, OursRunner } from './fuzz/runners.js';
import { judge, JudgeOptions, Verdict } from './fuzz/judge.js';
import { minimize } from './fuzz/minimize.js';
import { Finding, goMessage, isMismatch, ourMessage } from './fuzz/compare.js';

/** The checkout: the first directory above this script with package.json and fixtures/ (dist/ may be a copy elsewhere in it). */
function findRepo(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(d, 'package.json')) && existsSync(join(d, 'fixtures')))) {
    const up = dirname(d);
    if (up === d) throw new Error('cannot find the prof-trace checkout above ' + fileURLToPath(import.meta.url));
    d = up;
  }
  return d;
}
const REPO = findRepo();
const CORPUS = resolve(REPO, '../shared/corpus');

// ---- arguments -------------------------------------------------------------------------------

const argv = process.argv.slice(2);
function flag(name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}
const has = (name: string) => argv.includes(`--${name}`);
const num = (name: string, def: number) => (flag(name) === undefined ? def : Number(flag(name)));

if (has('help')) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 7).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}

const opts = {
  iterations: num('iterations', 1000),
  seed: flag('seed') === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(flag('seed')),
  start: num('start', 0),
  jobs: Math.max(1, num('jobs', 2)),
  timeoutMs: num('timeout', 30_000),
  maxSize: num('max-size', 320_000),
  pprofEvery: num('pprof-every', 2),
  parallelEvery: num('parallel-every', 5),
  savePerClass: num('save-per-class', 8),
  minimizeBudget: has('no-minimize') ? 0 : num('minimize-budget', 200),
  versions: flag('versions')?.split(',').map((v) => `go${v.replace(/^go/, '')}`),
  out: resolve(flag('out') ?? join(REPO, 'test-output/fuzz-gtt')),
  /** Also write every mutated file to this directory (as <seed>-<iteration>.trace). */
  emit: flag('emit') === undefined ? null : resolve(flag('emit')!),
};

// The machine is shared: the fuzzer and the processes it starts run at reduced priority.
try {
  if (getPriority() < 10) setPriority(10);
} catch {
  /* not allowed: keep the priority we have */
}

const scratchDir = join(tmpdir(), `fuzz-gtt-${process.pid}`);
mkdirSync(scratchDir, { recursive: true });
const goBin = findGoTraceTool(join(tmpdir(), 'fuzz-gtt-tool'));

// ---- inputs ------------------------------------------------------------------------------

interface Input {
  path: string;
  label: string;
  version: string;
  bytes: Uint8Array;
}

function inputs(): Input[] {
  const out: Input[] = [];
  for (const [root, what] of [
    [join(REPO, 'fixtures/traces'), 'fixtures'],
    [join(CORPUS, 'traces'), 'corpus'],
  ] as const) {
    if (!existsSync(root)) continue;
    for (const v of readdirSync(root).sort()) {
      if (!v.startsWith('go') || (opts.versions && !opts.versions.includes(v))) continue;
      for (const f of readdirSync(join(root, v)).sort()) {
        if (!f.endsWith('.trace')) continue;
        const path = join(root, v, f);
        if (statSync(path).size > opts.maxSize) continue;
        out.push({ path, label: `${what}/${v}/${f}`, version: v, bytes: readFileSync(path) });
      }
    }
  }
  return out;
}

// ---- bookkeeping ----------------------------------------------------------------------------

interface Example {
  iteration: number;
  seed: number;
  size: number;
  file: string;
}
interface ClassStats {
  count: number;
  versions: Map<string, number>;
  examples: Example[];
  first: Example | null;
}

const classes = new Map<string, ClassStats>();
const byVersion = new Map<string, { runs: number; differing: number }>();
const byKind = new Map<string, { runs: number; differing: number }>();
const outcomes = { bothOk: 0, bothFail: 0, statusDiffers: 0, hang: 0 };
let nondeterministic = 0;
/** Files with a difference that is prof-trace's to fix (not go-side, documented or go's nondeterminism). */
let mismatching = 0;
const nondetKinds = new Map<string, number>();
let differing = 0;
let pprofRuns = 0;
let parallelRuns = 0;
let done = 0;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) + '-' + createHash('sha1').update(s).digest('hex').slice(0, 6);

function saveCase(dir: string, bytes: Uint8Array, meta: object): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'input.trace');
  writeFileSync(file, bytes);
  writeFileSync(join(dir, 'case.json'), JSON.stringify(meta, null, 2) + '\n');
  return file;
}

function describeRun(v: Verdict) {
  const events = (b: Buffer) => b.toString('utf8').split('\n').filter((l) => l.startsWith('M=')).length;
  return {
    go: { status: v.go.status, events: events(v.go.stdout), error: goMessage(v.go) },
    ours: { status: v.ours.status, events: events(v.ours.stdout), error: ourMessage(v.ours) },
  };
}

function bump<K>(m: Map<K, { runs: number; differing: number }>, k: K, diff: boolean) {
  const e = m.get(k) ?? { runs: 0, differing: 0 };
  e.runs++;
  if (diff) e.differing++;
  m.set(k, e);
}

// ---- one iteration -------------------------------------------------------------------------

const times = new Map<string, number>();

function judgeOptions(ours: OursRunner, pprofDamaged: boolean, parallel: boolean, pprof = opts.pprofEvery > 0): JudgeOptions {
  return { goBin, ours, timeoutMs: opts.timeoutMs, pprof, pprofDamaged, parallel, times };
}

async function iteration(i: number, all: Input[], versions: string[], ours: OursRunner, slot: number, runDir: string) {
  const seed = iterationSeed(opts.seed, i);
  const r = prng(seed);
  const version = versions[Math.floor(r() * versions.length)]!;
  const pool = all.filter((x) => x.version === version);
  const src = pool[Math.floor(r() * pool.length)]!;
  const others = r() < 0.7 ? pool : all;
  const other = others[Math.floor(r() * others.length)]!;
  const m = mutateTrace(src.bytes, other.bytes, r);
  const file = join(scratchDir, `slot${slot}.trace`);
  writeFileSync(file, m.bytes);
  if (opts.emit) {
    mkdirSync(opts.emit, { recursive: true });
    writeFileSync(join(opts.emit, `${opts.seed}-${i}.trace`), m.bytes);
  }
  const pprof = opts.pprofEvery > 0 && i % opts.pprofEvery === 0; // on damaged traces; always on sound ones
  const parallel = opts.parallelEvery > 0 && i % opts.parallelEvery === 0;
  const v = await judge(file, judgeOptions(ours, pprof, parallel));
  if (v.pprofRan) pprofRuns++;
  if (v.parallelRan) parallelRuns++;
  if (v.go.status === 'timeout' || v.ours.status === 'timeout') outcomes.hang++;
  else if (v.go.status === 0 && v.ours.status === 0) outcomes.bothOk++;
  else if (v.go.status !== 0 && v.ours.status !== 0) outcomes.bothFail++;
  else outcomes.statusDiffers++;
  if (v.goNondeterministic) {
    nondeterministic++;
    nondetKinds.set(v.goNondeterministic, (nondetKinds.get(v.goNondeterministic) ?? 0) + 1);
  }
  const clsSet = new Map<string, Finding>();
  for (const f of v.findings) if (!clsSet.has(f.cls)) clsSet.set(f.cls, f);
  const diff = clsSet.size > 0;
  bump(byVersion, version, diff);
  bump(byKind, m.kind, diff);
  done++;
  if (!diff) return;
  differing++;
  if ([...clsSet.keys()].some(isMismatch)) mismatching++;
  const caseDir = join(runDir, 'cases', String(i));
  let saved: string | null = null;
  for (const [cls, f] of clsSet) {
    const st: ClassStats = classes.get(cls) ?? { count: 0, versions: new Map(), examples: [], first: null };
    classes.set(cls, st);
    st.count++;
    st.versions.set(version, (st.versions.get(version) ?? 0) + 1);
    const worth = st.examples.length < opts.savePerClass || m.bytes.length < Math.min(...st.examples.map((e) => e.size));
    if (!worth) continue;
    saved ??= saveCase(caseDir, m.bytes, {
      runSeed: opts.seed,
      iteration: i,
      iterationSeed: seed,
      source: src.label,
      other: other.label,
      mutation: m.desc,
      mutationKind: m.kind,
      size: m.bytes.length,
      classes: [...clsSet.keys()],
      findings: [...clsSet.values()],
      ...describeRun(v),
      replay: `npm run fuzz:gtt -- --replay ${relative(REPO, join(caseDir, 'input.trace'))}`,
      regenerate: `npm run fuzz:gtt -- --seed ${opts.seed} --start ${i} --iterations 1`,
    });
    const ex = { iteration: i, seed, size: m.bytes.length, file: saved };
    st.first ??= ex;
    st.examples.push(ex);
    st.examples.sort((a, b) => a.size - b.size);
    if (st.examples.length > opts.savePerClass) st.examples.pop();
  }
}

// ---- summary -------------------------------------------------------------------------------

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  return rows.map((r) => r.map((c, k) => (k === 0 ? c.padEnd(w[k]!) : c.padStart(w[k]!))).join('  ')).join('\n');
}

function summary(elapsedS: number, minimized: Map<string, { file: string; size: number }>): string {
  const lines: string[] = [];
  lines.push(`fuzz:gtt seed ${opts.seed}, iterations ${opts.start}..${opts.start + done - 1} (${done} files) in ${elapsedS.toFixed(0)} s (${(done / elapsedS).toFixed(1)}/s), jobs ${opts.jobs}`);
  lines.push(`go tool trace: ${goBin}`);
  lines.push(`-d=parsed on every file; -pprof (4 types) on ${pprofRuns} files (every one both read whole, every ${opts.pprofEvery}th one go tool trace read part of); parallel path on ${parallelRuns}`);
  lines.push(`outcomes: both exit 0 ${outcomes.bothOk}, both fail ${outcomes.bothFail}, exit status differs ${outcomes.statusDiffers}, a hang ${outcomes.hang}`);
  lines.push(`time spent (s, summed over jobs): ${[...times].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(0)}`).join(', ')}`);
  lines.push(`files with a difference: ${differing}; explained by go tool trace's own nondeterminism: ${nondeterministic}`);
  lines.push(`files with a prof-trace mismatch: ${mismatching} (the others: only [go bug] — go tool trace panics —, [documented] or [go nondeterministic] classes)`);
  for (const [k, n] of nondetKinds) lines.push(`  ${n} × ${k}`);
  lines.push('');
  lines.push(table([['version', 'files', 'differing'], ...[...byVersion].sort().map(([k, e]) => [k, String(e.runs), String(e.differing)])]));
  lines.push('');
  lines.push(table([['mutation', 'files', 'differing'], ...[...byKind].sort((a, b) => b[1].runs - a[1].runs).map(([k, e]) => [k, String(e.runs), String(e.differing)])]));
  lines.push('');
  const rows = [...classes].sort((a, b) => b[1].count - a[1].count);
  lines.push(
    table([
      ['class', 'files', 'versions', 'first (seed:iteration)', 'smallest', 'minimized'],
      ...rows.map(([cls, st]) => [
        cls.length > 110 ? cls.slice(0, 109) + '…' : cls,
        String(st.count),
        [...st.versions.keys()].sort().map((v) => v.replace('go', '')).join(','),
        st.first ? `${opts.seed}:${st.first.iteration}` : '',
        st.examples[0] ? `${st.examples[0].size} B` : '',
        minimized.get(cls) ? `${minimized.get(cls)!.size} B` : '',
      ]),
    ]),
  );
  lines.push('');
  for (const [cls, st] of rows) {
    lines.push(`${cls}`);
    if (st.examples[0]) lines.push(`  replay:    npm run fuzz:gtt -- --replay ${relative(REPO, st.examples[0].file)}`);
    if (st.first) lines.push(`  seed:      npm run fuzz:gtt -- --seed ${opts.seed} --start ${st.first.iteration} --iterations 1`);
    const mn = minimized.get(cls);
    if (mn) lines.push(`  minimized: ${relative(REPO, mn.file)} (${mn.size} B)`);
  }
  return lines.join('\n');
}

// ---- modes ----------------------------------------------------------------------------------

function printVerdict(file: string, v: Verdict) {
  const d = describeRun(v);
  console.log(`file: ${file} (${statSync(file).size} B)`);
  console.log(`go tool trace -d=parsed: exit ${d.go.status}, ${d.go.events} events${d.go.error ? `, "${d.go.error}"` : ''}`);
  console.log(`prof-trace    -d=parsed: exit ${d.ours.status}, ${d.ours.events} events${d.ours.error ? `, "${d.ours.error}"` : ''}`);
  if (v.goNondeterministic) console.log(`go tool trace nondeterministic here: ${v.goNondeterministic}`);
  if (v.findings.length === 0) console.log('no difference');
  for (const f of v.findings) console.log(`\n* ${f.cls}\n${f.detail}`);
}

async function replay(path: string) {
  const file = path.endsWith('.json') ? join(dirname(path), 'input.trace') : path;
  const ours = new OursRunner();
  const v = await judge(resolve(file), judgeOptions(ours, true, true, true));
  printVerdict(file, v);
  await ours.close();
  process.exitCode = v.findings.length > 0 ? 1 : 0;
}

async function minimizeClass(file: string, cls: string, ours: OursRunner, budget: number, outFile: string) {
  const pprof = cls.includes('pprof');
  const parallel = cls.startsWith('[parallel path]');
  const scratch = join(scratchDir, `min-${process.pid}.trace`);
  const res = await minimize(readFileSync(file), scratch, async (f) => (await judge(f, judgeOptions(ours, pprof, parallel, pprof))).findings.some((x) => x.cls === cls), budget);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, res.bytes);
  return { file: outFile, size: res.bytes.length, evaluations: res.evaluations };
}

async function minimizeMode(path: string) {
  const ours = new OursRunner();
  let cls = flag('class');
  if (!cls) {
    const v = await judge(resolve(path), judgeOptions(ours, true, true, true));
    cls = v.findings[0]?.cls;
    if (!cls) {
      console.log('no difference to keep');
      await ours.close();
      return;
    }
  }
  const out = join(dirname(resolve(path)), `min-${basename(path)}`);
  const m = await minimizeClass(resolve(path), cls, ours, num('minimize-budget', 300), out);
  console.log(`class: ${cls}\nminimized: ${m.file} (${m.size} B, ${m.evaluations} evaluations)`);
  printVerdict(m.file, await judge(m.file, judgeOptions(ours, true, true, true)));
  await ours.close();
}

async function fuzz() {
  const all = inputs();
  const versions = [...new Set(all.map((x) => x.version))].sort();
  if (all.length === 0) throw new Error('no input traces (fixtures/traces, ../shared/corpus/traces)');
  const runDir = join(opts.out, String(opts.seed));
  mkdirSync(runDir, { recursive: true });
  console.log(`fuzz:gtt seed ${opts.seed}: ${opts.iterations} iterations from ${opts.start}, ${all.length} input traces (${versions.join(' ')}), ${opts.jobs} jobs`);
  console.log(`go tool trace: ${goBin}\nsaving differences under ${relative(REPO, runDir) || runDir}`);
  const t0 = performance.now();
  let next = opts.start;
  const end = opts.start + opts.iterations;
  let lastReport = t0;
  const runners = Array.from({ length: opts.jobs }, () => new OursRunner());
  await Promise.all(
    runners.map(async (ours, slot) => {
      while (next < end) {
        const i = next++;
        await iteration(i, all, versions, ours, slot, runDir);
        const now = performance.now();
        if (now - lastReport > 30_000) {
          lastReport = now;
          const s = (now - t0) / 1000;
          console.log(`[fuzz:gtt] ${done}/${opts.iterations} in ${s.toFixed(0)} s (${(done / s).toFixed(1)}/s): ${differing} differing files, ${classes.size} classes`);
          writeFileSync(join(runDir, 'summary.txt'), summary(s, new Map()) + '\n'); // so far
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const minimized = new Map<string, { file: string; size: number }>();
  // The counts are final here: write them before the (slow) minimization.
  writeFileSync(join(runDir, 'summary.txt'), summary(elapsed, minimized) + '\n');
  if (opts.minimizeBudget > 0 && classes.size > 0) {
    console.log(`minimizing one example per class (budget ${opts.minimizeBudget} evaluations each)…`);
    for (const [cls, st] of classes) {
      if (!st.examples[0]) continue;
      const m = await minimizeClass(st.examples[0].file, cls, runners[0]!, opts.minimizeBudget, join(runDir, 'minimized', `${slug(cls)}.trace`));
      minimized.set(cls, m);
    }
  }
  const text = summary(elapsed, minimized);
  writeFileSync(join(runDir, 'summary.txt'), text + '\n');
  writeFileSync(
    join(runDir, 'summary.json'),
    JSON.stringify(
      {
        seed: opts.seed,
        start: opts.start,
        iterations: done,
        elapsedS: elapsed,
        outcomes,
        differing,
        nondeterministic,
        mismatching,
        classes: Object.fromEntries(
          [...classes].map(([cls, st]) => [cls, { count: st.count, versions: Object.fromEntries(st.versions), first: st.first, examples: st.examples, minimized: minimized.get(cls) ?? null }]),
        ),
      },
      null,
      2,
    ) + '\n',
  );
  console.log('\n' + text);
  await Promise.all(runners.map((r) => r.close()));
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const main = flag('replay') ? () => replay(flag('replay')!) : flag('minimize') ? () => minimizeMode(flag('minimize')!) : fuzz;
main()
  .catch((e: Error) => {
    console.error(`fuzz:gtt: ${e.stack ?? e.message}`);
    process.exitCode = 2;
  })
  .finally(() => rmSync(scratchDir, { recursive: true, force: true }));
