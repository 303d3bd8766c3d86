// People slices between the analysis worker and the UI thread (issue 5, shared/analytics/cache.ts
// encodePeopleSlice / decodePeopleSlice): the worker posts a result's people as binary columns, and the
// UI thread rebuilds them. On real analyses of generated data (with trial roles and breakdown details,
// and without), every slice comes back equal to what posting the objects delivers (a structured
// clone): same people, same order, every value bit for bit, the same keys in the same order, no key
// added. Also the people of a cached head (already rebuilt once), a person the format cannot carry
// (the worker then posts the objects) and bytes that are not a slice.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../shared/analytics';
import {
  decodeCachedHead,
  decodePeopleSlice,
  encodeCachedParts,
  encodePeopleSlice,
} from '../../shared/analytics/cache';
import type { AnalysisResult, RankedPerson } from '../../shared/analytics/types';
import type { AnalysisInput, PersonTrialRoles } from '../../shared/api';
import { PEOPLE_BINARY_CHUNK } from '../../renderer/src/workers/protocol';
import { syntheticInput } from '../helpers/syntheticPapers';

function inputWithTrials(): AnalysisInput {
  const input = syntheticInput({ people: 5000, papers: 8000, seed: 23 });
  const trials: PersonTrialRoles[] = [];
  input.people.forEach((p, i) => {
    if (i % 6 === 0) trials.push({ id: p.id, principal: i % 4, investigator: (i * 3) % 5, contact: i % 2 });
    p.institution = i % 5 === 0 ? null : `Hôpital ${i % 30} — Genève`;
    p.country = i % 8 === 0 ? null : ['CH', 'FR', 'US', 'BR'][i % 4]!;
    p.territory = i % 3 === 0 ? 'Sud-Ouest ✓' : null;
    p.orcid = i % 10 === 0 ? `0000-0001-${String(2000 + i).padStart(4, '0')}-0001` : null;
    if (i % 17 === 0) p.name = `Müller 村上 ${i} 𝔅`;
  });
  return { ...input, trials };
}

/** The people as the worker posts them (PEOPLE_BINARY_CHUNK a message), rebuilt on receipt. */
function throughSlices(
  people: readonly RankedPerson[],
  result: AnalysisResult,
  total: number,
): RankedPerson[] {
  const out: RankedPerson[] = [];
  for (let i = 0; i < people.length; i += PEOPLE_BINARY_CHUNK) {
    const bytes = encodePeopleSlice(people.slice(i, i + PEOPLE_BINARY_CHUNK), total, result.weights);
    const back = decodePeopleSlice(bytes);
    if (!back) throw new Error(`slice at ${i} did not decode`);
    out.push(...back);
  }
  return out;
}

/** Same values (Object.is for numbers), same keys in the same order, person by person. */
function expectSame(back: readonly RankedPerson[], delivered: readonly RankedPerson[]): void {
  expect(back.length).toBe(delivered.length);
  for (let i = 0; i < delivered.length; i++) {
    expect(back[i]).toStrictEqual(delivered[i]);
    expect(Object.keys(back[i]!)).toEqual(Object.keys(delivered[i]!));
    back[i]!.breakdown.forEach((b, j) =>
      expect(Object.keys(b)).toEqual(Object.keys(delivered[i]!.breakdown[j]!)),
    );
  }
}

describe('people slices between the worker and the UI thread', () => {
  const result = analyze(inputWithTrials());

  it('the analysis has what a slice must carry, over several slices', () => {
    expect(result.people.length).toBe(5000);
    expect(result.people.length).toBeGreaterThan(2 * PEOPLE_BINARY_CHUNK);
    expect(result.people.some((p) => p.trials !== undefined)).toBe(true);
    expect(result.people.some((p) => p.trials?.principal === 0)).toBe(true);
    expect(result.people.some((p) => p.breakdown.some((b) => b.detail !== undefined))).toBe(true);
    expect(result.people.some((p) => p.citations !== null && p.hIndex !== null)).toBe(true);
    expect(result.people.some((p) => p.orcid !== null)).toBe(true);
  });

  it('rebuilds exactly the people that posting the objects delivers, in rank order', () => {
    const delivered = structuredClone(result.people);
    const back = throughSlices(result.people, result, result.people.length);
    expectSame(back, delivered);
    expect(back.map((p) => p.rank)).toEqual(result.people.map((_, i) => i + 1));
  });

  it('is exact whatever the percentile base, and for a result without trials or citations', () => {
    // The head of a huge cached result is sent with the whole result's count as the base.
    expectSame(throughSlices(result.people, result, 1_234_567), structuredClone(result.people));
    // No trial data and no citations at all (null citations and h-index, no citations component).
    const plain = analyze(syntheticInput({ people: 2500, papers: 4000, seed: 8, missingCitations: 1 }));
    expect(plain.people.every((p) => !('trials' in p))).toBe(true);
    expect(plain.people.every((p) => p.citations === null)).toBe(true);
    const back = throughSlices(plain.people, plain, plain.people.length);
    expectSame(back, structuredClone(plain.people));
    expect(back.every((p) => !('trials' in p))).toBe(true);
  });

  it('carries the people of a cached head (as the worker re-posts them) unchanged', () => {
    const [head] = encodeCachedParts(result, { ta: null, since: null, until: null }, null, null, {
      headPeople: 3000,
    });
    const decoded = decodeCachedHead(head!.bytes);
    if (!decoded) throw new Error('no head');
    const back = throughSlices(decoded.result.people, decoded.result as AnalysisResult, decoded.totalPeople);
    expectSame(back, structuredClone(decoded.result.people));
    expectSame(back, structuredClone(result.people.slice(0, 3000)));
  });

  it('refuses a person it cannot carry exactly (the worker then posts the objects), and foreign bytes', () => {
    const odd = { ...result.people[0]!, nickname: 'x' } as RankedPerson;
    expect(() => encodePeopleSlice([odd], 1, result.weights)).toThrow(/nickname/);
    const bad = { ...result.people[1]!, score: Number.NaN };
    expect(() => encodePeopleSlice([bad], 1, result.weights)).toThrow(/score/);
    expect(decodePeopleSlice(new Uint8Array(64))).toBeNull();
    const bytes = encodePeopleSlice(result.people.slice(0, 10), 10, result.weights);
    expect(decodePeopleSlice(bytes.subarray(0, 40))).toBeNull();
    const [head] = encodeCachedParts(result, { ta: null, since: null, until: null }, null);
    expect(decodePeopleSlice(head!.bytes)).toBeNull();
  });
});
