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
import { drawPicking, Reveal } from './motion';

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
  const reveal = new Reveal(
    contexts,
    () => {
      container.style.visibility = before;
    },
    MAX_HIDDEN_MS,
  );
  reveal.hold();
  sigma.setGraph(
    warmGraph(Object.keys(internals.nodePrograms ?? {}), Object.keys(internals.edgePrograms ?? {})),
  );
  drawPicking(sigma);
  sigma.setGraph(empty);
  // The frame is queued: its fences go in behind it, and the container is shown once they signal.
  reveal.drawn();
  return () => reveal.finish();
}
