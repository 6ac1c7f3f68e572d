// Worker thread entry: orders generations speculatively on request (see parallel.ts). A
// generation comes as its bytes, or as a file range it reads itself into one buffer of its own,
// reused from generation to generation (no fresh pages to fault in for each).

import { parentPort } from 'node:worker_threads';
import { speculateGeneration, failedSpeculation } from './gen-speculate.js';
import { type FileRange, scratchFor } from './gen-index.js';
import { readRange } from '../read-range.js';

interface Request {
  id: number;
  bytes?: Uint8Array;
  range?: FileRange;
  version: number;
  trueInitial: boolean;
  keep: Uint8Array | null;
}

let scratch: Uint8Array = new Uint8Array(0);

/** The range's bytes, in this thread's buffer (valid until the next read). */
function readHere(r: FileRange): Uint8Array {
  scratch = scratchFor(scratch, r.end - r.start);
  return readRange(r.fd, Infinity, r.start, r.end, scratch);
}

parentPort!.on('message', (req: Request) => {
  let bytes = req.bytes;
  if (bytes === undefined) {
    try {
      bytes = readHere(req.range!);
    } catch (e) {
      // The file could not be read here: answered as a structural failure, so the trace goes
      // to the sequential reader, which reports what it finds.
      const msg = `generation worker could not read the trace: ${(e as Error).message}`;
      parentPort!.postMessage({ id: req.id, res: failedSpeculation(0, msg, msg, 0) });
      return;
    }
  }
  const res = speculateGeneration(bytes, req.version, req.trueInitial, req.keep);
  const transfer: ArrayBuffer[] = [];
  const c = res.chunk;
  if (c) {
    // Shared columns go across as they are; other buffers are handed over.
    for (const a of [c.t32, c.t64, c.typ, c.ctx, c.argBase, c.argRel, c.args]) if (a && a.buffer instanceof ArrayBuffer) transfer.push(a.buffer);
    if (res.ordinals) transfer.push(res.ordinals.buffer as ArrayBuffer);
  }
  parentPort!.postMessage({ id: req.id, res }, transfer);
});
