// Derived views of the analysis result, computed once per result (memoised on its identity).
import type { AnalysisResult, RankedPerson } from '../../../shared/analytics/types';
import { edgesOf } from '../graph/edges';
import { communityStyles, type CommunityStyle } from '../graph/palette';

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
  const byId = new Map(result.people.map((p) => [p.id, p]));
  const communities = communityStyles(result.communities);
  const communityList = [...communities.values()].sort((a, b) => a.ordinal - b.ordinal);
  // One person's co-authors: a scan of the packed links (a few ms even for millions), cached per person.
  const cachedNeighbours = new Map<number, { id: number; weight: number }[]>();
  const neighbours = (id: number) => {
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
  };
  const tierCounts: Record<string, number> = { T1: 0, T2: 0, T3: 0, T4: 0 };
  for (const p of result.people) tierCounts[p.tier] = (tierCounts[p.tier] ?? 0) + 1;
  const derived: Derived = { byId, communities, communityList, neighbours, tierCounts };
  cache.set(result, derived);
  return derived;
}
