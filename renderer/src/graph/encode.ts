// The map's visual encodings chosen by the user: disc size by score or a metric, colour by community,
// tier, therapeutic area (each person's main area, from api.getMainAreas) or country. One function computes both the per-node values and the legend from the same
// categories, so the legend always matches what is drawn (the map, the PNG and the SVG exports).
import type { AnalysisResult, RankedPerson, Tier } from '../../../shared/analytics/types';
import { countryCounts, derive } from '../state/selectors';
import type { ColorKey, SizeKey } from '../state/view';
import { nodeSizeRange, type MapGraph } from './build';
import { COMMUNITY_PALETTE, MINOR_COMMUNITY_COLOR } from './palette';

export const SIZE_LABELS: Record<SizeKey, string> = {
  score: 'Score',
  publications: 'Publications',
  citations: 'Citations',
  pagerank: 'PageRank',
  betweenness: 'Betweenness',
  coauthors: 'Co-authors',
};

export const COLOR_LABELS: Record<ColorKey, string> = {
  community: 'Community',
  tier: 'Tier',
  area: 'Therapeutic area',
  country: 'Country',
};

/** Tier colours: importance reads as warmth (T1 strongest). */
export const TIER_COLORS: Record<Tier, string> = {
  T1: '#d6336c',
  T2: '#f08c00',
  T3: '#4c71dd',
  T4: '#a5acb8',
};

/** Countries beyond this many share the "other" grey. */
const COUNTRY_COLOURS = 10;

/** Areas beyond this many (by people drawn) share the "other areas" grey. */
const AREA_COLOURS = 11;
/** People none of whose publications matches an area rule. */
export const NO_AREA_COLOR = '#dde1e7';

/** Each person's main therapeutic area (api.getMainAreas), for colouring by area. */
export interface AreaMembership {
  /** Area id → label, in the project's order. */
  labels: Map<string, string>;
  /** Person id → area id; absent: no classified publication. */
  byPerson: Map<number, string>;
}

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  /** People drawn in this colour (visible nodes only). */
  count: number;
  /** Set when the item is a community (click focuses it). */
  community?: number;
}

export interface Legend {
  title: string;
  sizeTitle: string;
  items: LegendItem[];
}

export interface Encoding {
  size: Map<string, number>;
  color: Map<string, string>;
  legend: Legend;
}

function metric(p: RankedPerson, key: SizeKey): number {
  const v = key === 'citations' ? (p.citations ?? 0) : p[key];
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/** Category of a person under a colour key: its legend key, label and colour. */
function categorise(
  result: AnalysisResult,
  colorKey: ColorKey,
  people: readonly RankedPerson[],
  areas: AreaMembership | null,
): (p: RankedPerson) => { key: string; label: string; color: string; community?: number; ordinal?: number } {
  if (colorKey === 'area') {
    // Colours go to the areas with most people drawn (ties: the project's order), so the biggest
    // areas are always told apart; the rest share one grey, people with no area a lighter one.
    const counts = new Map<string, number>();
    for (const p of people) {
      const a = areas?.byPerson.get(p.id);
      if (a !== undefined) counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    const order = [...(areas?.labels.keys() ?? [])];
    const top = new Map<string, string>();
    [...counts.keys()]
      .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || order.indexOf(a) - order.indexOf(b))
      .slice(0, AREA_COLOURS)
      .forEach((a, i) => top.set(a, COMMUNITY_PALETTE[i] ?? MINOR_COMMUNITY_COLOR));
    return (p) => {
      const a = areas?.byPerson.get(p.id);
      if (a === undefined) return { key: '~none', label: 'No area matched', color: NO_AREA_COLOR };
      const colour = top.get(a);
      return colour
        ? { key: `a:${a}`, label: areas?.labels.get(a) ?? a, color: colour }
        : { key: '~other', label: 'Other areas', color: MINOR_COMMUNITY_COLOR };
    };
  }
  if (colorKey === 'tier') {
    return (p) => ({ key: p.tier, label: `Tier ${p.tier.slice(1)}`, color: TIER_COLORS[p.tier] });
  }
  if (colorKey === 'country') {
    const top = new Map<string, string>();
    countryCounts(result)
      .slice(0, COUNTRY_COLOURS)
      .forEach((c, i) => top.set(c.country, COMMUNITY_PALETTE[i] ?? MINOR_COMMUNITY_COLOR));
    return (p) => {
      const colour = p.country ? top.get(p.country) : undefined;
      return colour && p.country
        ? { key: p.country, label: p.country, color: colour }
        : { key: '~other', label: 'Other or unknown', color: MINOR_COMMUNITY_COLOR };
    };
  }
  const d = derive(result);
  return (p) => {
    const style = d.communities.get(p.community);
    if (!style || style.color === MINOR_COMMUNITY_COLOR) {
      return { key: '~other', label: 'Smaller communities', color: MINOR_COMMUNITY_COLOR };
    }
    const leaderId = style.leaders[0];
    const leader = leaderId !== undefined ? d.byId.get(leaderId) : undefined;
    return {
      key: `c${style.id}`,
      // The label's first (most distinctive) term: the legend is narrow; the panel shows all three.
      label: `C${style.ordinal} · ${style.label.split(' · ')[0] || leader?.name || 'community'}`,
      color: style.color,
      community: style.id,
      ordinal: style.ordinal,
    };
  };
}

/**
 * Sizes (sqrt scale over the drawn people, so one outlier does not shrink everyone) and colours of
 * the graph's nodes, and the legend over the visible ones (`visible` null = all).
 */
export function encode(
  result: AnalysisResult,
  graph: MapGraph,
  sizeKey: SizeKey,
  colorKey: ColorKey,
  visible: Set<number> | null,
  areas: AreaMembership | null = null,
): Encoding {
  const d = derive(result);
  const people: RankedPerson[] = [];
  graph.forEachNode((_key, a) => {
    const p = d.byId.get(a.personId);
    if (p) people.push(p);
  });
  const [minSize, maxSize] = nodeSizeRange(people.length);
  let top = 1e-12;
  for (const p of people) top = Math.max(top, metric(p, sizeKey));
  const category = categorise(result, colorKey, people, areas);
  const size = new Map<string, number>();
  const color = new Map<string, string>();
  const items = new Map<string, LegendItem>();
  // Communities keep their numbers' order (C1, C2, …: their size in the whole scope), not the order of
  // their counts among the people drawn, which would put C3 before C2 when fewer of C2 are drawn.
  const ordinals = new Map<string, number>();
  for (const p of people) {
    const key = String(p.id);
    size.set(key, minSize + (maxSize - minSize) * Math.sqrt(metric(p, sizeKey) / top));
    const c = category(p);
    color.set(key, c.color);
    if (visible && !visible.has(p.id)) continue;
    const item = items.get(c.key);
    if (item) item.count++;
    else items.set(c.key, { key: c.key, label: c.label, color: c.color, count: 1, community: c.community });
    if (c.ordinal !== undefined) ordinals.set(c.key, c.ordinal);
  }
  // Tiers in tier order; otherwise biggest first, with "other" (then "no area") last.
  const last = (key: string) => (key === '~none' ? 2 : key === '~other' ? 1 : 0);
  const ordinal = (key: string) => ordinals.get(key) ?? Infinity;
  const list = [...items.values()].sort((a, b) =>
    colorKey === 'tier'
      ? a.key.localeCompare(b.key)
      : last(a.key) - last(b.key) ||
        (colorKey === 'community' ? ordinal(a.key) - ordinal(b.key) : 0) ||
        b.count - a.count,
  );
  return {
    size,
    color,
    legend: { title: COLOR_LABELS[colorKey], sizeTitle: `Size: ${SIZE_LABELS[sizeKey]}`, items: list },
  };
}
