// Profile benchmark: `npm run bench:pprof -- FILE [TYPE]`. Times `prof-trace -pprof=TYPE` (default
// sched) and `go tool trace -pprof=TYPE` on the same file in the same run: wall time and peak RSS.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [file, type = 'sched'] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  console.error('usage: npm run bench:pprof -- TRACE_FILE [net|sync|syscall|sched]');
  process.exit(2);
}

function timed(cmd: string, args: string[]): { s: number; mib: number; ok: boolean } {
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOTELEMETRY: 'off' };
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { env, maxBuffer: 1 << 30, encoding: 'buffer' });
  const last = r.stderr.toString().trim().split('\n').pop()!.split(' ');
  return { s: Number(last[0]), mib: Number(last[1]) / 1024, ok: r.status === 0 };
}

const mb = statSync(file).size / 1e6;
console.log(`file: ${file} (${mb.toFixed(1)} MB), profile: ${type}`);
const ours = timed(process.execPath, [join(here, '../server/cli.js'), `-pprof=${type}`, file]);
console.log(`prof-trace -pprof=${type}      ${ours.s.toFixed(2).padStart(8)} s ${ours.mib.toFixed(0).padStart(7)} MiB${ours.ok ? '' : '  (failed)'}`);
const go = '/usr/lib/go-1.26/bin/go';
if (existsSync(go)) {
  const bin = spawnSync(go, ['tool', '-n', 'trace'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } }).stdout.trim();
  const theirs = timed(bin, [`-pprof=${type}`, file]);
  console.log(`go tool trace -pprof=${type}   ${theirs.s.toFixed(2).padStart(8)} s ${theirs.mib.toFixed(0).padStart(7)} MiB${theirs.ok ? '' : '  (failed)'}`);
  if (ours.ok && theirs.ok) console.log(`speed-up: ${(theirs.s / ours.s).toFixed(1)}x, memory: ${(theirs.mib / ours.mib).toFixed(1)}x less`);
} else {
  console.log('go tool trace: not installed (scripts/install-go.sh 1.26)');
}
