// A large import in a real browser: once the file is read, the progress strip names what the import
// is doing (resolving people, writing authorships...) and how far it is, and Cancel still stops it
// there: the project stays empty and the report says the file was cancelled. A file larger than the
// desktop app's wizard takes goes to browser mode's back end, which reads it from disk.
import { closeSync, ftruncateSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIZARD_MAX_BYTES } from '../../renderer/src/state/wizard';
import { generatePubmedCsv } from '../bench/generate';
import { openEmpty, projectInfo, shot, type DemoApp, type Served } from './helpers';

describe('the stages of a large import', () => {
  let app: DemoApp;
  let served: Served;
  let page: Page;
  let csvPath: string;

  beforeAll(async () => {
    app = await openEmpty('large.kolmap');
    ({ served, page } = app);
    csvPath = path.join(app.dir, 'large.csv');
    generatePubmedCsv(csvPath, { publications: 30_000, seed: 11 });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('names the stage after reading, and a Cancel there leaves the project empty', async () => {
    await page.getByTestId('import-input').setInputFiles(csvPath);
    await page.getByTestId('wizard').waitFor();
    await expect.poll(() => page.getByTestId('wizard-counts').count(), { timeout: 120_000 }).toBe(1);
    await page.getByTestId('wizard-import').click();

    // Reading first, then the people are resolved: the strip says so, with a bar of that stage.
    const stage = page.getByTestId('import-stage');
    await stage.getByText('Resolving people').waitFor({ timeout: 120_000 });
    // (The stage may have moved on by now: any stage after reading has a bar named after it.)
    const bar = page.getByRole('progressbar', {
      name: /^(Resolving people|Writing authorships|Building indexes|Checking links|Saving) progress$/,
    });
    expect(await bar.count()).toBe(1);
    // The wizard, still open over the app, says it too under the file's bar.
    expect(await page.getByTestId('wizard-file-stage').textContent()).toMatch(
      /^(Resolving people|Writing authorships|Building indexes|Checking links|Saving)…$/,
    );
    await page.screenshot({ path: shot('import-stage-people') });

    // Cancel, while the people are resolved: the server takes the request while it works (a server
    // busy until the end would see it too late, and the file would be stored).
    await page.getByTestId('wizard-cancel').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 120_000 });
    expect(await report.textContent()).toMatch(/cancelled/i);
    expect(await page.getByTestId('import-progress').count()).toBe(0);
    // (The wizard closes and the report opens with a fade: the screenshot waits for both.)
    await page.getByTestId('wizard').waitFor({ state: 'hidden' });
    await page.waitForTimeout(500);
    await page.screenshot({ path: shot('import-stage-cancelled') });

    const info = await projectInfo(served);
    expect(info.totals).toMatchObject({ publications: 0, authors: 0 });
  });

  it('sends a file larger than the desktop wizard takes to the back end, which reads it from disk', async () => {
    const close = page.getByTestId('import-report-close');
    if (await close.isVisible()) await close.click();
    await page.getByTestId('import-report').waitFor({ state: 'hidden' });
    // 401 MB of nothing (a sparse file): more than the desktop app's wizard takes (it passes files in
    // memory); browser mode's server writes it to disk as it arrives and reads it from there.
    const huge = path.join(path.dirname(csvPath), 'huge-export.csv');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, WIZARD_MAX_BYTES + 1024 * 1024);
    closeSync(fd);
    try {
      await page.getByTestId('import-input').setInputFiles(huge);
      await page.getByTestId('wizard').waitFor();
      const error = page.getByTestId('wizard-file').getByTestId('wizard-error');
      await error.waitFor({ timeout: 120_000 });
      expect(await error.textContent()).toContain(
        'huge-export.csv: this is a binary file, not a text export',
      );
      expect(await page.getByTestId('wizard-file').getByTestId('wizard-failure').count()).toBe(0);
      expect(await page.getByTestId('wizard-import').isDisabled()).toBe(true);
      // (After the wizard's opening fade.)
      await page.waitForTimeout(500);
      await page.screenshot({ path: shot('import-huge-binary') });
    } finally {
      rmSync(huge, { force: true });
    }
  });
});
