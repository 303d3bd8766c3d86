// Tier cut-offs and community resolution set in the UI (components/TiersControl), the pure part: the
// state, its updates and the analysis options and CLI flags it gives. Like the score weights
// (state/weights.ts, which holds the store and re-runs the analysis), the defaults are null, so a
// view at the defaults analyses with the same options (and cache key) as one never edited.
import {
  DEFAULT_RESOLUTION,
  DEFAULT_TIER_PERCENTS,
  resolutionProblem,
  tierCutsFromPercents,
  tierPercentsProblem,
  tiersSpec,
  UI_RESOLUTION_MAX,
  UI_RESOLUTION_MIN,
  type TierPercents,
} from '../../../shared/analytics/settings';
import type { AnalysisOptions } from '../../../shared/analytics/types';

export interface SettingsState {
  /** Percent of people in T1, T2, T3; null: the defaults (5, 15, 30). */
  tiers: TierPercents | null;
  /** Louvain resolution; null: the default (1). */
  resolution: number | null;
}

export const DEFAULT_SETTINGS: SettingsState = { tiers: null, resolution: null };

/** New tier percentages; invalid ones (see tierPercentsProblem) leave the state as it was. */
export function tiersChanged(s: SettingsState, percents: readonly number[]): SettingsState {
  if (tierPercentsProblem(percents) !== null) return s;
  const next: TierPercents = [percents[0]!, percents[1]!, percents[2]!];
  const current = s.tiers ?? DEFAULT_TIER_PERCENTS;
  if (next.every((p, i) => p === current[i])) return s;
  const isDefault = next.every((p, i) => p === DEFAULT_TIER_PERCENTS[i]);
  return { ...s, tiers: isDefault ? null : next };
}

/** The UI's problem with a resolution (its range is 0.1–10); null when it can be used. */
export function uiResolutionProblem(r: number): string | null {
  return resolutionProblem(r, UI_RESOLUTION_MIN, UI_RESOLUTION_MAX);
}

/** A new resolution; one outside the UI's range leaves the state as it was. */
export function resolutionChanged(s: SettingsState, r: number): SettingsState {
  if (uiResolutionProblem(r) !== null) return s;
  if (r === (s.resolution ?? DEFAULT_RESOLUTION)) return s;
  return { ...s, resolution: r === DEFAULT_RESOLUTION ? null : r };
}

export function tiersReset(s: SettingsState): SettingsState {
  return s.tiers === null ? s : { ...s, tiers: null };
}

export function resolutionReset(s: SettingsState): SettingsState {
  return s.resolution === null ? s : { ...s, resolution: null };
}

/** The analysis options these settings add (none at the defaults). */
export function settingsOptions(s: SettingsState): Pick<AnalysisOptions, 'tierCuts' | 'resolution'> {
  const out: Pick<AnalysisOptions, 'tierCuts' | 'resolution'> = {};
  if (s.tiers) out.tierCuts = tierCutsFromPercents(s.tiers);
  if (s.resolution !== null) out.resolution = s.resolution;
  return out;
}

/** The `kolmap rank` flags that give the CLI the same settings ('' at the defaults). */
export function settingsSpec(s: SettingsState): string {
  const flags: string[] = [];
  if (s.tiers) flags.push(`--tiers ${tiersSpec(s.tiers)}`);
  if (s.resolution !== null) flags.push(`--resolution ${s.resolution}`);
  return flags.join(' ');
}
