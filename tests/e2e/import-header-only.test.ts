// A file with a header and no records, imported through the wizard into an empty project: the wizard's
// preview warns that nothing would be imported; nothing is imported and nothing fails, and the import
// report says so for that file, as `kolmap import` does on stderr (tests/integration/cli-header-only.test.ts).
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, serve, shot, tempDir, type Served } from './helpers';

const HEADER =
  'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n';

describe('importing a header-only file in the UI', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    served = await serve(path.join(tempDir(), 'header-only.kolmap'));
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(served.url);
    await page.getByTestId('load-demo').waitFor({ timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('says in the import report that the file had a header and no records', async () => {
    await page.getByTestId('import-input').setInputFiles({
      name: 'header-only.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(HEADER),
    });
    await page.getByTestId('wizard').waitFor();
    await page.getByTestId('wizard-counts').waitFor({ timeout: 60_000 });
    // The preview says it before anything is imported.
    expect(await page.getByTestId('wizard-warning').textContent()).toBe(
      'header-only.csv: a header and no records; nothing would be imported from it',
    );
    await page.getByTestId('wizard').screenshot({ path: shot('import-header-only-preview') });
    await page.getByTestId('wizard-import').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    const file = report.getByTestId('import-file-report');
    expect(await file.count()).toBe(1);
    expect(await file.textContent()).toContain('0 imported');
    expect(await file.getByTestId('import-file-warning').textContent()).toBe(
      'header-only.csv: a header and no records; nothing imported from it',
    );
    await page.waitForTimeout(300); // the report's opening transition
    await page.screenshot({ path: shot('import-header-only-report') });
  });
});
