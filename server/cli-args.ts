// Command-line flags of prof-trace, spelled as go tool trace spells them (-d=parsed, -pprof=sync,
// -http=addr), also accepting the GNU forms (--d parsed, --pprof=sync). The -pprof kinds are
// api/profile-kinds.ts's table.

import { PROFILE_KINDS, profileKind, type PprofKind } from '../api/profile-kinds.js';
import { parseWindowText } from '../analysis/time-window.js';

export class CliError extends Error {}

export interface CliArgs {
  file?: string;
  debug?: 'parsed' | 'wire' | 'footprint' | 'goroutines' | 'critical-path';
  pprof?: PprofKind;
  http?: string;
  /** -diff_base=BASE: compare with another trace (pprof's flag name). */
  diffBase?: string;
  /** pprof's -source_path and -trim_path (':'-separated lists) for the Source view. */
  sourcePath?: string;
  trimPath?: string;
  /** -task=ID and -goid=N: whose critical path -d=critical-path prints. */
  task?: number;
  goid?: number;
  /** -window=START,END: Go durations from the trace's start (ns), END > START. */
  window?: { start: number; end: number };
  open: boolean;
  /** --events-on-disk: the server keeps the events on disk once analyzed (server/event-spill.ts). */
  eventsOnDisk: boolean;
  help: boolean;
  version: boolean;
}

const DEBUG_MODES = ['parsed', 'wire', 'footprint', 'goroutines', 'critical-path'];

/** A non-negative integer flag value (a task or goroutine id). */
function idValue(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new CliError(`invalid value ${JSON.stringify(v)} for flag -${flag}: want a non-negative integer`);
  return Number(v);
}

/** -window=START,END: two Go durations from the trace's start ("1.5s,2s", "0,250ms"). */
export function parseWindow(v: string): { start: number; end: number } {
  try {
    return parseWindowText(v);
  } catch (e) {
    throw new CliError(`invalid value ${JSON.stringify(v)} for flag -window: ${(e as Error).message}`);
  }
}

export function usage(): string {
  const kinds = PROFILE_KINDS.map((k) => k.id).join(', ');
  return `Usage: prof-trace [flags] trace.out
       prof-trace [flags] http://host:6060/debug/pprof/trace?seconds=5
       prof-trace export --format=parquet --out DIR TRACE...
       prof-trace query 'SQL' TRACE|DIR...

Reads a Go execution trace (runtime/trace, go test -trace, /debug/pprof/trace) and opens it
in the browser, as 'go tool trace trace.out' does: timelines, goroutine analysis, blocking
profiles, tasks and regions, MMU. With -pprof or -d it prints what go tool trace prints instead.
A URL is fetched from a program serving net/http/pprof (saved, then opened); - reads standard input.
'prof-trace export --help' and 'prof-trace query --help' tell about the tables and SQL.

Flags:
  -http=addr       HTTP service address (default 127.0.0.1 on a free port)
  -pprof=type      print a pprof profile instead: ${kinds}
  -d=mode          print debug info and exit: parsed, wire, footprint, goroutines, critical-path
  -task=ID         -d=critical-path: the path of a task, from its begin to its end
  -goid=N          -d=critical-path: the path of a goroutine (its life, or the -window)
  -window=A,B      only [A,B), Go durations from the trace's start (1.5s,2s), for -pprof,
                   -d=goroutines and -d=critical-path -goid: intervals count for their part inside
  -diff_base=file  compare with another trace: the viewer shows both, -pprof writes
                   FILE's profile minus BASE's (as go tool pprof -diff_base reads it)
  -source_path=p   search path (':'-separated) for the profiles' Source view
  -trim_path=p     path prefixes (':'-separated) cut from source paths before searching
  --no-open        do not open a browser
  --events-on-disk keep the parsed events in a temporary file rather than in memory,
                   whatever the trace's size (traces of 64 MiB and more always do)
  --help           show this help
  --version        print the version
`;
}

export function parseArgs(argv: string[]): CliArgs {
  const a: CliArgs = { open: true, eventsOnDisk: false, help: false, version: false };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--' ) {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const takeValue = (): string => {
      if (eq >= 0) return body.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new CliError(`flag needs an argument: -${name}`);
      return v;
    };
    switch (name) {
      case 'h':
      case 'help':
        a.help = true;
        break;
      case 'version':
        a.version = true;
        break;
      case 'no-open':
        a.open = false;
        break;
      case 'events-on-disk':
        a.eventsOnDisk = true;
        break;
      case 'd': {
        const v = takeValue();
        if (!DEBUG_MODES.includes(v)) throw new CliError(`invalid debug mode ${v}, want one of: ${DEBUG_MODES.join(', ')}`);
        a.debug = v as CliArgs['debug'];
        break;
      }
      case 'pprof': {
        const v = takeValue();
        if (profileKind(v) === undefined) throw new CliError(`unknown pprof type ${v}, want one of: ${PROFILE_KINDS.map((k) => k.id).join(', ')}`);
        a.pprof = v as PprofKind;
        break;
      }
      case 'task':
        a.task = idValue(name, takeValue());
        break;
      case 'goid':
        a.goid = idValue(name, takeValue());
        break;
      case 'window':
        a.window = parseWindow(takeValue());
        break;
      case 'http':
        a.http = takeValue();
        break;
      case 'diff_base':
        a.diffBase = takeValue();
        break;
      case 'source_path':
        a.sourcePath = takeValue();
        break;
      case 'trim_path':
        a.trimPath = takeValue();
        break;
      default:
        throw new CliError(`flag provided but not defined: -${name}`);
    }
  }
  if (a.help || a.version) return a;
  if (a.diffBase !== undefined && a.debug !== undefined) throw new CliError('-diff_base compares profiles (-pprof) or opens both traces in the viewer; it does not go with -d');
  if (a.debug === 'critical-path') {
    if ((a.task === undefined) === (a.goid === undefined)) throw new CliError('-d=critical-path needs one of -task=ID or -goid=N');
    if (a.task !== undefined && a.window !== undefined) throw new CliError('-window goes with -goid (the path of a task spans the task)');
  } else if (a.task !== undefined || a.goid !== undefined) {
    throw new CliError('-task and -goid go with -d=critical-path');
  }
  if (a.window !== undefined && a.debug !== 'critical-path' && a.debug !== 'goroutines' && a.pprof === undefined) {
    throw new CliError('-window goes with -pprof=TYPE, -d=goroutines or -d=critical-path -goid=N');
  }
  if (a.window !== undefined && a.diffBase !== undefined) throw new CliError('-window does not go with -diff_base');
  if (files.length === 0) throw new CliError('missing trace file');
  // go tool trace accepts an optional binary before the trace (for Go ≤ 1.6 traces); so do we, and ignore it.
  if (files.length > 2) throw new CliError(`too many arguments: ${files.join(' ')}`);
  a.file = files[files.length - 1];
  return a;
}
