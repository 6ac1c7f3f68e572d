// End-to-end in Chromium: the CPU profile kind gets the profile pages' views from the kind table
// alone: /cpu's top table and flame graph on fixtures/programs/cpuburn, its total the CPU time of
// -pprof=cpu. Needs `npm run build`.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileResponse } from '../../api/types.js';
import { REPO } from '../support/paths.js';
import { startServer, type RunningServer } from '../support/server.js';
import { launch, newPage, shot } from './support/browser.js';

const TRACE = join(REPO, 'fixtures/traces/go1.26/cpuburn.trace');

let browser: Browser;
let server: RunningServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launch(), startServer(TRACE)]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('CPU profile in the viewer', () => {
  it('/cpu shows the top table and the flame graph of the samples', async () => {
    const api = (await (await fetch(`${server.url}/api/profile?kind=cpu`)).json()) as ProfileResponse;
    const cpuNs = api.totalNs;
    expect(cpuNs).toBe(api.totalCount * 10_000_000);
    expect(cpuNs).toBeGreaterThan(0);
    const { page, errors } = await newPage(browser);
    await page.goto(`${server.url}/cpu?view=top&si=1`);
    await page.waitForSelector('[data-testid=top-table] tbody tr', { timeout: 30_000 });
    const tops = await page.locator('[data-testid=top-table] tbody td.mono').allInnerTexts();
    expect(tops.slice(0, 3)).toContain('main.spin');
    await page.goto(`${server.url}/cpu?view=flame`);
    await page.waitForSelector('[data-testid=profile-total]', { timeout: 30_000 });
    const total = Number(await page.locator('[data-testid=profile-total]').getAttribute('data-value'));
    expect([cpuNs, api.totalCount]).toContain(total);
    await shot(page, 'cpu-profile-flame');
    expect(errors).toEqual([]);
  });

  it('the timeline ticks each CPU sample on its goroutine row', async () => {
    const r = (await (await fetch(`${server.url}/api/cpu-samples`)).json()) as { count: number; goroutines: { goid: number; times: number[] }[] };
    expect(r.count).toBe(((await (await fetch(`${server.url}/api/profile?kind=cpu`)).json()) as ProfileResponse).totalCount);
    const burner = r.goroutines.reduce((a, g) => (g.times.length > a.times.length ? g : a));
    const { page, errors } = await newPage(browser);
    await page.goto(`${server.url}/timeline?gid=${burner.goid}`);
    type Handle = { __timeline?: { sampleTicks(): number } };
    await page.waitForFunction((n) => ((window as unknown as Handle).__timeline?.sampleTicks() ?? 0) >= n, burner.times.length, { timeout: 20_000 });
    await shot(page, 'cpu-sample-ticks');
    await page.locator('[data-testid=show-samples]').uncheck();
    await page.waitForFunction(() => (window as unknown as Handle).__timeline!.sampleTicks() === 0, null, { timeout: 10_000 });
    expect(errors).toEqual([]);
  });
});
