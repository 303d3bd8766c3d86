// End-to-end helpers: run the real `kolmap` CLI (built), start `kolmap serve` on a temp project, and
// drive Chromium with playwright-core. Screenshots go to test-results/e2e/ and are looked at.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--port', '0'],
    {
      cwd: ROOT,
    },
  );
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kolmap serve printed no URL: ${out} ${err}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=([0-9a-f]+))/.exec(out);
      if (m && m[1] && m[2]) {
        clearTimeout(timer);
        const url = m[1];
        resolve({
          url,
          origin: new URL(url).origin,
          token: m[2],
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kolmap serve exited with ${code}: ${err}`));
    });
  });
}

export function chromiumPath(): string {
  const p = process.env.KOLMAP_CHROMIUM ?? '/usr/bin/chromium';
  return p;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
    ],
  });
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

/** A demo project filled by `kolmap demo`, served, and opened in Chromium once the analysis is ready. */
export async function openDemo(prefix = 'kolmap-e2e-'): Promise<DemoApp> {
  const dir = tempDir(prefix);
  const db = path.join(dir, 'demo.kolmap');
  const demo = kolmap(['demo', '--db', db]);
  if (demo.code !== 0) throw new Error(`kolmap demo failed: ${demo.stderr}`);
  const served = await serve(db);
  const browser = await launch();
  const page = await openApp(browser, served.url);
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
