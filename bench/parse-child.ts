// Runs one full parse in its own process and reports, as JSON on stdout, what the benchmark needs
// (the benchmark times this whole process from outside: bench/process-time.ts).

import { statSync } from 'node:fs';
import { parseTraceFile } from '../parser/node.js';
import type { ParallelStats } from '../parser/v2/parallel.js';

const file = process.argv[2]!;
const workers = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const t0 = performance.now();
const stats = {} as ParallelStats;
const store = await parseTraceFile(file, { workers, stats });
const wallMs = performance.now() - t0;
// What the store's event columns hold: their used parts (a sealed chunk's columns are views of
// larger buffers whose tails, never written, take no memory pages).
let heldBytes = 0;
for (const c of store.chunks) {
  for (const a of [c.t32, c.t64, c.typ, c.ctx, c.argBase, c.argRel, c.args]) heldBytes += a?.byteLength ?? 0;
}
process.stdout.write(
  JSON.stringify({
    bytes: statSync(file).size,
    stats,
    events: store.count,
    generations: store.generations,
    error: store.error?.message ?? null,
    wallMs,
    heldBytes,
    maxRssKiB: process.resourceUsage().maxRSS,
  }) + '\n',
);
