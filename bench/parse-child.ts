// Runs one full parse in its own process and reports, as JSON on stdout, what the benchmark needs.

import { readFileSync } from 'node:fs';
import { parseTrace } from '../parser/index.js';

const file = process.argv[2]!;
const t0 = performance.now();
const bytes = readFileSync(file);
const store = parseTrace(bytes);
const wallMs = performance.now() - t0;
process.stdout.write(
  JSON.stringify({
    bytes: bytes.length,
    events: store.count,
    generations: store.generations,
    error: store.error?.message ?? null,
    wallMs,
    maxRssKiB: process.resourceUsage().maxRSS,
  }) + '\n',
);
