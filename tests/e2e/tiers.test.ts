// End-to-end: the tier cut-offs and community resolution set in the overview's tiers popover give the
// tiers and communities `kolmap rank --tiers … --resolution …` gives on the same project file; a bad
// value is refused with a reason and changes nothing; Reset goes back to the defaults; a snapshot saved
// in the UI records them; custom weights and settings are kept with the project across a reload.
// Screenshots of the popover in light and dark at 1024×700 and 1440×900.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { colourScheme, kolmap, kolmapBesideApp, openApp, servedProject, shot } from './helpers';

interface Hook {
  result: { people: { id: number; tier: string; community: number }[]; communities: unknown[] };
}

const RESOLUTION = '2.5';

/** Tier counts, community count and the top people's ids and tiers of a `kolmap rank --out` CSV. */
function cliSummary(file: string) {
  const rows = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const tiers: Record<string, number> = { T1: 0, T2: 0, T3: 0, T4: 0 };
  for (const r of rows) tiers[r.tier!]!++;
  return {
    tiers,
    communities: new Set(rows.map((r) => r.community)).size,
    top: rows.slice(0, 15).map((r) => `${r.id}:${r.tier}`),
  };
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
}

/** What the overview shows: the tier counts and the communities in the status bar. */
async function uiSummary(page: Page) {
  const tiers: Record<string, number> = {};
  for (const t of ['T1', 'T2', 'T3', 'T4']) {
    const text = await page.locator(`[data-testid="tier-count"][data-tier="${t}"]`).textContent();
    tiers[t] = Number((text ?? '').replace(/[^\d]/g, ''));
  }
  const status = (await page.getByTestId('analysis-status').textContent()) ?? '';
  const communities = Number(/([\d,]+) communities/.exec(status)?.[1]?.replace(/,/g, '') ?? NaN);
  return { tiers, communities };
}

async function rowTiers(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="rank-row"]')
    .evaluateAll((els) =>
      els
        .slice(0, 15)
        .map(
          (e) =>
            `${e.getAttribute('data-person-id')}:${e.querySelector('.tier-badge')?.getAttribute('data-tier')}`,
        ),
    );
}

async function openTab(page: Page, label: string): Promise<void> {
  await page.getByTestId('inspector-tab').getByText(label, { exact: true }).click();
}

/** Opens the tiers popover (a click on its button toggles it) and waits for it. */
async function openPopover(page: Page): Promise<void> {
  const popover = page.getByTestId('tiers-popover');
  if (!(await popover.isVisible())) {
    await page.getByTestId('tiers-button').scrollIntoViewIfNeeded();
    await page.getByTestId('tiers-button').click();
  }
  await popover.waitFor({ state: 'visible' });
}

/** Closes it with Escape from inside (focus on its first input) and waits until it is gone. */
async function closePopover(page: Page): Promise<void> {
  await page.getByTestId('tier-input-T1').focus();
  await page.keyboard.press('Escape');
  await page.getByTestId('tiers-popover').waitFor({ state: 'hidden' });
}

describe('tier cut-offs and community resolution in the UI and the CLI', () => {
  const app = servedProject('demo.kolmap', (db) => {
    const demo = kolmap(['demo', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
  });
  let page: Page;

  /** `kolmap rank --tiers 10,15,30 --resolution 2.5` (and more flags) on the app's project, summarised. */
  function customRank(file: string, more: string[] = []) {
    const out = path.join(app.dir, file);
    const cli = kolmap([
      'rank',
      '--db',
      app.db,
      '--tiers',
      '10,15,30',
      '--resolution',
      RESOLUTION,
      ...more,
      '--out',
      out,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    return cliSummary(out);
  }

  beforeAll(async () => {
    page = await openApp(app.browser, app.served.url);
  });

  it('T1 at 10 % and resolution 2.5 in the UI give what kolmap rank --tiers 10,15,30 --resolution 2.5 gives', async () => {
    const defaultsFile = path.join(app.dir, 'defaults.csv');
    const d = kolmap(['rank', '--db', app.db, '--out', defaultsFile]);
    expect(d.code, d.stderr).toBe(0);
    const defaults = cliSummary(defaultsFile);
    await expect
      .poll(() => uiSummary(page), { timeout: 30_000 })
      .toEqual({
        tiers: defaults.tiers,
        communities: defaults.communities,
      });

    await openPopover(page);
    const t1 = page.getByTestId('tier-input-T1');
    await t1.fill('10');
    await t1.press('Enter');
    const resolution = page.getByTestId('resolution-input');
    await resolution.fill(RESOLUTION);
    await resolution.press('Enter');
    await expect
      .poll(() => page.getByTestId('tiers-popover').getAttribute('data-spec'))
      .toBe(`--tiers 10,15,30 --resolution ${RESOLUTION}`);
    await ready(page);

    const expected = customRank('custom.csv');
    // The settings change what is asked: more T1, more communities.
    expect(expected.tiers.T1).toBeGreaterThan(defaults.tiers.T1! * 1.8);
    expect(expected.communities).toBeGreaterThan(defaults.communities);
    await expect
      .poll(() => uiSummary(page), { timeout: 60_000 })
      .toEqual({ tiers: expected.tiers, communities: expected.communities });
    const hook = await page.evaluate(() => (window as unknown as { __kolmap: Hook }).__kolmap.result);
    expect(hook.communities.length).toBe(expected.communities);
    await closePopover(page);
    await expect.poll(() => rowTiers(page), { timeout: 30_000 }).toEqual(expected.top);
    expect(await page.getByTestId('settings-in-use').textContent()).toBe(
      `Custom: T1 top 10 %, T2 next 15 %, T3 next 30 %; community resolution ${RESOLUTION}.`,
    );
    await page.screenshot({ path: shot('tiers-applied') });

    // A snapshot saved in the UI records the settings its result was computed with.
    await openTab(page, 'Snapshots');
    await page.getByTestId('snapshot-name').fill('Wide tiers');
    await page.getByTestId('snapshot-save').click();
    const row = page.locator('[data-testid="snapshot-row"][data-name="Wide tiers"]');
    await row.waitFor();
    expect(await row.getByTestId('snapshot-settings').textContent()).toBe(
      `tiers 10/15/30 % · resolution ${RESOLUTION}`,
    );
    const list = await kolmapBesideApp(['snapshot', 'list', '--db', app.db, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const saved = (JSON.parse(list.stdout) as { name: string; settings: unknown }[]).find(
      (x) => x.name === 'Wide tiers',
    );
    expect(saved?.settings).toEqual({ tierCuts: [0.1, 0.25, 0.55], resolution: Number(RESOLUTION) });
    await page.screenshot({ path: shot('tiers-snapshot') });
    await openTab(page, 'Overview');
  });

  it('refuses cut-offs that add up to more than 100 % with a reason, moves the resolution by keyboard, and Reset restores the defaults', async () => {
    const before = await uiSummary(page);
    await openPopover(page);
    const t2 = page.getByTestId('tier-input-T2');
    await t2.fill('70');
    await t2.press('Enter');
    await expect
      .poll(() => page.getByTestId('tiers-problem').textContent())
      .toMatch(/^T1 \+ T2 \+ T3 must add up to at most 100 % \(T4 is the rest\), got 110 %/);
    await page.screenshot({ path: shot('tiers-problem') });
    // Nothing was applied.
    expect(await page.getByTestId('tiers-popover').getAttribute('data-spec')).toBe(
      `--tiers 10,15,30 --resolution ${RESOLUTION}`,
    );
    expect(await uiSummary(page)).toEqual(before);

    // The resolution slider moves by keyboard, one step per key (2.5 → 3.2 on its log scale).
    await page.getByTestId('resolution-slider').focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.getByTestId('tiers-popover').getAttribute('data-spec'))
      .toBe('--tiers 10,15,30 --resolution 3.2');
    expect(await page.getByTestId('resolution-input').inputValue()).toBe('3.2');

    await page.getByTestId('tiers-reset').click();
    await page.getByTestId('resolution-reset').click();
    await expect.poll(() => page.getByTestId('tiers-popover').getAttribute('data-spec')).toBe('');
    expect(await page.getByTestId('tier-input-T2').inputValue()).toBe('15 %');
    expect(await page.getByTestId('tiers-button').getAttribute('data-custom')).toBe('false');
    const defaultsFile = path.join(app.dir, 'defaults.csv');
    const defaults = cliSummary(defaultsFile);
    await expect
      .poll(() => uiSummary(page), { timeout: 60_000 })
      .toEqual({ tiers: defaults.tiers, communities: defaults.communities });
    await closePopover(page);
    await ready(page);
  });

  it('the popover is whole in the window, light and dark, at 1024×700 and 1440×900', async () => {
    for (const [width, height] of [
      [1024, 700],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await colourScheme(page, scheme);
        await openPopover(page);
        await page.getByTestId('tier-input-T1').focus();
        const box = await page.getByTestId('tiers-popover').boundingBox();
        expect(box).not.toBeNull();
        expect(box!.y).toBeGreaterThanOrEqual(0);
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.y + box!.height).toBeLessThanOrEqual(height);
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);
        // Keyboard: Tab goes from T1 to T2 to T3.
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
          'tier-input-T3',
        );
        await page.screenshot({ path: shot(`tiers-popover-${width}-${scheme}`) });
        await closePopover(page);
      }
    }
    await colourScheme(page, 'light');
  });

  it('keeps custom weights, tiers and resolution with the project: a reload analyses with them, Reset forgets them', async () => {
    type WeightsHook = { __kolmap: { result: { weights: Record<string, number> } } };
    const usedWeight = (k: string) =>
      page.evaluate((key) => (window as unknown as WeightsHook).__kolmap.result.weights[key], k);
    await page.setViewportSize({ width: 1440, height: 900 });
    // Publications at 0 (its slider to Home), T1 at 10 % and resolution 2.5.
    await page.getByTestId('weights-button').click();
    await page.locator('[data-testid="weight-row"][data-component="publications"] [role="slider"]').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => usedWeight('publications'), { timeout: 60_000 }).toBe(0);
    await page.keyboard.press('Escape');
    await openPopover(page);
    const t1 = page.getByTestId('tier-input-T1');
    await t1.fill('10');
    await t1.press('Enter');
    const resolution = page.getByTestId('resolution-input');
    await resolution.fill(RESOLUTION);
    await resolution.press('Enter');
    await closePopover(page);
    await expect
      .poll(() => page.getByTestId('settings-in-use').textContent(), { timeout: 60_000 })
      .toBe(`Custom: T1 top 10 %, T2 next 15 %, T3 next 30 %; community resolution ${RESOLUTION}.`);
    await ready(page);
    const custom = await uiSummary(page);

    // What kolmap rank gives with the same flags is what the reloaded page shows.
    await page.reload();
    await ready(page);
    expect(await page.getByTestId('tiers-button').getAttribute('data-custom')).toBe('true');
    expect(await page.getByTestId('weights-button').getAttribute('data-custom')).toBe('true');
    expect(await usedWeight('publications')).toBe(0);
    expect(await page.getByTestId('settings-in-use').textContent()).toBe(
      `Custom: T1 top 10 %, T2 next 15 %, T3 next 30 %; community resolution ${RESOLUTION}.`,
    );
    await expect.poll(() => uiSummary(page), { timeout: 60_000 }).toEqual(custom);
    await page.getByTestId('weights-button').click();
    const weights = await page.getByTestId('weights-popover').getAttribute('data-spec');
    expect(weights).toMatch(/(^|,)publications=0(,|$)/);
    // Escape closes it with the focus still on its button, as from inside it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'weights-button',
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('weights-popover').count()).toBe(0);
    const expected = customRank('kept.csv', ['--weights', weights!]);
    expect(custom).toEqual({ tiers: expected.tiers, communities: expected.communities });
    await expect.poll(() => rowTiers(page), { timeout: 30_000 }).toEqual(expected.top);

    // Reset all three: the defaults run, and a reload keeps the defaults.
    await page.getByTestId('weights-button').click();
    await page.getByTestId('weights-reset').click();
    await page.keyboard.press('Escape');
    await openPopover(page);
    await page.getByTestId('tiers-reset').click();
    await page.getByTestId('resolution-reset').click();
    await closePopover(page);
    await expect.poll(() => usedWeight('publications'), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.reload();
    await ready(page);
    expect(await page.getByTestId('tiers-button').getAttribute('data-custom')).toBe('false');
    expect(await page.getByTestId('weights-button').getAttribute('data-custom')).toBe('false');
    expect(await usedWeight('publications')).toBeGreaterThan(0);
    const defaults = cliSummary(path.join(app.dir, 'defaults.csv'));
    await expect
      .poll(() => uiSummary(page), { timeout: 60_000 })
      .toEqual({ tiers: defaults.tiers, communities: defaults.communities });
  });
});
