// Score weights set in the UI (components/WeightsControl): a small store, pure updates, and the
// actions that hand them to the analysis (actions.setAnalysisOptions re-runs it in the worker).
// Weights are relative, like `kolmap rank --weights`: the analysis renormalises them over the
// components that have data, so the same numbers give the same order in the UI and the CLI.
// The tier cut-offs and community resolution (components/TiersControl, pure updates in settings.ts)
// have their store here too, since one set of options carries both to the analysis. Both are kept per
// project (state/persist.ts) and come back when the project is opened again.
import { resolveWeights } from '../../../shared/analytics/score';
import {
  COMPONENTS,
  DEFAULT_WEIGHTS,
  type AnalysisResult,
  type ComponentKey,
  type Weights,
} from '../../../shared/analytics/types';
import { onProjectOpened, restoreAnalysisOptions, setAnalysisOptions, store } from './actions';
import { loadAnalysisSettings, saveAnalysisSettings } from './persist';
import { restoredSettings, savedSettings } from './savedSettings';
import {
  DEFAULT_SETTINGS,
  resolutionChanged,
  resolutionReset,
  settingsOptions,
  tiersChanged,
  tiersReset,
  type SettingsState,
} from './settings';
import { createStore } from './store';

export interface WeightsState {
  /** null: the defaults (DEFAULT_WEIGHTS). */
  weights: Weights | null;
}

export const weightsStore = createStore<WeightsState>({ weights: null });

/** Tier cut-offs and community resolution (null: the defaults). */
export const settingsStore = createStore<SettingsState>(DEFAULT_SETTINGS);

// ---- pure updates ----

export function weightChanged(s: WeightsState, key: ComponentKey, value: number): WeightsState {
  const current = s.weights ?? DEFAULT_WEIGHTS;
  const v = Math.max(0, Number.isFinite(value) ? value : 0);
  if (current[key] === v) return s;
  const weights = { ...current, [key]: v };
  return { weights: COMPONENTS.every((k) => weights[k] === DEFAULT_WEIGHTS[k]) ? null : weights };
}

export function weightsReset(s: WeightsState): WeightsState {
  return s.weights === null ? s : { weights: null };
}

/** The `--weights` argument that gives the CLI the same weights ('' for the defaults). */
export function weightsSpec(weights: Weights | null): string {
  if (!weights) return '';
  return COMPONENTS.map((k) => `${k}=${weights[k]}`).join(',');
}

/** Which components have data in this result: citations, recency and trials can be missing from a scope. */
export function availableComponents(result: AnalysisResult): Record<ComponentKey, boolean> {
  const out = {} as Record<ComponentKey, boolean>;
  for (const k of COMPONENTS) out[k] = true;
  out.citations = result.people.some((p) => p.citations !== null);
  out.recency = result.referenceYear !== null;
  out.trials = result.people.some((p) => p.trials !== undefined);
  return out;
}

/**
 * Whether the weights can score anyone in the result's scope: false when every component with data has
 * weight 0 (the analysis would fail on them). True without a result, or with nobody in scope.
 */
export function weightsUsable(weights: Weights | null, result: AnalysisResult | null): boolean {
  if (!weights || !result || result.people.length === 0) return true;
  try {
    resolveWeights(weights, availableComponents(result));
    return true;
  } catch {
    return false;
  }
}

// ---- actions ----

/** Re-runs the analysis with the current weights and settings, unless the weights cannot score anyone. */
function rerun(): void {
  const { weights } = weightsStore.get();
  // Weights that leave every component with data at 0 are not run: the analysis (seconds of work on a
  // large project) could only fail, and the status bar showed its error in the CLI's terms. The last
  // result stays, the weights popover says what to change, and the status bar says they are not applied.
  if (!weightsUsable(weights, store.get().analysis.result)) return;
  setAnalysisOptions({ ...(weights ? { weights } : {}), ...settingsOptions(settingsStore.get()) });
}

function apply(next: WeightsState): void {
  const before = weightsStore.get();
  weightsStore.set(() => next);
  if (weightsStore.get() !== before) rerun();
}

function applySettings(next: SettingsState): void {
  const before = settingsStore.get();
  settingsStore.set(() => next);
  if (settingsStore.get() !== before) rerun();
}

export function setWeight(key: ComponentKey, value: number): void {
  apply(weightChanged(weightsStore.get(), key, value));
}

export function resetWeights(): void {
  apply(weightsReset(weightsStore.get()));
}

/** New tier percentages (T1, T2, T3); invalid ones are not applied (the control says why). */
export function setTiers(percents: readonly number[]): void {
  applySettings(tiersChanged(settingsStore.get(), percents));
}

export function setResolution(r: number): void {
  applySettings(resolutionChanged(settingsStore.get(), r));
}

export function resetTiers(): void {
  applySettings(tiersReset(settingsStore.get()));
}

export function resetResolution(): void {
  applySettings(resolutionReset(settingsStore.get()));
}

// ---- kept per project ----

let restoring = false;

onProjectOpened((path) => {
  const { weights, settings } = restoredSettings(loadAnalysisSettings(path));
  restoring = true;
  try {
    weightsStore.set(() => ({ weights }));
    settingsStore.set(() => settings);
  } finally {
    restoring = false;
  }
  restoreAnalysisOptions({
    ...(weights ? { weights } : {}),
    ...settingsOptions(settings),
  });
});

function save(): void {
  const path = store.get().project?.path;
  if (restoring || !path) return;
  saveAnalysisSettings(path, savedSettings(weightsStore.get().weights, settingsStore.get()));
}
weightsStore.subscribe(save);
settingsStore.subscribe(save);
