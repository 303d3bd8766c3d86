// Derived views of the analysis result, computed once per result (memoised on its identity).
import type { AnalysisResult, RankedPerson } from '../../../shared/analytics/types';
import type { EngagementStatus } from '../../../shared/api';
import { edgesOf } from '../graph/edges';
import { communityStyles, type CommunityStyle } from '../graph/palette';
import { filtersActive, type EgoHops, type Filters } from './view';

export interface Derived {
  byId: Map<number, RankedPerson>;
  communities: Map<number, CommunityStyle>;
  /** Communities largest first. */
  communityList: CommunityStyle[];
  /** Per person: co-authors with link weight, strongest first. */
  neighbours: (id: number) => { id: number; weight: number }[];
  tierCounts: Record<string, number>;
}

const cache = new WeakMap<AnalysisResult, Derived>();

export function derive(result: AnalysisResult): Derived {
  const hit = cache.get(result);
  if (hit) return hit;
  // Each part is made on first use (issue 5): a new result's first render pays only for what it reads
  // (the overview reads the tiers and communities, a person panel the lookup by id).
  let byId: Map<number, RankedPerson> | null = null;
  let communities: Map<number, CommunityStyle> | null = null;
  let communityList: CommunityStyle[] | null = null;
  let tierCounts: Record<string, number> | null = null;
  // One person's co-authors: a scan of the packed links (a few ms even for millions), cached per person.
  const cachedNeighbours = new Map<number, { id: number; weight: number }[]>();
  const derived: Derived = {
    get byId() {
      if (!byId) {
        byId = new Map();
        for (const p of result.people) byId.set(p.id, p);
      }
      return byId;
    },
    get communities() {
      communities ??= communityStyles(result.communities);
      return communities;
    },
    get communityList() {
      communityList ??= [...derived.communities.values()].sort((a, b) => a.ordinal - b.ordinal);
      return communityList;
    },
    neighbours: (id: number) => {
      const hit = cachedNeighbours.get(id);
      if (hit) return hit;
      const { source, target, weight } = edgesOf(result);
      const list: { id: number; weight: number }[] = [];
      for (let i = 0; i < source.length; i++) {
        if (source[i] === id) list.push({ id: target[i] ?? 0, weight: weight[i] ?? 0 });
        else if (target[i] === id) list.push({ id: source[i] ?? 0, weight: weight[i] ?? 0 });
      }
      list.sort((x, y) => y.weight - x.weight);
      cachedNeighbours.set(id, list);
      return list;
    },
    get tierCounts() {
      if (!tierCounts) {
        // Only a result's head held (issue 8): the counts over everyone, when the result carries them.
        const whole = result.stats.people > result.people.length ? result.stats.tiers : undefined;
        if (whole) tierCounts = { ...whole };
        else {
          tierCounts = { T1: 0, T2: 0, T3: 0, T4: 0 };
          for (const p of result.people) tierCounts[p.tier] = (tierCounts[p.tier] ?? 0) + 1;
        }
      }
      return tierCounts;
    },
  };
  cache.set(result, derived);
  return derived;
}

/** Co-author links as compressed adjacency over result.people indices (built once per result, O(links)). */
export interface Adjacency {
  index: Map<number, number>;
  offsets: Int32Array;
  neighbours: Int32Array;
  weights: Float64Array;
  /** Per person: the strongest link they have (0 for none). */
  strongest: Float64Array;
}

const adjacencyCache = new WeakMap<AnalysisResult, Adjacency>();

export function adjacency(result: AnalysisResult): Adjacency {
  const hit = adjacencyCache.get(result);
  if (hit) return hit;
  const n = result.people.length;
  const index = new Map<number, number>();
  result.people.forEach((p, i) => index.set(p.id, i));
  const { source, target, weight } = edgesOf(result);
  const degree = new Int32Array(n + 1);
  for (let e = 0; e < source.length; e++) {
    const s = index.get(source[e] ?? -1);
    const t = index.get(target[e] ?? -1);
    if (s === undefined || t === undefined || s === t) continue;
    degree[s + 1]!++;
    degree[t + 1]!++;
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + degree[i + 1]!;
  const fill = offsets.slice(0, n);
  const neighbours = new Int32Array(offsets[n]!);
  const weights = new Float64Array(offsets[n]!);
  const strongest = new Float64Array(n);
  for (let e = 0; e < source.length; e++) {
    const s = index.get(source[e] ?? -1);
    const t = index.get(target[e] ?? -1);
    if (s === undefined || t === undefined || s === t) continue;
    const w = weight[e] ?? 0;
    neighbours[fill[s]!] = t;
    weights[fill[s]!++] = w;
    neighbours[fill[t]!] = s;
    weights[fill[t]!++] = w;
    if (w > strongest[s]!) strongest[s] = w;
    if (w > strongest[t]!) strongest[t] = w;
  }
  const adj = { index, offsets, neighbours, weights, strongest };
  adjacencyCache.set(result, adj);
  return adj;
}

/** People within `hops` links (of at least `minLink`) of `centre`, the centre included. */
export function egoIds(result: AnalysisResult, centre: number, hops: number, minLink: number): Set<number> {
  const adj = adjacency(result);
  const start = adj.index.get(centre);
  const ids = new Set<number>([centre]);
  if (start === undefined) return ids;
  let frontier = [start];
  const seen = new Set<number>([start]);
  for (let h = 0; h < hops; h++) {
    const next: number[] = [];
    for (const i of frontier) {
      for (let k = adj.offsets[i]!; k < adj.offsets[i + 1]!; k++) {
        const j = adj.neighbours[k]!;
        if (seen.has(j) || adj.weights[k]! < minLink) continue;
        seen.add(j);
        next.push(j);
        ids.add(result.people[j]!.id);
      }
    }
    frontier = next;
  }
  return ids;
}

export interface Visible {
  /** Ids shown on the map and in the table; null when nothing is filtered (everyone). */
  ids: Set<number> | null;
  /** The people in rank order, filtered. */
  people: RankedPerson[];
}

let visibleKey: unknown[] = [];
let visibleHit: Visible | null = null;

/** Engagement statuses by person id (territoryStore's engagements); absent: not contacted. */
export type Statuses = ReadonlyMap<number, { status: EngagementStatus }>;

/**
 * Who the map and the table show: the live filters (tier, community, country or region, territory, minimum link
 * strength, engagement status), then ego mode around the selected person. Memoised on its inputs (one
 * entry: the current view; the engagements count only while the status filter is on).
 */
export function visiblePeople(
  result: AnalysisResult,
  filters: Filters,
  ego: EgoHops,
  selectedId: number | null,
  engagements: Statuses,
): Visible {
  const centre = ego > 0 ? selectedId : null;
  const key = [result, filters, ego, centre, filters.status === 'all' ? null : engagements];
  if (visibleHit && key.every((k, i) => Object.is(k, visibleKey[i]))) return visibleHit;
  let out: Visible;
  if (!filtersActive(filters) && centre === null) {
    out = { ids: null, people: result.people };
  } else {
    const tiers = new Set(filters.tiers);
    const communities = new Set(filters.communities);
    const countries = new Set(filters.countries);
    const regions = new Set(filters.regions);
    const territories = new Set(filters.territories);
    const strongest = filters.minLink > 0 ? adjacency(result).strongest : null;
    const around = centre !== null ? egoIds(result, centre, ego, filters.minLink) : null;
    const status = filters.status;
    const statusOk = (id: number): boolean => {
      if (status === 'all') return true;
      const s = engagements.get(id)?.status ?? 'not-contacted';
      return status === 'active' ? s !== 'not-contacted' : s === status;
    };
    const people = result.people.filter(
      (p, i) =>
        p.id === centre ||
        ((tiers.size === 0 || tiers.has(p.tier)) &&
          (communities.size === 0 || communities.has(p.community)) &&
          ((countries.size === 0 && regions.size === 0) ||
            countries.has(p.country ?? '') ||
            (p.region !== null && regions.has(`${p.country ?? ''}-${p.region}`))) &&
          (territories.size === 0 || territories.has(p.territory ?? '')) &&
          (!strongest || strongest[i]! >= filters.minLink) &&
          statusOk(p.id) &&
          (!around || around.has(p.id))),
    );
    out = { ids: new Set(people.map((p) => p.id)), people };
  }
  visibleKey = key;
  visibleHit = out;
  return out;
}

/** Countries of the people in scope, most frequent first ('' for unknown is left out). */
export function countryCounts(result: AnalysisResult): { country: string; count: number }[] {
  const hit = countryCache.get(result);
  if (hit) return hit;
  const counts = new Map<string, number>();
  for (const p of result.people) if (p.country) counts.set(p.country, (counts.get(p.country) ?? 0) + 1);
  const list = [...counts.entries()]
    .map(([country, count]) => ({ country, count }))
    .sort((a, b) => b.count - a.count || a.country.localeCompare(b.country));
  countryCache.set(result, list);
  return list;
}

const countryCache = new WeakMap<AnalysisResult, { country: string; count: number }[]>();

const lowerNames = new WeakMap<AnalysisResult, string[]>();

/**
 * The best-ranked people whose name contains `search` (case-insensitive, trimmed), at most `limit`, in
 * rank order; an empty search gives the top `limit`. The lower-case names are made once per result, on
 * the first search (the person search lists these, never everyone: issue 5).
 */
export function peopleMatching(result: AnalysisResult, search: string, limit: number): RankedPerson[] {
  const q = search.trim().toLowerCase();
  if (q === '') return result.people.slice(0, limit);
  let names = lowerNames.get(result);
  if (!names) {
    names = result.people.map((p) => p.name.toLowerCase());
    lowerNames.set(result, names);
  }
  const out: RankedPerson[] = [];
  for (let i = 0; i < names.length && out.length < limit; i++) {
    if (names[i]!.includes(q)) out.push(result.people[i]!);
  }
  return out;
}

/** Everyone in the result's scope (stats.people), also when only a huge result's head is held (issue 8). */
export function peopleInScope(result: AnalysisResult): number {
  return Math.max(result.stats.people, result.people.length);
}

/** How many communities the result found: over everyone, also when only a huge result's head is held. */
export function communityCount(result: AnalysisResult): number {
  const whole = result.stats.people > result.people.length ? result.stats.communities : undefined;
  return whole ?? result.communities.length;
}
