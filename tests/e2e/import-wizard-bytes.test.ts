// The import wizard sends each file's bytes as they are on disk, and the back end decodes them as it
// decodes a file it reads itself: a Windows-1252 and a UTF-16 export keep their accented names, the
// card names the encoding the back end found, and the source's sha256 is that of the file on disk. The
// page never reads a file into its own memory: during the dry run of a 40 MB export the browser
// renderer's memory has not grown by anything like the file (it held the whole text and sent it as
// JSON before, and a 327 MB export crashed the tab). While the dry run reads, the card shows how far;
// closing the wizard then stops it in the back end, so the next file's dry run does not wait behind it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePubmedCsv } from '../bench/generate';
import { openEmpty, projectInfo, shot, type DemoApp, type Served } from './helpers';

const HEADER =
  'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI';
const ROWS = [
  '"31000001","Señales de riesgo cardiovascular en adultos mayores","Ramírez-Peña J, Núñez Ó, Müller K.","","Ramírez-Peña J","Rev Esp Cardiol","2021","2021/01/02","","","10.1000/es.1"',
  '"31000002","Corrélation des biomarqueurs","Lefèvre É, Ramírez-Peña J, Ørsted A.","","Lefèvre É","Rev Med Interne","2022","2022/03/04","","","10.1000/fr.2"',
];

async function importThroughWizard(page: Page, file: string): Promise<string> {
  await page.getByTestId('import-button').click();
  await page.getByTestId('wizard').waitFor();
  await page.getByTestId('wizard-input').setInputFiles(file);
  const card = page.getByTestId('wizard-file');
  await card.getByTestId('wizard-counts').waitFor({ timeout: 60_000 });
  const facts = (await card.getByTestId('wizard-facts').textContent()) ?? '';
  await page.getByTestId('wizard-import').click();
  await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-report').textContent()).toContain('2 imported');
  await page.getByTestId('import-report-close').click();
  return facts;
}

describe('the import wizard sends files as bytes', () => {
  let app: DemoApp;
  let dir: string;
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await openEmpty('bytes.kolmap');
    ({ dir, served, browser, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('reads a Windows-1252 and a UTF-16 export as the back end decodes them, names intact', async () => {
    const text = [HEADER, ...ROWS].join('\r\n') + '\r\n';
    const ansi = path.join(dir, 'ansi.csv');
    // Every character here is below U+0100, where Windows-1252 and Latin-1 agree.
    writeFileSync(ansi, Buffer.from(text, 'latin1'));
    const facts = await importThroughWizard(page, ansi);
    expect(facts).toMatch(/^Windows-1252 · comma-separated · CRLF line ends/);

    const utf16 = path.join(dir, 'unicode.csv');
    const second = text.replace(/3100000/g, '3200000').replace(/10\.1000\//g, '10.2000/');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(second, 'utf16le')]));
    expect(await importThroughWizard(page, utf16)).toMatch(/^UTF-16 LE · comma-separated/);

    const info = await projectInfo(served);
    expect(info.totals.publications).toBe(4);
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(info.sources.map((s) => [s.name, s.sha256])).toEqual([
      ['ansi.csv', sha(ansi)],
      ['unicode.csv', sha(utf16)],
    ]);
    await page.getByTestId('rank-row').first().waitFor({ timeout: 60_000 });
    const names = await page.getByTestId('rank-row').allTextContents();
    // The names as written, whatever the encoding of the file they came from.
    const all = names.join(' ');
    for (const name of ['Ramírez-Peña', 'Núñez', 'Müller', 'Lefèvre', 'Ørsted']) expect(all).toContain(name);
    expect(all).not.toContain('\uFFFD');
    await page.screenshot({ path: shot('import-bytes-ranking') });
  });

  it('names a workbook sent as bytes for what it is, with no encoding or shape read from it', async () => {
    const book = path.join(dir, 'book.csv');
    writeFileSync(book, Buffer.from('PK\u0003\u0004rest-of-zip', 'latin1'));
    await page.getByTestId('import-button').click();
    await page.getByTestId('wizard').waitFor();
    await page.getByTestId('wizard-input').setInputFiles(book);
    const card = page.getByTestId('wizard-file');
    await card.getByText(/this is an Excel workbook or ZIP archive/).waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('wizard-facts').count()).toBe(0);
    await page.getByTestId('wizard-cancel').click();
  });

  it('keeps a 40 MB export out of the page: its memory does not grow by the file', async () => {
    const csv = path.join(dir, 'forty.csv');
    generatePubmedCsv(csv, { publications: 130_000, seed: 5 });
    const bytes = statSync(csv).size;
    expect(bytes).toBeGreaterThan(40e6);
    // The resident memory of the browser's renderer processes (the page's and any spare one).
    const cdp = await browser.newBrowserCDPSession();
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    expect(renderers.length).toBeGreaterThan(0);
    const rss = () =>
      renderers.reduce((sum, pid) => {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        return sum + Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      }, 0);
    await page.getByTestId('import-button').click();
    await page.getByTestId('wizard').waitFor();
    const before = rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
    try {
      await page.getByTestId('wizard-input').setInputFiles(csv);
      const card = page.getByTestId('wizard-file');
      // While the back end reads it, the card says how far, with a bar.
      const reading = card.getByTestId('wizard-preview-reading');
      await expect
        .poll(() => reading.textContent().catch(() => ''), { timeout: 60_000, interval: 50 })
        .toMatch(/· \d+ % read · [\d,]+ records$/);
      expect(await reading.getByRole('progressbar', { name: 'Preview of forty.csv' }).count()).toBe(1);
      await page.screenshot({ path: shot('import-bytes-reading') });
      await card.getByTestId('wizard-counts').waitFor({ timeout: 120_000 });
      expect(await card.getByTestId('wizard-counts').textContent()).toContain('130,000 would be imported');
    } finally {
      clearInterval(sampler);
    }
    // Holding the file as text and sending it as JSON took over ten times its size (491 MB for this
    // one); the wizard and its rows take a few MB.
    expect(peak - before, `renderer memory grew by ${peak - before} bytes`).toBeLessThan(bytes);
    await page.screenshot({ path: shot('import-bytes-forty') });
    await page.getByTestId('wizard-cancel').click();
  });

  it("stops a large file's dry run when the wizard closes: the next file is checked at once", async () => {
    const csv = path.join(dir, 'forty.csv');
    if (!existsSync(csv)) generatePubmedCsv(csv, { publications: 130_000, seed: 5 });
    const small = path.join(dir, 'two.csv');
    writeFileSync(small, [HEADER, ...ROWS].join('\n') + '\n');
    // How far the back end has read each file in a dry run, from its progress events.
    await page.evaluate(() => {
      const w = window as unknown as { previewRead: Record<string, { done: number; total: number }> };
      w.previewRead = {};
      const token = new URLSearchParams(location.search).get('token') ?? '';
      const events = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      events.addEventListener('progress', (e) => {
        const p = JSON.parse((e as MessageEvent<string>).data) as {
          task: string;
          file: string;
          done: number;
          total: number;
        };
        if (p.task === 'preview') w.previewRead[p.file] = { done: p.done, total: p.total };
      });
    });
    const read = (file: string) =>
      page.evaluate(
        (f) =>
          (window as unknown as { previewRead: Record<string, { done: number; total: number }> }).previewRead[
            f
          ],
        file,
      );
    await page.getByTestId('import-button').click();
    await page.getByTestId('wizard').waitFor();
    await page.getByTestId('wizard-input').setInputFiles(csv);
    // The back end is reading it (several seconds for 40 MB): close the wizard.
    await expect
      .poll(async () => (await read('forty.csv'))?.done ?? 0, { timeout: 60_000 })
      .toBeGreaterThan(0);
    await page.getByTestId('wizard-cancel').click();
    await page.getByTestId('wizard').waitFor({ state: 'detached' });
    // The next file's dry run comes back: the 40 MB one did not hold the project's queue to its end.
    await page.getByTestId('import-button').click();
    await page.getByTestId('wizard-input').setInputFiles(small);
    const card = page.getByTestId('wizard-file');
    await card.getByTestId('wizard-counts').waitFor({ timeout: 60_000 });
    expect(await card.getByTestId('wizard-counts').textContent()).toMatch(/^2 records/);

    expect(await read('two.csv')).toBeDefined();
    const forty = await read('forty.csv');
    expect(forty!.done, 'the 40 MB dry run read on to its end').toBeLessThan(forty!.total);
    await page.getByTestId('wizard-cancel').click();
  });
});
