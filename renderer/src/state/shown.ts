// The analysis as the result-dependent views show it (issue 5): the store's value through
// useDeferredValue, so a new result (100k people) renders in a background transition that React
// interrupts every few milliseconds for input and painting, instead of one long commit. Every view
// that reads these hooks shows the new result in the same commit (the status bar's "ready" included).
import { useDeferredValue } from 'react';
import type { AnalysisResult } from '../../../shared/analytics/types';
import { store } from './actions';
import type { AppState } from './app';
import { useStore } from './store';

export function useShownResult(): AnalysisResult | null {
  return useDeferredValue(useStore(store, (s) => s.analysis.result));
}

export function useShownAnalysis(): AppState['analysis'] {
  return useDeferredValue(useStore(store, (s) => s.analysis));
}
