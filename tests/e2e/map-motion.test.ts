// End-to-end: what the map does while its camera moves (renderer/src/graph/motion.ts) on the demo
// project drawn above the large-map threshold (?maxNodes). During a real mouse drag sigma keeps
// drawing frames, the layers that draw nothing in that state are hidden and the discs are drawn at a
// lower resolution; once the camera stops, every layer is back at full size with its labels, and
// picking works again (a click on a person opens their panel). At rest, the hovered discs' layer is
// shown (and cleared) only while someone is hovered, and an empty map hides its WebGL layers.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, openApp, openDemo, shot, type DemoApp } from './helpers';

interface Layers {
  moving: boolean;
  frames: number;
  drawn: number;
  nodes: { width: number; height: number };
  css: { width: number; height: number };
  hidden: string[];
  labels: number;
}

/** The map's layer state, and the frames sigma drew since countFrames() was called. */
function layers(page: Page): Promise<Layers> {
  return page.evaluate(() => {
    const k = (
      window as unknown as {
        __kolmap: {
          sigma: {
            getCanvases: () => Record<string, HTMLCanvasElement>;
            getContainer: () => HTMLElement;
            getGraph: () => { order: number };
          };
          labels: () => readonly unknown[];
        };
        __frames?: number;
      }
    ).__kolmap;
    const canvases = k.sigma.getCanvases();
    const container = k.sigma.getContainer();
    return {
      moving: container.dataset.moving !== undefined,
      frames: (window as unknown as { __frames?: number }).__frames ?? 0,
      drawn: k.sigma.getGraph().order,
      nodes: { width: canvases.nodes!.width, height: canvases.nodes!.height },
      css: { width: container.clientWidth, height: container.clientHeight },
      hidden: Object.entries(canvases)
        .filter(([, c]) => c.style.visibility === 'hidden')
        .map(([id]) => id)
        .sort(),
      labels: k.labels().length,
    };
  });
}

/**
 * A top-ranked person (drawn above the rest) whose disc is in the middle of the map's view, clear of
 * the overlays (toolbar, legend, controls), with their position in the view.
 */
function centralPerson(
  page: Page,
  box: { width: number; height: number },
): Promise<{ id: number; name: string; pos: { x: number; y: number } } | null> {
  return page.evaluate(
    ({ width, height }) => {
      const k = (
        window as unknown as {
          __kolmap: {
            result: { people: { id: number; name: string }[] };
            sigma: {
              getNodeDisplayData: (n: string) => { x: number; y: number } | undefined;
              framedGraphToViewport: (p: { x: number; y: number }) => { x: number; y: number };
            };
          };
        }
      ).__kolmap;
      for (const p of k.result.people.slice(0, 100)) {
        const d = k.sigma.getNodeDisplayData(String(p.id));
        if (!d) continue;
        const v = k.sigma.framedGraphToViewport(d);
        if (v.x > width * 0.3 && v.x < width * 0.7 && v.y > height * 0.3 && v.y < height * 0.75)
          return { id: p.id, name: p.name, pos: v };
      }
      return null;
    },
    { width: box.width, height: box.height },
  );
}

describe('the map while its camera moves', () => {
  let app: DemoApp;
  let page: Page;

  beforeAll(async () => {
    app = await openDemo('kolmap-e2e-motion-');
    await app.page.close();
    // More people than LARGE_GRAPH (5,000) so the large-map path (points, lower resolution) is taken.
    page = await openApp(app.browser, `${app.served.url}&maxNodes=6000`);
    await page.waitForSelector('[data-testid="map"][data-layout="idle"]', { timeout: 120_000 });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('draws frames while dragged with links and labels hidden, then comes back whole', async () => {
    const ratio = await page.evaluate(() => window.devicePixelRatio || 1);
    const rest = await layers(page);
    expect(rest.drawn).toBeGreaterThan(5000);
    expect(rest.moving).toBe(false);
    expect(rest.nodes).toEqual({ width: rest.css.width * ratio, height: rest.css.height * ratio });
    // At rest only the edge-label layer (the map draws no edge labels) and, with nobody hovered or
    // selected, the hovered discs' layer are hidden.
    expect(rest.hidden).toEqual(['edgeLabels', 'hoverNodes']);
    expect(rest.labels).toBeGreaterThan(0);
    await page.screenshot({ path: shot('map-motion-before') });

    await page.evaluate(() => {
      const w = window as unknown as {
        __frames: number;
        __kolmap: { sigma: { on: (e: string, f: () => void) => void } };
      };
      w.__frames = 0;
      w.__kolmap.sigma.on('afterRender', () => w.__frames++);
    });
    const box = (await page.getByTestId('map').boundingBox())!;
    const x = box.x + box.width * 0.7;
    const y = box.y + box.height * 0.5;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(x - i * 12, y + i * 4);
    const moving = await layers(page);
    await page.screenshot({ path: shot('map-motion-moving') });
    await page.mouse.up();
    // Off the map: nobody is hovered once the camera stops.
    await page.mouse.move(box.x + box.width / 2, box.y - 20);
    // The click that ends the drag is not counted toward a double click (motion.ts): the next click on
    // a person opens their profile however late sigma's double-click timer fires.
    const clicks = await page.evaluate(
      () =>
        (
          window as unknown as {
            __kolmap: { sigma: { getMouseCaptor: () => { clicks: number } } };
          }
        ).__kolmap.sigma.getMouseCaptor().clicks,
    );
    expect(clicks).toBe(0);

    expect(moving.moving).toBe(true);
    expect(moving.frames).toBeGreaterThan(2);
    expect(moving.hidden).toEqual(['edgeLabels', 'edges', 'hoverNodes', 'hovers', 'labels']);
    expect(moving.nodes.width).toBeLessThan(rest.nodes.width);
    expect(moving.nodes.width).toBe(Math.round(rest.nodes.width / 2));

    await expect.poll(async () => (await layers(page)).moving, { timeout: 10_000 }).toBe(false);
    await expect.poll(async () => (await layers(page)).labels, { timeout: 10_000 }).toBeGreaterThan(0);
    const after = await layers(page);
    expect(after.nodes).toEqual(rest.nodes);
    expect(after.hidden).toEqual(['edgeLabels', 'hoverNodes']);
    await page.screenshot({ path: shot('map-motion-after') });
  });

  it('shows and clears the hovered discs only while someone is hovered; an empty map hides its WebGL layers', async () => {
    // Counts the clears of the hovered discs' WebGL context: each one is a new frame of that canvas,
    // which the compositor reads back on the UI thread even when it stays empty.
    await page.evaluate(() => {
      const w = window as unknown as {
        __hoverClears: number;
        __kolmap: { sigma: { webGLContexts: { hoverNodes: WebGL2RenderingContext } } };
      };
      const gl = w.__kolmap.sigma.webGLContexts.hoverNodes;
      w.__hoverClears = 0;
      const clear = gl.clear.bind(gl);
      gl.clear = (mask: GLbitfield) => {
        w.__hoverClears++;
        clear(mask);
      };
    });
    const clears = () => page.evaluate(() => (window as unknown as { __hoverClears: number }).__hoverClears);
    const refresh = () =>
      page.evaluate(() => {
        const sigma = (window as unknown as { __kolmap: { sigma: { refresh: () => void } } }).__kolmap.sigma;
        for (let i = 0; i < 3; i++) sigma.refresh();
      });
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y - 20);
    await expect.poll(async () => (await layers(page)).hidden, { timeout: 10_000 }).toContain('hoverNodes');
    // Frames at rest with nobody hovered or selected leave that layer alone.
    await refresh();
    expect(await clears()).toBe(0);

    // A hovered person is drawn on it: shown, and cleared again when the mouse leaves them.
    const target = await centralPerson(page, box);
    expect(target).not.toBeNull();
    await page.mouse.move(box.x + target!.pos.x - 40, box.y + target!.pos.y - 40);
    await page.mouse.move(box.x + target!.pos.x, box.y + target!.pos.y);
    await expect.poll(async () => (await layers(page)).hidden, { timeout: 10_000 }).toEqual(['edgeLabels']);
    await page.screenshot({ path: shot('map-motion-hovered') });
    // (Sigma keeps a hovered person when the mouse leaves the map: they are left by moving to a blank spot.)
    const blank = await page.evaluate(({ width, height }) => {
      const sigma = (
        window as unknown as {
          __kolmap: { sigma: { getNodeAtPosition: (p: { x: number; y: number }) => string | null } };
        }
      ).__kolmap.sigma;
      for (let y = height * 0.2; y < height * 0.8; y += 17)
        for (let x = width * 0.3; x < width * 0.7; x += 23)
          if (sigma.getNodeAtPosition({ x, y }) === null) return { x, y };
      return null;
    }, box);
    expect(blank).not.toBeNull();
    await page.mouse.move(box.x + blank!.x, box.y + blank!.y);
    await expect
      .poll(async () => (await layers(page)).hidden, { timeout: 10_000 })
      .toEqual(['edgeLabels', 'hoverNodes']);
    const cleared = await clears();
    expect(cleared).toBeGreaterThan(0);
    await refresh();
    expect(await clears()).toBe(cleared);

    // An empty graph (as before the first result): its node and link canvases are hidden, then shown
    // again with the graph.
    const emptied = await page.evaluate(() => {
      type G = { order: number; constructor: new (o: object) => G };
      const sigma = (
        window as unknown as { __kolmap: { sigma: { getGraph: () => G; setGraph: (g: G) => void } } }
      ).__kolmap.sigma;
      const graph = sigma.getGraph();
      (window as unknown as { __graph: G }).__graph = graph;
      sigma.setGraph(new graph.constructor({ type: 'undirected' }));
      return sigma.getGraph().order;
    });
    expect(emptied).toBe(0);
    expect((await layers(page)).hidden).toEqual(['edgeLabels', 'edges', 'hoverNodes', 'nodes']);
    // The first frame with people again is drawn with those canvases still hidden; they are shown once
    // the GPU has drawn it (motion.ts, Reveal), so the compositor's readback does not wait for it.
    await page.evaluate(() => {
      const w = window as unknown as {
        __graph: unknown;
        __firstFrame?: string[];
        __kolmap: {
          sigma: {
            setGraph: (g: unknown) => void;
            once: (e: string, f: () => void) => void;
            getCanvases: () => Record<string, HTMLCanvasElement>;
          };
        };
      };
      const sigma = w.__kolmap.sigma;
      sigma.once('afterRender', () => {
        w.__firstFrame = Object.entries(sigma.getCanvases())
          .filter(([, c]) => c.style.visibility === 'hidden')
          .map(([id]) => id)
          .sort();
      });
      sigma.setGraph(w.__graph);
    });
    const firstFrame = () =>
      page.evaluate(() => (window as unknown as { __firstFrame?: string[] }).__firstFrame);
    await expect.poll(firstFrame, { timeout: 10_000 }).toBeDefined();
    expect(await firstFrame()).toEqual(['edgeLabels', 'edges', 'hoverNodes', 'nodes']);
    await expect
      .poll(async () => (await layers(page)).hidden, { timeout: 10_000 })
      .toEqual(['edgeLabels', 'hoverNodes']);
    const back = await layers(page);
    expect(back.drawn).toBeGreaterThan(5000);
    // Shown with what was drawn while hidden: the discs and links are there (the label layer is
    // hidden for this screenshot, so the ink is theirs).
    const labelLayer = (visibility: string) =>
      page.evaluate((v) => {
        const sigma = (
          window as unknown as {
            __kolmap: { sigma: { getCanvases: () => Record<string, HTMLCanvasElement> } };
          }
        ).__kolmap.sigma;
        sigma.getCanvases().labels!.style.visibility = v;
      }, visibility);
    await labelLayer('hidden');
    const png = await page.screenshot({ clip: box });
    await labelLayer('');
    expect((await decodePng(page, png)).ink).toBeGreaterThan(0.01);
    await page.screenshot({ path: shot('map-motion-revealed') });
  });

  it('picks people again once the camera has stopped: a click opens their panel', async () => {
    const box = (await page.getByTestId('map').boundingBox())!;
    const top = await centralPerson(page, box);
    expect(top).not.toBeNull();
    const pos = top!.pos;
    await page.mouse.move(box.x + pos.x, box.y + pos.y);
    await page.mouse.click(box.x + pos.x, box.y + pos.y);
    await expect
      .poll(() => page.getByTestId('person-name').first().textContent(), { timeout: 10_000 })
      .toContain(top!.name);
  });

  it('draws the picking pass only when a lookup needs it, once per frame', async () => {
    // Counts the draws of the nodes context into a framebuffer of its own (the picking pass; the
    // visible pass draws to the canvas, framebuffer null) and the people sigma reports hovered.
    await page.evaluate(() => {
      const w = window as unknown as {
        __pickDraws: number;
        __entered: string[];
        __kolmap: {
          sigma: {
            webGLContexts: { nodes: WebGL2RenderingContext };
            on: (e: string, f: (p: { node: string }) => void) => void;
          };
        };
      };
      const sigma = w.__kolmap.sigma;
      const gl = sigma.webGLContexts.nodes;
      w.__pickDraws = 0;
      w.__entered = [];
      let target: WebGLFramebuffer | null = null;
      const bind = gl.bindFramebuffer.bind(gl);
      gl.bindFramebuffer = (kind: GLenum, fb: WebGLFramebuffer | null) => {
        target = fb;
        bind(kind, fb);
      };
      for (const name of ['drawArrays', 'drawArraysInstanced'] as const) {
        const draw = (gl[name] as (...a: unknown[]) => void).bind(gl);
        (gl as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
          if (target !== null) w.__pickDraws++;
          draw(...a);
        };
      }
      sigma.on('enterNode', ({ node }) => w.__entered.push(node));
    });
    const counts = () =>
      page.evaluate(() => {
        const w = window as unknown as { __pickDraws: number; __entered: string[] };
        return { pick: w.__pickDraws, entered: [...w.__entered] };
      });
    // Frames drawn at rest draw no picking pass.
    await page.evaluate(() => {
      const sigma = (window as unknown as { __kolmap: { sigma: { refresh: () => void } } }).__kolmap.sigma;
      for (let i = 0; i < 3; i++) sigma.refresh();
    });
    expect((await counts()).pick).toBe(0);

    // Hovering a person looks them up: the pass is drawn then, and finds them.
    const box = (await page.getByTestId('map').boundingBox())!;
    const target = await centralPerson(page, box);
    expect(target).not.toBeNull();
    await page.mouse.move(box.x + target!.pos.x - 40, box.y + target!.pos.y - 40);
    await page.mouse.move(box.x + target!.pos.x, box.y + target!.pos.y);
    await expect
      .poll(async () => (await counts()).entered, { timeout: 10_000 })
      .toContain(String(target!.id));
    const hovered = await counts();
    expect(hovered.pick).toBeGreaterThan(0);

    // Looking up again without a new frame reuses the pass.
    const again = await page.evaluate(({ x, y }) => {
      const w = window as unknown as {
        __pickDraws: number;
        __kolmap: { sigma: { getNodeAtPosition: (p: { x: number; y: number }) => string | null } };
      };
      const before = w.__pickDraws;
      const first = w.__kolmap.sigma.getNodeAtPosition({ x, y });
      const mid = w.__pickDraws;
      const second = w.__kolmap.sigma.getNodeAtPosition({ x, y });
      return { first, second, drawnByFirst: mid - before, drawnBySecond: w.__pickDraws - mid };
    }, target!.pos);
    expect(again.first).toBe(String(target!.id));
    expect(again.second).toBe(String(target!.id));
    expect(again.drawnBySecond).toBe(0);
    await page.mouse.move(box.x + 5, box.y + box.height - 5);
  });
});
