// Rising stars: people early in their career in this scope whose output is growing fastest and who
// already work with the field's leaders. The rule (all within the scope's papers, measured from the
// analysis' reference year R, by default the latest paper year):
//   1. early career: their first paper in scope is at most `careerYears` − 1 years before R
//      (default 5: first paper in R−4..R);
//   2. growth in the top decile: growth = recent / (earlier + 1), with recent = their papers in the
//      last `recentYears` years (default 3: R−2..R) and earlier = their papers before that; growth at
//      least the 90th-percentile value among people with a recent paper, and at least `minRecent`
//      (default 2) recent papers;
//   3. ties to T1: at least one co-author in tier T1, and not T1 themselves.
// Listed by growth, then score (at most `max`, default 50), each with the reason in words.
// A narrow year scope makes everyone "early" in it: the rule reads the scope, not a whole career.
import type { PaperRow } from '../api';
import type { Authorships, CoauthorGraph } from './graph';
import type { RisingStar, Tier } from './types';

export interface RisingOptions {
  careerYears?: number;
  recentYears?: number;
  /** Quantile of growth a rising star must reach, default 0.9 (top decile). */
  growthQuantile?: number;
  minRecent?: number;
  max?: number;
}

export const RISING_DEFAULTS: Required<RisingOptions> = {
  careerYears: 5,
  recentYears: 3,
  growthQuantile: 0.9,
  minRecent: 2,
  max: 50,
};

export interface RisingInput {
  papers: readonly PaperRow[];
  authorships: Authorships;
  graph: CoauthorGraph;
  /** Person ids by node. */
  ids: ArrayLike<number>;
  /** Names by node (for the reason). */
  names: readonly string[];
  tiers: readonly Tier[];
  scores: ArrayLike<number>;
  /** Null when no paper has a year: nobody can be a rising star then. */
  referenceYear: number | null;
}

/** The value at quantile q (0..1) of the values, nearest-rank from below; NaN for none. */
function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))]!;
}

export function risingStars(input: RisingInput, options: RisingOptions = {}): RisingStar[] {
  const o = { ...RISING_DEFAULTS, ...options };
  const { papers, authorships, graph, ids, names, tiers, scores, referenceYear: ref } = input;
  if (ref === null) return [];
  const n = graph.nodeCount;
  const firstYear = new Float64Array(n).fill(Infinity);
  const recent = new Int32Array(n);
  const earlier = new Int32Array(n);
  const recentFrom = ref - o.recentYears + 1;
  for (let p = 0; p < authorships.paperCount; p++) {
    const year = papers[p]!.year;
    if (year === null || !Number.isFinite(year)) continue;
    for (let k = authorships.offsets[p]!; k < authorships.offsets[p + 1]!; k++) {
      const node = authorships.authors[k]!;
      if (year < firstYear[node]!) firstYear[node] = year;
      if (year >= recentFrom) recent[node]!++;
      else earlier[node]!++;
    }
  }
  const growth = new Float64Array(n);
  const active: number[] = [];
  for (let i = 0; i < n; i++) {
    growth[i] = recent[i]! / (earlier[i]! + 1);
    if (recent[i]! > 0) active.push(growth[i]!);
  }
  const threshold = quantile(active, o.growthQuantile);
  if (!Number.isFinite(threshold)) return [];
  const careerFrom = ref - o.careerYears + 1;
  const stars: RisingStar[] = [];
  for (let i = 0; i < n; i++) {
    if (tiers[i] === 'T1' || firstYear[i]! < careerFrom || recent[i]! < o.minRecent) continue;
    if (growth[i]! < threshold) continue;
    const t1: number[] = [];
    for (let k = graph.offsets[i]!; k < graph.offsets[i + 1]!; k++) {
      const j = graph.neighbors[k]!;
      if (tiers[j] === 'T1') t1.push(j);
    }
    if (t1.length === 0) continue;
    t1.sort((a, b) => scores[b]! - scores[a]! || ids[a]! - ids[b]!);
    const shown = t1.slice(0, 3).map((j) => names[j]!);
    const more = t1.length > 3 ? ` and ${t1.length - 3} more` : '';
    const span = recentFrom === ref ? `${ref}` : `${recentFrom}–${ref}`;
    stars.push({
      id: ids[i]!,
      firstYear: firstYear[i]!,
      recentPapers: recent[i]!,
      earlierPapers: earlier[i]!,
      growth: growth[i]!,
      t1Coauthors: t1.map((j) => ids[j]!),
      reason:
        `First paper in scope ${firstYear[i]}; ${recent[i]} papers in ${span} vs ${earlier[i]} before ` +
        `(growth in the top ${Math.round((1 - o.growthQuantile) * 100)}%); ` +
        `co-author of ${t1.length} T1 ${t1.length === 1 ? 'person' : 'people'}: ${shown.join(', ')}${more}`,
    });
  }
  const score = new Map<number, number>();
  for (let i = 0; i < n; i++) score.set(ids[i]!, scores[i]!);
  stars.sort((a, b) => b.growth - a.growth || score.get(b.id)! - score.get(a.id)! || a.id - b.id);
  return stars.slice(0, o.max);
}
