// End-to-end: the map's layout is stored in the project (issue 6). The demo opens, ForceAtlas2 and
// noverlap settle and the positions are saved; after a reload the map draws the same positions (from
// the project, by layout key) without running the layout again, and the run button still works.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kolmap, launch, openApp, serve, tempDir, type Served } from './helpers';

type Positions = Record<string, [number, number]>;

async function positions(page: Page): Promise<Positions> {
  return page.evaluate(() => {
    type Graph = { forEachNode: (cb: (key: string, a: { x: number; y: number }) => void) => void };
    const graph = (window as unknown as { __kolmap?: { graph?: Graph | null } }).__kolmap?.graph;
    const out: Record<string, [number, number]> = {};
    graph?.forEachNode((key, a) => {
      out[key] = [a.x, a.y];
    });
    return out;
  });
}

const map = '[data-testid="map"]';

describe('stored map layout', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const db = path.join(tempDir(), 'demo.kolmap');
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

  it('reopens with the same positions and no layout run', async () => {
    // First open: no stored layout, so ForceAtlas2 runs, settles and the positions are saved.
    await page.waitForSelector(`${map}[data-layout-source="computed"]`, { timeout: 30_000 });
    await page.waitForSelector(`${map}[data-layout="idle"][data-layout-saved="true"]`, { timeout: 60_000 });
    const before = await positions(page);
    const ids = Object.keys(before);
    expect(ids.length).toBeGreaterThan(100);

    await page.reload();
    await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
    await page.waitForSelector(`${map}[data-layout="idle"][data-layout-source="stored"]`, {
      timeout: 30_000,
    });
    const after = await positions(page);
    expect(Object.keys(after).sort()).toEqual([...ids].sort());
    let worst = 0;
    for (const id of ids) {
      const [x0, y0] = before[id]!;
      const [x1, y1] = after[id]!;
      worst = Math.max(worst, Math.abs(x0 - x1), Math.abs(y0 - y1));
    }
    expect(worst).toBeLessThan(1e-6);
    // The layout did not run: a moment later nothing has moved and the source is still the project.
    await page.waitForTimeout(1000);
    expect(await page.getAttribute(map, 'data-layout-source')).toBe('stored');
    expect(await page.getAttribute(map, 'data-layout')).toBe('idle');
    expect(await positions(page)).toEqual(after);

    // The run button still lays the map out again.
    await page.click('[data-testid="layout-toggle"]');
    await page.waitForSelector(`${map}[data-layout-source="computed"]`, { timeout: 10_000 });
    await page.waitForSelector(`${map}[data-layout="idle"][data-layout-saved="true"]`, { timeout: 60_000 });
  });
});
