// End-to-end: how the map takes a new result's graph (renderer/src/graph/mapRenderer.ts). Sigma's
// setGraph indexes, processes and draws a graph in the task that calls it; the map spreads that over
// three tasks, so the hand-over itself draws nothing, and until the new graph is processed a lookup
// (a hover, a click) finds nobody rather than a person of the previous graph the new one lacks. Once it
// is drawn, lookups find the new graph's people. Recorded in the page around the map's own hand-over,
// on a real scope change of the demo project.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemo, type DemoApp } from './helpers';

interface HandOver {
  /** What happened, in order: 'call', 'returned', 'render', 'drawn', 'enter in' / 'enter absent'. */
  log: string[];
  /** People of the previous graph the new one lacks, at a place on screen where the mouse was moved. */
  absentProbed: number;
  /** The person under the mouse once the new graph was drawn (null: nobody there). */
  foundAfter: string | null;
  /** Whether foundAfter is in the new graph. */
  foundInGraph: boolean;
}

/** Wraps the map's setGraphInSteps to record one hand-over (read with handOver()). */
function recordHandOver(page: Page): Promise<void> {
  return page.evaluate(() => {
    type Data = { x: number; y: number; hidden?: boolean };
    type G = { order: number; hasNode(k: string): boolean; nodes(): string[] };
    type S = {
      getGraph(): G;
      getNodeDisplayData(k: string): Data | undefined;
      framedGraphToViewport(p: { x: number; y: number }): { x: number; y: number };
      getCanvases(): Record<string, HTMLCanvasElement>;
      getDimensions(): { width: number; height: number };
      on(e: string, f: (p: { node: string }) => void): void;
      setGraphInSteps(graph: G, settings: unknown, onDrawn: () => void): () => void;
    };
    const w = window as unknown as { __kolmap: { sigma: S }; __handOver: Record<string, unknown> };
    const s = w.__kolmap.sigma;
    const rec = {
      log: [] as string[],
      absentProbed: 0,
      foundAfter: null as string | null,
      foundInGraph: false,
    };
    w.__handOver = rec;
    const mouse = s.getCanvases().mouse!;
    const { width, height } = s.getDimensions();
    /** Moves the mouse over the map at (x, y) of its view, as a real mouse move reaches sigma. */
    const moveTo = (p: { x: number; y: number }) => {
      const r = mouse.getBoundingClientRect();
      mouse.dispatchEvent(
        new MouseEvent('mousemove', { clientX: r.left + p.x, clientY: r.top + p.y, bubbles: true }),
      );
    };
    const inView = (p: { x: number; y: number }) =>
      p.x > 20 && p.x < width - 20 && p.y > 20 && p.y < height - 20;
    s.on('enterNode', ({ node }) => rec.log.push(s.getGraph().hasNode(node) ? 'enter in' : 'enter absent'));
    s.on('afterRender' as never, (() => rec.log.push('render')) as never);
    // Where each person is drawn now, at rest (before the scope changes; the hand-over first
    // re-indexes the previous graph for its settings, which forgets the places sigma processed).
    const drawnAt = new Map<string, { x: number; y: number }>();
    for (const k of s.getGraph().nodes()) {
      const d = s.getNodeDisplayData(k);
      if (!d || d.hidden) continue;
      const p = s.framedGraphToViewport(d);
      if (inView(p)) drawnAt.set(k, p);
    }
    const own = s.setGraphInSteps.bind(s);
    s.setGraphInSteps = (graph, settings, onDrawn) => {
      // Where the previous graph drew people the new one lacks.
      const places = [...drawnAt]
        .filter(([k]) => !graph.hasNode(k))
        .map(([, p]) => p)
        .slice(0, 40);
      rec.log.push('call');
      const cancel = own(graph, settings, () => {
        rec.log.push('drawn');
        // The new graph as drawn: its top-drawn person's place, and what a mouse move there finds.
        const top = graph
          .nodes()
          .map((k) => ({ k, d: s.getNodeDisplayData(k) }))
          .filter((n): n is { k: string; d: Data } => n.d !== undefined && !n.d.hidden)
          .map((n) => s.framedGraphToViewport(n.d))
          .find(inView);
        let found: string | null = null;
        const listen = ({ node }: { node: string }) => {
          found = node;
        };
        s.on('enterNode', listen);
        if (top) moveTo(top);
        rec.foundAfter = found;
        rec.foundInGraph = found !== null && graph.hasNode(found);
        onDrawn();
      });
      // Right after the hand-over began, in the same task: the mouse over each of those places.
      for (const p of places) moveTo(p);
      rec.absentProbed = places.length;
      rec.log.push('returned');
      return cancel;
    };
  });
}

function handOver(page: Page): Promise<HandOver> {
  return page.evaluate(() => (window as unknown as { __handOver: HandOver }).__handOver);
}

describe('the map taking a new graph', () => {
  let app: DemoApp;
  let page: Page;

  beforeAll(async () => {
    app = await openDemo('kolmap-e2e-handover-');
    page = app.page;
    await page.waitForSelector('[data-testid="map"][data-layout="idle"]', { timeout: 120_000 });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('draws nothing while it hands over, finds nobody of the previous graph, then finds the new one', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await recordHandOver(page);
    await page.getByTestId('scope-button').click();
    const since = page.getByTestId('scope-since');
    await since.fill('2021');
    await since.press('Enter');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('scope-button').textContent()).toBe('2021–2025');
    await expect
      .poll(async () => (await handOver(page)).log.includes('drawn'), { timeout: 60_000 })
      .toBe(true);
    const h = await handOver(page);
    // The scope dropped people the previous map drew, and the mouse was moved over their places.
    expect(h.absentProbed).toBeGreaterThan(0);
    // setGraphInSteps returned without drawing, and nothing found a person of the previous graph.
    const call = h.log.indexOf('call');
    expect(h.log.slice(call, h.log.indexOf('returned') + 1)).toEqual(['call', 'returned']);
    expect(h.log).not.toContain('enter absent');
    // Then one frame drew it before 'drawn', and a lookup there finds a person of the new graph.
    expect(h.log.slice(call)).toEqual(expect.arrayContaining(['render', 'drawn']));
    expect(h.log.indexOf('render', call)).toBeLessThan(h.log.indexOf('drawn'));
    expect(h.foundAfter).not.toBeNull();
    expect(h.foundInGraph).toBe(true);
    expect(errors).toEqual([]);
  });
});
