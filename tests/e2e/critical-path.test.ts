// End-to-end in Chromium: a task's critical path asked for on its page ("Why did this take X?")
// draws the stacked bar and the goroutine table the API answers, and its timeline link draws the
// path over the rows with an arrow at each hand-over; the tasks page shows the breakdown per type.
// Needs `npm run build`.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriticalPathResponse } from '../../api/critical-path-format.js';
import { handOvers } from '../../viewer/src/lib/critical-path.js';
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

describe('critical path in the viewer', () => {
  it('a task page draws the path; its timeline link draws it over the rows', async () => {
    const api = (await (await fetch(`${server.url}/api/critical-path?task=1`)).json()) as CriticalPathResponse;
    expect(api.byGoroutine.length).toBe(3);
    const { page, errors } = await newPage(browser);
    await page.goto(`${server.url}/usertask?id=1`);
    await page.waitForSelector('[data-testid=loading]', { state: 'detached', timeout: 30_000 });
    await page.locator('[data-testid=why-button]').click();
    await page.waitForSelector('[data-testid=why-bar]');
    const pieces = await page.locator('[data-testid=why-bar] .piece').count();
    const expected = api.byGoroutine.reduce((a, g) => a + [g.running, g.runnable, g.waiting, g.syscall].filter((x) => x > 0).length, 0);
    expect(pieces).toBe(expected);
    const rows = await page.locator('[data-testid=why-goroutines] tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).toEqual(api.byGoroutine.map((g) => `G${g.goid} ${g.name}`));
    expect(rows[0]).toContain('main.holder');
    await shot(page, 'critical-path-task');

    const href = await page.locator('[data-testid=why-timeline]').getAttribute('href');
    expect(href).toContain('path=task%3A1');
    await page.goto(server.url + href!);
    type Handle = { __timeline?: { pathMarks(): { spans: number; arrows: number } } };
    await page.waitForFunction(() => ((window as unknown as Handle).__timeline?.pathMarks().spans ?? 0) > 0, null, { timeout: 20_000 });
    const marks = await page.evaluate(() => (window as unknown as Handle).__timeline!.pathMarks());
    expect(marks.spans).toBe(api.segments.length);
    expect(marks.arrows).toBe(handOvers(api).length);
    expect(marks.arrows).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid=path-chip]').innerText()).toContain('critical path of task 1 (request)');
    await shot(page, 'critical-path-timeline');
    expect(errors).toEqual([]);
  });

  it('the tasks page shows the critical path per task type', async () => {
    const { page, errors } = await newPage(browser);
    await page.goto(`${server.url}/usertasks`);
    await page.waitForSelector('[data-testid=path-breakdown]', { timeout: 30_000 });
    const rows = await page.locator('[data-testid=path-breakdown] tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).toEqual(['chan', 'network', 'request', 'select', 'syscall', 'timer']);
    expect(rows[2]).toMatch(/main\.holder waiting \(sleep\)/);
    await shot(page, 'critical-path-breakdown');
    expect(errors).toEqual([]);
  });
});
