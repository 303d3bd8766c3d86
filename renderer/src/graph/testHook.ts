// The e2e test hook: window.__kolmap = { sigma, graph, result }, kept current as they change, so a
// Playwright test can find a node's viewport position (sigma.graphToViewport) and click it.
import type { MapGraph, MapSigma } from './build';
import type { AnalysisResult } from '../../../shared/analytics/types';
import type { PlacedLabel } from './labels';

export function exposeForTests(
  part: Partial<{
    sigma: MapSigma | null;
    graph: MapGraph | null;
    result: AnalysisResult | null;
    labels: () => readonly PlacedLabel[];
  }>,
): void {
  const current = window.__kolmap ?? { sigma: null, graph: null, result: null };
  window.__kolmap = { ...current, ...part };
}
