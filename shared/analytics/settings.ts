// Tier cut-offs and the community resolution as an analyst gives them: the share of people in each of
// T1, T2 and T3 in percent (T4 is the rest) and Louvain's resolution. The UI's controls and the CLI's
// `--tiers` / `--resolution` both go through these functions, so the same numbers give the same
// AnalysisOptions (and so the same tiers and communities) in both. Error messages do not name the
// option, so the caller can prefix "--tiers: " or show them under an input.
import type { SnapshotSettings } from '../api/snapshots';
import { DEFAULT_TIER_CUTS } from './score';
import type { AnalysisOptions } from './types';

/** Percent of the people in scope in T1, T2 and T3 (T4 is the rest). */
export type TierPercents = readonly [number, number, number];

/** DESIGN §6: T1 top 5 %, T2 next 15 %, T3 next 30 %, T4 the rest. */
export const DEFAULT_TIER_PERCENTS: TierPercents = [5, 15, 30];

/** Louvain's resolution when none is given (classic modularity). */
export const DEFAULT_RESOLUTION = 1;
/** The range the UI offers: 0.1 gives a few large communities, 10 many small ones. */
export const UI_RESOLUTION_MIN = 0.1;
export const UI_RESOLUTION_MAX = 10;
/** The largest resolution the analysis accepts (the API's bound); above it every person is alone. */
export const MAX_RESOLUTION = 1000;

/** Sums within this of 100 count as 100 (33.3 + 33.3 + 33.4 is 100.00000000000001 in floating point). */
const EPSILON = 1e-9;

const TIER_NAMES = ['T1', 'T2', 'T3'] as const;

/** What is wrong with three tier percentages, in words; null when they can be used. */
export function tierPercentsProblem(percents: readonly number[]): string | null {
  if (percents.length !== 3) return `give three percentages, for T1, T2 and T3 (T4 is the rest)`;
  for (let i = 0; i < 3; i++) {
    const p = percents[i]!;
    if (!Number.isFinite(p) || p < 0 || p > 100) {
      return `${TIER_NAMES[i]} must be a percentage from 0 to 100, got ${Number.isNaN(p) ? 'nothing' : p}`;
    }
  }
  const sum = percents[0]! + percents[1]! + percents[2]!;
  if (sum > 100 + EPSILON) {
    return `T1 + T2 + T3 must add up to at most 100 % (T4 is the rest), got ${round(sum)} %`;
  }
  return null;
}

/** The analysis's cumulative cut-offs (AnalysisOptions.tierCuts) for valid tier percentages. */
export function tierCutsFromPercents(percents: TierPercents): [number, number, number] {
  const [a, b, c] = percents;
  // Sums of the percentages, divided once: 5, 15, 30 give exactly the default [0.05, 0.2, 0.5].
  return [Math.min(1, a / 100), Math.min(1, (a + b) / 100), Math.min(1, (a + b + c) / 100)];
}

/** The tier percentages of cumulative cut-offs (a snapshot's settings), rounded to hide float noise. */
export function tierPercentsFromCuts(cuts: readonly [number, number, number]): TierPercents {
  const [a, b, c] = cuts;
  return [round(a * 100), round((b - a) * 100), round((c - b) * 100)];
}

/** Whether cut-offs are the defaults (so a view or a snapshot need not mention them). */
export function isDefaultTierCuts(cuts: readonly [number, number, number] | null | undefined): boolean {
  return !cuts || cuts.every((c, i) => Math.abs(c - DEFAULT_TIER_CUTS[i]!) < EPSILON);
}

/** The `--tiers` argument for tier percentages, e.g. "5,15,30". */
export function tiersSpec(percents: TierPercents): string {
  return percents.map((p) => String(round(p))).join(',');
}

/** Parses `--tiers T1,T2,T3` (percent of people in each, e.g. "5,15,30"); throws saying what is wrong. */
export function parseTiers(spec: string): TierPercents {
  const parts = spec.split(',').map((s) => s.trim().replace(/%$/, ''));
  if (parts.length !== 3 || parts.some((s) => s === '')) {
    throw new Error(`"${spec}" is not three percentages T1,T2,T3 (T4 is the rest)`);
  }
  const values = parts.map((s) => (/^\d+(\.\d+)?$|^\.\d+$/.test(s) ? Number(s) : NaN));
  const bad = values.findIndex((v) => Number.isNaN(v));
  if (bad >= 0) throw new Error(`${TIER_NAMES[bad]} "${parts[bad]}" is not a percentage from 0 to 100`);
  const problem = tierPercentsProblem(values);
  if (problem) throw new Error(problem);
  return [values[0]!, values[1]!, values[2]!];
}

/** What is wrong with a resolution, in words; null when the analysis can use it. */
export function resolutionProblem(r: number, min = 0, max = MAX_RESOLUTION): string | null {
  if (!Number.isFinite(r)) return `the resolution must be a number, e.g. 1`;
  if (min === 0 ? !(r > 0) : r < min) {
    return min === 0
      ? `the resolution must be above 0, got ${r}`
      : `the resolution must be at least ${min}, got ${r}`;
  }
  if (r > max) return `the resolution must be at most ${max}, got ${r}`;
  return null;
}

/** Parses `--resolution R` (a number above 0, at most MAX_RESOLUTION); throws saying what is wrong. */
export function parseResolution(spec: string): number {
  const s = spec.trim();
  const r = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN;
  if (Number.isNaN(r)) throw new Error(`"${spec}" is not a number`);
  const problem = resolutionProblem(r);
  if (problem) throw new Error(problem);
  return r;
}

/** The settings an analysis with these options used, defaults filled in (what a snapshot records). */
export function settingsUsed(options: Pick<AnalysisOptions, 'tierCuts' | 'resolution'>): SnapshotSettings {
  return {
    tierCuts: [...(options.tierCuts ?? DEFAULT_TIER_CUTS)] as [number, number, number],
    resolution: options.resolution ?? DEFAULT_RESOLUTION,
  };
}

/** Tier cut-offs in words for lists and comparisons: "5/15/30 %" (T1/T2/T3; T4 the rest). */
export function tiersText(cuts: readonly [number, number, number]): string {
  return `${tierPercentsFromCuts(cuts).join('/')} %`;
}

/** A number without floating-point noise (at most six decimals). */
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
