// End-to-end checks of defects met while using the app as its users do: the person search picks the
// best-ranked match on Enter; Escape leaves a person's profile also when the focus is on a radio switch
// (the map's All / Ego 1 / Ego 2); the score breakdown's network influence reads as the ranking's
// PageRank column does (relative to the average person, not 2.29e-3); the Imports tab names a file
// imported by the CLI by its own name, not by the start of its path; the import wizard says what to do
// with a CSV of unknown columns in its own terms, not with the CLI's list of formats and flags; the map
// legend folds to its title line and stays folded when the project is opened again.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { importGenerated, openApp, servedProject, shot } from './helpers';

describe('using the app: search, Escape, breakdown, imported files', () => {
  const app = servedProject('usability.kolmap', (db, dir) => {
    // A long path: the Imports tab is narrow and used to show only its beginning.
    const nested = path.join(dir, 'exports', 'therapeutic-area-review', 'pubmed-search-2024');
    mkdirSync(nested, { recursive: true });
    importGenerated(db, path.join(nested, 'usability-export.csv'), { publications: 300, seed: 77 });
  });
  let page: Page;

  beforeAll(async () => {
    page = await openApp(app.browser, app.served.url);
  }, 120_000);

  /** The ranking's row of rank `rank` (1-based): its person's id and name. */
  async function rowAt(rank: number): Promise<{ id: string; name: string }> {
    const row = page.locator('[data-testid="rank-row"]').nth(rank - 1);
    const id = (await row.getAttribute('data-person-id')) ?? '';
    const name = (await row.getByRole('cell').nth(1).textContent())?.trim() ?? '';
    return { id, name };
  }

  it('gives names and labels cut with "…" their whole text on hover', async () => {
    const name = page
      .locator('[data-testid="rank-row"]')
      .first()
      .getByRole('cell')
      .nth(1)
      .locator('span')
      .first();
    expect(await name.getAttribute('title')).toBe((await name.textContent())?.trim());
    const label = page.getByTestId('community-label').first();
    expect(await label.getAttribute('title')).toBe((await label.textContent())?.trim());
    const legend = page.getByTestId('legend-item').first();
    const legendName = (await legend.locator('.map-legend-name').textContent())?.trim() ?? '';
    expect(legendName).not.toBe('');
    expect(await legend.getAttribute('title')).toContain(legendName);
  });

  it('Ctrl+F, a name and Enter open that person (no arrow key needed)', async () => {
    const third = await rowAt(3);
    expect(third.name).not.toBe('');
    await page.keyboard.press('Control+f');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('person-search');
    await page.keyboard.type(third.name);
    // The match is listed (not highlighted by an arrow key); Enter takes it.
    await page
      .getByRole('option', { name: new RegExp(third.name) })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('person-panel');
    await expect.poll(() => panel.getAttribute('data-person-id'), { timeout: 15_000 }).toBe(third.id);
    await page.screenshot({ path: shot('usability-search-enter') });
  });

  it('shows network influence as the ranking shows PageRank', async () => {
    const panel = page.getByTestId('person-panel');
    const id = await panel.getAttribute('data-person-id');
    const row = page.locator(`[data-testid="rank-row"][data-person-id="${id}"]`);
    const header = await page
      .getByTestId('ranking-table')
      .getByRole('columnheader')
      .evaluateAll((ths) => ths.map((th) => th.textContent?.trim() ?? ''));
    const col = header.indexOf('PageRank');
    expect(col).toBeGreaterThan(0);
    const inTable = (await row.getByRole('cell').nth(col).textContent())?.trim();
    const influence = panel
      .getByTestId('score-breakdown')
      .locator('tbody tr', { hasText: 'Network influence' });
    const inPanel = (await influence.locator('td').nth(1).textContent())?.trim();
    expect(inTable).toMatch(/^\d+\.\d\d$/);
    expect(inPanel).toBe(inTable);
    await panel.getByTestId('score-breakdown').screenshot({ path: shot('usability-breakdown') });
  });

  /** Opens the profile of the ranking's first person (a click on the row's name). */
  async function openFirstProfile() {
    const first = await rowAt(1);
    await page
      .locator(`[data-testid="rank-row"][data-person-id="${first.id}"]`)
      .click({ position: { x: 90, y: 12 } });
    const panel = page.getByTestId('person-panel');
    await expect.poll(() => panel.getAttribute('data-person-id')).toBe(first.id);
    return { first, panel };
  }

  it('Escape closes the profile and leaves ego mode with the focus on the ego switch', async () => {
    const panel = page.getByTestId('person-panel');
    expect(await panel.count()).toBe(1);
    await page.getByTestId('ego-mode').getByText('Ego 1', { exact: true }).click();
    await expect
      .poll(() => page.getByTestId('ego-mode').locator('input:checked').getAttribute('value'))
      .toBe('1');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe(
      'radio',
    );
    // Away from the switch: its tooltip (open while hovered) would take the first Escape.
    await page.mouse.move(5, 5);
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await page.getByTestId('ego-mode').locator('input:checked').getAttribute('value')).toBe('0');
  });

  it("Escape in the ranking's filter box does not close the profile", async () => {
    const { first, panel } = await openFirstProfile();
    await page.getByTestId('ranking-filter').click();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(await panel.getAttribute('data-person-id')).toBe(first.id);
    await page.mouse.click(5, page.viewportSize()!.height - 5);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
  });

  it("Escape on a popover's button closes that popover and nothing else", async () => {
    // Without a profile open: the overview's buttons (weights, tiers) are there too.
    for (const id of [
      'map-filters',
      'map-settings',
      'column-chooser',
      'scope-button',
      'weights-button',
      'tiers-button',
    ]) {
      const button = page.getByTestId(id);
      await button.click();
      await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
      // The pointer away from the button (the pointer left on one is checked below, with map-settings).
      await page.mouse.move(5, 5);
      await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);
      await page.keyboard.press('Escape');
      await expect.poll(() => button.getAttribute('aria-expanded'), { message: id }).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(id);
    }
    // With a profile open, the Escape that closes a popover leaves the profile; the next closes it.
    const { first, panel } = await openFirstProfile();
    // The pointer stays on the button: its tooltip hides while the popover is open, so one Escape does.
    const settings = page.getByTestId('map-settings');
    await settings.hover();
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(1);
    await settings.click();
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => settings.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.getAttribute('data-person-id')).toBe(first.id);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('names an imported file by its own name, with the path in its tooltip', async () => {
    await page.getByTestId('inspector-tab').getByText('Imports', { exact: true }).click();
    const name = page.getByTestId('imports-row').first().locator('p').first();
    await expect.poll(() => name.textContent(), { timeout: 15_000 }).toBe('usability-export.csv');
    expect(await name.getAttribute('title')).toContain(
      path.join('pubmed-search-2024', 'usability-export.csv'),
    );
    await page.getByTestId('imports-panel').screenshot({ path: shot('usability-imports') });
  });

  it("tells what to do with a CSV of unknown columns in the wizard's terms", async () => {
    await page.getByTestId('import-button').click();
    await page.getByTestId('wizard').waitFor();
    await page.getByTestId('wizard-input').setInputFiles({
      name: 'lab-sheet.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Paper Title,Who,When\n"Hair follicle stem cells","Smith, John",2021\n'),
    });
    const error = page.getByTestId('wizard-file').getByTestId('wizard-error');
    await error.waitFor({ timeout: 30_000 });
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('unrecognised format (columns found: Paper Title, Who, When)');
    expect(text).toContain('map its columns');
    expect(text).not.toContain('--format');
    expect(text).not.toContain('Supported formats');
    // The CLI's whole message stays in the tooltip.
    expect(await error.locator('p').first().getAttribute('title')).toContain('--format generic-csv');
    await page.getByTestId('wizard').screenshot({ path: shot('usability-wizard-unknown') });
    await page.getByTestId('wizard-cancel').click();
  });

  it('folds the map legend to its title and keeps it folded after a reload', async () => {
    const legend = page.getByTestId('map-legend');
    const toggle = page.getByTestId('legend-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const open = (await legend.boundingBox())?.height ?? 0;
    expect(await page.getByTestId('legend-item').count()).toBeGreaterThan(0);
    await toggle.click();
    await expect.poll(() => page.getByTestId('legend-item').count()).toBe(0);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const folded = (await legend.boundingBox())?.height ?? 0;
    expect(folded).toBeLessThan(open / 2);
    // The view is saved a moment after it changes.
    await expect
      .poll(() =>
        page.evaluate(() =>
          Object.keys(localStorage).some((k) => localStorage.getItem(k)?.includes('"legendCollapsed":true')),
        ),
      )
      .toBe(true);
    await page.reload();
    await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
    await page.getByTestId('legend-toggle').waitFor();
    expect(await page.getByTestId('legend-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('legend-item').count()).toBe(0);
    // Keyboard: Enter on the focused title opens it again.
    await page.getByTestId('legend-toggle').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('legend-item').count()).toBeGreaterThan(0);
  });
});
