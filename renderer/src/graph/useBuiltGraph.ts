// The map's graph for a result, built off the render path (issue 5): in time slices that yield to the
// event loop (build.ts buildGraphSliced), then the project's stored layout is applied before sigma sees
// the graph (applying it to a drawn graph costs a full sigma update). Until the new graph is ready the
// previous one stays on screen; `built.result` tells which result a graph belongs to.
import { useEffect, useState } from 'react';
import type { AnalysisResult } from '../../../shared/analytics/types';
import { loadMapLayout, scopeOf } from '../state/actions';
import { buildGraphSliced, type BuiltGraph } from './build';
import { applyPositions, layoutKey } from './layoutKey';

export interface BuiltMap extends BuiltGraph {
  result: AnalysisResult;
  layoutKey: string;
  /** Every drawn person got their stored position: no ForceAtlas2 run is needed. */
  storedLayout: boolean;
}

export function useBuiltGraph(result: AnalysisResult | null, maxNodes: number): BuiltMap | null {
  const [built, setBuilt] = useState<BuiltMap | null>(null);
  useEffect(() => {
    if (!result) return;
    let cancelled = false;
    void (async () => {
      const b = await buildGraphSliced(result, maxNodes, () => cancelled);
      if (!b || cancelled) return;
      const key = layoutKey(scopeOf(result), b.graph);
      const stored = await loadMapLayout(key);
      if (cancelled) return;
      const storedLayout = stored !== null && applyPositions(b.graph, stored.positions);
      setBuilt({ ...b, result, layoutKey: key, storedLayout });
    })();
    return () => {
      cancelled = true;
    };
  }, [result, maxNodes]);
  return result ? built : null;
}
