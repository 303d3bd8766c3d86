// Long reads off the request thread: the identity review queue and the analysis input take seconds on
// big projects (measured at 100k publications), and every other API call, and in the desktop app the
// main process itself (menus, window), would wait for them. ReaderPool runs them in one or two
// worker_threads (electron/api/reader.ts, bundled to dist/electron/reader.cjs), each with its own
// read-only connection to the project file: in WAL mode they read beside the writing connection, and
// each read runs in one read transaction, so it sees every write committed before it began (a write
// the client awaited is always seen). Results are the same values the in-thread read returns; errors
// carry the same codes and messages. Workers belong to one open project: they are terminated when it
// closes (switch, quit) or the pool closes. Shared by the HTTP server and the IPC handlers.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ApiError, type ApiErrorCode, type ArgsOf, type Results } from '../../shared/api';
import { StaleAreasError, type Project } from '../db';

/** The reads a worker runs, and how (the same function runs in-thread when no worker can). */
export const READS = {
  getAnalysisInput: (project: Project, scope: ArgsOf<'getAnalysisInput'>) => project.analysisInput(scope),
  getIdentityQueue: (project: Project, { limit }: ArgsOf<'getIdentityQueue'>) =>
    project.identityDecisions().queue(limit),
} satisfies { [M in keyof Results]?: (project: Project, args: ArgsOf<M>) => Results[M] };

export type ReadMethod = keyof typeof READS;

/** A result already serialised as JSON by the worker (UTF-8): the HTTP server sends it as it is. */
export class JsonText {
  constructor(readonly bytes: Uint8Array) {}
}

/** Main thread → worker. */
export interface ReadRequest {
  id: number;
  method: ReadMethod;
  args: unknown;
  /** Reply with the JSON text of the result instead of the value. */
  json: boolean;
}

/** Worker → main thread: first `ready` (or `failed`), then one reply per request. */
export type ReaderMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; ok: true; value?: unknown; json?: Uint8Array }
  | {
      type: 'reply';
      id: number;
      ok: false;
      error: { name: string; message: string; code?: ApiErrorCode };
    };

/** The built worker entry: beside the bundle (dist/electron/reader.cjs; inside app.asar when packaged). */
export function defaultReaderEntry(): string {
  // KOLMAP_READER_ENTRY: the tests, which run the TypeScript sources, build the entry themselves.
  return process.env.KOLMAP_READER_ENTRY ?? path.join(__dirname, 'reader.cjs');
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Reader {
  worker: Worker;
  /** The worker has opened the project (sent `ready`). */
  started: boolean;
  /** Requests sent before it had: posted on `ready`. */
  waiting: ReadRequest[];
  pending: Map<number, Pending>;
  /** Forgets the worker and fails its reads. */
  fail: (err: Error) => void;
}

export interface ReaderPoolOptions {
  /** The worker entry file (default defaultReaderEntry()). */
  entry?: string;
  /** Most worker threads per project (default 2). */
  size?: number;
  /** Results as JsonText (the HTTP server) instead of values (IPC, tests). */
  json?: boolean;
}

function toError(e: { name: string; message: string; code?: ApiErrorCode }): Error {
  if (e.code) return new ApiError(e.code, e.message);
  if (e.name === 'StaleAreasError') return new StaleAreasError();
  return new Error(e.message);
}

export class ReaderPool {
  private readonly entry: string;
  private readonly size: number;
  private readonly json: boolean;
  private project: Project | null = null;
  private forget: (() => void) | null = null;
  private readers: Reader[] = [];
  private nextId = 1;
  private closed = false;
  private stopping = new Set<Promise<number>>();
  /** Why reads run in-thread instead (the worker could not start); null while workers are used. */
  inThreadReason: string | null = null;
  /** Shared with every worker: while it holds 1, a worker waits before it begins its next read. */
  private readonly gate = new Int32Array(new SharedArrayBuffer(4));

  constructor(options: ReaderPoolOptions = {}) {
    this.entry = options.entry ?? defaultReaderEntry();
    this.size = Math.max(1, options.size ?? 2);
    this.json = options.json ?? false;
  }

  /** Reads sent to a worker and not answered yet. */
  get busy(): number {
    return this.readers.reduce((n, r) => n + r.pending.size, 0);
  }

  /**
   * Holds the workers before their next read until the returned function is called (for tests: a read
   * held in its worker shows that the caller's thread stays free meanwhile, whatever the machine's speed).
   */
  hold(): () => void {
    Atomics.store(this.gate, 0, 1);
    return () => {
      Atomics.store(this.gate, 0, 0);
      Atomics.notify(this.gate, 0);
    };
  }

  /** Worker threads running now (for tests: 0 after the project or the pool closed). */
  get threads(): number {
    return this.readers.length;
  }

  /**
   * Runs a read of `project` in a worker; resolves to the value (or JsonText in json mode). Before the
   * worker reads, caches only a writing connection can refresh are refreshed here (as the in-thread
   * read does). Runs in-thread when the pool is closed or no worker can start.
   */
  async read<M extends ReadMethod>(project: Project, method: M, args: ArgsOf<M>): Promise<Results[M]> {
    // In-thread, the read sees what is committed as the workers do (Project.readCommitted).
    const direct = () =>
      project.readCommitted((p) =>
        (READS[method] as unknown as (p: Project, a: ArgsOf<M>) => Results[M])(p, args),
      );
    if (this.closed || this.inThreadReason !== null || project.readOnly) return direct();
    // The area cache is a write to refresh; the worker's read-only connection would find it stale.
    // Not while an import writes (its statements may be open on the connection): the worker reads
    // the committed cache as it stands, as the import's own reads do.
    const area = method === 'getAnalysisInput' && !!(args as ArgsOf<'getAnalysisInput'>).ta?.trim();
    if (area && !project.writing) project.refreshAreas();
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.send(project, method, args)) as Results[M];
      } catch (err) {
        if (err instanceof WorkerStartError) {
          this.inThreadReason = err.message;
          console.warn(`kolmap: long reads run on the main thread: ${err.message}`);
          return direct();
        }
        // A write made the area cache stale between the refresh and the read: refresh and read again.
        if (err instanceof StaleAreasError && attempt < 2 && !project.writing) {
          project.refreshAreas();
          continue;
        }
        if (err instanceof StaleAreasError) return direct();
        throw err;
      }
    }
  }

  private send(project: Project, method: ReadMethod, args: unknown): Promise<unknown> {
    if (project !== this.project) this.attach(project);
    const reader = this.pick();
    const request: ReadRequest = { id: this.nextId++, method, args, json: this.json };
    return new Promise<unknown>((resolve, reject) => {
      reader.pending.set(request.id, { resolve, reject });
      // A read under way keeps the process alive; an idle worker does not (the CLI, a test).
      reader.worker.ref();
      if (reader.started) reader.worker.postMessage(request);
      else reader.waiting.push(request);
    });
  }

  /** Binds the pool to this project: the old project's workers stop; these stop when it closes. */
  private attach(project: Project): void {
    this.retire();
    this.project = project;
    this.forget = project.onClose(() => {
      if (this.project === project) this.retire();
    });
  }

  /** An idle worker, a new one while under the size, else the least busy. */
  private pick(): Reader {
    const idle = this.readers.find((r) => r.pending.size === 0);
    if (idle) return idle;
    if (this.readers.length < this.size) return this.spawn(this.project!);
    return this.readers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private spawn(project: Project): Reader {
    const worker = new Worker(this.entry, { workerData: { file: project.path, gate: this.gate } });
    worker.unref();
    const reader: Reader = {
      worker,
      started: false,
      waiting: [],
      pending: new Map(),
      fail: (err) => {
        this.readers = this.readers.filter((r) => r !== reader);
        for (const p of reader.pending.values()) p.reject(err);
        reader.pending.clear();
        reader.waiting = [];
      },
    };
    const startError = (why: string) =>
      reader.started ? new Error(`The reader thread ${why}.`) : new WorkerStartError(why);
    worker.on('message', (msg: ReaderMessage) => {
      if (msg.type === 'ready') {
        reader.started = true;
        for (const request of reader.waiting) worker.postMessage(request);
        reader.waiting = [];
      } else if (msg.type === 'failed') {
        // The project could not be opened read-only there: the reads run in-thread instead.
        reader.fail(new WorkerStartError(msg.message));
        void worker.terminate();
      } else {
        const p = reader.pending.get(msg.id);
        if (!p) return;
        reader.pending.delete(msg.id);
        if (reader.pending.size === 0) worker.unref();
        if (!msg.ok) p.reject(toError(msg.error));
        else p.resolve(msg.json ? new JsonText(msg.json) : msg.value);
      }
    });
    worker.on('error', (err) => reader.fail(startError(`failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (this.readers.includes(reader)) reader.fail(startError(`stopped (exit code ${code})`));
    });
    this.readers.push(reader);
    return reader;
  }

  /** Stops every worker; their pending reads fail saying the project closed. */
  private retire(): void {
    const project = this.project;
    this.forget?.();
    this.forget = null;
    this.project = null;
    for (const r of [...this.readers]) {
      r.fail(closedError(project));
      const done = r.worker.terminate();
      this.stopping.add(done);
      void done.finally(() => this.stopping.delete(done));
    }
  }

  /** Stops the workers and waits for them; later reads run in-thread. */
  async close(): Promise<void> {
    this.closed = true;
    this.retire();
    await Promise.allSettled([...this.stopping]);
  }
}

/** The worker could not start (entry missing, native module not loadable): reads fall back in-thread. */
class WorkerStartError extends Error {}

function closedError(project: Project | null): Error {
  return new Error(
    `${project?.name ?? 'The project'} was closed (switched or quit) before this read finished; ask again.`,
  );
}
