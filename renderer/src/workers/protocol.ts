// Messages between the UI thread and the analysis worker. Every message carries the request id, so
// late messages from a cancelled run are recognised and ignored.
import type { AnalysisInput } from '../../../shared/api';
import type { AnalysisOptions, AnalysisResult } from '../../../shared/analytics/types';
import type { PackedEdges } from '../graph/edges';

export interface AnalysisRequest {
  type: 'run';
  id: number;
  input: AnalysisInput;
  options: AnalysisOptions;
}

export type AnalysisResponse =
  | { type: 'progress'; id: number; phase: string; fraction: number }
  /** The result without its edge objects, which travel as transferable typed arrays. */
  | { type: 'result'; id: number; result: Omit<AnalysisResult, 'edges'>; edges: PackedEdges }
  | { type: 'error'; id: number; message: string };
