// Frame-time benchmark of the timeline in headless Chromium: starts the server on a trace
// (default /tmp/bigtrace/big-200mb.trace) or uses --url, opens /timeline, expands every goroutine
// group, then pans (with vertical scrolling) and zooms through the trace at several zoom levels,
// and prints median and p95 of the requestAnimationFrame deltas and of the renderer's own CPU time
// per frame, which backend drew, and how many frames came later than one 60 Hz interval (headless
// Chromium paces rAF at 60 Hz, so 16.7 ms is the shortest delta). Prints numbers only.
//   node dist/bench/frame-bench.js [FILE] [--url http://127.0.0.1:PORT] [--frames 120] [--renderer webgl|canvas]
// (--renderer forces a backend; by default the page picks one as it would for a user).
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--'))) ?? '/tmp/bigtrace/big-200mb.trace';
const FRAMES = Number(opt('--frames') ?? 120);
const RENDERER = opt('--renderer');

function startServer(path: string): Promise<{ url: string; stop: () => void; ms: number }> {
  const t0 = Date.now();
  const proc = spawn(process.execPath, [join(REPO, 'dist/server/cli.js'), '--no-open', path], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((res, rej) => {
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d: string) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) res({ url: m[1]!, stop: () => proc.kill('SIGINT'), ms: Date.now() - t0 });
    });
    proc.on('exit', (c) => rej(new Error(`server exited ${c}: ${err.slice(-500)}`)));
  });
}

function stats(a: number[]): { n: number; median: number; p95: number; max: number } {
  const s = [...a].sort((x, y) => x - y);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN);
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN };
}

const f1 = (x: number) => x.toFixed(1).padStart(6);

async function main(): Promise<void> {
  const given = opt('--url');
  const server = given ? { url: given, stop: () => {}, ms: 0 } : await startServer(file);
  if (!given) console.log(`server ready in ${(server.ms / 1000).toFixed(1)} s on ${file}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    const tOpen = Date.now();
    await page.goto(server.url + '/timeline?expand=all' + (RENDERER ? `&renderer=${encodeURIComponent(RENDERER)}` : ''));
    await page.waitForFunction(() => !!(globalThis as unknown as { __timeline?: unknown }).__timeline, null, { timeout: 600_000 });
    await page.waitForFunction(() => (globalThis as unknown as { __timeline: { rectCount(): number } }).__timeline.rectCount() > 0, null, { timeout: 600_000 });
    console.log(`timeline page drawn ${((Date.now() - tOpen) / 1000).toFixed(2)} s after opening it`);
    const info = await page.evaluate(async () => {
      const tl = (globalThis as unknown as { __timeline: Record<string, (...a: number[]) => unknown> }).__timeline;
      tl.expandAll!();
      await new Promise((r) => setTimeout(r, 1500));
      return {
        rows: tl.rowCount!() as number,
        height: tl.layoutHeight!() as number,
        view: tl.getView!() as { t0: number; t1: number },
        backend: (tl.backend?.() as unknown as string | undefined) ?? 'webgl',
      };
    });
    const duration = info.view.t1 - info.view.t0;
    console.log(`rows ${info.rows} (all goroutine groups expanded), layout height ${info.height} px, duration ${(duration / 1e9).toFixed(3)} s, ${info.backend} backend, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log('scenario                              frames  rAF median    p95    max | CPU median    p95    max | rects  tiles');
    const all: { raf: number[]; cpu: number[] } = { raf: [], cpu: [] };
    const levels = [1, 0.1, 0.01, 0.001, 0.0001];
    for (const level of levels) {
      for (const mode of ['pan', 'zoom'] as const) {
        const span = duration * level;
        const start = info.view.t0 + (duration - span) * 0.37;
        const r = await page.evaluate(
          async ({ start, span, mode, frames, height }) => {
            const tl = (globalThis as unknown as { __timeline: Record<string, (...a: number[]) => number> & { frameMs: number[]; rafDeltas: number[]; rebuildMs: number[] } }).__timeline;
            tl.setView!(start, start + span);
            tl.scrollTo!(0);
            await new Promise((r) => setTimeout(r, 800)); // tiles for the start window
            const cpu0 = tl.frameMs.length;
            const rb0 = tl.rebuildMs.length;
            const req0 = tl.tileRequests!();
            const g = globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): number };
            const raf = (cb: (t: number) => void) => g.requestAnimationFrame(cb);
            const deltas: number[] = [];
            let last = 0;
            let rects = 0;
            await new Promise<void>((done) => {
              let k = 0;
              const step = (now: number) => {
                if (last) deltas.push(now - last);
                last = now;
                if (mode === 'pan') {
                  const dt = span * 0.01 * k;
                  tl.setView!(start + dt, start + span + dt);
                  tl.scrollTo!(((k * 37) % Math.max(1, height / 1)) | 0);
                } else {
                  const c = start + span / 2;
                  const s = span * Math.pow(0.97, k);
                  tl.setView!(c - s / 2, c + s / 2);
                }
                rects = Math.max(rects, tl.rectCount!());
                if (++k < frames) raf(step);
                else done();
              };
              raf(step);
            });
            return { deltas, cpu: tl.frameMs.slice(cpu0), rebuild: tl.rebuildMs.slice(rb0), rects, tiles: tl.tileRequests!() - req0 };
          },
          { start, span, mode, frames: FRAMES, height: Math.min(info.height, 200_000) },
        );
        const a = stats(r.deltas);
        const c = stats(r.cpu);
        all.raf.push(...r.deltas);
        all.cpu.push(...r.cpu);
        const name = `${mode} at ${level === 1 ? 'whole trace' : `1/${Math.round(1 / level)} of it`} (${(span / 1e6).toFixed(3)} ms)`;
        console.log(`${name.padEnd(38)}${String(a.n).padStart(6)}  ${f1(a.median)} ${f1(a.p95)} ${f1(a.max)} | ${f1(c.median)} ${f1(c.p95)} ${f1(c.max)} | ${String(r.rects).padStart(6)} ${String(r.tiles).padStart(5)}  rebuild p50 ${stats(r.rebuild).median.toFixed(1)} ms (${r.rebuild.length})`);
      }
    }
    const a = stats(all.raf);
    const c = stats(all.cpu);
    // At 60 Hz a frame on time is 16.7 ms apart from the previous one: count those that were not.
    const late = all.raf.filter((d) => d > 17.5).length;
    console.log(`ALL frames ${a.n}: rAF delta median ${a.median.toFixed(1)} ms, p95 ${a.p95.toFixed(1)} ms; renderer CPU median ${c.median.toFixed(2)} ms, p95 ${c.p95.toFixed(2)} ms; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log(`frames later than one 60 Hz interval (> 17.5 ms): ${late} of ${a.n} (${((100 * late) / Math.max(1, a.n)).toFixed(1)}%)`);
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
