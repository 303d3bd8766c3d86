// Shared pieces of the in-process browser-mode server tests (electron/server.ts): raw HTTP requests,
// the static folder startServer needs, a small generated cohort to import, and the token / Host /
// Origin refusal checks every API method must pass.
import http from 'node:http';
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Project } from '../../electron/db';
import { startServer, type RunningServer } from '../../electron/server';
import type { ImportRecord } from '../../shared/formats/types';
import { tempDir } from './cli';

export interface RequestOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** A raw HTTP request to 127.0.0.1 (POST unless told), so Host and Origin can be set freely (fetch
 * forbids changing Host); the answer's body as bytes. */
export function requestBytes(
  port: number,
  opts: RequestOptions,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers };
    const body = typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body;
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    if (body && body.byteLength > 0) req.write(body);
    req.end();
  });
}

/** requestBytes with the answer's body as text. */
export async function request(
  port: number,
  opts: RequestOptions,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const r = await requestBytes(port, opts);
  return { ...r, body: r.body.toString() };
}

/** A `static` folder in dir holding an index.html, as startServer's staticDir; its path. */
export function staticDirIn(dir: string): string {
  const staticDir = path.join(dir, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>kolmap</title>');
  return staticDir;
}

/** `count` papers of 3–5 authors from a pool of 90 fictional people, PMIDs from pmidBase on. */
export function cohortRecords(pmidBase: number, count = 60): (ImportRecord & { pmid: string })[] {
  return Array.from({ length: count }, (_, i) => ({
    line: 0,
    pmid: String(pmidBase + i),
    title: `Study ${i} of a cohort`,
    journal: 'J Test',
    year: 2015 + (i % 9),
    keywords: [],
    mesh: [],
    authors: Array.from({ length: 3 + (i % 3) }, (_, j) => {
      const k = (i * 7 + j * 13) % 90;
      const family = `Fam${String.fromCharCode(97 + (k % 26))}${String.fromCharCode(97 + Math.floor(k / 26))}`;
      return { raw: `${family} Q`, family, given: 'Q', initials: 'Q' };
    }),
  }));
}

/**
 * Sends the same call three times, each refused with 403: without the token (the headers minus
 * x-kolmap-token, plus `withoutToken`), with a foreign Host, and with a foreign Origin. `headers` are
 * the headers of an accepted call (host and x-kolmap-token included).
 */
export async function expectRefusedWithoutTokenHostOrigin(
  port: number,
  call: {
    path: string;
    headers: Record<string, string>;
    body: string | Uint8Array;
    withoutToken?: Record<string, string>;
  },
): Promise<void> {
  const tokenless = Object.fromEntries(
    Object.entries(call.headers).filter(([name]) => name.toLowerCase() !== 'x-kolmap-token'),
  );
  const refusals: [string, Record<string, string>][] = [
    ['no token', { ...tokenless, ...call.withoutToken }],
    ['wrong Host', { ...call.headers, host: `evil.example:${port}` }],
    ['foreign Origin', { ...call.headers, origin: 'http://evil.example' }],
  ];
  for (const [what, headers] of refusals) {
    const r = await requestBytes(port, { path: call.path, headers, body: call.body });
    expect(r.status, `${call.path}, ${what}`).toBe(403);
  }
}

export interface ServedInProcess {
  server: RunningServer;
  project: Project;
  /** The Host header the server accepts. */
  host: string;
  /** The headers of an accepted call (host, token, content type), then `extra`. */
  headers: (extra?: Record<string, string>) => Record<string, string>;
}

/**
 * For the describe block it is called in: before all its tests, the project `open` returns (given a
 * temp folder) served in process by startServer; both closed after all its tests. The returned object
 * is filled in when the tests run.
 */
export function servedInProcess(
  open: (dir: string) => Promise<Project>,
  opts: { tempPrefix?: string; contentType?: string } = {},
): ServedInProcess {
  const api = {} as ServedInProcess;
  api.headers = (extra = {}) => ({
    host: api.host,
    'x-kolmap-token': api.server.token,
    'content-type': opts.contentType ?? 'application/json',
    ...extra,
  });
  beforeAll(async () => {
    const dir = tempDir(opts.tempPrefix);
    const staticDir = staticDirIn(dir);
    api.project = await open(dir);
    api.server = await startServer({ project: () => api.project, staticDir });
    api.host = `127.0.0.1:${api.server.port}`;
  });
  afterAll(async () => {
    await api.server.close();
    api.project.close();
  });
  return api;
}
