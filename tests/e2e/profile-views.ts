// End-to-end tests of the profile pages' pprof views in Chromium, registered by viewer.test.ts so
// that they share its browser: on the corpus's net/http trace (go1.26/http-load, whose
// synchronization profile has runtime.chanrecv1), the call graph drawn as SVG (pan, zoom, click to
// focus), Peek's callers equal go tool pprof's, the annotated source of runtime.chanrecv1, filters
// and sample types through the URL and the form, group and region scopes, bad regexps, the
// scheduler-latency profile's stackless sample named by its origins (with their panel); and the
// comparison of two traces (-diff_base): overview, goroutine groups and profiles as differences.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmptyStackOriginsResponse, ProfileResponse, RegionsResponse } from '../../api/types.js';
import { emptyStackLabel } from '../../api/empty-stack-causes.js';
import { decodeProfile } from '../support/pprof.js';
import { REPO, corpusPath } from '../support/paths.js';
import { startServer, type RunningServer } from '../support/server.js';
import { goPprof, parsePeek } from '../support/go-pprof.js';
import { newPage, shot, type RecordedPage } from './support/browser.js';

const HTTP = corpusPath('traces/go1.26/http-load.trace');
const HTTP_BASE = corpusPath('traces/go1.23/http-load.trace');

export function profileViewTests(env: { browser: () => Browser; pages: RecordedPage[]; tasks: () => RunningServer }): void {
  describe('profile views (pprof) and comparison', () => {
    let http: RunningServer;
    let cmp: RunningServer;
    beforeAll(async () => {
      [http, cmp] = await Promise.all([startServer(HTTP), startServer(HTTP, [`-diff_base=${HTTP_BASE}`])]);
    });
    afterAll(async () => {
      await Promise.all([http?.close(), cmp?.close()]);
    });

    async function open(server: RunningServer, path: string, ready: string): Promise<RecordedPage> {
      const rp = await newPage(env.browser());
      env.pages.push(rp);
      await rp.page.goto(server.url + path);
      await rp.page.waitForSelector(ready, { timeout: 30_000 });
      return rp;
    }
    async function json<T>(server: RunningServer, path: string): Promise<T> {
      const r = await fetch(server.url + path);
      expect(r.status, path).toBe(200);
      return (await r.json()) as T;
    }
    const total = async (page: Page) => Number(await page.locator('[data-testid=profile-total]').getAttribute('data-value'));
    const viewBox = async (page: Page) => (await page.locator('[data-testid=callgraph]').getAttribute('viewBox'))!.split(' ').map(Number);

    it('graph: an SVG call graph with runtime.chanrecv1; wheel zooms, drag pans, clicking a node focuses it', async () => {
      const { page, errors } = await open(http, '/block?view=graph', '[data-testid=callgraph] [data-testid=graph-node]');
      const nodes = page.locator('[data-testid=graph-node]');
      const before = await nodes.count();
      expect(before).toBeGreaterThan(8);
      expect(await page.locator('[data-testid=graph-edge]').count()).toBeGreaterThan(6);
      const node = page.locator('[data-testid=graph-node][data-name="runtime.chanrecv1"]');
      expect(await node.locator('text').textContent()).toContain('runtime.chanrecv1');
      expect(await page.locator('[data-testid=graph-node] text', { hasText: 'runtime.selectgo' }).count()).toBe(1);
      expect((await page.content()).toLowerCase()).not.toContain('graphviz');
      await shot(page, 'profile-block-graph');

      const svg = page.locator('[data-testid=callgraph]');
      const box = (await svg.boundingBox())!;
      const v0 = await viewBox(page);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(100);
      const v1 = await viewBox(page);
      expect(v1[2]!).toBeLessThan(v0[2]! * 0.8);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 4 });
      await page.mouse.up();
      const v2 = await viewBox(page);
      expect(v2[0]!).toBeLessThan(v1[0]!);
      expect(v2[2]).toBe(v1[2]);

      await page.locator('button', { hasText: /^fit$/ }).click();
      await node.click();
      await page.waitForURL(/f=%5Eruntime%5C.chanrecv1%24/);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=graph-node]').length < n, before);
      expect(await page.locator('[data-testid=graph-node][data-name="runtime.chanrecv1"]').count()).toBe(1);
      expect(await page.locator('[data-testid=filter-f]').inputValue()).toBe('^runtime\\.chanrecv1$');
      expect(errors).toEqual([]);
    });

    it('peek: f=runtime.chanrecv1$ lists its callers, the ones go tool pprof -peek lists', async () => {
      const { page, errors } = await open(http, '/block?view=peek&f=runtime.chanrecv1$', '[data-testid=peek-entry]');
      const entries = page.locator('[data-testid=peek-entry]');
      expect(await entries.count()).toBe(1);
      expect(await entries.getAttribute('data-name')).toBe('runtime.chanrecv1');
      const callers = (await page.locator('[data-testid=peek-caller] td.mono a').allInnerTexts()).map((t) => t.trim());
      const dir = mkdtempSync(join(tmpdir(), 'prof-trace-e2e-peek-'));
      const file = join(dir, 'block.pb.gz');
      writeFileSync(file, execFileSync(process.execPath, [join(REPO, 'dist/server/cli.js'), '-pprof=sync', HTTP], { maxBuffer: 64 << 20 }));
      const [want] = parsePeek(goPprof(['-peek', 'runtime.chanrecv1$', '-unit=ns', file]));
      expect(want!.callers.length).toBeGreaterThan(0);
      expect(callers).toEqual(want!.callers.map((c) => c.name));
      await shot(page, 'profile-block-peek');
      expect(errors).toEqual([]);
    });

    it('source: f=runtime.chanrecv1$ shows func chanrecv1( with per-line values', async () => {
      const { page, errors } = await open(http, '/block?view=source&f=runtime.chanrecv1$', '[data-testid=source-line]');
      const block = page.locator('[data-testid=source-block][data-func="runtime.chanrecv1"]');
      expect(await block.count()).toBe(1);
      const lines = block.locator('[data-testid=source-line]');
      const texts = await lines.locator('td.code').allInnerTexts();
      const at = texts.findIndex((t) => t.startsWith('func chanrecv1('));
      expect(at).toBeGreaterThanOrEqual(0);
      // The line after the signature is where it blocks: flat and cum are values, the others ".".
      const hot = lines.nth(at + 1);
      expect(await hot.locator('td.code').innerText()).toContain('chanrecv(c, elem, true)');
      const [flat, cum] = await hot.locator('td.num').allInnerTexts();
      expect(flat).toMatch(/^[0-9.]+ (s|ms)$/);
      expect(cum).toBe(flat);
      expect(await lines.nth(at).locator('td.num').first().innerText()).toBe('.');
      await shot(page, 'profile-block-source');
      expect(errors).toEqual([]);
    });

    it('f= narrows the stated total; the form writes filters and the sample type to the URL', async () => {
      const p = await json<ProfileResponse>(http, '/api/profile?kind=sync');
      const { page, errors } = await open(http, '/block?view=top', '[data-testid=top-table] tbody tr');
      expect(await total(page)).toBe(p.totalNs);
      await page.goto(`${http.url}/block?view=top&f=runtime.chanrecv1$`);
      await page.waitForSelector('[data-testid=top-table] tbody tr');
      const narrowed = await total(page);
      expect(narrowed).toBeGreaterThan(0);
      expect(narrowed).toBeLessThan(p.totalNs);
      // The focused total is what the samples through chanrecv1 add up to.
      const ch = p.frames.map((f, i) => (f.func === 'runtime.chanrecv1' ? i : -1)).filter((i) => i >= 0);
      expect(narrowed).toBe(p.samples.filter((s) => s.stack.some((f) => ch.includes(f))).reduce((a, s) => a + s.ns, 0));

      await page.locator('[data-testid=filter-f]').fill('');
      await page.locator('[data-testid=filter-h]').fill('^runtime\\.');
      await page.locator('[data-testid=filter-h]').press('Enter');
      await page.waitForURL(/h=%5Eruntime%5C\.(&|$)/);
      await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=top-table] tbody td.mono')].some((td) => td.textContent!.startsWith('runtime.')));
      expect(await page.locator('[data-testid=top-table] tbody tr').count()).toBeGreaterThan(3);
      await page.locator('[data-testid=filter-si]').selectOption('contentions');
      await page.waitForURL(/si=contentions/);
      await page.waitForFunction((want) => Number(document.querySelector('[data-testid=profile-total]')?.getAttribute('data-value')) !== want, p.totalNs);
      expect(await total(page)).toBeLessThanOrEqual(p.totalCount);
      await page.goto(`${http.url}/block?view=graph&f=(`);
      expect(await page.locator('[data-testid=view-error]').innerText()).toMatch(/parsing focus regexp/);
      expect(errors).toEqual([]);
    });

    it('every view on group- and region-scoped pages', async () => {
      const group = encodeURIComponent('net/http.(*persistConn).writeLoop');
      for (const [view, ready] of [['graph', '[data-testid=graph-node]'], ['peek', '[data-testid=peek-entry]'], ['source', '[data-testid=source-line]'], ['flame', '[data-testid=flamegraph]'], ['top', '[data-testid=top-table] tbody tr']]) {
        const { page, errors } = await open(http, `/block?name=${group}&view=${view}&f=selectgo`, ready);
        expect(await page.locator('h1').innerText()).toContain('writeLoop');
        expect(errors, view).toEqual([]);
        await page.close();
      }
      const regions = await json<RegionsResponse>(env.tasks(), '/api/regions');
      const t = regions.types.find((x) => x.type === 'handle')!;
      const { page, errors } = await open(env.tasks(), `/regionsched?type=${encodeURIComponent(t.type)}&view=graph`, '[data-testid=graph-node]');
      expect(await page.locator('[data-testid=view-tab-graph]').getAttribute('href')).toContain('type=handle');
      await page.locator('[data-testid=view-tab-peek]').click();
      await page.waitForSelector('[data-testid=peek-entry]');
      expect(new URL(page.url()).searchParams.get('type')).toBe('handle');
      await shot(page, 'profile-regionsched-peek');
      expect(errors).toEqual([]);
    });

    it("/sched names the sample without a stack by its origins and lists them (the download keeps it unnamed)", async () => {
      const api = await json<ProfileResponse>(http, '/api/profile?kind=sched');
      const empty = api.samples.find((x) => x.stack.length === 0)!;
      expect(empty.ns).toBeGreaterThan(0);
      const o = await json<EmptyStackOriginsResponse>(http, '/api/profile/empty-stack?kind=sched');
      const label = emptyStackLabel(o.causes);
      expect(label).toMatch(/^\(no stack: (mostly )?woken by the runtime\)$/);
      const { page, errors } = await open(http, '/sched?view=top', '[data-testid=top-table] tbody tr');
      expect(await page.locator('[data-testid=top-table] td.mono').allInnerTexts()).toContain(label);
      const panel = page.locator('[data-testid=empty-stack-origins]');
      await panel.waitFor();
      expect(Number(await panel.locator('[data-testid=origins-total]').getAttribute('data-value'))).toBe(empty.ns);
      const causes = await panel.locator('[data-testid=origins-causes] tbody tr[data-cause] td.num[data-value]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
      expect(causes.reduce((a, b) => a + b, 0)).toBe(empty.ns);
      expect(await panel.locator('[data-testid=origins-causes] tr[data-cause=runtime-wakeup]').count()).toBe(1);
      expect(await panel.locator('[data-testid=origins-creators] tbody tr').count()).toBeGreaterThan(1);
      await page.goto(http.url + '/sched?view=flame');
      await page.waitForSelector('[data-testid=flamegraph]');
      expect(await page.content()).toContain(label);
      await shot(page, 'profile-sched-empty-stack');
      // The download is go tool trace's: its stackless sample has no frame, named or not.
      const raw = decodeProfile(new Uint8Array(await (await fetch(http.url + '/sched?raw=1')).arrayBuffer()));
      expect(raw.samples).toContain(`${empty.count} ${empty.ns}`);
      expect(raw.samples.join('\n')).not.toContain('no stack');
      expect(errors).toEqual([]);
    });

    it('comparing two traces: overview with both values, groups side by side, profiles as differences', async () => {
      const { page, errors } = await open(cmp, '/', '[data-testid=compare-note]');
      expect(await page.locator('[data-stat=goVersion] [data-testid=base-value]').innerText()).toContain('go 1.23');
      expect(await page.locator('[data-testid=base-value]').count()).toBe(12);
      await shot(page, 'compare-overview');

      await page.goto(`${cmp.url}/goroutines`);
      await page.waitForSelector('[data-testid=groups-compare]');
      const row = page.locator('[data-testid=compare-row][data-name="net/http.(*conn).serve"]');
      expect(await row.locator('[data-metric=count] [data-side=file]').innerText()).toBe('4');
      expect(await row.locator('[data-metric="Execution time"] [data-side=delta]').innerText()).toMatch(/^[+−=]/);
      await shot(page, 'compare-goroutines');

      const a = await json<ProfileResponse>(cmp, '/api/profile?kind=sync');
      const b = await json<ProfileResponse>(cmp, '/base/api/profile?kind=sync');
      await page.goto(`${cmp.url}/block`);
      await page.waitForSelector('[data-testid=flamegraph] .box[data-delta]');
      expect(await total(page)).toBe(a.totalNs - b.totalNs);
      expect(await page.locator('[data-testid=top-table] thead').innerText()).toContain('flat Δ');
      await shot(page, 'compare-block-flame');
      for (const [view, ready] of [['graph', '[data-testid=graph-node]'], ['peek', '[data-testid=peek-entry]'], ['source', '[data-testid=source-line]']]) {
        await page.goto(`${cmp.url}/block?view=${view}&f=chanrecv1`);
        await page.waitForSelector(ready);
      }
      await shot(page, 'compare-block-source');
      expect(errors).toEqual([]);
    });
  });
}
