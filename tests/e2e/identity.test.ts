// End-to-end: identity review in browser mode (issue 4). A project from a generated PubMed CSV with two
// "Doe J" the resolver keeps apart (no co-author in common); the review drawer lists them side by
// side, Merge makes one person (one row fewer in the ranking, three papers), Undo restores both.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvText, pubmedRow } from '../helpers/pubmedCsv';
import { kolmap, launch, openApp, serve, shot, tempDir, type Served } from './helpers';

const PAPERS: [string, string[], string, number][] = [
  ['1', ['Doe J', 'Alpha A', 'Beta B'], 'Journal of Tests', 2019],
  ['2', ['Doe J', 'Alpha A', 'Beta B', 'Kappa K'], 'Journal of Tests', 2020],
  ['3', ['Gamma C', 'Doe J', 'Delta D'], 'Clinical Examples', 2021],
  ['4', ['Alpha A', 'Kappa K', 'Lambda L'], 'Journal of Tests', 2021],
  ['5', ['Gamma C', 'Delta D', 'Mu M'], 'Clinical Examples', 2022],
  ['6', ['Beta B', 'Mu M', 'Nu N'], 'Clinical Examples', 2022],
];

function csv(): string {
  return csvText(
    PAPERS.map(([pmid, authors, journal, year]) =>
      pubmedRow({
        line: 0,
        pmid: `9100000${pmid}`,
        title: `Generated study number ${pmid} of fictional people`,
        journal,
        year,
        keywords: [],
        mesh: [],
        authors: authors.map((n) => {
          const [family, initials] = n.split(' ') as [string, string];
          return { raw: n, family, given: initials, initials };
        }),
      }),
    ),
  );
}

interface Person {
  id: number;
  name: string;
  publications: number;
}

async function people(page: Page): Promise<Person[]> {
  return page.evaluate(() => {
    const k = (window as unknown as { __kolmap?: { result?: { people: Person[] } } }).__kolmap;
    return (k?.result?.people ?? []).map((p) => ({ id: p.id, name: p.name, publications: p.publications }));
  });
}

async function waitPeople(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (count) =>
      (window as unknown as { __kolmap?: { result?: { people: unknown[] } } }).__kolmap?.result?.people
        .length === count &&
      document.querySelector('[data-testid="analysis-status"]')?.getAttribute('data-state') === 'ready',
    n,
    { timeout: 60_000 },
  );
}

/** Analysis runs the page has started so far (each marks 'kolmap:analysis-start'). */
function runs(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByName('kolmap:analysis-start').length);
}

/**
 * Checks that a decision started exactly one analysis run, a moment after its result is shown: the
 * window's own project-changed event used to start a second one, which could show the previous result
 * again after the new one.
 */
async function oneRunSince(page: Page, before: number): Promise<void> {
  await page.waitForTimeout(1500);
  expect(await runs(page)).toBe(before + 1);
}

/** Lets the drawer or dialog finish sliding in before a screenshot. */
async function settled(page: Page): Promise<void> {
  await page.waitForTimeout(400);
}

describe('identity review in the UI', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const dir = tempDir('kolmap-e2e-identity-');
  const db = path.join(dir, 'identity.kolmap');

  beforeAll(async () => {
    const file = path.join(dir, 'pubmed.csv');
    writeFileSync(file, csv());
    const imported = kolmap(['import', file, '--db', db]);
    expect(imported.code, imported.stderr).toBe(0);
    served = await serve(db);
    browser = await launch();
    page = await openApp(browser, served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('merges the two Doe J from the queue, changes the ranking, and undoes it', async () => {
    const before = await people(page);
    const does = before.filter((p) => p.name === 'Doe J');
    expect(does.map((p) => p.publications).sort()).toEqual([1, 2]);

    await page.getByTestId('identity-open-count').waitFor();
    const openBefore = Number(await page.getByTestId('identity-open-count').textContent());
    expect(openBefore).toBeGreaterThanOrEqual(1);
    await page.getByTestId('identity-review-button').click();
    const card = page
      .locator('[data-testid="identity-candidate"][data-kind="pair"]')
      .filter({ hasText: 'Compatible names (Doe J)' });
    await card.waitFor();
    expect(await card.getByTestId('identity-profile').count()).toBe(2);
    await expect.poll(() => card.textContent()).toContain('Alpha A');
    await expect.poll(() => card.textContent()).toContain('Gamma C');
    await settled(page);
    await page.screenshot({ path: shot('identity-queue') });

    const runsBeforeMerge = await runs(page);
    await card.getByTestId('identity-merge').click();
    await waitPeople(page, before.length - 1);
    const merged = (await people(page)).filter((p) => p.name === 'Doe J');
    expect(merged).toHaveLength(1);
    expect(merged[0]?.publications).toBe(3);
    await oneRunSince(page, runsBeforeMerge);
    await card.waitFor({ state: 'detached' });
    await expect
      .poll(async () => Number((await page.getByTestId('identity-open-count').textContent()) ?? 0))
      .toBe(openBefore - 1);

    await page.getByTestId('identity-decisions-tab').click();
    const decision = page.getByTestId('identity-decision');
    await expect.poll(() => decision.first().textContent()).toMatch(/Merged Doe J/);
    await page.screenshot({ path: shot('identity-decisions') });

    // The decision names who holds the papers now; the name opens that person's profile.
    const now = decision.first().getByTestId('identity-decision-person');
    await expect.poll(() => now.getAttribute('data-person-id')).toBe(String(merged[0]?.id));
    await now.click();
    await page.locator('.mantine-Drawer-content').waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.getByTestId('person-panel').getAttribute('data-person-id'))
      .toBe(String(merged[0]?.id));
    await page.getByTestId('identity-review-button').click();
    await page.getByTestId('identity-decisions-tab').click();

    const runsBeforeUndo = await runs(page);
    await decision.first().getByTestId('identity-undo').click();
    await waitPeople(page, before.length);
    const restored = (await people(page)).filter((p) => p.name === 'Doe J');
    expect(restored.map((p) => [p.id, p.publications]).sort()).toEqual(
      does.map((p) => [p.id, p.publications]).sort(),
    );
    await oneRunSince(page, runsBeforeUndo);
    await expect.poll(() => decision.first().textContent()).toContain('Undone');
    await page.getByTestId('identity-queue-tab').click();
    await card.waitFor();
    await settled(page);
    await page.screenshot({ path: shot('identity-undone') });
  });

  it('splits a publication off from the person panel, and undoes it', async () => {
    await page.keyboard.press('Escape'); // closes the drawer
    await page.locator('.mantine-Drawer-content').waitFor({ state: 'hidden' });
    const before = await people(page);
    const doe = before.find((p) => p.name === 'Doe J' && p.publications === 2) as Person;
    expect(doe).toBeDefined();
    await page.locator(`[data-testid="rank-row"][data-person-id="${doe.id}"]`).click();
    await expect
      .poll(() => page.getByTestId('person-panel').getAttribute('data-person-id'))
      .toBe(String(doe.id));
    await page.getByTestId('person-split').click();
    const dialog = page.getByTestId('split-dialog');
    await expect.poll(() => page.getByTestId('split-publication').count()).toBe(2);
    await page.getByTestId('split-publication').first().click();
    await settled(page);
    await page.screenshot({ path: shot('identity-split') });
    await page.getByTestId('split-submit').click();
    await waitPeople(page, before.length + 1);
    const after = (await people(page)).filter((p) => p.name === 'Doe J');
    expect(after.map((p) => p.publications).sort()).toEqual([1, 1, 1]);
    await dialog.waitFor({ state: 'hidden' });

    await page.getByTestId('identity-review-button').click();
    await page.getByTestId('identity-decisions-tab').click();
    const decision = page.getByTestId('identity-decision').first();
    await expect.poll(() => decision.textContent()).toMatch(/Split 1 publication of Doe J/);
    await decision.getByTestId('identity-undo').click();
    await waitPeople(page, before.length);
    expect(
      (await people(page))
        .filter((p) => p.name === 'Doe J')
        .map((p) => p.publications)
        .sort(),
    ).toEqual([1, 2]);
  });
});
