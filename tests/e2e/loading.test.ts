// End-to-end: a trace big enough to take seconds to load (written at test time by the shared
// corpus's gen-big.sh, never committed). The server prints its listening line before the trace
// is parsed; in Chromium the overview shows progress and the numbers known so far (growing),
// the timeline draws the generations parsed so far, another page says it is still loading, with
// progress, and fills in once the trace is ready; then the timeline shows the whole trace and
// every page is complete (no loading notice, spinner or error). Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress, TraceSummary } from '../../api/types.js';
import { NAV } from '../../api/pages.js';
import { CORPUS } from '../support/paths.js';
import { startServer, waitReady, type RunningServer } from '../support/server.js';
import { launch, newPage, shot, type RecordedPage } from './support/browser.js';

/**
 * MiB of trace: several seconds of loading on a quiet 2-core machine (24 MiB loaded before a
 * fresh Chromium had drawn both pages), about half a minute to write.
 */
const SIZE_MB = Number(process.env.PROF_TRACE_E2E_BIG_MB ?? 96);

let dir: string;
let file: string;
let browser: Browser;
let srv: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prof-trace-big-'));
  file = join(dir, 'big.trace');
  execFileSync('bash', [join(CORPUS, 'big/gen-big.sh'), String(SIZE_MB), file], { stdio: 'ignore', timeout: 300_000 });
  browser = await launch();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await srv?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function progress(): Promise<Progress> {
  return (await (await fetch(srv.url + '/api/progress')).json()) as Progress;
}

describe('a trace that takes seconds to load', () => {
  it('listens first, shows progress and the numbers so far, then every page complete', async () => {
    // The pages must be looked at while the trace loads. On a machine busy with other tests,
    // Chromium can take longer to draw a page than the server takes to load the trace, and the
    // page then (rightly) shows the loaded trace: such a run shows nothing either way, so the
    // server is started again, Chromium now warm, up to three times. Any other failure fails.
    let first!: Progress;
    let samples: Progress[] = [];
    let sampling!: Promise<void>;
    let overview!: RecordedPage;
    let other!: RecordedPage;
    let timeline!: RecordedPage;
    let drawn!: { events: number; rects: number; t1: number } | null;
    let seen!: { phase: string | null; events: string; pct: string } | null;
    for (let attempt = 1; ; attempt++) {
      srv = await startServer(file, [], 60_000, { waitReady: false });
      // Listening before the trace is parsed.
      first = await progress();
      expect(first.phase).toBe('parsing');
      expect(first.bytesTotal).toBeGreaterThan(SIZE_MB << 19);
      const r = await fetch(srv.url + '/api/summary');
      expect(r.status).toBe(503);
      expect(((await r.json()) as { loading: boolean }).loading).toBe(true);

      // /api/progress while it loads, sampled until ready.
      const sampled: Progress[] = (samples = []);
      sampling = (async () => {
        for (;;) {
          const p = await progress();
          sampled.push(p);
          if (p.phase === 'ready' || p.phase === 'failed') return;
          await new Promise((res) => setTimeout(res, 100));
        }
      })();

      overview = await newPage(browser);
      other = await newPage(browser);
      timeline = await newPage(browser);
      try {
        await Promise.all([overview.page.goto(srv.url + '/'), other.page.goto(srv.url + '/goroutines'), timeline.page.goto(srv.url + '/timeline')]);
        // Another page: still loading, with progress (looked at first: it shows so from the start).
        await other.page.waitForSelector('[data-testid=loading] [data-testid=progress]', { timeout: 60_000 });
        await shot(other.page, 'loading-goroutines');
        // The overview: progress and the numbers known so far, while the trace still loads (read
        // in one evaluation, the moment they show: a page seen loading was told so by the server then).
        seen = await (
          await overview.page.waitForFunction(
            () => {
              const ev = document.querySelector('[data-testid=so-far] [data-stat=events] .v');
              if (ev === null) return null;
              return {
                phase: document.querySelector('[data-testid=progress]')?.getAttribute('data-phase') ?? null,
                events: ev.textContent ?? '',
                pct: document.querySelector('[data-testid=progress-pct]')?.textContent ?? '',
              };
            },
            undefined,
            { timeout: 60_000 },
          )
        ).jsonValue();
        // The timeline: the generations parsed so far, drawn before the trace is ready (read in
        // one evaluation: its banner shows only while loading).
        drawn = await (
          await timeline.page.waitForFunction(
            () => {
              const b = document.querySelector('[data-testid=timeline-partial]');
              const h = (window as unknown as { __timeline?: { rectCount(): number; getView(): { t0: number; t1: number } } }).__timeline;
              if (b === null || h === undefined || h.rectCount() === 0) return null;
              return { events: Number(b.getAttribute('data-events')), rects: h.rectCount(), t1: h.getView().t1 };
            },
            undefined,
            { timeout: 60_000 },
          )
        ).jsonValue();
        await shot(timeline.page, 'loading-timeline');
        break;
      } catch (e) {
        if (attempt === 3 || (await progress()).phase !== 'ready') throw e;
        await sampling;
        await Promise.all([overview.page.context().close(), other.page.context().close(), timeline.page.context().close()]);
        await srv.close();
      }
    }
    expect(['parsing', 'analyzing']).toContain(seen!.phase);
    const eventsSoFar = Number(seen!.events.replace(/,/g, ''));
    expect(eventsSoFar).toBeGreaterThan(0);
    expect(seen!.pct).toMatch(/^\d+%$/);
    await shot(overview.page, 'loading-overview');

    // Ready: both pages fill in by themselves.
    await waitReady(srv.url, 180_000);
    await sampling;
    const s = (await (await fetch(srv.url + '/api/summary')).json()) as TraceSummary;
    // Progress told the truth: numbers so far were seen before ready and never passed the final
    // ones; generations counted midway (when a sample fell there: under load the serving
    // thread answers between generations) are out of the trace's generations.
    const loading = samples.filter((p) => p.phase !== 'ready' && p.soFar !== undefined);
    expect(loading.length).toBeGreaterThan(0);
    for (const p of loading) {
      expect(p.soFar!.events).toBeGreaterThan(0);
      expect(p.soFar!.events).toBeLessThanOrEqual(s.events);
      expect(p.soFar!.durationNs).toBeLessThanOrEqual(s.durationNs);
      expect(p.generationsDone).toBeLessThanOrEqual(s.generations);
      if (p.generationsTotal > 0) expect(p.generationsTotal).toBe(s.generations);
    }
    const done = samples.map((p) => p.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(samples.at(-1)).toEqual({ phase: 'ready', bytesDone: first.bytesTotal, bytesTotal: first.bytesTotal, generationsDone: s.generations, generationsTotal: s.generations });
    expect(s.events).toBeGreaterThanOrEqual(eventsSoFar);
    await overview.page.waitForSelector('[data-testid=summary] [data-stat=events] .v', { timeout: 30_000 });
    expect(await overview.page.locator('[data-testid=summary] [data-stat=events] .v').innerText()).toBe(s.events.toLocaleString('en-US'));
    await other.page.waitForSelector('[data-testid=loading]', { state: 'detached', timeout: 30_000 });
    await other.page.waitForSelector('[data-testid=group-link]', { timeout: 60_000 });

    // The timeline drawn while loading held the trace's first events, not all of them; once
    // ready it shows the whole trace by itself.
    expect(drawn!.rects).toBeGreaterThan(0);
    expect(drawn!.events).toBeGreaterThan(0);
    expect(drawn!.events).toBeLessThan(s.events);
    expect(drawn!.t1).toBeGreaterThan(0);
    expect(drawn!.t1).toBeLessThan(s.durationNs);
    const previews = samples.filter((p) => p.timeline !== undefined);
    expect(previews.length).toBeGreaterThan(0);
    for (const p of previews) {
      expect(p.phase).not.toBe('ready');
      expect(p.timeline!.events).toBeLessThan(s.events);
      expect(p.timeline!.durationNs).toBeLessThan(s.durationNs);
    }
    await timeline.page.waitForSelector('[data-testid=timeline-partial]', { state: 'detached', timeout: 30_000 });
    await timeline.page.waitForFunction(
      (dur) => {
        const h = (window as unknown as { __timeline?: { rectCount(): number; getView(): { t0: number; t1: number } } }).__timeline;
        return h !== undefined && h.rectCount() > 0 && Math.abs(h.getView().t1 - dur) < 1;
      },
      s.durationNs,
      { timeout: 60_000 },
    );

    // Every page of the top bar, complete.
    const rp = await newPage(browser);
    for (const n of NAV) {
      await rp.page.goto(srv.url + n.href);
      await rp.page.waitForSelector('main > *', { timeout: 30_000 });
      expect(await rp.page.locator('[data-testid=loading], [data-testid=overview-loading]').count(), n.href).toBe(0);
      await rp.page.waitForFunction(() => document.querySelectorAll('[data-testid=pending]').length === 0, undefined, { timeout: 120_000 });
      expect(await rp.page.locator('main .error').count(), n.href).toBe(0);
    }
    expect([...overview.errors, ...other.errors, ...timeline.errors, ...rp.errors]).toEqual([]);
  }, 600_000);
});
