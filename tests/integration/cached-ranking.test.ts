// Pages of a stored ranking (issue 8, getCachedRanking) over browser mode's HTTP transport, in process
// against a real project on a temp file. The result is stored with a small head and small people parts
// (the sizes a 1M-publication result has, scaled down), so pages start in the head, cross from the head
// into the parts and from part to part, and run past the end; every row must be the person at that
// position of the result just computed, field for field. Arguments are validated like every method's
// (zod), the token, Host and Origin checks apply, and a changed result is read afresh.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { analyze } from '../../shared/analytics';
import { analysisCacheKey, encodeCachedAnalysis } from '../../shared/analytics/cache';
import type { AnalysisResult } from '../../shared/analytics/types';
import type { CachedRankingPage } from '../../shared/api';
import { pubmedCsv } from '../helpers/pubmedCsv';
import {
  cohortRecords,
  expectRefusedWithoutTokenHostOrigin,
  request,
  servedInProcess,
} from '../helpers/server';

/** A JSON round trip: what a row looks like after the HTTP transport. */
const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('getCachedRanking: pages of a stored ranking', () => {
  let result: AnalysisResult;
  const key = analysisCacheKey({}, {});
  const sizes = { headPeople: 7, peoplePerPart: 10, edgesPerPart: 50 };
  const api = servedInProcess(async (dir) => {
    const project = Project.open(path.join(dir, 'r.kolmap'));
    // 60 papers of 3–5 authors from a pool of 90 fictional people.
    await importFiles(project, [{ name: 'p.csv', content: pubmedCsv(cohortRecords(700000)) }]);
    const input = project.analysisInput({});
    result = analyze(input);
    const parts = encodeCachedAnalysis(result, {}, null, null, sizes);
    expect(project.analysisCache()!.save(key, input.dataVersion!, parts)).toBe(true);
    return project;
  });

  const page = async (args: Record<string, unknown>) => {
    const r = await request(api.server.port, {
      path: '/api/getCachedRanking',
      headers: api.headers(),
      body: JSON.stringify(args),
    });
    return { status: r.status, body: JSON.parse(r.body) as CachedRankingPage | null | { error: unknown } };
  };

  it('returns the rows of any range in rank order, field for field, across head and parts', async () => {
    const n = result.people.length;
    expect(n).toBeGreaterThan(sizes.headPeople + 2 * sizes.peoplePerPart);
    const ranges: [number, number][] = [
      [0, 5], // in the head
      [3, 9], // head → first part
      [7, 10], // the first part alone
      [12, 19], // first part → second part
      [0, n], // everything at once
      [n - 4, 20], // runs past the end
    ];
    for (const [start, count] of ranges) {
      const r = await page({ key, start, count });
      expect(r.status).toBe(200);
      const body = r.body as CachedRankingPage;
      expect(body.total).toBe(n);
      expect(body.start).toBe(start);
      expect(body.current).toBe(true);
      expect(body.people).toEqual(viaJson(result.people.slice(start, start + count)));
      expect(body.people.map((p) => p.rank)).toEqual(
        result.people.slice(start, start + count).map((p) => p.rank),
      );
    }
    const past = await page({ key, start: n + 5, count: 10 });
    expect((past.body as CachedRankingPage).people).toEqual([]);
  });

  it('reads pages the same in any order (the kept part never leaks into another)', async () => {
    const n = result.people.length;
    for (const start of [n - 3, 8, 30, 7, 17, 0, 27]) {
      const r = await page({ key, start, count: 3 });
      expect((r.body as CachedRankingPage).people.map((p) => p.id)).toEqual(
        result.people.slice(start, start + 3).map((p) => p.id),
      );
    }
  });

  it('returns null for a key with no stored result', async () => {
    const r = await page({ key: analysisCacheKey({ since: 2019 }, {}), start: 0, count: 5 });
    expect(r.status).toBe(200);
    expect(r.body).toBeNull();
  });

  it('validates its arguments like every method', async () => {
    for (const [args, field] of [
      [{ key, start: 0, count: 0 }, 'count'],
      [{ key, start: 0, count: 1001 }, 'count'],
      [{ key, start: -1, count: 5 }, 'start'],
      [{ key, start: 1.5, count: 5 }, 'start'],
      [{ key: '', start: 0, count: 5 }, 'key'],
      [{ start: 0, count: 5 }, 'key'],
    ] as const) {
      const r = await page(args);
      expect(r.status, JSON.stringify(args)).toBe(400);
      expect(JSON.stringify(r.body)).toContain(`field ${field}`);
    }
    const extra = await page({ key, start: 0, count: 5, sort: 'name' });
    expect(extra.status).toBe(400);
  });

  it('applies the token, Host and Origin checks', async () => {
    await expectRefusedWithoutTokenHostOrigin(api.server.port, {
      path: '/api/getCachedRanking',
      headers: api.headers(),
      body: JSON.stringify({ key, start: 0, count: 5 }),
    });
  });

  it('reads a replaced result afresh, and says when the data changed since', async () => {
    const before = await page({ key, start: 10, count: 5 });
    // The same result stored again with other part sizes: the pages must follow the new parts.
    const input = api.project.analysisInput({});
    const parts = encodeCachedAnalysis(result, {}, null, null, { headPeople: 3, peoplePerPart: 4 });
    await new Promise((done) => setTimeout(done, 5)); // a later createdAt
    expect(api.project.analysisCache()!.save(key, input.dataVersion!, parts)).toBe(true);
    const after = await page({ key, start: 10, count: 5 });
    expect((after.body as CachedRankingPage).createdAt).not.toBe(
      (before.body as CachedRankingPage).createdAt,
    );
    expect((after.body as CachedRankingPage).people).toEqual(viaJson(result.people.slice(10, 15)));
    api.project.analysisCache()!.bump();
    const stale = await page({ key, start: 10, count: 5 });
    expect((stale.body as CachedRankingPage).current).toBe(false);
    expect((stale.body as CachedRankingPage).people).toEqual(viaJson(result.people.slice(10, 15)));
  });
});
