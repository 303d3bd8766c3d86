// Browser mode: the same API as the desktop shell, over HTTP on 127.0.0.1 only (DESIGN §3).
// Every API call must carry the per-run token in the x-kolmap-token header; the page URL carries it
// as ?token=… and the server then sets it as a SameSite=Strict cookie for the static bundle and the
// event stream. Host and Origin are checked (DNS rebinding, foreign pages); no CORS headers are sent.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  type WriteStream,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { API_METHODS, EVENT_NAMES, type ApiEvents, type EventName } from '../shared/api';
import {
  BINARY_CONTENT_TYPE,
  hasBinaryField,
  packFrame,
  readFrameHead,
  unpackFrame,
  type FrameHead,
} from '../shared/api/binary';
import { createHandlers, dispatch, type Envelope, type HandlerContext, type Host } from './api';
import { Analyser } from './api/analyser';
import { JsonText, ReaderPool } from './api/readers';
import { CSP } from './csp';
import type { Project } from './db';

export interface ServerOptions {
  project: () => Project;
  /** Project switching and the recent list (kolmap serve passes them); absent: neither is offered. */
  host?: Pick<Host, 'openProject' | 'recent'>;
  /** Directory of the built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  /**
   * Largest accepted request body in bytes, held in memory (default 512 MiB: a cached analysis part, or
   * an import's file sent as JSON text). Files sent as frames to importFile / previewImport go to disk
   * as they arrive and have no limit.
   */
  maxBodyBytes?: number;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  emit: HandlerContext['emit'];
  /** The worker threads of the long reads (closed by close()). */
  readers: ReaderPool;
  /** The thread of a back-end analysis (stopped by close()). */
  analyser: Analyser;
  close: () => Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** The longest frame header a file's call may have (its plain arguments: name, format, mapping). */
const MAX_FRAME_HEAD = 1024 * 1024;

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: http.IncomingMessage): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'kolmap_token') return v.join('=');
  }
  return null;
}

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const maxBody = opts.maxBodyBytes ?? 512 * 1024 * 1024;
  const streams = new Set<http.ServerResponse>();
  const staticRoot = path.resolve(opts.staticDir);

  const emit: HandlerContext['emit'] = <E extends EventName>(event: E, payload: ApiEvents[E]) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of streams) res.write(frame);
  };
  // Long reads run in worker threads and come back as JSON text, so this thread neither reads nor
  // serialises them while other requests wait.
  const readers = new ReaderPool({ json: true });
  const analyser = new Analyser();
  // The files of importFile / previewImport calls while they run (receiveFile).
  const uploads = new Map<string, string>();
  const handlers = createHandlers({
    project: opts.project,
    emit,
    host: { ...opts.host },
    readers,
    analyser,
    uploads,
  });
  let port = opts.port ?? 0;

  const send = (res: http.ServerResponse, status: number, body: string, type = 'application/json') => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(body);
  };
  const fail = (res: http.ServerResponse, status: number, code: string, message: string) =>
    send(res, status, JSON.stringify({ error: { code, message } }));

  const sendBytes = (res: http.ServerResponse, type: string, body: Uint8Array) => {
    res.writeHead(200, {
      'content-type': type,
      'content-length': String(body.byteLength),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(body);
  };
  /** Writes a call's envelope: JSON text as it is, a result with bytes as a frame, else JSON. */
  const answer = (res: http.ServerResponse, envelope: Envelope<unknown>) => {
    if (envelope.ok && envelope.result instanceof JsonText) {
      return sendBytes(res, 'application/json', envelope.result.bytes);
    }
    if (envelope.ok && hasBinaryField(envelope.result)) {
      return sendBytes(res, BINARY_CONTENT_TYPE, packFrame(envelope.result));
    }
    if (envelope.ok) return send(res, 200, JSON.stringify(envelope.result));
    const status = { BAD_INPUT: 400, NOT_FOUND: 404, UNSUPPORTED: 501, FORBIDDEN: 403, INTERNAL: 500 }[
      envelope.error.code
    ];
    send(res, status, JSON.stringify({ error: envelope.error }));
  };

  /**
   * importFile / previewImport with a file (a frame whose one binary field is `content`): the file is
   * written to a temporary file as it arrives, never held in memory, and the call reads it from there
   * as kolmap import reads a file from disk; the temporary file is removed when the call ends, or when
   * the upload stops half-way (the page cancelled it).
   */
  const receiveFile = (req: http.IncomingMessage, res: http.ServerResponse, method: string) => {
    const id = randomBytes(16).toString('hex');
    let dir: string | null = null;
    let out: WriteStream | null = null;
    let head: FrameHead | null = null;
    let pending: Buffer = Buffer.alloc(0);
    let skip = 0; // bytes of the body before the file's (from its start)
    let left = 0; // bytes of the file still to come
    let done = false;
    const cleanup = () => {
      out?.destroy();
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    };
    const refuse = (status: number, message: string) => {
      if (done) return;
      done = true;
      cleanup();
      req.resume();
      fail(res, status, 'BAD_INPUT', message);
    };
    const write = (chunk: Buffer) => {
      const skipped = Math.min(skip, chunk.length);
      skip -= skipped;
      const part = chunk.subarray(skipped, skipped + left);
      left -= part.length;
      if (part.length && !out!.write(part)) {
        req.pause();
        out!.once('drain', () => req.resume());
      }
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      if (head) return write(chunk);
      pending = Buffer.concat([pending, chunk]);
      try {
        head = readFrameHead(pending);
      } catch (err) {
        return refuse(400, `The request body: ${(err as Error).message}.`);
      }
      if (!head) {
        if (pending.length > MAX_FRAME_HEAD) refuse(400, 'The request body: its header is too long.');
        return;
      }
      const content = head.binary.find(([k]) => k === 'content');
      if (head.binary.length !== 1 || !content) {
        return refuse(400, 'The request body: expected the file as its one binary field, "content".');
      }
      skip = head.base + content[1];
      left = content[2];
      dir = mkdtempSync(path.join(tmpdir(), 'kolmap-upload-'));
      out = createWriteStream(path.join(dir, 'file'), { mode: 0o600 });
      out.on('error', (err) => refuse(500, `Could not keep the file sent: ${err.message}.`));
      const first = pending;
      pending = Buffer.alloc(0);
      write(first);
    });
    req.on('end', () => {
      if (done) return;
      if (!head || !out || left > 0) return refuse(400, 'The request body ended before its file did.');
      const file = path.join(dir!, 'file');
      const value = head.value;
      out.end(() => {
        if (done) return;
        done = true;
        uploads.set(id, file);
        void dispatch(handlers, method, { ...value, content: { upload: id } })
          .then((envelope) => answer(res, envelope))
          .finally(() => {
            uploads.delete(id);
            cleanup();
          });
      });
    });
    // The upload stopped half-way (the page aborted it, or went away): nothing is called.
    req.on('close', () => {
      if (!req.complete && !done) {
        done = true;
        cleanup();
      }
    });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // DNS rebinding: only our own host names are answered.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return fail(res, 403, 'FORBIDDEN', 'Wrong Host header: kolmap answers only on 127.0.0.1.');
    }
    // Pages from other origins may not call us, even with a token.
    const origin = req.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return fail(res, 403, 'FORBIDDEN', 'Requests from other origins are refused.');
    }

    if (url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      if (method === 'events') {
        if (req.method !== 'GET') return fail(res, 405, 'BAD_INPUT', 'Use GET for /api/events.');
        if (!sameToken(url.searchParams.get('token') ?? cookieToken(req), token)) {
          return fail(res, 403, 'FORBIDDEN', 'Missing or wrong token.');
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-content-type-options': 'nosniff',
        });
        res.write(`: kolmap events (${EVENT_NAMES.join(', ')})\n\n`);
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      // API calls authenticate with the header only: a cookie alone would let a foreign page forge calls.
      const given = req.headers['x-kolmap-token'];
      if (!sameToken(Array.isArray(given) ? given[0] : given, token)) {
        return fail(res, 403, 'FORBIDDEN', 'Missing or wrong x-kolmap-token header.');
      }
      if (req.method !== 'POST') return fail(res, 405, 'BAD_INPUT', `Use POST for /api/${method}.`);
      if (!(API_METHODS as string[]).includes(method)) {
        return fail(res, 404, 'NOT_FOUND', `Unknown API method "${method}".`);
      }
      const binaryBody = (req.headers['content-type'] ?? '').split(';')[0]?.trim() === BINARY_CONTENT_TYPE;
      if (binaryBody && (method === 'importFile' || method === 'previewImport')) {
        return receiveFile(req, res, method);
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBody) {
        req.resume();
        return fail(res, 413, 'BAD_INPUT', `Request body over the ${maxBody}-byte limit.`);
      }
      const chunks: Buffer[] = [];
      // A body of a declared length (a cached analysis part: up to 256 MB) is copied into one buffer
      // as it comes, instead of held in pieces and then joined (twice its size at the join). Node's HTTP
      // parser ends the body at its content-length, so it fits.
      const whole = declared > 0 ? Buffer.allocUnsafe(declared) : null;
      let size = 0;
      let aborted = false;
      req.on('data', (chunk: Buffer) => {
        if (aborted) return;
        if (size + chunk.length > maxBody) {
          // Answer now and discard the rest of the upload (cutting the socket would hide the answer).
          aborted = true;
          chunks.length = 0;
          fail(res, 413, 'BAD_INPUT', `Request body over the ${maxBody}-byte limit.`);
          return;
        }
        if (whole) chunk.copy(whole, size);
        else chunks.push(chunk);
        size += chunk.length;
      });
      req.on('end', () => {
        if (aborted) return;
        let args: unknown = {};
        const body = whole ? whole.subarray(0, size) : Buffer.concat(chunks);
        if (binaryBody) {
          // Arguments with bytes (a cached analysis part; an import's file goes to receiveFile) come as
          // one frame (shared/api/binary.ts).
          try {
            args = unpackFrame(body);
          } catch (err) {
            return fail(res, 400, 'BAD_INPUT', `The request body: ${(err as Error).message}.`);
          }
        } else {
          const text = body.toString('utf8');
          if (text.trim()) {
            try {
              args = JSON.parse(text);
            } catch {
              return fail(res, 400, 'BAD_INPUT', 'The request body is not valid JSON.');
            }
          }
        }
        void dispatch(handlers, method, args).then((envelope) => answer(res, envelope));
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return fail(res, 405, 'BAD_INPUT', 'Method not allowed.');
    const queryToken = url.searchParams.get('token');
    const authed = sameToken(queryToken, token) || sameToken(cookieToken(req), token);
    if (!authed) {
      return send(
        res,
        403,
        'kolmap: this page needs the link printed by `kolmap serve` (it carries a token).',
        'text/plain; charset=utf-8',
      );
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(staticRoot, rel);
    if (!file.startsWith(staticRoot + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      return fail(res, 404, 'NOT_FOUND', `No such file: ${url.pathname}`);
    }
    const headers: Record<string, string> = {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': CSP,
      'cache-control': 'no-cache',
    };
    if (queryToken) headers['set-cookie'] = `kolmap_token=${token}; Path=/; HttpOnly; SameSite=Strict`;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  server.requestTimeout = 0; // large imports upload for a while

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        token,
        port,
        emit,
        readers,
        analyser,
        close: () =>
          new Promise<void>((done) => {
            for (const res of streams) res.end();
            streams.clear();
            let pending = 3;
            const step = () => --pending === 0 && done();
            server.close(step);
            server.closeAllConnections();
            void readers.close().then(step);
            void analyser.close().then(step);
          }),
      });
    });
  });
}
