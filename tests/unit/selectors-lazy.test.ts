// The result-dependent selectors the views read when a result arrives (issue 5): derive's parts are
// made on first use and agree with the people they come from; peopleMatching lists at most `limit`
// best-ranked name matches, case-insensitively, never everyone.
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, CommunityInfo, RankedPerson } from '../../shared/analytics/types';
import { communityCount, derive, peopleMatching } from '../../renderer/src/state/selectors';

function person(id: number, name: string, tier: string, community: number): RankedPerson {
  return { id, name, tier, rank: id, score: 100 - id, community } as unknown as RankedPerson;
}

function result(
  people: RankedPerson[],
  communities: CommunityInfo[] = [],
  stats: Partial<AnalysisResult['stats']> = {},
): AnalysisResult {
  return { people, communities, stats: { people: people.length, ...stats } } as unknown as AnalysisResult;
}

const NAMES = ['Smith J', 'Smithers A', 'Jones K', 'Goldsmith P', 'Brown L', 'SMITH R', 'Lee M'];
const TIERS = ['T1', 'T2', 'T3', 'T4'];
const people = NAMES.map((n, i) => person(i + 1, n, TIERS[i % 4]!, i % 2));

describe('derive', () => {
  it('looks people up by id, counts tiers and lists communities, each part made once', () => {
    const r = result(people, [
      { id: 0, size: 4, leaders: [1] },
      { id: 1, size: 3, leaders: [2] },
    ] as unknown as CommunityInfo[]);
    const d = derive(r);
    expect(derive(r)).toBe(d);
    for (const p of people) expect(d.byId.get(p.id)).toBe(p);
    expect(d.byId.size).toBe(people.length);
    expect(d.byId).toBe(d.byId); // made once, then kept
    const counts: Record<string, number> = { T1: 0, T2: 0, T3: 0, T4: 0 };
    for (const p of people) counts[p.tier]!++;
    expect(d.tierCounts).toEqual(counts);
    expect(d.communityList.map((c) => c.id).sort()).toEqual([0, 1]);
    expect(d.communityList).toBe(d.communityList);
    for (const c of d.communityList) expect(d.communities.get(c.id)).toBe(c);
    expect(communityCount(r)).toBe(2);
  });

  it("counts everyone's tiers and communities when only a result's head is held", () => {
    const tiers = { T1: 5, T2: 15, T3: 30, T4: 50 };
    const head = result(people, [{ id: 0, size: 4, leaders: [1] }] as unknown as CommunityInfo[], {
      people: 100,
      tiers,
      communities: 12,
    });
    expect(derive(head).tierCounts).toEqual(tiers);
    expect(communityCount(head)).toBe(12);
    // The whole result: its own people are counted (stats agree with them anyway).
    const whole = result(people, [], { tiers, communities: 12 });
    expect(derive(whole).tierCounts).toEqual({ T1: 2, T2: 2, T3: 2, T4: 1 });
    expect(communityCount(whole)).toBe(0);
  });
});

describe('peopleMatching', () => {
  const r = result(people);
  it('gives the top people for an empty search', () => {
    expect(peopleMatching(r, '  ', 3).map((p) => p.id)).toEqual([1, 2, 3]);
  });
  it('matches a part of the name in any case, in rank order, at most limit', () => {
    const all = peopleMatching(r, ' smith', 10).map((p) => p.name);
    expect(all).toEqual(NAMES.filter((n) => n.toLowerCase().includes('smith')));
    expect(all).toEqual(['Smith J', 'Smithers A', 'Goldsmith P', 'SMITH R']);
    expect(peopleMatching(r, 'SMITH', 2).map((p) => p.name)).toEqual(['Smith J', 'Smithers A']);
    expect(peopleMatching(r, 'nobody', 10)).toEqual([]);
  });
  it('lists a bounded number of options whatever the number of people', () => {
    const many = result(Array.from({ length: 20_000 }, (_, i) => person(i + 1, `Person ${i}`, 'T4', 0)));
    expect(peopleMatching(many, 'person', 40)).toHaveLength(40);
    expect(peopleMatching(many, 'person 1999', 40).map((p) => p.name)).toEqual([
      'Person 1999',
      ...Array.from({ length: 10 }, (_, k) => `Person 1999${k}`),
    ]);
  });
});
