// The binary analysis cache over browser mode's HTTP transport (issue 8), in process against a real
// project on a temp file: parts go up and come back as binary frames (shared/api/binary.ts) byte for
// byte, the head alone decodes to the top-ranked people; the token, Host and Origin checks apply to
// binary bodies as to JSON ones; a malformed frame or a non-binary payload is refused with the field.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { analyze } from '../../shared/analytics';
import {
  analysisCacheKey,
  cachedResult,
  decodeCachedAnalysis,
  decodeCachedHead,
  encodeCachedParts,
} from '../../shared/analytics/cache';
import { BINARY_CONTENT_TYPE, packFrame, unpackFrame } from '../../shared/api/binary';
import { pubmedCsv } from '../helpers/pubmedCsv';
import {
  cohortRecords,
  expectRefusedWithoutTokenHostOrigin,
  requestBytes as request,
  servedInProcess,
} from '../helpers/server';

describe('binary analysis cache over HTTP', () => {
  const key = analysisCacheKey({}, {});
  const api = servedInProcess(
    async (dir) => {
      const project = Project.open(path.join(dir, 'b.kolmap'));
      // 60 papers of 3–5 authors from a pool of 90 fictional people.
      await importFiles(project, [{ name: 'p.csv', content: pubmedCsv(cohortRecords(500000)) }]);
      return project;
    },
    { contentType: BINARY_CONTENT_TYPE },
  );

  it('stores parts sent as frames and returns them as frames, byte for byte', async () => {
    const input = api.project.analysisInput({});
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
      const r = await request(api.server.port, {
        path: '/api/saveCachedAnalysis',
        headers: api.headers(),
        body: frame,
      });
      expect(r.status, r.body.toString()).toBe(200);
      expect(JSON.parse(r.body.toString())).toEqual({ saved: true, complete: part === count - 1 });
    }
    const back: Uint8Array[] = [];
    for (let part = 0; part < parts.length; part++) {
      const r = await request(api.server.port, {
        path: '/api/getCachedAnalysis',
        headers: { host: api.host, 'x-kolmap-token': api.server.token, 'content-type': 'application/json' },
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
    // Without the token header, the cookie alone does not do.
    await expectRefusedWithoutTokenHostOrigin(api.server.port, {
      path: '/api/saveCachedAnalysis',
      headers: api.headers(),
      body: frame,
      withoutToken: { cookie: `kolmap_token=${api.server.token}` },
    });
  });

  it('refuses a malformed frame and a payload that is not bytes, naming the field', async () => {
    const bad = await request(api.server.port, {
      path: '/api/saveCachedAnalysis',
      headers: api.headers(),
      body: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.toString()).toMatch(/not a kolmap frame/);
    const asJson = await request(api.server.port, {
      path: '/api/saveCachedAnalysis',
      headers: api.headers({ 'content-type': 'application/json' }),
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
