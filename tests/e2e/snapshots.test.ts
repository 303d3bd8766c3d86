// End-to-end: snapshots and shortlists on the demo project in browser mode (issue 7). Save the
// analysis on screen as a snapshot, save another with different weights through the CLI (pagerank
// only), compare the two in the Snapshots tab (movers and the components that moved), then build an
// advisory board shortlist, swap a pick, see the balance change, and export it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kolmap, openDemo, shot, type DemoApp } from './helpers';

async function openTab(page: Page, label: string): Promise<void> {
  await page.getByTestId('inspector-tab').getByText(label, { exact: true }).click();
}

describe('snapshots and shortlists in the UI', () => {
  let app: DemoApp;
  let db: string;
  let dir: string;
  let page: Page;

  beforeAll(async () => {
    app = await openDemo('kolmap-e2e-snapshots-');
    ({ db, dir, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('compares a snapshot saved in the UI with one saved with other weights', async () => {
    await openTab(page, 'Snapshots');
    await page.getByTestId('snapshots-panel').waitFor();
    await page.getByTestId('snapshot-name').fill('Default weights');
    await page.getByTestId('snapshot-save').click();
    await page.waitForSelector('[data-testid="snapshot-row"][data-name="Default weights"]');

    // The weights changed: network influence only (saved through the CLI on the same project).
    const cli = kolmap([
      'snapshot',
      'save',
      'Influence only',
      '--weights',
      'pagerank=1,publications=0',
      '--db',
      db,
    ]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    await openTab(page, 'Overview');
    await openTab(page, 'Snapshots');
    await page.waitForSelector('[data-testid="snapshot-row"][data-name="Influence only"]');
    expect(await page.getByTestId('snapshot-row').count()).toBe(2);

    await page.getByTestId('snapshot-a').selectOption('Default weights');
    await page.getByTestId('snapshot-b').selectOption('Influence only');
    await page.getByTestId('snapshot-compare').click();
    const summary = page.getByTestId('diff-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Default weights → Influence only: [\d,]+ people in both/);

    // The two components whose weights changed are listed first.
    const components = await page
      .getByTestId('diff-component')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-component')));
    expect(components.slice(0, 2).sort()).toEqual(['pagerank', 'publications']);
    const t1 = page.locator('[data-testid="diff-tier"][data-tier="T1"]');
    expect(await t1.getByTestId('diff-tier-counts').textContent()).toMatch(
      /^[1-9]\d* entered, [1-9]\d* left$/,
    );
    expect(await t1.getByTestId('diff-entered').count()).toBeGreaterThan(0);

    const risers = page.getByTestId('diff-riser');
    const fallers = page.getByTestId('diff-faller');
    expect(await risers.count()).toBe(10);
    expect(await fallers.count()).toBe(10);
    expect(await risers.first().getByTestId('diff-why').textContent()).toMatch(/Network influence \+/);
    expect(await fallers.first().getByTestId('diff-why').textContent()).toMatch(/Publications −/);
    await page.screenshot({ path: shot('snapshots-diff') });
    await risers.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('snapshots-movers') });

    // A riser opens their profile.
    const id = await risers.first().getAttribute('data-person-id');
    await risers.first().click();
    const panel = page.getByTestId('person-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-person-id')).toBe(id);
    await panel.getByLabel('Close').click();
  });

  it('builds a balanced shortlist, swaps a pick, and exports it', async () => {
    await openTab(page, 'Shortlist');
    await page.getByTestId('shortlist-panel').waitFor();
    const picks = page.getByTestId('shortlist-pick');
    expect(await picks.count()).toBe(12);
    const reasons = await page.getByTestId('shortlist-reason').allTextContents();
    expect(reasons.every((r) => /rank \d+ \(T\d, score [\d.]+\)/.test(r))).toBe(true);
    expect(reasons.some((r) => /first from community/.test(r))).toBe(true);
    expect(await page.locator('[data-testid="shortlist-pick"][data-kind="rising"]').count()).toBe(2);
    expect(Number(await page.getByTestId('balance-max').textContent())).toBeLessThanOrEqual(2);
    const communities = Number(await page.getByTestId('balance-communities').textContent());
    expect(communities).toBeGreaterThan(3);
    await page.screenshot({ path: shot('shortlist') });

    // Swap the first pick for the best-ranked person not on the list.
    const first = picks.first();
    const outId = await first.getAttribute('data-person-id');
    await first.getByTestId('shortlist-swap').click();
    const select = first.getByTestId('shortlist-swap-select');
    const inId = await select.locator('option').nth(1).getAttribute('value');
    await select.selectOption(inId!);
    await page.getByTestId('shortlist-swap-note').waitFor();
    const swapped = page.locator(`[data-testid="shortlist-pick"][data-person-id="${inId}"]`);
    expect(await swapped.getAttribute('data-kind')).toBe('manual');
    expect(await swapped.getByTestId('shortlist-reason').textContent()).toMatch(
      /^chosen by hand instead of /,
    );
    expect(await page.locator(`[data-testid="shortlist-pick"][data-person-id="${outId}"]`).count()).toBe(0);
    expect(await page.getByTestId('shortlist-swap-note').textContent()).toMatch(
      /^Swapped .+ for .+: communities \d+ → \d+, countries \d+ → \d+, most from one institution \d+ → \d+\.$/,
    );
    await page.getByTestId('shortlist-balance').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('shortlist-swapped') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('shortlist-export').click(),
    ]);
    const file = path.join(dir, 'shortlist.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe(
      'position,kolmap_id,name,institution,country,community,rank,tier,score,kind,reason',
    );
    expect(lines).toHaveLength(13);
    expect(lines[1]).toMatch(new RegExp(`^1,${inId},.*,manual,`));
  });
});
