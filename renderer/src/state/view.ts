// What the explorer shows and how (pure data + pure updates): map encodings, live filters shared by
// the map and the table, ego mode, the focused community, large-graph settings and table columns.
// Saved per project in localStorage (see persist.ts) so a reopened project looks the same.
import type { Tier } from '../../../shared/analytics/types';
import { ENGAGEMENT_STATUSES, type EngagementStatus } from '../../../shared/api';

export const SIZE_KEYS = [
  'score',
  'publications',
  'citations',
  'pagerank',
  'betweenness',
  'coauthors',
] as const;
export type SizeKey = (typeof SIZE_KEYS)[number];

export const COLOR_KEYS = ['community', 'tier', 'area', 'country'] as const;
export type ColorKey = (typeof COLOR_KEYS)[number];

export const TIERS: readonly Tier[] = ['T1', 'T2', 'T3', 'T4'];

/** Engagement status filter: everyone, one status, or 'active' (planned or engaged). */
export type StatusFilter = EngagementStatus | 'all' | 'active';
/** The status filter's choices, in menu order (the table's status filter and the map's Filters panel). */
export const STATUS_FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All statuses' },
  { value: 'not-contacted', label: 'Not contacted' },
  { value: 'planned', label: 'Planned' },
  { value: 'engaged', label: 'Engaged' },
  { value: 'active', label: 'Planned or engaged' },
];
const STATUS_FILTER_VALUES: readonly unknown[] = ['all', 'active', ...ENGAGEMENT_STATUSES];

/** Empty lists mean "no limit"; minLink 0 means every link counts. */
export interface Filters {
  tiers: Tier[];
  communities: number[];
  countries: string[];
  /** Country regions as "CC-REGION" (e.g. "US-CA"), picked on the map of places; a person passes when
   *  they are in one of the countries or one of the regions. */
  regions: string[];
  /** MSL territories by name: a person passes when the analysis assigns them to one of them (their
   *  current institution's place, or a manual override). */
  territories: string[];
  /** Minimum co-authorship strength (fractional papers) for a link to count; people with no such link drop out. */
  minLink: number;
  /** Engagement status (people without a stored engagement count as not contacted). */
  status: StatusFilter;
}

export type EgoHops = 0 | 1 | 2;

export interface ViewState {
  size: SizeKey;
  color: ColorKey;
  filters: Filters;
  /** Ego mode around the selected person: 0 off, else the number of hops shown. */
  ego: EgoHops;
  /** A community the camera fits and the map highlights (others dimmed); null for none. */
  focusedCommunity: number | null;
  hideEdgesOnMove: boolean;
  hideLabelsOnMove: boolean;
  /** Ranking table columns the user switched off. */
  hiddenColumns: string[];
  /** The map legend folded to its title line (it covers much of a small window's map). */
  legendCollapsed: boolean;
}

export const NO_FILTERS: Filters = {
  tiers: [],
  communities: [],
  countries: [],
  regions: [],
  territories: [],
  minLink: 0,
  status: 'all',
};

export const defaultView: ViewState = {
  size: 'score',
  color: 'community',
  filters: NO_FILTERS,
  ego: 0,
  focusedCommunity: null,
  hideEdgesOnMove: true,
  hideLabelsOnMove: true,
  // Both are in the score bar and the profile; hidden at first so institution and country fit at 1440 px.
  hiddenColumns: ['firstLast', 'coauthors'],
  legendCollapsed: false,
};

export function filtersActive(f: Filters): boolean {
  return (
    f.tiers.length > 0 ||
    f.communities.length > 0 ||
    f.countries.length > 0 ||
    f.regions.length > 0 ||
    f.territories.length > 0 ||
    f.minLink > 0 ||
    f.status !== 'all'
  );
}

export function viewChanged(view: ViewState, patch: Partial<ViewState>): ViewState {
  let changed = false;
  for (const key of Object.keys(patch) as (keyof ViewState)[]) {
    if (!Object.is(patch[key], view[key])) changed = true;
  }
  return changed ? { ...view, ...patch } : view;
}

export function filtersChanged(view: ViewState, patch: Partial<Filters>): ViewState {
  const filters = { ...view.filters, ...patch };
  return viewChanged(view, { filters });
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** A saved view read back defensively: unknown or malformed fields fall back to the defaults. */
export function sanitiseView(raw: unknown): ViewState {
  const v = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const f = (v.filters && typeof v.filters === 'object' ? v.filters : {}) as Record<string, unknown>;
  const tiers = isStringArray(f.tiers)
    ? (f.tiers.filter((t) => (TIERS as string[]).includes(t)) as Tier[])
    : [];
  const communities = Array.isArray(f.communities)
    ? f.communities.filter((c): c is number => Number.isInteger(c))
    : [];
  return {
    size: (SIZE_KEYS as readonly unknown[]).includes(v.size) ? (v.size as SizeKey) : defaultView.size,
    color: (COLOR_KEYS as readonly unknown[]).includes(v.color) ? (v.color as ColorKey) : defaultView.color,
    filters: {
      tiers,
      communities,
      countries: isStringArray(f.countries) ? f.countries : [],
      regions: isStringArray(f.regions) ? f.regions : [],
      territories: isStringArray(f.territories) ? f.territories : [],
      minLink: typeof f.minLink === 'number' && f.minLink >= 0 && Number.isFinite(f.minLink) ? f.minLink : 0,
      status: STATUS_FILTER_VALUES.includes(f.status) ? (f.status as StatusFilter) : 'all',
    },
    ego: v.ego === 1 || v.ego === 2 ? v.ego : 0,
    focusedCommunity: null,
    hideEdgesOnMove: typeof v.hideEdgesOnMove === 'boolean' ? v.hideEdgesOnMove : true,
    hideLabelsOnMove: typeof v.hideLabelsOnMove === 'boolean' ? v.hideLabelsOnMove : true,
    hiddenColumns: isStringArray(v.hiddenColumns) ? v.hiddenColumns : defaultView.hiddenColumns,
    legendCollapsed: typeof v.legendCollapsed === 'boolean' ? v.legendCollapsed : false,
  };
}
