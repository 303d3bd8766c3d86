// Colours of the map: one categorical palette for communities (largest first, so colours stay put when
// the same data is re-analysed), grey for small ones, and a colour per score component.
import type { CommunityInfo, ComponentKey } from '../../../shared/analytics/types';

/** Tableau-10-like categorical palette, extended to 12; readable on white and on dark grey. */
export const COMMUNITY_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#5b8ff9',
  '#8cd17d',
  '#d37295',
] as const;

export const MINOR_COMMUNITY_COLOR = '#b4bac4';

/** Communities smaller than this are drawn grey: they are noise next to the real clusters. */
export const MIN_COLOURED_COMMUNITY = 3;

export interface CommunityStyle {
  id: number;
  /** 1-based position by size (C1 is the largest). */
  ordinal: number;
  size: number;
  color: string;
  leaders: number[];
  /** Its most distinctive terms (CommunityInfo.label), '' when none. */
  label: string;
}

export function communityStyles(communities: CommunityInfo[]): Map<number, CommunityStyle> {
  const sorted = [...communities].sort((a, b) => b.size - a.size || a.id - b.id);
  const styles = new Map<number, CommunityStyle>();
  sorted.forEach((c, i) => {
    const coloured = i < COMMUNITY_PALETTE.length && c.size >= MIN_COLOURED_COMMUNITY;
    styles.set(c.id, {
      id: c.id,
      ordinal: i + 1,
      size: c.size,
      color: coloured ? (COMMUNITY_PALETTE[i] ?? MINOR_COMMUNITY_COLOR) : MINOR_COMMUNITY_COLOR,
      leaders: c.leaders,
      label: c.label ?? '',
    });
  });
  return styles;
}

export const COMPONENT_COLORS: Record<ComponentKey, string> = {
  publications: '#3b6fd8',
  firstLast: '#7c5cd6',
  citations: '#e0862b',
  recency: '#2ea88a',
  coauthors: '#d9577a',
  weightedDegree: '#8fa32d',
  pagerank: '#1f9bc4',
  trials: '#a0522d',
};
