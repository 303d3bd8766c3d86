// The score weights, tier cut-offs and community resolution a project keeps (state/persist.ts stores
// them, state/weights.ts restores them when the project is opened): the pure part, checked on the way
// back in as the controls check what is typed.
import { COMPONENTS, DEFAULT_WEIGHTS, type Weights } from '../../../shared/analytics/types';
import { DEFAULT_SETTINGS, resolutionChanged, tiersChanged, type SettingsState } from './settings';

export interface RestoredSettings {
  /** null: the default weights. */
  weights: Weights | null;
  settings: SettingsState;
}

/**
 * Weights and settings read back from storage. A weight that is not a number ≥ 0 keeps its default;
 * weights all 0 (they could score no one) give the defaults; tiers or a resolution the controls would
 * refuse are left at their defaults; values equal to the defaults are stored as null, as the controls
 * keep them.
 */
export function restoredSettings(raw: Record<string, unknown> | null): RestoredSettings {
  let weights: Weights | null = null;
  const w = raw?.weights;
  if (w && typeof w === 'object') {
    const values = w as Record<string, unknown>;
    const next: Weights = { ...DEFAULT_WEIGHTS };
    for (const k of COMPONENTS) {
      const v = values[k];
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) next[k] = v;
    }
    const allZero = COMPONENTS.every((k) => next[k] === 0);
    const isDefault = COMPONENTS.every((k) => next[k] === DEFAULT_WEIGHTS[k]);
    weights = allZero || isDefault ? null : next;
  }
  let settings = DEFAULT_SETTINGS;
  const tiers = raw?.tiers;
  if (Array.isArray(tiers) && tiers.length === 3 && tiers.every((t) => typeof t === 'number')) {
    settings = tiersChanged(settings, tiers as number[]);
  }
  if (typeof raw?.resolution === 'number') settings = resolutionChanged(settings, raw.resolution);
  return { weights, settings };
}

/** What a project stores: null when everything is at its default. */
export function savedSettings(weights: Weights | null, settings: SettingsState): object | null {
  if (weights === null && settings.tiers === null && settings.resolution === null) return null;
  return { weights, tiers: settings.tiers, resolution: settings.resolution };
}
