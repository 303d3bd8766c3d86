// Messages between the UI thread and the analysis worker. Every message carries the request id, so
// late messages from a cancelled run are recognised and ignored.
//
// The worker does the heavy lifting off the UI thread (issue 5): it reads the cached result or the
// analysis input itself (over HTTP in browser mode; in the desktop app it asks the UI thread, which holds
// the IPC bridge, with 'call' messages), runs the analysis, sends the result back in slices (people in
// chunks of PEOPLE_CHUNK, so no single message takes long to receive; links as transferable typed
// arrays) and stores the new result in the project's analysis cache (issue 8). A cached result comes
// head first: the top-ranked people with the links among them ('head'), shown at once, then the rest.
import type { AnalysisInput, ArgsOf, Results, Scope } from '../../../shared/api';
import type {
  AnalysisOptions,
  AnalysisResult,
  CommunityInfo,
  RankedPerson,
} from '../../../shared/analytics/types';
import type { PackedEdges } from '../graph/edges';

export const PEOPLE_CHUNK = 500;

/**
 * People per 'people-columns' message: each is one task on the UI thread (decoding 2,000 people of the
 * renderer bench's project took 10–30 ms in Chromium on this 2-core machine under load), and the
 * binary block is cheap to post (a transferred buffer).
 */
export const PEOPLE_BINARY_CHUNK = 2_000;

/**
 * A cached result with more people than this is not loaded into the page whole (issue 8): its head
 * (the top HEAD_PEOPLE people, their links and communities) is the result the map and the views hold,
 * and the ranking table pages the rest from the back end (getCachedRanking). Measured: the cached
 * result of 100k publications (~250k people) loads whole in a few seconds; that of 1M (4.0M people,
 * 1.08 GB in 54 parts) takes over a minute to read and decode and gigabytes of the tab's memory.
 */
export const PAGED_ABOVE = 500_000;

/**
 * A scope with more people than this is analysed in the back end (analyseInBackEnd), not in the page
 * (issue 8): analysing 4.0M people takes ~10 GB, which crashes the tab. The people count is the stale
 * cached result's under the same key when there is one (its totalPeople), else the project's people
 * (Totals.authors, an upper bound of any scope's). The same figure as PAGED_ABOVE: a result that big is
 * shown paged from the cache anyway, so the page never needs it whole.
 */
export const BACK_END_ABOVE = PAGED_ABOVE;

/** How the worker reaches the API: HTTP with the page's token, or through the UI thread. */
export type ApiRoute = { kind: 'http'; origin: string; token: string } | { kind: 'bridge' };

/** The API methods the worker calls. */
export type WorkerMethod =
  'getCachedAnalysis' | 'getAnalysisInput' | 'saveCachedAnalysis' | 'getProject' | 'analyseInBackEnd';

export interface AnalysisRequest {
  type: 'run';
  id: number;
  scope: Scope;
  options: AnalysisOptions;
  /** analysisCacheKey(scope, options). */
  key: string;
  /** false: ignore the cache (always analyse), still store the new result. */
  useCache: boolean;
  route: ApiRoute;
  /** Only for tests and callers that already hold the input: analyse it, no API calls, no caching. */
  input?: AnalysisInput;
  /** A current cached result with more people than this is delivered as its head only (PAGED_ABOVE). */
  pagedAbove?: number;
  /** A scope with more people than this is analysed in the back end (BACK_END_ABOVE); absent: never. */
  backEndAbove?: number;
}

export type CallReply =
  | { type: 'reply'; callId: number; ok: true; value: unknown }
  | { type: 'reply'; callId: number; ok: false; message: string };

/**
 * The UI thread has drawn what the worker delivered ('head': a cached result's head; 'result': a new
 * analysis) and gone idle: the worker's background work for that run (reading the rest of the cached
 * result, storing the new one) may go on. On a 2-core machine that work competed with the UI thread
 * and the compositor for the cores while the new ranking and map were drawn, doubling those tasks'
 * wall time (issue 5: no UI-thread task over 100 ms).
 */
export interface ShownNotice {
  type: 'shown';
  id: number;
  stage: 'head' | 'result';
}

/** The longest the UI thread waits for an idle period before it goes on regardless (ms). */
export const IDLE_WAIT_MS = 1_000;

/**
 * The longest the worker waits for a ShownNotice before it goes on regardless (ms): for a page that
 * draws no frames (a hidden window). A page that draws sends its notice after three idle periods and
 * two frames, at most 3 × IDLE_WAIT_MS plus two frames even when it is never idle, so the fallback is
 * twice that: with equal waits the two timers raced, and on a busy machine the worker stored a new
 * result a millisecond before the page had drawn it.
 */
export const SHOWN_WAIT_MS = 6 * IDLE_WAIT_MS;

export type WorkerInbound = AnalysisRequest | CallReply | ShownNotice;

/** Where a delivered result came from. */
export type ResultSource = 'cache' | 'analysis' | 'stale-cache';

export type AnalysisResponse =
  | { type: 'progress'; id: number; phase: string; fraction: number }
  | { type: 'call'; id: number; callId: number; method: WorkerMethod; args: ArgsOf<WorkerMethod> }
  /** The years seen in scope (the year slider's range), as soon as they are known. */
  | { type: 'years'; id: number; years: [number, number] | null; unscoped: boolean }
  /**
   * The cached result's head: the people sent so far (its top-ranked ones) with these communities and
   * the links among those people, shown as a first ranked view; more people and a 'result' follow.
   */
  | {
      type: 'head';
      id: number;
      source: Exclude<ResultSource, 'analysis'>;
      result: Omit<AnalysisResult, 'edges' | 'people'>;
      edges: PackedEdges;
      /** People in the whole result. */
      totalPeople: number;
    }
  /** A slice of the result's people (in rank order) or communities; the 'result' message that follows completes it. */
  | { type: 'people'; id: number; source: ResultSource; people: RankedPerson[] }
  /** The same as binary columns (shared/analytics/cache.ts encodePeopleSlice), rebuilt on receipt. */
  | { type: 'people-columns'; id: number; source: ResultSource; bytes: Uint8Array<ArrayBuffer> }
  | { type: 'communities'; id: number; source: ResultSource; communities: CommunityInfo[] }
  /** The result without its people and communities (sent before) and edge objects (typed arrays, transferred). */
  | {
      type: 'result';
      id: number;
      source: ResultSource;
      result: Omit<AnalysisResult, 'edges' | 'people' | 'communities'>;
      edges: PackedEdges;
      /** The cached head only (pagedAbove): the whole ranking has this many people, paged from the back end. */
      paged?: number;
      /** Its people continue those of the 'head' message before it (a cached result read in parts). */
      afterHead?: boolean;
    }
  /** Nothing in scope. */
  | { type: 'empty'; id: number }
  | { type: 'error'; id: number; message: string };

export type { Results };
