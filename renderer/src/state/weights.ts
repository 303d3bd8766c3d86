// Score weights set in the UI (components/WeightsControl): a small store, pure updates, and the
// actions that hand them to the analysis (actions.setAnalysisOptions re-runs it in the worker).
// Weights are relative, like `kolmap rank --weights`: the analysis renormalises them over the
// components that have data, so the same numbers give the same order in the UI and the CLI.
import {
  COMPONENTS,
  DEFAULT_WEIGHTS,
  type ComponentKey,
  type Weights,
} from '../../../shared/analytics/types';
import { setAnalysisOptions } from './actions';
import { createStore } from './store';

export interface WeightsState {
  /** null: the defaults (DEFAULT_WEIGHTS). */
  weights: Weights | null;
}

export const weightsStore = createStore<WeightsState>({ weights: null });

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

// ---- actions ----

function apply(next: WeightsState): void {
  const before = weightsStore.get();
  weightsStore.set(() => next);
  if (weightsStore.get() !== before) setAnalysisOptions(next.weights ? { weights: next.weights } : {});
}

export function setWeight(key: ComponentKey, value: number): void {
  apply(weightChanged(weightsStore.get(), key, value));
}

export function resetWeights(): void {
  apply(weightsReset(weightsStore.get()));
}
