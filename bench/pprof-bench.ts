// Profile benchmark: `npm run bench:pprof -- FILE [TYPE] [--runs N] [--no-go]`. Times `prof-trace
// -pprof=TYPE` (default sched; it streams the trace) and `go tool trace -pprof=TYPE` on the same
// file, as whole processes run the same number of times (default 3, interleaved) and summarized by
// medians (bench/process-time.ts): wall time, CPU time (user + system) and each process's own
// peak RSS, with the load average of the machine (it is shared: compare runs made under similar
// load). A go tool trace run that fails is reported as failed.

import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary, goTraceTool, runsArg, timeAll } from './process-time.js';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const runs = runsArg(argv);
const [file, type = 'sched'] = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
if (!file || !existsSync(file)) {
  console.error('usage: npm run bench:pprof -- TRACE_FILE [net|sync|syscall|sched] [--runs N] [--no-go]');
  process.exit(2);
}

const mb = statSync(file).size / 1e6;
console.log(`file: ${file} (${mb.toFixed(1)} MB), profile: ${type}`);
const commands: { label: string; cmd: string; args: string[]; env?: NodeJS.ProcessEnv }[] = [
  { label: `prof-trace -pprof=${type}`, cmd: process.execPath, args: [join(here, '../server/cli.js'), `-pprof=${type}`, file] },
];
if (!argv.includes('--no-go')) {
  // (go tool trace holds every event: ~90 bytes of RAM per byte of trace, 17+ GB on 210 MB)
  const tool = goTraceTool();
  if (tool) commands.push({ label: `go tool trace -pprof=${type}`, cmd: tool, args: [`-pprof=${type}`, file], env: { ...process.env, GOTOOLCHAIN: 'local', GOTELEMETRY: 'off' } });
  else console.log('go tool trace: not installed (scripts/install-go.sh 1.26)');
}
console.log(`${runs} runs of each, interleaved; medians:`);
const [ours, theirs] = timeAll(commands, runs);
console.log(formatSummary(ours!, mb, 30));
if (theirs) {
  console.log(formatSummary(theirs, mb, 30));
  if (ours!.failures.length === 0 && theirs.failures.length === 0) {
    console.log(`speed-up: ${(theirs.wallS / ours!.wallS).toFixed(1)}x (medians), memory: ${(theirs.maxRssKiB / ours!.maxRssKiB).toFixed(1)}x less`);
  } else {
    console.log('no speed-up computed: a run failed');
  }
}
