// The map graph built in time slices (issue 5: no long main-thread task while a big result arrives)
// is the same graph as the one-go build, node for node and link for link; it really yields to the
// event loop between slices, and a cancelled build stops and resolves null.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../shared/analytics';
import { buildGraph, buildGraphSliced } from '../../renderer/src/graph/build';
import { packEdges, withPackedEdges } from '../../renderer/src/graph/edges';
import { syntheticInput } from '../helpers/syntheticPapers';

const result = analyze(syntheticInput({ people: 3000, papers: 4000, seed: 11 }));

function snapshot(graph: ReturnType<typeof buildGraph>['graph']) {
  return {
    nodes: graph.mapNodes((key, attrs) => [key, attrs]),
    edges: graph.mapEdges((_e, attrs, s, t) => [s, t, attrs]),
  };
}

describe('buildGraphSliced', () => {
  it('builds the same graph as buildGraph, yielding between slices', async () => {
    const whole = buildGraph(result, 2500);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    // A zero-length slice yields at every step: other tasks run in between.
    const sliced = await buildGraphSliced(result, 2500, () => false, 0);
    clearInterval(timer);
    expect(sliced).not.toBeNull();
    if (!sliced) return;
    expect(ticks).toBeGreaterThan(0);
    expect(whole.graph.order).toBe(2500);
    expect(whole.graph.size).toBeGreaterThan(1000);
    expect(snapshot(sliced.graph)).toEqual(snapshot(whole.graph));
    expect([sliced.maxSize, sliced.omitted, sliced.omittedLinks]).toEqual([
      whole.maxSize,
      whole.omitted,
      whole.omittedLinks,
    ]);
  });

  it('gives the same graph from a result whose links arrived as typed arrays (from the worker)', async () => {
    const { edges, ...rest } = result;
    const received = withPackedEdges(rest, packEdges(edges));
    const sliced = await buildGraphSliced(received, 1000);
    expect(sliced && snapshot(sliced.graph)).toEqual(snapshot(buildGraph(result, 1000).graph));
  });

  it('past the link cap keeps the strongest links, strongest first and ties in link order', () => {
    const maxEdges = 300;
    const drawn = new Set(result.people.slice(0, 2500).map((p) => p.id));
    // The reference: every candidate link, stably sorted by weight, the first maxEdges.
    const candidates = result.edges
      .filter((e) => e.source !== e.target && drawn.has(e.source) && drawn.has(e.target))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, maxEdges);
    const cut = candidates[candidates.length - 1]!.weight;
    // Ties at the cut-off weight: some kept, some left out (the case the selection must get right).
    expect(result.edges.filter((e) => e.weight === cut).length).toBeGreaterThan(
      candidates.filter((e) => e.weight === cut).length,
    );
    const built = buildGraph(result, 2500, maxEdges);
    expect(built.graph.mapEdges((_e, a, s, t) => [s, t, a.weight])).toEqual(
      candidates.map((e) => [String(e.source), String(e.target), e.weight]),
    );
  });

  it('stops when cancelled', async () => {
    let calls = 0;
    const built = await buildGraphSliced(result, 2500, () => ++calls > 2, 0);
    expect(built).toBeNull();
    expect(calls).toBe(3);
  });
});
