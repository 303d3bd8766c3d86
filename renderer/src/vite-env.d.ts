// Ambient types for the renderer: Vite's client types (CSS imports, import.meta) and the globals the
// desktop shell (window.kolmap) and the end-to-end tests (window.__kolmap) rely on.
/// <reference types="vite/client" />
import type { AnalysisResult } from '../../shared/analytics/types';
import type { KolmapBridge } from './api';
import type { MapGraph, MapSigma } from './graph/build';
import type { PlacedLabel } from './graph/labels';

declare global {
  interface Window {
    /** Exposed by electron/preload.ts through contextBridge; absent in browser mode. */
    kolmap?: KolmapBridge;
    /** Test hook: the live map and analysis, so e2e tests can locate and click nodes. */
    __kolmap?: {
      sigma: MapSigma | null;
      graph: MapGraph | null;
      result: AnalysisResult | null;
      /** The node labels drawn in the last frame (viewport positions). */
      labels?: () => readonly PlacedLabel[];
    };
  }
}
