// Advisory board shortlists (issue 7): balance across communities and countries, at most K per
// institution, rising-star places, a reason per pick, swapping a pick and the CSV export.
import { describe, expect, it } from 'vitest';
import {
  balanceSummary,
  buildShortlist,
  risingStarProxy,
  shortlistCsv,
  swapPick,
} from '../../shared/analytics/shortlist';
import type { AnalysisResult, RankedPerson } from '../../shared/analytics/types';

type Spec = {
  name: string;
  institution: string | null;
  country: string;
  community: number;
  publications?: number;
  recency?: number;
};

/** A result whose people are ranked in the order given, scores falling by 2 from 100. */
function result(specs: Spec[]): AnalysisResult {
  const people = specs.map((s, i) => {
    const rank = i + 1;
    return {
      id: i + 1,
      name: s.name,
      family: s.name,
      given: '',
      orcid: null,
      institution: s.institution,
      city: null,
      region: null,
      country: s.country,
      territory: null,
      rank,
      score: 100 - 2 * i,
      tier: rank <= 2 ? 'T1' : rank <= 5 ? 'T2' : 'T3',
      publications: s.publications ?? 10,
      firstAuthor: 0,
      lastAuthor: 0,
      citations: null,
      hIndex: null,
      recency: s.recency ?? 2,
      coauthors: 0,
      degree: 0,
      weightedDegree: 0,
      pagerank: 0,
      betweenness: 0,
      community: s.community,
      breakdown: [],
    } as RankedPerson;
  });
  return {
    people,
    edges: [],
    communities: [],
    modularity: 0,
    weights: {} as AnalysisResult['weights'],
    betweennessMode: 'exact',
    referenceYear: 2024,
    stats: { people: people.length, papers: 0, edges: 0, papersOverCap: 0 },
    timings: {},
  } as unknown as AnalysisResult;
}

// The top five all come from one institution, community and country; the rest are spread out.
const people: Spec[] = [
  { name: 'A1', institution: 'Charité', country: 'DE', community: 1 },
  { name: 'A2', institution: 'Charité', country: 'DE', community: 1 },
  { name: 'A3', institution: 'charité ', country: 'DE', community: 1 },
  { name: 'A4', institution: 'Charité', country: 'DE', community: 1 },
  { name: 'A5', institution: 'LMU', country: 'DE', community: 1 },
  { name: 'B1', institution: 'Mayo', country: 'US', community: 2 },
  { name: 'C1', institution: 'Karolinska', country: 'SE', community: 3 },
  { name: 'B2', institution: 'Mayo', country: 'US', community: 2 },
  { name: 'D1', institution: null, country: 'FR', community: 4 },
  { name: 'R1', institution: 'Leiden', country: 'NL', community: 1, publications: 3, recency: 2.8 },
];
const r = result(people);

describe('buildShortlist', () => {
  it('keeps at most K from one institution (names compared without case and spaces)', () => {
    const list = buildShortlist(r, { size: 6, maxPerInstitution: 2, communityDecay: 1, countryDecay: 1 });
    expect(list.picks.map((p) => p.name)).toEqual(['A1', 'A2', 'A5', 'B1', 'C1', 'B2']);
    expect(list.balance.overCap).toEqual([]);
    expect(balanceSummary(list.balance).maxFromOneInstitution).toBe(2);
  });

  it('balances communities and countries with diminishing returns', () => {
    const list = buildShortlist(r, { size: 4, maxPerInstitution: 3 });
    const names = list.picks.map((p) => p.name);
    expect(names[0]).toBe('A1');
    // B1 (community 2, US) and C1 (community 3, SE) beat A2 despite lower scores.
    expect(names).toContain('B1');
    expect(names).toContain('C1');
    expect(new Set(list.picks.map((p) => p.community)).size).toBeGreaterThanOrEqual(3);
    const b1 = list.picks.find((p) => p.name === 'B1')!;
    expect(b1.kind).toBe('balance');
    expect(b1.reason).toMatch(
      /^rank 6 \(T3, score 90\.0\); first from community C2; first from US; chosen over \d+ higher-scored for balance$/,
    );
    expect(list.picks[0]!.reason).toBe('rank 1 (T1, score 100.0); first from community C1; first from DE');
    expect(list.picks[0]!.kind).toBe('score');
  });

  it('fills rising-star places from the candidates, and says so', () => {
    const rising = risingStarProxy(r);
    expect(rising.map((x) => x.id)).toEqual([10]);
    const list = buildShortlist(r, { size: 3, maxPerInstitution: 2, risingStars: 1 }, rising);
    expect(list.picks).toHaveLength(3);
    const star = list.picks[2]!;
    expect([star.name, star.kind]).toEqual(['R1', 'rising']);
    expect(star.reason).toMatch(/^early-career proxy: 93% of 3 papers are recent; rank 10/);
    // No candidates: the place goes back to the main rule.
    expect(buildShortlist(r, { size: 3, maxPerInstitution: 2, risingStars: 1 }, []).picks).toHaveLength(3);
  });

  it('reports a short list when caps leave too few people, and honours exclusions', () => {
    const list = buildShortlist(r, { size: 20, maxPerInstitution: 1, exclude: [1] });
    expect(list.short).toBe(true);
    expect(list.picks.some((p) => p.id === 1)).toBe(false);
    expect(list.pool).toBe(9);
    const inst = list.picks.map((p) => p.institution?.trim().toLowerCase()).filter(Boolean);
    expect(new Set(inst).size).toBe(inst.length);
  });
});

describe('swapPick and export', () => {
  it('replaces a pick in place, recomputes the balance and flags an institution over K', () => {
    const list = buildShortlist(r, { size: 4, maxPerInstitution: 1 });
    const before = balanceSummary(list.balance);
    const out = list.picks.find((p) => p.institution !== 'Charité')!;
    const swapped = swapPick(list, out.id, 2, r, 1); // A2, a second Charité pick
    expect(swapped.picks.map((p) => p.id)).toContain(2);
    expect(swapped.picks.findIndex((p) => p.id === 2)).toBe(list.picks.indexOf(out));
    expect(swapped.picks.find((p) => p.id === 2)!.reason).toMatch(
      new RegExp(`^chosen by hand instead of ${out.name}`),
    );
    expect(swapped.balance.overCap).toEqual(['Charité']);
    expect(balanceSummary(swapped.balance).maxFromOneInstitution).toBe(2);
    expect(balanceSummary(swapped.balance).institutions).toBe(before.institutions - 1);
    expect(() => swapPick(list, 999, 2, r, 1)).toThrow(/not on the shortlist/);
    expect(() => swapPick(list, out.id, list.picks[0]!.id, r, 1)).toThrow(/already/);
  });

  it('exports a CSV with neutralised cells', () => {
    const evil = result([{ name: '=cmd|calc', institution: '@Home', country: 'DE', community: 1 }]);
    const csv = shortlistCsv(buildShortlist(evil, { size: 1, maxPerInstitution: 1 }));
    const [header, row] = csv.trimEnd().split('\n');
    expect(header).toBe('position,kolmap_id,name,institution,country,community,rank,tier,score,kind,reason');
    expect(row).toMatch(/^1,1,'=cmd\|calc,'@Home,DE,C1,1,T1,100\.00,score,/);
  });
});
