// UI-side handle on the analysis worker. One run at a time: a new request cancels the previous one
// (terminates its worker and starts a fresh one), so a stale result can never overwrite a newer one.
import type { AnalysisInput } from '../../../shared/api';
import type { AnalysisOptions, AnalysisResult } from '../../../shared/analytics/types';
import { withPackedEdges } from '../graph/edges';
import type { AnalysisRequest, AnalysisResponse } from './protocol';

/** Rejection reason of a run that a newer request (or dispose) replaced; callers ignore it. */
export class AnalysisCancelled extends Error {
  constructor() {
    super('Analysis cancelled by a newer request.');
    this.name = 'AnalysisCancelled';
  }
}

interface Pending {
  id: number;
  resolve: (result: AnalysisResult) => void;
  reject: (err: Error) => void;
  onProgress: (phase: string, fraction: number) => void;
}

export class AnalysisRunner {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextId = 1;

  run(
    input: AnalysisInput,
    options: AnalysisOptions,
    onProgress: (phase: string, fraction: number) => void,
  ): Promise<AnalysisResult> {
    // A busy worker is terminated (its synchronous analyze() cannot be interrupted otherwise).
    if (this.pending) this.cancel();
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<AnalysisResult>((resolve, reject) => {
      this.pending = { id, resolve, reject, onProgress };
      const request: AnalysisRequest = { type: 'run', id, input, options };
      worker.postMessage(request);
    });
  }

  /** Stops the current run, if any. */
  cancel(): void {
    const pending = this.pending;
    this.pending = null;
    if (this.worker && pending) {
      this.worker.terminate();
      this.worker = null;
    }
    pending?.reject(new AnalysisCancelled());
  }

  dispose(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), {
      type: 'module',
      name: 'kolmap-analysis',
    });
    worker.onmessage = (event: MessageEvent<AnalysisResponse>) => this.handle(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const pending = this.pending;
      this.pending = null;
      worker.terminate();
      if (this.worker === worker) this.worker = null;
      pending?.reject(new Error(`The analysis worker failed: ${event.message || 'it could not be loaded'}.`));
    };
    this.worker = worker;
    return worker;
  }

  private handle(message: AnalysisResponse): void {
    const pending = this.pending;
    if (!pending || message.id !== pending.id) return; // From a cancelled run.
    if (message.type === 'progress') {
      pending.onProgress(message.phase, message.fraction);
      return;
    }
    this.pending = null;
    if (message.type === 'result') pending.resolve(withPackedEdges(message.result, message.edges));
    else pending.reject(new Error(message.message));
  }
}
