// The analysis core against python3-igraph, the reference: degree, weighted degree, weighted
// PageRank, exact weighted betweenness (length = 1/weight) and Louvain modularity, on seeded
// synthetic graphs and on the real co-authorship graph of a PubMed export.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PaperRow, PersonRow } from '../../shared/api';
import {
  analyze,
  betweenness,
  buildCoauthorGraph,
  degrees,
  indexAuthorships,
  indexPeople,
  louvain,
  modularity,
  pagerank,
} from '../../shared/analytics';
import type { CoauthorGraph } from '../../shared/analytics';
import { igraphMeasures, requireIgraph } from '../helpers/igraph';
import { describeReal, realFile } from '../helpers/realData';
import { syntheticInput } from '../helpers/syntheticPapers';
import { personRow } from '../helpers/personRow';

function graphOf(people: readonly PersonRow[], papers: readonly PaperRow[]): CoauthorGraph {
  return buildCoauthorGraph(people.length, indexAuthorships(papers, indexPeople(people)));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Largest |a−b| / max(1, |b|): absolute for small values, relative for large betweenness sums. */
function maxScaledDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}

/** Compares everything igraph can tell us about `graph`; betweenness only when asked (exact, ≤ 5000 nodes). */
function compareWithIgraph(label: string, graph: CoauthorGraph, withBetweenness: boolean): void {
  const ours = louvain(graph, { seed: 42 });
  const ref = igraphMeasures(graph, { betweenness: withBetweenness, membership: ours.membership });
  const n = graph.nodeCount;

  expect(Array.from(degrees(graph))).toEqual(ref.degree);
  // Same edge weights summed over the same sorted neighbour order as igraph's incidence lists.
  expect(Array.from(graph.strength)).toEqual(ref.strength);

  const pr = pagerank(graph);
  const prDiff = maxAbsDiff(pr, ref.pagerank);
  let prRel = 0;
  for (let i = 0; i < n; i++) prRel = Math.max(prRel, Math.abs(pr[i]! - ref.pagerank[i]!) / ref.pagerank[i]!);
  expect(prDiff).toBeLessThan(1e-6);
  expect(prRel).toBeLessThan(1e-6);

  let btwDiff = NaN;
  if (withBetweenness) {
    const b = betweenness(graph, { exactLimit: 5000 });
    expect(b.mode).toBe('exact');
    btwDiff = maxScaledDiff(b.values, ref.betweenness!);
    expect(btwDiff).toBeLessThan(1e-9);
  }

  // Our modularity function agrees with igraph's on our partition, and the partition is as good.
  expect(Math.abs(modularity(graph, ours.membership) - ref.modularityOfMembership!)).toBeLessThan(1e-9);
  expect(Math.abs(ours.modularity - ref.modularityOfMembership!)).toBeLessThan(1e-9);
  expect(ours.modularity).toBeGreaterThanOrEqual(0.98 * ref.multilevelModularity);

  console.log(
    `[igraph] ${label}: ${n} nodes, ${graph.edgeCount} edges; PageRank max |Δ| ${prDiff.toExponential(2)} ` +
      `(rel ${prRel.toExponential(2)}); betweenness max scaled Δ ${withBetweenness ? btwDiff.toExponential(2) : 'n/a'}; ` +
      `Louvain Q ${ours.modularity.toFixed(4)} (${ours.count} communities) vs igraph multilevel ` +
      `${ref.multilevelModularity.toFixed(4)} (${ref.multilevelCount}) = ${((100 * ours.modularity) / ref.multilevelModularity).toFixed(1)}%`,
  );
}

describe('analysis core against python3-igraph', () => {
  beforeAll(() => {
    requireIgraph();
  });

  it('matches on a small seeded graph (60 people, isolated nodes, repeated pairs)', () => {
    const input = syntheticInput({ people: 60, papers: 80, seed: 3, groups: 4 });
    compareWithIgraph('small synthetic', graphOf(input.people, input.papers), true);
  });

  it('matches on a seeded synthetic graph of 2,500 people, including consortium papers over the cap', () => {
    const input = syntheticInput({ people: 2500, papers: 2200, seed: 11, consortiumShare: 0.01 });
    compareWithIgraph('synthetic 2.5k', graphOf(input.people, input.papers), true);
  });

  it('sampled betweenness (500 sources) finds the same brokers as the exact values', () => {
    const input = syntheticInput({ people: 2500, papers: 2200, seed: 11, consortiumShare: 0.01 });
    const graph = graphOf(input.people, input.papers);
    const exact = betweenness(graph);
    const sampled = betweenness(graph, { exactLimit: 0, samples: 500, seed: 42 });
    expect(sampled.mode).toBe('sampled');
    expect(sampled.sources).toBe(500);
    // Pearson correlation over all nodes, and the top 20 exact brokers found in the sampled top 40.
    const n = graph.nodeCount;
    let ma = 0;
    let mb = 0;
    for (let i = 0; i < n; i++) {
      ma += exact.values[i]! / n;
      mb += sampled.values[i]! / n;
    }
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = 0; i < n; i++) {
      const a = exact.values[i]! - ma;
      const b = sampled.values[i]! - mb;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    const r = sab / Math.sqrt(saa * sbb);
    const top = (v: Float64Array, k: number) =>
      Array.from(v.keys())
        .sort((x, y) => v[y]! - v[x]!)
        .slice(0, k);
    const sampledTop = new Set(top(sampled.values, 40));
    const found = top(exact.values, 20).filter((i) => sampledTop.has(i)).length;
    let relTop = 0;
    for (const i of top(exact.values, 20)) {
      relTop = Math.max(relTop, Math.abs(sampled.values[i]! - exact.values[i]!) / exact.values[i]!);
    }
    console.log(
      `[igraph] sampled betweenness, 500 of ${n} sources: Pearson r ${r.toFixed(4)}, ` +
        `top-20 exact brokers in sampled top-40: ${found}/20, max relative error on them ${(100 * relTop).toFixed(1)}%`,
    );
    expect(r).toBeGreaterThan(0.95);
    expect(found).toBeGreaterThanOrEqual(17);
  });
});

describeReal('analysis core against python3-igraph on a real PubMed export', () => {
  /** Minimal parse of the "Authors" column ("Kannan S, Shaik Syed Ali P, Sheeza A."): split on ',', trim. */
  function realInput(limitPapers?: number): { people: PersonRow[]; papers: PaperRow[] } {
    const text = readFileSync(realFile('pubmed_covid19_excel/csv-covid19-set.csv'), 'utf8');
    const parsed = Papa.parse<Record<string, string>>(text, {
      header: true,
      skipEmptyLines: true,
      // The export has several unnamed columns; name them so papaparse does not warn about duplicates.
      transformHeader: (h, i) => h.trim() || `column${i}`,
    });
    const ids = new Map<string, number>();
    const people: PersonRow[] = [];
    const papers: PaperRow[] = [];
    const rows = limitPapers === undefined ? parsed.data : parsed.data.slice(0, limitPapers);
    rows.forEach((row, p) => {
      const authors: number[] = [];
      for (const raw of (row.Authors ?? '').split(',')) {
        const name = raw.trim().replace(/\.$/, '');
        if (name === '') continue;
        let id = ids.get(name);
        if (id === undefined) {
          id = ids.size + 1;
          ids.set(name, id);
          people.push(personRow(id, name));
        }
        authors.push(id);
      }
      const year = Number(row['Publication Year']);
      papers.push({
        id: p + 1,
        year: Number.isFinite(year) && year > 0 ? year : null,
        citations: null,
        authors,
      });
    });
    return { people, papers };
  }

  beforeAll(() => {
    requireIgraph();
  });

  it('matches on the full co-authorship graph (degree, strength, PageRank, Louvain)', () => {
    const input = realInput();
    expect(input.papers.length).toBe(10000);
    compareWithIgraph('PubMed COVID-19, all 10,000 papers', graphOf(input.people, input.papers), false);
  });

  it('matches exact betweenness on the graph of its first 1,000 papers (< 5,000 people)', () => {
    const input = realInput(1000);
    expect(input.people.length).toBeLessThanOrEqual(5000);
    compareWithIgraph('PubMed COVID-19, first 1,000 papers', graphOf(input.people, input.papers), true);
  });

  it('analyzes the real export end to end: no citations, so that component drops out', () => {
    const input = realInput();
    const result = analyze({ scope: {}, ...input }, { betweennessSamples: 50 });
    expect(result.people).toHaveLength(input.people.length);
    expect(result.weights.citations).toBe(0);
    const total = Object.values(result.weights).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
    expect(result.betweennessMode).toBe('sampled');
    for (const person of result.people.slice(0, 200)) {
      const sum = person.breakdown.reduce((s, part) => s + part.contribution, 0);
      expect(sum).toBe(person.score);
    }
  });
});
