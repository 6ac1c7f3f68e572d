// Timeline benchmark: `npm run bench:tiles -- FILE [--requests N] [--seed S] [--warm]`. Parses the trace,
// builds the timeline model, then times tiles (all P tracks + 60 random goroutine tracks at
// width 1600) and counters over random windows and zooms (--warm: build the P and thread
// summaries first, as a server can after it starts listening). Prints numbers; asserts nothing.

import { existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseTraceFile } from '../parser/node.js';
import { buildTimeline } from '../analysis/timeline/build.js';
import { warmTimeline } from '../analysis/timeline/lod.js';
import { timelineTile } from '../analysis/timeline/tiles.js';
import { timelineCounters } from '../analysis/timeline/counters-query.js';
import { encodeTile } from '../api/tile-format.js';
import { formatTrackId } from '../api/track-kinds.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const opt = (name: string, def: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
if (!file || !existsSync(file)) {
  console.error('usage: npm run bench:tiles -- TRACE_FILE [--requests N] [--seed S]');
  process.exit(2);
}
const requests = opt('--requests', 200);
let seed = opt('--seed', 1) >>> 0 || 1;
const rand = (): number => {
  // xorshift32: the same windows on every run.
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed / 4294967296;
};
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
const pct = (a: number[], q: number): number => a[Math.min(a.length - 1, Math.floor(q * a.length))]!;
const stats = (a: number[]): string => {
  const s = [...a].sort((x, y) => x - y);
  return `p50 ${pct(s, 0.5).toFixed(1)} ms  p95 ${pct(s, 0.95).toFixed(1)} ms  max ${s[s.length - 1]!.toFixed(1)} ms`;
};

console.log(`file: ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
let t = performance.now();
const store = await parseTraceFile(file);
console.log(`parse: ${((performance.now() - t) / 1000).toFixed(2)} s, ${store.count} events, RSS ${mib(process.memoryUsage().rss)}`);
gc();
const before = process.memoryUsage();
const peakBefore = process.resourceUsage().maxRSS * 1024;
t = performance.now();
const cpu0 = process.cpuUsage();
const phases: Record<string, number> = {};
const tl = buildTimeline(store, phases);
const buildMs = performance.now() - t;
const cpu = process.cpuUsage(cpu0);
const after = process.memoryUsage();
const peakAfter = process.resourceUsage().maxRSS * 1024;
gc();
const kept = process.memoryUsage();
console.log(
  `timeline build: ${(buildMs / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s), RSS ${mib(after.rss)} (+${mib(after.rss - before.rss)}; after GC +${mib(kept.rss - before.rss)}, ` +
    `array buffers kept +${mib(kept.arrayBuffers - before.arrayBuffers)}), peak RSS ${mib(peakBefore)} -> ${mib(peakAfter)}`,
);
console.log(`  phases: ${Object.entries(phases).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join(', ')}`);
console.log(`rows: ${tl.goroutines.ids.length} goroutines, ${tl.goroutines.ev.length} goroutine rows, ${tl.procs.goroutineRow.length} P rows, ${tl.threads.goroutineRow.length} thread rows`);

if (args.includes('--warm')) {
  const w = performance.now();
  warmTimeline(tl);
  console.log(`warm-up (P and thread summaries): ${(performance.now() - w).toFixed(0)} ms`);
}
const dur = tl.lastTime - tl.firstTime;
const procTracks = Array.from(tl.procs.ids, (id) => formatTrackId({ kind: 'proc', num: id }));
const gids = tl.goroutines.ids;
// Goroutines with many rows are the expensive ones: half the picks among the 200 busiest.
const busiest = Array.from(gids.keys())
  .sort((a, b) => tl.goroutines.count[b]! - tl.goroutines.count[a]!)
  .slice(0, 200)
  .map((k) => gids[k]!);
const windows: [number, number][] = [];
for (let r = 0; r < requests; r++) {
  // Zoom: window length from the whole trace down to ~1e-6 of it, log-uniform.
  const len = dur * Math.pow(10, -6 * rand());
  const t0 = (dur - len) * rand();
  windows.push([t0, t0 + len]);
}

const trackSets = windows.map(() => {
  const tracks = [...procTracks];
  for (let q = 0; q < 60; q++) {
    const id = q % 2 === 0 ? busiest[Math.floor(rand() * busiest.length)]! : gids[Math.floor(rand() * gids.length)]!;
    tracks.push(formatTrackId({ kind: 'goroutine', num: id }));
  }
  return tracks;
});
const tileMs: number[] = [];
const encMs: number[] = [];
let bytes = 0;
let rects = 0;
const first = performance.now();
for (let r = 0; r < windows.length; r++) {
  const [t0, t1] = windows[r]!;
  const tracks = trackSets[r]!;
  const a = performance.now();
  const tile = timelineTile(tl, tracks, t0, t1, 1600);
  const b = performance.now();
  const buf = encodeTile(tile);
  const c = performance.now();
  tileMs.push(b - a);
  encMs.push(c - b);
  bytes += buf.length;
  for (const tr of tile.tracks) rects += tr.n;
}
console.log(`tiles (${procTracks.length} P + 60 goroutine tracks, width 1600, ${requests} windows): ${stats(tileMs)}; encode ${stats(encMs)}`);
console.log(`  ${(bytes / requests / 1024).toFixed(0)} KiB and ${(rects / requests).toFixed(0)} rectangles per tile; total ${((performance.now() - first) / 1000).toFixed(2)} s (first requests build the tracks' summaries)`);
const warmMs: number[] = [];
for (let r = 0; r < windows.length; r++) {
  const a = performance.now();
  timelineTile(tl, trackSets[r]!, windows[r]![0], windows[r]![1], 1600);
  warmMs.push(performance.now() - a);
}
console.log(`tiles again, same requests (summaries built): ${stats(warmMs)}`);
gc();
console.log(`RSS after tiles ${mib(process.memoryUsage().rss)}`);
const ctrMs: number[] = [];
for (const [t0, t1] of windows) {
  const a = performance.now();
  timelineCounters(tl, t0, t1, 1600);
  ctrMs.push(performance.now() - a);
}
console.log(`counters (width 1600): ${stats(ctrMs)}`);
const whole = performance.now();
timelineCounters(tl, 0, dur, 1600);
console.log(`counters, whole trace: ${(performance.now() - whole).toFixed(1)} ms`);
const end = process.memoryUsage();
console.log(`RSS at the end ${mib(end.rss)}, peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
