// Worker thread of the differential fuzzer: runs prof-trace's own CLI commands (server/cli-commands.ts)
// in-process on one file per message and posts back what the CLI would print and its exit status.
// The fuzzer terminates this thread when a run outlives its timeout (a hang is a finding).

import { parentPort } from 'node:worker_threads';
import { CommandFailure, CommandIO, commandParsed, commandPprof } from '../../server/cli-commands.js';
import type { PprofKind } from '../../api/profile-kinds.js';
import type { ParseFileOptions } from '../../parser/node.js';

export interface OursRequest {
  id: number;
  file: string;
  mode: 'parsed' | 'pprof';
  pprof?: PprofKind;
  /** true: force the parallel (worker-thread) parse even on a small file. */
  parallel?: boolean;
}

export interface OursResponse {
  id: number;
  status: number;
  stdout: Uint8Array;
  stderr: string;
  /** A JavaScript exception other than a clean CommandFailure: the CLI would print "internal error". */
  internal?: string;
}

parentPort!.on('message', async (req: OursRequest) => {
  // stdout in write order (text as UTF-8; -d=parsed writes raw bytes of invalid UTF-8 as binary).
  const bin: Uint8Array[] = [];
  const err: string[] = [];
  const io: CommandIO = { out: (s) => bin.push(Buffer.from(s, 'utf8')), outBinary: (b) => bin.push(b), warn: (m) => err.push(`prof-trace: ${m}\n`) };
  const opts: ParseFileOptions = req.parallel ? { workers: 2, parallelThreshold: 0 } : {};
  let status = 0;
  let internal: string | undefined;
  try {
    if (req.mode === 'parsed') await commandParsed(req.file, io, opts);
    else await commandPprof(req.file, req.pprof!, io, opts);
  } catch (e) {
    status = 1;
    if (e instanceof CommandFailure) {
      status = e.code;
      err.push(`prof-trace: ${e.message}\n`);
    } else {
      internal = (e as Error).stack ?? String(e);
      err.push(`prof-trace: internal error: ${(e as Error).message}\n`);
    }
  }
  const stdout = Buffer.concat(bin);
  // (As the CLI's stderr has it: written as UTF-8, a string's raw-byte stand-ins — lone
  // surrogates, parser/go/go-utf8.ts — come out as U+FFFD, which is also what go tool trace's raw
  // bytes decode to.)
  const stderr = Buffer.from(err.join(''), 'utf8').toString('utf8');
  const res: OursResponse = { id: req.id, status, stdout, stderr, internal };
  parentPort!.postMessage(res);
});
