// The analysis as the result-dependent views show it (issue 5): the store's value through one
// useDeferredValue at the top of the app, handed down by context. A new result (100k people) then
// renders in a background transition that React interrupts every few milliseconds for input and
// painting, instead of one long commit; and since the views read it from context, not from the store,
// the store's update itself re-renders none of them (the tree below the provider is the same elements).
// Every view that reads these hooks shows the new result in the same commit (the status bar's "ready"
// included), except those below ShownOneFrameLater (the overview), which follow a frame later.
import {
  createContext,
  startTransition,
  useContext,
  useDeferredValue,
  useEffect,
  useState,
  type ReactNode,
} from 'react';
import type { AnalysisResult } from '../../../shared/analytics/types';
import { afterNextFrame } from '../lib/frames';
import { resultShown, shownLater, store } from './actions';
import type { AppState } from './app';
import { useStore } from './store';

const ShownAnalysis = createContext<AppState['analysis']>(store.get().analysis);
// The result alone, so views that draw it do not re-render on every progress step of a run.
const ShownResult = createContext<AnalysisResult | null>(store.get().analysis.result);

export function ShownProvider({ children }: { children: ReactNode }) {
  const analysis = useDeferredValue(useStore(store, (s) => s.analysis));
  return (
    <ShownAnalysis value={analysis}>
      <ShownResult value={analysis.result}>{children}</ShownResult>
    </ShownAnalysis>
  );
}

export function useShownResult(): AnalysisResult | null {
  return useContext(ShownResult);
}

export function useShownAnalysis(): AppState['analysis'] {
  return useContext(ShownAnalysis);
}

/**
 * The shown result one frame later, for the views below it (the inspector's overview): a new result
 * then costs two frames of style and layout (the ranking and the map, then the overview) instead of
 * one, each well under issue 5's 100 ms on a 2-core machine. The overview is one frame behind the
 * ranking; 'kolmap:analysis-ready' waits for it while it is mounted.
 */
export function ShownOneFrameLater({ children }: { children: ReactNode }) {
  const result = useShownResult();
  const [later, setLater] = useState(result);
  useEffect(() => shownLater(), []);
  useEffect(() => {
    if (later === result) return;
    // After the frame that draws the ranking.
    return afterNextFrame(() => startTransition(() => setLater(result)));
  }, [result, later]);
  useEffect(() => resultShown(later, 'later'), [later]);
  return <ShownResult value={later}>{children}</ShownResult>;
}
