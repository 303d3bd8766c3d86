// Label placement without overlaps. Sigma's label grid picks candidates per screen cell (density tied
// to zoom through labelDensity / labelGridCellSize / labelRenderedSizeThreshold) and calls the label
// drawer for each; here the drawer only collects them, and after the frame they are drawn best first
// (selected and forced labels, then by score) skipping any that would overlap one already placed.
// The labels actually drawn are kept, so the SVG export writes exactly the labels on screen.
import type { Settings } from 'sigma/settings';
import type { NodeDisplayData, PartialButFor } from 'sigma/types';
import type { EdgeAttrs, MapSigma, NodeAttrs } from './build';

export type LabelData = PartialButFor<NodeDisplayData, 'x' | 'y' | 'size' | 'label' | 'color'> & {
  key?: string;
  score?: number;
};

export interface PlacedLabel {
  key: string;
  text: string;
  x: number;
  y: number;
  /** Disc centre and radius on screen (the label sits to its right). */
  cx: number;
  cy: number;
  font: string;
  /** Text box on screen, for overlap checks. */
  width: number;
  height: number;
}

export interface LabelColors {
  label: string;
  halo: string;
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const GAP = 2;

export class LabelPlacer {
  private pending: LabelData[] = [];
  private placed: PlacedLabel[] = [];

  constructor(private colors: () => LabelColors) {}

  /** Use as sigma's defaultDrawNodeLabel: collects instead of drawing. */
  readonly collect = (
    _context: CanvasRenderingContext2D,
    data: LabelData,
    _settings: Settings<NodeAttrs, EdgeAttrs>,
  ): void => {
    if (data.label) this.pending.push(data);
  };

  /** The labels drawn in the last frame (viewport coordinates). */
  lastPlaced(): readonly PlacedLabel[] {
    return this.placed;
  }

  /** Wires the placer to a sigma instance; returns the unsubscribe function. */
  attach(sigma: MapSigma): () => void {
    const before = () => {
      this.pending = [];
    };
    const after = () => this.flush(sigma);
    sigma.on('beforeRender', before);
    sigma.on('afterRender', after);
    return () => {
      sigma.off('beforeRender', before);
      sigma.off('afterRender', after);
    };
  }

  private flush(sigma: MapSigma): void {
    const pending = this.pending;
    this.pending = [];
    // Labels hidden while moving: the frame drew none, keep the last list for nothing.
    if (pending.length === 0) {
      this.placed = [];
      return;
    }
    const context = sigma.getCanvases().labels?.getContext('2d');
    if (!context) return;
    const settings = sigma.getSettings();
    const size = settings.labelSize;
    const font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    context.font = font;
    const colors = this.colors();
    // Forced labels (selected, neighbours of the focus, the very top) first, then by score.
    pending.sort(
      (a, b) =>
        Number(b.forceLabel ?? false) - Number(a.forceLabel ?? false) ||
        (b.zIndex ?? 0) - (a.zIndex ?? 0) ||
        (b.score ?? 0) - (a.score ?? 0),
    );
    const taken: Rect[] = [];
    const placed: PlacedLabel[] = [];
    for (const d of pending) {
      const text = d.label ?? '';
      const x = d.x + d.size + 3;
      const y = d.y + size / 3;
      const width = context.measureText(text).width;
      const rect = { x0: x - GAP, y0: d.y - size / 2 - GAP, x1: x + width + GAP, y1: d.y + size / 2 + GAP };
      if (taken.some((r) => r.x0 < rect.x1 && rect.x0 < r.x1 && r.y0 < rect.y1 && rect.y0 < r.y1)) continue;
      taken.push(rect);
      placed.push({ key: d.key ?? '', text, x, y, cx: d.x, cy: d.y, font, width, height: size });
    }
    // A halo keeps labels readable over edges and other discs.
    context.lineWidth = 3;
    context.lineJoin = 'round';
    context.strokeStyle = colors.halo;
    context.fillStyle = colors.label;
    for (const p of placed) {
      context.strokeText(p.text, p.x, p.y);
      context.fillText(p.text, p.x, p.y);
    }
    this.placed = placed;
  }
}
