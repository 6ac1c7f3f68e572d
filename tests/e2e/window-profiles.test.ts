// End-to-end in Chromium: a range selected on the timeline offers the profiles and the goroutine
// analysis of that range; the pages say so and show what ?window= answers. Needs `npm run build`.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoroutineGroupsResponse, ProfileResponse } from '../../api/types.js';
import { REPO } from '../support/paths.js';
import { startServer, type RunningServer } from '../support/server.js';
import { launch, newPage, shot } from './support/browser.js';

const TRACE = join(REPO, 'fixtures/traces/go1.26/critpath.trace');

let browser: Browser;
let server: RunningServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launch(), startServer(TRACE)]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('profiles of a timeline range', () => {
  it('the selection links open the window profiles and goroutine analysis', async () => {
    const { page, errors } = await newPage(browser);
    const t0 = 1_000_000;
    const t1 = 60_000_000;
    await page.goto(`${server.url}/timeline?sel=${t0},${t1}`);
    await page.waitForSelector('[data-testid=range-profiles]', { timeout: 30_000 });
    const href = await page.locator('[data-testid=range-profiles]').getAttribute('href');
    expect(href).toBe(`/sched?window=${encodeURIComponent(`${t0}ns,${t1}ns`)}`);
    await page.locator('[data-testid=range-profiles]').click();
    await page.waitForSelector('[data-testid=window-note]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=profile-total], [data-testid=empty-profile]', { timeout: 30_000 });
    const api = (await (await fetch(`${server.url}/api/profile?kind=sched&window=${t0}ns,${t1}ns`)).json()) as ProfileResponse;
    const whole = (await (await fetch(`${server.url}/api/profile?kind=sched`)).json()) as ProfileResponse;
    expect(api.totalNs).toBeLessThan(whole.totalNs);
    if (api.totalNs > 0) expect([api.totalNs, api.totalCount]).toContain(Number(await page.locator('[data-testid=profile-total]').getAttribute('data-value')));
    await shot(page, 'window-profile');

    await page.goto(`${server.url}/timeline?sel=${t0},${t1}`);
    await page.waitForSelector('[data-testid=range-goroutines]', { timeout: 30_000 });
    await page.locator('[data-testid=range-goroutines]').click();
    await page.waitForSelector('[data-testid=groups]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=window-note]').innerText()).toContain(`${t0}ns,${t1}ns`);
    const g = (await (await fetch(`${server.url}/api/goroutines?window=${t0}ns,${t1}ns`)).json()) as GoroutineGroupsResponse;
    const links = await page.locator('[data-testid=group-link]').count();
    expect(links).toBe(g.groups.length);
    expect(errors).toEqual([]);
  });
});
