// End-to-end: a cached result comes head first (issue 8). A generated project with more people than the
// cache's head (HEAD_PEOPLE) is analysed once; on the next open the ranking shows the head's top-ranked
// people at once while the other parts are still being read (the request for part 1 is held back 5 s so
// the test sees that state every time), then the whole result replaces it, with the same ranking.
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HEAD_PEOPLE } from '../../shared/analytics/cache';
import { importGenerated, openApp, servedProject, shot, storedParts } from './helpers';

const status = '[data-testid="analysis-status"]';

type Probe = { __kolmap: { result: { people: { id: number; rank: number; score: number }[] } } };

function people(page: Page): Promise<{ id: number; rank: number; score: number }[]> {
  return page.evaluate(() =>
    (window as unknown as Probe).__kolmap.result.people.map((p) => ({
      id: p.id,
      rank: p.rank,
      score: p.score,
    })),
  );
}

/** Drops the project's stored map layouts (a second connection; the served app holds the file too). */
function clearLayouts(db: string): void {
  const conn = new Database(db, { fileMustExist: true });
  try {
    conn.pragma('busy_timeout = 10000');
    conn.exec('DELETE FROM layout_positions; DELETE FROM layouts;');
  } finally {
    conn.close();
  }
}

describe('cached analysis, head first', () => {
  const app = servedProject(
    'head.kolmap',
    (db, dir) => importGenerated(db, path.join(dir, 'synthetic.csv'), { publications: 2500, seed: 8 }),
    180_000,
  );

  it('shows the head of the stored result at once, then the whole of it', async () => {
    const first = await openApp(app.browser, app.served.url);
    const computed = await people(first);
    expect(computed.length).toBeGreaterThan(HEAD_PEOPLE);
    // The worker stores the result part by part after handing it over.
    await expect.poll(() => storedParts(app.db), { timeout: 120_000 }).toBeGreaterThan(1);
    await first.close();
    // No stored layout (the first page's run may have settled and stored one): the head's map has a
    // layout to run, which waits for the whole result.
    clearLayouts(app.db);

    const page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    let held = 0;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.context().route('**/api/getCachedAnalysis', async (route) => {
      const body = route.request().postDataJSON() as { part?: number };
      if ((body.part ?? 0) === 1) {
        held++;
        await Promise.race([released, new Promise((r) => setTimeout(r, 20_000))]);
      }
      await route.continue();
    });
    await page.goto(app.served.url);
    // The head: ranked rows on screen while the analysis status still says it is loading.
    await page.waitForSelector(`${status}[data-state="running"][data-cached="current"]`, { timeout: 60_000 });
    // The worker asks for the rest once the page has drawn the head (ShownNotice).
    await expect.poll(() => held, { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await people(page)).length, { timeout: 10_000 }).toBe(HEAD_PEOPLE);
    expect(await people(page)).toEqual(computed.slice(0, HEAD_PEOPLE));
    const rows = page.locator('[data-testid="rank-row"]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(5);
    // The count says it is part of everyone in scope.
    const fmt = (v: number) => v.toLocaleString('en-US');
    expect(await page.getByTestId('ranking-count').textContent()).toBe(
      `${fmt(HEAD_PEOPLE)} of ${fmt(computed.length)} people`,
    );
    // The head's map is drawn, but no layout runs on it: the whole result's map replaces it.
    const map = page.getByTestId('map');
    await page.waitForSelector('[data-testid="map"][data-layout-deferred="true"]', { timeout: 30_000 });
    expect(await page.evaluate('window.__kolmap.graph.order')).toBeGreaterThan(0);
    expect(await map.getAttribute('data-layout-source')).toBe('');
    expect(await map.getAttribute('data-layout')).toBe('running');
    await page.screenshot({ path: shot('analysis-cache-head') });
    // Then the rest: the whole result, the same ranking, shown as current.
    release();
    await page.waitForSelector(`${status}[data-state="ready"][data-cached="current"]`, { timeout: 60_000 });
    // The whole result's own map: laid out (its stored positions or a run), no longer waiting.
    await page.waitForSelector('[data-testid="map"][data-layout="idle"][data-layout-deferred="false"]', {
      timeout: 60_000,
    });
    expect(await people(page)).toEqual(computed);
    expect(await page.getByTestId('ranking-count').textContent()).toBe(`${fmt(computed.length)} people`);
    expect(await page.locator(status).textContent()).toContain('from the last analysis');
    await page.screenshot({ path: shot('analysis-cache-head-whole') });
    await page.close();
  });
});
