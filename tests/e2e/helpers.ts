// End-to-end helpers: run the real `kolmap` CLI (built), start `kolmap serve` on a temp project, and
// drive Chromium with playwright-core. Screenshots go to test-results/e2e/ and are looked at.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BIN, ROOT } from '../helpers/cli';

export { kolmap, tempDir } from '../helpers/cli';
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
