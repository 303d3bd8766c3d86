// The binary analysis cache (issue 8, shared/analytics/cache.ts): a result analysed from seeded
// synthetic data (with trial roles, so the `trials` field and breakdown `detail` texts appear) comes
// back from its parts with every field of every person equal, bit for bit; each breakdown still sums
// to the score; the head alone holds the top-ranked people, their communities and the links among
// them; parts out of place, of another format or damaged are refused. Also the HTTP transport's binary
// frame (shared/api/binary.ts).
import { describe, expect, it } from 'vitest';
import { analyze } from '../../shared/analytics';
import {
  CACHE_FORMAT,
  assembleCachedAnalysis,
  cachedResult,
  decodeCachedAnalysis,
  decodeCachedHead,
  decodeCachedPart,
  encodeCachedAnalysis,
  encodeCachedParts,
  type CachedPart,
} from '../../shared/analytics/cache';
import type { AnalysisResult } from '../../shared/analytics/types';
import type { AnalysisInput, PersonTrialRoles } from '../../shared/api';
import { packFrame, unpackFrame } from '../../shared/api/binary';
import { syntheticInput } from '../helpers/syntheticPapers';

function inputWithTrials(): AnalysisInput {
  const input = syntheticInput({ people: 3000, papers: 5000, seed: 11 });
  // Every 7th person holds trial roles; names, places and territories vary (some null, some shared).
  const trials: PersonTrialRoles[] = [];
  input.people.forEach((p, i) => {
    if (i % 7 === 0) trials.push({ id: p.id, principal: i % 3, investigator: (i * 5) % 4, contact: i % 2 });
    p.institution = i % 5 === 0 ? null : `Institute ${i % 40} — Zürich/Universität`;
    p.country = i % 9 === 0 ? null : ['FR', 'DE', 'US', 'JP'][i % 4]!;
    p.territory = i % 4 === 0 ? 'Nord-Est ✓' : null;
    p.orcid = i % 11 === 0 ? `0000-0002-${String(1000 + i).padStart(4, '0')}-000X` : null;
    if (i % 13 === 0) p.name = `Ōtsuka 大塚 ${i} 𝒜`;
  });
  return { ...input, trials };
}

const input = inputWithTrials();
const result: AnalysisResult = analyze(input);
const scope = { ta: null, since: null, until: null };
const years: [number, number] = [2001, 2024];
// Small parts so this result is cut into many: a 500-person head, 700-person parts, 4,000-link parts.
const sizes = { headPeople: 500, peoplePerPart: 700, edgesPerPart: 4000 };

describe('binary analysis cache', () => {
  it('the synthetic result has what the format must carry', () => {
    expect(result.people.length).toBe(3000);
    expect(result.people.some((p) => p.trials !== undefined)).toBe(true);
    expect(result.people.some((p) => p.breakdown.some((b) => b.detail !== undefined))).toBe(true);
    expect(
      result.people.some((p) => p.citations === null) || result.people.some((p) => p.hIndex !== null),
    ).toBe(true);
    expect(result.edges.length).toBeGreaterThan(8000);
  });

  it('round-trips every field of every person exactly, in rank order, with links and communities', () => {
    const parts = encodeCachedAnalysis(result, scope, years, null, sizes);
    // head + 4 people parts (2,500 after the head) + communities + links in 4,000s.
    expect(parts.length).toBe(1 + 4 + 1 + Math.ceil(result.edges.length / 4000));
    const decoded = decodeCachedAnalysis(parts);
    expect(decoded).not.toBeNull();
    if (!decoded) return;
    expect(decoded.format).toBe(CACHE_FORMAT);
    expect(decoded.scope).toEqual(scope);
    expect(decoded.years).toEqual(years);
    const back = cachedResult(decoded);
    // toEqual compares numbers with Object.is: every float must come back bit for bit.
    for (let i = 0; i < result.people.length; i++) expect(back.people[i]).toEqual(result.people[i]);
    expect(back).toEqual(result);
    // No key appears that the original lacks (e.g. trials: undefined, detail: undefined).
    for (let i = 0; i < result.people.length; i++) {
      expect(Object.keys(back.people[i]!).sort()).toEqual(Object.keys(result.people[i]!).sort());
      back.people[i]!.breakdown.forEach((b, j) =>
        expect(Object.keys(b).sort()).toEqual(Object.keys(result.people[i]!.breakdown[j]!).sort()),
      );
    }
  });

  it('round-trips a result without trial data (no trials field, no detail)', () => {
    const plain = analyze(syntheticInput({ people: 800, papers: 1200, seed: 5 }));
    expect(plain.people.every((p) => p.trials === undefined)).toBe(true);
    const decoded = decodeCachedAnalysis(encodeCachedAnalysis(plain, scope, null, null, sizes));
    expect(decoded && cachedResult(decoded)).toEqual(plain);
    expect(decoded?.result.people.every((p) => !('trials' in p))).toBe(true);
  });

  it('rebuilds breakdowns that add up exactly to the score, with the result weights', () => {
    const decoded = decodeCachedAnalysis(encodeCachedAnalysis(result, scope, years, null, sizes));
    if (!decoded) throw new Error('no decode');
    for (const p of decoded.result.people) {
      let sum = 0;
      for (const b of p.breakdown) {
        expect(b.weight).toBe(decoded.result.weights[b.component]);
        expect(b.contribution).toBe(b.percentile * b.weight);
        sum += b.contribution;
      }
      expect(sum).toBe(p.score);
    }
  });

  it('the head alone holds the top people, their communities and the links among them', () => {
    const parts = Array.from(encodeCachedParts(result, scope, years, null, sizes));
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i));
    expect(new Set(parts.map((p) => p.parts))).toEqual(new Set([parts.length]));
    const head = decodeCachedHead(parts[0]!.bytes);
    expect(head).not.toBeNull();
    if (!head) return;
    expect(head.parts).toBe(parts.length);
    expect(head.totalPeople).toBe(3000);
    expect(head.totalEdges).toBe(result.edges.length);
    expect(head.result.people).toEqual(result.people.slice(0, 500));
    const { people: _p, edges: _e, communities: _c, ...summary } = result;
    const { people: _hp, communities: _hc, ...headSummary } = head.result;
    expect(headSummary).toEqual(summary);
    const ids = new Set(head.result.people.map((p) => p.id));
    const among = result.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
    expect(among.length).toBeGreaterThan(0);
    expect(
      Array.from(head.edges.source, (s, i) => ({
        source: s,
        target: head.edges.target[i],
        weight: head.edges.weight[i],
      })),
    ).toEqual(among);
    const communityIds = new Set(head.result.communities.map((c) => c.id));
    for (const p of head.result.people) expect(communityIds.has(p.community)).toBe(true);
    for (const c of head.result.communities) expect(c).toEqual(result.communities[c.id - 1]);
    // The rest put back part by part gives the whole.
    const rest = parts.slice(1).map((p) => decodeCachedPart(p.bytes, head));
    expect(rest.every((p) => p !== null)).toBe(true);
    const whole = assembleCachedAnalysis(head, rest as CachedPart[]);
    expect(whole && cachedResult(whole)).toEqual(result);
  });

  it('a small result is one part; default sizes keep a 3,000-person head whole', () => {
    const parts = encodeCachedAnalysis(result, scope, null, null, { edgesPerPart: 10_000_000 });
    expect(parts.length).toBe(2); // head (all 3,000 people) + links
    const head = decodeCachedHead(parts[0]!);
    expect(head?.result.people).toEqual(result.people);
    expect(head?.result.communities).toEqual(result.communities.slice(0, head?.result.communities.length));
  });

  it('refuses parts out of place, of another format, or damaged', () => {
    const parts = encodeCachedAnalysis(result, scope, years, null, sizes);
    expect(decodeCachedAnalysis(parts.slice(0, -1))).toBeNull();
    expect(decodeCachedAnalysis([parts[0]!, parts[2]!, parts[1]!, ...parts.slice(3)])).toBeNull();
    expect(decodeCachedHead(parts[1]!)).toBeNull();
    expect(decodeCachedHead(new TextEncoder().encode('{"format":2,"result":{}}'))).toBeNull();
    const otherFormat = parts[0]!.slice();
    new DataView(otherFormat.buffer).setUint32(4, CACHE_FORMAT - 1, true);
    expect(decodeCachedHead(otherFormat)).toBeNull();
    expect(decodeCachedHead(parts[0]!.subarray(0, parts[0]!.length - 100))).toBeNull();
    // A part at an odd byte offset (as a transport may hand it over) still decodes.
    const shifted = new Uint8Array(parts[0]!.length + 1);
    shifted.set(parts[0]!, 1);
    expect(decodeCachedHead(shifted.subarray(1))?.result.people).toEqual(result.people.slice(0, 500));
  });

  it('stores columns compactly (figures printed; the JSON format took about 3 KB a person)', () => {
    const parts = encodeCachedAnalysis(result, scope, years);
    const bytes = parts.reduce((s, p) => s + p.byteLength, 0);
    const json = JSON.stringify(result.people).length;
    console.log(
      `binary cache: ${result.people.length} people, ${result.edges.length} links: ${bytes} bytes ` +
        `(${Math.round(bytes / result.people.length)} per person with links; people as JSON ${json} bytes)`,
    );
    expect(bytes).toBeLessThan(json);
  });

  it('refuses a person with a field the format does not know (it would be lost)', () => {
    const odd = { ...result, people: [{ ...result.people[0]!, extra: 1 }, ...result.people.slice(1)] };
    expect(() => encodeCachedAnalysis(odd as AnalysisResult, scope, years)).toThrow(/"extra"/);
  });
});

describe('binary frames (browser mode)', () => {
  it('carry JSON fields and bytes, views aligned to 8 bytes', () => {
    const payload = new Uint8Array([1, 2, 3, 250, 251]);
    const other = new Uint8Array(17).fill(9);
    const frame = packFrame({ key: 'k ✓', part: 3, payload, other, nested: { a: [1, null] } });
    const back = unpackFrame(frame);
    expect(back).toEqual({ key: 'k ✓', part: 3, payload, other, nested: { a: [1, null] } });
    expect((back.payload as Uint8Array).byteOffset % 8).toBe(0);
    expect((back.other as Uint8Array).byteOffset % 8).toBe(0);
    expect(() => unpackFrame(new Uint8Array(4))).toThrow(/shorter/);
    expect(() => unpackFrame(frame.subarray(0, frame.length - 10))).toThrow(/outside/);
    expect(() => unpackFrame(new TextEncoder().encode('{"key":"k"}xxxxxxxx'))).toThrow(/not a kolmap frame/);
  });
});
