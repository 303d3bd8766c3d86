// Trial roles in the UI (issue 5): the demo project plus a generated ClinicalTrials.gov file naming
// some demo people as investigators at their own institutions. The ranking table shows a Trials
// column, the person panel's breakdown says the roles in words and still adds up to the score, and
// the weights popover has a Trial roles slider. Screenshots: trials-table, trials-breakdown.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { kolmap, launch, openApp, serve, shot, tempDir, type Served } from './helpers';

interface RankRow {
  id: number;
  institution: string | null;
  city: string | null;
  trials: number | null;
}

describe('trial roles in the ranking table and the person panel', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let lead: RankRow;

  beforeAll(async () => {
    const dir = tempDir('kolmap-e2e-trials-');
    const db = path.join(dir, 'demo.kolmap');
    expect(kolmap(['demo', '--db', db]).code).toBe(0);
    const top = (
      JSON.parse(kolmap(['rank', '--db', db, '--json', '--top', '40']).stdout) as RankRow[]
    ).filter((r) => r.institution);
    // The 5th, 9th and 14th of the ranking (not the top: the trials should move them).
    const [a, b, c] = [top[4]!, top[8]!, top[13]!];
    lead = a;
    const project = Project.open(db);
    const who = (r: RankRow): string => {
      const p = project.person(r.id)!;
      return `${p.given} ${p.family}`;
    };
    const inv = (r: RankRow, role: string): string => `${who(r)}, ${role}, ${r.institution}`;
    const rows = [
      [inv(a, 'Principal Investigator'), inv(b, 'MD')],
      [inv(a, 'Principal Investigator')],
      [inv(c, 'Study Chair'), inv(b, 'MD')],
    ].map((invs, i) => ({
      'NCT Number': `NCT0999000${i}`,
      'Study Title': `A randomized trial of drug ${i} in advanced disease`,
      'Study Status': 'COMPLETED',
      Conditions: 'Neoplasms',
      Sponsor: 'Example Pharma',
      'Start Date': '2021-03-01',
      Locations: `${a.institution}, ${a.city ?? 'Somewhere'}`,
      Investigators: invs.join('|'),
    }));
    project.close();
    const csv = path.join(dir, 'trials.csv');
    writeFileSync(csv, Papa.unparse(rows));
    const imported = kolmap(['import', '--db', db, csv]);
    expect(imported.code, imported.stderr).toBe(0);
    const ranked = JSON.parse(kolmap(['rank', '--db', db, '--json', '--top', '300']).stdout) as RankRow[];
    expect(ranked.find((r) => r.id === a.id)?.trials).toBe(2);
    served = await serve(db);
    browser = await launch();
    page = await openApp(browser, served.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('shows a Trials column with the counts', async () => {
    const table = page.getByTestId('ranking-table');
    await expect.poll(() => table.textContent()).toContain('Trials');
    await page.screenshot({ path: shot('trials-table') });
  });

  it("says the person's roles in the breakdown, which still adds up to the score", async () => {
    await page.getByTestId('ranking-filter').fill(lead.institution ?? '');
    const row = page.locator(`[data-testid="rank-row"][data-person-id="${lead.id}"]`);
    // On the name: the middle of a row holds the engagement selects.
    await row.click({ position: { x: 90, y: 12 } });
    const panel = page.getByTestId('person-panel');
    await expect.poll(() => panel.getAttribute('data-person-id')).toBe(String(lead.id));
    const breakdown = panel.getByTestId('score-breakdown');
    await breakdown.scrollIntoViewIfNeeded();
    await expect.poll(() => breakdown.textContent()).toContain('2 trials as principal investigator');
    const shown = Number(await panel.getByTestId('person-score').textContent());
    const total = Number(await panel.getByTestId('breakdown-total').textContent());
    expect(total).toBeCloseTo(shown, 5);
    await page.screenshot({ path: shot('trials-breakdown') });
  });

  it('offers a Trial roles weight', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('weights-button').click();
    await expect.poll(() => page.getByTestId('weights-popover').textContent()).toContain('Trial roles');
    await page.getByTestId('weights-popover').screenshot({ path: shot('trials-weights') });
  });
});
