// End-to-end: a cached result too big to load into the page (issue 8). A generated project with more
// people than the cache's head is analysed once (its result stored); it is then opened with the paging
// threshold lowered below its size (the page's `pagedAbove` parameter), as a 1M-publication project
// opens with the default one: the page holds only the head, and the ranking table reads the rows past
// it from the back end as it scrolls. Those rows must be the people `kolmap rank` ranks there, in its
// order, and a row past the head opens that person's profile.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAD_PEOPLE } from '../../shared/analytics/cache';
import { generatePubmedCsv } from '../bench/generate';
import { kolmap, launch, openApp, serve, shot, tempDir, type Served } from './helpers';

const ROW_HEIGHT = 32;

type Probe = { __kolmap: { result: { people: unknown[]; stats: { people: number } } } };

function storedParts(db: string): number {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const row = conn.prepare('SELECT parts FROM analysis_cache').get() as { parts: number } | undefined;
    return row?.parts ?? 0;
  } finally {
    conn.close();
  }
}

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
  let dir: string;
  let db: string;
  let served: Served;
  let browser: Browser;
  /** `kolmap rank`'s whole ranked list (its CSV), in its order. */
  let ranked: { id: string; name: string; tier: string }[];

  beforeAll(async () => {
    dir = tempDir();
    db = path.join(dir, 'paged.kolmap');
    const csv = path.join(dir, 'synthetic.csv');
    generatePubmedCsv(csv, { publications: 2500, seed: 8 });
    const imported = kolmap(['import', csv, '--db', db]);
    expect(imported.code, imported.stderr).toBe(0);
    const out = path.join(dir, 'ranked.csv');
    const cli = kolmap(['rank', '--db', db, '--top', '10000000', '--out', out]);
    expect(cli.code, cli.stderr).toBe(0);
    ranked = Papa.parse<{ id: string; name: string; tier: string }>(readFileSync(out, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    served = await serve(db);
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('shows the head at once and reads the rows past it in rank order, as kolmap rank ranks them', async () => {
    expect(ranked.length).toBeGreaterThan(HEAD_PEOPLE + 200);
    // First open: analysed in the page and stored part by part.
    const first = await openApp(browser, served.url);
    await expect.poll(() => storedParts(db), { timeout: 120_000 }).toBeGreaterThan(1);
    await first.close();

    const page = await openApp(browser, `${served.url}&pagedAbove=1000`);
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
