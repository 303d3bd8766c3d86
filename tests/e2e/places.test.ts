// End-to-end: the map of places and engagement in the ranking table (issue 7), on the demo project in
// browser mode. Territories come from `kolmap territory import` (with region groups); the Places tab
// draws the countries coloured by territory; clicking a country on the map filters the network map and
// the table (a chip clears it); a US state does the same in the US view. In the table, changing a
// person's status shows in the status filter (which filters the network map too) and in their profile. Screenshots in light and dark.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kolmap, kolmapBesideApp, openDemo, shot, type DemoApp } from './helpers';

interface Hook {
  result: { people: { id: number; country: string | null; region: string | null }[] };
  graph: { forEachNode: (fn: (key: string, attrs: { personId: number }) => void) => void };
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
}

async function rankingCount(page: Page): Promise<{ shown: number; total: number }> {
  const text = (await page.getByTestId('ranking-count').textContent()) ?? '';
  const nums = text.replace(/,/g, '').match(/\d+/g)?.map(Number) ?? [];
  return nums.length === 2 ? { shown: nums[0]!, total: nums[1]! } : { shown: nums[0]!, total: nums[0]! };
}

/** How many people drawn on the network map are in the place, and how many the map shows. */
async function mapPeopleIn(page: Page, country: string, region: string | null): Promise<[number, number]> {
  const inPlace = await page.evaluate(
    ([c, r]) => {
      const k = (window as unknown as { __kolmap: Hook }).__kolmap;
      const byId = new Map(k.result.people.map((p) => [p.id, p]));
      let n = 0;
      k.graph.forEachNode((_key, a) => {
        const p = byId.get(a.personId);
        if (p && p.country === c && (r === null || p.region === r)) n++;
      });
      return n;
    },
    [country, region] as const,
  );
  const visible = Number(await page.getByTestId('map').getAttribute('data-visible-nodes'));
  return [inPlace, visible];
}

describe('map of places', () => {
  let app: DemoApp;
  let page: Page;
  let total = 0;

  beforeAll(async () => {
    app = await openDemo('kolmap-e2e-places-');
    page = app.page;
    const csv = path.join(app.dir, 'territories.csv');
    writeFileSync(
      csv,
      'territory,msl,capacity,country,region,group\n' +
        'California,Ben Cho,40,US,CA,North America\n' +
        'US Rest,Ann Lee,60,US,,North America\n' +
        'DACH,Clara Weiss,30,DE,,Europe\nDACH,,,CH,,\nDACH,,,AT,,\n' +
        'UK & Ireland,Dan Hale,20,GB,,Europe\nUK & Ireland,,,IE,,\n',
    );
    const r = await kolmapBesideApp(['territory', 'import', csv, '--db', app.db]);
    expect(r.code, r.stderr).toBe(0);
    await page.reload();
    await ready(page);
    total = (await rankingCount(page)).total;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('draws the countries coloured by territory, with counts, a legend and a list', async () => {
    await page.getByTestId('inspector-tab').getByText('Places').click();
    const map = page.getByTestId('places-map');
    await map.waitFor();
    await page.waitForSelector('[data-testid="places-map"] path[data-place="DE"]');
    const paths = await map.locator('path').count();
    expect(paths).toBeGreaterThan(150);
    // Germany is DACH's: filled with DACH's legend colour; a country with no territory is not.
    const legendColour = await page
      .locator('[data-testid="places-legend"] [data-territory="DACH"] .places-swatch')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    const fill = (key: string) =>
      page
        .locator(`[data-testid="places-map"] path[data-place="${key}"]`)
        .evaluate((el) => getComputedStyle(el).fill);
    expect(await fill('DE')).toBe(legendColour);
    expect(await fill('CH')).toBe(legendColour);
    expect(await fill('BR')).not.toBe(legendColour);
    // The list and the shapes carry the same counts as the analysis.
    const perCountry = await page.evaluate(() => {
      const counts: Record<string, number> = {};
      for (const p of (window as unknown as { __kolmap: Hook }).__kolmap.result.people)
        if (p.country) counts[p.country] = (counts[p.country] ?? 0) + 1;
      return counts;
    });
    expect(
      Number(
        await page.locator('[data-testid="places-map"] path[data-place="DE"]').getAttribute('data-people'),
      ),
    ).toBe(perCountry.DE ?? 0);
    const firstRow = page.getByTestId('place-row').first();
    const topKey = (await firstRow.getAttribute('data-place'))!;
    expect(perCountry[topKey]).toBe(Math.max(...Object.values(perCountry)));
    // Hovering shows the tooltip with T1/T2 counts.
    await page.locator('[data-testid="places-map"] path[data-place="DE"]').hover();
    const tip = page.getByTestId('places-tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/Germany.*people in scope · T1 \d+ · T2 \d+.*Territory: DACH/);
    await page.screenshot({ path: shot('places-world-light') });
    // The Europe view frames the continent; Germany is still a click away there.
    await page.getByTestId('places-mode').getByText('Europe').click();
    await page.waitForSelector('[data-testid="places-map"][data-mode="europe"] path[data-place="DE"]');
    await page.screenshot({ path: shot('places-europe-light') });
    await page.getByTestId('places-mode').getByText('World').click();
    await page.waitForSelector('[data-testid="places-map"][data-mode="world"]');
  });

  it('clicking a country filters the network map and the table; the chip clears it', async () => {
    const de = page.locator('[data-testid="places-map"] path[data-place="DE"]');
    const people = Number(await de.getAttribute('data-people'));
    expect(people).toBeGreaterThan(0);
    await de.click();
    await page.getByTestId('places-chip').waitFor();
    expect(await page.getByTestId('places-chip').getAttribute('data-place')).toBe('DE');
    await page.getByTestId('ranking-place-chip').waitFor();
    expect(await rankingCount(page)).toEqual({ shown: people, total });
    const header = await page
      .getByTestId('ranking-table')
      .getByRole('columnheader')
      .evaluateAll((ths) => ths.map((th) => th.textContent?.trim() ?? ''));
    const countries = await page
      .locator(`[data-testid="rank-row"] [role="cell"]:nth-child(${header.indexOf('Country') + 1})`)
      .allTextContents();
    expect(countries.length).toBeGreaterThan(0);
    for (const c of countries) expect(c).toBe('DE');
    const [inGermany, visible] = await mapPeopleIn(page, 'DE', null);
    expect(visible).toBe(inGermany);
    expect(visible).toBeGreaterThan(0);
    await page.screenshot({ path: shot('places-filtered-DE') });

    await page.getByRole('button', { name: 'Remove Germany from the filter' }).click();
    await page.getByTestId('ranking-place-chip').waitFor({ state: 'detached' });
    expect(await rankingCount(page)).toEqual({ shown: total, total });
  });

  it('in the US view, clicking a state filters to that state', async () => {
    await page.getByTestId('places-mode').getByText('US states').click();
    await page.waitForSelector('[data-testid="places-map"][data-mode="us"] path[data-place="US-CA"]');
    const ca = page.locator('[data-testid="places-map"] path[data-place="US-CA"]');
    const people = Number(await ca.getAttribute('data-people'));
    expect(people).toBeGreaterThan(0);
    await ca.click();
    await page.getByTestId('ranking-place-chip').waitFor();
    expect(await rankingCount(page)).toEqual({ shown: people, total });
    const [inCalifornia, visible] = await mapPeopleIn(page, 'US', 'CA');
    expect(visible).toBe(inCalifornia);
    await page.screenshot({ path: shot('places-us-CA') });
    // Clicking it again shows everyone.
    await ca.click();
    await page.getByTestId('ranking-place-chip').waitFor({ state: 'detached' });
    expect(await rankingCount(page)).toEqual({ shown: total, total });

    await page.getByRole('button', { name: 'Toggle colour theme' }).click();
    await page.waitForSelector('html[data-mantine-color-scheme="dark"]');
    await page.getByTestId('places-mode').getByText('World').click();
    await page.locator('[data-testid="places-map"] path[data-place="US"]').hover();
    await page.screenshot({ path: shot('places-world-dark') });
    await page.getByTestId('places-mode').getByText('Europe').click();
    await page.locator('[data-testid="places-map"] path[data-place="GB"]').click();
    await page.getByTestId('ranking-place-chip').waitFor();
    await page.screenshot({ path: shot('places-europe-dark') });
    await page.getByRole('button', { name: 'Clear the place filter' }).click();
    await page.getByTestId('ranking-place-chip').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Toggle colour theme' }).click();
    await page.waitForSelector('html[data-mantine-color-scheme="light"]');
  });
});

describe('region groups in the Territories tab', () => {
  let app: DemoApp;
  let page: Page;

  beforeAll(async () => {
    app = await openDemo('kolmap-e2e-groups-');
    page = app.page;
    const csv = path.join(app.dir, 'territories.csv');
    writeFileSync(
      csv,
      'territory,msl,capacity,country,region,group\n' +
        'California,Ben Cho,40,US,CA,North America\nUS Rest,Ann Lee,60,US,,North America\n' +
        'DACH,Clara Weiss,30,DE,,Europe\nDACH,,,CH,,\nUK,Dan Hale,20,GB,,Europe\nNordics,Eva Berg,10,SE,,\n',
    );
    expect((await kolmapBesideApp(['territory', 'import', csv, '--db', app.db])).code).toBe(0);
    await page.reload();
    await ready(page);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows coverage rolled up per group, renames a group and assigns a territory to one', async () => {
    await page.getByTestId('inspector-tab').getByText('Territories').click();
    const europe = page.locator('[data-testid="territory-group"][data-group="Europe"]');
    await europe.waitFor();
    const sum = async (group: ReturnType<Page['locator']>, id: string) =>
      (await group.getByTestId(id).allTextContents()).reduce((n, t) => n + Number(t.replace(/\D/g, '')), 0);
    const rollup = (await europe.getByTestId('group-rollup').textContent()) ?? '';
    expect(rollup).toContain(
      `T1 ${await sum(europe, 'territory-t1')} · T2 ${await sum(europe, 'territory-t2')}`,
    );
    expect(rollup).toContain('/ 50'); // capacities 30 + 20
    expect(
      await page
        .locator('[data-testid="territory-group"][data-group=""]')
        .getByTestId('group-name')
        .textContent(),
    ).toBe('No group');
    await page.screenshot({ path: shot('territory-groups') });

    // Rename Europe to EMEA: both its territories follow.
    await page.getByRole('button', { name: 'Rename group Europe' }).click();
    await page.getByTestId('group-rename').fill('EMEA');
    await page.getByRole('button', { name: 'Save the group name' }).click();
    const emea = page.locator('[data-testid="territory-group"][data-group="EMEA"]');
    await emea.waitFor();
    expect(await emea.getByTestId('territory-card').count()).toBe(2);

    // Assign Nordics to EMEA in the editor.
    await page.getByRole('button', { name: 'Edit Nordics' }).click();
    await page.getByTestId('territory-group-input').fill('EMEA');
    await page.getByTestId('territory-group-input').press('Escape');
    await page.getByTestId('territory-save').click();
    await page.waitForFunction(
      () =>
        document.querySelectorAll(
          '[data-testid="territory-group"][data-group="EMEA"] [data-testid="territory-card"]',
        ).length === 3,
    );
    expect(await page.locator('[data-testid="territory-group"][data-group=""]').count()).toBe(0);
    const r = kolmap(['territory', 'list', '--json', '--db', app.db]);
    const groups = Object.fromEntries(
      (JSON.parse(r.stdout) as { name: string; regionGroup: string | null }[]).map((t) => [
        t.name,
        t.regionGroup,
      ]),
    );
    expect(groups).toEqual({
      California: 'North America',
      DACH: 'EMEA',
      Nordics: 'EMEA',
      UK: 'EMEA',
      'US Rest': 'North America',
    });
    await page.screenshot({ path: shot('territory-groups-renamed') });
  });
});

describe('engagement in the ranking table', () => {
  let app: DemoApp;
  let page: Page;

  beforeAll(async () => {
    app = await openDemo('kolmap-e2e-engagement-');
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it("creates a row's selects once the pointer reaches them or the row is selected", async () => {
    const rows = page.getByTestId('rank-row');
    expect(await rows.count()).toBeGreaterThan(5);
    // Nobody selected, the pointer elsewhere: the cells show their values without a select.
    expect(await page.locator('[data-testid="rank-row"] select').count()).toBe(0);
    expect(await rows.nth(4).getByTestId('status-cell').textContent()).toBe('Not contacted');
    // The pointer on a status cell creates that select only.
    await rows.nth(4).getByTestId('status-cell').hover();
    // (A pointerenter is rendered in a task of its own, not in the event.)
    await expect.poll(() => rows.nth(4).getByTestId('status-select').count()).toBe(1);
    expect(await rows.nth(4).getByTestId('priority-select').count()).toBe(0);
    expect(await page.locator('[data-testid="rank-row"] select').count()).toBe(1);
    // From the keyboard: the arrows select a row; Tab then reaches its status and priority.
    await page.getByTestId('ranking-table').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows.first().getAttribute('aria-selected')).toBe('true');
    const first = await rows.first().getAttribute('data-person-id');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return `${el?.closest('[data-testid="rank-row"]')?.getAttribute('data-person-id')} ${el?.getAttribute('data-testid')}`;
      });
    // Tab passes the column headers' sort buttons, then reaches the selected row's selects.
    for (let i = 0; i < 20 && !(await focused()).endsWith('-select'); i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe(`${first} status-select`);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe(`${first} priority-select`);
    // Escape in a select only closes it; from the table it clears the selection.
    await page.getByTestId('ranking-table').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => rows.first().getAttribute('aria-selected')).toBe('false');
  });

  it('changing a status in the table shows in the status filter and in the profile', async () => {
    const { total } = await rankingCount(page);
    const row = page.getByTestId('rank-row').nth(2);
    const id = Number(await row.getAttribute('data-person-id'));
    const name = (await row.locator('.name-cell').textContent())!;
    // The select is created once the pointer reaches the cell (or the row is selected).
    await row.getByTestId('status-cell').hover();
    await row.getByTestId('status-select').selectOption('planned');
    await row.getByTestId('priority-cell').hover();
    await row.getByTestId('priority-select').selectOption('high');
    await page.waitForFunction(
      (pid) =>
        document
          .querySelector(`[data-testid="rank-row"][data-person-id="${pid}"] [data-testid="priority-select"]`)
          ?.closest('.cell-engagement')
          ?.classList.contains('priority-high'),
      id,
    );

    // The status filter is a live filter: the network map shows the same people, the Filters badge counts it.
    const drawn = await page.evaluate(() => {
      const k = (window as unknown as { __kolmap: Hook & { graph: { order: number } } }).__kolmap;
      return k.graph.order;
    });
    const personDrawn = await page.evaluate((pid) => {
      let found = false;
      (window as unknown as { __kolmap: Hook }).__kolmap.graph.forEachNode((_k, a) => {
        if (a.personId === pid) found = true;
      });
      return found;
    }, id);
    expect(personDrawn).toBe(true);
    const mapVisible = async () => Number(await page.getByTestId('map').getAttribute('data-visible-nodes'));
    const filterBadge = page.locator('[data-testid="map-filters"] .mantine-Badge-root');
    expect(await mapVisible()).toBe(drawn);
    expect(await filterBadge.count()).toBe(0);

    await page.getByTestId('status-filter').click();
    await page.getByRole('listbox').getByRole('option', { name: 'Planned', exact: true }).click();
    await expect.poll(() => rankingCount(page)).toEqual({ shown: 1, total });
    expect(await page.getByTestId('rank-row').first().getAttribute('data-person-id')).toBe(String(id));
    await expect.poll(mapVisible).toBe(1);
    expect(await filterBadge.textContent()).toBe('1');
    await page.screenshot({ path: shot('ranking-status-filter') });
    await page.getByTestId('map-filters').click();
    expect(await page.getByTestId('filter-status').inputValue()).toBe('Planned');
    await page.screenshot({ path: shot('map-filters-status') });
    await page.keyboard.press('Escape');

    await page.getByTestId('status-filter').click();
    await page.getByRole('listbox').getByRole('option', { name: 'Engaged', exact: true }).click();
    await expect.poll(() => rankingCount(page)).toEqual({ shown: 0, total });
    await expect.poll(mapVisible).toBe(0);
    await page.getByTestId('status-filter').click();
    await page.getByRole('listbox').getByRole('option', { name: 'All statuses' }).click();
    await expect.poll(() => rankingCount(page)).toEqual({ shown: total, total });
    await expect.poll(mapVisible).toBe(drawn);
    expect(await filterBadge.count()).toBe(0);

    // The profile reads the same engagement from the project.
    await page.locator(`[data-testid="rank-row"][data-person-id="${id}"] .name-cell`).click();
    const engagement = page.getByTestId('engagement');
    await page.waitForSelector('[data-testid="engagement"][data-status="planned"]');
    expect(await page.getByText(name).first().isVisible()).toBe(true);
    expect(await engagement.getByLabel('Priority').inputValue()).toBe('High');
    await page.screenshot({ path: shot('ranking-status-profile') });

    // And the profile's change shows in the table.
    await engagement.getByTestId('engagement-status').getByText('Engaged').click();
    await page.waitForSelector('[data-testid="engagement"][data-status="engaged"]');
    await page.waitForFunction(
      (pid) =>
        (
          document.querySelector(
            `[data-testid="rank-row"][data-person-id="${pid}"] [data-testid="status-select"]`,
          ) as HTMLSelectElement | null
        )?.value === 'engaged',
      id,
    );
    // A change in the table while the profile is open shows there too.
    await page
      .locator(`[data-testid="rank-row"][data-person-id="${id}"] [data-testid="status-select"]`)
      .selectOption('not-contacted');
    await page.waitForSelector('[data-testid="engagement"][data-status="not-contacted"]');
  });
});
