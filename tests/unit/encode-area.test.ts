// Colour by therapeutic area (issue 6): every drawn person gets the colour of their main area's legend
// entry, the legend counts add up to the people shown, the biggest areas get distinct colours, the
// rest share "Other areas", and people with no classified paper are "No area matched".
import { describe, expect, it } from 'vitest';
import { analyze } from '../../shared/analytics';
import type { AnalysisInput } from '../../shared/api';
import { buildGraph } from '../../renderer/src/graph/build';
import { encode, NO_AREA_COLOR, type AreaMembership } from '../../renderer/src/graph/encode';
import { MINOR_COMMUNITY_COLOR } from '../../renderer/src/graph/palette';
import { personRow } from '../helpers/personRow';

const person = personRow;

// 60 people in a chain of co-authored papers, so all are drawn.
const N = 60;
const input: AnalysisInput = {
  scope: {},
  people: Array.from({ length: N }, (_, i) => person(i + 1)),
  papers: Array.from({ length: N - 1 }, (_, i) => ({
    id: i + 1,
    year: 2020,
    citations: 1,
    authors: [i + 1, i + 2],
  })),
};
const result = analyze(input);
const { graph } = buildGraph(result);

/** 14 areas; area k holds 14 − k people (so the order by size is clear); the last 5 people have none. */
function membership(): AreaMembership {
  const labels = new Map<string, string>();
  const byPerson = new Map<number, string>();
  let id = 1;
  for (let k = 0; k < 14; k++) {
    labels.set(`area-${k}`, `Area ${k}`);
    for (let j = 0; j < Math.max(1, 5 - Math.floor(k / 3)) && id <= N - 5; j++)
      byPerson.set(id++, `area-${k}`);
  }
  return { labels, byPerson };
}

describe('encode by therapeutic area', () => {
  it('colours each person as their legend entry, and the counts add up', () => {
    const areas = membership();
    const enc = encode(result, graph, 'score', 'area', null, areas);
    expect(enc.legend.title).toBe('Therapeutic area');
    const byLabel = new Map(enc.legend.items.map((i) => [i.label, i]));
    expect(enc.legend.items.reduce((s, i) => s + i.count, 0)).toBe(graph.order);
    graph.forEachNode((key, a) => {
      const area = areas.byPerson.get(a.personId);
      const colour = enc.color.get(key);
      if (area === undefined) {
        expect(colour).toBe(NO_AREA_COLOR);
        expect(byLabel.get('No area matched')?.color).toBe(NO_AREA_COLOR);
      } else {
        const own = byLabel.get(areas.labels.get(area)!);
        expect(colour).toBe(own ? own.color : MINOR_COMMUNITY_COLOR);
        if (!own) expect(byLabel.get('Other areas')?.color).toBe(MINOR_COMMUNITY_COLOR);
      }
    });
    // 14 areas: 11 coloured, distinct, the largest first; then "Other areas", then "No area matched".
    const named = enc.legend.items.filter((i) => i.label.startsWith('Area '));
    expect(named).toHaveLength(11);
    expect(new Set(named.map((i) => i.color)).size).toBe(11);
    expect(named.every((i) => i.color !== MINOR_COMMUNITY_COLOR && i.color !== NO_AREA_COLOR)).toBe(true);
    expect(enc.legend.items.slice(-2).map((i) => i.label)).toEqual(['Other areas', 'No area matched']);
    const counts = named.map((i) => i.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('counts only the visible people in the legend', () => {
    const areas = membership();
    const visible = new Set([1, 2, 3, N]);
    const enc = encode(result, graph, 'score', 'area', visible, areas);
    expect(enc.legend.items.reduce((s, i) => s + i.count, 0)).toBe(4);
    expect(enc.legend.items.find((i) => i.label === 'No area matched')?.count).toBe(1);
  });

  it('draws everyone as "No area matched" until the areas are known', () => {
    const enc = encode(result, graph, 'score', 'area', null, null);
    expect(enc.legend.items.map((i) => [i.label, i.count])).toEqual([['No area matched', graph.order]]);
  });
});
