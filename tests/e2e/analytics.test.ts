// End-to-end acceptance of issue 5 on the demo project in browser mode: `kolmap rank --ta oncology
// --since 2018 --top 50 --out r.csv` and the same scope in the UI give the same people in the same
// order; a person's breakdown adds up to the score shown; a weight changed in the UI changes the
// order, and `kolmap rank --weights` with the same weights gives that order too. Also looks at the
// rising stars, bridges, community labels, the weights popover, the area rules editor and Cancel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kolmap, launch, openApp, serve, shot, tempDir, type Served } from './helpers';

interface Hook {
  result: {
    people: { id: number; score: number }[];
    weights: Record<string, number>;
    risingStars: { id: number; reason: string }[];
    bridges: { id: number; reason: string }[];
    communities: { id: number; label?: string }[];
  };
}

const TOP = 50;

/** Person ids of a ranked CSV written by `kolmap rank --out`, in file order. */
function csvIds(file: string): number[] {
  const lines = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const header = lines[0]!.split(',');
  const col = header.indexOf('id');
  expect(col).toBeGreaterThanOrEqual(0);
  return lines.slice(1).map((l) => Number(l.split(',')[col]));
}

function uiIds(page: Page): Promise<number[]> {
  return page.evaluate(
    (n) => (window as unknown as { __kolmap: Hook }).__kolmap.result.people.slice(0, n).map((p) => p.id),
    TOP,
  );
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
}

describe('analytics acceptance on the demo project', () => {
  let dir: string;
  let db: string;
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = tempDir();
    db = path.join(dir, 'demo.kolmap');
    const demo = kolmap(['demo', '--db', db, '--json']);
    expect(demo.code, demo.stderr).toBe(0);
    served = await serve(db);
    browser = await launch();
    page = await openApp(browser, served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('kolmap rank and the UI give the same people in the same order for oncology since 2018', async () => {
    const out = path.join(dir, 'r.csv');
    const cli = kolmap([
      'rank',
      '--db',
      db,
      '--ta',
      'oncology',
      '--since',
      '2018',
      '--top',
      String(TOP),
      '--out',
      out,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const expected = csvIds(out);
    expect(expected).toHaveLength(TOP);

    await page.getByTestId('scope-button').click();
    await page.getByTestId('scope-area').click();
    await page.getByRole('option', { name: /^Oncology/ }).click();
    await ready(page);
    const since = page.getByTestId('scope-since');
    await since.fill('2018');
    await since.press('Enter');
    await expect.poll(() => page.getByTestId('scope-button').textContent()).toMatch(/Oncology · 2018–/);
    await page.keyboard.press('Escape');
    await expect.poll(() => uiIds(page), { timeout: 60_000 }).toEqual(expected);
    await ready(page);
    // The table shows the same order.
    const rows = await page
      .locator('[data-testid="rank-row"]')
      .evaluateAll((els) => els.slice(0, 10).map((e) => Number(e.getAttribute('data-person-id'))));
    expect(rows).toEqual(expected.slice(0, 10));
    await page.screenshot({ path: shot('analytics-oncology-2018') });
  });

  it('shows rising stars, bridges and community labels, each with its reason', async () => {
    const hook = await page.evaluate(() => (window as unknown as { __kolmap: Hook }).__kolmap.result);
    expect(hook.communities.some((c) => (c.label ?? '') !== '')).toBe(true);
    await expect.poll(() => page.getByTestId('community-label').count()).toBeGreaterThan(0);
    expect(hook.risingStars.length).toBeGreaterThan(0);
    expect(hook.bridges.length).toBeGreaterThan(0);
    const star = page.getByTestId('rising-star').first();
    await star.scrollIntoViewIfNeeded();
    expect(await star.getByTestId('rising-star-reason').textContent()).toMatch(
      /^First paper in scope \d{4};/,
    );
    const bridge = page.getByTestId('bridge').first();
    expect(await bridge.getByTestId('bridge-reason').textContent()).toMatch(/^Betweenness #1 of/);
    await bridge.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('analytics-lists') });
    const id = Number(await bridge.getAttribute('data-person-id'));
    await bridge.click();
    await expect.poll(() => page.getByTestId('person-panel').getAttribute('data-person-id')).toBe(String(id));
  });

  it("a person's score breakdown adds up to the score shown", async () => {
    // The person panel is open (the bridge above); check it and the #1 of the ranking.
    for (const pick of ['panel', 'top'] as const) {
      if (pick === 'top') await page.locator('[data-testid="rank-row"]').first().click();
      const panel = page.getByTestId('person-panel');
      await panel.getByTestId('score-breakdown').scrollIntoViewIfNeeded();
      const shown = Number(await panel.getByTestId('person-score').textContent());
      const total = Number(await panel.getByTestId('breakdown-total').textContent());
      const points = await panel
        .getByTestId('score-breakdown')
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td:last-child')?.textContent)));
      expect(points.length).toBeGreaterThan(0);
      expect(total).toBeCloseTo(shown, 5);
      expect(points.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 5);
    }
    await page.screenshot({ path: shot('analytics-breakdown') });
    await page.keyboard.press('Escape');
  });

  it('a weight changed in the UI changes the order, and kolmap rank --weights gives the same order', async () => {
    const before = await uiIds(page);
    await page.getByTestId('weights-button').click();
    await page.getByTestId('weight-publications').focus();
    await page.keyboard.press('Home');
    await page.getByTestId('weight-pagerank').focus();
    await page.keyboard.press('End');
    await expect
      .poll(() => page.getByTestId('weights-popover').getAttribute('data-spec'))
      .toContain('publications=0,');
    await expect
      .poll(() => page.getByTestId('weights-popover').getAttribute('data-spec'))
      .toContain('pagerank=1');
    await page.screenshot({ path: shot('analytics-weights') });
    const spec = (await page.getByTestId('weights-popover').getAttribute('data-spec')) ?? '';
    // The renormalised weights shown are the ones the analysis used.
    await expect
      .poll(
        () =>
          page.evaluate(() => (window as unknown as { __kolmap: Hook }).__kolmap.result.weights.publications),
        { timeout: 60_000 },
      )
      .toBe(0);
    await ready(page);
    const after = await uiIds(page);
    expect(after).not.toEqual(before);

    const out = path.join(dir, 'w.csv');
    const args = ['rank', '--db', db, '--ta', 'oncology', '--since', '2018', '--top', String(TOP)];
    const cli = kolmap([...args, '--weights', spec, '--out', out]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(csvIds(out)).toEqual(after);
    // The UI's weights in the CLI's own shorthand (only the keys changed) give the same order too.
    const short = kolmap([...args, '--weights', 'publications=0,pagerank=1', '--out', out]);
    expect(short.code, short.stderr).toBe(0);
    expect(csvIds(out)).toEqual(after);

    await page.getByTestId('weights-reset').click();
    await expect.poll(() => uiIds(page), { timeout: 60_000 }).toEqual(before);
    await page.keyboard.press('Escape');
  });

  it('the area rules editor lists areas with counts and saves an edit', async () => {
    await page.getByTestId('scope-button').click();
    await page.getByTestId('edit-areas').click();
    const onc = page.locator('[data-testid="area-item"][data-area="oncology"]');
    await onc.waitFor();
    await onc.click();
    await expect.poll(() => page.getByTestId('area-label').inputValue()).toBe('Oncology');
    await page.screenshot({ path: shot('analytics-areas-editor') });
    const keywords = page.getByTestId('area-keywords');
    await keywords.fill('glioblastoma');
    await keywords.press('Enter');
    await page.getByTestId('area-save').click();
    // Saving re-tags every publication in one transaction: seconds on a busy machine.
    await expect
      .poll(() => page.getByTestId('area-saved').textContent(), { timeout: 30_000 })
      .toMatch(/^Saved: [\d,]+ publications/);
    await page.keyboard.press('Escape');
    await ready(page);
  });

  it('the analysis can be cancelled from the status bar', async () => {
    // A weight change starts a run; Cancel stops it and the previous result stays. The worker's
    // requests for the cached result or the input are held until the run is cancelled, so the run
    // cannot finish before the click lands, however busy the machine.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held: string[] = [];
    const hold = async (route: Route) => {
      held.push(new URL(route.request().url()).pathname);
      await released;
      await route.continue().catch(() => undefined);
    };
    const analysisCalls = /\/api\/(getCachedAnalysis|getAnalysisInput|analyseInBackEnd)$/;
    await page.context().route(analysisCalls, hold);
    try {
      await page.getByTestId('weights-button').click();
      await page.getByTestId('weight-citations').focus();
      await page.keyboard.press('Home');
      const cancel = page.getByTestId('analysis-cancel');
      await cancel.waitFor({ timeout: 10_000 });
      await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThan(0);
      // The button moves as the phase label changes width: a click event, not a pointer click.
      await cancel.dispatchEvent('click');
      await page.waitForSelector('[data-testid="analysis-status"][data-state="error"]');
    } finally {
      release();
      await page.context().unroute(analysisCalls, hold);
    }
    expect(await page.getByTestId('analysis-status').textContent()).toContain('Analysis cancelled');
    await page.screenshot({ path: shot('analytics-cancelled') });
    await page.getByTestId('weights-reset').click();
    await ready(page);
  });
});
