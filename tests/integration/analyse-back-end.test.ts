// Analysis in the back end (issue 8, analyseInBackEnd, electron/api/analyser.ts), against a real
// project on a temp file: the result a worker thread computes and stores part by part (small parts, so
// the thread waits for each to be stored) is the result analyze() gives for the same input, field for
// field, stored as current; a result whose data changed while it was stored is not stored as current;
// progress goes out as events; one analysis at a time (another scope cancels, the same scope joins);
// arguments are validated like every method's; over HTTP the token, Host and Origin checks apply.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analyser } from '../../electron/api/analyser';
import { createHandlers, dispatch, type Handlers } from '../../electron/api';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { analyze } from '../../shared/analytics';
import { analysisCacheKey, cachedResult, decodeCachedAnalysis } from '../../shared/analytics/cache';
import type { AnalysisOptions } from '../../shared/analytics/types';
import type { AnalysisProgressEvent, BackEndAnalysis, Scope } from '../../shared/api';
import { tempDir } from '../helpers/cli';
import { pubmedCsv } from '../helpers/pubmedCsv';
import {
  cohortRecords,
  expectRefusedWithoutTokenHostOrigin,
  request,
  servedInProcess,
} from '../helpers/server';

/** Every stored part under the key, as the page would read them; null when none is stored. */
function stored(project: Project, key: string): { current: boolean; parts: Uint8Array[] } | null {
  const cache = project.analysisCache()!;
  const head = cache.get(key, 0);
  if (!head) return null;
  const parts = [head.payload];
  for (let part = 1; part < head.parts; part++) parts.push(cache.get(key, part)!.payload);
  return { current: head.current, parts };
}

describe('analyseInBackEnd: a scope analysed in a worker thread and stored in the cache', () => {
  let project: Project;
  let analyser: Analyser;
  let handlers: Handlers;
  const events: AnalysisProgressEvent[] = [];
  const sizes = { headPeople: 9, peoplePerPart: 12, edgesPerPart: 40 };

  beforeAll(async () => {
    project = Project.open(path.join(tempDir('kolmap-backend-'), 'b.kolmap'));
    // 80 papers of 3–5 authors from a pool of 90 fictional people.
    const records = cohortRecords(810000, 80);
    await importFiles(project, [{ name: 'p.csv', content: pubmedCsv(records) }]);
    analyser = new Analyser({ sizes });
    handlers = createHandlers({
      project: () => project,
      emit: (event, payload) => {
        if (event === 'analysis-progress') events.push(payload as AnalysisProgressEvent);
      },
      host: {},
      analyser,
    });
  });

  afterAll(async () => {
    await analyser.close();
    project.close();
  });

  const call = async (args: unknown) => {
    const envelope = await dispatch(handlers, 'analyseInBackEnd', args);
    if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
    return envelope.result as BackEndAnalysis;
  };

  it('stores, as current and in many parts, the result analyze() gives for the same input', async () => {
    for (const [scope, options] of [
      [{}, {}],
      [{ since: 2016 }, { weights: { publications: 1, citations: 0, pagerank: 0.5 } }],
    ] as [Scope, AnalysisOptions][]) {
      const key = analysisCacheKey(scope, options);
      expect(stored(project, key)).toBeNull();
      events.length = 0;
      const done = await call({ scope, options });
      const input = project.analysisInput(scope);
      const expected = analyze(input, options);
      expect(done).toEqual({
        key,
        dataVersion: input.dataVersion,
        people: expected.people.length,
        saved: true,
      });
      const back = stored(project, key)!;
      expect(back.current).toBe(true);
      expect(back.parts.length).toBeGreaterThan(2);
      // Field for field, but the phase timings (measured, so never twice the same).
      const got = cachedResult(decodeCachedAnalysis(back.parts)!);
      expect(Object.keys(got.timings).sort()).toEqual(Object.keys(expected.timings).sort());
      expect({ ...got, timings: null }).toEqual({ ...expected, timings: null });
      // The status bar's progress: events under this key, through the analysis and the storing.
      expect(events.length).toBeGreaterThan(2);
      expect(events.every((e) => e.key === key && e.fraction >= 0 && e.fraction <= 1)).toBe(true);
      expect(events.some((e) => e.phase === 'Storing the result')).toBe(true);
    }
  });

  it('says so and stores nothing when nothing is in scope', async () => {
    const scope = { since: 2100 };
    const done = await call({ scope, options: {} });
    expect(done.people).toBe(0);
    expect(done.saved).toBe(false);
    expect(stored(project, analysisCacheKey(scope, {}))).toBeNull();
  });

  it('does not store a result as current when the data changed while it was stored', async () => {
    const scope = { until: 2020 };
    const key = analysisCacheKey(scope, {});
    const cache = project.analysisCache()!;
    let saves = 0;
    // The data changes (as an import or a decision would) after the first part was stored.
    const done = await analyser.run(
      project,
      { scope, options: {} },
      async (part) => {
        if (saves++ === 1) cache.bump();
        return cache.savePart(part);
      },
      () => undefined,
    );
    expect(saves).toBe(2);
    expect(done.saved).toBe(false);
    expect(done.dataVersion).toBeLessThan(cache.dataVersion());
    expect(stored(project, key)).toBeNull();
    // Asked again, it is computed from the new data and stored.
    const again = await call({ scope, options: {} });
    expect(again.saved).toBe(true);
    expect(again.dataVersion).toBe(cache.dataVersion());
    expect(stored(project, key)!.current).toBe(true);
  });

  it('runs one analysis at a time: the same scope joins it, another cancels it', async () => {
    const before = analyser.started;
    const a = call({ scope: { since: 2013 }, options: {} });
    const same = call({ scope: { since: 2013 }, options: {} });
    expect(await same).toEqual(await a);
    expect(analyser.started).toBe(before + 1);

    const first = call({ scope: { since: 2014 }, options: {} });
    const second = call({ scope: { since: 2015 }, options: {} });
    await expect(first).rejects.toThrow(/cancelled: another scope or other settings/);
    expect((await second).saved).toBe(true);
    expect(stored(project, analysisCacheKey({ since: 2014 }, {}))).toBeNull();
    expect(analyser.running).toBeNull();
  });

  it('stops the running analysis of a key when the user cancels it, and only that one', async () => {
    const key = analysisCacheKey({ since: 2016 }, {});
    const run = call({ scope: { since: 2016 }, options: {} });
    expect(await dispatch(handlers, 'cancelBackEndAnalysis', { key })).toEqual({
      ok: true,
      result: { running: true },
    });
    await expect(run).rejects.toThrow(/The back-end analysis was cancelled\./);
    expect(stored(project, key)).toBeNull();
    expect(analyser.running).toBeNull();

    // Nothing of that key running: says so, and another key's analysis goes on to the end.
    const other = call({ scope: { since: 2017 }, options: {} });
    expect(await dispatch(handlers, 'cancelBackEndAnalysis', { key })).toEqual({
      ok: true,
      result: { running: false },
    });
    expect((await other).saved).toBe(true);
    expect(stored(project, analysisCacheKey({ since: 2017 }, {}))!.current).toBe(true);

    const bad = await dispatch(handlers, 'cancelBackEndAnalysis', { key: '' });
    expect(bad.ok).toBe(false);
  });

  it('validates its arguments like every method', async () => {
    for (const [args, field] of [
      [{ options: {} }, 'scope'],
      [{ scope: {} }, 'options'],
      [{ scope: { since: 1500 }, options: {} }, 'scope.since'],
      [{ scope: {}, options: { weights: { fame: 1 } } }, 'options.weights'],
      [{ scope: {}, options: { weights: { citations: -1 } } }, 'options.weights.citations'],
      [{ scope: {}, options: { damping: 2 } }, 'options.damping'],
      [{ scope: {}, options: {}, key: 'x' }, ''],
    ] as const) {
      const envelope = await dispatch(handlers, 'analyseInBackEnd', args);
      expect(envelope.ok, JSON.stringify(args)).toBe(false);
      if (envelope.ok) continue;
      expect(envelope.error.code).toBe('BAD_INPUT');
      if (field) expect(envelope.error.message).toContain(`field ${field}`);
    }
  });
});

describe('analyseInBackEnd over HTTP', () => {
  const api = servedInProcess(
    async (dir) => {
      const project = Project.open(path.join(dir, 'h.kolmap'));
      const records = Array.from({ length: 20 }, (_, i) => ({
        line: 0,
        pmid: String(820000 + i),
        title: `Study ${i}`,
        journal: 'J Test',
        year: 2018 + (i % 4),
        keywords: [],
        mesh: [],
        authors: [0, 1, 2].map((j) => {
          const family = `Fam${String.fromCharCode(97 + ((i + j * 5) % 26))}`;
          return { raw: `${family} Q`, family, given: 'Q', initials: 'Q' };
        }),
      }));
      await importFiles(project, [{ name: 'p.csv', content: pubmedCsv(records) }]);
      return project;
    },
    { tempPrefix: 'kolmap-backend-' },
  );
  const body = JSON.stringify({ scope: {}, options: {} });

  it('analyses and stores the result', async () => {
    const r = await request(api.server.port, { path: '/api/analyseInBackEnd', headers: api.headers(), body });
    expect(r.status).toBe(200);
    const done = JSON.parse(r.body) as BackEndAnalysis;
    const expected = analyze(api.project.analysisInput({}));
    expect(done.saved).toBe(true);
    expect(done.people).toBe(expected.people.length);
    const back = stored(api.project, done.key)!;
    expect(back.current).toBe(true);
    expect(cachedResult(decodeCachedAnalysis(back.parts)!).people).toEqual(expected.people);
  });

  it('applies the token, Host and Origin checks', async () => {
    await expectRefusedWithoutTokenHostOrigin(api.server.port, {
      path: '/api/analyseInBackEnd',
      headers: api.headers(),
      body,
    });
  });
});
