// The KOL score (DESIGN §6): component values → mid-rank percentiles within the scope → weighted sum,
// with a breakdown whose parts add up to the score; tiers by score rank; and the `--weights` parser.
import { COMPONENTS, DEFAULT_WEIGHTS } from './types';
import type { BreakdownPart, ComponentKey, Tier, Weights } from './types';

export const DEFAULT_TIER_CUTS: readonly [number, number, number] = [0.05, 0.2, 0.5];

/**
 * Values within this relative difference count as equal when ranking: PageRank is solved to ~1e-11
 * and sums of fractional weights differ in the last bits, so people in identical positions would
 * otherwise get different percentiles by rounding noise.
 */
const TIE_TOLERANCE = 1e-9;

/**
 * Mid-rank percentile of each value within `values`:
 *   percentile(v) = 100 × (number of values below v + 0.5 × number of values equal to v) / n
 * so it lies in (0, 100); everyone gets 50 when all values are equal, and the single best of n gets
 * 100 − 50/n. "Equal" means within a relative 1e-9 of the smallest value of the tied run, so
 * structurally identical people whose PageRank differs only by solver rounding get the same percentile.
 */
export function midrankPercentiles(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const sorted = Float64Array.from(values).sort();
  // Groups of tied values: groupValue[g] is the smallest value of group g, groupPct[g] its percentile.
  const groupValue: number[] = [];
  const groupPct: number[] = [];
  let s = 0;
  while (s < n) {
    const first = sorted[s]!;
    const limit = first + TIE_TOLERANCE * Math.abs(first);
    let e = s + 1;
    while (e < n && sorted[e]! <= limit) e++;
    groupValue.push(first);
    groupPct.push((100 * (s + 0.5 * (e - s))) / n);
    s = e;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // Last group whose smallest value is ≤ v.
    let lo = 0;
    let hi = groupValue.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (groupValue[mid]! <= v) lo = mid;
      else hi = mid - 1;
    }
    out[i] = groupPct[lo]!;
  }
  return out;
}

/** Weights that cannot be used (unknown key, bad number, nothing with data weighted): the caller's input. */
export class WeightError extends Error {
  override name = 'WeightError';
}

/** Checks a partial weight map: known keys, finite and ≥ 0. Throws naming the bad key. */
export function validateWeights(weights: Partial<Record<string, number>>): Partial<Weights> {
  for (const [key, value] of Object.entries(weights)) {
    if (!(COMPONENTS as readonly string[]).includes(key)) {
      throw new WeightError(`unknown weight "${key}"; valid keys: ${COMPONENTS.join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new WeightError(`weight "${key}" must be a finite number ≥ 0, got ${String(value)}`);
    }
  }
  return weights as Partial<Weights>;
}

/**
 * Weights actually used: defaults overridden by `override`, components without data set to 0,
 * the rest scaled to sum to 1. Throws when nothing with data has a positive weight.
 */
export function resolveWeights(
  override: Partial<Weights> | undefined,
  available: Readonly<Record<ComponentKey, boolean>>,
): Weights {
  const raw: Weights = { ...DEFAULT_WEIGHTS, ...validateWeights(override ?? {}) };
  let total = 0;
  for (const key of COMPONENTS) if (available[key]) total += raw[key];
  if (!(total > 0)) {
    const missing = COMPONENTS.filter((k) => !available[k]);
    throw new WeightError(
      'every score component with data has weight 0; give at least one of ' +
        COMPONENTS.filter((k) => available[k]).join(', ') +
        ' a positive weight' +
        (missing.length ? ` (no data for: ${missing.join(', ')})` : ''),
    );
  }
  const out = {} as Weights;
  for (const key of COMPONENTS) out[key] = available[key] ? raw[key] / total : 0;
  return out;
}

export interface ScoreResult {
  scores: Float64Array;
  /** Per person, one part per component with a positive weight, in COMPONENTS order. */
  breakdown: BreakdownPart[][];
  weights: Weights;
}

/**
 * Scores n people. `components[key]` holds that component's value per person, or null when the
 * scope has no data for it (it then drops out and the other weights renormalise).
 * score = Σ percentile × weight, summed in COMPONENTS order, i.e. exactly the sum of the breakdown's
 * contributions in order; it lies in 0..100.
 */
export function computeScores(
  n: number,
  components: Readonly<Record<ComponentKey, ArrayLike<number> | null>>,
  override?: Partial<Weights>,
): ScoreResult {
  const available = {} as Record<ComponentKey, boolean>;
  for (const key of COMPONENTS) available[key] = components[key] !== null;
  const weights = resolveWeights(override, available);
  const active = COMPONENTS.filter((key) => weights[key] > 0);
  const percentiles = active.map((key) => midrankPercentiles(components[key]!));
  const scores = new Float64Array(n);
  const breakdown: BreakdownPart[][] = new Array<BreakdownPart[]>(n);
  for (let i = 0; i < n; i++) {
    const parts: BreakdownPart[] = [];
    let score = 0;
    for (let c = 0; c < active.length; c++) {
      const key = active[c]!;
      const percentile = percentiles[c]![i]!;
      const contribution = percentile * weights[key];
      score += contribution;
      parts.push({
        component: key,
        value: components[key]![i]!,
        percentile,
        weight: weights[key],
        contribution,
      });
    }
    scores[i] = score;
    breakdown[i] = parts;
  }
  return { scores, breakdown, weights };
}

/**
 * Tiers for people already sorted best first (`sortedScores[r]` is the score at rank r+1).
 * With cumulative cuts [a, b, c], rank r is T1 when r ≤ ⌈a·n⌉, T2 when r ≤ ⌈b·n⌉, T3 when r ≤ ⌈c·n⌉,
 * else T4 (ceil, so the top person of any non-empty scope is T1). People with exactly the same
 * score share the better tier, so a tie never straddles a cut.
 */
export function assignTiers(
  sortedScores: ArrayLike<number>,
  cuts: readonly [number, number, number] = DEFAULT_TIER_CUTS,
): Tier[] {
  const [a, b, c] = cuts;
  if (!(a >= 0 && a <= b && b <= c && c <= 1)) {
    throw new Error(`tierCuts must be cumulative fractions 0 ≤ T1 ≤ T2 ≤ T3 ≤ 1, got [${cuts.join(', ')}]`);
  }
  const n = sortedScores.length;
  // The 1e-9 keeps 0.2 × 50 = 10.000000000000002 from rounding up to 11.
  const limits = [a, b, c].map((f) => Math.ceil(f * n - 1e-9));
  const names: Tier[] = ['T1', 'T2', 'T3', 'T4'];
  const tiers: Tier[] = new Array<Tier>(n);
  for (let r = 0; r < n; r++) {
    if (r > 0 && sortedScores[r] === sortedScores[r - 1]) {
      tiers[r] = tiers[r - 1]!;
      continue;
    }
    let t = 0;
    while (t < 3 && r + 1 > limits[t]!) t++;
    tiers[r] = names[t]!;
  }
  return tiers;
}

/** Keys accepted by parseWeights: case-insensitive, '_' and '-' ignored (first_last, weighted-degree…). */
function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[_\s-]/g, '');
}

/**
 * Parses the CLI's `--weights k=v,...` (e.g. "pagerank=2,citations=0") into a partial weight map.
 * Values are relative: they are renormalised with the defaults of the keys not given. Error
 * messages do not name the option, so the caller can prefix "--weights: ".
 */
export function parseWeights(spec: string): Partial<Weights> {
  const valid = COMPONENTS.join(', ');
  const byNormalised = new Map<string, ComponentKey>(COMPONENTS.map((k) => [normaliseKey(k), k]));
  const entries = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) throw new Error(`no weights given; expected key=value,... with keys: ${valid}`);
  const out: Partial<Weights> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 0) throw new Error(`"${entry}" is not key=value (e.g. pagerank=2); valid keys: ${valid}`);
    const rawKey = entry.slice(0, eq).trim();
    const rawValue = entry.slice(eq + 1).trim();
    const key = byNormalised.get(normaliseKey(rawKey));
    if (key === undefined) throw new Error(`unknown weight "${rawKey}"; valid keys: ${valid}`);
    if (key in out) throw new Error(`weight "${rawKey}" is given twice`);
    const value = rawValue === '' ? NaN : Number(rawValue);
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`weight "${rawKey}" must be a number ≥ 0, got "${rawValue}"`);
    }
    out[key] = value;
  }
  return out;
}
