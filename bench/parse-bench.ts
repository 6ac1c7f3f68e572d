// Parse benchmark: `npm run bench -- FILE [--runs N] [--sched]`. Times, as whole processes run the
// same number of times (default 3, interleaved) and summarized by medians (bench/process-time.ts):
//  - prof-trace's full parse (every event ordered and held; bench/parse-child.js), with workers
//    and on one thread;
//  - the raw decode of both tools (-d=footprint) for Go 1.22+ traces;
//  - go tool trace -pprof=sched (its full parse holds every event) for old-format traces or with
//    --sched, next to prof-trace -pprof=sched.
// Wall time includes Node's and Go's start-up; peak RSS is each process's own.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readHeader } from '../parser/header.js';
import { isV1Version } from '../parser/wire/specs.js';
import { formatSummary, goTraceTool, runsArg, timeAll } from './process-time.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
if (!file || !existsSync(file)) {
  console.error('usage: npm run bench -- TRACE_FILE [--runs N] [--sched]');
  process.exit(2);
}
const runs = runsArg(args);
const node = process.execPath;
const child = join(here, 'parse-child.js');
const cli = join(here, '../server/cli.js');
const heap = '--max-old-space-size=16384';

const size = statSync(file).size;
const mb = size / 1e6;
console.log(`file: ${file}`);
console.log(`size: ${size} bytes (${mb.toFixed(1)} MB)`);

// One untimed parse first: what the trace holds (and the file in the page cache for every tool).
const info = spawnSync(node, [heap, child, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
if (info.status !== 0) {
  console.error(`prof-trace could not parse ${file}: ${info.stderr.trim().split('\n').pop()}`);
  process.exit(1);
}
const m = JSON.parse(info.stdout) as {
  events: number;
  generations: number;
  error: string | null;
  stats?: { merged?: number; fallbacks?: number };
  heldBytes: number;
  maxRssKiB: number;
};
console.log(`events: ${m.events} in ${m.generations} generations${m.error ? ` (damaged: ${m.error})` : ''}; parallel merge: ${m.stats?.merged ?? 0} merged, ${m.stats?.fallbacks ?? 0} re-ordered`);
// Memory of that parse: the store's event columns, and the process's peak RSS (which includes
// the input file, held whole), both per event.
const perEvent = (bytes: number) => (m.events > 0 ? (bytes / m.events).toFixed(1) : '-');
console.log(
  `held: event store ${(m.heldBytes / 2 ** 20).toFixed(0)} MiB (${perEvent(m.heldBytes)} B/event); ` +
    `peak RSS ${(m.maxRssKiB / 1024).toFixed(0)} MiB (${perEvent(m.maxRssKiB * 1024)} B/event, input file included)`,
);

const goTool = goTraceTool();
if (goTool === null) console.log('go tool trace: not installed (scripts/install-go.sh 1.26); prof-trace only');
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOTELEMETRY: 'off' };
const old = isV1Version(readHeader(readFileSync(file)).version);

const commands: { label: string; cmd: string; args: string[]; env?: NodeJS.ProcessEnv }[] = [
  { label: 'prof-trace full parse (workers)', cmd: node, args: [heap, child, file] },
  { label: 'prof-trace full parse (1 thread)', cmd: node, args: [heap, child, file, '0'] },
];
if (!old) {
  commands.push({ label: 'prof-trace -d=footprint (decode)', cmd: node, args: [heap, cli, '-d=footprint', file] });
  if (goTool) commands.push({ label: 'go tool trace -d=footprint (decode)', cmd: goTool, args: ['-d=footprint', file], env: goEnv });
}
if (old || args.includes('--sched')) {
  commands.push({ label: 'prof-trace -pprof=sched', cmd: node, args: [heap, cli, '-pprof=sched', file] });
  if (goTool) commands.push({ label: 'go tool trace -pprof=sched (parse)', cmd: goTool, args: ['-pprof=sched', file], env: goEnv });
}
console.log(`${runs} runs of each, interleaved; medians:`);
for (const s of timeAll(commands, runs)) console.log(formatSummary(s, mb, 38));
