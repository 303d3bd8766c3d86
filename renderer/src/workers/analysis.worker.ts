// The analysis Web Worker (DESIGN §8.6, issues 5 and 8): reads the cached result or the analysis input
// (see protocol.ts for how it reaches the API), runs shared/analytics' analyze() off the UI thread,
// posts progress (throttled) and the result in slices, then stores the result in the project's cache.
// Cancelling is the client's job: it terminates this worker.
import { analyze } from '../../../shared/analytics';
import {
  assembleCachedAnalysis,
  decodeCachedHead,
  decodeCachedPart,
  encodeCachedParts,
  encodePeopleSlice,
  yearRangeOf,
  type CachedAnalysis,
  type CachedHead,
  type CachedPart,
} from '../../../shared/analytics/cache';
import type { AnalysisResult, Weights } from '../../../shared/analytics/types';
import type { AnalysisInput, ArgsOf, Results } from '../../../shared/api';
import { BINARY_CONTENT_TYPE, hasBinaryField, packFrame, unpackFrame } from '../../../shared/api/binary';
import { packEdges, type PackedEdges } from '../graph/edges';
import {
  PEOPLE_BINARY_CHUNK,
  PEOPLE_CHUNK,
  SHOWN_WAIT_MS,
  type AnalysisRequest,
  type AnalysisResponse,
  type ApiRoute,
  type ResultSource,
  type ShownNotice,
  type WorkerInbound,
  type WorkerMethod,
} from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: AnalysisResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Runs waiting for the UI thread's ShownNotice, by `${id}:${stage}`. */
const shownWaiters = new Map<string, () => void>();

/** Resolves when the UI thread reports the stage of run `id` shown, or after SHOWN_WAIT_MS. */
function untilShown(id: number, stage: ShownNotice['stage']): Promise<void> {
  const key = `${id}:${stage}`;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      shownWaiters.delete(key);
      resolve();
    };
    const timer = setTimeout(done, SHOWN_WAIT_MS);
    shownWaiters.set(key, done);
  });
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
      // A cache part's bytes are not used here afterwards: moved to the UI thread, not copied.
      const bytes = (args as { payload?: unknown }).payload;
      post({ type: 'call', id, callId, method, args }, bytes instanceof Uint8Array ? [bytes.buffer] : []);
    });
  }
  // Arguments with bytes (a cache part) go as one binary frame, and a cache part comes back as one.
  const binary = hasBinaryField(args);
  const res = await fetch(`${route.origin}/api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': binary ? BINARY_CONTENT_TYPE : 'application/json',
      'x-kolmap-token': route.token,
    },
    body: binary ? packFrame(args) : JSON.stringify(args),
  });
  if (res.ok && res.headers.get('content-type') === BINARY_CONTENT_TYPE) {
    return unpackFrame(new Uint8Array(await res.arrayBuffer())) as unknown as Results[M];
  }
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

/**
 * Posts people in chunks, each a short message to receive: as binary columns (encodePeopleSlice; the
 * UI thread rebuilds the objects, which keeps its GC pauses short), or as the objects themselves when
 * a person holds something that encoding cannot carry exactly. total: the whole result's people.
 */
function postPeople(
  id: number,
  source: ResultSource,
  people: AnalysisResult['people'],
  weights: Weights,
  total: number,
  from = 0,
): void {
  for (let i = from; i < people.length; i += PEOPLE_BINARY_CHUNK) {
    const slice = people.slice(i, i + PEOPLE_BINARY_CHUNK);
    let bytes: Uint8Array<ArrayBuffer> | null;
    try {
      bytes = encodePeopleSlice(slice, total, weights);
    } catch {
      bytes = null;
    }
    if (bytes) {
      post({ type: 'people-columns', id, source, bytes }, [bytes.buffer]);
      continue;
    }
    for (let j = 0; j < slice.length; j += PEOPLE_CHUNK) {
      post({ type: 'people', id, source, people: slice.slice(j, j + PEOPLE_CHUNK) });
    }
  }
}

/**
 * Posts a result: people from `from` on in chunks (those before were sent with the head), then the
 * communities, then the rest with the links.
 */
function deliver(
  id: number,
  source: ResultSource,
  result: Omit<AnalysisResult, 'edges'>,
  edges: PackedEdges,
  from = 0,
  paged?: number,
): void {
  const { people, communities, ...rest } = result;
  postPeople(id, source, people, rest.weights, people.length, from);
  // A big scope has thousands of (mostly tiny) communities, each with leaders and terms.
  for (let i = 0; i < communities.length; i += PEOPLE_CHUNK * 2) {
    post({ type: 'communities', id, source, communities: communities.slice(i, i + PEOPLE_CHUNK * 2) });
  }
  const after = from > 0 ? { afterHead: true } : {};
  post({ type: 'result', id, source, result: rest, edges, ...(paged ? { paged } : {}), ...after }, [
    edges.source.buffer,
    edges.target.buffer,
    edges.weight.buffer,
  ]);
}

/** Posts the cached head: its people, then the summary with its communities and links. */
function deliverHead(id: number, source: 'cache' | 'stale-cache', head: CachedHead): void {
  const { people, ...rest } = head.result;
  postPeople(id, source, people, rest.weights, head.totalPeople);
  const edges: PackedEdges = head.edges;
  post({ type: 'head', id, source, result: rest, edges, totalPeople: head.totalPeople }, [
    edges.source.buffer,
    edges.target.buffer,
    edges.weight.buffer,
  ]);
}

/**
 * Reads the cached result under the key: the head first (delivered at once), then, when it is current,
 * the other parts. Returns whether the whole current result was delivered (then no analysis is needed)
 * and the people of the result found (null: none). fresh: the back end has just analysed and stored
 * it, so it is delivered as an analysis, not as the last one.
 */
async function fromCache(
  id: number,
  request: AnalysisRequest,
  unscoped: boolean,
  fresh = false,
): Promise<{ delivered: boolean; totalPeople: number | null }> {
  const found = await fromCacheEntry(id, request, unscoped, fresh);
  return { delivered: found === true, totalPeople: typeof found === 'number' ? found : null };
}

/** fromCache: true when delivered, else the found result's people (null: none found). */
async function fromCacheEntry(
  id: number,
  request: AnalysisRequest,
  unscoped: boolean,
  fresh: boolean,
): Promise<true | number | null> {
  const { route, key } = request;
  post({ type: 'progress', id, phase: 'Loading the last result', fraction: 0 });
  const entry = await call(id, route, 'getCachedAnalysis', { key }).catch(() => null);
  const head = entry ? decodeCachedHead(entry.payload) : null;
  if (!entry || !head) return null;
  const source = entry.current ? 'cache' : 'stale-cache';
  const whose: ResultSource = fresh && entry.current ? 'analysis' : source;
  post({ type: 'years', id, years: head.years, unscoped });
  const shown = head.result.people.length;
  // Too many people to hold in the page (PAGED_ABOVE): the head is the result; the table pages the rest.
  const paged = entry.current && head.totalPeople > (request.pagedAbove ?? Infinity);
  const headEdges: PackedEdges | null = paged
    ? {
        source: head.edges.source.slice(),
        target: head.edges.target.slice(),
        weight: head.edges.weight.slice(),
      }
    : null;
  deliverHead(id, source, head);
  if (headEdges) {
    deliver(id, whose, head.result, headEdges, shown, head.totalPeople);
    return true;
  }
  // The data changed since: the old head stays on screen, marked stale, while the new result is
  // computed (reading the rest of an old result would only delay the new one).
  if (!entry.current) return head.totalPeople;
  // The rest waits until the head is on screen (the ranking and the map drawn).
  await untilShown(id, 'head');
  const rest: CachedPart[] = [];
  for (let part = 1; part < head.parts; part++) {
    post({ type: 'progress', id, phase: 'Loading the last result', fraction: part / head.parts });
    const next = await call(id, route, 'getCachedAnalysis', { key, part }).catch(() => null);
    // Another result replaced the entry meanwhile: its parts do not belong to this head.
    if (!next || next.createdAt !== entry.createdAt || next.parts !== head.parts) return head.totalPeople;
    const decoded = decodeCachedPart(next.payload, head);
    if (!decoded) return head.totalPeople;
    rest.push(decoded);
  }
  const whole: CachedAnalysis | null = assembleCachedAnalysis(head, rest);
  if (!whole) return head.totalPeople;
  deliver(id, whose, whole.result, whole.edges, shown);
  return true;
}

/** Stores a result part by part (one part encoded and held at a time); a failure only costs a rerun. */
async function store(
  id: number,
  request: AnalysisRequest,
  result: AnalysisResult,
  years: [number, number] | null,
  dataVersion: number,
  edges: PackedEdges,
): Promise<void> {
  // getRandomValues, not randomUUID: the latter exists only in secure contexts.
  const upload = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  for (const { part, parts, bytes } of encodeCachedParts(result, request.scope, years, edges)) {
    const args = { key: request.key, dataVersion, upload, part, parts, payload: bytes };
    const saved = await call(id, request.route, 'saveCachedAnalysis', args);
    if (!saved.saved) return;
  }
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

/**
 * Whether the scope is too big to analyse here (BACK_END_ABOVE): the people of the cached result under
 * the key when one was found, else the project's people (an upper bound of any scope's).
 */
async function tooBigForPage(request: AnalysisRequest, cachedPeople: number | null): Promise<boolean> {
  const above = request.backEndAbove;
  if (above === undefined) return false;
  const people = cachedPeople ?? (await call(request.id, request.route, 'getProject', {})).totals.authors;
  return people > above;
}

/**
 * Has the back end analyse the scope and store the result (analyseInBackEnd), then delivers it from
 * the cache as when it was current (paged when huge). Its progress reaches the page as
 * 'analysis-progress' events (the client forwards them). Asks again when the data changed meanwhile.
 */
async function inBackEnd(request: AnalysisRequest, unscoped: boolean): Promise<void> {
  const { id, route, scope, options } = request;
  for (let attempt = 0; attempt < 3; attempt++) {
    post({ type: 'progress', id, phase: 'Analysing in the back end', fraction: 0 });
    const done = await call(id, route, 'analyseInBackEnd', { scope, options });
    if (done.people === 0) {
      post({ type: 'years', id, years: null, unscoped });
      post({ type: 'empty', id });
      return;
    }
    if (done.saved && (await fromCache(id, request, unscoped, true)).delivered) return;
  }
  throw new Error(
    'The data kept changing while the back end analysed this scope (imports or decisions running): try again when they are done.',
  );
}

async function run(request: AnalysisRequest): Promise<void> {
  const { id, route } = request;
  const unscoped = request.scope.since == null && request.scope.until == null;
  let input = request.input ?? null;
  if (!input) {
    let cachedPeople: number | null = null;
    if (request.useCache) {
      const found = await fromCache(id, request, unscoped).catch(() => ({
        delivered: false,
        totalPeople: null,
      }));
      if (found.delivered) return;
      cachedPeople = found.totalPeople;
    }
    if (await tooBigForPage(request, cachedPeople)) return inBackEnd(request, unscoped);
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
  const packed = packEdges(edges);
  // Kept for the cache: the delivered arrays are transferred away.
  const kept: PackedEdges = {
    source: packed.source.slice(),
    target: packed.target.slice(),
    weight: packed.weight.slice(),
  };
  deliver(id, 'analysis', rest, packed);
  // Stored after delivery, once the UI has drawn the result (the UI does not wait for it); a failure
  // only costs the next open a run.
  if (!request.input && input.dataVersion !== undefined) {
    await untilShown(id, 'result');
    await store(id, request, result, years, input.dataVersion, kept).catch(() => undefined);
  }
}

scope.onmessage = (event: MessageEvent<WorkerInbound>) => {
  const message = event.data;
  if (message.type === 'shown') {
    shownWaiters.get(`${message.id}:${message.stage}`)?.();
    return;
  }
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
