// End-to-end: a cached result too big to load into the page (issue 8). A generated project with more
// people than the cache's head is analysed once (its result stored); it is then opened with the paging
// threshold lowered below its size (the page's `pagedAbove` parameter), as a 1M-publication project
// opens with the default one: the page holds only the head, and the ranking table reads the rows past
// it from the back end as it scrolls. Those rows must be the people `kolmap rank` ranks there, in its
// order, and a row past the head opens that person's profile.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HEAD_PEOPLE } from '../../shared/analytics/cache';
import { importGenerated, openApp, rankAll, servedProject, shot, storedParts } from './helpers';

const ROW_HEIGHT = 32;

type Probe = { __kolmap: { result: { people: unknown[]; stats: { people: number } } } };

/** The rows on screen, loaded ones only: their 0-based position in the ranking and person id. */
function rowsOnScreen(page: Page): Promise<{ index: number; id: number; name: string }[]> {
  return page.$$eval('[data-testid="rank-row"]', (rows) =>
    rows
      .map((r) => ({
        index: Number(r.getAttribute('aria-rowindex')) - 2,
        id: Number(r.getAttribute('data-person-id')),
        name: r.querySelector('.name-cell')?.textContent ?? '',
      }))
      .sort((a, b) => a.index - b.index),
  );
}

async function scrollToRow(page: Page, index: number): Promise<void> {
  await page
    .getByTestId('ranking-table')
    .evaluate((el, top) => el.scrollTo({ top }), Math.max(0, index * ROW_HEIGHT));
}

describe('a ranking too big for the page, paged from the back end', () => {
  /** `kolmap rank`'s whole ranked list (its CSV), in its order. */
  let ranked: { id: string; name: string; tier: string }[];
  const app = servedProject(
    'paged.kolmap',
    (db, dir) => {
      importGenerated(db, path.join(dir, 'synthetic.csv'), { publications: 2500, seed: 8 });
      ranked = rankAll(db, path.join(dir, 'ranked.csv'));
    },
    180_000,
  );

  it('shows the head at once and reads the rows past it in rank order, as kolmap rank ranks them', async () => {
    expect(ranked.length).toBeGreaterThan(HEAD_PEOPLE + 200);
    // First open: analysed in the page and stored part by part.
    const first = await openApp(app.browser, app.served.url);
    await expect.poll(() => storedParts(app.db), { timeout: 120_000 }).toBeGreaterThan(1);
    await first.close();

    const page = await openApp(app.browser, `${app.served.url}&pagedAbove=1000`);
    const calls: number[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/getCachedRanking'))
        calls.push((r.postDataJSON() as { start: number }).start);
    });
    // Only the head is in the page; the count and the table's rows cover everyone.
    const held = await page.evaluate(() => {
      const r = (window as unknown as Probe).__kolmap.result;
      return { people: r.people.length, total: r.stats.people };
    });
    expect(held).toEqual({ people: HEAD_PEOPLE, total: ranked.length });
    const fmt = (v: number) => v.toLocaleString('en-US');
    expect(await page.getByTestId('ranking-count').textContent()).toBe(`${fmt(ranked.length)} people`);
    await expect.poll(() => page.getByTestId('ranking-paged-note').isVisible()).toBe(true);
    expect(await page.getByTestId('ranking-table').getAttribute('aria-rowcount')).toBe(
      String(ranked.length + 1),
    );
    const top = await rowsOnScreen(page);
    expect(top.length).toBeGreaterThan(5);
    expect(top.map((r) => r.id)).toEqual(top.map((r) => Number(ranked[r.index]!.id)));
    expect(calls).toEqual([]); // the head needs no page
    // The overview counts everyone, not the head: tiers as kolmap rank assigns them.
    const tiers = await page
      .getByTestId('tier-count')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-tier'), e.textContent]));
    expect(tiers).toEqual(
      (['T1', 'T2', 'T3', 'T4'] as const).map((t) => [t, fmt(ranked.filter((r) => r.tier === t).length)]),
    );

    // Across the end of the head: rows before it from the page, after it from the back end.
    for (const at of [HEAD_PEOPLE - 6, HEAD_PEOPLE + 90, ranked.length - 5]) {
      await scrollToRow(page, at);
      await expect
        .poll(
          async () => (await rowsOnScreen(page)).some((r) => r.index === Math.min(at + 3, ranked.length - 1)),
          {
            timeout: 20_000,
          },
        )
        .toBe(true);
      await expect.poll(() => page.getByTestId('rank-row-pending').count(), { timeout: 20_000 }).toBe(0);
      const rows = await rowsOnScreen(page);
      expect(rows.length).toBeGreaterThan(5);
      // Consecutive positions, each the person kolmap rank puts there.
      expect(rows.map((r) => r.index)).toEqual(rows.map((_, i) => rows[0]!.index + i));
      expect(rows.map((r) => ({ id: r.id, name: r.name }))).toEqual(
        rows.map((r) => ({ id: Number(ranked[r.index]!.id), name: ranked[r.index]!.name })),
      );
      if (at === HEAD_PEOPLE + 90) await page.screenshot({ path: shot('ranking-paged') });
    }
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((s) => s >= HEAD_PEOPLE - 200)).toBe(true);

    // A row past the head opens that person's profile.
    const last = (await rowsOnScreen(page)).at(-1)!;
    await page.locator(`[data-testid="rank-row"][data-person-id="${last.id}"]`).click();
    await expect.poll(() => page.getByTestId('person-name').textContent()).toBe(ranked[last.index]!.name);
    await page.screenshot({ path: shot('ranking-paged-profile') });
    await page.close();
  });
});
