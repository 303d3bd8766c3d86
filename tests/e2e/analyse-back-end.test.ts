// End-to-end: a scope too big for the page is analysed in the back end (issue 8). A generated project
// is analysed once in the page (its result stored); a second file is then imported by the CLI beside
// the running app, which makes that result stale. Opened with the back-end threshold lowered below the
// project's size (the page's `backEndAbove` parameter), as a 1M-publication project opens with the
// default one, the page does not read the analysis input or analyse: it asks the back end
// (analyseInBackEnd), which analyses and stores the new result, and shows it from the cache. The
// ranking shown must be `kolmap rank`'s on the new data, person for person; with the paging threshold
// lowered too, the page holds only the new result's head, as kolmap rank ranks it.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analysisCacheKey, HEAD_PEOPLE } from '../../shared/analytics/cache';
import type { AnalysisOptions } from '../../shared/analytics/types';
import type { Scope } from '../../shared/api';
import { generatePubmedCsv } from '../bench/generate';
import {
  importGenerated,
  kolmapBesideApp,
  openApp,
  rankAll,
  servedProject,
  shot,
  storedAnalysis,
} from './helpers';

type Probe = { __kolmap?: { result: { people: { id: number }[]; stats: { people: number } } | null } };

/** Opens the app, noting the API methods the page calls. */
async function openNoting(browser: Browser, url: string): Promise<{ page: Page; methods: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const methods: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    const m = /\/api\/([A-Za-z]+)$/.exec(r.url());
    if (m) methods.push(m[1]!);
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
  expect(errors).toEqual([]);
  return { page, methods };
}

/**
 * Waits until the page holds exactly these people, in this order (a stale result shown meanwhile, or
 * a head of the same size, does not pass).
 */
async function expectHeld(page: Page, ids: number[]): Promise<void> {
  const held = () =>
    page.evaluate(() => (window as unknown as Probe).__kolmap?.result?.people.map((p) => p.id) ?? []);
  await expect.poll(held, { timeout: 120_000 }).toEqual(ids);
}

describe('a scope too big for the page, analysed in the back end', () => {
  const app = servedProject(
    'backend.kolmap',
    (db, dir) => importGenerated(db, path.join(dir, 'first.csv'), { publications: 1500, seed: 11 }),
    180_000,
  );

  /** Generates another file and imports it with the CLI beside the running app (the cache goes stale). */
  async function importBeside(name: string, publications: number, seed: number): Promise<void> {
    const more = path.join(app.dir, name);
    generatePubmedCsv(more, { publications, seed });
    const again = await kolmapBesideApp(['import', more, '--db', app.db]);
    expect(again.code, again.stderr).toBe(0);
  }

  it('asks the back end after the data changed, and shows the ranking kolmap rank gives', async () => {
    // First open: analysed in the page (the default threshold) and stored.
    const first = await openApp(app.browser, app.served.url);
    await expect.poll(() => storedAnalysis(app.db)?.current ?? false, { timeout: 120_000 }).toBe(true);
    await first.close();

    // The CLI imports more beside the app: the stored result is now stale.
    await importBeside('second.csv', 700, 12);
    expect(storedAnalysis(app.db)?.current).toBe(false);
    const ranked = rankAll(app.db, path.join(app.dir, 'ranked.csv'));
    expect(ranked.length).toBeGreaterThan(HEAD_PEOPLE + 100);

    // Threshold below the stale result's people: the back end analyses; the page loads the new result.
    const { page, methods } = await openNoting(app.browser, `${app.served.url}&backEndAbove=1000`);
    await expectHeld(
      page,
      ranked.map((r) => Number(r.id)),
    );
    expect(methods.filter((m) => m === 'analyseInBackEnd')).toHaveLength(1);
    expect(methods).not.toContain('getAnalysisInput');
    expect(methods).not.toContain('saveCachedAnalysis');
    expect(storedAnalysis(app.db)?.current).toBe(true);
    // Just analysed (in the back end), not the last analysis read back.
    const status = await page.getByTestId('analysis-status').textContent();
    expect(status).toContain('Analysis ready');
    expect(status).not.toContain('from the last analysis');
    expect(await page.getByTestId('ranking-count').textContent()).toBe(
      `${ranked.length.toLocaleString('en-US')} people`,
    );
    await page.screenshot({ path: shot('analyse-back-end') });
    await page.close();
  });

  it('with paging lowered too, holds only the head of the back end’s result', async () => {
    // Another file by the CLI: stale again.
    await importBeside('third.csv', 300, 13);
    const ranked = rankAll(app.db, path.join(app.dir, 'ranked-3.csv'));

    const { page, methods } = await openNoting(
      app.browser,
      `${app.served.url}&backEndAbove=1000&pagedAbove=1000`,
    );
    await expectHeld(
      page,
      ranked.slice(0, HEAD_PEOPLE).map((r) => Number(r.id)),
    );
    await expect
      .poll(() => page.evaluate(() => (window as unknown as Probe).__kolmap?.result?.stats.people))
      .toBe(ranked.length);
    expect(methods.filter((m) => m === 'analyseInBackEnd')).toHaveLength(1);
    expect(methods).not.toContain('getAnalysisInput');
    await page.close();
  });

  it('Cancel in the status bar asks the back end to stop its analysis of that scope', async () => {
    await importBeside('fourth.csv', 300, 14);

    const page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const api = (method: string) => (r: { url: () => string }) => r.url().endsWith(`/api/${method}`);
    const asked = page.waitForRequest(api('analyseInBackEnd'), { timeout: 90_000 });
    const stopped = page.waitForRequest(api('cancelBackEndAnalysis'), { timeout: 90_000 });
    await page.goto(`${app.served.url}&backEndAbove=1000`);
    const run = (await asked).postDataJSON() as { scope: Scope; options: AnalysisOptions };
    // The button moves as the phase label changes width: a click event, not a pointer click.
    await page.getByTestId('analysis-cancel').dispatchEvent('click');
    expect((await stopped).postDataJSON()).toEqual({ key: analysisCacheKey(run.scope, run.options) });
    await page.waitForSelector('[data-testid="analysis-status"][data-state="error"]');
    expect(await page.getByTestId('analysis-status').textContent()).toContain('Analysis cancelled');
    await page.close();
  });
});
