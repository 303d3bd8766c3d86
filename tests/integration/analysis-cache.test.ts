// The analysis cache (issue 8, migrations 9 and 10) through the API contract on real SQLite files: a
// stored result, uploaded part by part as the renderer's worker does, comes back exactly and current
// while nothing changed (also after reopening the file), its head readable alone; an import, an identity
// decision, an area edit and a territory edit each make it stale, a rolled-back import preview does
// not; a result computed from data older than the project's is refused; a half-uploaded result is
// never read; the key ignores option order and differs per scope and weights. Real exports from
// ../shared/data/real.
import Database from 'better-sqlite3';
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
  decodeCachedHead,
  encodeCachedParts,
  yearRangeOf,
} from '../../shared/analytics/cache';
import type { AnalysisResult } from '../../shared/analytics/types';
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

// Small parts, so the real result is cut into several and the part-by-part path is exercised.
const SIZES = { headPeople: 40, peoplePerPart: 150, edgesPerPart: 500 };
let uploads = 0;

/** Uploads a result part by part as the worker does; returns the last answer. */
async function upload(
  call: Call,
  key: string,
  dataVersion: number | undefined,
  result: AnalysisResult,
  scope: Scope,
  years: [number, number] | null,
  stopAfter = Infinity,
) {
  const id = `test-upload-${++uploads}`;
  let last: Results['saveCachedAnalysis'] = { saved: false, complete: false };
  for (const { part, parts, bytes } of encodeCachedParts(result, scope, years, null, SIZES)) {
    if (part >= stopAfter) break;
    last = await call('saveCachedAnalysis', { key, dataVersion, upload: id, part, parts, payload: bytes });
    if (!last.saved) break;
  }
  return last;
}

/** Every part of the entry under the key, read through the API. */
async function readAll(call: Call, key: string) {
  const head = await call<Results['getCachedAnalysis']>('getCachedAnalysis', { key });
  if (!head) return null;
  const parts = [head.payload];
  for (let part = 1; part < head.parts; part++) {
    const next = await call<Results['getCachedAnalysis']>('getCachedAnalysis', { key, part });
    expect(next?.createdAt).toBe(head.createdAt);
    parts.push(next!.payload);
  }
  return { head, parts };
}

/** What the renderer's worker does on a miss: read the input, analyse, store under the key. */
async function analyseAndStore(call: Call, scope: Scope, key: string) {
  const input = await call<AnalysisInput>('getAnalysisInput', scope);
  expect(input.dataVersion).toEqual(expect.any(Number));
  const result = analyze(input);
  const saved = await upload(call, key, input.dataVersion, result, scope, yearRangeOf(input.papers));
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
    expect(saved).toEqual({ saved: true, complete: true });
    expect(result.people.length).toBeGreaterThan(SIZES.headPeople + SIZES.peoplePerPart);
    project.close();

    project = Project.open(projectFile);
    call = api(project);
    const all = await readAll(call, key);
    const entry = all?.head;
    expect(entry?.current).toBe(true);
    expect(entry?.dataVersion).toBe(input.dataVersion);
    expect(entry?.parts).toBeGreaterThan(3);
    // The head alone: the first ranked people, without reading the other parts.
    const head = decodeCachedHead(entry!.payload);
    expect(head?.result.people).toEqual(result.people.slice(0, SIZES.headPeople));
    const decoded = decodeCachedAnalysis(all!.parts);
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
    const saved = await upload(call, key, input.dataVersion, analyze(input), scope, null);
    expect(saved).toEqual({ saved: false, complete: false });
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

  it('never reads a half-uploaded result: the entry switches when the last part is in', async () => {
    const project = Project.open(projectFile);
    const call = api(project);
    const before = await readAll(call, key);
    const input = await call<AnalysisInput>('getAnalysisInput', scope);
    const result = analyze(input, { weights: { pagerank: 1 } });
    // An upload cut short (a cancelled worker) leaves the stored entry as it was.
    const cut = await upload(call, key, input.dataVersion, result, scope, null, 2);
    expect(cut).toEqual({ saved: true, complete: false });
    const after = await readAll(call, key);
    expect(after?.head.createdAt).toBe(before?.head.createdAt);
    expect(after?.parts).toEqual(before?.parts);
    // A complete one replaces it, and the abandoned parts are gone from the file.
    expect(await upload(call, key, input.dataVersion, result, scope, null)).toEqual({
      saved: true,
      complete: true,
    });
    const replaced = await readAll(call, key);
    expect(cachedResult(decodeCachedAnalysis(replaced!.parts)!)).toEqual(result);
    const db = new Database(projectFile, { readonly: true });
    const uploadsLeft = db.prepare('SELECT count(DISTINCT upload) AS n FROM analysis_cache_parts').get() as {
      n: number;
    };
    db.close();
    expect(uploadsLeft.n).toBe(1);
    await analyseAndStore(call, scope, key);
    project.close();
  });

  it('refuses malformed calls', async () => {
    const project = Project.open(projectFile);
    const call = api(project);
    await expect(call('getCachedAnalysis', {})).rejects.toThrow(/BAD_INPUT/);
    await expect(call('getCachedAnalysis', { key, part: -1 })).rejects.toThrow(/BAD_INPUT.*\(field part\)/);
    const good = {
      key,
      dataVersion: 0,
      upload: 'abcdefgh12',
      part: 0,
      parts: 1,
      payload: new Uint8Array(64),
    };
    await expect(call('saveCachedAnalysis', { ...good, dataVersion: -1 })).rejects.toThrow(
      /field dataVersion/,
    );
    await expect(call('saveCachedAnalysis', { ...good, payload: '{}' })).rejects.toThrow(/field payload/);
    await expect(call('saveCachedAnalysis', { ...good, payload: [1, 2, 3] })).rejects.toThrow(
      /field payload/,
    );
    await expect(call('saveCachedAnalysis', { ...good, upload: 'x' })).rejects.toThrow(/field upload/);
    await expect(call('saveCachedAnalysis', { ...good, part: 1 })).rejects.toThrow(/field part/);
    // A part past the stored ones is none.
    expect(await call('getCachedAnalysis', { key, part: 4000 })).toBeNull();
    expect(decodeCachedAnalysis([new TextEncoder().encode('not a part at all')])).toBeNull();
    expect(decodeCachedAnalysis([])).toBeNull();
    project.close();
  });
});
