// End-to-end in Chromium: a goroutine group's distributions (one histogram per time column) filter
// its list to the goroutines of a selected bucket; the goroutines page shows the whole trace's
// scheduler latency (/api/sched-latency) and its longest waits. Needs `npm run build`.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchedLatencyResponse } from '../../api/distribution-format.js';
import { REPO } from '../support/paths.js';
import { startServer, type RunningServer } from '../support/server.js';
import { launch, newPage, shot } from './support/browser.js';

const TRACE = join(REPO, 'fixtures/traces/go1.26/leak.trace');

let browser: Browser;
let server: RunningServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launch(), startServer(TRACE)]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('distributions', () => {
  it('selecting a bucket filters the group list; the goroutines page shows the scheduler latency', async () => {
    const { page, errors } = await newPage(browser);
    await page.goto(`${server.url}/goroutine?name=main.worker`);
    await page.waitForSelector('[data-testid=distributions] [data-testid=distribution]', { timeout: 30_000 });
    const rows = page.locator('[data-testid=goroutine-row]');
    expect(await rows.count()).toBe(30);
    const total = page.locator('[data-testid=distribution][data-metric=Total]');
    const buckets = total.locator('[data-testid=dist-bucket]:not([disabled])');
    expect(await buckets.count()).toBeGreaterThan(0);
    // The fullest bucket's count is how many rows remain.
    const counts = await buckets.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    const k = counts.indexOf(Math.max(...counts));
    await buckets.nth(k).click();
    await page.waitForSelector('[data-testid=dist-selection]');
    expect(await rows.count()).toBe(counts[k]);
    await shot(page, 'distributions-group');
    await page.locator('[data-testid=dist-selection] button').click();
    expect(await rows.count()).toBe(30);

    const l = (await (await fetch(`${server.url}/api/sched-latency`)).json()) as SchedLatencyResponse;
    expect(l.count).toBeGreaterThan(0);
    await page.goto(`${server.url}/goroutines`);
    await page.waitForSelector('[data-testid=sched-latency-worst]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=sched-latency-worst] tbody tr').count()).toBe(l.worst.length);
    expect(await page.locator('[data-testid=sched-latency-stats]').innerText()).toContain(`${l.count} waits`);
    await shot(page, 'sched-latency');
    expect(errors).toEqual([]);
  });
});

describe('pauses', () => {
  it('the MMU page lists the longest stop-the-world pauses and mark assists', async () => {
    const gc = await startServer(join(REPO, 'fixtures/traces/go1.26/gc.trace'));
    try {
      const p = (await (await fetch(`${gc.url}/api/pauses`)).json()) as import('../../api/distribution-format.js').PausesResponse;
      expect(p.stwCount).toBeGreaterThan(0);
      expect(p.assistCount).toBeGreaterThan(0);
      const { page, errors } = await newPage(browser);
      await page.goto(`${gc.url}/mmu`);
      await page.waitForSelector('[data-testid=pauses-stw]', { timeout: 30_000 });
      expect(await page.locator('[data-testid=pauses-stw] tbody tr').count()).toBe(p.stw.length);
      expect(await page.locator('[data-testid=pauses-assists] tbody tr').count()).toBe(p.assists.length);
      await shot(page, 'pauses');
      expect(errors).toEqual([]);
    } finally {
      await gc.close();
    }
  });
});
