// The analysis Web Worker (DESIGN §8.6, issues 5 and 8): reads the cached result or the analysis input
// (see protocol.ts for how it reaches the API), runs shared/analytics' analyze() off the UI thread,
// posts progress (throttled) and the result in slices, then stores the result in the project's cache.
// Cancelling is the client's job: it terminates this worker.
import { analyze } from '../../../shared/analytics';
import {
  decodeCachedAnalysis,
  encodeCachedAnalysis,
  worthCaching,
  yearRangeOf,
  type CachedAnalysis,
} from '../../../shared/analytics/cache';
import type { AnalysisResult } from '../../../shared/analytics/types';
import type { AnalysisInput, ArgsOf, Results } from '../../../shared/api';
import { packEdges, type PackedEdges } from '../graph/edges';
import {
  PEOPLE_CHUNK,
  type AnalysisRequest,
  type AnalysisResponse,
  type ApiRoute,
  type ResultSource,
  type WorkerInbound,
  type WorkerMethod,
} from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: AnalysisResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

// Calls through the UI thread (desktop app): one promise per call id.
let nextCallId = 1;
const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

async function call<M extends WorkerMethod>(
  id: number,
  route: ApiRoute,
  method: M,
  args: ArgsOf<M>,
): Promise<Results[M]> {
  if (route.kind === 'bridge') {
    const callId = nextCallId++;
    return new Promise<Results[M]>((resolve, reject) => {
      calls.set(callId, { resolve: resolve as (v: unknown) => void, reject });
      post({ type: 'call', id, callId, method, args });
    });
  }
  const res = await fetch(`${route.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kolmap-token': route.token },
    body: JSON.stringify(args),
  });
  const text = await res.text();
  if (!res.ok) {
    let message = `${method} failed with HTTP ${res.status}.`;
    try {
      const body = JSON.parse(text) as { error?: { message?: unknown } };
      if (typeof body.error?.message === 'string') message = body.error.message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new Error(message);
  }
  return JSON.parse(text) as Results[M];
}

/** Posts a result: people in chunks (each a short message to receive), then the rest with the links. */
function deliver(
  id: number,
  source: ResultSource,
  result: Omit<AnalysisResult, 'edges'>,
  edges: PackedEdges,
): void {
  const { people, communities, ...rest } = result;
  for (let i = 0; i < people.length; i += PEOPLE_CHUNK) {
    post({ type: 'people', id, source, people: people.slice(i, i + PEOPLE_CHUNK) });
  }
  // A big scope has thousands of (mostly tiny) communities, each with leaders and terms.
  for (let i = 0; i < communities.length; i += PEOPLE_CHUNK * 2) {
    post({ type: 'communities', id, source, communities: communities.slice(i, i + PEOPLE_CHUNK * 2) });
  }
  post({ type: 'result', id, source, result: rest, edges }, [
    edges.source.buffer,
    edges.target.buffer,
    edges.weight.buffer,
  ]);
}

function deliverCached(id: number, source: ResultSource, cached: CachedAnalysis): void {
  const edges: PackedEdges = {
    source: Int32Array.from(cached.edges.source),
    target: Int32Array.from(cached.edges.target),
    weight: Float64Array.from(cached.edges.weight),
  };
  deliver(id, source, cached.result, edges);
}

function analyse(id: number, input: AnalysisInput, request: AnalysisRequest): AnalysisResult {
  let lastPost = 0;
  let lastPhase = '';
  return analyze(input, request.options, (phase, fraction) => {
    // Progress can be reported per node; ~20 messages a second are plenty for a progress bar.
    const now = performance.now();
    if (phase === lastPhase && now - lastPost < 50 && fraction < 1) return;
    lastPost = now;
    lastPhase = phase;
    post({ type: 'progress', id, phase, fraction });
  });
}

async function run(request: AnalysisRequest): Promise<void> {
  const { id, route, key } = request;
  const unscoped = request.scope.since == null && request.scope.until == null;
  let input = request.input ?? null;
  if (!input) {
    if (request.useCache) {
      post({ type: 'progress', id, phase: 'Loading the last result', fraction: 0 });
      const entry = await call(id, route, 'getCachedAnalysis', { key }).catch(() => null);
      const cached = entry ? decodeCachedAnalysis(entry.payload) : null;
      if (entry && cached) {
        post({ type: 'years', id, years: cached.years, unscoped });
        if (entry.current) {
          deliverCached(id, 'cache', cached);
          return;
        }
        // The data changed since: show the old result, marked stale, while the new one is computed.
        deliverCached(id, 'stale-cache', cached);
      }
    }
    post({ type: 'progress', id, phase: 'Loading data', fraction: 0 });
    input = await call(id, route, 'getAnalysisInput', request.scope);
  }
  const years = yearRangeOf(input.papers);
  post({ type: 'years', id, years, unscoped });
  if (input.papers.length === 0) {
    post({ type: 'empty', id });
    return;
  }
  post({ type: 'progress', id, phase: 'Analysing', fraction: 0 });
  const result = analyse(id, input, request);
  const { edges, ...rest } = result;
  deliver(id, 'analysis', rest, packEdges(edges));
  // Stored after delivery (the UI does not wait for it); a failure only costs the next open a run.
  if (!request.input && input.dataVersion !== undefined && worthCaching(result)) {
    const payload = encodeCachedAnalysis(result, request.scope, years);
    await call(id, route, 'saveCachedAnalysis', { key, dataVersion: input.dataVersion, payload }).catch(
      () => undefined,
    );
  }
}

scope.onmessage = (event: MessageEvent<WorkerInbound>) => {
  const message = event.data;
  if (message.type === 'reply') {
    const pending = calls.get(message.callId);
    calls.delete(message.callId);
    if (!pending) return;
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new Error(message.message));
    return;
  }
  run(message).catch((err: unknown) => {
    post({ type: 'error', id: message.id, message: err instanceof Error ? err.message : String(err) });
  });
};
