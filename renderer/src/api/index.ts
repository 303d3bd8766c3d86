// The renderer's one client of the API (DESIGN §3). It exposes the same `Api` whatever the transport:
// Electron's preload bridge (window.kolmap, IPC envelopes) or browser mode (HTTP + Server-Sent Events,
// authorised by the ?token=… the page was opened with). Nothing else in the renderer talks to the back end.
import {
  API_METHODS,
  ApiError,
  EVENT_NAMES,
  type Api,
  type ApiErrorCode,
  type ApiEvents,
  type ArgsOf,
  type EventName,
  type MethodName,
  type Results,
  type SaveResult,
} from '../../../shared/api';
import {
  BINARY_CONTENT_TYPE,
  frameHead,
  hasBinaryField,
  packFrame,
  unpackFrame,
} from '../../../shared/api/binary';

export { ApiError };

type Envelope<T> =
  | { ok: true; result: T }
  // A long read answered by a reader thread as JSON text (electron/api/readers.ts): parsed here.
  | { ok: true; json: Uint8Array }
  | { ok: false; error: { code: ApiErrorCode; message: string } };

/** What electron/preload.ts puts on window.kolmap (contextBridge). */
export interface KolmapBridge {
  api: { [M in MethodName]: (args: ArgsOf<M>) => Promise<Envelope<Results[M]>> };
  on: <E extends EventName>(event: E, cb: (payload: ApiEvents[E]) => void) => () => void;
  transport: 'ipc';
}

export type Transport = 'ipc' | 'http' | 'none';

/** The calls that carry a file's content. */
export type FileMethod = 'importFile' | 'previewImport';

type Listener<E extends EventName> = (payload: ApiEvents[E]) => void;

export interface Client {
  api: Api;
  transport: Transport;
  /** Subscribes to a back-end event; returns the unsubscribe function. */
  on: <E extends EventName>(event: E, cb: Listener<E>) => () => void;
  /**
   * An import or its dry run of a file the user chose: `args` with the file's bytes as `content`. In
   * browser mode the request body is the file's Blob (read from disk by the browser as it sends it);
   * `signal` stops sending it (the call then fails).
   */
  sendFile: <M extends FileMethod>(
    method: M,
    args: Omit<ArgsOf<M>, 'content'>,
    file: Blob,
    signal?: AbortSignal,
  ) => Promise<Results[M]>;
  /** Saves an export: a native save dialog in the desktop app, a download in the browser. */
  saveFile: (defaultName: string, content: string) => Promise<SaveResult>;
}

const ERROR_CODES: ApiErrorCode[] = ['BAD_INPUT', 'NOT_FOUND', 'UNSUPPORTED', 'FORBIDDEN', 'INTERNAL'];

function asCode(code: unknown, fallback: ApiErrorCode): ApiErrorCode {
  return ERROR_CODES.includes(code as ApiErrorCode) ? (code as ApiErrorCode) : fallback;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function ipcClient(bridge: KolmapBridge): Client {
  const api = {} as Record<MethodName, (args: unknown) => Promise<unknown>>;
  for (const method of API_METHODS) {
    api[method] = async (args: unknown) => {
      const invoke = bridge.api[method] as (a: unknown) => Promise<Envelope<unknown>>;
      const envelope = await invoke(args ?? {});
      if (envelope.ok && 'json' in envelope) return JSON.parse(new TextDecoder().decode(envelope.json));
      if (envelope.ok) return envelope.result;
      throw new ApiError(asCode(envelope.error.code, 'INTERNAL'), envelope.error.message);
    };
  }
  const typed = api as unknown as Api;
  return {
    api: typed,
    transport: 'ipc',
    sendFile: async (method, args, file, signal) => {
      const content = new Uint8Array(await file.arrayBuffer());
      // IPC sends the bytes in one message: stopped while they were read, they are not sent.
      if (signal?.aborted) throw new ApiError('BAD_INPUT', `${method} was stopped before its answer.`);
      return (api[method] as (a: unknown) => Promise<never>)({ ...args, content });
    },
    on: (event, cb) => bridge.on(event, cb),
    saveFile: (defaultName, content) => typed.saveExport({ defaultName, content }),
  };
}

function downloadBlob(defaultName: string, content: string): SaveResult {
  const blob = new Blob([content], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = defaultName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return { saved: true, path: null };
}

function httpClient(token: string): Client {
  const call = async (
    method: MethodName,
    binary: boolean,
    body: BodyInit,
    signal?: AbortSignal,
  ): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: {
          'content-type': binary ? BINARY_CONTENT_TYPE : 'application/json',
          'x-kolmap-token': token,
        },
        body,
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw new ApiError('BAD_INPUT', `${method} was stopped before its answer.`);
      throw new ApiError(
        'INTERNAL',
        `Could not reach the kolmap server for ${method} (${describe(err)}). Is "kolmap serve" still running?`,
      );
    }
    if (res.ok && res.headers.get('content-type') === BINARY_CONTENT_TYPE) {
      return unpackFrame(new Uint8Array(await res.arrayBuffer()));
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      const fallback: ApiErrorCode = res.status === 401 || res.status === 403 ? 'FORBIDDEN' : 'INTERNAL';
      const message =
        typeof error?.message === 'string' ? error.message : `${method} failed with HTTP ${res.status}.`;
      throw new ApiError(asCode(error?.code, fallback), message);
    }
    return parsed;
  };
  const api = {} as Record<MethodName, (args: unknown) => Promise<unknown>>;
  for (const method of API_METHODS) {
    api[method] = (args: unknown) => {
      // Arguments with bytes go as one binary frame (shared/api/binary.ts), the rest as JSON.
      const binary = hasBinaryField(args);
      return call(method, binary, binary ? packFrame(args) : JSON.stringify(args ?? {}));
    };
  }
  // One EventSource for all listeners, opened on first subscription; it reconnects by itself.
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const open = () => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return; // A malformed event is dropped rather than crashing the page.
        }
        for (const cb of listeners.get(name) ?? []) cb(payload);
      });
    }
  };

  const typed = api as unknown as Api;
  return {
    api: typed,
    transport: 'http',
    // The frame's head, then the file itself: the browser streams a file's Blob from disk, so the page
    // never holds its bytes.
    sendFile: (method, args, file, signal) => {
      const { head } = frameHead(args, [['content', file.size]]);
      return call(method, true, new Blob([head, file]), signal) as never;
    },
    on: (event, cb) => {
      open();
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = cb as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    saveFile: async (defaultName, content) => downloadBlob(defaultName, content),
  };
}

function missingClient(): Client {
  const api = {} as Record<MethodName, () => Promise<unknown>>;
  for (const method of API_METHODS) {
    api[method] = () =>
      Promise.reject(
        new ApiError(
          'UNSUPPORTED',
          'No kolmap back end: open this page from the desktop app, or through the URL that "kolmap serve" prints (it carries ?token=…).',
        ),
      );
  }
  return {
    api: api as unknown as Api,
    transport: 'none',
    sendFile: (method) => (api[method] as () => Promise<never>)(),
    on: () => () => undefined,
    saveFile: async (defaultName, content) => downloadBlob(defaultName, content),
  };
}

function createClient(): Client {
  if (typeof window !== 'undefined' && window.kolmap?.transport === 'ipc') return ipcClient(window.kolmap);
  const token = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('token') : null;
  if (token) return httpClient(token);
  return missingClient();
}

/** The client for this page, chosen once from what is present. */
export const client: Client = createClient();
export const api: Api = client.api;
