// The map's first frame without a stall (issue 5: the UI thread never blocks over 100 ms while an
// analysis runs). The first time a WebGL program draws, the GPU side builds its pipeline; with software
// WebGL (SwiftShader, a machine without a GPU) that took 0.3–0.5 s of CPU for the map's programs. The
// compositor then reads the canvas back on the UI thread and waits for it: with a cached analysis that
// was the frame drawing the head's map while the rest of the result was still arriving.
// So, once sigma exists and before any data: one frame of a tiny graph using every node and link
// program (and the picking pass) is drawn while the map's container is `visibility: hidden` (nothing to
// composite, so nothing read back), and the container is shown again once a fence says the GPU has
// finished. Same programs, same contexts, same framebuffer formats as the real frames, whose draws then
// find their pipelines built.
import Graph from 'graphology';
import type { EdgeAttrs, MapGraph, MapSigma, NodeAttrs } from './build';
import { drawPicking } from './motion';

/** How long the container may stay hidden if the GPU never reports the fence (then it is shown anyway). */
const MAX_HIDDEN_MS = 4000;

function warmGraph(nodeTypes: string[], edgeTypes: string[]): MapGraph {
  const g: MapGraph = new Graph<NodeAttrs, EdgeAttrs>({ type: 'undirected', multi: false });
  const node = (key: string, x: number, type: string, highlighted = false) =>
    g.addNode(key, {
      x,
      y: x % 3,
      size: 4,
      color: '#cccccc',
      label: '',
      forceLabel: false,
      zIndex: 0,
      personId: -1,
      rank: 0,
      score: 0,
      community: -1,
      type,
      highlighted,
    } as NodeAttrs);
  let at = 0;
  for (const type of nodeTypes) {
    // Highlighted: drawn again on the hover layer (a hovered or selected person), by its own programs.
    node(`n${at}`, at, type, true);
    at++;
  }
  for (const type of edgeTypes) {
    const a = `e${at++}`;
    const b = `e${at++}`;
    node(a, at, nodeTypes[0] ?? 'circle');
    node(b, at + 1, nodeTypes[0] ?? 'circle');
    g.addEdge(a, b, { weight: 1, size: 1, color: '#cccccc', type } as EdgeAttrs);
  }
  return g;
}

interface WarmInternals {
  nodePrograms?: Record<string, unknown>;
  edgePrograms?: Record<string, unknown>;
  webGLContexts?: Record<string, WebGLRenderingContext>;
}

/**
 * Draws the warm-up frame on `sigma` (whose graph must be empty) and hides its container until the
 * GPU has drawn it. Returns a function that cancels the wait and shows the container at once.
 */
export function warmUpPrograms(sigma: MapSigma): () => void {
  const internals = sigma as unknown as WarmInternals;
  const contexts = Object.values(internals.webGLContexts ?? {});
  const empty = sigma.getGraph();
  if (empty.order > 0 || contexts.length === 0) return () => {};
  const container = sigma.getContainer();
  const before = container.style.visibility;
  container.style.visibility = 'hidden';
  sigma.setGraph(
    warmGraph(Object.keys(internals.nodePrograms ?? {}), Object.keys(internals.edgePrograms ?? {})),
  );
  drawPicking(sigma);
  sigma.setGraph(empty);

  const fences: { gl: WebGL2RenderingContext; sync: WebGLSync }[] = [];
  for (const gl of contexts) {
    if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) continue;
    const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (sync) fences.push({ gl, sync });
    gl.flush();
  }
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const show = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const { gl, sync } of fences.splice(0)) gl.deleteSync(sync);
    container.style.visibility = before;
  };
  const poll = () => {
    timer = null;
    // getSyncParameter does not wait: Chromium updates a fence's status between tasks.
    const pending = fences.some(({ gl, sync }) => gl.getSyncParameter(sync, gl.SYNC_STATUS) !== gl.SIGNALED);
    if (pending && performance.now() - started < MAX_HIDDEN_MS) timer = setTimeout(poll, 16);
    else show();
  };
  timer = setTimeout(poll, 16);
  return show;
}
