// Unit tests of the score (percentiles, weights, breakdown, tiers, --weights parsing) and of analyze().
import { describe, expect, it } from 'vitest';
import type { AnalysisInput } from '../../shared/api';
import {
  analyze,
  assignTiers,
  COMPONENTS,
  computeScores,
  DEFAULT_WEIGHTS,
  midrankPercentiles,
  parseWeights,
  resolveWeights,
} from '../../shared/analytics';
import type { AnalysisResult, ComponentKey } from '../../shared/analytics';
import { syntheticInput } from '../helpers/syntheticPapers';
import { personRow } from '../helpers/personRow';

const person = personRow;

const allAvailable = Object.fromEntries(COMPONENTS.map((k) => [k, true])) as Record<ComponentKey, boolean>;

describe('mid-rank percentiles', () => {
  it('is 100 × (below + ½ equal) / n', () => {
    expect(Array.from(midrankPercentiles([20, 10, 30, 20]))).toEqual([50, 12.5, 87.5, 50]);
  });

  it('gives everyone 50 when all values are equal, and 50 to a scope of one', () => {
    expect(Array.from(midrankPercentiles([3, 3, 3]))).toEqual([50, 50, 50]);
    expect(Array.from(midrankPercentiles([7]))).toEqual([50]);
    expect(midrankPercentiles([])).toHaveLength(0);
  });

  it('treats values equal up to rounding noise as ties', () => {
    const third = 1 / 3;
    expect(Array.from(midrankPercentiles([third + third + third, 1, 2]))).toEqual([
      100 / 3,
      100 / 3,
      (100 * 2.5) / 3,
    ]);
  });
});

describe('weights and scores', () => {
  it('renormalises the remaining weights when a component has no data (citations all null)', () => {
    const w = resolveWeights(undefined, { ...allAvailable, citations: false });
    expect(w.citations).toBe(0);
    const sum = COMPONENTS.reduce((s, k) => s + w[k], 0);
    expect(sum).toBeCloseTo(1, 15);
    const total = COMPONENTS.reduce((s, k) => s + DEFAULT_WEIGHTS[k], 0);
    expect(w.publications).toBeCloseTo(
      DEFAULT_WEIGHTS.publications / (total - DEFAULT_WEIGHTS.citations),
      15,
    );
  });

  it('applies overrides as relative weights', () => {
    const w = resolveWeights(
      {
        pagerank: 1,
        publications: 1,
        firstLast: 0,
        citations: 0,
        recency: 0,
        coauthors: 0,
        weightedDegree: 0,
        trials: 0,
      },
      allAvailable,
    );
    expect(w.pagerank).toBe(0.5);
    expect(w.publications).toBe(0.5);
  });

  it('refuses unknown keys, negative weights and an all-zero combination', () => {
    expect(() => resolveWeights({ foo: 1 } as never, allAvailable)).toThrow(
      /unknown weight "foo"; valid keys: publications/,
    );
    expect(() => resolveWeights({ pagerank: -1 }, allAvailable)).toThrow(/pagerank/);
    const zero = Object.fromEntries(COMPONENTS.map((k) => [k, 0]));
    expect(() => resolveWeights(zero, allAvailable)).toThrow(/weight 0/);
  });

  it('builds a breakdown whose contributions add up to the score exactly', () => {
    const n = 50;
    const values = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
    const components = {
      publications: values((i) => i % 7),
      firstLast: values((i) => i % 3),
      citations: null,
      recency: values((i) => Math.sqrt(i)),
      coauthors: values((i) => (i * 13) % 11),
      weightedDegree: values((i) => i / 3),
      pagerank: values((i) => 1 / (i + 1)),
      trials: values((i) => (i % 4) / 2),
    };
    const r = computeScores(n, components);
    for (let i = 0; i < n; i++) {
      const parts = r.breakdown[i]!;
      expect(parts.map((p) => p.component)).toEqual(COMPONENTS.filter((k) => k !== 'citations'));
      expect(parts.reduce((s, p) => s + p.contribution, 0)).toBe(r.scores[i]);
      for (const p of parts) expect(p.contribution).toBe(p.percentile * p.weight);
      expect(r.scores[i]).toBeGreaterThanOrEqual(0);
      expect(r.scores[i]).toBeLessThanOrEqual(100);
    }
  });
});

describe('tiers', () => {
  it('cuts 5% / 15% / 30% / 50% by rank', () => {
    for (const n of [20, 100, 1000]) {
      const tiers = assignTiers(Array.from({ length: n }, (_, i) => n - i));
      const count = (t: string) => tiers.filter((x) => x === t).length;
      expect([count('T1'), count('T2'), count('T3'), count('T4')]).toEqual([
        0.05 * n,
        0.15 * n,
        0.3 * n,
        0.5 * n,
      ]);
    }
  });

  it('puts the top person of a tiny scope in T1, and keeps equal scores in one tier', () => {
    expect(assignTiers([90])).toEqual(['T1']);
    expect(assignTiers([90, 80, 70])).toEqual(['T1', 'T3', 'T4']);
    // 20 people, T1 is 1 person; the 2nd has the same score, so it joins T1.
    const scores = [99, 99, ...Array.from({ length: 18 }, (_, i) => 50 - i)];
    expect(assignTiers(scores).slice(0, 3)).toEqual(['T1', 'T1', 'T2']);
  });

  it('accepts custom cumulative cuts and rejects decreasing ones', () => {
    const tiers = assignTiers(
      Array.from({ length: 10 }, (_, i) => 10 - i),
      [0.1, 0.5, 0.9],
    );
    expect(tiers).toEqual(['T1', 'T2', 'T2', 'T2', 'T2', 'T3', 'T3', 'T3', 'T3', 'T4']);
    expect(() => assignTiers([1], [0.5, 0.2, 0.9])).toThrow(/cumulative/);
  });
});

describe('parseWeights (CLI --weights)', () => {
  it('parses key=value pairs, tolerating case, spaces, _ and -', () => {
    expect(parseWeights('pagerank=2,citations=0')).toEqual({ pagerank: 2, citations: 0 });
    expect(parseWeights(' first_last = 1 , Weighted-Degree=0.5,')).toEqual({
      firstLast: 1,
      weightedDegree: 0.5,
    });
  });

  it('names the unknown key and lists the valid ones', () => {
    expect(() => parseWeights('pagerank=1,hindex=2')).toThrow(
      'unknown weight "hindex"; valid keys: publications, firstLast, citations, recency, coauthors, weightedDegree, pagerank',
    );
  });

  it('explains malformed entries, bad values, repeats and an empty list', () => {
    expect(() => parseWeights('pagerank')).toThrow(/"pagerank" is not key=value/);
    expect(() => parseWeights('pagerank=abc')).toThrow(/"pagerank" must be a number ≥ 0, got "abc"/);
    expect(() => parseWeights('pagerank=-1')).toThrow(/must be a number ≥ 0/);
    expect(() => parseWeights('pagerank=')).toThrow(/must be a number/);
    expect(() => parseWeights('pagerank=1,PageRank=2')).toThrow(/given twice/);
    expect(() => parseWeights(' , ')).toThrow(/no weights given/);
  });
});

describe('analyze()', () => {
  const input = syntheticInput({ people: 600, papers: 500, seed: 4 });

  function withoutTimings(r: AnalysisResult): Omit<AnalysisResult, 'timings'> {
    const { timings: _timings, ...rest } = r;
    return rest;
  }

  it('ranks everyone best first with scores, tiers, communities and a full breakdown', () => {
    const r = analyze(input);
    expect(r.people).toHaveLength(600);
    r.people.forEach((p, i) => {
      expect(p.rank).toBe(i + 1);
      if (i > 0) expect(p.score).toBeLessThanOrEqual(r.people[i - 1]!.score);
      expect(p.breakdown.reduce((s, part) => s + part.contribution, 0)).toBe(p.score);
    });
    expect(r.betweennessMode).toBe('exact');
    expect(r.communities.reduce((s, c) => s + c.size, 0)).toBe(600);
    for (const c of r.communities) {
      const members = r.people.filter((p) => p.community === c.id);
      expect(members).toHaveLength(c.size);
      expect(c.leaders).toEqual(members.slice(0, 5).map((p) => p.id));
    }
    expect(r.edges).toHaveLength(r.stats.edges);
    expect(r.stats.papersOverCap).toBe(input.papers.filter((p) => new Set(p.authors).size > 50).length);
    const t1 = r.people.filter((p) => p.tier === 'T1').length;
    expect(t1).toBeGreaterThanOrEqual(30);
    expect(t1).toBeLessThan(40); // ≥ 5% (ties may join), not much more
    expect(r.referenceYear).toBe(2024);
    expect(Object.keys(r.timings)).toEqual(
      expect.arrayContaining(['graph', 'people', 'pagerank', 'betweenness', 'communities', 'score', 'total']),
    );
  });

  it('is deterministic for the same input and seed', () => {
    expect(withoutTimings(analyze(input, { seed: 3 }))).toEqual(withoutTimings(analyze(input, { seed: 3 })));
  });

  it('drops citations when no paper has them and says so in the weights used', () => {
    const noCites = syntheticInput({ people: 200, papers: 150, seed: 4, missingCitations: 1 });
    const r = analyze(noCites);
    expect(r.weights.citations).toBe(0);
    expect(r.people.every((p) => p.citations === null && p.hIndex === null)).toBe(true);
    expect(r.people[0]!.breakdown.some((p) => p.component === 'citations')).toBe(false);
  });

  it('breaks score ties by publications, then name, then id', () => {
    const tie: AnalysisInput = {
      scope: {},
      people: [person(3, 'Beta'), person(2, 'Alpha'), person(1, 'Alpha'), person(4, 'Gamma')],
      papers: [
        { id: 1, year: 2020, citations: 1, authors: [3] },
        { id: 2, year: 2020, citations: 1, authors: [2] },
        { id: 3, year: 2020, citations: 1, authors: [1] },
        { id: 4, year: 2020, citations: 1, authors: [4] },
      ],
    };
    const r = analyze(tie);
    expect(new Set(r.people.map((p) => p.score)).size).toBe(1);
    expect(r.people.map((p) => p.id)).toEqual([1, 2, 3, 4]);
    expect(r.people.map((p) => p.tier)).toEqual(['T1', 'T1', 'T1', 'T1']);
  });

  it('honours options: weights, includeEdges, cap, and rejects bad values', () => {
    const r = analyze(input, {
      weights: {
        pagerank: 1,
        publications: 0,
        firstLast: 0,
        citations: 0,
        recency: 0,
        coauthors: 0,
        weightedDegree: 0,
      },
      includeEdges: false,
      maxAuthorsForEdges: 10,
    });
    expect(r.weights.pagerank).toBe(1);
    expect(r.people[0]!.breakdown).toHaveLength(1);
    expect(r.edges).toEqual([]);
    expect(r.stats.papersOverCap).toBeGreaterThan(0);
    expect(() => analyze(input, { resolution: 0 })).toThrow(/resolution must be > 0/);
    expect(() => analyze(input, { weights: { bogus: 1 } as never })).toThrow(/unknown weight "bogus"/);
  });

  it('reports progress per phase ending at 1', () => {
    const seen: string[] = [];
    analyze(input, {}, (phase, fraction) => {
      if (fraction === 1) seen.push(phase);
    });
    expect(seen).toEqual(['graph', 'people', 'pagerank', 'betweenness', 'communities', 'score']);
  });

  it('handles an empty scope', () => {
    const r = analyze({ scope: {}, people: [], papers: [] });
    expect(r.people).toEqual([]);
    expect(r.communities).toEqual([]);
    expect(r.modularity).toBe(0);
  });
});
