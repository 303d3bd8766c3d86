// End-to-end checks of defects met while using the app as a Medical Science Liaison does: a territory's
// people are shown in the map and the ranking (its card, the Filters panel and a chip; a Territory
// column), the shortlist picks from that territory only; a next action or notes typed in the profile are
// kept (Enter saves, leaving the person saves); the exported ranking carries the engagement plan
// (status, priority, next action and date, notes; formulas neutralised); deleting a territory or a
// snapshot asks first; the import wizard's preview says what importing would do ("new", not
// "imported") and counts "1 record"; the identity review's likelihood is not cut to "9…" at 1280 px; a
// scope with an area names the area by its label after a reload. The demo project at 1280×800.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RANK_COLUMNS } from '../../shared/api';
import { kolmap, servedProject, shot } from './helpers';

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
}

/** `kolmap rank --territory NAME`'s people ids, in rank order. */
function territoryIds(db: string, name: string): number[] {
  const r = kolmap(['rank', '--db', db, '--territory', name, '--top', '100000', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { id: number }[]).map((p) => Number(p.id));
}

async function rowIds(page: Page): Promise<number[]> {
  return page
    .getByTestId('rank-row')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-person-id'))));
}

describe('using the app as an MSL: territory, shortlist, engagement plan', () => {
  const app = servedProject('msl.kolmap', (db) => {
    const demo = kolmap(['demo', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
  });
  let page: Page;
  const TERRITORY = 'DACH';
  const NEXT_ACTION = '=HYPERLINK("http://example.com","call")';
  const NOTES = 'Met at ASH, wants the "phase 2" data\nCall back in March';

  beforeAll(async () => {
    page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.served.url);
    await ready(page);
    expect(errors).toEqual([]);
  }, 120_000);

  it("shows a territory's people in the ranking and the map from its card", async () => {
    await page.getByTestId('inspector-tab').getByText('Territories', { exact: true }).click();
    await page.getByTestId('territory-new').click();
    const editor = page.getByTestId('territory-editor');
    await editor.getByLabel('Name').fill(TERRITORY);
    await editor.getByLabel('MSL').fill('Clara Weiss');
    const places = editor.getByLabel('Places');
    for (const p of ['DE', 'CH']) {
      await places.fill(p);
      await places.press('Enter');
    }
    await places.press('Tab');
    await page.getByTestId('territory-save').click();
    const card = page.locator(`[data-testid="territory-card"][data-territory="${TERRITORY}"]`);
    await card.waitFor();
    await ready(page);
    const expected = territoryIds(app.db, TERRITORY);
    expect(expected.length).toBeGreaterThan(3);
    await expect
      .poll(() => card.getByTestId('territory-communities').textContent())
      .toContain(`${expected.length} people`);

    const map = page.getByTestId('map');
    const drawnBefore = Number(await map.getAttribute('data-visible-nodes'));
    await card.getByTestId('territory-show').click();
    const count = page.getByTestId('ranking-count');
    await expect.poll(() => count.textContent()).toMatch(new RegExp(`^${expected.length} of `));
    expect(await page.getByTestId('ranking-territory-chip').textContent()).toBe(TERRITORY);
    // The ranks are the whole scope's (as `kolmap rank --territory`): the same people in the same order.
    expect(await rowIds(page)).toEqual(expected.slice(0, (await rowIds(page)).length));
    const header = await page
      .getByTestId('ranking-table')
      .getByRole('columnheader')
      .evaluateAll((ths) => ths.map((th) => th.textContent?.trim() ?? ''));
    const col = header.indexOf('Territory');
    expect(col).toBeGreaterThan(0);
    expect(await page.getByTestId('rank-row').first().getByRole('cell').nth(col).textContent()).toBe(
      TERRITORY,
    );
    // The map draws only them (those of them among the people it draws).
    await expect
      .poll(async () => Number(await map.getAttribute('data-visible-nodes')), { timeout: 15_000 })
      .toBeLessThanOrEqual(expected.length);
    expect(Number(await map.getAttribute('data-visible-nodes'))).toBeGreaterThan(0);
    expect(drawnBefore).toBeGreaterThan(expected.length);
    await page.screenshot({ path: shot('msl-territory-shown') });

    // The Filters panel names the territory; the card's button takes the filter off again.
    await page.getByTestId('map-filters').click();
    await page.getByTestId('map-filters-panel').getByTestId('filter-territory').waitFor();
    expect(
      await page
        .getByTestId('map-filters-panel')
        .locator('.mantine-Pill-root', { hasText: TERRITORY })
        .count(),
    ).toBe(1);
    await page.getByTestId('map-filters').click();
    await card.getByTestId('territory-show').click();
    await expect.poll(() => count.textContent()).not.toMatch(/ of /);
    await page.getByTestId('ranking-territory-chip').waitFor({ state: 'detached' });
    // And the chip clears it as well.
    await card.getByTestId('territory-show').click();
    await expect.poll(() => count.textContent()).toMatch(/ of /);
    await page.getByTestId('ranking-territory-chip').getByRole('button').click();
    await expect.poll(() => count.textContent()).not.toMatch(/ of /);
  });

  it('builds the shortlist from the territory the ranking is filtered to', async () => {
    const expected = new Set(territoryIds(app.db, TERRITORY));
    const card = page.locator(`[data-testid="territory-card"][data-territory="${TERRITORY}"]`);
    await card.getByTestId('territory-show').click();
    await page.getByTestId('inspector-tab').getByText('Shortlist', { exact: true }).click();
    await expect
      .poll(() => page.getByTestId('shortlist-pool').textContent())
      .toContain(`From ${expected.size} people of ${TERRITORY}`);
    const picks = await page
      .getByTestId('shortlist-pick')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-person-id'))));
    expect(picks.length).toBeGreaterThan(0);
    for (const id of picks) expect(expected.has(id), `pick ${id}`).toBe(true);
    await page.screenshot({ path: shot('msl-shortlist-territory') });
  });

  it('keeps the next action and notes typed in the profile: Enter saves, leaving the person saves', async () => {
    const rows = page.getByTestId('rank-row');
    const second = rows.nth(1);
    const id = await second.getAttribute('data-person-id');
    await second.click({ position: { x: 90, y: 12 } });
    const panel = page.getByTestId('person-panel');
    await expect.poll(() => panel.getAttribute('data-person-id')).toBe(id);
    const engagement = panel.getByTestId('engagement');
    await engagement.scrollIntoViewIfNeeded();
    const next = engagement.getByLabel('Next action', { exact: true });
    await next.fill(NEXT_ACTION);
    await expect.poll(() => engagement.getByRole('button', { name: 'Save' }).count()).toBe(1);
    await next.press('Enter');
    await expect.poll(() => engagement.getByRole('button', { name: 'Save' }).count()).toBe(0);
    // Notes typed, then another person opened without pressing Save.
    await engagement.getByLabel('Notes').fill(NOTES);
    await rows.first().click({ position: { x: 90, y: 12 } });
    await expect.poll(() => panel.getAttribute('data-person-id')).not.toBe(id);
    await second.click({ position: { x: 90, y: 12 } });
    await expect.poll(() => panel.getAttribute('data-person-id')).toBe(id);
    await expect.poll(() => engagement.getByLabel('Notes').inputValue()).toBe(NOTES);
    expect(await next.inputValue()).toBe(NEXT_ACTION);
    await engagement.screenshot({ path: shot('msl-engagement-kept') });
    await panel.getByLabel('Close').click();
  });

  it('exports the ranking with the engagement plan: status, priority, next action, notes', async () => {
    // The territory filter is still on: the export is the territory's people.
    const expected = territoryIds(app.db, TERRITORY);
    const second = page.getByTestId('rank-row').nth(1);
    const id = Number(await second.getAttribute('data-person-id'));
    // The select is created once the pointer reaches the cell (or the row is selected).
    await second.getByTestId('status-cell').hover();
    await second.getByTestId('status-select').selectOption('planned');
    await second.getByTestId('priority-cell').hover();
    await second.getByTestId('priority-select').selectOption('high');
    await expect.poll(() => second.locator('.cell-engagement.status-planned').count()).toBe(1);
    // Both stored: the profile's history lists the change.
    await second.click({ position: { x: 90, y: 12 } });
    const panel = page.getByTestId('person-panel');
    await expect
      .poll(() => panel.getByTestId('engagement-history').textContent())
      .toContain('Planned · high priority');
    await panel.getByLabel('Close').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
    const file = path.join(app.dir, 'plan.csv');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([
      ...RANK_COLUMNS,
      'status',
      'priority',
      'next_action',
      'next_date',
      'notes',
    ]);
    expect(parsed.data.map((r) => Number(r.id))).toEqual(expected);
    for (const r of parsed.data) expect(r.territory).toBe(TERRITORY);
    const row = parsed.data.find((r) => Number(r.id) === id);
    expect(row?.status).toBe('planned');
    expect(row?.priority).toBe('high');
    // A formula typed by hand is neutralised for Excel; a line break and quotes survive the quoting.
    expect(row?.next_action).toBe(`'${NEXT_ACTION}`);
    expect(row?.notes).toBe(NOTES);
    const others = parsed.data.filter((r) => Number(r.id) !== id);
    expect(
      others.every((r) => r.status === 'not-contacted' || r.status === 'planned' || r.status === 'engaged'),
    ).toBe(true);
    await page.getByTestId('ranking-territory-chip').getByRole('button').click();
  });

  it('asks before deleting a territory', async () => {
    await page.getByTestId('inspector-tab').getByText('Territories', { exact: true }).click();
    const card = page.locator(`[data-testid="territory-card"][data-territory="${TERRITORY}"]`);
    await card.getByRole('button', { name: `Edit ${TERRITORY}` }).click();
    const del = page.getByTestId('territory-editor').getByTestId('territory-delete');
    await del.click();
    expect(await del.textContent()).toBe(`Delete ${TERRITORY}?`);
    const listed = (): string[] => {
      const r = kolmap(['territory', 'list', '--json', '--db', app.db]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { name: string }[]).map((t) => t.name);
    };
    expect(listed()).toEqual([TERRITORY]);
    await page.getByTestId('territory-editor').screenshot({ path: shot('msl-territory-delete') });
    await del.click();
    await card.waitFor({ state: 'detached' });
    expect(listed()).toEqual([]);
  });

  it('asks before deleting a snapshot', async () => {
    await page.getByTestId('inspector-tab').getByText('Snapshots', { exact: true }).click();
    await page.getByTestId('snapshot-name').fill('Q4 baseline');
    await page.getByTestId('snapshot-save').click();
    const row = page.locator('[data-testid="snapshot-row"][data-name="Q4 baseline"]');
    await row.waitFor();
    const listed = (): string[] => {
      const r = kolmap(['snapshot', 'list', '--json', '--db', app.db]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { name: string }[]).map((x) => x.name);
    };
    expect(listed()).toEqual(['Q4 baseline']);
    await row.getByRole('button', { name: 'Delete Q4 baseline' }).click();
    const confirm = row.getByTestId('snapshot-delete-confirm');
    await confirm.waitFor();
    expect(listed()).toEqual(['Q4 baseline']);
    await row.screenshot({ path: shot('msl-snapshot-delete') });
    await confirm.click();
    await row.waitFor({ state: 'detached' });
    expect(listed()).toEqual([]);
  });

  it("says what importing would do in the wizard's preview, before anything is imported", async () => {
    await page.getByTestId('import-button').click();
    await page.getByTestId('wizard').waitFor();
    await page.getByTestId('wizard-input').setInputFiles({
      name: 'search.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n' +
          '"99000001","A new paper on hair follicles","Muster M, Beispiel B.","J. 2021","Muster M","J","2021","2021/01/01","","","10.1/x1"\n',
      ),
    });
    const rows = page.getByTestId('wizard-file').getByTestId('wizard-rows');
    await rows.waitFor({ timeout: 30_000 });
    expect(await rows.getByRole('columnheader').last().textContent()).toBe('On import');
    expect(await rows.getByTestId('wizard-outcome').first().textContent()).toBe('new');
    // One record is "1 record" ("1 records" before).
    expect(await page.getByTestId('wizard-counts').textContent()).toContain('1 record1 would be imported');
    expect(await page.getByTestId('wizard-summary').textContent()).toMatch(
      /^1 file ready: 1 record, up to 1 new/,
    );
    await page.getByTestId('wizard').screenshot({ path: shot('msl-wizard-preview') });
    await page.getByTestId('wizard-cancel').click();
    await page.getByTestId('wizard').waitFor({ state: 'detached' });
  });

  it("shows the identity review's likelihood whole at 1280 px", async () => {
    await page.getByTestId('identity-review-button').click();
    const first = page.getByTestId('identity-candidate').first();
    await first.waitFor({ timeout: 30_000 });
    // Every candidate's: the longer its reason, the more the badge beside it was squeezed.
    const badges = await page.getByTestId('identity-confidence').evaluateAll((els) =>
      els.map((el) => {
        const label = el.querySelector('.mantine-Badge-label') ?? el;
        return { text: el.textContent ?? '', cut: label.scrollWidth > label.clientWidth };
      }),
    );
    expect(badges.length).toBeGreaterThan(1);
    for (const b of badges) expect(b.text).toMatch(/^\d+%$/);
    expect(badges.filter((b) => b.cut)).toEqual([]);
    await first.screenshot({ path: shot('msl-identity-badge') });
    await page.keyboard.press('Escape');
  });

  it('names the scope by its area label after a reload', async () => {
    await page.getByTestId('scope-button').click();
    await page.getByTestId('scope-area').click();
    const option = page
      .getByRole('option')
      .filter({ hasText: /\(\d+\)$/ })
      .first();
    const label = ((await option.textContent()) ?? '').replace(/\s*\([\d,]+\)$/, '');
    expect(label).not.toBe('');
    await option.click();
    await page.keyboard.press('Escape');
    await ready(page);
    await expect.poll(() => page.getByTestId('scope-button').textContent()).toContain(label);
    await page.reload();
    await ready(page);
    await expect.poll(() => page.getByTestId('scope-button').textContent()).toContain(label);
    await page.getByTestId('scope-button').screenshot({ path: shot('msl-scope-after-reload') });
  });

  it("names a snapshot's area by its label, not its id", async () => {
    // The scope from the test before holds an area: "Label · years" on the scope button.
    const label = ((await page.getByTestId('scope-button').textContent()) ?? '').split(' · ')[0]!.trim();
    expect(label).not.toBe('');
    await page.getByTestId('inspector-tab').getByText('Snapshots', { exact: true }).click();
    await page.getByTestId('snapshot-name').fill('Area snapshot');
    await page.getByTestId('snapshot-save').click();
    const row = page.locator('[data-testid="snapshot-row"][data-name="Area snapshot"]');
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain(label);
    expect(await row.textContent()).not.toMatch(/\barea \w/);
  });

  it('keeps the territory filter on a territory that is renamed', async () => {
    await page.getByTestId('inspector-tab').getByText('Territories', { exact: true }).click();
    await page.getByTestId('territory-new').click();
    const editor = page.getByTestId('territory-editor');
    await editor.getByLabel('Name').fill('Alpine');
    const places = editor.getByLabel('Places');
    await places.fill('DE');
    await places.press('Enter');
    await places.press('Tab');
    await page.getByTestId('territory-save').click();
    const card = page.locator('[data-testid="territory-card"][data-territory="Alpine"]');
    await card.waitFor();
    await ready(page);
    await card.getByTestId('territory-show').click();
    const count = page.getByTestId('ranking-count');
    // The territory's people are counted once its assignment arrives: "0 of …" may show before that.
    // (The save re-runs the analysis a moment later; the status bar, which shows the state with the
    // result, can still read "ready" from the run before, so wait for the count, not for the status.)
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(/^[1-9][\d,]* of /);
    const shown = await count.textContent();
    await card.getByRole('button', { name: 'Edit Alpine' }).click();
    await page.getByTestId('territory-editor').getByLabel('Name').fill('Alpine North');
    await page.getByTestId('territory-save').click();
    await page.locator('[data-testid="territory-card"][data-territory="Alpine North"]').waitFor();
    await ready(page);
    // As above: the rename re-runs the analysis, and the count waits for its result.
    await expect
      .poll(() => page.getByTestId('ranking-territory-chip').textContent(), { timeout: 30_000 })
      .toBe('Alpine North');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe(shown);
  });
});
