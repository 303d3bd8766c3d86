// Territory assignment, coverage and the CRM CSV as pure functions (shared/analytics/territory, crm).
import { describe, expect, it } from 'vitest';
import { crmCsv, CRM_COLUMNS } from '../../shared/analytics/crm';
import { assignTerritories, territoryCoverage, type TerritoryDef } from '../../shared/analytics/territory';
import type { RankedPerson, Tier } from '../../shared/analytics/types';

const T = (
  id: number,
  name: string,
  places: TerritoryDef['places'],
  extra: Partial<TerritoryDef> = {},
): TerritoryDef => ({
  id,
  name,
  places,
  include: [],
  exclude: [],
  ...extra,
});

function person(id: number, over: Partial<RankedPerson> = {}): RankedPerson {
  return {
    id,
    name: `P${id}`,
    family: `Fam${id}`,
    given: `Giv${id}`,
    orcid: null,
    institution: null,
    city: null,
    region: null,
    country: null,
    territory: null,
    rank: id,
    score: 100 - id,
    tier: 'T3' as Tier,
    publications: 1,
    firstAuthor: 0,
    lastAuthor: 0,
    citations: null,
    hIndex: null,
    recency: 0,
    coauthors: 0,
    degree: 0,
    weightedDegree: 0,
    pagerank: 0,
    betweenness: 0,
    community: 1,
    breakdown: [],
    ...over,
  };
}

describe('assignTerritories', () => {
  const us = T(1, 'US', [{ country: 'US', region: null }]);
  const ca = T(2, 'California', [{ country: 'us', region: 'ca' }]);
  const people = [
    { id: 1, country: 'US', region: 'CA' },
    { id: 2, country: 'US', region: 'NY' },
    { id: 3, country: 'us', region: null },
    { id: 4, country: 'FR', region: null },
    { id: 5, country: null, region: 'CA' },
  ];

  it('a region match beats a country match, whatever the order; case does not matter', () => {
    for (const list of [
      [us, ca],
      [ca, us],
    ]) {
      const a = assignTerritories(people, list);
      expect(Object.fromEntries(a)).toEqual({ 1: 2, 2: 1, 3: 1 });
    }
  });

  it('include wins over places; exclude skips a territory but not the others', () => {
    const a = assignTerritories(people, [
      { ...us, include: [4] },
      { ...ca, exclude: [1] },
    ]);
    expect(a.get(4)).toBe(1);
    expect(a.get(1)).toBe(1);
    const b = assignTerritories(people, [{ ...us, exclude: [1] }, ca]);
    expect(b.get(1)).toBe(2);
  });

  it('among equal matches the earlier territory wins', () => {
    const a = assignTerritories(people, [T(7, 'A', [{ country: 'US', region: null }]), us]);
    expect(a.get(2)).toBe(7);
  });
});

describe('territoryCoverage', () => {
  const people = [
    person(1, { tier: 'T1', community: 1 }),
    person(2, { tier: 'T2', community: 2 }),
    person(3, { tier: 'T3', community: 2 }),
    person(4, { tier: 'T1', community: 3 }),
  ];
  const result = {
    people,
    edges: [{ source: 1, target: 2, weight: 1 }],
    communities: [
      { id: 1, size: 1, leaders: [1] },
      { id: 2, size: 2, leaders: [2, 3] },
      { id: 3, size: 1, leaders: [4] },
    ],
  };
  const territories = [T(1, 'A', [], { capacity: 1 })];
  const assigned = new Map([
    [1, 1],
    [2, 1],
    [3, 1],
  ]);

  it('counts tiers, load and capacity, and lists the gaps', () => {
    const r = territoryCoverage(result, territories, assigned, new Map([[3, 'planned']]));
    expect(r.territories[0]).toMatchObject({
      people: 3,
      t1: 1,
      t2: 1,
      load: 3,
      overCapacity: true,
      planned: 1,
    });
    expect(r.territories[0]?.communities).toEqual([1, 2]);
    expect(r.gaps.unassignedTopTier.map((p) => p.id)).toEqual([4]);
    expect(r.gaps.uncoveredCommunities.map((c) => c.community)).toEqual([2, 1, 3]);
    const next = r.nextBest[0]!.people;
    expect(next.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(next[0]?.reason).toContain('co-authors in 1 more uncovered community (C2)');
    expect(next[2]?.reason).toContain('planned, not yet engaged');
  });

  it('an engaged person covers their community and leaves the next best list', () => {
    const r = territoryCoverage(result, territories, assigned, new Map([[2, 'engaged']]));
    expect(r.territories[0]?.communitiesTouched).toEqual([2]);
    expect(r.gaps.uncoveredCommunities.map((c) => c.community)).toEqual([1, 3]);
    const next = r.nextBest[0]!.people;
    expect(next.map((p) => p.id)).not.toContain(2);
    expect(next.find((p) => p.id === 3)?.reason).toContain('community C2 already engaged');
  });
});

describe('crmCsv', () => {
  it('has the CRM columns, neutralises formulas and adds a BOM on request', () => {
    const csv = crmCsv(
      [person(1, { given: '=cmd', family: '+Evil, Jr', tier: 'T1', territory: 'West', country: 'US' })],
      {
        therapeuticArea: 'Oncology',
        npi: new Map([[1, '1234567890']]),
        msl: new Map([['West', '@msl']]),
        engagements: new Map([[1, { priority: 'high', status: 'planned' }]]),
      },
      { bom: true },
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row] = csv.slice(1).trimEnd().split('\n');
    expect(header).toBe(CRM_COLUMNS.join(','));
    expect(row).toBe(`1,'=cmd,"'+Evil, Jr",,,,US,,1234567890,Oncology,T1,99.00,West,'@msl,high,planned`);
  });
});
