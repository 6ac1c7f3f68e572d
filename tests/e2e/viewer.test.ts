// End-to-end tests of the viewer in headless Debian Chromium against the real server on fixtures:
// the overview's numbers, the timeline canvas (drawn pixels, wheel zoom, deep link reload), the
// goroutine group page, the leak section, a profile download equal to `-pprof`, every page's
// screenshot (test-output/e2e/), and no request leaving 127.0.0.1. Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoroutineGroupResponse, LeaksResponse, RegionsResponse, TraceSummary } from '../../api/types.js';
import { decodeProfile } from '../support/pprof.js';
import { REPO, corpusPath } from '../support/paths.js';
import { startServer, type RunningServer } from '../support/server.js';
import { launch, newPage, shot, type RecordedPage } from './support/browser.js';
import { profileViewTests } from './profile-views.js';
import { decodePng, differingAwayFromText, distinctColors, nonBackgroundPixels, textOffset, textProfile } from './support/png.js';

const FIX = join(REPO, 'fixtures/traces/go1.26');
const LEAK = join(FIX, 'leak.trace');
const TASKS = join(FIX, 'tasks.trace');
const CORPUS_LEAK = corpusPath('traces/go1.26/goroutine-leak.trace');

let browser: Browser;
let leak: RunningServer;
let tasks: RunningServer;
const pages: RecordedPage[] = [];

async function open(server: RunningServer, path: string): Promise<RecordedPage> {
  const rp = await newPage(browser);
  pages.push(rp);
  await rp.page.goto(server.url + path);
  await rp.page.waitForSelector('[data-testid=loading], [data-testid=overview-loading]', { state: 'detached', timeout: 30_000 });
  return rp;
}

async function json<T>(server: RunningServer, path: string): Promise<T> {
  const r = await fetch(server.url + path);
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

async function view(page: Page): Promise<{ t0: number; t1: number }> {
  return page.evaluate(() => (window as unknown as { __timeline: { getView(): { t0: number; t1: number } } }).__timeline.getView());
}

beforeAll(async () => {
  [browser, leak, tasks] = await Promise.all([launch(), startServer(LEAK), startServer(TASKS)]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([leak?.close(), tasks?.close()]);
});

describe('viewer in Chromium', () => {
  it('overview shows the trace numbers of /api/summary', async () => {
    const s = await json<TraceSummary>(leak, '/api/summary');
    const { page, errors } = await open(leak, '/');
    const stat = (k: string) => page.locator(`[data-stat=${k}] .v`).innerText();
    expect(await stat('goroutines')).toBe(s.goroutines.toLocaleString('en-US'));
    expect(await stat('events')).toBe(s.events.toLocaleString('en-US'));
    expect(await stat('generations')).toBe(String(s.generations));
    expect(await stat('goVersion')).toBe('go 1.26');
    expect(await stat('gcCycles')).toBe(String(s.gcCycles));
    expect(await page.locator('h1').innerText()).toContain('leak.trace');
    // Every view is linked.
    for (const href of ['/timeline', '/goroutines', '/io', '/block', '/syscall', '/sched', '/usertasks', '/userregions', '/mmu']) {
      expect(await page.locator(`a[href="${href}"]`).count(), href).toBeGreaterThan(0);
    }
    await shot(page, 'overview');
    expect(errors).toEqual([]);
  });

  it('goroutines: clicking a group opens its page with its goroutines', async () => {
    const g = await json<GoroutineGroupResponse>(leak, '/api/goroutines/group?name=main.worker');
    expect(g.count).toBe(30); // fixtures/README.md: 30 main.worker goroutines leak
    const { page, errors } = await open(leak, '/goroutines');
    await shot(page, 'goroutines');
    await page.locator('[data-testid=group-link]', { hasText: /^main\.worker$/ }).click();
    await page.waitForURL(/\/goroutine\?name=main\.worker$/);
    await page.waitForSelector('[data-testid=goroutine-row]');
    expect(await page.locator('[data-testid=goroutine-row]').count()).toBe(30);
    expect(await page.locator('[data-testid=group-count]').innerText()).toBe('30');
    const firstIds = g.goroutines.map((r) => `G${r.id}`);
    const shown = await page.locator('[data-testid=goroutine-row] td:first-child a:first-child').allInnerTexts();
    expect(shown.sort()).toEqual(firstIds.sort());
    // Links to the group's four profiles.
    for (const p of ['io', 'block', 'syscall', 'sched']) expect(await page.locator(`a[href="/${p}?name=main.worker"]`).count()).toBe(1);
    await shot(page, 'goroutine-group');
    expect(errors).toEqual([]);
  });

  it('leak section names the chan-send stack (30 main.worker goroutines)', async () => {
    const leaks = await json<LeaksResponse>(leak, '/api/leaks');
    const top = leaks.groups[0]!;
    expect(top.name).toBe('main.worker');
    const { page } = await open(leak, '/goroutines');
    const row = page.locator('[data-testid=leak-row]').first();
    const text = await row.innerText();
    expect(text).toContain('30');
    expect(text).toContain('main.worker');
    expect(text).toContain('chan send');
    expect(text).toContain('runtime.chansend1');
  });

  it('leak section of the corpus goroutine-leak trace shows 300 goroutines in chan send', async () => {
    const big = await startServer(CORPUS_LEAK);
    try {
      const rp = await newPage(browser);
      pages.push(rp);
      await rp.page.goto(big.url + '/goroutines');
      const row = rp.page.locator('[data-testid=leak-row]').first();
      await row.waitFor({ timeout: 30_000 });
      const text = await row.innerText();
      expect(text).toMatch(/^300\b/);
      expect(text).toContain('main.timeout.gowrap1');
      expect(text).toContain('chan send');
      expect(text).toContain('runtime.chansend1');
      await shot(rp.page, 'leaks-goroutine-leak');
      await rp.page.close();
    } finally {
      await big.close();
    }
  });

  it('profile page: flame graph, top table, and a download equal to -pprof', async () => {
    const { page, errors } = await open(leak, '/block');
    await page.waitForSelector('[data-testid=flamegraph]');
    expect(await page.locator('[data-testid=top-table] tbody tr').count()).toBeGreaterThan(0);
    await shot(page, 'profile-block');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=download]').click()]);
    const path = await download.path();
    const got = decodeProfile(new Uint8Array(readFileSync(path)));
    const cli = execFileSync(process.execPath, [join(REPO, 'dist/server/cli.js'), '-pprof=sync', LEAK], { maxBuffer: 64 << 20 });
    const want = decodeProfile(new Uint8Array(cli));
    expect(got.sampleTypes).toEqual(want.sampleTypes);
    expect(got.samples.length).toBeGreaterThan(0);
    expect([...got.samples].sort()).toEqual([...want.samples].sort());
    // Clicking a frame zooms the flame graph in.
    const before = await page.locator('[data-testid=flamegraph] .box').count();
    await page.locator('[data-testid=flamegraph] .box').nth(1).click();
    expect(await page.locator('[data-testid=flamegraph] .box').count()).toBeLessThanOrEqual(before);
    expect(errors).toEqual([]);
  });

  it('timeline: the canvas draws, wheel zoom narrows the window, a deep link reload restores it', async () => {
    const { page, errors } = await open(leak, '/timeline');
    const canvas = page.locator('[data-testid=timeline-canvas]');
    await canvas.waitFor();
    await page.waitForFunction(() => ((window as unknown as { __timeline?: { rectCount(): number } }).__timeline?.rectCount() ?? 0) > 0, null, { timeout: 20_000 });
    await page.waitForTimeout(300);
    const img = decodePng(await canvas.screenshot());
    const drawn = nonBackgroundPixels(img);
    expect(drawn / (img.width * img.height)).toBeGreaterThan(0.02);
    expect(distinctColors(img)).toBeGreaterThan(4);
    await shot(page, 'timeline');

    const v0 = await view(page);
    // Download JSON: the visible window (the whole trace here) as /jsontrace's trace-event JSON, every slice touching it.
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=download-json]').click()]);
    const doc = JSON.parse(readFileSync(await json.path(), 'utf8')) as { traceEvents: { ph: string; ts: number; dur?: number }[] };
    const slices = doc.traceEvents.filter((e) => e.ph === 'X');
    expect(slices.length).toBeGreaterThan(0);
    const lo = Math.floor(v0.t0) / 1000 - 0.001;
    const hi = Math.ceil(v0.t1) / 1000 + 0.001;
    for (const e of slices) expect((e.ts >= lo && e.ts <= hi) || (e.ts + (e.dur ?? 0) >= lo && e.ts + (e.dur ?? 0) <= hi), JSON.stringify(e)).toBe(true);

    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -200);
    await page.waitForTimeout(400);
    const v1 = await view(page);
    expect(v1.t1 - v1.t0).toBeLessThan((v0.t1 - v0.t0) * 0.5);
    // Zoomed at the cursor: the time under it stays put.
    const at0 = v0.t0 + 0.3 * (v0.t1 - v0.t0);
    const at1 = v1.t0 + 0.3 * (v1.t1 - v1.t0);
    expect(Math.abs(at1 - at0)).toBeLessThan((v0.t1 - v0.t0) * 0.01);
    await page.waitForFunction((t0) => new URL(location.href).searchParams.get('t0') === String(t0), Math.round(v1.t0));
    const url = page.url();
    expect(Number(new URL(url).searchParams.get('t1'))).toBe(Math.round(v1.t1));

    // Shift-drag selects a range: statistics appear and the URL keeps it.
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + box.width * 0.2, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + 40, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.waitForSelector('[data-testid=selection-stats]', { timeout: 20_000 });
    await page.waitForFunction(() => new URL(location.href).searchParams.has('sel'));
    const deep = page.url();
    await shot(page, 'timeline-zoomed-selection');

    // Reload: same window and selection.
    await page.reload();
    await page.waitForFunction(() => !!(window as unknown as { __timeline?: unknown }).__timeline);
    const v2 = await view(page);
    expect(Math.round(v2.t0)).toBe(Math.round(v1.t0));
    expect(Math.round(v2.t1)).toBe(Math.round(v1.t1));
    await page.waitForSelector('[data-testid=selection-stats]');
    expect(new URL(page.url()).searchParams.get('sel')).toBe(new URL(deep).searchParams.get('sel'));

    // W/A/S/D: D pans right.
    await canvas.click({ position: { x: 5, y: 5 } });
    await page.keyboard.down('d');
    await page.waitForTimeout(250);
    await page.keyboard.up('d');
    const v3 = await view(page);
    expect(v3.t0).toBeGreaterThan(v2.t0);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('timeline: software GL gets the 2D-canvas backend, and it draws what the WebGL backend draws', async () => {
    type Handle = { __timeline?: { rectCount(): number; backend(): string; scrollY(): number } };
    const drawn = async (query: string) => {
      const { page, errors } = await open(leak, `/timeline?${query}`);
      await page.waitForFunction(() => ((window as unknown as Handle).__timeline?.rectCount() ?? 0) > 0, null, { timeout: 20_000 });
      await page.waitForTimeout(800);
      const { backend, scrollY } = await page.evaluate(() => {
        const tl = (window as unknown as Handle).__timeline!;
        return { backend: tl.backend(), scrollY: tl.scrollY() };
      });
      const img = decodePng(await page.locator('[data-testid=timeline-canvas]').screenshot());
      expect(errors.filter((e) => !/GL Driver Message|Failed to load resource/.test(e))).toEqual([]);
      return { backend, scrollY, img };
    };
    // Headless Chromium with --disable-gpu runs WebGL in SwiftShader: the default is the 2D canvas.
    expect((await drawn('')).backend).toBe('canvas');
    // Scrolled (by half a goroutine row past a whole number of rows, so that a layer left
    // unshifted cannot line up with the next rows), so that backgrounds, spans and labels are all
    // shifted by the scroll.
    const q = 't0=100000000&t1=400000000&y=56';
    const canvas = await drawn(`${q}&renderer=canvas`);
    const webgl = await drawn(`${q}&renderer=webgl`);
    expect(canvas.backend).toBe('canvas');
    expect(webgl.backend).toBe('webgl');
    expect(canvas.scrollY).toBe(56);
    expect(webgl.scrollY).toBe(56);
    const px = canvas.img.width * canvas.img.height;
    expect(nonBackgroundPixels(canvas.img) / px).toBeGreaterThan(0.02);
    expect(nonBackgroundPixels(webgl.img) / px).toBeGreaterThan(0.02);
    // Span labels on the same lines: the two fonts' text rows line up within a few pixels (a layer
    // left unshifted would line up half a row away).
    expect(textProfile(canvas.img).filter((n) => n > 0).length).toBeGreaterThan(100);
    const t = textOffset(canvas.img, webgl.img);
    expect(Math.abs(t.offset)).toBeLessThanOrEqual(3);
    expect(t.score).toBeGreaterThan(0.6);
    // Same rectangles and colours, up to a few edge pixels (labels use different font rasterizers).
    expect(differingAwayFromText(canvas.img, webgl.img) / px).toBeLessThan(0.001);
  });

  it('timeline: clicking a span opens its details', async () => {
    // Deep link straight to a blocked worker goroutine's span.
    const g = await json<GoroutineGroupResponse>(leak, '/api/goroutines/group?name=main.worker');
    const id = g.goroutines[0]!.id;
    const { page } = await open(leak, `/timeline?track=g${id}&t=150000000&gid=${id}`);
    await page.waitForSelector('[data-testid=span-details]', { timeout: 20_000 });
    const text = await page.locator('[data-testid=span-details]').innerText();
    expect(text).toContain(`G${id}`);
    expect(text).toContain('chan send');
    expect(text).toContain('runtime.chansend1');
    await shot(page, 'timeline-span-details');
  });

  it('tasks, regions and MMU pages render', async () => {
    for (const [path, testid, name] of [
      ['/usertasks', 'tasks', 'usertasks'],
      ['/userregions', 'regions', 'userregions'],
      ['/mmu', 'mmu-chart', 'mmu'],
      ['/sched', 'top-table', 'profile-sched'],
    ] as const) {
      const { page, errors } = await open(tasks, path);
      await page.waitForSelector(`[data-testid=${testid}]`, { timeout: 20_000 });
      await shot(page, name);
      expect(errors, path).toEqual([]);
    }
    const { page } = await open(tasks, '/usertasks');
    await page.locator('[data-testid=tasks] a', { hasText: 'request' }).first().click();
    await page.waitForSelector('[data-testid=task]');
    expect(await page.locator('[data-testid=task]').count()).toBe(3);
    await shot(page, 'usertask');
    // A region type's page, its scoped profile, and one goroutine's page.
    const regions = await json<RegionsResponse>(tasks, '/api/regions');
    const handle = regions.types.find((t) => t.type === 'handle')!;
    await page.goto(`${tasks.url}/userregions`);
    await page.locator('[data-testid=regions] a', { hasText: /^handle$/ }).first().click();
    await page.waitForSelector('[data-testid=region-rows] tbody tr');
    expect(await page.locator('[data-testid=region-rows] tbody tr').count()).toBe(handle.count);
    await shot(page, 'userregion');
    await page.locator('a', { hasText: /^scheduler wait$/ }).click();
    await page.waitForURL(/\/regionsched\?/);
    await page.waitForSelector('[data-testid=profile-total]');
    await shot(page, 'profile-regionsched');
    await page.goto(`${tasks.url}/goroutine?id=1`);
    await page.waitForSelector('h1:has-text("Goroutine G1")');
    await shot(page, 'goroutine');
  });

  it('a header-only trace opens: the overview warns, profiles say why they are empty, the timeline draws nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prof-trace-e2e-'));
    const f = join(dir, 'header-only.trace');
    writeFileSync(f, readFileSync(LEAK).subarray(0, 16));
    const empty = await startServer(f);
    try {
      const { page, errors } = await open(empty, '/');
      expect(await page.locator('[data-testid=warning]').innerText()).toMatch(/trace holds no events/);
      await page.goto(`${empty.url}/sched`);
      await page.waitForSelector('[data-testid=empty-profile]');
      expect(await page.locator('[data-testid=empty-profile]').innerText()).toMatch(/no goroutines/);
      await page.goto(`${empty.url}/timeline`);
      await page.waitForSelector('canvas');
      await shot(page, 'header-only-timeline');
      expect(errors).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('timeline: hovering the heap counter shows the heap goal to the last digit (Go 1.22, GOGC=off)', async () => {
    // go tool trace's -d=parsed Values of the fixture's metrics (a heap goal past 2^53).
    const golden = gunzipSync(readFileSync(join(REPO, 'fixtures/golden/go1.22/gogc-off/parsed.txt.gz'))).toString('utf8');
    const values = (metric: string) => new Set([...golden.matchAll(new RegExp(`Name="${metric}" Value=Value\\{Uint64\\((\\d+)\\)\\}`, 'g'))].map((m) => m[1]!));
    const goals = values('/gc/heap/goal:bytes');
    expect([...goals]).toEqual(['8946670875746431790']);
    const heap = values('/memory/classes/heap/objects:bytes');
    const srv = await startServer(join(REPO, 'fixtures/traces/go1.22/gogc-off.trace'));
    try {
      const { page, errors } = await open(srv, '/timeline');
      const canvas = page.locator('[data-testid=timeline-canvas]');
      await canvas.waitFor();
      await page.waitForFunction(() => ((window as unknown as { __timeline?: { rectCount(): number } }).__timeline?.rectCount() ?? 0) > 0, null, { timeout: 20_000 });
      const row = await page.evaluate(() => (window as unknown as { __timeline: { rowBox(k: string): { y: number; height: number } | null } }).__timeline.rowBox('ctr:bytes'));
      expect(row).not.toBeNull();
      const box = (await canvas.boundingBox())!;
      const tip = page.locator('[data-testid=timeline-tip]');
      // (The counters arrive after the first frame: move until the tooltip has them.)
      for (let i = 0; i < 50 && !(await tip.isVisible()); i++) {
        await page.mouse.move(box.x + box.width * 0.6 + (i % 2), box.y + row!.y + row!.height / 2);
        await page.waitForTimeout(200);
      }
      const text = await tip.innerText();
      expect(text).toContain('Heap: goal 7.8 EiB (8946670875746431790 bytes)');
      const alloc = /Heap: allocated [\d.]+ [KMG]iB \((\d+) bytes\)/.exec(text);
      expect(alloc, text).not.toBeNull();
      expect(heap.has(alloc![1]!), `${alloc![1]} is a heap value of -d=parsed`).toBe(true);
      await shot(page, 'timeline-counter-tip');
      // The heap allocated is drawn (the goal near 2^63 left out of the row's scale): its colour fills
      // much of the row's lower half.
      await page.mouse.move(box.x + 5, box.y + box.height - 5);
      const img = decodePng(await canvas.screenshot());
      const sx = img.width / box.width;
      let heapPx = 0;
      for (let y = Math.round((row!.y + row!.height / 2) * sx); y < Math.round((row!.y + row!.height - 3) * sx); y++) {
        for (let x = 0; x < img.width; x++) {
          const o = (y * img.width + x) * 4;
          if (Math.abs(img.data[o]! - 0x6c) < 12 && Math.abs(img.data[o + 1]! - 0x8e) < 12 && Math.abs(img.data[o + 2]! - 0xbf) < 12) heapPx++;
        }
      }
      expect(heapPx, 'heap-allocated pixels in the bytes row').toBeGreaterThan(img.width * 5);
      expect(errors).toEqual([]);
    } finally {
      await srv.close();
    }
  });

  profileViewTests({ browser: () => browser, pages, tasks: () => tasks });

  it('every request the pages made went to 127.0.0.1', () => {
    const all = pages.flatMap((p) => p.requests);
    expect(all.length).toBeGreaterThan(20);
    const outside = all.filter((u) => !/^http:\/\/127\.0\.0\.1:\d+\//.test(u) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(outside).toEqual([]);
  });
});
