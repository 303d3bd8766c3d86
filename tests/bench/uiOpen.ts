// Opening a big project in the browser UI (issue 8): `kolmap serve` on a project whose analysis result is
// cached, the app opened in Chromium (playwright-core, launch flags as tests/e2e/helpers.ts), and the
// time from navigation to the first ranked rows in the table, to the analysis status saying ready, and
// to rows past the cached head after scrolling there (read from the back end when the result is paged);
// meanwhile the longest round trip of a trivial call into the page (how long the page's main thread was
// unresponsive, at 100 ms sampling), and after it the peak memory of the server and of the tab's
// processes (resident, from /proc). `pagedAbove` sets the page's paging threshold (a huge value loads
// the whole cached result into the tab, as the app did before paging). Figures, not tests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, serveKolmap } from '../helpers/browser';

export interface UiOpenFigures {
  /** Navigation → the first ranked row is in the table. */
  firstRowsMs: number;
  /** Navigation → the analysis status says ready (-1: not within the time limit, or the tab crashed). */
  readyMs: number;
  /** People the page holds, and in the whole result. */
  pagePeople: number;
  totalPeople: number;
  /** Scrolled to a row past the head → that row shown (-1: not measured). */
  pastHeadMs: number;
  /** Longest round trip of page.evaluate(() => 0) from navigation until ready (or the time limit). */
  longestPingMs: number;
  /** Peak resident memory of the `kolmap serve` process and the tab's renderer process (MB). */
  serverPeakMb: number;
  tabPeakMb: number;
  /** 1 when the tab crashed (out of memory). */
  crashed: number;
}

function procStatus(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Renderer processes of the Chromium started with `tag` on its command line. */
function rendererPids(tag: string): number[] {
  // Chromium's child processes rewrite their command line as one string: matched as text.
  const cmd = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') + ' ';
    } catch {
      return '';
    }
  };
  const pids = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const browser = pids.find((p) => cmd(p).includes(`${tag} `) && !cmd(p).includes('--type='));
  if (browser === undefined) return [];
  const parent = (pid: number) => {
    try {
      return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
    } catch {
      return -1;
    }
  };
  const descends = (pid: number): boolean => {
    for (let p = pid, i = 0; p > 1 && i < 10; p = parent(p), i++) if (p === browser) return true;
    return false;
  };
  return pids.filter((p) => cmd(p).includes('--type=renderer') && descends(p));
}

function serve(bin: string, db: string) {
  const env = { ...process.env, KOLMAP_RECENT_FILE: path.join(path.dirname(db), 'recent-projects.json') };
  return serveKolmap(bin, db, { env, timeoutMs: 120_000 });
}

type Probe = { __kolmap?: { result?: { people: unknown[]; stats: { people: number } } } };

async function counts(page: Page): Promise<{ page: number; total: number }> {
  return page.evaluate(() => {
    const r = (window as unknown as Probe).__kolmap?.result;
    return { page: r?.people.length ?? 0, total: r ? Math.max(r.stats.people, r.people.length) : 0 };
  });
}

export async function uiOpenBench(
  bin: string,
  project: string,
  opts: { pagedAbove?: number; timeoutMs?: number; chromiumPath?: string; screenshot?: string } = {},
): Promise<UiOpenFigures> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const served = await serve(bin, project);
  const tag = `--kolmap-bench-${process.pid}-${Date.now()}`;
  const browser = await launchChromium({ executablePath: opts.chromiumPath, extraArgs: [tag] });
  let serverPeakMb = 0;
  let tabPeakMb = 0;
  const sampler = setInterval(() => {
    serverPeakMb = Math.max(serverPeakMb, procStatus(served.pid, 'VmRSS'));
    let tab = 0;
    for (const pid of rendererPids(tag)) tab = Math.max(tab, procStatus(pid, 'VmRSS'));
    tabPeakMb = Math.max(tabPeakMb, tab);
  }, 250);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    let crashed = 0;
    page.on('crash', () => (crashed = 1));
    const url = opts.pagedAbove !== undefined ? `${served.url}&pagedAbove=${opts.pagedAbove}` : served.url;
    const t0 = performance.now();
    await page.goto(url);
    let longestPingMs = 0;
    let ready = false;
    const pinging = (async () => {
      while (!ready && !crashed && performance.now() - t0 < timeoutMs) {
        const t = performance.now();
        try {
          await page.evaluate(() => 0);
        } catch {
          return;
        }
        longestPingMs = Math.max(longestPingMs, performance.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await page.waitForSelector('[data-testid="rank-row"]', { timeout: timeoutMs });
    const firstRowsMs = performance.now() - t0;
    let readyMs = -1;
    try {
      await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', {
        timeout: Math.max(1000, timeoutMs - firstRowsMs),
      });
      readyMs = performance.now() - t0;
    } catch {
      // Not ready in time (or the tab crashed): readyMs stays -1.
    }
    ready = true;
    await pinging;
    let pastHeadMs = -1;
    let c = { page: 0, total: 0 };
    if (readyMs >= 0 && !crashed) {
      c = await counts(page);
      // A row past the head (5,000): at 20,000 when there are that many people, read from the back end
      // when the result is paged.
      const target = Math.min(c.total - 1, 20_000);
      const t = performance.now();
      await page.getByTestId('ranking-table').evaluate((el, top) => el.scrollTo({ top }), target * 32);
      await page.waitForSelector(`[data-testid="rank-row"][aria-rowindex="${target + 2}"]`, {
        timeout: 60_000,
      });
      pastHeadMs = performance.now() - t;
      if (opts.screenshot) await page.screenshot({ path: opts.screenshot });
    }
    return {
      firstRowsMs,
      readyMs,
      pagePeople: c.page,
      totalPeople: c.total,
      pastHeadMs,
      longestPingMs,
      serverPeakMb,
      tabPeakMb,
      crashed,
    };
  } finally {
    clearInterval(sampler);
    await browser.close();
    await served.stop();
  }
}
