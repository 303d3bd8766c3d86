// The project's areas are fetched once (renderer/src/state/areas.ts) and shared by the scope control
// and the areas editor: opening the scope picker twice and the editor asks the back end once; saving an
// area in the editor fetches them again, and the scope picker shows the new count. The demo project.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { kolmap, openApp, servedProject, shot } from './helpers';

describe('the areas store', () => {
  const app = servedProject('areas-store.kolmap', (db) => {
    const demo = kolmap(['demo', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
  });
  let page: Page;
  let fetches = 0;

  beforeAll(async () => {
    page = await openApp(app.browser, app.served.url);
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/getAreas') fetches += 1;
    });
  }, 120_000);

  /** The scope picker's option for oncology, e.g. "Oncology (1,234)". */
  async function scopeOption(): Promise<string> {
    await page.getByTestId('scope-button').click();
    const select = page.getByTestId('scope-area');
    await expect.poll(() => select.isEnabled()).toBe(true);
    await select.click();
    const text = (await page.getByRole('option', { name: /^Oncology \(/ }).textContent()) ?? '';
    // Escape closes the option list, and with it (or with a second press) the picker.
    await page.keyboard.press('Escape');
    if (await select.isVisible()) await page.keyboard.press('Escape');
    await select.waitFor({ state: 'hidden' });
    return text;
  }

  it('fetches them once for the scope picker and the editor, again after an edit', async () => {
    const before = await scopeOption();
    expect(before).toMatch(/^Oncology \([\d,]+\)$/);
    expect(await scopeOption()).toBe(before);

    await page.getByTestId('scope-button').click();
    await page.getByTestId('edit-areas').click();
    const onc = page.locator('[data-testid="area-item"][data-area="oncology"]');
    await onc.waitFor();
    expect(`Oncology (${await onc.locator('.num').textContent()})`).toBe(before);
    expect(fetches).toBe(1);

    await onc.click();
    await expect.poll(() => page.getByTestId('area-label').inputValue()).toBe('Oncology');
    const keywords = page.getByTestId('area-keywords');
    await keywords.fill('glioblastoma');
    await keywords.press('Enter');
    await page.getByTestId('area-save').click();
    const saved = page.getByTestId('area-saved');
    await expect.poll(() => saved.textContent(), { timeout: 30_000 }).toMatch(/^Saved: [\d,]+ publications/);
    const count = /^Saved: ([\d,]+) publications/.exec((await saved.textContent()) ?? '')?.[1];
    expect(fetches).toBe(2);
    await expect.poll(() => onc.locator('.num').textContent()).toBe(count);
    await page.screenshot({ path: shot('areas-store-editor-saved') });
    await page.keyboard.press('Escape');
    await page.getByTestId('areas-editor').waitFor({ state: 'hidden' });

    expect(await scopeOption()).toBe(`Oncology (${count})`);
    expect(fetches).toBe(2);
  });
});
