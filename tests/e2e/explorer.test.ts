// End-to-end: the explorer on the demo project in browser mode. Search opens a profile and moves the
// camera; a tier filter changes the map and the table together; ego mode shows only a neighbourhood;
// table sorting and selection stay in sync with the map; the PNG export is the view, not blank.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, openDemo, shot, type DemoApp } from './helpers';

interface SigmaLike {
  getCamera: () => { getState: () => { x: number; y: number; ratio: number } };
  getNodeDisplayData: (
    n: string,
  ) => { x: number; y: number; color: string; hidden?: boolean; highlighted?: boolean } | undefined;
  getGraph: () => { nodes: () => string[] };
}
interface Hook {
  sigma: SigmaLike;
  result: {
    people: { id: number; name: string; tier: string }[];
    edges: { source: number; target: number }[];
  };
}

async function visibleNodes(page: Page): Promise<number> {
  return Number(await page.getByTestId('map').getAttribute('data-visible-nodes'));
}

/** Nodes sigma actually draws (its reducers' output), read from the running instance. */
async function drawnNodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const k = (window as unknown as { __kolmap: Hook }).__kolmap;
    return k.sigma
      .getGraph()
      .nodes()
      .filter((n) => !k.sigma.getNodeDisplayData(n)?.hidden);
  });
}

async function cameraRatio(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { __kolmap: Hook }).__kolmap.sigma.getCamera().getState().ratio,
  );
}

/** Waits for camera animations to end and one more frame, so labels and links are drawn again. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const k = (
      window as unknown as { __kolmap: { sigma: { getCamera: () => { isAnimated: () => boolean } } } }
    ).__kolmap;
    return !k.sigma.getCamera().isAnimated();
  });
  await page.waitForTimeout(300);
}

/** Pairs of drawn labels whose boxes overlap (should be none). */
async function overlappingLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type L = { text: string; x: number; y: number; width: number; height: number };
    const k = (window as unknown as { __kolmap: { labels: () => L[] } }).__kolmap;
    const labels = k.labels();
    const out: string[] = [];
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!;
        const b = labels[j]!;
        const overlapX = a.x < b.x + b.width && b.x < a.x + a.width;
        const overlapY = Math.abs(a.y - b.y) < Math.min(a.height, b.height);
        if (overlapX && overlapY) out.push(`${a.text} / ${b.text}`);
      }
    }
    return out;
  });
}

async function labelCount(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { __kolmap: { labels: () => unknown[] } }).__kolmap.labels().length,
  );
}

async function rankingCount(page: Page): Promise<string> {
  return (await page.getByTestId('ranking-count').textContent()) ?? '';
}

describe('the explorer on the demo project', () => {
  let app: DemoApp;
  let dir: string;
  let page: Page;

  beforeAll(async () => {
    app = await openDemo();
    ({ dir, page } = app);
    await page.waitForSelector('[data-testid="map"][data-layout="idle"]', { timeout: 30_000 });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('draws labels that do not overlap and a legend that matches the colours drawn', async () => {
    const check = await page.evaluate(() => {
      const k = (
        window as unknown as {
          __kolmap: Hook;
        }
      ).__kolmap;
      const colours = new Set<string>();
      for (const n of k.sigma.getGraph().nodes()) {
        const d = k.sigma.getNodeDisplayData(n);
        if (d && !d.hidden) colours.add(d.color);
      }
      const legend = [...document.querySelectorAll('[data-testid="legend-item"]')].map((e) =>
        e.getAttribute('data-color'),
      );
      return { colours: [...colours], legend };
    });
    expect(check.legend.length).toBeGreaterThan(3);
    // Every colour on the map is explained by the legend, and the legend lists nothing that is not drawn.
    expect(new Set(check.colours)).toEqual(new Set(check.legend));
    await settled(page);
    expect(await labelCount(page)).toBeGreaterThan(5);
    expect(await overlappingLabels(page)).toEqual([]);
    // Zoomed in, more names fit, still without overlaps.
    const before = await labelCount(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await settled(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await settled(page);
    await expect.poll(() => labelCount(page)).toBeGreaterThan(before);
    expect(await overlappingLabels(page)).toEqual([]);
    await page.screenshot({ path: shot('explorer-map-zoomed') });
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await settled(page);
    await page.screenshot({ path: shot('explorer-map') });
  });

  it('finds a person: the profile opens and the camera moves to them', async () => {
    const person = await page.evaluate(
      () => (window as unknown as { __kolmap: Hook }).__kolmap.result.people[4]!,
    );
    await settled(page);
    const before = await cameraRatio(page);
    await page.getByTestId('person-search').click();
    await page.getByTestId('person-search').fill(person.name);
    await page
      .getByRole('option', { name: new RegExp(person.name) })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('person-name').textContent()).toBe(person.name);
    await expect.poll(() => cameraRatio(page)).toBeLessThan(Math.min(before, 0.5));
    const centred = await page.evaluate((id) => {
      const k = (window as unknown as { __kolmap: Hook }).__kolmap;
      const d = k.sigma.getNodeDisplayData(String(id));
      const c = k.sigma.getCamera().getState();
      return d ? Math.hypot(d.x - c.x, d.y - c.y) : Infinity;
    }, person.id);
    expect(centred).toBeLessThan(0.05);
    await settled(page);
    expect(await overlappingLabels(page)).toEqual([]);
    await page.screenshot({ path: shot('explorer-profile') });
    await page.keyboard.press('Escape'); // leave the search input
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('person-panel').count()).toBe(0);
  });

  it('a tier filter changes the map and the table together', async () => {
    const allNodes = await visibleNodes(page);
    const total = await page.evaluate(
      () => (window as unknown as { __kolmap: Hook }).__kolmap.result.people.length,
    );
    const t1 = await page.evaluate(
      () =>
        (window as unknown as { __kolmap: Hook }).__kolmap.result.people.filter((p) => p.tier === 'T1')
          .length,
    );
    await page.getByTestId('map-filters').click();
    await page.getByTestId('map-filters-panel').getByText('T1', { exact: true }).click();
    await expect.poll(() => visibleNodes(page)).toBeLessThan(allNodes);
    expect(await visibleNodes(page)).toBeGreaterThan(0);
    expect((await drawnNodes(page)).length).toBe(await visibleNodes(page));
    await expect
      .poll(() => rankingCount(page))
      .toBe(`${t1.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} people`);
    const tiers = await page.locator('[data-testid="rank-row"] [data-tier]').allTextContents();
    expect(tiers.length).toBeGreaterThan(0);
    expect(new Set(tiers)).toEqual(new Set(['T1']));
    await page.keyboard.press('Escape'); // close the filter panel
    await settled(page);
    await page.screenshot({ path: shot('explorer-filter-t1') });
    await page.getByTestId('map-filters').click();
    await page.getByTestId('filters-clear').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => visibleNodes(page)).toBe(allNodes);
    await expect.poll(() => rankingCount(page)).toBe(`${total.toLocaleString('en-US')} people`);
  });

  it('ego mode shows only the selected person and their co-authors', async () => {
    const allNodes = await visibleNodes(page);
    const first = page.getByTestId('rank-row').first();
    const id = Number(await first.getAttribute('data-person-id'));
    await first.click();
    await page.getByTestId('person-ego').getByText('Co-authors').click();
    await expect.poll(() => page.getByTestId('map').getAttribute('data-ego')).toBe('1');
    await expect.poll(() => visibleNodes(page)).toBeLessThan(allNodes);
    const drawn = await drawnNodes(page);
    const neighbours = await page.evaluate((centre) => {
      const k = (window as unknown as { __kolmap: Hook }).__kolmap;
      const ids = new Set<string>([String(centre)]);
      for (const e of k.result.edges) {
        if (e.source === centre) ids.add(String(e.target));
        if (e.target === centre) ids.add(String(e.source));
      }
      return [...ids];
    }, id);
    expect(drawn.length).toBeGreaterThan(1);
    expect(drawn).toContain(String(id));
    const set = new Set(neighbours);
    expect(drawn.filter((n) => !set.has(n))).toEqual([]);
    // The table shows the same neighbourhood.
    await expect.poll(() => rankingCount(page)).toMatch(new RegExp(`^${neighbours.length} of `));
    await settled(page);
    expect(await overlappingLabels(page)).toEqual([]);
    await page.screenshot({ path: shot('explorer-ego') });
    // Escape leaves ego mode and clears the selection.
    await page.locator('.map-info').click({ force: true });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('map').getAttribute('data-ego')).toBe('0');
    await expect.poll(() => visibleNodes(page)).toBe(allNodes);
  });

  it('sorts the table and keeps the selection in sync with the map', async () => {
    const header = page.getByRole('columnheader', { name: 'Pubs' });
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const pubs = await page.evaluate(() => {
      const k = (
        window as unknown as { __kolmap: { result: { people: { id: number; publications: number }[] } } }
      ).__kolmap;
      const byId = new Map(k.result.people.map((p) => [p.id, p.publications]));
      return [...document.querySelectorAll('[data-testid="rank-row"]')]
        .map((r) => ({ y: r.getBoundingClientRect().y, id: Number(r.getAttribute('data-person-id')) }))
        .sort((a, b) => a.y - b.y)
        .map((r) => byId.get(r.id) ?? -1);
    });
    expect(pubs.length).toBeGreaterThan(5);
    expect(pubs).toEqual([...pubs].sort((a, b) => b - a));

    const row = page.getByTestId('rank-row').nth(2);
    const id = Number(await row.getAttribute('data-person-id'));
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('person-panel').getAttribute('data-person-id')).toBe(String(id));
    await expect
      .poll(() =>
        page.evaluate((n) => {
          const k = (window as unknown as { __kolmap: Hook }).__kolmap;
          const d = k.sigma.getNodeDisplayData(String(n));
          const c = k.sigma.getCamera().getState();
          return d
            ? { highlighted: d.highlighted === true, near: Math.hypot(d.x - c.x, d.y - c.y) < 0.05 }
            : null;
        }, id),
      )
      .toEqual({ highlighted: true, near: true });
    await settled(page);
    await page.getByTestId('ranking-table').screenshot({ path: shot('explorer-table') });
    await page.screenshot({ path: shot('explorer-selected') });
  });

  it('fits institution and country at 1440 px; hidden and trial-less columns come back from the chooser', async () => {
    expect(page.viewportSize()?.width).toBe(1440);
    const table = page.getByTestId('ranking-table');
    const headers = async () =>
      (await table.getByRole('columnheader').allTextContents()).map((t) => t.trim());
    const overflow = () =>
      page.evaluate(() => {
        const el = document.querySelector('.ranking-scroll') as HTMLElement;
        return el.scrollWidth - el.clientWidth;
      });
    expect(await headers()).toEqual(expect.arrayContaining(['Institution', 'Country', 'Status']));
    // Co-authors and first/last start hidden; the demo has no trial roles, so no column of dashes.
    expect(await headers()).not.toContain('Co-authors');
    expect(await headers()).not.toContain('Trials');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByTestId('column-chooser').click();
    await expect.poll(() => page.getByTestId('column-toggle-trials').isDisabled()).toBe(true);
    await page.getByTestId('column-toggle-coauthors').click();
    await expect.poll(headers).toContain('Co-authors');
    await page.getByTestId('column-toggle-coauthors').click();
    await expect.poll(headers).not.toContain('Co-authors');
    await page.keyboard.press('Escape');
  });

  it('exports the map view as a PNG the size of the view, with something drawn', async () => {
    const box = await page.getByTestId('map').boundingBox();
    expect(box).not.toBeNull();
    const dpr = await page.evaluate(() => window.devicePixelRatio);
    await page.getByTestId('map-export').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-png').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const file = shot('explorer-export'); // kept with the screenshots, to be looked at
    await download.saveAs(file);
    const png = readFileSync(file);
    const decoded = await decodePng(page, png);
    expect(decoded.width).toBe(Math.round(box!.width * dpr));
    expect(decoded.height).toBe(Math.round(box!.height * dpr));
    expect(decoded.ink).toBeGreaterThan(0.01);
  });

  it('exports SVG and GEXF of what is shown', async () => {
    await page.getByTestId('map-export').click();
    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-svg').click(),
    ]);
    const svgFile = path.join(dir, 'map.svg');
    await svgDownload.saveAs(svgFile);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toMatch(/^<svg [^>]*width="\d+"/);
    expect((svg.match(/<circle /g) ?? []).length).toBeGreaterThan(50);
    expect(svg).toContain('id="legend"');
    await page.getByTestId('map-export').click();
    const [gexfDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-gexf').click(),
    ]);
    const gexfFile = path.join(dir, 'network.gexf');
    await gexfDownload.saveAs(gexfFile);
    const gexf = readFileSync(gexfFile, 'utf8');
    expect(gexf).toContain('<gexf');
    const total = await page.evaluate(
      () => (window as unknown as { __kolmap: Hook }).__kolmap.result.people.length,
    );
    expect((gexf.match(/<node /g) ?? []).length).toBe(total);
  });

  it('restores the last view (encodings, filters) when the project is opened again', async () => {
    await page.getByTestId('map-color-by').click();
    await page.getByRole('option', { name: 'Tier' }).click();
    await page.getByTestId('map-filters').click();
    await page.getByTestId('map-filters-panel').getByText('T2', { exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('map').getAttribute('data-color-by')).toBe('tier');
    const filtered = await rankingCount(page);
    await page.waitForTimeout(500); // the view is saved a moment after it changes
    await page.reload();
    await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
    await expect.poll(() => page.getByTestId('map').getAttribute('data-color-by')).toBe('tier');
    await expect.poll(() => rankingCount(page)).toBe(filtered);
    // The table can be filled (from the cached result) before the map is built and its legend drawn.
    await expect
      .poll(async () => (await page.locator('[data-testid="legend-item"]').allTextContents()).join(' '), {
        timeout: 30_000,
      })
      .toContain('Tier 2');
    await settled(page);
    await page.screenshot({ path: shot('explorer-restored-tier') });
  });

  it('a therapeutic area in the scope changes the map and the table', async () => {
    const areas = await page.evaluate(async (token) => {
      const res = await fetch('/api/getAreas', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kolmap-token': token },
        body: '{}',
      });
      return (await res.json()) as { id: string; label: string; publications: number }[];
    }, app.served.token);
    const area = areas.filter((a) => a.publications > 0).sort((a, b) => a.publications - b.publications)[0];
    if (!area) {
      console.warn('the demo project matches no therapeutic area: area filter not exercised');
      return;
    }
    const before = await rankingCount(page);
    await page.getByTestId('scope-button').click();
    await page.getByTestId('scope-area').click();
    await page.getByRole('option', { name: new RegExp(area.label) }).click();
    await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
    await expect.poll(() => rankingCount(page)).not.toBe(before);
    await expect.poll(() => page.getByTestId('scope-button').textContent()).toContain(area.label);
    await page.keyboard.press('Escape');
    await settled(page);
    await page.screenshot({ path: shot('explorer-area') });
  });
});
