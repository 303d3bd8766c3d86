// Unit tests of the co-authorship graph and its network measures on small hand-checked graphs.
import { describe, expect, it } from 'vitest';
import type { PaperRow } from '../../shared/api';
import {
  betweenness,
  buildCoauthorGraph,
  degrees,
  forEachEdge,
  graphFromEdges,
  indexAuthorships,
  indexPeople,
  louvain,
  modularity,
  pagerank,
  personMetrics,
} from '../../shared/analytics';
import type { CoauthorGraph } from '../../shared/analytics';
import { syntheticInput } from '../helpers/syntheticPapers';

const paper = (
  id: number,
  authors: number[],
  year: number | null = 2020,
  citations: number | null = null,
): PaperRow => ({
  id,
  year,
  citations,
  authors,
});

/** People 10 (A), 20 (B), 30 (C), 40 (D), 50 (E), 60 (F) → nodes 0..5. */
const people = [10, 20, 30, 40, 50, 60].map((id) => ({ id }));

function build(papers: PaperRow[], maxAuthorsForEdges?: number): CoauthorGraph {
  return buildCoauthorGraph(people.length, indexAuthorships(papers, indexPeople(people)), {
    maxAuthorsForEdges,
  });
}

function edgeMap(graph: CoauthorGraph): Map<string, number> {
  const out = new Map<string, number>();
  forEachEdge(graph, (u, v, w) => out.set(`${u}-${v}`, w));
  return out;
}

describe('co-authorship graph (fractional counting)', () => {
  const papers = [
    paper(1, [10, 20, 30]), // 3 authors: each pair + 1/2
    paper(2, [10, 20]), // 2 authors: + 1
    paper(3, [10]), // single author: no edge
    paper(4, [20, 40, 20]), // B twice in one byline: counted once → B–D + 1
    paper(5, [30, 40, 50, 60]), // 4 authors: each pair + 1/3
  ];

  it('adds 1/(n−1) per pair and sums over papers', () => {
    const g = build(papers);
    const e = edgeMap(g);
    expect(e.get('0-1')).toBe(1.5);
    expect(e.get('0-2')).toBe(0.5);
    expect(e.get('1-2')).toBe(0.5);
    expect(e.get('1-3')).toBe(1);
    expect(e.get('2-3')).toBeCloseTo(1 / 3, 15);
    expect(e.get('4-5')).toBeCloseTo(1 / 3, 15);
    expect(g.edgeCount).toBe(10);
    // A paper with n authors gives each of them total weight 1 (VOSviewer's fractional counting).
    [2, 3, 2, 2, 1, 1].forEach((s, i) => expect(g.strength[i]).toBeCloseTo(s, 14));
    expect(Array.from(degrees(g))).toEqual([2, 3, 5, 4, 3, 3]);
  });

  it('stores each edge in both rows with bit-identical weights, neighbours sorted', () => {
    const g = build(papers);
    for (let u = 0; u < g.nodeCount; u++) {
      const row = Array.from(g.neighbors.subarray(g.offsets[u], g.offsets[u + 1]));
      expect(row).toEqual([...row].sort((a, b) => a - b));
      for (let k = g.offsets[u]!; k < g.offsets[u + 1]!; k++) {
        const v = g.neighbors[k]!;
        const back = Array.from(g.neighbors.subarray(g.offsets[v], g.offsets[v + 1])).indexOf(u);
        expect(g.weights[g.offsets[v]! + back]).toBe(g.weights[k]);
      }
    }
  });

  it('papers above the author cap add no edges, but their authors stay nodes', () => {
    const g = build(papers, 3);
    const e = edgeMap(g);
    expect(e.has('2-3')).toBe(false); // paper 5 has 4 authors > 3
    expect(e.has('4-5')).toBe(false);
    expect(e.get('0-1')).toBe(1.5);
    expect(g.nodeCount).toBe(6);
    expect(g.strength[4]).toBe(0);
  });

  it('keeps people without co-authored papers as isolated nodes', () => {
    const g = build([paper(1, [10]), paper(2, [20, 30])]);
    expect(g.nodeCount).toBe(6);
    expect(Array.from(degrees(g))).toEqual([0, 1, 1, 0, 0, 0]);
  });

  it('rejects an author who is not among the people, and repeated person ids, naming them', () => {
    expect(() => build([paper(7, [10, 99])])).toThrow(/paper 7 .*author id 99/);
    expect(() => indexPeople([{ id: 1 }, { id: 1 }])).toThrow(/person id 1 appears twice/);
  });

  it('graphFromEdges merges repeated edges', () => {
    const g = graphFromEdges(3, [
      [0, 1, 1],
      [1, 0, 2],
      [1, 2, 0.5],
    ]);
    expect(edgeMap(g)).toEqual(
      new Map([
        ['0-1', 3],
        ['1-2', 0.5],
      ]),
    );
    expect(Array.from(g.strength)).toEqual([3, 3.5, 0.5]);
  });
});

describe('per-person metrics', () => {
  it('counts publications, first/last authorships, citations, h-index and recency', () => {
    const papers = [
      paper(1, [10, 20, 30], 2024, 10),
      paper(2, [20, 10], 2021, 3),
      paper(3, [10], 2018, null), // single author: first author, not last
      paper(4, [40, 20, 40], 2024, 5), // D first and last (raw byline); B once
    ];
    const idx = indexPeople(people);
    const m = personMetrics(people.length, papers, indexAuthorships(papers, idx));
    expect(Array.from(m.publications)).toEqual([3, 3, 1, 1, 0, 0]);
    expect(Array.from(m.firstAuthor)).toEqual([2, 1, 0, 1, 0, 0]);
    expect(Array.from(m.lastAuthor)).toEqual([1, 0, 1, 1, 0, 0]);
    expect(Array.from(m.citations!)).toEqual([13, 18, 10, 5, 0, 0]);
    expect(Array.from(m.hIndex!)).toEqual([2, 3, 1, 1, 0, 0]);
    expect(m.referenceYear).toBe(2024);
    // A: 2024 → 1, 2021 → 0.5 (one half-life), 2018 → 0.25.
    expect(m.recency[0]).toBeCloseTo(1.75, 14);
  });

  it('reports no citation data (null) when no paper in scope has a count', () => {
    const papers = [paper(1, [10, 20], 2020, null)];
    const m = personMetrics(people.length, papers, indexAuthorships(papers, indexPeople(people)));
    expect(m.citations).toBeNull();
    expect(m.hIndex).toBeNull();
  });
});

describe('PageRank', () => {
  it('sums to 1 and is symmetric on a symmetric graph, with isolated nodes at the teleport floor', () => {
    // Path 0–1–2 plus isolated node 3.
    const g = graphFromEdges(4, [
      [0, 1, 1],
      [1, 2, 1],
    ]);
    const pr = pagerank(g);
    expect(pr.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    // Gauss–Seidel updates node 0 before node 2, so symmetric nodes agree to the tolerance, not bit for bit.
    expect(Math.abs(pr[0]! - pr[2]!) / pr[0]!).toBeLessThan(1e-10);
    expect(pr[1]!).toBeGreaterThan(pr[0]!);
    // Closed form for this graph (dangling node spreads uniformly): solve by hand.
    // x3 = (1−d)/(n − d) ; base = (1−d)/n + d·x3/n ; x1 = base + d(x0 + x2), x0 = base + d·x1/2.
    const d = 0.85;
    const x3 = (1 - d) / (4 - d);
    const base = (1 - d) / 4 + (d * x3) / 4;
    const x1 = (base + 2 * d * base) / (1 - d * d);
    expect(pr[3]).toBeCloseTo(x3, 12);
    expect(pr[1]).toBeCloseTo(x1, 12);
  });
});

describe('betweenness', () => {
  it('counts each pair once (raw, undirected) and uses length = 1/weight', () => {
    // 0–1–2 path: node 1 lies on the only 0–2 path.
    const path = graphFromEdges(3, [
      [0, 1, 1],
      [1, 2, 1],
    ]);
    expect(Array.from(betweenness(path).values)).toEqual([0, 1, 0]);
    // Square 0–1–2–3–0 with a strong 0–1–2 side: 0→2 goes via 1 (length 1/4+1/4 < 1+1).
    const square = graphFromEdges(4, [
      [0, 1, 4],
      [1, 2, 4],
      [2, 3, 1],
      [3, 0, 1],
    ]);
    // Pair (0,2) runs through 1; pair (1,3) has two paths of length 1.25 (via 0, via 2): ½ each.
    expect(Array.from(betweenness(square).values)).toEqual([0.5, 1, 0.5, 0]);
  });

  it('splits ties between equally short paths', () => {
    // Diamond 0–1–3, 0–2–3, equal weights: 1 and 2 each get ½ of the 0–3 pair.
    const g = graphFromEdges(4, [
      [0, 1, 1],
      [0, 2, 1],
      [1, 3, 1],
      [2, 3, 1],
    ]);
    expect(Array.from(betweenness(g).values)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('samples seeded sources above the exact limit and is deterministic', () => {
    const input = syntheticInput({ people: 300, papers: 300, seed: 5 });
    const g = buildCoauthorGraph(300, indexAuthorships(input.papers, indexPeople(input.people)));
    const a = betweenness(g, { exactLimit: 100, samples: 50, seed: 9 });
    const b = betweenness(g, { exactLimit: 100, samples: 50, seed: 9 });
    expect(a.mode).toBe('sampled');
    expect(a.sources).toBe(50);
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
  });
});

describe('Louvain and modularity', () => {
  /** Two 5-cliques joined by one weak edge. */
  function twoCliques(): CoauthorGraph {
    const edges: [number, number, number][] = [];
    for (const offset of [0, 5]) {
      for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) edges.push([offset + i, offset + j, 1]);
    }
    edges.push([4, 5, 0.1]);
    return graphFromEdges(11, edges); // node 10 isolated
  }

  it('finds the two cliques; isolated nodes are their own community; largest community is 0', () => {
    const r = louvain(twoCliques());
    const m = Array.from(r.membership);
    expect(new Set(m.slice(0, 5)).size).toBe(1);
    expect(new Set(m.slice(5, 10)).size).toBe(1);
    expect(m[0]).not.toBe(m[5]);
    expect(r.count).toBe(3);
    expect(m[0]).toBe(0); // tie in size → lowest node index first
    expect(m[10]).toBe(2);
    // Q by hand: 2m = 40.2; each clique has inside 20 and tot 20.1.
    const q = 2 * (20 / 40.2 - (20.1 / 40.2) ** 2);
    expect(r.modularity).toBeCloseTo(q, 12);
    expect(modularity(twoCliques(), r.membership)).toBeCloseTo(q, 12);
  });

  it('is deterministic for a seed', () => {
    const input = syntheticInput({ people: 800, papers: 700, seed: 2 });
    const g = buildCoauthorGraph(800, indexAuthorships(input.papers, indexPeople(input.people)));
    const a = louvain(g, { seed: 7 });
    const b = louvain(g, { seed: 7 });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
    expect(a.modularity).toBe(b.modularity);
  });

  it('higher resolution gives more, smaller communities', () => {
    const input = syntheticInput({ people: 800, papers: 700, seed: 2 });
    const g = buildCoauthorGraph(800, indexAuthorships(input.papers, indexPeople(input.people)));
    expect(louvain(g, { resolution: 3 }).count).toBeGreaterThan(louvain(g, { resolution: 0.3 }).count);
  });

  it('returns singletons and modularity 0 on a graph without edges', () => {
    const r = louvain(graphFromEdges(3, []));
    expect(Array.from(r.membership)).toEqual([0, 1, 2]);
    expect(r.modularity).toBe(0);
  });
});
