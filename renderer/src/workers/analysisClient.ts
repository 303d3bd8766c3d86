// UI-side handle on the analysis worker. One run at a time: a new request cancels the previous one
// (terminates its worker and starts a fresh one), so a stale result can never overwrite a newer one.
// The worker fetches its own data (protocol.ts); this side answers its API calls in the desktop app,
// where only the UI thread holds the IPC bridge, and puts the sliced result back together.
import type { AnalysisInput, AnalysisProgressEvent, Api, Scope } from '../../../shared/api';
import type {
  AnalysisOptions,
  AnalysisResult,
  CommunityInfo,
  RankedPerson,
} from '../../../shared/analytics/types';
import { analysisCacheKey, decodePeopleSlice } from '../../../shared/analytics/cache';
import { withPackedEdges } from '../graph/edges';
import type {
  AnalysisRequest,
  AnalysisResponse,
  ApiRoute,
  CallReply,
  ResultSource,
  ShownNotice,
  WorkerMethod,
} from './protocol';
import { BACK_END_ABOVE, IDLE_WAIT_MS, PAGED_ABOVE } from './protocol';

/** Rejection reason of a run that a newer request (or dispose) replaced; callers ignore it. */
export class AnalysisCancelled extends Error {
  constructor() {
    super('Analysis cancelled by a newer request.');
    this.name = 'AnalysisCancelled';
  }
}

export interface RunHandlers {
  onProgress: (phase: string, fraction: number) => void;
  /** The years seen in scope; unscoped: no year limit was set. */
  onYears?: (years: [number, number] | null, unscoped: boolean) => void;
  /** A cached result from older data, shown while the new one is computed. */
  onStale?: (result: AnalysisResult) => void;
  /**
   * The head of a cached result (its top-ranked people, the links among them and their communities),
   * delivered before the rest is read: a first ranked view. stale: from older data (shown while the
   * new result is computed, which then resolves the run); else the whole cached result resolves it.
   */
  onHead?: (head: AnalysisResult, info: { stale: boolean; totalPeople: number }) => void;
}

/** A finished run: null when nothing is in scope. */
export interface RunOutcome {
  result: AnalysisResult | null;
  /** 'cache': the stored result was current; 'analysis': computed now. */
  source: Exclude<ResultSource, 'stale-cache'>;
  /**
   * Set when the result is a cached result's head only (more people than PAGED_ABOVE): the whole
   * ranking has this many people, read page by page with getCachedRanking under `key`.
   */
  paged?: { key: string; total: number };
}

interface Pending {
  id: number;
  resolve: (outcome: RunOutcome) => void;
  reject: (err: Error) => void;
  handlers: RunHandlers;
  people: RankedPerson[];
  /** The people of a cached head, which the cached result's later people continue. */
  headPeople: RankedPerson[];
  communities: CommunityInfo[];
  /** The request's cache key (a paged result is read under it). */
  key: string;
  /** A current cached head was shown: the worker's next progress is its reading of the rest. */
  restPending?: boolean;
}

/** An idle period of this thread (a short timer where the browser has no idle callbacks). */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: IDLE_WAIT_MS });
  else setTimeout(fn, 50);
}

/**
 * Calls fn once this thread has drawn what it was just handed: the views render a new result in a
 * background transition and commit it, the browser lays it out in a frame, and the map takes its graph
 * in a task after that frame and draws it in the next. Idle, a frame, idle, a frame, idle: each idle
 * callback waits for the tasks queued before it.
 */
function whenSettled(fn: () => void): void {
  whenIdle(() => requestAnimationFrame(() => whenIdle(() => requestAnimationFrame(() => whenIdle(fn)))));
}

/** The page's URL parameter `name` when a whole number ≥ 0 (tests lower thresholds with it), else fallback. */
function urlNumber(name: string, fallback: number): number {
  const raw = typeof location !== 'undefined' ? new URLSearchParams(location.search).get(name) : null;
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** PAGED_ABOVE, or the page's `pagedAbove` URL parameter (tests open small projects in paged mode). */
function pagedAboveFor(): number {
  return urlNumber('pagedAbove', PAGED_ABOVE);
}

/** How the worker reaches the API from this page: HTTP with the page's token, else through us. */
function routeFor(transport: string): ApiRoute {
  if (transport === 'http' && typeof location !== 'undefined') {
    const token = new URLSearchParams(location.search).get('token');
    if (token) return { kind: 'http', origin: location.origin, token };
  }
  return { kind: 'bridge' };
}

export class AnalysisRunner {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextId = 1;

  constructor(
    private readonly api: Api | null = null,
    private readonly transport = 'none',
  ) {}

  /**
   * Shows the cached result for the scope and options when it is current, else analyses (reading the
   * input in the worker) and stores the new result. useCache false: always analyse.
   */
  load(scope: Scope, options: AnalysisOptions, handlers: RunHandlers, useCache = true): Promise<RunOutcome> {
    const key = analysisCacheKey(scope, options);
    const route = routeFor(this.transport);
    // BACK_END_ABOVE, or the page's `backEndAbove` URL parameter (tests make small scopes huge with it).
    const backEndAbove = urlNumber('backEndAbove', BACK_END_ABOVE);
    return this.start(
      { scope, options, key, useCache, route, pagedAbove: pagedAboveFor(), backEndAbove },
      handlers,
    );
  }

  /** Starts the worker ahead of a run, so that it loads its code while the page does other work. */
  warm(): void {
    if (!this.worker) this.spawn();
  }

  /** Analyses an input the caller already holds (no cache). */
  run(
    input: AnalysisInput,
    options: AnalysisOptions,
    onProgress: (phase: string, fraction: number) => void,
  ): Promise<AnalysisResult> {
    const key = analysisCacheKey(input.scope, options);
    return this.start(
      { scope: input.scope, options, key, useCache: false, route: { kind: 'bridge' }, input },
      { onProgress },
    ).then((outcome) => {
      if (!outcome.result) throw new Error('Nothing in scope to analyse.');
      return outcome.result;
    });
  }

  private start(request: Omit<AnalysisRequest, 'type' | 'id'>, handlers: RunHandlers): Promise<RunOutcome> {
    // A busy worker is terminated (its synchronous analyze() cannot be interrupted otherwise).
    if (this.pending) this.cancel();
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<RunOutcome>((resolve, reject) => {
      const key = request.key;
      this.pending = { id, resolve, reject, handlers, people: [], headPeople: [], communities: [], key };
      const message: AnalysisRequest = { type: 'run', id, ...request };
      worker.postMessage(message);
    });
  }

  /** Progress of a back-end analysis (an 'analysis-progress' event): shown when it is the current run's. */
  backEndProgress(event: AnalysisProgressEvent): void {
    const pending = this.pending;
    if (pending && pending.key === event.key) pending.handlers.onProgress(event.phase, event.fraction);
  }

  /**
   * Stops the current run at the user's request: as cancel(), and asks the back end to stop its
   * analysis of the same key, should the run have gone there (a huge scope, analyseInBackEnd).
   */
  stop(): void {
    const key = this.pending?.key;
    this.cancel();
    if (key && this.api) void this.api.cancelBackEndAnalysis({ key }).catch(() => undefined);
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
    worker.onmessage = (event: MessageEvent<AnalysisResponse>) => this.handle(worker, event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.fail(worker, `The analysis worker failed: ${event.message || 'it could not be loaded'}.`);
    };
    this.worker = worker;
    return worker;
  }

  /** Ends the current run with an error (the worker is stopped: the rest of its result is of no use). */
  private fail(worker: Worker, message: string): void {
    const pending = this.pending;
    this.pending = null;
    worker.terminate();
    if (this.worker === worker) this.worker = null;
    pending?.reject(new Error(message));
  }

  /** Answers an API call of the worker (desktop app: the IPC bridge lives on this thread). */
  private answer(worker: Worker, callId: number, method: WorkerMethod, args: unknown): void {
    const api = this.api;
    const reply = (message: CallReply) => {
      if (this.worker === worker) worker.postMessage(message);
    };
    if (!api) {
      reply({ type: 'reply', callId, ok: false, message: 'No kolmap back end.' });
      return;
    }
    const fn = api[method] as (a: unknown) => Promise<unknown>;
    fn(args).then(
      (value) => reply({ type: 'reply', callId, ok: true, value }),
      (err: unknown) =>
        reply({
          type: 'reply',
          callId,
          ok: false,
          message: err instanceof Error ? err.message : String(err),
        }),
    );
  }

  /** Tells the worker once this thread has drawn what it just delivered (protocol.ts ShownNotice). */
  private noticeShown(worker: Worker, id: number, stage: ShownNotice['stage']): void {
    whenSettled(() => {
      if (this.worker !== worker) return;
      performance.mark(`kolmap:shown-${stage}`);
      worker.postMessage({ type: 'shown', id, stage } satisfies ShownNotice);
    });
  }

  private handle(worker: Worker, message: AnalysisResponse): void {
    // Calls are answered even after the run delivered (the worker then stores the result).
    if (message.type === 'call') {
      this.answer(worker, message.callId, message.method, message.args);
      return;
    }
    const pending = this.pending;
    if (!pending || message.id !== pending.id) return; // From a cancelled run.
    switch (message.type) {
      case 'progress':
        // For the renderer bench and the tests: when the worker went on after the head (ShownNotice).
        if (pending.restPending) performance.mark('kolmap:rest-reading');
        pending.restPending = false;
        pending.handlers.onProgress(message.phase, message.fraction);
        return;
      case 'years':
        pending.handlers.onYears?.(message.years, message.unscoped);
        return;
      case 'people':
        for (const p of message.people) pending.people.push(p);
        return;
      case 'people-columns': {
        const people = decodePeopleSlice(message.bytes);
        if (!people) {
          this.fail(worker, 'The analysis worker sent people this page cannot read.');
          return;
        }
        for (const p of people) pending.people.push(p);
        return;
      }
      case 'communities':
        for (const c of message.communities) pending.communities.push(c);
        return;
      case 'head': {
        // The people received so far are the head's; a cached result's later people continue them.
        pending.headPeople = pending.people;
        pending.people = [];
        const head = withPackedEdges(
          { ...message.result, people: pending.headPeople.slice() },
          message.edges,
        );
        pending.handlers.onHead?.(head, {
          stale: message.source === 'stale-cache',
          totalPeople: message.totalPeople,
        });
        pending.restPending = message.source === 'cache';
        this.noticeShown(worker, message.id, 'head');
        return;
      }
      case 'result': {
        const { communities } = pending;
        const people = message.afterHead ? pending.headPeople.concat(pending.people) : pending.people;
        pending.people = [];
        pending.headPeople = [];
        pending.communities = [];
        const result = withPackedEdges({ ...message.result, people, communities }, message.edges);
        if (message.source === 'stale-cache') {
          pending.handlers.onStale?.(result);
          return;
        }
        this.pending = null;
        pending.resolve({
          result,
          source: message.source,
          ...(message.paged ? { paged: { key: pending.key, total: message.paged } } : {}),
        });
        this.noticeShown(worker, message.id, 'result');
        return;
      }
      case 'empty':
        this.pending = null;
        pending.resolve({ result: null, source: 'analysis' });
        return;
      case 'error':
        this.pending = null;
        pending.reject(new Error(message.message));
        return;
    }
  }
}
