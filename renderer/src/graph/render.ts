// How sigma draws the map (DESIGN §8.8: tuned through settings, not React re-renders): label and
// hover drawing with a halo for legibility, theme colours, the highlight reducers (hovered or
// selected person and their co-authors; everyone else dimmed) and camera moves.
import { EdgeLineProgram, EdgeRectangleProgram } from 'sigma/rendering';
import type { Settings } from 'sigma/settings';
import type { NodeDisplayData, PartialButFor } from 'sigma/types';
import type { EdgeAttrs, MapGraph, MapSigma, NodeAttrs } from './build';

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

type LabelData = PartialButFor<NodeDisplayData, 'x' | 'y' | 'size' | 'label' | 'color'>;

function labelDrawer(theme: MapTheme) {
  const colors = THEMES[theme];
  return (context: CanvasRenderingContext2D, data: LabelData, settings: Settings<NodeAttrs, EdgeAttrs>) => {
    if (!data.label) return;
    const size = settings.labelSize;
    context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    const x = data.x + data.size + 3;
    const y = data.y + size / 3;
    // A halo keeps labels readable over edges and other discs.
    context.lineWidth = 3;
    context.lineJoin = 'round';
    context.strokeStyle = colors.halo;
    context.strokeText(data.label, x, y);
    context.fillStyle = colors.label;
    context.fillText(data.label, x, y);
  };
}

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

export function baseSettings(theme: MapTheme): Partial<Settings<NodeAttrs, EdgeAttrs>> {
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
    stagePadding: 24,
    defaultEdgeColor: 'rgba(120,130,150,0.3)',
    // Rectangles draw edges with their width (link strength); plain 1px lines are the fallback type.
    defaultEdgeType: 'rectangle',
    edgeProgramClasses: { rectangle: EdgeRectangleProgram, line: EdgeLineProgram },
    defaultDrawNodeLabel: labelDrawer(theme),
    defaultDrawNodeHover: hoverDrawer(theme),
  };
}

/** Labels appear once a disc is drawn at least this large: the bigger discs first, more as you zoom in. */
export function labelThreshold(maxNodeSize: number): number {
  return Math.max(3, maxNodeSize * 0.62);
}

export function themeSettings(theme: MapTheme): Partial<Settings<NodeAttrs, EdgeAttrs>> {
  return { defaultDrawNodeLabel: labelDrawer(theme), defaultDrawNodeHover: hoverDrawer(theme) };
}

export interface Focus {
  hovered: string | null;
  selected: string | null;
  theme: MapTheme;
}

/** Reducers that highlight the focused person's neighbourhood; they read focus lazily, so a focus change costs one refresh. */
export function highlightReducers(graph: () => MapGraph, focus: () => Focus) {
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
  const centre = () => {
    const f = focus();
    const node = f.hovered ?? f.selected;
    return node && graph().hasNode(node) ? node : null;
  };

  const nodeReducer = (node: string, data: NodeAttrs): Partial<NodeDisplayData> => {
    const f = focus();
    const c = centre();
    const res: Partial<NodeDisplayData> = { ...data };
    if (node === f.selected) {
      res.highlighted = true;
      res.forceLabel = true;
      res.zIndex = 1e9;
    }
    if (!c) return res;
    if (node === c) {
      res.highlighted = true;
      res.forceLabel = true;
      res.zIndex = 1e9;
    } else if (neighbourhood(c).has(node)) {
      res.zIndex = 1e8 + (data.zIndex ?? 0);
      // Name the co-authors of a small neighbourhood; a big one would be a wall of text.
      if (neighbourhood(c).size <= 25) res.forceLabel = true;
    } else {
      res.color = THEMES[f.theme].dim;
      res.label = '';
      res.forceLabel = false;
      res.zIndex = 0;
    }
    return res;
  };

  const edgeReducer = (edge: string, data: EdgeAttrs): Partial<import('sigma/types').EdgeDisplayData> => {
    const c = centre();
    if (!c) return data;
    const g = graph();
    if (g.hasExtremity(edge, c)) return { ...data, color: 'rgba(90, 100, 120, 0.75)', zIndex: 1 };
    return { ...data, hidden: true };
  };

  return { nodeReducer, edgeReducer };
}

/** Flies the camera to a node and zooms in a little (never out). */
export function focusCamera(sigma: MapSigma, node: string, duration = 600): void {
  const data = sigma.getNodeDisplayData(node);
  if (!data) return;
  const camera = sigma.getCamera();
  const ratio = Math.min(camera.getState().ratio, 0.45);
  void camera.animate({ x: data.x, y: data.y, ratio }, { duration, easing: 'quadraticInOut' });
}
