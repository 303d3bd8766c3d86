// The imported files of a project in a real browser (issue 3: "a report per file ... kept in the project
// and viewable and exportable from the UI"): a generated PubMed CSV with one non-numeric PMID goes through
// the wizard; the inspector's Imports tab lists the file with 1 rejected; its rejected lines (line,
// reason, raw text) open in a dialog and export as CSV (a browser download in browser mode).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../fixtures/demo';
import { pubmedCsv } from '../helpers/pubmedCsv';
import { launch, serve, shot, tempDir, type Served } from './helpers';

describe('imported files in the inspector', () => {
  let dir: string;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let csvPath: string;

  beforeAll(async () => {
    dir = tempDir();
    // 40 generated records; the first data row (line 2) gets a PMID that is not a number.
    const lines = pubmedCsv(generateDemo(2).slice(0, 40), { eol: '\n' }).split('\n');
    lines[1] = lines[1]!.replace(/^"90000001"/, '"PMID-abc"');
    csvPath = path.join(dir, 'history.csv');
    writeFileSync(csvPath, lines.join('\n'));
    served = await serve(path.join(dir, 'history.kolmap'));
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    await page.goto(served.url);
    await page.getByTestId('load-demo').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('lists the imported file, shows its rejected line and exports it as CSV', async () => {
    await page.getByTestId('import-input').setInputFiles(csvPath);
    await page.getByTestId('wizard').waitFor();
    await expect.poll(() => page.getByTestId('wizard-counts').count(), { timeout: 60_000 }).toBe(1);
    await page.getByTestId('wizard-import').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    await page.getByTestId('import-report-close').click();

    await page.getByTestId('inspector-tab').getByText('Imports', { exact: true }).click();
    const rows = page.getByTestId('imports-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    const text = (await rows.first().textContent()) ?? '';
    expect(text).toContain('history.csv');
    expect(text).toContain('pubmed-csv');
    expect(text).toMatch(/40 records · 39 imported · 0 duplicates · 1 rejected/);

    await rows.first().getByTestId('imports-rejections').click();
    const modal = page.getByTestId('rejections-modal');
    const rejection = modal.getByTestId('rejection-row');
    await expect.poll(() => rejection.count(), { timeout: 30_000 }).toBe(1);
    const cells = await rejection.first().locator('td').allTextContents();
    expect(cells[0]).toBe('2');
    expect(cells[1]).toBe('PMID "PMID-abc" is not a number');
    expect(cells[2]).toContain('PMID-abc');
    await page.screenshot({ path: shot('import-history-rejections'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      modal.getByTestId('rejections-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('history-rejected.csv');
    const saved = path.join(dir, 'rejected.csv');
    await download.saveAs(saved);
    const csv = readFileSync(saved, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1).trim());
    expect(parsed.data[0]).toEqual(['file', 'line', 'reason', 'raw']);
    expect(parsed.data).toHaveLength(2);
    const [file, line, reason, raw] = parsed.data[1]!;
    expect(file).toBe('history.csv');
    expect(line).toBe('2');
    expect(reason).toBe('PMID "PMID-abc" is not a number');
    expect(raw).toContain('PMID-abc');
  });
});
