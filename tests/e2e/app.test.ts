// End-to-end: the real `kolmap serve` in browser mode, driven by Chromium through playwright-core.
// The demo opens and draws, a click on a person opens the panel, a PubMed CSV imported through the UI
// shows up in the ranking, the exported CSV has the rows the CLI ranks, and the API wants its token.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RANK_COLUMNS } from '../../shared/api';
import { describeReal, realFile } from '../helpers/realData';
import {
  decodePng,
  kolmap,
  launch,
  openDemo,
  serve,
  shot,
  tempDir,
  type DemoApp,
  type Served,
} from './helpers';

/** Viewport position of a person's node, read from the running sigma instance. */
async function nodePosition(page: Page, personId: number): Promise<{ x: number; y: number } | null> {
  return page.evaluate((id) => {
    const k = (window as unknown as { __kolmap?: { sigma?: unknown; graph?: unknown } }).__kolmap;
    const sigma = k?.sigma as
      | {
          getNodeDisplayData: (n: string) => { x: number; y: number } | undefined;
          framedGraphToViewport: (p: { x: number; y: number }) => { x: number; y: number };
        }
      | undefined;
    const data = sigma?.getNodeDisplayData(String(id));
    if (!sigma || !data) return null;
    return sigma.framedGraphToViewport({ x: data.x, y: data.y });
  }, personId);
}

async function topPerson(page: Page): Promise<{ id: number; name: string }> {
  return page.evaluate(() => {
    const k = (window as unknown as { __kolmap: { result: { people: { id: number; name: string }[] } } })
      .__kolmap;
    const p = k.result.people[0]!;
    return { id: p.id, name: p.name };
  });
}

describe('browser mode on the demo project', () => {
  let app: DemoApp;
  let served: Served;
  let page: Page;

  beforeAll(async () => {
    app = await openDemo();
    ({ served, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('draws the map, the table and a legend', async () => {
    await page.waitForTimeout(1500);
    const map = page.getByTestId('map');
    const png = await map.screenshot();
    expect((await decodePng(page, png)).ink).toBeGreaterThan(0.01);
    const rows = await page.getByTestId('rank-row').count();
    expect(rows).toBeGreaterThan(10);
    await page.screenshot({ path: shot('demo-map') });
  });

  it('opens the person panel when a person on the map is clicked', async () => {
    const top = await topPerson(page);
    const box = await page.getByTestId('map').boundingBox();
    expect(box).not.toBeNull();
    let opened = false;
    // The layout may still be moving nodes: read the position again before each try.
    for (let attempt = 0; attempt < 8 && !opened; attempt++) {
      const pos = await nodePosition(page, top.id);
      expect(pos).not.toBeNull();
      await page.mouse.click(box!.x + pos!.x, box!.y + pos!.y);
      opened = await page
        .getByTestId('person-panel')
        .isVisible()
        .catch(() => false);
      if (!opened) await page.waitForTimeout(700);
    }
    expect(opened).toBe(true);
    await expect.poll(() => page.getByTestId('person-name').first().textContent()).toContain(top.name);
    await page.screenshot({ path: shot('demo-person-panel') });
  });

  it('refuses API calls without the token, with a wrong Host or from a foreign Origin', async () => {
    const noToken = await fetch(`${served.origin}/api/getProject`, { method: 'POST', body: '{}' });
    expect(noToken.status).toBe(403);
    const withToken = await fetch(`${served.origin}/api/getProject`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-kolmap-token': served.token },
    });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('access-control-allow-origin')).toBeNull();
    const foreign = await fetch(`${served.origin}/api/getProject`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-kolmap-token': served.token, origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const page403 = await fetch(`${served.origin}/`);
    expect(page403.status).toBe(403);
  });
});

describeReal('importing a PubMed CSV through the UI', () => {
  let dir: string;
  let db: string;
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = tempDir();
    db = path.join(dir, 'fhir.kolmap');
    served = await serve(db);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await page.goto(served.url);
    await page.getByTestId('load-demo').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: shot('empty-project') });
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('imports the file, reports 52 imported and ranks its authors', async () => {
    await page.getByTestId('import-input').setInputFiles(realFile('pubmed_smartfhir/pubmed.csv'));
    // The files open the import wizard; its Import button is enabled once the dry run is done.
    await page.getByTestId('wizard-import').click({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('import-report').textContent(), { timeout: 60_000 })
      .toContain('52 imported');
    await page.screenshot({ path: shot('import-report') });
    await page.getByTestId('import-report-close').click();
    await page.getByTestId('import-report').waitFor({ state: 'hidden' });
    await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('ranking-table').textContent(), { timeout: 30_000 })
      .toContain('Mandl');
    await page.screenshot({ path: shot('imported-ranking') });
  });

  it('exports the ranked CSV with the DESIGN columns and the rows the CLI ranks', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    const file = path.join(dir, 'exported.csv');
    await download.saveAs(file);
    const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.meta.fields).toEqual([
      ...RANK_COLUMNS,
      'status',
      'priority',
      'next_action',
      'next_date',
      'notes',
    ]);
    const cli = kolmap(['rank', '--db', db, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const expected = JSON.parse(cli.stdout) as { id: number; name: string }[];
    expect(parsed.data.length).toBe(expected.length);
    expect(parsed.data.map((r) => Number(r.id))).toEqual(expected.map((r) => Number(r.id)));
    expect(parsed.data.some((r) => r.name?.includes('Mandl'))).toBe(true);
  });
});
