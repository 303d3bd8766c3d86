// The import wizard in a real browser (issue 3): a Scopus export picked and a Web of Science export
// dropped together show their detected formats, first records and dry-run counts; "Import" stores both
// and the report shows the duplicates between them, checked against `kolmap import --json` of the same
// two files into a separate project. Then a CSV of unknown shape is mapped column by column, the
// mapping saved as a preset, and imported. Screenshots go to test-results/e2e/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportResult, MappingPreset } from '../../shared/api';
import { describeReal, realFile } from '../helpers/realData';
import { kolmap, openEmpty, shot, type DemoApp, type Served } from './helpers';

const SCOPUS = realFile('scopus_alopecia/scopus.csv');
const WOS = realFile('wos_alopecia/wos.txt');
const fmt = (n: number) => n.toLocaleString('en-US');

describeReal('the import wizard', () => {
  let app: DemoApp;
  let dir: string;
  let served: Served;
  let page: Page;

  beforeAll(async () => {
    app = await openEmpty('wizard.kolmap', {
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    ({ dir, served, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('imports a Scopus and a WoS export together and shows the duplicates the CLI finds', async () => {
    const cli = kolmap(['import', SCOPUS, WOS, '--db', path.join(dir, 'cli.kolmap'), '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const expected = JSON.parse(cli.stdout) as ImportResult;
    const [scopus, wos] = expected.files;
    expect(wos?.duplicates).toBeGreaterThan(0);

    // One file through the picker (the header's hidden input), one dropped on the wizard.
    await page.getByTestId('import-input').setInputFiles(SCOPUS);
    await page.getByTestId('wizard').waitFor();
    const wosText = readFileSync(WOS, 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'wos.txt', { type: 'text/plain' }));
      return dt;
    }, wosText);
    await page.getByTestId('wizard-dropzone').dispatchEvent('drop', { dataTransfer });

    const cards = page.getByTestId('wizard-file');
    await expect.poll(() => page.getByTestId('wizard-counts').count(), { timeout: 60_000 }).toBe(2);
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-format')))).toEqual([
      'scopus-csv',
      'wos-txt',
    ]);
    // Dry-run counts against the (empty) project: every record of each file, first rows as parsed.
    const first = await cards.nth(0).getByTestId('wizard-counts').textContent();
    expect(first).toContain(`${fmt(scopus?.records ?? -1)} records`);
    expect(await cards.nth(1).getByTestId('wizard-counts').textContent()).toContain(
      `${fmt(wos?.records ?? -1)} records`,
    );
    expect(await cards.nth(0).getByTestId('wizard-rows').locator('tbody tr').count()).toBe(5);
    expect(await cards.nth(0).getByTestId('wizard-facts').textContent()).toMatch(/UTF-8.*comma-separated/);
    expect(await cards.nth(1).getByTestId('wizard-facts').textContent()).toMatch(/tagged text/);
    await page.screenshot({ path: shot('wizard-two-files'), fullPage: true });

    await page.getByTestId('wizard-import').click();
    const report = page.getByTestId('import-report');
    await expect
      .poll(() => report.textContent(), { timeout: 120_000 })
      .toContain(`${fmt(wos?.duplicates ?? -1)} duplicates`);
    const perFile = page.getByTestId('import-file-report');
    expect(await perFile.count()).toBe(2);
    for (const [i, f] of expected.files.entries()) {
      const text = await perFile.nth(i).textContent();
      expect(text).toContain(`${fmt(f.imported)} imported`);
      expect(text).toContain(`${fmt(f.duplicates)} duplicates`);
    }
    const total = expected.files.reduce((n, f) => n + f.duplicates, 0);
    expect(await page.getByTestId('import-report-duplicates').textContent()).toContain(
      `${fmt(total)} duplicates`,
    );
    await page.waitForTimeout(500); // the report's opening transition
    await page.screenshot({ path: shot('wizard-report') });
    await page.getByTestId('import-report-close').click();
    await report.waitFor({ state: 'hidden' });
    await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
    await expect
      .poll(() => page.getByTestId('project-totals').textContent())
      .toContain(`${fmt(expected.totals.publications)} publications`);
  });

  it('maps the columns of an unknown CSV, saves the mapping as a preset and imports it', async () => {
    const csv = [
      'Paper Title,Who,When,DOI',
      '"Hair follicle stem cells in alopecia areata","Smith, John; Doe, Ann",2021,10.9999/wizard.1',
      '"JAK inhibitors for alopecia","Roe, Rita",2022,10.9999/wizard.2',
      ',"Nobody, N",2022,',
    ].join('\n');
    await page.getByTestId('import-button').click();
    await page.getByTestId('wizard').waitFor();
    await page.getByTestId('wizard-input').setInputFiles({
      name: 'lab-sheet.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    const card = page.getByTestId('wizard-file');
    await card.getByTestId('wizard-error').waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('wizard-error').textContent()).toMatch(/unrecognised format/);
    await card.getByRole('button', { name: /Map its columns/ }).click();
    await card.getByTestId('mapping-editor').waitFor();
    // "Paper Title" is guessed as the title; "Who" still needs a field.
    const who = card.locator('[data-testid="mapping-field"][data-column="Who"]');
    await who.click();
    await page.getByRole('option', { name: /^authors:/ }).click();
    const when = card.locator('[data-testid="mapping-field"][data-column="When"]');
    await when.click();
    await page.getByRole('option', { name: /^year:/ }).click();
    await expect
      .poll(() => card.getByTestId('wizard-counts').textContent(), { timeout: 30_000 })
      .toContain('3 records');
    expect(await card.getByTestId('wizard-counts').textContent()).toMatch(/2 would be imported.*1 rejected/);
    expect(await card.getByTestId('wizard-errors').textContent()).toContain('line 4');
    expect(await card.getByTestId('wizard-rows').textContent()).toContain('Smith, John');

    await card.getByTestId('mapping-preset-name').fill('Lab sheet');
    await card.getByTestId('mapping-preset-save').click();
    await card.getByText('Saved "Lab sheet"').waitFor();
    const presets = (await (
      await fetch(`${served.origin}/api/getMappingPresets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kolmap-token': served.token },
        body: '{}',
      })
    ).json()) as MappingPreset[];
    expect(presets.map((p) => [p.name, p.map])).toEqual([
      ['Lab sheet', { 'Paper Title': 'title', Who: 'authors', When: 'year', DOI: 'doi' }],
    ]);
    await page.screenshot({ path: shot('wizard-mapping'), fullPage: true });

    await page.getByTestId('wizard-import').click();
    await expect
      .poll(() => page.getByTestId('import-report').textContent(), { timeout: 60_000 })
      .toContain('2 imported');
    expect(await page.getByTestId('import-report').textContent()).toMatch(/4no title/);
    await page.getByTestId('import-report-close').click();
  });
});
