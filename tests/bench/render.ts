// The renderer phase of `npm run bench` (issue 8): a generated project served by `kolmap serve`, the
// app opened in Chromium (playwright-core, launch flags as tests/e2e/helpers.ts) with `?maxNodes=N` so
// the map draws the top N people (2,500, the map's default, then 10k, 20k, 50k), and per size: the
// time from navigation to the first frame sigma draws with the graph, frames per second over ~3 s of
// mouse dragging and wheel zooming over the map after the layout settled (frames sigma drew, and
// requestAnimationFrame callbacks; nominally 3 s, longer when the page handles the input events
// slowly), and the longest main-thread tasks (from a Chromium trace): before the analysis starts,
// while it runs (with the main thread's own CPU time in it), and while the map is built and drawn.
// Figures, not tests. For diagnosis only (the default run measures as described): KOLMAP_BENCH_TRACE_DIR
// writes each page's trace there, KOLMAP_BENCH_TRACE_CATEGORIES traces other categories (more of them
// slow the page down), KOLMAP_BENCH_RENDER_SIZES=2500,20000 measures only those sizes.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, serveKolmap } from '../helpers/browser';

/** The map's default (MAX_MAP_NODES, what a user gets), then the larger maps of issue 8. */
export const RENDER_SIZES = [2_500, 10_000, 20_000, 50_000] as const;

export interface RenderFigures {
  /** 'off': the project's analysis cache was emptied first; 'hit': it held this scope's result. */
  cache: 'off' | 'hit';
  /** People the map drew (the project may hold fewer than asked). */
  nodes: number;
  links: number;
  /** Navigation → first frame drawn with the graph (includes loading the data and the analysis). */
  firstFrameMs: number;
  /** Navigation → the analysis result is ready. */
  analysisReadyMs: number;
  /** Navigation → the cached head (the top-ranked people) is in the store, before the rest is read. */
  firstRankedMs?: number;
  /** Frames sigma drew per second ('afterRender') while the user's drag and wheel move the camera. */
  fps: number;
  /** requestAnimationFrame callbacks per second over the same interval. */
  rafFps: number;
  /** Share of those frames sigma drew in its moving state (edges and labels hidden while moving). */
  movingShare: number;
  /** Mouse moves and wheel events the map received during the motion, and how long it took (s). */
  inputs: number;
  motionSeconds: number;
  /**
   * Longest main-thread task while the analysis runs: from the app's 'kolmap:analysis-start' mark (it
   * asks its worker for the cached result or a new analysis) to 'kolmap:analysis-ready' (the result is
   * in the store and the ranking shows it); tasks overlapping that window count. 0: none over 50 ms.
   */
  longestTaskMs: number;
  /** The main thread's own CPU time in that longest task (trace thread time); the rest it waited. */
  longestTaskCpuMs: number;
  longTasks: number;
  /** Longest task after the analysis was ready until the map's layout settled (building and drawing the map). */
  longestMapTaskMs: number;
  /** Navigation → the analysis started (page load, project info). */
  analysisStartMs: number;
  /** Longest task from navigation until the analysis started (the page start: the app's first renders). */
  longestStartTaskMs: number;
}

export interface RenderRun {
  people: number;
  chromium: string;
  sizes: RenderFigures[];
}

// `kolmap serve` records each project it serves in a recent-projects list (electron/projects.ts): the
// bench's goes to a file in its temp folder (the project's), never the user's ~/.config.
function serve(bin: string, db: string) {
  const env = { ...process.env, KOLMAP_RECENT_FILE: path.join(path.dirname(db), 'recent-projects.json') };
  return serveKolmap(bin, db, { env, timeoutMs: 60_000 });
}

// Runs in the page before the app: records the first frame drawn with a non-empty graph (window.__kolmap
// is assigned by renderer/src/graph/testHook.ts).
const INIT = `(() => {
  const b = { firstFrame: null };
  window.__bench = b;
  let value;
  Object.defineProperty(window, '__kolmap', {
    configurable: true,
    get: () => value,
    set: (v) => {
      value = v;
      // Hooked as soon as sigma exists: the map exposes a graph only once sigma has drawn it.
      if (b.firstFrame === null && v && v.sigma && b.hooked !== v.sigma) {
        const s = v.sigma;
        b.hooked = s;
        const first = () => {
          if (b.firstFrame !== null || s.getGraph().order === 0) return;
          b.firstFrame = performance.now();
          s.off('afterRender', first);
        };
        s.on('afterRender', first);
      }
    },
  });
})();`;

// Runs in the page before the motion: counts the frames sigma draws ('afterRender'), those drawn in
// sigma's moving state (the test its render() uses for hideEdgesOnMove / hideLabelsOnMove: a camera
// animation, a mouse drag or a wheel zoom under way), the requestAnimationFrame callbacks and the
// input events the map receives, until stopped.
const COUNT_FRAMES = `(() => {
  const sigma = window.__kolmap.sigma;
  const camera = sigma.getCamera();
  const mouse = sigma.getMouseCaptor();
  const c = { frames: 0, moving: 0, raf: 0, inputs: 0, start: performance.now(), end: 0 };
  const onInput = () => c.inputs++;
  sigma.getContainer().addEventListener('mousemove', onInput, true);
  sigma.getContainer().addEventListener('wheel', onInput, true);
  const onRender = () => {
    c.frames++;
    if (camera.isAnimated() || mouse.isMoving || mouse.draggedEvents || mouse.currentWheelDirection) c.moving++;
  };
  sigma.on('afterRender', onRender);
  const tick = () => {
    if (c.end) return;
    c.raf++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__frames = c;
  window.__stopFrames = () => {
    c.end = performance.now();
    sigma.off('afterRender', onRender);
    sigma.getContainer().removeEventListener('mousemove', onInput, true);
    sigma.getContainer().removeEventListener('wheel', onInput, true);
    return { frames: c.frames, moving: c.moving, raf: c.raf, inputs: c.inputs, ms: c.end - c.start };
  };
})()`;

interface Motion {
  /** Frames sigma drew per second. */
  fps: number;
  /** requestAnimationFrame callbacks per second over the same interval. */
  rafFps: number;
  /** Share of sigma's frames drawn in its moving state (edges and labels hidden). */
  movingShare: number;
  /** Mouse moves and wheel events the map received, and the seconds the motion took. */
  inputs: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Nominally 3 s of camera motion the way a user makes it, through real input events over the map canvas: 1.5 s
 * of dragging the map around a circle (mouse down, moves, up, which sigma follows with its inertia),
 * then 1.5 s of wheel zooming, four notches in and four out, 60 ms apart. Sigma's mouse captor turns
 * these into camera moves and counts itself moving, as for a user's drag or wheel.
 */
async function moveCamera(page: Page): Promise<Motion> {
  const box = await page.locator('[data-testid="map"]').boundingBox();
  if (!box) throw new Error('bench: the map canvas has no size');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const r = Math.min(box.width, box.height) * 0.2;
  await page.mouse.move(cx + r, cy);
  await page.evaluate(COUNT_FRAMES);
  // Each phase runs for its own 1.5 s: an input event waits for the page to handle it (sigma reads
  // the picking buffer on every mouse move, which waits for the GPU work queued before it).
  const t0 = Date.now();
  await page.mouse.down();
  for (let t = 0; t < 1500; t = Date.now() - t0) {
    const a = (t / 1500) * 2 * Math.PI;
    await page.mouse.move(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  await page.mouse.up();
  const t1 = Date.now();
  for (let i = 0; Date.now() - t1 < 1500; i++) {
    await page.mouse.wheel(0, i % 8 < 4 ? -120 : 120);
    await sleep(60);
  }
  const c = (await page.evaluate('window.__stopFrames()')) as {
    frames: number;
    moving: number;
    raf: number;
    inputs: number;
    ms: number;
  };
  return {
    fps: c.frames / (c.ms / 1000),
    rafFps: c.raf / (c.ms / 1000),
    movingShare: c.frames ? c.moving / c.frames : 0,
    inputs: c.inputs,
    seconds: c.ms / 1000,
  };
}

/** Counts (or clears) the project's cached analyses through a second SQLite connection (WAL). */
function cachedRows(project: string, what: 'count' | 'clear'): number {
  const db = new Database(project, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    if (what === 'clear') return db.prepare('DELETE FROM analysis_cache').run().changes;
    return (db.prepare('SELECT count(*) AS n FROM analysis_cache').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function waitForCache(project: string): Promise<void> {
  const until = Date.now() + 300_000;
  while (cachedRows(project, 'count') === 0) {
    if (Date.now() > until)
      throw new Error('bench: the app stored no analysis in the project within 5 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const IDLE_MARK = 'kolmap-bench:layout-idle';
/** Tasks shorter than this are not kept (nor counted in "tasks > 50 ms"). */
const LONG_TASK_MS = 50;

/** [start, duration, thread time] of a main-thread task, in ms (trace clock). */
type TraceTask = [number, number, number];

interface TaskTrace {
  /**
   * Every page main-thread task over LONG_TASK_MS; thread time: the CPU the main thread itself spent
   * in it (the rest it waited: for the GPU process, for garbage-collector helper threads, for a core).
   */
  tasks: TraceTask[];
  /** The app's first analysis-start and analysis-ready marks and the bench's idle mark (trace clock, ms). */
  start: number;
  ready: number;
  idle: number;
}

/**
 * Main-thread tasks from a Chromium trace ('toplevel': every task the page's main thread runs, and
 * 'blink.user_timing': the app's performance marks). The PerformanceObserver 'longtask' entries this
 * bench used before miss some tasks: a frame whose commit waits for the GPU (the compositor reading a
 * WebGL canvas back, with software compositing) blocks the UI thread but was not always reported.
 */
async function startTaskTrace(page: Page, dump?: string): Promise<{ stop: () => Promise<TaskTrace> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    categories: process.env.KOLMAP_BENCH_TRACE_CATEGORIES ?? 'toplevel,blink.user_timing',
    transferMode: 'ReturnAsStream',
  });
  const stop = async (): Promise<TaskTrace> => {
    const complete = new Promise<{ stream?: string }>((resolve) =>
      cdp.once('Tracing.tracingComplete', resolve),
    );
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    if (!stream) throw new Error('bench: Chromium returned no trace');
    let text = '';
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
      if (chunk.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    await cdp.detach();
    if (dump) writeFileSync(dump, text);
    return tasksOf(JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[]);
  };
  return { stop };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, where the trace records it. */
  tdur?: number;
  pid: number;
  tid: number;
}

/** The longest duration among tasks ([start, duration, thread time]); 0 for none. */
function longest(tasks: TraceTask[]): number {
  return tasks.reduce((a, [, d]) => Math.max(a, d), 0);
}

function tasksOf(trace: { traceEvents: TraceEvent[] } | TraceEvent[]): TaskTrace {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mark = (name: string) => events.find((e) => e.name === name);
  const start = mark('kolmap:analysis-start');
  const ready = mark('kolmap:analysis-ready');
  const idle = mark(IDLE_MARK);
  if (!start || !ready || !idle) throw new Error("bench: the trace lacks the app's analysis marks");
  // The page's main thread: where its marks were recorded. Its outermost tasks (RunTask events nest).
  const runs = events
    .filter(
      (e) =>
        e.pid === start.pid &&
        e.tid === start.tid &&
        e.ph === 'X' &&
        (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask'),
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks: TraceTask[] = [];
  let end = -Infinity;
  for (const e of runs) {
    const dur = e.dur ?? 0;
    if (e.ts < end) continue;
    end = e.ts + dur;
    if (dur / 1000 > LONG_TASK_MS) tasks.push([e.ts / 1000, dur / 1000, (e.tdur ?? 0) / 1000]);
  }
  return { tasks, start: start.ts / 1000, ready: ready.ts / 1000, idle: idle.ts / 1000 };
}

/** Measures the renderer on a project file (already imported); people: how many it holds. */
export async function renderBench(project: string, people: number): Promise<RenderRun> {
  const bin = path.resolve('bin', 'kolmap.cjs');
  const served = await serve(bin, project);
  const browser = await launchChromium();
  try {
    const sizes: RenderFigures[] = [];
    // Each size twice: with the project's analysis cache emptied (the worker reads the input and
    // analyses), then once the first page's worker has stored its result (the cached result is shown).
    // Results of any size are cached (issue 8: binary parts, head first).
    const only = process.env.KOLMAP_BENCH_RENDER_SIZES?.split(',').map(Number);
    const runs = RENDER_SIZES.filter((n) => !only || only.includes(n)).flatMap((n) => [
      { n, cache: 'off' as const },
      { n, cache: 'hit' as const },
    ]);
    for (const { n, cache } of runs) {
      if (cache === 'off') cachedRows(project, 'clear');
      else await waitForCache(project);
      process.stdout.write(
        `  renderer, ${n.toLocaleString('en-US')} people drawn, ${cache === 'off' ? 'no cached analysis' : 'cached analysis'} ... `,
      );
      const t0 = performance.now();
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.addInitScript(INIT);
      const dumpDir = process.env.KOLMAP_BENCH_TRACE_DIR;
      const trace = await startTaskTrace(page, dumpDir && path.join(dumpDir, `trace-${n}-${cache}.json`));
      await page.goto(`${served.url}&maxNodes=${n}`);
      await page.waitForSelector('[data-testid="analysis-status"][data-state="ready"]', { timeout: 600_000 });
      const readyMs = (await page.evaluate('performance.now()')) as number;
      // Polled with evaluate: waitForFunction's string predicate is an eval, which the app's CSP refuses.
      for (let t = Date.now(); !(await page.evaluate('window.__bench.firstFrame !== null'));) {
        if (Date.now() - t > 120_000)
          throw new Error('bench: no frame drawn with the graph within 2 minutes');
        await new Promise((r) => setTimeout(r, 100));
      }
      await page.waitForSelector('[data-testid="map"][data-layout="idle"]', { timeout: 600_000 });
      // The layout settled: the map's build and draw end here (the motion's own tasks come after).
      await page.evaluate(`performance.mark('${IDLE_MARK}')`);
      const tasks = await trace.stop();
      const motion = await moveCamera(page);
      const m = (await page.evaluate(
        `({ firstFrame: window.__bench.firstFrame,
            nodes: window.__kolmap.graph.order, links: window.__kolmap.graph.size,
            start: performance.getEntriesByName('kolmap:analysis-start').map((e) => e.startTime),
            ready: performance.getEntriesByName('kolmap:analysis-ready').map((e) => e.startTime),
            head: performance.getEntriesByName('kolmap:first-ranked').map((e) => e.startTime) })`,
      )) as {
        firstFrame: number;
        nodes: number;
        links: number;
        start: number[];
        ready: number[];
        head: number[];
      };
      // The first analysis of the page (later ones would follow a scope change; none happens here).
      const from = m.start[0] ?? 0;
      const until = m.ready[0] ?? readyMs;
      // Tasks in the trace's clock, the window from the same marks as the trace recorded them.
      const during = tasks.tasks.filter(([start, d]) => start <= tasks.ready && start + d >= tasks.start);
      const after = tasks.tasks.filter(([start]) => start > tasks.ready && start <= tasks.idle);
      const before = tasks.tasks.filter(([start, d]) => start + d < tasks.start);
      const top = during.reduce<TraceTask | null>((a, t) => (!a || t[1] > a[1] ? t : a), null);
      sizes.push({
        cache,
        nodes: m.nodes,
        links: m.links,
        firstFrameMs: m.firstFrame,
        analysisReadyMs: until,
        ...(m.head[0] !== undefined ? { firstRankedMs: m.head[0] } : {}),
        fps: motion.fps,
        rafFps: motion.rafFps,
        movingShare: motion.movingShare,
        inputs: motion.inputs,
        motionSeconds: motion.seconds,
        longestTaskMs: top ? top[1] : 0,
        longestTaskCpuMs: top ? top[2] : 0,
        longTasks: during.length,
        longestMapTaskMs: longest(after),
        analysisStartMs: from,
        longestStartTaskMs: longest(before),
      });
      // The app stores its result after showing it; let it finish before the page goes (the next run reads it).
      if (cache === 'off') await waitForCache(project);
      await page.close();
      process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
    return { people, chromium: browser.version(), sizes };
  } finally {
    await browser.close();
    await served.stop();
  }
}
