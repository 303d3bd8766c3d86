// End-to-end: territories on the demo project in browser mode (issue 7). Create two territories in the
// inspector's Territories tab, see their coverage (load, T1/T2, communities), open a next best expert,
// mark them engaged in the person panel, and see the gaps and the territory's coverage change.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kolmap, openDemo, shot, type DemoApp } from './helpers';

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
}

async function createTerritory(
  page: Page,
  t: { name: string; msl: string; capacity: number; places: string[] },
): Promise<void> {
  await page.getByTestId('territory-new').click();
  const editor = page.getByTestId('territory-editor');
  await editor.getByLabel('Name').fill(t.name);
  await editor.getByLabel('MSL').fill(t.msl);
  await editor.getByLabel('Capacity (KOLs)').fill(String(t.capacity));
  const places = editor.getByLabel('Places');
  for (const p of t.places) {
    await places.fill(p);
    await places.press('Enter');
  }
  await places.press('Tab'); // closes the suggestions dropdown, which covers the buttons
  for (const p of t.places) await editor.getByText(p, { exact: true }).waitFor();
  await page.getByTestId('territory-save').click();
  await page.waitForSelector(`[data-testid="territory-card"][data-territory="${t.name}"]`);
  await ready(page);
}

async function count(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).textContent())?.replace(/\D/g, ''));
}

describe('territories in the UI', () => {
  let app: DemoApp;
  let db: string;
  let page: Page;

  beforeAll(async () => {
    app = await openDemo('kolmap-e2e-territories-');
    ({ db, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('creates two territories and shows their coverage', async () => {
    await page.getByTestId('inspector-tab').getByText('Territories').click();
    await page.getByTestId('territories-panel').waitFor();
    await createTerritory(page, { name: 'California', msl: 'Ben Cho', capacity: 200, places: ['US-CA'] });
    await createTerritory(page, { name: 'DACH', msl: 'Clara Weiss', capacity: 40, places: ['DE', 'CH'] });

    const cards = page.getByTestId('territory-card');
    expect(await cards.count()).toBe(2);
    const cal = page.locator('[data-testid="territory-card"][data-territory="California"]');
    expect(Number(await cal.getByTestId('territory-t1').textContent())).toBeGreaterThan(0);
    await expect
      .poll(() => cal.getByTestId('territory-communities').textContent())
      .toContain('communities touched 0 of');
    // DACH has more T1/T2 people than its capacity of 40: listed as over capacity.
    await page.getByTestId('gap-over-capacity').getByText(/DACH/).waitFor();
    expect(await page.getByTestId('next-best-territory').count()).toBe(2);
    await page.screenshot({ path: shot('territories-coverage') });

    // The back end has them: the CLI sees the same territories and the table's territory column is filled.
    const list = kolmap(['territory', 'list', '--json', '--db', db]);
    expect(list.code).toBe(0);
    const parsed = JSON.parse(list.stdout) as { name: string; places: unknown[]; people: number }[];
    expect(parsed.map((t) => t.name)).toEqual(['California', 'DACH']);
    expect(parsed[1]?.places).toEqual([
      { country: 'CH', region: null },
      { country: 'DE', region: null },
    ]);
  });

  it('marking a next best expert engaged closes a community gap', async () => {
    const uncoveredBefore = await count(page, 'gap-uncovered-count');
    expect(uncoveredBefore).toBeGreaterThan(0);
    const first = page
      .locator('[data-testid="next-best-territory"][data-territory="California"]')
      .getByTestId('next-best-person')
      .first();
    const id = await first.getAttribute('data-person-id');
    const reason = await first.textContent();
    expect(reason).toMatch(/has no engaged expert yet/);
    await first.click();
    const panel = page.getByTestId('person-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-person-id')).toBe(id);
    const engagement = panel.getByTestId('engagement');
    await page.waitForSelector('[data-testid="engagement"][data-status="not-contacted"]');
    await engagement.getByTestId('engagement-status').getByText('Engaged').click();
    await page.waitForSelector('[data-testid="engagement"][data-status="engaged"]');
    await engagement.getByTestId('engagement-history').getByText('Engaged').waitFor();
    await engagement.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('territories-engaged') });

    await panel.getByLabel('Close').click();
    await page.getByTestId('territories-panel').waitFor();
    await expect.poll(() => count(page, 'gap-uncovered-count')).toBe(uncoveredBefore - 1);
    const cal = page.locator('[data-testid="territory-card"][data-territory="California"]');
    expect(await cal.getByTestId('territory-communities').textContent()).toMatch(
      /1 engaged.*communities touched 1 of/,
    );
    const nextIds = await page
      .locator(
        '[data-testid="next-best-territory"][data-territory="California"] [data-testid="next-best-person"]',
      )
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-person-id')));
    expect(nextIds).not.toContain(id);
    await page.screenshot({ path: shot('territories-after-engagement') });
  });

  it('takes places by name: countries and states become their codes as they are typed', async () => {
    await page.getByTestId('territory-new').click();
    const editor = page.getByTestId('territory-editor');
    await editor.getByLabel('Name').fill('Named places');
    const places = editor.getByLabel('Places');
    for (const typed of ['Germany', 'michigan', 'UK', 'che', 'Atlantis']) {
      await places.fill(typed);
      await places.press('Enter');
    }
    await places.press('Tab');
    for (const code of ['DE', 'US-MI', 'GB', 'CH', 'Atlantis'])
      await editor.getByText(code, { exact: true }).waitFor();
    expect(await editor.getByText('Germany', { exact: true }).count()).toBe(0);
    // A name kolmap does not know is refused on save, with what it takes.
    await page.getByTestId('territory-save').click();
    await editor
      .getByRole('alert')
      .getByText(/Not a place: Atlantis\. Use a country code or name/)
      .waitFor();
    await page.screenshot({ path: shot('territories-named-places') });
    // Without it the territory saves with the codes.
    await places.focus();
    await places.press('Backspace'); // removes the last tag
    await places.press('Tab'); // closes the suggestions dropdown, which covers the buttons
    expect(await editor.getByText('Atlantis', { exact: true }).count()).toBe(0);
    await page.getByTestId('territory-save').click();
    await page.waitForSelector('[data-testid="territory-card"][data-territory="Named places"]');
    const list = kolmap(['territory', 'list', '--json', '--db', db]);
    const named = (JSON.parse(list.stdout) as { name: string; places: unknown[] }[]).find(
      (t) => t.name === 'Named places',
    );
    expect(named?.places).toEqual([
      { country: 'CH', region: null },
      { country: 'DE', region: null },
      { country: 'GB', region: null },
      { country: 'US', region: 'MI' },
    ]);
  });
});
