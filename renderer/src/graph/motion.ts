// What a frame costs while the camera moves (issue 6: ≥ 30 fps at 20k people with software WebGL).
// First profiled in headless Chromium with SwiftShader as the compositor's GPU (tests/bench/render.ts;
// the bench now composites in software, as Chromium does without a GPU): the page's main thread is
// mostly idle while the map is dragged; the GPU process spent 110–150 ms of CPU a frame, most of it
// compositing sigma's seven stacked full-size layers (each one blended over the whole map every frame,
// even when it is empty) and re-blurring the legend's backdrop over the changed map. Drawing 20k
// points is a small part. So while sigma is in its moving state (a camera animation, a drag or a wheel
// zoom: the test its own render() uses for hideEdgesOnMove / hideLabelsOnMove):
// - layers that draw nothing in that state (links when hidden on move; labels, hover boxes and
//   hovered discs when labels are hidden on move; edge labels, which the map never draws) are
//   `visibility: hidden`, so the compositor skips them, and they are not cleared again once empty
//   (a cleared canvas is a new frame to upload and blend even when it was already blank);
// - the container carries `data-moving` (the stylesheet drops the legend's backdrop blur meanwhile);
// - lookups keep the hovered node: the hovered node cannot be picked reliably under a moving camera
//   anyway, and each lookup reads pixels back, which waits for every queued draw. The first frame after
//   the motion (sigma draws one to bring links and labels back, and a fallback below makes sure of it)
//   is drawn at rest.
// At rest too, a WebGL canvas with nothing to show is hidden and not cleared again (an empty graph's
// node and link canvases, the hovered discs' canvas with nobody hovered or highlighted): each WebGL
// canvas drawn in a frame is read back by the compositor on the UI thread, which waits for the GPU.
// The picking pass (every node drawn a second time into the picking framebuffer, whose texture sigma
// reallocates each frame) is drawn only when a lookup needs it, at rest or not: sigma draws it with
// every frame, and with software WebGL it was 50–130 ms of each full frame at 5,000 people, paid in the
// compositor's readback of the map on the UI thread. A lookup (hover, click) draws it from the last
// frame's programs and parameters before reading its pixel, once per frame. At rest every frame is
// otherwise drawn as sigma draws it.
import type { RenderParams } from 'sigma/types';
import type { MapSigma } from './build';

/** Sigma's own test for "moving" (sigma 3, Sigma.render: camera animation, mouse drag or wheel zoom). */
export function isMoving(sigma: MapSigma): boolean {
  const mouse = sigma.getMouseCaptor();
  return (
    sigma.getCamera().isAnimated() ||
    mouse.isMoving ||
    mouse.draggedEvents > 0 ||
    mouse.currentWheelDirection !== 0
  );
}

type PickablePass = {
  pickProgram: unknown;
  renderer: MapSigma;
  normalProgram: { gl: WebGLRenderingContext };
};
// Sigma 3's program internals used to draw the picking pass alone (AbstractProgram.render's first half).
interface ProgramInternals {
  pickProgram: { gl: WebGLRenderingContext } | null;
  bindProgram(info: unknown): void;
  renderProgram(params: RenderParams, info: unknown): void;
  unbindProgram(info: unknown): void;
  hasNothingToRender?(): boolean;
}

type PickPass = { program: ProgramInternals; params: RenderParams };
interface PendingPicks {
  /** The picking passes of the last frame drawn at rest. */
  passes: PickPass[];
  /** Whether they were drawn since that frame. */
  drawn: boolean;
  /** Draws them (once a frame) into a fresh picking texture. */
  draw: () => void;
}
/** Per sigma: the picking passes of the last frame, drawn on the first lookup that needs them. */
const pendingPicks = new WeakMap<MapSigma, PendingPicks>();

/**
 * Draws the last frame's picking passes now, without reading them back (so nothing waits for the
 * GPU): for a warm-up frame whose programs should all have been drawn once. A no-op without tuneMotion.
 */
export function drawPicking(sigma: MapSigma): void {
  pendingPicks.get(sigma)?.draw();
}

/**
 * Runs a node program's render (draw: its super.render) the way the map wants it (see the top of this
 * file): without its picking pass, which is kept for the first lookup after this frame (tuneMotion
 * installs the lookup that draws it; without tuneMotion it is drawn with the frame, as sigma does), and
 * at the resolution of the nodes canvas, which tuneMotion lowers while a large map moves. Hover
 * programs, built without a picking buffer and drawing on their own canvas, draw as they are.
 */
export function drawNodes(
  program: PickablePass,
  params: RenderParams,
  draw: (params: RenderParams) => void,
): void {
  // The canvas's drawing buffer against the size sigma gave it: < 1 while a large map moves.
  const full = params.width * params.pixelRatio;
  const scale = full > 0 ? program.normalProgram.gl.drawingBufferWidth / full : 1;
  const scaled = scale > 0 && scale < 1 ? { ...params, pixelRatio: params.pixelRatio * scale } : params;
  const pending = pendingPicks.get(program.renderer);
  if (!program.pickProgram || !pending) {
    draw(scaled);
    return;
  }
  // No picking pass while moving (lookups keep the hovered node); at rest, one kept for later.
  if (!isMoving(program.renderer))
    pending.passes.push({ program: program as unknown as ProgramInternals, params: scaled });
  const pick = program.pickProgram;
  program.pickProgram = null;
  try {
    draw(scaled);
  } finally {
    program.pickProgram = pick;
  }
}

/** Draws a kept picking pass: what AbstractProgram.render draws before the visible pass. */
function drawPick({ program, params }: PickPass): void {
  const pick = program.pickProgram;
  if (!pick || program.hasNothingToRender?.()) return;
  const ratio = params.pixelRatio / params.downSizingRatio;
  pick.gl.viewport(0, 0, params.width * ratio, params.height * ratio);
  program.bindProgram(pick);
  program.renderProgram({ ...params, pixelRatio: ratio }, pick);
  program.unbindProgram(pick);
}

// Sigma 3's internals used here (the picking lookup, the per-frame texture reset, the layer clear).
interface SigmaInternals {
  getNodeAtPosition?: (position: { x: number; y: number }) => string | null;
  resetWebGLTexture?: (id: string) => unknown;
  clear?: () => unknown;
  renderHighlightedNodes?: () => unknown;
  hoveredNode?: string | null;
  highlightedNodes?: Set<string>;
  webGLContexts?: Record<string, WebGLRenderingContext>;
  canvasContexts?: Record<string, CanvasRenderingContext2D>;
  width?: number;
  height?: number;
}

/**
 * The nodes canvas's resolution while a large map moves (a share of its size on each axis): a quarter
 * of the pixels to clear, rasterise and composite each frame. Discs are a little softer while the
 * camera moves; the frame drawn at rest is full size.
 */
export const MOVING_RESOLUTION = 0.5;
/** Up to this many people a large map moves at MOVING_RESOLUTION; above, the resolution drops. */
export const MOVING_FULL_UP_TO = 10_000;
/** The lowest resolution a moving map drops to. */
export const MIN_MOVING_RESOLUTION = 0.3;

/**
 * The nodes canvas's resolution while a map of `order` people moves: 1 up to `large` people (the
 * small-map programs), MOVING_RESOLUTION up to MOVING_FULL_UP_TO, then lower with the square root of
 * the count, so that the pixels drawn per frame stay about the same as at MOVING_FULL_UP_TO, down to
 * MIN_MOVING_RESOLUTION (0.35 at 20k people, 0.3 from about 28k). Measured in headless Chromium with
 * software WebGL at 20k people: about 10 % more frames drawn while dragging and zooming than at 0.5.
 */
export function movingResolution(order: number, large: number): number {
  if (order <= large) return 1;
  if (order <= MOVING_FULL_UP_TO) return MOVING_RESOLUTION;
  return Math.max(MIN_MOVING_RESOLUTION, MOVING_RESOLUTION * Math.sqrt(MOVING_FULL_UP_TO / order));
}

const WEBGL_LAYERS = ['edges', 'hoverNodes'] as const;
const CANVAS_LAYERS = ['labels', 'hovers', 'edgeLabels'] as const;
type Layer = 'nodes' | (typeof WEBGL_LAYERS)[number] | (typeof CANVAS_LAYERS)[number];
const LABEL_LAYERS: readonly Layer[] = ['labels', 'hovers', 'hoverNodes'];
/** The layers sigma's renderHighlightedNodes draws: hovered and highlighted people. */
const HOVER_LAYERS: readonly Layer[] = ['hovers', 'hoverNodes'];

/** How long a first frame's canvases may stay hidden if the GPU never reports its fence. */
export const REVEAL_MAX_MS = 2000;

/**
 * Holds WebGL canvases hidden from a frame's draw until the GPU has finished it: hold() before the
 * frame, drawn() after it (a fence per context, polled between tasks); release(): shows them, once
 * every fence has signalled or after maxMs. Without WebGL 2 (no fences) they are shown after the frame.
 */
export class Reveal {
  holding = false;
  private fences: { gl: WebGL2RenderingContext; sync: WebGLSync }[] = [];
  private fenced = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = 0;

  constructor(
    private readonly contexts: WebGLRenderingContext[],
    private readonly release: () => void,
    private readonly maxMs = REVEAL_MAX_MS,
  ) {}

  hold(): void {
    if (this.holding) return;
    this.holding = true;
    this.fenced = false;
  }

  /** After a frame: the first frame held gets its fences. */
  drawn(): void {
    if (!this.holding || this.fenced) return;
    this.fenced = true;
    for (const gl of this.contexts) {
      if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) continue;
      const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
      if (sync) this.fences.push({ gl, sync });
      gl.flush();
    }
    if (this.fences.length === 0) {
      this.done();
      return;
    }
    this.started = performance.now();
    this.timer = setTimeout(this.poll, 16);
  }

  private readonly poll = (): void => {
    this.timer = null;
    // getSyncParameter does not wait: Chromium updates a fence's status between tasks.
    const pending = this.fences.some(
      ({ gl, sync }) => gl.getSyncParameter(sync, gl.SYNC_STATUS) !== gl.SIGNALED,
    );
    if (pending && performance.now() - this.started < this.maxMs) this.timer = setTimeout(this.poll, 16);
    else this.done();
  };

  private done(): void {
    this.cancel();
    this.holding = false;
    this.release();
  }

  /** Stops waiting and releases now (nothing when not holding). */
  finish(): void {
    if (this.holding) this.done();
  }

  /** Stops waiting (the canvases stay as they are). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const { gl, sync } of this.fences.splice(0)) gl.deleteSync(sync);
  }
}

/**
 * Installs the moving-state economies on a sigma instance (see the top of this file). hovered: the
 * node the map last reported as hovered (kept by picking lookups while moving or while the mouse is
 * down over a dragged stage); resolution: the nodes canvas's resolution while the camera moves (1 for a
 * small map, see movingResolution). Returns the uninstall function.
 */
export function tuneMotion(
  sigma: MapSigma,
  hovered: () => string | null,
  options: { resolution: () => number },
): () => void {
  const internals = sigma as unknown as SigmaInternals;
  const container = sigma.getContainer();
  const canvases = sigma.getCanvases() as Record<string, HTMLCanvasElement | undefined>;
  const captor = sigma.getMouseCaptor();

  // Picking lookups: none while the stage is dragged or the camera moves (the readback waits for the
  // GPU: 50–800 ms a lookup with software WebGL); the hovered node keeps its last answer.
  // Nor for the wheel, button-down and button-up events sigma reports as wheelNode / downNode /
  // upNode or …Stage: the map uses none of them (clicks and hovering still look up).
  let unpicked = false;
  const skip = () => {
    unpicked = true;
  };
  const unskip = () => {
    unpicked = false;
  };
  const UNPICKED = ['wheel', 'mousedown', 'mouseup'] as const;
  for (const type of UNPICKED) {
    captor.prependListener(type, skip);
    captor.on(type, unskip);
  }
  // (Had a handler in between thrown, hovering and clicks look up again all the same.)
  captor.prependListener('mousemove', unskip);
  captor.prependListener('click', unskip);
  // A drag ends with a DOM click. Sigma's mouse captor emits no click for it but counts it toward a
  // double click, and forgets it only when a 300 ms timer fires; while the UI thread is busy drawing
  // after the drag (software compositing reads each frame back), that timer fires late and the user's
  // next click on a person is taken as a double click (a zoom) instead of opening their profile. So
  // the click that ends a drag does not reach sigma.
  const endsDrag = (event: MouseEvent) => {
    if (captor.draggedEvents >= sigma.getSetting('draggedEventsTolerance')) event.stopImmediatePropagation();
  };
  container.addEventListener('click', endsDrag, true);
  const uninstall: (() => void)[] = [];
  // The picking pass is drawn by the first lookup after a frame (see drawNodes), into a texture
  // allocated then: sigma reallocates it at the start of every frame, which is all it does to empty it.
  const pick = internals.getNodeAtPosition?.bind(sigma);
  const reset = internals.resetWebGLTexture?.bind(sigma);
  if (pick && reset) {
    const passes: PickPass[] = [];
    const layers = new Set<string>();
    const pending: PendingPicks = {
      passes,
      drawn: false,
      draw: () => {
        if (pending.drawn) return;
        pending.drawn = true;
        for (const id of layers) reset(id);
        for (const pass of passes) drawPick(pass);
      },
    };
    pendingPicks.set(sigma, pending);
    internals.resetWebGLTexture = (id) => {
      layers.add(id);
      passes.length = 0;
      pending.drawn = false;
      return sigma;
    };
    internals.getNodeAtPosition = (position) => {
      if (unpicked || captor.isMouseDown || isMoving(sigma)) return hovered();
      pending.draw();
      return pick(position);
    };
    uninstall.push(() => {
      pendingPicks.delete(sigma);
      internals.resetWebGLTexture = reset;
      internals.getNodeAtPosition = pick;
    });
  }

  // Layers known to be blank: their clear is skipped.
  const blank = new Set<Layer>();
  const shown = new Map<string, boolean>();
  const show = (id: Layer, visible: boolean) => {
    const canvas = canvases[id];
    if (!canvas || shown.get(id) === visible) return;
    shown.set(id, visible);
    canvas.style.visibility = visible ? '' : 'hidden';
  };
  let movingFrame = false;
  let settle: ReturnType<typeof setTimeout> | null = null;
  const clear = internals.clear?.bind(sigma);
  const gl = internals.webGLContexts;
  const ctx = internals.canvasContexts;
  if (clear && gl?.nodes && ctx) {
    internals.clear = () => {
      sigma.emit('beforeClear');
      const nodes = gl.nodes!;
      nodes.bindFramebuffer(nodes.FRAMEBUFFER, null);
      nodes.clear(nodes.COLOR_BUFFER_BIT);
      for (const id of WEBGL_LAYERS) {
        const c = gl[id];
        if (!c || blank.has(id)) continue;
        c.bindFramebuffer(c.FRAMEBUFFER, null);
        c.clear(c.COLOR_BUFFER_BIT);
        blank.add(id);
      }
      for (const id of CANVAS_LAYERS) {
        const c = ctx[id];
        if (!c || blank.has(id)) continue;
        c.clearRect(0, 0, internals.width ?? c.canvas.width, internals.height ?? c.canvas.height);
        blank.add(id);
      }
      sigma.emit('afterClear');
      return sigma;
    };
  }
  // Hover and selection boxes are also drawn outside render() (sigma's scheduled hover render). Sigma
  // clears their layers on every frame, hovered person or not: the hovered discs' WebGL canvas is then
  // a new frame the compositor reads back on the UI thread (software compositing), waiting for the GPU,
  // even when it stays empty. So with nobody hovered or highlighted, a layer already blank is left as it
  // is (and hidden, so not composited at all), and a layer cleared to blank is marked so.
  const highlight = internals.renderHighlightedNodes?.bind(sigma);
  const hoverDrawn = () => !!internals.hoveredNode || (internals.highlightedNodes?.size ?? 0) > 0;
  if (highlight) {
    internals.renderHighlightedNodes = () => {
      const some = hoverDrawn();
      if (!some && HOVER_LAYERS.every((id) => blank.has(id))) {
        show('hoverNodes', false);
        return sigma;
      }
      blank.delete('hovers');
      blank.delete('hoverNodes');
      blank.delete('edgeLabels');
      const out = highlight();
      if (some) show('hoverNodes', !labelsHidden());
      else {
        for (const id of HOVER_LAYERS) blank.add(id);
        show('hoverNodes', false);
      }
      return out;
    };
  }

  // The nodes canvas's drawing buffer: full size at rest (as sigma sized it), smaller while moving.
  const nodesCanvas = canvases.nodes;
  const resolution = (scale: number) => {
    if (!nodesCanvas) return;
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = sigma.getDimensions();
    const w = Math.max(1, Math.round(width * ratio * scale));
    const h = Math.max(1, Math.round(height * ratio * scale));
    if (nodesCanvas.width !== w) nodesCanvas.width = w;
    if (nodesCanvas.height !== h) nodesCanvas.height = h;
  };

  // Whether the frame being drawn hides labels (and so the hover layers): sigma in its moving state.
  let labelsOff = false;
  const labelsHidden = () => labelsOff;
  // The first frame of people on a map that showed none (the first result, or its cached head) is
  // drawn with the node and link canvases hidden, and they are shown once a fence says the GPU has
  // drawn it (or after REVEAL_MAX_MS). Shown at once, the compositor's readback of that frame waited
  // on the UI thread for every draw queued before it: 100–190 ms with software WebGL while the
  // analysis worker still held a core. Frames drawn meanwhile are drawn hidden too.
  // The node and link canvases as a frame drawn in this state leaves them.
  const showGraph = (moving: boolean) => {
    const graph = sigma.getGraph();
    const edgesOff = moving && sigma.getSetting('hideEdgesOnMove');
    show('nodes', graph.order > 0 && !reveal.holding);
    show('edges', !edgesOff && graph.size > 0 && !reveal.holding);
  };
  const reveal = new Reveal(Object.values(gl ?? {}), () => showGraph(movingFrame));
  uninstall.push(() => reveal.cancel());
  // The node and link canvases of an empty graph (before the first result, after the warm-up frame)
  // are hidden: an empty WebGL canvas shown is still read back by the compositor on the UI thread.
  // The hovered discs' canvas is shown only while it holds something (see renderHighlightedNodes).
  const before = () => {
    const moving = isMoving(sigma);
    labelsOff = moving && sigma.getSetting('hideLabelsOnMove');
    if (sigma.getGraph().order > 0 && shown.get('nodes') !== true) reveal.hold();
    showGraph(moving);
    for (const id of LABEL_LAYERS) {
      show(id, !labelsOff && (id !== 'hoverNodes' || !highlight || !blank.has(id) || hoverDrawn()));
    }
    show('edgeLabels', sigma.getSetting('renderEdgeLabels'));
    if (moving !== movingFrame) {
      if (moving) container.dataset.moving = '';
      else delete container.dataset.moving;
    }
    // Sigma sizes its canvases only when the container's size changes: the switch is this one's.
    resolution(moving ? options.resolution() : 1);
    movingFrame = moving;
  };
  const after = () => {
    reveal.drawn();
    // What this frame drew into: no longer blank.
    const moving = movingFrame;
    if (!moving || !sigma.getSetting('hideEdgesOnMove')) blank.delete('edges');
    if (!moving || !sigma.getSetting('hideLabelsOnMove')) {
      // (The hover layers' state is kept by renderHighlightedNodes above, when it is wrapped.)
      for (const id of [...LABEL_LAYERS, 'edgeLabels' as const]) {
        if (!highlight || !HOVER_LAYERS.includes(id)) blank.delete(id);
      }
    }
    // The motion's last frame should be followed by one at rest (sigma draws it when the animation,
    // drag or wheel zoom ends); if none came, draw it, so links, labels and picking come back.
    if (settle) clearTimeout(settle);
    settle = moving
      ? setTimeout(() => {
          settle = null;
          if (movingFrame && !isMoving(sigma)) sigma.scheduleRender();
        }, 250)
      : null;
  };
  sigma.on('beforeRender', before);
  sigma.on('afterRender', after);
  return () => {
    for (const undo of uninstall) undo();
    container.removeEventListener('click', endsDrag, true);
    if (settle) clearTimeout(settle);
    for (const type of UNPICKED) {
      captor.off(type, skip);
      captor.off(type, unskip);
    }
    captor.off('mousemove', unskip);
    captor.off('click', unskip);
    sigma.off('beforeRender', before);
    sigma.off('afterRender', after);
  };
}
