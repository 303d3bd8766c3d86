// The territory editor at 1280×800 on the demo project: while the places dropdown is open (focus in the
// Places field, suggestions listed), the Save button stays visible and takes a click, which saves the
// territory with the places chosen so far.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { kolmap, openApp, servedProject, shot } from './helpers';

describe('the territory editor at 1280×800', () => {
  const app = servedProject('territory-editor.kolmap', (db) => {
    const demo = kolmap(['demo', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
  });
  let page: Page;

  beforeAll(async () => {
    page = await openApp(app.browser, app.served.url);
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  it('keeps Save visible and clickable while the places dropdown is open', async () => {
    await page.getByTestId('inspector-tab').getByText('Territories', { exact: true }).click();
    await page.getByTestId('territory-new').click();
    const editor = page.getByTestId('territory-editor');
    await editor.getByLabel('Name').fill('Iberia');
    const places = editor.getByLabel('Places');
    await places.fill('ES');
    await places.press('Enter');
    await places.fill('');
    // The dropdown lists the demo's places (most people first) while the field has the focus.
    const listbox = page.getByRole('listbox');
    await listbox.waitFor();
    expect(await listbox.getByRole('option').count()).toBeGreaterThan(5);
    await page.waitForTimeout(300); // the dropdown's opening transition, for the screenshot
    await page.screenshot({ path: shot('territory-editor-places-open') });

    const save = page.getByTestId('territory-save');
    const box = await save.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(800);
    // What is drawn at Save's centre is Save, not the dropdown.
    const hit = await page.evaluate(
      ({ x, y }) => !!document.elementFromPoint(x, y)?.closest('[data-testid="territory-save"]'),
      { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 },
    );
    expect(hit).toBe(true);
    expect(await listbox.isVisible()).toBe(true);
    await save.click({ timeout: 5_000 });
    const card = page.locator('[data-testid="territory-card"][data-territory="Iberia"]');
    await card.waitFor();
    await editor.waitFor({ state: 'detached' });
  });
});
