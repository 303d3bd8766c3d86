// How sigma draws the map (DESIGN §8.8: tuned through settings, not React re-renders): label and
// hover drawing with a halo for legibility, theme colours, the highlight reducers (hovered or
// selected person and their co-authors; everyone else dimmed) and camera moves.
import { EdgeLineProgram, EdgeRectangleProgram, NodeCircleProgram, NodePointProgram } from 'sigma/rendering';
import type { Settings } from 'sigma/settings';
import type { EdgeDisplayData, NodeDisplayData, RenderParams } from 'sigma/types';
import type { EdgeAttrs, MapGraph, MapSigma, NodeAttrs } from './build';
import type { Encoding } from './encode';
import type { LabelColors, LabelData } from './labels';
import { constantsOf, flattened, spreadVertices } from './flatten';
import { drawNodes } from './motion';

export type MapTheme = 'light' | 'dark';

export const LABEL_FONT = '"Inter Variable", Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

const THEMES = {
  light: {
    label: '#1f2937',
    halo: 'rgba(255,255,255,0.9)',
    box: '#ffffff',
    dim: '#e3e6eb',
    dimEdge: '#eef0f3',
  },
  dark: { label: '#e5e7eb', halo: 'rgba(26,27,30,0.9)', box: '#2c2e33', dim: '#33363c', dimEdge: '#2a2c31' },
} as const;

function hoverDrawer(theme: MapTheme) {
  const colors = THEMES[theme];
  return (context: CanvasRenderingContext2D, data: LabelData, settings: Settings<NodeAttrs, EdgeAttrs>) => {
    const size = settings.labelSize + 1;
    context.font = `600 ${size}px ${settings.labelFont}`;
    const label = data.label ?? '';
    const padX = 6;
    const height = size + 10;
    const width = context.measureText(label).width + padX * 2;
    const x = data.x + data.size + 4;
    const y = data.y - height / 2;
    context.save();
    context.shadowColor = 'rgba(0,0,0,0.22)';
    context.shadowBlur = 10;
    context.fillStyle = colors.box;
    context.beginPath();
    context.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
    context.fill();
    if (label) {
      context.beginPath();
      context.roundRect(x, y, width, height, 5);
      context.fill();
    }
    context.restore();
    if (label) {
      context.fillStyle = colors.label;
      context.fillText(label, x + padX, data.y + size / 3);
    }
  };
}

export function labelColors(theme: MapTheme): LabelColors {
  return { label: THEMES[theme].label, halo: THEMES[theme].halo };
}

/** The map's background per theme (the exports paint it under the layers). */
export const CANVAS_COLORS: Record<MapTheme, string> = { light: '#fbfcfd', dark: '#1f2023' };

export function baseSettings(
  theme: MapTheme,
  drawLabel: NonNullable<Settings<NodeAttrs, EdgeAttrs>['defaultDrawNodeLabel']>,
): Partial<Settings<NodeAttrs, EdgeAttrs>> {
  return {
    hideEdgesOnMove: true,
    hideLabelsOnMove: true,
    renderEdgeLabels: false,
    labelFont: LABEL_FONT,
    labelSize: 12,
    labelWeight: '500',
    labelDensity: 0.7,
    labelGridCellSize: 110,
    labelRenderedSizeThreshold: 7,
    zIndex: true,
    minCameraRatio: 0.04,
    maxCameraRatio: 4,
    // Room for the toolbar overlay at the top of the map.
    stagePadding: 40,
    defaultEdgeColor: 'rgba(120,130,150,0.3)',
    // Rectangles draw edges with their width (link strength); plain 1px lines are the fallback type.
    defaultEdgeType: 'rectangle',
    edgeProgramClasses: { rectangle: RectangleProgram, line: EdgeLineProgram },
    nodeProgramClasses: NODE_PROGRAMS,
    defaultNodeType: 'circle',
    defaultDrawNodeLabel: drawLabel,
    defaultDrawNodeHover: hoverDrawer(theme),
  };
}

/**
 * Above this many people drawn the map switches to cheaper WebGL programs: links as 1px lines instead
 * of rectangles of their strength's width, discs as points instead of quads. Measured in headless
 * Chromium (SwiftShader) at 10k people and 20k links: rectangle links cost ~260 ms a frame, lines ~15 ms.
 */
export const LARGE_GRAPH = 5000;
// Discs and points whose picking pass (a second draw of every node, for hover and click lookups) is
// drawn only when a lookup needs it, drawn at the nodes canvas's resolution (lowered while a large map
// moves; motion.ts).
//
// Discs and wide links are drawn without instancing (each disc's three vertices and each link's six
// written out in the buffer, with what sigma keeps as per-instance constants copied into every vertex):
// software WebGL (SwiftShader, a machine without a GPU) runs an instanced draw as one small draw per
// instance, about 10 µs each whatever its size on screen. At rest a frame of 5,000 instanced discs took
// ~55 ms and 9,400 instanced rectangles ~100 ms, against ~8 ms for 9,400 1px lines drawn in one go.
// Same shaders, same pixels; a GPU does not care either way.

// Sigma types each program's definition as its own literal shape; the flattened one lacks the
// instancing fields on purpose (sigma tests `'CONSTANT_ATTRIBUTES' in definition`), hence the casts.
type CircleDefinition = ReturnType<NodeCircleProgram['getDefinition']>;
type RectangleDefinition = ReturnType<EdgeRectangleProgram['getDefinition']>;

class CircleProgram extends NodeCircleProgram<NodeAttrs, EdgeAttrs> {
  private constants: number[][] | null = null;
  override getDefinition(): CircleDefinition {
    return flattened(super.getDefinition()) as CircleDefinition;
  }
  override processVisibleItem(nodeIndex: number, startIndex: number, data: NodeDisplayData): void {
    super.processVisibleItem(nodeIndex, startIndex, data);
    this.constants ??= constantsOf(super.getDefinition());
    spreadVertices(this, this.constants, startIndex);
  }
  override render(params: RenderParams): void {
    drawNodes(this, params, (p) => super.render(p));
  }
}

class RectangleProgram extends EdgeRectangleProgram<NodeAttrs, EdgeAttrs> {
  private constants: number[][] | null = null;
  override getDefinition(): RectangleDefinition {
    return flattened(super.getDefinition()) as RectangleDefinition;
  }
  override processVisibleItem(
    edgeIndex: number,
    startIndex: number,
    sourceData: NodeDisplayData,
    targetData: NodeDisplayData,
    data: EdgeDisplayData,
  ): void {
    super.processVisibleItem(edgeIndex, startIndex, sourceData, targetData, data);
    this.constants ??= constantsOf(super.getDefinition());
    spreadVertices(this, this.constants, startIndex);
  }
}
class PointProgram extends NodePointProgram<NodeAttrs, EdgeAttrs> {
  override render(params: RenderParams): void {
    drawNodes(this, params, (p) => super.render(p));
  }
}
// Both node programs are registered once, when sigma is created: a graph crossing LARGE_GRAPH changes
// the default node type, not the programs (new programs mean compiling their shaders, which took
// 0.2–0.75 s of main thread with software WebGL, while an analysis result was arriving).
const NODE_PROGRAMS = { circle: CircleProgram, point: PointProgram };

/** The programs for a graph of this many people (see LARGE_GRAPH). */
export function sizeSettings(order: number): Partial<Settings<NodeAttrs, EdgeAttrs>> {
  const large = order > LARGE_GRAPH;
  return {
    defaultEdgeType: large ? 'line' : 'rectangle',
    defaultNodeType: large ? 'point' : 'circle',
  };
}

/** Labels appear once a disc is drawn at least this large: the bigger discs first, more as you zoom in. */
export function labelThreshold(maxNodeSize: number): number {
  return Math.max(3, maxNodeSize * 0.62);
}

export function themeSettings(theme: MapTheme): Partial<Settings<NodeAttrs, EdgeAttrs>> {
  return { defaultDrawNodeHover: hoverDrawer(theme) };
}

export interface Focus {
  hovered: string | null;
  selected: string | null;
  theme: MapTheme;
  /** Size and colour per node (user encodings); null before the first encoding. */
  encoding: Encoding | null;
  /** Node keys shown (filters, ego mode); null for all. */
  visible: Set<string> | null;
  /** Links weaker than this are hidden. */
  minLink: number;
  /** Colour-by is community: links inside a community keep its colour. */
  communityEdges: boolean;
  /** A focused community: its members stay, the rest is dimmed. */
  community: number | null;
}

const NEUTRAL_EDGE = 'rgba(120, 130, 150, 0.4)';

/**
 * The map's reducers (DESIGN §8.8): encodings, filters and ego mode (hidden nodes and links), a
 * focused community, and the hovered or selected person's neighbourhood (everyone else dimmed).
 * They read focus lazily, so any change costs one sigma refresh and no React render.
 */
export function mapReducers(graph: () => MapGraph, focus: () => Focus) {
  let cacheKey = '';
  let neighbours = new Set<string>();
  const neighbourhood = (node: string): Set<string> => {
    if (node !== cacheKey) {
      cacheKey = node;
      const g = graph();
      neighbours = g.hasNode(node) ? new Set(g.neighbors(node)) : new Set();
    }
    return neighbours;
  };
  const centre = (f: Focus) => {
    const node = f.hovered ?? f.selected;
    return node && graph().hasNode(node) && (!f.visible || f.visible.has(node)) ? node : null;
  };

  const nodeReducer = (node: string, data: NodeAttrs): Partial<NodeDisplayData> => {
    const f = focus();
    const res: Partial<NodeDisplayData> & { score?: number } = { ...data };
    if (f.visible && !f.visible.has(node)) {
      res.hidden = true;
      return res;
    }
    const size = f.encoding?.size.get(node);
    const color = f.encoding?.color.get(node);
    if (size !== undefined) res.size = size;
    if (color !== undefined) res.color = color;
    const dim = () => {
      res.color = THEMES[f.theme].dim;
      res.label = '';
      res.forceLabel = false;
      res.zIndex = 0;
    };
    if (node === f.selected) {
      res.highlighted = true;
      res.forceLabel = true;
      res.zIndex = 1e9;
    }
    const c = centre(f);
    if (!c) {
      if (f.community !== null && data.community !== f.community && node !== f.selected) dim();
      return res;
    }
    if (node === c) {
      res.highlighted = true;
      res.forceLabel = true;
      res.zIndex = 1e9;
    } else if (neighbourhood(c).has(node)) {
      res.zIndex = 1e8 + (data.zIndex ?? 0);
      // Name the co-authors of a small neighbourhood; a big one would be a wall of text.
      if (neighbourhood(c).size <= 25) res.forceLabel = true;
    } else if (node !== f.selected) {
      dim();
    }
    return res;
  };

  const edgeReducer = (edge: string, data: EdgeAttrs): Partial<EdgeDisplayData> => {
    const f = focus();
    const g = graph();
    if (data.weight < f.minLink) return { ...data, hidden: true };
    if (f.visible) {
      const [s, t] = g.extremities(edge);
      if (!f.visible.has(s) || !f.visible.has(t)) return { ...data, hidden: true };
    }
    const res = f.communityEdges ? { ...data } : { ...data, color: NEUTRAL_EDGE };
    const c = centre(f);
    if (c) {
      if (g.hasExtremity(edge, c)) return { ...res, color: 'rgba(90, 100, 120, 0.75)', zIndex: 1 };
      return { ...res, hidden: true };
    }
    if (f.community !== null) {
      const [s, t] = g.extremities(edge);
      if (
        g.getNodeAttribute(s, 'community') !== f.community ||
        g.getNodeAttribute(t, 'community') !== f.community
      )
        return { ...res, hidden: true };
    }
    return res;
  };

  return { nodeReducer, edgeReducer };
}

/** Fits the camera to a set of nodes (a community), with some margin. */
export function fitCamera(sigma: MapSigma, nodes: string[], duration = 600): void {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const node of nodes) {
    const d = sigma.getNodeDisplayData(node);
    if (!d) continue;
    minX = Math.min(minX, d.x);
    maxX = Math.max(maxX, d.x);
    minY = Math.min(minY, d.y);
    maxY = Math.max(maxY, d.y);
  }
  if (!Number.isFinite(minX)) return;
  // Display data lives in the framed space where the whole graph spans about 1 at ratio 1.
  const ratio = Math.min(1, Math.max(0.08, Math.max(maxX - minX, maxY - minY) * 1.25));
  void sigma
    .getCamera()
    .animate({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio }, { duration, easing: 'quadraticInOut' });
}

/** Flies the camera to a node and zooms in a little (never out). */
export function focusCamera(sigma: MapSigma, node: string, duration = 600): void {
  const data = sigma.getNodeDisplayData(node);
  if (!data) return;
  const camera = sigma.getCamera();
  const ratio = Math.min(camera.getState().ratio, 0.45);
  void camera.animate({ x: data.x, y: data.y, ratio }, { duration, easing: 'quadraticInOut' });
}
