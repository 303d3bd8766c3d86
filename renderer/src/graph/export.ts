// Exports of the map as seen: PNG (sigma's WebGL and 2D layers composed onto one canvas at the view's
// size, background and legend painted in), SVG (links, discs and the labels on screen written at their
// viewport positions, same legend), and GEXF and GraphML of the filtered graph (shared toGexf / toGraphml
// over the visible people).
import { escapeXml, toGexf, toGraphml } from '../../../shared/analytics/export';
import type { AnalysisResult, GraphEdge, RankedPerson } from '../../../shared/analytics/types';
import { edgesOf } from './edges';
import type { MapSigma } from './build';
import type { Legend } from './encode';
import type { PlacedLabel } from './labels';
import { CANVAS_COLORS, LABEL_FONT, type MapTheme } from './render';

const LEGEND_ROWS = 14;
const TEXT = { light: '#1f2937', dark: '#e5e7eb' } as const;
const MUTED = { light: '#6b7280', dark: '#9ca3af' } as const;
const PANEL = { light: 'rgba(255,255,255,0.94)', dark: 'rgba(37,38,43,0.94)' } as const;
const BORDER = { light: '#dee2e6', dark: '#424242' } as const;

interface LegendBox {
  x: number;
  y: number;
  width: number;
  height: number;
  rows: { color: string; label: string; count: string }[];
}

/** Where the legend goes in an export: bottom-left, as on screen. */
function legendBox(legend: Legend, height: number): LegendBox {
  const rows = legend.items
    .slice(0, LEGEND_ROWS)
    .map((i) => ({ color: i.color, label: i.label, count: String(i.count) }));
  const rest = legend.items.slice(LEGEND_ROWS);
  if (rest.length > 0) {
    rows.push({
      color: '#b4bac4',
      label: `${rest.length} more`,
      count: String(rest.reduce((n, i) => n + i.count, 0)),
    });
  }
  const boxHeight = 44 + rows.length * 17;
  return { x: 10, y: Math.max(10, height - boxHeight - 10), width: 230, height: boxHeight, rows };
}

function truncate(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > width) t = t.slice(0, -1);
  return `${t}…`;
}

function drawLegend(ctx: CanvasRenderingContext2D, legend: Legend, height: number, theme: MapTheme): void {
  const box = legendBox(legend, height);
  ctx.save();
  ctx.fillStyle = PANEL[theme];
  ctx.strokeStyle = BORDER[theme];
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(box.x + 0.5, box.y + 0.5, box.width, box.height, 8);
  ctx.fill();
  ctx.stroke();
  ctx.textBaseline = 'middle';
  ctx.font = `600 10px ${LABEL_FONT}`;
  ctx.fillStyle = MUTED[theme];
  ctx.fillText(`${legend.title.toUpperCase()} · ${legend.sizeTitle.toUpperCase()}`, box.x + 10, box.y + 16);
  ctx.font = `400 11px ${LABEL_FONT}`;
  box.rows.forEach((row, i) => {
    const y = box.y + 36 + i * 17;
    ctx.fillStyle = row.color;
    ctx.beginPath();
    ctx.arc(box.x + 14, y, 4.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = TEXT[theme];
    ctx.textAlign = 'left';
    ctx.fillText(truncate(ctx, row.label, box.width - 70), box.x + 26, y);
    ctx.fillStyle = MUTED[theme];
    ctx.textAlign = 'right';
    ctx.fillText(row.count, box.x + box.width - 10, y);
  });
  ctx.restore();
}

/**
 * The view as a PNG: background, then sigma's layers in their on-screen order (re-rendered in this
 * task, so the WebGL buffers are still readable), then the legend. Size: the view's CSS size times
 * the device pixel ratio, i.e. the pixels on screen.
 */
export async function mapPng(sigma: MapSigma, legend: Legend, theme: MapTheme): Promise<Blob> {
  const { width, height } = sigma.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = Math.round(width * ratio);
  out.height = Math.round(height * ratio);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('This browser cannot create a 2D canvas for the PNG export.');
  ctx.fillStyle = CANVAS_COLORS[theme];
  ctx.fillRect(0, 0, out.width, out.height);
  sigma.refresh();
  const canvases = sigma.getCanvases();
  // DOM order is drawing order; the mouse layer is transparent and only catches events.
  const container = sigma.getContainer();
  for (const canvas of container.querySelectorAll('canvas')) {
    if (canvas === canvases.mouse) continue;
    ctx.drawImage(canvas, 0, 0, out.width, out.height);
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  drawLegend(ctx, legend, height, theme);
  return new Promise((resolve, reject) =>
    out.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The map could not be encoded as PNG.'))),
      'image/png',
    ),
  );
}

function num(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** The view as SVG: visible links and discs at their screen positions, the labels on screen, the legend. */
export function mapSvg(
  sigma: MapSigma,
  labels: readonly PlacedLabel[],
  legend: Legend,
  theme: MapTheme,
): string {
  const { width, height } = sigma.getDimensions();
  const graph = sigma.getGraph();
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Inter, system-ui, sans-serif">`,
  );
  out.push(`<rect width="100%" height="100%" fill="${CANVAS_COLORS[theme]}"/>`);
  const inView = (p: { x: number; y: number }, margin: number) =>
    p.x > -margin && p.y > -margin && p.x < width + margin && p.y < height + margin;
  out.push('<g id="links" stroke-linecap="round">');
  graph.forEachEdge((edge, _attrs, source, target) => {
    const e = sigma.getEdgeDisplayData(edge);
    const s = sigma.getNodeDisplayData(source);
    const t = sigma.getNodeDisplayData(target);
    if (!e || !s || !t || e.hidden || s.hidden || t.hidden) return;
    const a = sigma.framedGraphToViewport(s);
    const b = sigma.framedGraphToViewport(t);
    if (!inView(a, 50) && !inView(b, 50)) return;
    out.push(
      `<line x1="${num(a.x)}" y1="${num(a.y)}" x2="${num(b.x)}" y2="${num(b.y)}" stroke="${e.color}" stroke-width="${num(Math.max(0.5, sigma.scaleSize(e.size)))}"/>`,
    );
  });
  out.push('</g>');
  // Discs in drawing order (low zIndex first), as sigma stacks them.
  const nodes: { x: number; y: number; r: number; color: string; z: number }[] = [];
  graph.forEachNode((node) => {
    const d = sigma.getNodeDisplayData(node);
    if (!d || d.hidden) return;
    const p = sigma.framedGraphToViewport(d);
    const r = sigma.scaleSize(d.size);
    if (!inView(p, r)) return;
    nodes.push({ x: p.x, y: p.y, r, color: d.color, z: d.zIndex });
  });
  nodes.sort((a, b) => a.z - b.z);
  out.push('<g id="people">');
  for (const n of nodes)
    out.push(`<circle cx="${num(n.x)}" cy="${num(n.y)}" r="${num(n.r)}" fill="${n.color}"/>`);
  out.push('</g>');
  out.push(
    `<g id="labels" font-size="12" font-weight="500" fill="${TEXT[theme]}" stroke="${CANVAS_COLORS[theme]}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">`,
  );
  for (const l of labels) out.push(`<text x="${num(l.x)}" y="${num(l.y)}">${escapeXml(l.text)}</text>`);
  out.push('</g>');
  const box = legendBox(legend, height);
  out.push(`<g id="legend" font-size="11">`);
  out.push(
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="8" fill="${PANEL[theme]}" stroke="${BORDER[theme]}"/>`,
  );
  out.push(
    `<text x="${box.x + 10}" y="${box.y + 20}" font-size="10" font-weight="600" fill="${MUTED[theme]}">${escapeXml(`${legend.title.toUpperCase()} · ${legend.sizeTitle.toUpperCase()}`)}</text>`,
  );
  box.rows.forEach((row, i) => {
    const y = box.y + 36 + i * 17;
    out.push(`<circle cx="${box.x + 14}" cy="${y}" r="4.5" fill="${row.color}"/>`);
    out.push(`<text x="${box.x + 26}" y="${y + 4}" fill="${TEXT[theme]}">${escapeXml(row.label)}</text>`);
    out.push(
      `<text x="${box.x + box.width - 10}" y="${y + 4}" text-anchor="end" fill="${MUTED[theme]}">${row.count}</text>`,
    );
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** The links among the visible people at or above minLink. */
function filteredEdges(
  result: AnalysisResult,
  people: readonly RankedPerson[],
  minLink: number,
): GraphEdge[] {
  const ids = new Set(people.map((p) => p.id));
  const { source, target, weight } = edgesOf(result);
  const edges: GraphEdge[] = [];
  for (let i = 0; i < source.length; i++) {
    const s = source[i] ?? 0;
    const t = target[i] ?? 0;
    const w = weight[i] ?? 0;
    if (w >= minLink && ids.has(s) && ids.has(t)) edges.push({ source: s, target: t, weight: w });
  }
  return edges;
}

/** GEXF of what the map and table show: the visible people and the links among them at or above minLink. */
export function filteredGexf(
  result: AnalysisResult,
  people: readonly RankedPerson[],
  minLink: number,
): string {
  return toGexf({ people, edges: filteredEdges(result, people, minLink) }, people);
}

/** GraphML of the same filtered graph as filteredGexf. */
export function filteredGraphml(
  result: AnalysisResult,
  people: readonly RankedPerson[],
  minLink: number,
): string {
  return toGraphml({ people, edges: filteredEdges(result, people, minLink) }, people);
}
