// Worker thread entry: orders generations speculatively on request (see parallel.ts).

import { parentPort } from 'node:worker_threads';
import { speculateGeneration } from './gen-speculate.js';

interface Request {
  id: number;
  bytes: Uint8Array;
  version: number;
  trueInitial: boolean;
  keep: Uint8Array | null;
}

parentPort!.on('message', (req: Request) => {
  const res = speculateGeneration(req.bytes, req.version, req.trueInitial, req.keep);
  const transfer: ArrayBuffer[] = [];
  const c = res.chunk;
  if (c) {
    // Shared columns go across as they are; other buffers are handed over.
    for (const a of [c.t32, c.t64, c.typ, c.ctx, c.argBase, c.argRel, c.args]) if (a && a.buffer instanceof ArrayBuffer) transfer.push(a.buffer);
    if (res.ordinals) transfer.push(res.ordinals.buffer as ArrayBuffer);
  }
  parentPort!.postMessage({ id: req.id, res }, transfer);
});
