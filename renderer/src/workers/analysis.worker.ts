// The analysis Web Worker (DESIGN §8.6): runs shared/analytics' analyze() off the UI thread and posts
// progress (throttled) and the result back. Cancelling is the client's job: it terminates this worker.
import { analyze } from '../../../shared/analytics';
import { packEdges } from '../graph/edges';
import type { AnalysisRequest, AnalysisResponse } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: AnalysisResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.onmessage = (event: MessageEvent<AnalysisRequest>) => {
  const { id, input, options } = event.data;
  let lastPost = 0;
  let lastPhase = '';
  try {
    const result = analyze(input, options, (phase, fraction) => {
      // Progress can be reported per node; ~20 messages a second are plenty for a progress bar.
      const now = performance.now();
      if (phase === lastPhase && now - lastPost < 50 && fraction < 1) return;
      lastPost = now;
      lastPhase = phase;
      post({ type: 'progress', id, phase, fraction });
    });
    const { edges, ...rest } = result;
    const packed = packEdges(edges);
    post({ type: 'result', id, result: rest, edges: packed }, [
      packed.source.buffer,
      packed.target.buffer,
      packed.weight.buffer,
    ]);
  } catch (err) {
    post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  }
};
