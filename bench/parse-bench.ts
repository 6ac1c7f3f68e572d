// Parse benchmark: `npm run bench -- FILE [--runs N] [--sched]`. Prints prof-trace's full parse
// (every event ordered and held), with workers and on one thread, next to go tool trace on the
// same file in the same run: its raw decode (-d=footprint) for Go 1.22+ traces, and its full parse
// (-pprof=sched, which holds every event) for old-format traces or with --sched.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readHeader } from '../parser/header.js';
import { isV1Version } from '../parser/wire/specs.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const runsIdx = args.indexOf('--runs');
const runs = runsIdx >= 0 ? Number(args[runsIdx + 1]) : 1;
if (!file || !existsSync(file)) {
  console.error('usage: npm run bench -- TRACE_FILE [--runs N]');
  process.exit(2);
}

interface Measure {
  stats?: { generations?: number; merged?: number; fallbacks?: number; sequential?: boolean };
  wallMs: number;
  maxRssKiB: number;
  events?: number;
  generations?: number;
  error?: string | null;
}

function ours(workers?: number): Measure {
  const extra = workers === undefined ? [] : [String(workers)];
  const r = spawnSync(process.execPath, ['--max-old-space-size=16384', join(here, 'parse-child.js'), file!, ...extra], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`parse failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Measure;
}

/** go tool trace, via the binary `go tool -n trace` names, timed by /usr/bin/time. */
function goTool(mode: string): Measure | null {
  const go = '/usr/lib/go-1.26/bin/go';
  if (!existsSync(go) || !existsSync('/usr/bin/time')) return null;
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOTELEMETRY: 'off' };
  const bin = spawnSync(go, ['tool', '-n', 'trace'], { encoding: 'utf8', env }).stdout.trim();
  if (!bin) return null;
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', bin, mode, file!], { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  const last = r.stderr.trim().split('\n').pop()!.split(' ');
  return { wallMs: Number(last[0]) * 1000, maxRssKiB: Number(last[1]) };
}

const size = statSync(file).size;
const mb = size / 1e6;
const fmt = (m: Measure) =>
  `${(m.wallMs / 1000).toFixed(2).padStart(8)} s ${(mb / (m.wallMs / 1000)).toFixed(1).padStart(8)} MB/s ${(m.maxRssKiB / 1024).toFixed(0).padStart(7)} MiB`;

console.log(`file: ${file}`);
console.log(`size: ${size} bytes (${mb.toFixed(1)} MB)`);
for (let i = 0; i < runs; i++) {
  const m = ours();
  const s = m.stats;
  if (i === 0) console.log(`events: ${m.events} in ${m.generations} generations${m.error ? ` (damaged: ${m.error})` : ''}`);
  console.log(`prof-trace full parse (workers)    ${fmt(m)}   merged ${s?.merged ?? 0}, re-ordered ${s?.fallbacks ?? 0}`);
  console.log(`prof-trace full parse (1 thread)   ${fmt(ours(0))}`);
}
const old = isV1Version(readHeader(readFileSync(file)).version);
if (!old) {
  const fp = goTool('-d=footprint');
  if (fp) console.log(`go tool trace -d=footprint (decode) ${fmt(fp)}`);
  else console.log('go tool trace: not installed (scripts/install-go.sh 1.26)');
}
if (old || args.includes('--sched')) {
  const sched = goTool('-pprof=sched');
  if (sched) console.log(`go tool trace -pprof=sched (parse) ${fmt(sched)}`);
}
