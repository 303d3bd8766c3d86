// Analysis in the back end (issue 8): a scope too big to analyse in the page (a 1M-publication project
// has 4.0M people; analysing them needs ~10 GB, which crashes a browser tab) is analysed here, in a
// worker thread of its own. The thread (the reader entry, electron/api/reader.ts, started with role
// 'analyse') reads the input on its own read-only connection in one read transaction, runs the same
// shared/analytics analyze() as the page, and encodes the result with encodeCachedParts; each part
// comes to this thread, which stores it through the write queue with the same savePart as
// saveCachedAnalysis (so a result computed from data that changed meanwhile is dropped, not stored as
// current). The thread encodes the next part while the last one is stored and sends it once that one
// was, so at most one part waits here and one there. The page then reads the result from the cache
// (its head, paged, when it is huge).
//
// One analysis at a time: a call for another key terminates the running thread (its call fails as
// cancelled); a call for the same key joins the running one. Closing the project or the analyser
// stops it.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import { analyze } from '../../shared/analytics';
import {
  analysisCacheKey,
  encodeCachedParts,
  yearRangeOf,
  type PartSizes,
} from '../../shared/analytics/cache';
import type { AnalysisOptions } from '../../shared/analytics/types';
import { ApiError, type ArgsOf, type BackEndAnalysis, type Scope } from '../../shared/api';
import { Project, StaleAreasError } from '../db';
import type { SavePart as SavePartArgs } from '../db/analysisCache';
import { defaultReaderEntry } from './readers';

/** What the thread is started with (workerData). */
export interface AnalyserData {
  role: 'analyse';
  file: string;
  scope: Scope;
  options: AnalysisOptions;
  /** Part sizes of the stored result (default encodeCachedParts' own; tests make them small). */
  sizes?: PartSizes;
}

/** Thread → this thread. */
type AnalyserMessage =
  | { type: 'progress'; phase: string; fraction: number }
  /** One encoded part; the thread waits for an 'ack' before encoding the next. */
  | { type: 'part'; dataVersion: number; people: number; part: number; parts: number; bytes: Uint8Array }
  /** Finished: every part was acknowledged (or one was refused), or nothing was in scope. */
  | { type: 'done'; dataVersion: number; people: number }
  | { type: 'error'; name: string; message: string };

/** This thread → the thread: a part was stored (saved) or refused (the thread stops). */
type AnalyserReply = { type: 'ack'; saved: boolean };

export interface AnalyserOptions {
  /** The worker entry file (default: the reader entry). */
  entry?: string;
  /**
   * The thread's V8 old-generation limit in MB. Default: 60% of the machine's memory, at least 4096
   * (the analysis of 4.0M people peaked at 10.7 GB of RSS in Node, much of it typed arrays).
   */
  heapMb?: number;
  /** Part sizes of the stored results (tests: small, so a small project's result has many parts). */
  sizes?: PartSizes;
}

interface Job {
  key: string;
  project: Project;
  promise: Promise<BackEndAnalysis>;
  cancel: (why: string) => void;
}

/** Stores one part through the write queue: { saved: false } when the data changed since the read. */
export type SavePart = (args: SavePartArgs) => Promise<{ saved: boolean; complete: boolean }>;

export class Analyser {
  private readonly entry: string;
  private readonly heapMb: number;
  private readonly sizes: PartSizes | undefined;
  private job: Job | null = null;
  private closed = false;
  /** Threads started so far (for tests). */
  started = 0;

  constructor(options: AnalyserOptions = {}) {
    this.entry = options.entry ?? defaultReaderEntry();
    this.heapMb = options.heapMb ?? Math.max(4096, Math.floor((os.totalmem() / 1048576) * 0.6));
    this.sizes = options.sizes;
  }

  /** The key being analysed now, if any. */
  get running(): string | null {
    return this.job?.key ?? null;
  }

  /**
   * Analyses the scope and stores the result under its key (see the file comment). onProgress gets
   * the thread's progress (phase, fraction 0..1), at most every ~100 ms per phase.
   */
  run(
    project: Project,
    { scope, options }: ArgsOf<'analyseInBackEnd'>,
    save: SavePart,
    onProgress: (key: string, phase: string, fraction: number) => void,
  ): Promise<BackEndAnalysis> {
    const key = analysisCacheKey(scope, options);
    if (this.closed) return Promise.reject(new ApiError('UNSUPPORTED', 'The back-end analysis was stopped.'));
    if (this.job && this.job.key === key && this.job.project === project) return this.job.promise;
    this.job?.cancel(
      'The back-end analysis was cancelled: another scope or other settings were asked for since.',
    );
    let cancelled: string | null = null;
    let cancel: (why: string) => void = (why) => (cancelled = why);
    const promise = (async () => {
      for (let attempt = 0; ; attempt++) {
        if (cancelled !== null) throw new ApiError('BAD_INPUT', cancelled);
        // The area cache is a write to refresh; the thread's read-only connection would find it stale.
        if (scope.ta?.trim()) project.refreshAreas();
        try {
          return await this.thread(
            project,
            key,
            { role: 'analyse', file: project.path, scope, options, sizes: this.sizes },
            save,
            onProgress,
            (c) => (cancel = c),
          );
        } catch (err) {
          // A write made the area cache stale between the refresh and the read: refresh, run again.
          if (err instanceof StaleAreasError && attempt < 2) continue;
          throw err;
        }
      }
    })();
    const job: Job = {
      key,
      project,
      promise,
      cancel: (why) => {
        cancelled = why;
        cancel(why);
      },
    };
    this.job = job;
    const forget = project.onClose(() =>
      job.cancel(`${project.name} was closed (switched or quit) before its analysis finished; ask again.`),
    );
    const clear = () => {
      forget();
      if (this.job === job) this.job = null;
    };
    promise.then(clear, clear);
    return promise;
  }

  private thread(
    project: Project,
    key: string,
    data: AnalyserData,
    save: SavePart,
    onProgress: (key: string, phase: string, fraction: number) => void,
    setCancel: (cancel: (why: string) => void) => void,
  ): Promise<BackEndAnalysis> {
    return new Promise<BackEndAnalysis>((resolve, reject) => {
      const worker = new Worker(this.entry, {
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
      });
      this.started++;
      const upload = randomBytes(12).toString('hex');
      let settled = false;
      let saved = true;
      const finish = (err: Error | null, value?: BackEndAnalysis) => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        if (err) reject(err);
        else resolve(value!);
      };
      setCancel((why) => finish(new ApiError('BAD_INPUT', why)));
      worker.on('message', (msg: AnalyserMessage) => {
        if (settled) return;
        if (msg.type === 'progress') onProgress(key, msg.phase, msg.fraction);
        else if (msg.type === 'part') {
          const { dataVersion, part, parts, bytes } = msg;
          save({ key, dataVersion, upload, part, parts, payload: bytes }).then(
            (r) => {
              saved = r.saved;
              if (!settled) worker.postMessage({ type: 'ack', saved: r.saved } satisfies AnalyserReply);
            },
            (err: unknown) => finish(err instanceof Error ? err : new Error(String(err))),
          );
        } else if (msg.type === 'done') {
          finish(null, {
            key,
            dataVersion: msg.dataVersion,
            people: msg.people,
            saved: msg.people > 0 && saved,
          });
        } else {
          finish(msg.name === 'StaleAreasError' ? new StaleAreasError() : new Error(msg.message));
        }
      });
      worker.on('error', (err) =>
        finish(
          new Error(
            /memory/i.test(err.message)
              ? `The back-end analysis ran out of memory (limit ${this.heapMb} MB): ${err.message}`
              : `The back-end analysis failed: ${err.message}`,
          ),
        ),
      );
      worker.on('exit', (code) => finish(new Error(`The back-end analysis stopped (exit code ${code}).`)));
    });
  }

  /**
   * Stops the running analysis of this key (the user cancelled it in the page): its call fails as
   * cancelled and nothing more of it is stored. Returns whether one was running.
   */
  cancel(key: string): boolean {
    if (!this.job || this.job.key !== key) return false;
    this.job.cancel('The back-end analysis was cancelled.');
    return true;
  }

  /** Stops the running analysis (its call fails); later calls are refused. */
  async close(): Promise<void> {
    this.closed = true;
    this.job?.cancel('The back-end analysis was stopped (the server or the app is closing).');
    await this.job?.promise.catch(() => undefined);
  }
}

/** The thread's side (run by electron/api/reader.ts when started with role 'analyse'). */
export function analyserThread(port: MessagePort, data: AnalyserData): void {
  const post = (msg: AnalyserMessage, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);
  try {
    const project = Project.openReader(data.file);
    const input = project.snapshotRead(() => project.analysisInput(data.scope));
    project.close();
    const dataVersion = input.dataVersion ?? 0;
    if (input.papers.length === 0) return post({ type: 'done', dataVersion, people: 0 });
    const years = yearRangeOf(input.papers);
    let last = 0;
    let lastPhase = '';
    post({ type: 'progress', phase: 'Analysing in the back end', fraction: 0 });
    const result = analyze(input, data.options, (phase, fraction) => {
      const now = performance.now();
      if (phase === lastPhase && now - last < 100 && fraction < 1) return;
      last = now;
      lastPhase = phase;
      post({ type: 'progress', phase, fraction });
    });
    const people = result.people.length;
    const parts = encodeCachedParts(result, data.scope, years, null, data.sizes);
    // The next part is encoded while this thread's last one is stored; it is sent once that one was.
    let ahead = parts.next();
    const send = () => {
      const { value, done } = ahead;
      if (done) return post({ type: 'done', dataVersion, people });
      post({ type: 'progress', phase: 'Storing the result', fraction: value.part / value.parts });
      // Its own buffer, so transferring it moves no other part's bytes.
      const own = value.bytes.byteOffset === 0 && value.bytes.byteLength === value.bytes.buffer.byteLength;
      const bytes = own ? value.bytes : value.bytes.slice();
      post({ type: 'part', dataVersion, people, part: value.part, parts: value.parts, bytes }, [
        bytes.buffer as ArrayBuffer,
      ]);
      ahead = parts.next();
    };
    port.on('message', (reply: AnalyserReply) => {
      try {
        if (reply.saved) send();
        else post({ type: 'done', dataVersion, people });
      } catch (err) {
        fail(err);
      }
    });
    send();
  } catch (err) {
    fail(err);
  }
  function fail(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ type: 'error', name: e.name, message: e.message });
  }
}
