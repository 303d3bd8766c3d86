// The binary analysis cache over browser mode's HTTP transport (issue 8), in process against a real
// project on a temp file: parts go up and come back as binary frames (shared/api/binary.ts) byte for
// byte, the head alone decodes to the top-ranked people; the token, Host and Origin checks apply to
// binary bodies as to JSON ones; a malformed frame or a non-binary payload is refused with the field.
import http from 'node:http';
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { startServer, type RunningServer } from '../../electron/server';
import { analyze } from '../../shared/analytics';
import {
  analysisCacheKey,
  cachedResult,
  decodeCachedAnalysis,
  decodeCachedHead,
  encodeCachedParts,
} from '../../shared/analytics/cache';
import { BINARY_CONTENT_TYPE, packFrame, unpackFrame } from '../../shared/api/binary';
import { tempDir } from '../helpers/cli';
import { pubmedCsv } from '../helpers/pubmedCsv';

function request(
  port: number,
  opts: { path: string; headers?: Record<string, string>; body?: Uint8Array | string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers };
    const body = typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body;
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: opts.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('binary analysis cache over HTTP', () => {
  let server: RunningServer;
  let project: Project;
  let host: string;
  const key = analysisCacheKey({}, {});

  beforeAll(async () => {
    const dir = tempDir();
    const staticDir = path.join(dir, 'static');
    mkdirSync(staticDir);
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>kolmap</title>');
    project = Project.open(path.join(dir, 'b.kolmap'));
    // 60 papers of 3–5 authors from a pool of 90 fictional people.
    const records = Array.from({ length: 60 }, (_, i) => ({
      line: 0,
      pmid: String(500000 + i),
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
    await importFiles(project, [{ name: 'p.csv', content: pubmedCsv(records) }]);
    server = await startServer({ project: () => project, staticDir });
    host = `127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
    project.close();
  });

  const headers = (extra: Record<string, string> = {}) => ({
    host,
    'x-kolmap-token': server.token,
    'content-type': BINARY_CONTENT_TYPE,
    ...extra,
  });

  it('stores parts sent as frames and returns them as frames, byte for byte', async () => {
    const input = project.analysisInput({});
    const result = analyze(input);
    const sizes = { headPeople: 20, peoplePerPart: 25, edgesPerPart: 100 };
    const parts = Array.from(encodeCachedParts(result, {}, null, null, sizes));
    expect(parts.length).toBeGreaterThan(3);
    for (const { part, parts: count, bytes } of parts) {
      const frame = packFrame({
        key,
        dataVersion: input.dataVersion,
        upload: 'http-test-1',
        part,
        parts: count,
        payload: bytes,
      });
      const r = await request(server.port, {
        path: '/api/saveCachedAnalysis',
        headers: headers(),
        body: frame,
      });
      expect(r.status, r.body.toString()).toBe(200);
      expect(JSON.parse(r.body.toString())).toEqual({ saved: true, complete: part === count - 1 });
    }
    const back: Uint8Array[] = [];
    for (let part = 0; part < parts.length; part++) {
      const r = await request(server.port, {
        path: '/api/getCachedAnalysis',
        headers: { host, 'x-kolmap-token': server.token, 'content-type': 'application/json' },
        body: JSON.stringify({ key, part }),
      });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe(BINARY_CONTENT_TYPE);
      const info = unpackFrame(new Uint8Array(r.body));
      expect(info).toMatchObject({ key, part, parts: parts.length, current: true });
      expect(Buffer.from(info.payload as Uint8Array).equals(Buffer.from(parts[part]!.bytes))).toBe(true);
      back.push(info.payload as Uint8Array);
    }
    expect(decodeCachedHead(back[0]!)?.result.people).toEqual(result.people.slice(0, 20));
    expect(cachedResult(decodeCachedAnalysis(back)!)).toEqual(result);
  });

  it('applies the token, Host and Origin checks to binary bodies', async () => {
    const frame = packFrame({
      key,
      dataVersion: 0,
      upload: 'http-test-2',
      part: 0,
      parts: 1,
      payload: new Uint8Array(64),
    });
    const noToken = await request(server.port, {
      path: '/api/saveCachedAnalysis',
      headers: { host, 'content-type': BINARY_CONTENT_TYPE, cookie: `kolmap_token=${server.token}` },
      body: frame,
    });
    expect(noToken.status).toBe(403);
    const wrongHost = await request(server.port, {
      path: '/api/saveCachedAnalysis',
      headers: headers({ host: `evil.example:${server.port}` }),
      body: frame,
    });
    expect(wrongHost.status).toBe(403);
    const foreign = await request(server.port, {
      path: '/api/saveCachedAnalysis',
      headers: headers({ origin: 'http://evil.example' }),
      body: frame,
    });
    expect(foreign.status).toBe(403);
  });

  it('refuses a malformed frame and a payload that is not bytes, naming the field', async () => {
    const bad = await request(server.port, {
      path: '/api/saveCachedAnalysis',
      headers: headers(),
      body: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.toString()).toMatch(/not a kolmap frame/);
    const asJson = await request(server.port, {
      path: '/api/saveCachedAnalysis',
      headers: headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({
        key,
        dataVersion: 0,
        upload: 'http-test-3',
        part: 0,
        parts: 1,
        payload: 'AAAA',
      }),
    });
    expect(asJson.status).toBe(400);
    expect(asJson.body.toString()).toMatch(/field payload/);
  });
});
