// End-to-end (issue 6, the parts added last): colour by therapeutic area with a legend that matches
// what sigma draws; GraphML export of the filtered graph; the profile's area mix, trials and payments
// (from generated ClinicalTrials.gov / Open Payments / affiliation files naming demo people, imported
// through the API); New / Open / Recent projects and the shortcuts dialog in browser mode.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeProfileFiles } from '../helpers/profileData';
import { colourScheme, type DemoApp, openDemo, shot, tempDir } from './helpers';

interface Person {
  id: number;
  name: string;
  family: string;
  given: string;
}
interface Hook {
  sigma: {
    getGraph: () => { nodes: () => string[] };
    getNodeDisplayData: (n: string) => { color: string; hidden?: boolean } | undefined;
  };
  result: { people: Person[] };
}

/** Calls the app's API over HTTP with the page's token, as the renderer does. */
async function api<T>(page: Page, token: string, method: string, args: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, args, token }) => {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kolmap-token': token },
        body: JSON.stringify(args),
      });
      const body = (await res.json()) as unknown;
      if (!res.ok) throw new Error(JSON.stringify(body));
      return body;
    },
    { method, args, token },
  ) as Promise<T>;
}

async function analysisReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
}

/** Selects a person through the search box and waits for the profile's extra sections. */
async function openProfile(page: Page, person: Person): Promise<void> {
  await page.getByTestId('person-search').click();
  await page.getByTestId('person-search').fill(person.name);
  await page
    .getByRole('option', { name: new RegExp(person.name) })
    .first()
    .click();
  await expect.poll(() => page.getByTestId('person-name').textContent()).toBe(person.name);
  await page.getByTestId('person-payments').waitFor();
  await page.keyboard.press('Escape'); // leave the search box
}

describe('explorer extras (browser mode)', () => {
  let app: DemoApp;
  let page: Page;
  let chosen: Person[] = [];
  const recentDir = tempDir('kolmap-e2e-recent-');
  const recentFile = path.join(recentDir, 'config', 'recent.json');
  const previousRecentFile = process.env.KOLMAP_RECENT_FILE;

  beforeAll(async () => {
    // The server inherits this: the recent list goes to a temporary file, not the user's config.
    process.env.KOLMAP_RECENT_FILE = recentFile;
    app = await openDemo('kolmap-e2e-extras-');
    page = app.page;
    // Trials, payments and NPIs for three demo people, imported through the API like the wizard does.
    chosen = await page.evaluate(() =>
      (window as unknown as { __kolmap: Hook }).__kolmap.result.people.slice(3, 6).map((p) => ({
        id: p.id,
        name: p.name,
        family: p.family,
        given: p.given,
      })),
    );
    for (const file of writeProfileFiles(app.dir, chosen)) {
      await api(page, app.served.token, 'importFile', {
        name: path.basename(file),
        content: readFileSync(file, 'utf8'),
      });
    }
    await page.reload();
    await analysisReady(page);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    if (previousRecentFile === undefined) delete process.env.KOLMAP_RECENT_FILE;
    else process.env.KOLMAP_RECENT_FILE = previousRecentFile;
  });

  it('colours the map by therapeutic area, with a legend that matches the drawn colours', async () => {
    await page.getByTestId('map-color-by').click();
    await page.getByRole('option', { name: 'Therapeutic area' }).click();
    await expect.poll(() => page.getByTestId('map').getAttribute('data-color-by')).toBe('area');
    await expect
      .poll(() => page.getByTestId('map').getAttribute('data-areas-ready'), { timeout: 30_000 })
      .toBe('true');
    await page.waitForTimeout(300);

    const legend = await page.getByTestId('legend-item').evaluateAll((items) =>
      items.map((i) => ({
        color: i.getAttribute('data-color') ?? '',
        label: i.querySelector('.map-legend-name')?.textContent ?? '',
        count: Number((i.querySelector('.num')?.textContent ?? '').replace(/[^\d]/g, '')),
      })),
    );
    const areas = await api<{ id: string; label: string }[]>(page, app.served.token, 'getAreas', {});
    const labels = new Set([...areas.map((a) => a.label), 'Other areas', 'No area matched']);
    expect(legend.length).toBeGreaterThan(2);
    for (const item of legend) expect(labels.has(item.label), item.label).toBe(true);
    expect(legend.filter((i) => areas.some((a) => a.label === i.label)).length).toBeGreaterThanOrEqual(2);
    expect(new Set(legend.map((i) => i.color)).size).toBe(legend.length);

    // Every drawn node has its main area's legend colour; the legend counts add up to the drawn nodes.
    const drawn = await page.evaluate(() => {
      const k = (window as unknown as { __kolmap: Hook }).__kolmap;
      return k.sigma
        .getGraph()
        .nodes()
        .map((n) => ({ id: Number(n), d: k.sigma.getNodeDisplayData(n) }))
        .filter((n) => n.d && !n.d.hidden)
        .map((n) => ({ id: n.id, color: n.d!.color }));
    });
    expect(legend.reduce((s, i) => s + i.count, 0)).toBe(drawn.length);
    const main = await api<{ areas: { id: string; label: string }[]; people: [number, string][] }>(
      page,
      app.served.token,
      'getMainAreas',
      { ids: drawn.map((d) => d.id) },
    );
    const areaOf = new Map(main.people);
    const labelOf = new Map(main.areas.map((a) => [a.id, a.label]));
    const colourOf = new Map(legend.map((i) => [i.label, i.color]));
    let matched = 0;
    for (const d of drawn) {
      const area = areaOf.get(d.id);
      const label = area === undefined ? 'No area matched' : (labelOf.get(area) ?? '');
      const expected = colourOf.get(label) ?? colourOf.get('Other areas');
      expect(d.color, `person ${d.id} (${label})`).toBe(expected);
      if (area !== undefined) matched++;
    }
    expect(matched).toBeGreaterThan(drawn.length / 4);
    await page.screenshot({ path: shot('extras-map-by-area-light') });
    await colourScheme(page, 'dark');
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('extras-map-by-area-dark') });
    await colourScheme(page, 'light');
  });

  it('exports the filtered graph as GraphML: with a tier filter, exactly the drawn people', async () => {
    // The map draws the top 2,500; the export holds everyone who passes the filters (as GEXF does).
    // With T1 only, everyone who passes is drawn, so the file and the map hold the same people.
    await page.getByTestId('map-filters').click();
    await page.getByTestId('map-filters-panel').getByText('T1', { exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('map-filters').textContent()).toMatch(/1/);
    await page.waitForTimeout(300);
    await page.getByTestId('map-export').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-graphml').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/-network\.graphml$/);
    const file = path.join(app.dir, 'network.graphml');
    await download.saveAs(file);
    const xml = readFileSync(file, 'utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const error = doc.getElementsByTagName('parsererror').length > 0;
      const ids = [...doc.getElementsByTagName('node')].map((n) => n.getAttribute('id'));
      const edges = [...doc.getElementsByTagName('edge')].map((e) => [
        e.getAttribute('source'),
        e.getAttribute('target'),
      ]);
      return { error, ids, edges, root: doc.documentElement.nodeName };
    }, xml);
    expect(parsed.error).toBe(false);
    expect(parsed.root).toBe('graphml');
    const drawn = await page.evaluate(() => {
      const k = (window as unknown as { __kolmap: Hook }).__kolmap;
      return k.sigma
        .getGraph()
        .nodes()
        .filter((n) => !k.sigma.getNodeDisplayData(n)?.hidden);
    });
    expect(parsed.ids.length).toBe(drawn.length);
    expect(new Set(parsed.ids)).toEqual(new Set(drawn));
    expect(parsed.edges.length).toBeGreaterThan(0);
    const ids = new Set(parsed.ids);
    for (const [s, t] of parsed.edges) expect(ids.has(s ?? null) && ids.has(t ?? null)).toBe(true);
    await page.getByTestId('map-filters').click();
    await page.getByTestId('filters-clear').click();
    await page.keyboard.press('Escape');
  });

  it('shows trials, payments and the area mix in the profile, and says so when there are none', async () => {
    // The third chosen person: 3 trials, 6 payments of 125.50 × k (k = 1..6).
    const person = chosen[2]!;
    await openProfile(page, person);
    await expect.poll(() => page.getByTestId('person-trial').count()).toBe(3);
    const total = [1, 2, 3, 4, 5, 6].reduce((s, k) => s + 125.5 * k, 0);
    const shown = await page.getByTestId('payments-total').textContent();
    expect(Number((shown ?? '').replace(/[^\d.]/g, ''))).toBe(Math.round(total));
    expect(await page.getByTestId('payments-payer').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('payments-year').count()).toBe(3);
    const trial = await page.getByTestId('person-trial').first().textContent();
    expect(trial).toMatch(/investigator/);
    expect(trial).toMatch(/NCT0\d{7}/);
    expect(trial).toMatch(/Phase|No phase/);
    const areas = await page.getByTestId('person-areas').getAttribute('data-empty');
    if (areas === null) expect(await page.getByTestId('person-area').count()).toBeGreaterThan(0);
    await page.getByTestId('person-trials').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('extras-profile-light') });
    await colourScheme(page, 'dark');
    await page.getByTestId('person-payments').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('extras-profile-dark') });
    await colourScheme(page, 'light');

    // Someone with none of them: the empty states.
    const other = await page.evaluate(
      (ids) =>
        (window as unknown as { __kolmap: Hook }).__kolmap.result.people.find((p) => !ids.includes(p.id))!,
      chosen.map((c) => c.id),
    );
    await openProfile(page, other);
    await expect.poll(() => page.getByTestId('person-trials').getAttribute('data-empty')).toBe('true');
    // The project holds trials, so the text says so instead of asking for a ClinicalTrials.gov export.
    expect(await page.getByTestId('person-trials').textContent()).toMatch(
      /No trial in this project names them \(\d[\d,]* trials? imported/,
    );
    expect(await page.getByTestId('person-payments').textContent()).toMatch(/No Open Payments record/);
    await page.getByTestId('person-trials').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('extras-profile-empty') });
    await page.keyboard.press('Escape');
  });

  it('lists the keyboard shortcuts on "?"', async () => {
    // Typed outside any input ("?" in the search box is just a character).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Shift+?');
    const table = page.getByTestId('shortcuts');
    await table.waitFor();
    const text = await table.textContent();
    for (const action of [
      'Import export files',
      'Open another project',
      'Find a person',
      'Export the ranked table',
      'select the next or previous person',
    ])
      expect(text).toContain(action);
    await page.waitForTimeout(400); // the modal fades in
    await page.screenshot({ path: shot('extras-shortcuts') });
    await page.keyboard.press('Escape');
    await expect.poll(() => table.count()).toBe(0);
  });

  it('creates a project, imports into it, opens the first again from the recent list; a bad path is refused', async () => {
    const first = app.db;
    expect(await page.title()).toBe('demo — kolmap');
    const second = path.join(app.dir, 'second.kolmap');

    // A bad path: a clear error in the dialog, the project stays open.
    await page.getByTestId('project-info').click();
    await page.getByTestId('project-open').click();
    await page.getByTestId('project-path').fill('relative/elsewhere.kolmap');
    await page.getByTestId('project-submit').click();
    await expect
      .poll(() => page.getByTestId('project-error').textContent())
      .toMatch(/"relative\/elsewhere\.kolmap" is not an absolute path/);
    const notProject = path.join(app.dir, 'notes.kolmap');
    writeFileSync(notProject, 'not a database\n'.repeat(200));
    await page.getByTestId('project-path').fill(notProject);
    await page.getByTestId('project-submit').click();
    await expect.poll(() => page.getByTestId('project-error').textContent()).toContain('notes.kolmap');
    await page.screenshot({ path: shot('extras-open-error') });
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('project-name').textContent()).toBe('demo');

    // New project: empty, named in the header and the title.
    await page.getByTestId('project-info').click();
    await page.getByTestId('project-new').click();
    await page.getByTestId('project-path').fill(second);
    await page.getByTestId('project-submit').click();
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('second');
    await expect.poll(() => page.title()).toBe('second — kolmap');
    await page.getByTestId('empty-state').waitFor();

    // Import into it (the wizard's API call), then the map appears.
    const content = readFileSync(path.join(app.dir, 'ctg-studies-generated.csv'), 'utf8');
    await api(page, app.served.token, 'importFile', { name: 'trials.csv', content });
    const demoCsv = await api<{ totals: { publications: number } }>(page, app.served.token, 'loadDemo', {});
    expect(demoCsv.totals.publications).toBeGreaterThan(0);
    await analysisReady(page);
    await expect.poll(() => page.getByTestId('empty-state').count()).toBe(0);

    // The recent list has both; opening the first from it switches back.
    await expect
      .poll(() => page.getByTestId('project-totals').textContent(), { timeout: 30_000 })
      .toMatch(/links/);
    const recent = page.getByTestId('recent-project');
    await page.getByTestId('project-info').click();
    try {
      await page.getByTestId('project-menu').waitFor({ state: 'visible', timeout: 5_000 });
    } catch {
      await page.getByTestId('project-info').click(); // a re-render of the header closed it
    }
    await expect.poll(() => recent.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const paths = await recent.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
    expect(paths.slice(0, 2)).toEqual([second, first]);
    await page.screenshot({ path: shot('extras-project-menu') });
    await page.locator(`[data-testid="recent-project"][data-path="${first}"]`).click();
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('demo');
    await expect.poll(() => page.title()).toBe('demo — kolmap');
    await analysisReady(page);
    const stored = JSON.parse(readFileSync(recentFile, 'utf8')) as { projects: { path: string }[] };
    expect(stored.projects.map((p) => p.path).slice(0, 2)).toEqual([first, second]);
  });
});
