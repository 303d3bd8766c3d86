// The map legend coloured by community lists communities by their numbers (C1, C2, …: their size in the
// whole scope), however many of each are drawn, so fewer visible members of C1 never put C2 above it.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../shared/analytics';
import type { AnalysisInput } from '../../shared/api';
import { buildGraph } from '../../renderer/src/graph/build';
import { encode } from '../../renderer/src/graph/encode';
import { personRow } from '../helpers/personRow';

const person = personRow;

// Two groups that never co-author: people 1–20 (two papers each with all of them) and 21–28.
const big = Array.from({ length: 20 }, (_, i) => i + 1);
const small = Array.from({ length: 8 }, (_, i) => i + 21);
const input: AnalysisInput = {
  scope: {},
  people: [...big, ...small].map((id) => person(id)),
  papers: [
    { id: 1, year: 2020, citations: 1, authors: big },
    { id: 2, year: 2021, citations: 1, authors: big },
    { id: 3, year: 2020, citations: 1, authors: small },
  ],
};
const result = analyze(input);
const { graph } = buildGraph(result);

describe('map legend by community', () => {
  it('keeps C1 before C2 when fewer of C1 are visible', () => {
    // Only 2 of the big group are visible, all 8 of the small one.
    const visible = new Set([1, 2, ...small]);
    const enc = encode(result, graph, 'score', 'community', visible);
    const labels = enc.legend.items.map((i) => i.label);
    expect(labels).toHaveLength(2);
    expect(labels[0]).toMatch(/^C1 /);
    expect(labels[1]).toMatch(/^C2 /);
    expect(enc.legend.items.map((i) => i.count)).toEqual([2, 8]);
  });
});
