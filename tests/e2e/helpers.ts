// End-to-end helpers: run the real `kolmap` CLI (built), start `kolmap serve` on a temp project, and
// drive Chromium with playwright-core. Screenshots go to test-results/e2e/ and are looked at.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import type { ProjectInfo } from '../../shared/api';
import { chromiumPath, launchChromium, serveKolmap } from '../helpers/browser';
import { afterAll, beforeAll, expect } from 'vitest';
import { generatePubmedCsv } from '../bench/generate';
import { BIN, ROOT } from '../helpers/cli';

import { kolmap, tempDir } from '../helpers/cli';

export { kolmap, tempDir };

/**
 * A CLI write to a project the app has open. The app writes too (its cached analysis, the map's
 * layout); when it holds the write lock past the CLI's busy timeout the CLI exits 1 saying the file is
 * busy and to run the command again, which is what this does (up to 4 times, 2 s apart). Any other
 * outcome is returned at once.
 */
export async function kolmapBesideApp(args: string[]): Promise<ReturnType<typeof kolmap>> {
  let r = kolmap(args);
  for (let i = 0; i < 4 && r.code === 1 && /is busy/.test(r.stderr); i++) {
    await new Promise((done) => setTimeout(done, 2000));
    r = kolmap(args);
  }
  return r;
}
export const SHOTS = path.join(ROOT, 'test-results', 'e2e');
mkdirSync(SHOTS, { recursive: true });

export interface Served {
  url: string;
  origin: string;
  token: string;
  stop: () => Promise<void>;
}

export function serve(db: string): Promise<Served> {
  return serveKolmap(BIN, db, { cwd: ROOT, timeoutMs: 60_000 });
}

export { chromiumPath };

export function launch(): Promise<Browser> {
  return launchChromium();
}

export async function openApp(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 90_000 });
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return page;
}

export function shot(name: string): string {
  return path.join(SHOTS, `${name}.png`);
}

/** A PNG's size and the share of its pixels that differ from its top-left pixel, measured in the page. */
export async function decodePng(
  page: Page,
  png: Buffer,
): Promise<{ width: number; height: number; ink: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    if (!ctx) return { width: img.width, height: img.height, ink: 0 };
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let differing = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i]! - d[0]!) + Math.abs(d[i + 1]! - d[1]!) + Math.abs(d[i + 2]! - d[2]!) > 30)
        differing++;
    }
    return { width: img.width, height: img.height, ink: differing / (d.length / 4) };
  }, png.toString('base64'));
}

export interface DemoApp {
  dir: string;
  db: string;
  served: Served;
  browser: Browser;
  page: Page;
  close: () => Promise<void>;
}

function opened(dir: string, db: string, served: Served, browser: Browser, page: Page): DemoApp {
  return {
    dir,
    db,
    served,
    browser,
    page,
    close: async () => {
      await browser.close();
      await served.stop();
    },
  };
}

/** The served project's getProject answer, asked over HTTP with its token. */
export async function projectInfo(served: Served): Promise<ProjectInfo> {
  const res = await fetch(`${served.origin}/api/getProject`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kolmap-token': served.token },
    body: '{}',
  });
  if (!res.ok) throw new Error(`getProject failed with HTTP ${res.status}`);
  return (await res.json()) as ProjectInfo;
}

/**
 * A new, empty project (`name` in a temp folder) served and opened in Chromium, on the empty project's
 * page (its "Load demo data" button showing).
 */
export async function openEmpty(
  name: string,
  options: { viewport?: { width: number; height: number }; acceptDownloads?: boolean } = {},
): Promise<DemoApp> {
  const dir = tempDir();
  const db = path.join(dir, name);
  const served = await serve(db);
  const browser = await launch();
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    acceptDownloads: options.acceptDownloads ?? false,
  });
  await page.goto(served.url);
  await page.getByTestId('load-demo').waitFor({ timeout: 60_000 });
  return opened(dir, db, served, browser, page);
}

/** A demo project filled by `kolmap demo`, served, and opened in Chromium once the analysis is ready. */
export async function openDemo(prefix = 'kolmap-e2e-'): Promise<DemoApp> {
  const dir = tempDir(prefix);
  const db = path.join(dir, 'demo.kolmap');
  const demo = kolmap(['demo', '--db', db]);
  if (demo.code !== 0) throw new Error(`kolmap demo failed: ${demo.stderr}`);
  const served = await serve(db);
  const browser = await launch();
  const page = await openApp(browser, served.url);
  return opened(dir, db, served, browser, page);
}

/** Generates `publications` papers (seed) into csv and imports them into the project db with the CLI. */
export function importGenerated(db: string, csv: string, opts: { publications: number; seed: number }): void {
  generatePubmedCsv(csv, opts);
  const imported = kolmap(['import', csv, '--db', db]);
  expect(imported.code, imported.stderr).toBe(0);
}

/** `kolmap rank`'s whole ranking of the project (its CSV, written to out), in its order. */
export function rankAll(db: string, out: string): { id: string; name: string; tier: string }[] {
  const cli = kolmap(['rank', '--db', db, '--top', '10000000', '--out', out]);
  expect(cli.code, cli.stderr).toBe(0);
  return Papa.parse<{ id: string; name: string; tier: string }>(readFileSync(out, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

/** The stored analysis result's parts and whether it is from the project's current data; null when none. */
export function storedAnalysis(db: string): { parts: number; current: boolean } | null {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const row = conn.prepare('SELECT parts, data_version AS v FROM analysis_cache').get() as
      { parts: number; v: number } | undefined;
    if (!row) return null;
    const now = conn.prepare('SELECT version FROM data_version WHERE id = 1').pluck().get() as number;
    return { parts: row.parts, current: now === row.v };
  } finally {
    conn.close();
  }
}

/** How many parts the stored analysis result has (0: none stored). */
export function storedParts(db: string): number {
  return storedAnalysis(db)?.parts ?? 0;
}

export interface ServedProject {
  dir: string;
  db: string;
  served: Served;
  browser: Browser;
}

/**
 * For the describe block it is called in: before all its tests, a temp folder, the project `file` in
 * it filled by `prepare`, `kolmap serve` on it and a Chromium; both stopped after all its tests. The
 * returned object is filled in when the tests run.
 */
export function servedProject(
  file: string,
  prepare: (db: string, dir: string) => void,
  hookTimeoutMs?: number,
): ServedProject {
  const app = {} as ServedProject;
  beforeAll(async () => {
    app.dir = tempDir();
    app.db = path.join(app.dir, file);
    prepare(app.db, app.dir);
    app.served = await serve(app.db);
    app.browser = await launch();
  }, hookTimeoutMs);
  afterAll(async () => {
    await app.browser?.close();
    await app.served?.stop();
  });
  return app;
}

/** Switches the app to the light or dark theme with its header toggle (no-op when it is already so). */
export async function colourScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  const now = await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
  if (now !== scheme) await page.getByRole('button', { name: 'Toggle colour theme' }).click();
  await expect
    .poll(() => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme')))
    .toBe(scheme);
}
