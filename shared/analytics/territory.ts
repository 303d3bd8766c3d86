// Territories and engagement plans over an analysis (issue 7), as pure functions: which territory each
// person belongs to (assignTerritories), and per territory its coverage, the gaps across territories
// and the "next best experts" an MSL should meet (territoryCoverage). No I/O: the CLI, the API and the
// renderer call the same code on the same inputs.
import type { Engagement, EngagementStatus, TerritoryPlace } from '../api';
import type { AnalysisResult, RankedPerson, Tier } from './types';

/** What assignment needs of a territory (TerritoryInfo has it all). */
export interface TerritoryDef {
  id: number;
  name: string;
  msl?: string | null;
  capacity?: number | null;
  places: readonly TerritoryPlace[];
  include: readonly number[];
  exclude: readonly number[];
}

/** What assignment needs of a person (PersonRow and RankedPerson have it). */
export interface PlacedPerson {
  id: number;
  country: string | null;
  region: string | null;
}

const fold = (s: string | null | undefined): string => (s ?? '').trim().toUpperCase();

/**
 * Person id → territory id. A manual `include` wins; otherwise the person's current institution's
 * place decides: a territory naming their country AND region beats one naming the whole country, and
 * among equals the earlier territory in the list wins. A territory that `exclude`s the person is
 * skipped (they may still fall into another). People matching nothing are absent from the map.
 */
export function assignTerritories(
  people: readonly PlacedPerson[],
  territories: readonly TerritoryDef[],
): Map<number, number> {
  const included = new Map<number, number>();
  const excluded = new Set<string>();
  const byCountry = new Map<string, { territory: number; region: string | null; order: number }[]>();
  territories.forEach((t, order) => {
    for (const id of t.include) if (!included.has(id)) included.set(id, t.id);
    for (const id of t.exclude) excluded.add(`${t.id}:${id}`);
    for (const p of t.places) {
      const c = fold(p.country);
      const list = byCountry.get(c) ?? [];
      list.push({ territory: t.id, region: p.region === null ? null : fold(p.region), order });
      byCountry.set(c, list);
    }
  });
  const out = new Map<number, number>();
  for (const person of people) {
    const manual = included.get(person.id);
    if (manual !== undefined) {
      out.set(person.id, manual);
      continue;
    }
    const candidates = byCountry.get(fold(person.country));
    if (!candidates || !person.country) continue;
    const region = fold(person.region);
    let best: { territory: number; strength: number; order: number } | null = null;
    for (const c of candidates) {
      if (excluded.has(`${c.territory}:${person.id}`)) continue;
      const strength = c.region === null ? 1 : region !== '' && c.region === region ? 2 : 0;
      if (strength === 0) continue;
      if (!best || strength > best.strength || (strength === best.strength && c.order < best.order)) {
        best = { territory: c.territory, strength, order: c.order };
      }
    }
    if (best) out.set(person.id, best.territory);
  }
  return out;
}

/** Fills PersonRow.territory (the territory's name) for the given people, in place. */
export function labelTerritories<P extends PlacedPerson & { territory: string | null }>(
  people: P[],
  territories: readonly TerritoryDef[],
): P[] {
  const names = new Map(territories.map((t) => [t.id, t.name]));
  const assigned = assignTerritories(people, territories);
  for (const p of people) p.territory = names.get(assigned.get(p.id) ?? 0) ?? null;
  return people;
}

export interface TerritoryCoverage {
  territoryId: number;
  name: string;
  msl: string | null;
  capacity: number | null;
  /** People in scope assigned to the territory. */
  people: number;
  t1: number;
  t2: number;
  /** People the MSL has to cover: T1 and T2 people, plus anyone else already planned or engaged. */
  load: number;
  overCapacity: boolean;
  planned: number;
  engaged: number;
  /** Communities (ids) with a T1/T2 person of the territory, ascending. */
  communities: number[];
  /** Communities (ids) in which the territory has an engaged person, ascending. */
  communitiesTouched: number[];
}

export interface GapPerson {
  id: number;
  name: string;
  rank: number;
  tier: Tier;
  score: number;
  community: number;
  country: string | null;
  region: string | null;
}

export interface CommunityGap {
  community: number;
  size: number;
  /** T1 and T2 members. */
  topTier: number;
  /** The best-scored member (id), a natural first contact. */
  leader: number;
  leaderName: string;
}

export interface CoverageGaps {
  /** T1 and T2 people in no territory, best first. */
  unassignedTopTier: GapPerson[];
  overCapacity: { territoryId: number; name: string; load: number; capacity: number }[];
  /** Communities with a T1/T2 member and no engaged person in any territory, largest first. */
  uncoveredCommunities: CommunityGap[];
}

export interface NextBestExpert {
  id: number;
  name: string;
  rank: number;
  tier: Tier;
  score: number;
  community: number;
  status: EngagementStatus;
  /** The ordering value: score plus bonuses for reaching uncovered communities. */
  value: number;
  reason: string;
}

export interface CoverageReport {
  territories: TerritoryCoverage[];
  gaps: CoverageGaps;
  /** Per territory (same order as `territories`): the best people to meet next. */
  nextBest: { territoryId: number; name: string; people: NextBestExpert[] }[];
}

export interface CoverageOptions {
  /** Next best experts per territory (default 5). */
  nextBest?: number;
  /** Bonus points when the person's own community has no engaged expert (default 10). */
  ownCommunityBonus?: number;
  /** Bonus points per other uncovered community among their co-authors, up to 3 (default 5). */
  bridgeBonus?: number;
}

const isTop = (p: RankedPerson): boolean => p.tier === 'T1' || p.tier === 'T2';

function statusMap(
  engagements: ReadonlyMap<number, EngagementStatus> | readonly Engagement[],
): ReadonlyMap<number, EngagementStatus> {
  if (!Array.isArray(engagements)) return engagements as ReadonlyMap<number, EngagementStatus>;
  return new Map((engagements as readonly Engagement[]).map((e) => [e.authorId, e.status]));
}

/**
 * Coverage, gaps and next best experts of the territories over one analysis. `assignments` is
 * assignTerritories() of the result's people; `engagements` each person's status (absent: not contacted).
 * A community counts as covered when some person assigned to a territory is engaged in it.
 */
export function territoryCoverage(
  result: Pick<AnalysisResult, 'people' | 'edges' | 'communities'>,
  territories: readonly TerritoryDef[],
  assignments: ReadonlyMap<number, number>,
  engagements: ReadonlyMap<number, EngagementStatus> | readonly Engagement[],
  options: CoverageOptions = {},
): CoverageReport {
  const status = statusMap(engagements);
  const statusOf = (id: number): EngagementStatus => status.get(id) ?? 'not-contacted';
  const perTerritory = new Map<number, RankedPerson[]>();
  for (const t of territories) perTerritory.set(t.id, []);
  const covered = new Set<number>();
  for (const p of result.people) {
    const t = assignments.get(p.id);
    if (t === undefined) continue;
    perTerritory.get(t)?.push(p);
    if (statusOf(p.id) === 'engaged') covered.add(p.community);
  }

  const coverage: TerritoryCoverage[] = territories.map((t) => {
    const people = perTerritory.get(t.id) ?? [];
    const communities = new Set<number>();
    const touched = new Set<number>();
    let t1 = 0;
    let t2 = 0;
    let load = 0;
    let planned = 0;
    let engaged = 0;
    for (const p of people) {
      const s = statusOf(p.id);
      if (p.tier === 'T1') t1++;
      if (p.tier === 'T2') t2++;
      if (isTop(p)) communities.add(p.community);
      if (s === 'planned') planned++;
      if (s === 'engaged') {
        engaged++;
        touched.add(p.community);
      }
      if (isTop(p) || s !== 'not-contacted') load++;
    }
    const capacity = t.capacity ?? null;
    return {
      territoryId: t.id,
      name: t.name,
      msl: t.msl ?? null,
      capacity,
      people: people.length,
      t1,
      t2,
      load,
      overCapacity: capacity !== null && load > capacity,
      planned,
      engaged,
      communities: [...communities].sort((a, b) => a - b),
      communitiesTouched: [...touched].sort((a, b) => a - b),
    };
  });

  const gapPerson = (p: RankedPerson): GapPerson => ({
    id: p.id,
    name: p.name,
    rank: p.rank,
    tier: p.tier,
    score: p.score,
    community: p.community,
    country: p.country,
    region: p.region,
  });
  const topByCommunity = new Map<number, { top: number; leader: RankedPerson }>();
  for (const p of result.people) {
    const entry = topByCommunity.get(p.community);
    if (!entry) topByCommunity.set(p.community, { top: isTop(p) ? 1 : 0, leader: p });
    else if (isTop(p)) entry.top++;
  }
  const sizes = new Map(result.communities.map((c) => [c.id, c.size]));
  const uncovered = new Set<number>();
  const uncoveredCommunities: CommunityGap[] = [];
  for (const [community, { top, leader }] of topByCommunity) {
    if (covered.has(community)) continue;
    uncovered.add(community);
    if (top === 0) continue;
    uncoveredCommunities.push({
      community,
      size: sizes.get(community) ?? 0,
      topTier: top,
      leader: leader.id,
      leaderName: leader.name,
    });
  }
  uncoveredCommunities.sort((a, b) => b.size - a.size || a.community - b.community);

  const gaps: CoverageGaps = {
    unassignedTopTier: result.people.filter((p) => isTop(p) && !assignments.has(p.id)).map(gapPerson),
    overCapacity: coverage
      .filter((c) => c.overCapacity)
      .map((c) => ({ territoryId: c.territoryId, name: c.name, load: c.load, capacity: c.capacity ?? 0 })),
    uncoveredCommunities,
  };

  return {
    territories: coverage,
    gaps,
    nextBest: nextBestExperts(result, territories, perTerritory, statusOf, uncovered, options),
  };
}

function nextBestExperts(
  result: Pick<AnalysisResult, 'people' | 'edges'>,
  territories: readonly TerritoryDef[],
  perTerritory: ReadonlyMap<number, RankedPerson[]>,
  statusOf: (id: number) => EngagementStatus,
  uncovered: ReadonlySet<number>,
  options: CoverageOptions,
): CoverageReport['nextBest'] {
  const limit = options.nextBest ?? 5;
  const ownBonus = options.ownCommunityBonus ?? 10;
  const bridgeBonus = options.bridgeBonus ?? 5;
  const candidates = new Map<number, RankedPerson>();
  for (const people of perTerritory.values()) {
    for (const p of people) if (statusOf(p.id) !== 'engaged') candidates.set(p.id, p);
  }
  // Uncovered communities each candidate reaches through a co-author (other than their own).
  const community = new Map(result.people.map((p) => [p.id, p.community]));
  const reach = new Map<number, Set<number>>();
  const note = (from: number, to: number): void => {
    const self = candidates.get(from);
    const c = community.get(to);
    if (!self || c === undefined || c === self.community || !uncovered.has(c)) return;
    const set = reach.get(from) ?? new Set<number>();
    set.add(c);
    reach.set(from, set);
  };
  for (const e of result.edges) {
    note(e.source, e.target);
    note(e.target, e.source);
  }

  return territories.map((t) => {
    const scored: NextBestExpert[] = [];
    for (const p of perTerritory.get(t.id) ?? []) {
      if (!candidates.has(p.id)) continue;
      const own = uncovered.has(p.community);
      const bridges = [...(reach.get(p.id) ?? [])].sort((a, b) => a - b);
      const value = p.score + (own ? ownBonus : 0) + bridgeBonus * Math.min(bridges.length, 3);
      const parts = [`${p.tier}, score ${p.score.toFixed(1)} (#${p.rank})`];
      parts.push(
        own
          ? `community C${p.community} has no engaged expert yet`
          : `community C${p.community} already engaged`,
      );
      if (bridges.length > 0) {
        const shown = bridges.slice(0, 4).map((c) => `C${c}`);
        parts.push(
          `co-authors in ${bridges.length} more uncovered ${bridges.length === 1 ? 'community' : 'communities'} (${shown.join(', ')}${bridges.length > 4 ? ', …' : ''})`,
        );
      }
      const s = statusOf(p.id);
      if (s === 'planned') parts.push('planned, not yet engaged');
      scored.push({
        id: p.id,
        name: p.name,
        rank: p.rank,
        tier: p.tier,
        score: p.score,
        community: p.community,
        status: s,
        value,
        reason: parts.join('; '),
      });
    }
    scored.sort((a, b) => b.value - a.value || a.rank - b.rank);
    return { territoryId: t.id, name: t.name, people: scored.slice(0, limit) };
  });
}

/** Coverage rolled up over the territories of one region group (null: territories in no group). */
export interface GroupCoverage {
  group: string | null;
  /** Territory ids of the group, in the order of the coverage list. */
  territoryIds: number[];
  people: number;
  t1: number;
  t2: number;
  load: number;
  /** Sum of the capacities the territories state; null when none states one. */
  capacity: number | null;
  /** Territories of the group over their own capacity. */
  overCapacity: number;
  planned: number;
  engaged: number;
  /** Communities (ids) with a T1/T2 person in any territory of the group, ascending. */
  communities: number[];
  /** Communities (ids) in which some territory of the group has an engaged person, ascending. */
  communitiesTouched: number[];
}

/**
 * Rolls per-territory coverage up per region group: counts add up, communities are united (one
 * community touched by two territories counts once). Groups by name (case-insensitive, the first
 * spelling seen wins), A to Z, with the territories in no group last.
 */
export function groupCoverage(
  coverage: readonly TerritoryCoverage[],
  territories: readonly { id: number; regionGroup?: string | null }[],
): GroupCoverage[] {
  const groupOf = new Map(territories.map((t) => [t.id, t.regionGroup?.trim() || null]));
  const groups = new Map<string, { out: GroupCoverage; communities: Set<number>; touched: Set<number> }>();
  for (const c of coverage) {
    const name = groupOf.get(c.territoryId) ?? null;
    const key = name === null ? '' : name.toLocaleLowerCase();
    let g = groups.get(key);
    if (!g) {
      g = {
        out: {
          group: name,
          territoryIds: [],
          people: 0,
          t1: 0,
          t2: 0,
          load: 0,
          capacity: null,
          overCapacity: 0,
          planned: 0,
          engaged: 0,
          communities: [],
          communitiesTouched: [],
        },
        communities: new Set(),
        touched: new Set(),
      };
      groups.set(key, g);
    }
    const o = g.out;
    o.territoryIds.push(c.territoryId);
    o.people += c.people;
    o.t1 += c.t1;
    o.t2 += c.t2;
    o.load += c.load;
    if (c.capacity !== null) o.capacity = (o.capacity ?? 0) + c.capacity;
    if (c.overCapacity) o.overCapacity++;
    o.planned += c.planned;
    o.engaged += c.engaged;
    for (const x of c.communities) g.communities.add(x);
    for (const x of c.communitiesTouched) g.touched.add(x);
  }
  const list = [...groups.values()].map(({ out, communities, touched }) => ({
    ...out,
    communities: [...communities].sort((a, b) => a - b),
    communitiesTouched: [...touched].sort((a, b) => a - b),
  }));
  return list.sort((a, b) =>
    a.group === null ? 1 : b.group === null ? -1 : a.group.localeCompare(b.group, 'en'),
  );
}
