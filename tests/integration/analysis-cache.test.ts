// The analysis cache (issue 8, migration 9) through the API contract on real SQLite files: a stored
// result comes back exactly and current while nothing changed (also after reopening the file); an
// import, an identity decision, an area edit and a territory edit each make it stale, a rolled-back
// import preview does not; a result computed from data older than the project's is refused; the key
// ignores option order and differs per scope and weights. Real exports from ../shared/data/real.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch, type Envelope } from '../../electron/api';
import { Project } from '../../electron/db';
import { analyze } from '../../shared/analytics';
import {
  analysisCacheKey,
  cachedResult,
  decodeCachedAnalysis,
  encodeCachedAnalysis,
  yearRangeOf,
} from '../../shared/analytics/cache';
import type { AnalysisInput, Results, Scope } from '../../shared/api';
import { describeReal, realFile } from '../helpers/realData';
import { tempDir } from '../helpers/tmp';

function api(project: Project) {
  const handlers = createHandlers({ project: () => project, emit: () => undefined, host: {} });
  return async <T>(method: string, args: unknown): Promise<T> => {
    const r = (await dispatch(handlers, method, args)) as Envelope<T>;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.result;
  };
}

type Call = ReturnType<typeof api>;

const file = (rel: string) => ({ name: path.basename(rel), content: readFileSync(realFile(rel), 'utf8') });

/** What the renderer's worker does on a miss: read the input, analyse, store under the key. */
async function analyseAndStore(call: Call, scope: Scope, key: string) {
  const input = await call<AnalysisInput>('getAnalysisInput', scope);
  expect(input.dataVersion).toEqual(expect.any(Number));
  const result = analyze(input);
  const payload = encodeCachedAnalysis(result, scope, yearRangeOf(input.papers));
  const saved = await call<Results['saveCachedAnalysis']>('saveCachedAnalysis', {
    key,
    dataVersion: input.dataVersion,
    payload,
  });
  return { input, result, saved };
}

async function isCurrent(call: Call, key: string): Promise<boolean | null> {
  const entry = await call<Results['getCachedAnalysis']>('getCachedAnalysis', { key });
  return entry ? entry.current : null;
}

describe('analysis cache key', () => {
  it('ignores option order and absent fields, and differs per scope and weights', () => {
    const a = analysisCacheKey({ ta: null, since: 2018 }, { weights: { pagerank: 2, citations: 1 } });
    const b = analysisCacheKey({ since: 2018, until: null }, { weights: { citations: 1, pagerank: 2 } });
    expect(a).toBe(b);
    expect(analysisCacheKey({ since: 2019 }, { weights: { citations: 1, pagerank: 2 } })).not.toBe(a);
    expect(analysisCacheKey({ since: 2018 }, { weights: { citations: 1, pagerank: 3 } })).not.toBe(a);
    expect(
      analysisCacheKey({ since: 2018, ta: 'oncology' }, { weights: { citations: 1, pagerank: 2 } }),
    ).not.toBe(a);
    expect(analysisCacheKey({}, { resolution: 1.5 })).not.toBe(analysisCacheKey({}, {}));
  });
});

describeReal('analysis cache on real exports', () => {
  const dir = tempDir();
  const projectFile = path.join(dir, 'cache.kolmap');
  const scope: Scope = { ta: null, since: null, until: null };
  const key = analysisCacheKey(scope, {});

  it('stores a result that comes back exactly and current, also after reopening the file', async () => {
    let project = Project.open(projectFile);
    let call = api(project);
    expect(await call('getCachedAnalysis', { key })).toBeNull();
    await call('importFile', file('pubmed_smartfhir/pubmed.csv'));
    const { result, saved, input } = await analyseAndStore(call, scope, key);
    expect(saved).toEqual({ saved: true });
    expect(result.people.length).toBeGreaterThan(10);
    project.close();

    project = Project.open(projectFile);
    call = api(project);
    const entry = await call<Results['getCachedAnalysis']>('getCachedAnalysis', { key });
    expect(entry?.current).toBe(true);
    expect(entry?.dataVersion).toBe(input.dataVersion);
    const decoded = decodeCachedAnalysis(entry?.payload ?? '');
    expect(decoded).not.toBeNull();
    if (!decoded) return;
    // Bit for bit: ranks, scores, breakdowns, communities and links.
    expect(cachedResult(decoded)).toEqual(result);
    expect(decoded.years).toEqual(yearRangeOf(input.papers));
    // Another scope has its own entry.
    expect(await call('getCachedAnalysis', { key: analysisCacheKey({ since: 2020 }, {}) })).toBeNull();
    project.close();
  });

  it('a rolled-back import preview leaves it current; a real import makes it stale', async () => {
    const project = Project.open(projectFile);
    const call = api(project);
    await call('previewImport', file('pubmed_peru_hospitals/pubmed.csv'));
    expect(await isCurrent(call, key)).toBe(true);
    await call('importFile', file('pubmed_peru_hospitals/pubmed.csv'));
    expect(await isCurrent(call, key)).toBe(false);
    // A stale entry is still returned (the UI shows it marked stale while the worker runs).
    expect(await call('getCachedAnalysis', { key })).not.toBeNull();
    const { saved } = await analyseAndStore(call, scope, key);
    expect(saved.saved).toBe(true);
    expect(await isCurrent(call, key)).toBe(true);
    project.close();
  });

  it('refuses a result computed from data older than the project holds', async () => {
    const project = Project.open(projectFile);
    const call = api(project);
    const input = await call<AnalysisInput>('getAnalysisInput', scope);
    await call('importFile', file('wos_peru_hospitals/savedrecs.txt'));
    const payload = encodeCachedAnalysis(analyze(input), scope, yearRangeOf(input.papers));
    const saved = await call<Results['saveCachedAnalysis']>('saveCachedAnalysis', {
      key,
      dataVersion: input.dataVersion,
      payload,
    });
    expect(saved.saved).toBe(false);
    expect(await isCurrent(call, key)).toBe(false);
    await analyseAndStore(call, scope, key);
    expect(await isCurrent(call, key)).toBe(true);
    project.close();
  });

  it('an identity decision and its undo each make it stale', async () => {
    const project = Project.open(projectFile);
    const call = api(project);
    // A candidate pair from the review queue (same family name and first initial).
    const pair = project
      .identityDecisions()
      .queue(50)
      .items.find((i) => i.kind === 'pair' && i.b);
    expect(pair?.b).toBeDefined();
    if (!pair?.b) return;
    const decided = await call<Results['decideIdentity']>('decideIdentity', {
      kind: 'dismiss',
      a: pair.a.id,
      b: pair.b.id,
    });
    expect(await isCurrent(call, key)).toBe(false);
    await analyseAndStore(call, scope, key);
    expect(await isCurrent(call, key)).toBe(true);
    await call('undoIdentityDecision', { id: decided.decision.id });
    expect(await isCurrent(call, key)).toBe(false);
    await analyseAndStore(call, scope, key);
    project.close();
  });

  it('an area edit and a territory edit each make it stale; reading does not', async () => {
    const project = Project.open(projectFile);
    const call = api(project);
    expect(await isCurrent(call, key)).toBe(true);
    await call('getAreas', {});
    await call('getTerritories', {});
    await call('getAnalysisInput', scope);
    expect(await isCurrent(call, key)).toBe(true);

    await call('saveArea', { id: 'fhir', label: 'FHIR', rules: { keywords: ['fhir'] } });
    expect(await isCurrent(call, key)).toBe(false);
    await analyseAndStore(call, scope, key);
    expect(await isCurrent(call, key)).toBe(true);

    await call('saveTerritory', {
      name: 'Peru',
      msl: null,
      capacity: 10,
      places: [{ country: 'PE', region: null }],
    });
    expect(await isCurrent(call, key)).toBe(false);
    project.close();
  });

  it('refuses malformed calls', async () => {
    const project = Project.open(projectFile);
    const call = api(project);
    await expect(call('getCachedAnalysis', {})).rejects.toThrow(/BAD_INPUT/);
    await expect(call('saveCachedAnalysis', { key, dataVersion: -1, payload: '{}' })).rejects.toThrow(
      /BAD_INPUT/,
    );
    expect(decodeCachedAnalysis('not json')).toBeNull();
    expect(decodeCachedAnalysis('{"format":0}')).toBeNull();
    project.close();
  });
});
