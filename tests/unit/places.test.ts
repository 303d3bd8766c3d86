// The geography behind the map of places (renderer/src/graph/places.ts) and the place filters the map
// sets (renderer/src/state/selectors visiblePeople): shapes keyed by the codes kolmap stores, the
// territory colour of a place by the assignment rule, counts per place, stable colours.
import { geoPath } from 'd3-geo';
import { describe, expect, it } from 'vitest';
import type { RankedPerson } from '../../shared/analytics/types';
import type { TerritoryInfo } from '../../shared/api';
import {
  placeCounts,
  placeTerritory,
  territoryColors,
  usStateShapes,
  worldShapes,
} from '../../renderer/src/graph/places';
import { visiblePeople } from '../../renderer/src/state/selectors';
import { NO_FILTERS } from '../../renderer/src/state/view';

function territory(id: number, name: string, places: [string, string | null][]): TerritoryInfo {
  return {
    id,
    name,
    msl: null,
    capacity: null,
    regionGroup: null,
    places: places.map(([country, region]) => ({ country, region })),
    include: [],
    exclude: [],
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

function person(id: number, country: string | null, region: string | null, tier = 'T3'): RankedPerson {
  return { id, country, region, tier, rank: id, score: 100 - id, community: 0 } as unknown as RankedPerson;
}

describe('shapes', () => {
  it('keys the world by ISO alpha-2 and the US states by ISO 3166-2, each with a drawable shape', () => {
    const world = worldShapes();
    const keys = new Set(world.map((s) => s.key));
    for (const k of ['DE', 'US', 'GB', 'FR', 'CN', 'BR', 'AU', 'JP', 'XK']) expect(keys.has(k), k).toBe(true);
    expect(keys.size).toBe(world.length); // one shape per code
    const path = geoPath();
    for (const s of world) expect(path.area(s.feature)).toBeGreaterThan(0);
    const states = usStateShapes();
    const codes = new Set(states.map((s) => s.key));
    for (const k of ['US-CA', 'US-MA', 'US-TX', 'US-DC', 'US-AK', 'US-HI'])
      expect(codes.has(k), k).toBe(true);
    expect(states.filter((s) => /^US-[A-Z]{2}$/.test(s.key)).length).toBeGreaterThanOrEqual(51);
    expect(states.find((s) => s.key === 'US-CA')?.name).toBe('California');
  });
});

describe('placeTerritory and placeCounts', () => {
  const cal = territory(1, 'California', [['US', 'CA']]);
  const rest = territory(2, 'US Rest', [['US', null]]);
  const dach = territory(3, 'DACH', [
    ['DE', null],
    ['CH', null],
  ]);
  const ny = territory(4, 'New York', [['US', 'NY']]);

  it('follows the assignment rule: a region beats its country, a country takes its whole-country territory', () => {
    const list = [cal, rest, dach];
    expect(placeTerritory('DE', null, list, undefined)).toEqual({ territoryId: 3, partial: false });
    expect(placeTerritory('US', 'CA', list, undefined)).toEqual({ territoryId: 1, partial: false });
    expect(placeTerritory('US', 'TX', list, undefined)).toEqual({ territoryId: 2, partial: false });
    expect(placeTerritory('US', null, list, undefined)).toEqual({ territoryId: 2, partial: false });
    expect(placeTerritory('FR', null, list, undefined)).toBeNull();
  });

  it('a country only some of whose regions are in territories takes the one most of its people are in', () => {
    const list = [cal, ny];
    const people = [
      person(1, 'US', 'CA'),
      person(2, 'US', 'NY'),
      person(3, 'US', 'NY'),
      person(4, 'US', 'TX'),
    ];
    const assigned = new Map([
      [1, 1],
      [2, 4],
      [3, 4],
    ]);
    const counts = placeCounts(people, assigned);
    expect(placeTerritory('US', null, list, counts.countries.get('US'))).toEqual({
      territoryId: 4,
      partial: true,
    });
    // With nobody there, the first territory naming one of its regions.
    expect(placeTerritory('US', null, list, undefined)).toEqual({ territoryId: 1, partial: true });
    expect(placeTerritory('US', 'TX', list, counts.regions.get('US-TX'))).toBeNull();
  });

  it('counts people, T1 and T2 per country and per region, and those with no place', () => {
    const people = [
      person(1, 'US', 'CA', 'T1'),
      person(2, 'US', 'CA', 'T2'),
      person(3, 'US', null, 'T2'),
      person(4, 'DE', null, 'T3'),
      person(5, null, null, 'T1'),
    ];
    const counts = placeCounts(people, new Map([[1, 1]]));
    expect(counts.unplaced).toBe(1);
    const us = counts.countries.get('US')!;
    expect([us.people, us.t1, us.t2]).toEqual([3, 1, 2]);
    expect(us.byTerritory.get(1)).toBe(1);
    expect(us.byTerritory.get(null)).toBe(2);
    const ca = counts.regions.get('US-CA')!;
    expect([ca.people, ca.t1, ca.t2]).toEqual([2, 1, 1]);
    expect(counts.countries.get('DE')?.people).toBe(1);
  });

  it('gives each territory a colour that adding or removing another leaves alone', () => {
    const a = territoryColors([dach, cal, rest]);
    expect(new Set(a.values()).size).toBe(3);
    const b = territoryColors([dach, cal, rest, ny]);
    for (const [id, colour] of a) expect(b.get(id)).toBe(colour);
  });
});

describe('the place filters of the map and the table', () => {
  // The same four people for each test, in a fresh result (visiblePeople memoises on its inputs).
  const fixture = () =>
    ({
      people: [person(1, 'US', 'CA'), person(2, 'US', 'NY'), person(3, 'DE', null), person(4, null, null)],
      edges: [],
      communities: [],
    }) as unknown as Parameters<typeof visiblePeople>[0];

  it('keeps people in the picked countries or regions', () => {
    const result = fixture();
    const ids = (f: Partial<typeof NO_FILTERS>) =>
      visiblePeople(result, { ...NO_FILTERS, ...f }, 0, null, new Map()).people.map((p) => p.id);
    expect(ids({})).toEqual([1, 2, 3, 4]);
    expect(ids({ regions: ['US-CA'] })).toEqual([1]);
    expect(ids({ countries: ['DE'] })).toEqual([3]);
    expect(ids({ countries: ['DE'], regions: ['US-NY'] })).toEqual([2, 3]);
    expect(ids({ countries: ['US'] })).toEqual([1, 2]);
  });

  it('keeps people with the picked engagement status, with the other filters', () => {
    const result = fixture();
    const engagements = new Map([
      [1, { status: 'planned' as const }],
      [2, { status: 'engaged' as const }],
      [3, { status: 'not-contacted' as const }],
    ]);
    const ids = (f: Partial<typeof NO_FILTERS>) =>
      visiblePeople(result, { ...NO_FILTERS, ...f }, 0, null, engagements).people.map((p) => p.id);
    expect(ids({ status: 'all' })).toEqual([1, 2, 3, 4]);
    expect(ids({ status: 'planned' })).toEqual([1]);
    expect(ids({ status: 'engaged' })).toEqual([2]);
    // No stored engagement counts as not contacted.
    expect(ids({ status: 'not-contacted' })).toEqual([3, 4]);
    expect(ids({ status: 'active' })).toEqual([1, 2]);
    expect(ids({ status: 'active', countries: ['US'], regions: [] })).toEqual([1, 2]);
    expect(ids({ status: 'active', regions: ['US-NY'] })).toEqual([2]);
    // A changed status is seen at once with the same filters (the memo keys on the engagements while
    // the status filter is on).
    const engaged = { ...NO_FILTERS, status: 'engaged' as const };
    expect(visiblePeople(result, engaged, 0, null, engagements).people.map((p) => p.id)).toEqual([2]);
    const later = new Map(engagements);
    later.set(4, { status: 'engaged' });
    expect(visiblePeople(result, engaged, 0, null, later).people.map((p) => p.id)).toEqual([2, 4]);
  });
});
