// Therapeutic areas in a project: defaults seeded on first open, the publication_areas cache kept
// fresh after imports and rule edits, scopes by area and by place, the API methods, a project file
// from before migration 3, and `kolmap rank/graph --ta/--country` on the built command.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../electron/api';
import { MIGRATIONS, Project } from '../../electron/db';
import { importDemo, importFiles } from '../../electron/import';
import { generateDemoDataset } from '../../fixtures/demo';
import { analyze } from '../../shared/analytics';
import { classify, DEFAULT_AREAS } from '../../shared/analytics/ta';
import { ApiError, type AreaInfo } from '../../shared/api';
import { kolmap } from '../helpers/cli';
import { describeReal, realFile } from '../helpers/realData';
import { tempDir, tempProject } from '../helpers/tmp';

const demo = generateDemoDataset(1);
const inArea = (area: string, since: number) =>
  demo.records.filter(
    (r) =>
      (r.year ?? 0) >= since &&
      classify(
        { title: r.title, journal: r.journal ?? null, keywords: r.keywords ?? [], mesh: r.mesh ?? [] },
        DEFAULT_AREAS,
      ).includes(area),
  );

describe('therapeutic areas in a demo project', () => {
  const project = tempProject();
  beforeAll(async () => {
    await importDemo(project);
  });

  it('seeds the fourteen default areas and counts their publications', () => {
    const areas = project.areas();
    expect(areas.map((a) => a.id)).toEqual(DEFAULT_AREAS.map((a) => a.id));
    expect(areas.every((a) => a.builtin)).toBe(true);
    const count = (id: string) => areas.find((a) => a.id === id)!.publications;
    expect(count('oncology')).toBe(inArea('oncology', 0).length);
    expect(count('cardiology')).toBe(inArea('cardiology', 0).length);
    expect(count('oncology')).toBeGreaterThan(900);
    expect(count('ophthalmology')).toBeLessThan(count('neurology'));
  });

  it('scopes the analysis to an area (by id or label, any case) and years', () => {
    const expected = inArea('oncology', 2018);
    const input = project.analysisInput({ ta: 'Oncology', since: 2018 });
    expect(input.scope).toMatchObject({ ta: 'oncology', since: 2018 });
    expect(input.papers).toHaveLength(expected.length);
    expect(input.papers.every((p) => (p.year ?? 0) >= 2018)).toBe(true);
    const ids = new Set(input.papers.flatMap((p) => p.authors));
    expect(input.people.map((p) => p.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    const keys = new Set(expected.map((r) => r.doi));
    for (const p of input.papers.slice(0, 50))
      expect(keys.has(project.publication(`id:${p.id}`)!.doi!)).toBe(true);
    expect(project.analysisInput({ ta: 'immunology / RHEUMATOLOGY' }).papers.length).toBe(
      project.areas().find((a) => a.id === 'immunology')!.publications,
    );
  });

  it('restricts people to a country, keeping first and last authorships exact', () => {
    const all = analyze(project.analysisInput({ ta: 'cardiology' }));
    const us = project.analysisInput({ ta: 'cardiology', country: 'us' });
    expect(us.scope).toMatchObject({ country: 'us' });
    expect(us.people.length).toBeGreaterThan(10);
    expect(us.people.every((p) => p.country === 'US')).toBe(true);
    const local = analyze(us);
    const global = new Map(all.people.map((p) => [p.id, p]));
    for (const p of local.people) {
      const g = global.get(p.id)!;
      expect([p.publications, p.firstAuthor, p.lastAuthor]).toEqual([
        g.publications,
        g.firstAuthor,
        g.lastAuthor,
      ]);
    }
    const region = project.analysisInput({ country: 'US', region: us.people[0]!.region });
    expect(region.people.every((p) => p.region === us.people[0]!.region)).toBe(true);
    expect(project.analysisInput({ country: 'XX' }).people).toEqual([]);
  });

  it('rule edits reclassify, delete and reset work, and imports refresh the cache', async () => {
    const before = project.areas().find((a) => a.id === 'oncology')!.publications;
    project.saveArea({
      id: 'oncology',
      label: 'Oncology',
      rules: { mesh: [], keywords: [], titleWords: ['melanoma'], journals: [], exclude: [] },
    });
    const melanoma = project.areas().find((a) => a.id === 'oncology')!;
    expect(melanoma.publications).toBeGreaterThan(0);
    expect(melanoma.publications).toBeLessThan(before / 5);
    expect(melanoma.publications).toBe(demo.records.filter((r) => /melanoma/i.test(r.title)).length);
    expect(project.analysisInput({ ta: 'oncology' }).papers).toHaveLength(melanoma.publications);

    expect(
      project.saveArea({
        id: 'cns-tumours',
        label: 'CNS tumours',
        rules: { mesh: ['Glioblastoma'], keywords: [], titleWords: [], journals: [], exclude: [] },
      }),
    ).toEqual({ created: true });
    const cns = project.areas().at(-1)!;
    expect(cns).toMatchObject({ id: 'cns-tumours', builtin: false });
    expect(cns.publications).toBeGreaterThan(10);
    expect(project.analysisInput({ ta: 'CNS Tumours' }).papers).toHaveLength(cns.publications);

    expect(project.deleteArea('cns-tumours')).toBe(true);
    expect(project.deleteArea('cns-tumours')).toBe(false);
    expect(() => project.analysisInput({ ta: 'cns-tumours' })).toThrow(
      /Unknown therapeutic area "cns-tumours"/,
    );

    project.resetAreas();
    expect(project.areas().find((a) => a.id === 'oncology')!.publications).toBe(before);

    // A new publication after an import is classified on the next read.
    const s = project.beginImport();
    const src = s.addSource('extra.csv', 'pubmed-csv');
    s.write(src, {
      line: 2,
      pmid: '99999901',
      title: 'Glioblastoma in adolescents',
      year: 2024,
      keywords: [],
      mesh: [],
      authors: [{ raw: 'Zed A', family: 'Zed', given: 'A', initials: 'A' }],
    });
    s.commit();
    expect(project.areas().find((a) => a.id === 'oncology')!.publications).toBe(before + 1);
  });
});

describe('a project file from before migration 3', () => {
  it('gains the areas on open and classifies what it already holds', () => {
    const file = path.join(tempDir(), 'old.kolmap');
    const old = Project.open(file, { migrations: MIGRATIONS.slice(0, 1) });
    expect(old.schemaVersion()).toBe(1);
    old.close();
    // Rows as a version-1 build wrote them (today's writer targets the newest schema).
    const raw = new Database(file);
    const add = raw.prepare(`INSERT INTO publications (pmid, title, title_norm, mesh) VALUES (?, ?, ?, ?)`);
    add.run('1', 'Atrial fibrillation after surgery', 'atrial fibrillation after surgery', '[]');
    add.run('2', 'Cell phones', 'cell phones', '["Cell Phone"]');
    raw.close();
    const upgraded = Project.open(file);
    expect(upgraded.schemaVersion()).toBe(MIGRATIONS.length);
    expect(upgraded.areas().find((a) => a.id === 'cardiology')!.publications).toBe(1);
    expect(upgraded.areas().reduce((n, a) => n + a.publications, 0)).toBe(1);
    upgraded.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM therapeutic_areas').pluck().get()).toBe(DEFAULT_AREAS.length);
    db.close();
  });
});

describe('area API methods', () => {
  const project = tempProject();
  const handlers = createHandlers({ project: () => project, emit: () => undefined, host: {} });
  it('getAreas, saveArea (validated), deleteArea, resetAreas', async () => {
    const list = (await dispatch(handlers, 'getAreas', {})) as { ok: true; result: AreaInfo[] };
    expect(list.ok).toBe(true);
    expect(list.result).toHaveLength(DEFAULT_AREAS.length);
    const saved = await dispatch(handlers, 'saveArea', {
      id: 'vaccines',
      label: 'Vaccines',
      rules: { titleWords: ['vaccin*'] },
    });
    expect(saved).toMatchObject({
      ok: true,
      result: {
        id: 'vaccines',
        created: true,
        publications: 0,
        rules: { mesh: [], titleWords: ['vaccin*'] },
      },
    });
    expect(await dispatch(handlers, 'saveArea', { id: 'Bad Id', label: 'x', rules: {} })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining('field id') },
    });
    expect(
      await dispatch(handlers, 'saveArea', { id: 'x', label: 'x', rules: { mesh: ['a*'] } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining('wildcard') },
    });
    expect(await dispatch(handlers, 'deleteArea', { id: 'vaccines' })).toEqual({
      ok: true,
      result: { deleted: true },
    });
    expect(await dispatch(handlers, 'deleteArea', { id: 'vaccines' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await dispatch(handlers, 'getAnalysisInput', { ta: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining('Known: oncology') },
    });
    const reset = (await dispatch(handlers, 'resetAreas', {})) as { ok: true; result: AreaInfo[] };
    expect(reset.result.map((a) => a.id)).toEqual(DEFAULT_AREAS.map((a) => a.id));
    expect(() => project.analysisInput({ ta: 'vaccines' })).toThrow(ApiError);
  });
});

describeReal('therapeutic areas on real PubMed CSV exports (titles and journals only)', () => {
  it('classifies the Peru hospitals file by title and journal', async () => {
    const project = tempProject();
    await importFiles(project, [{ name: 'pubmed.csv', path: realFile('pubmed_peru_hospitals/pubmed.csv') }]);
    const n = new Map(project.areas().map((a) => [a.id, a.publications]));
    // 10 papers: liver/gastric (4 in World J Gastroenterol or Rev Gastroenterol Peru + 1 gastric cancer),
    // diabetes, hypothyroidism, lymphoma, asthma, tuberculosis, immunodeficiencies.
    expect(n.get('gastroenterology')).toBe(5);
    expect(n.get('endocrinology')).toBeGreaterThanOrEqual(3);
    expect(n.get('oncology')).toBe(3);
    expect(n.get('hematology')).toBe(1);
    expect(n.get('respiratory')).toBe(1);
    expect(n.get('infectious-disease')).toBeGreaterThanOrEqual(1);
    expect(n.get('immunology')).toBe(1);
    expect(n.get('ophthalmology')).toBe(0);
  });
  it('puts only the 7 clinical SMART-on-FHIR informatics papers (of 52) in areas', async () => {
    const project = tempProject();
    await importFiles(project, [{ name: 'pubmed.csv', path: realFile('pubmed_smartfhir/pubmed.csv') }]);
    const n = Object.fromEntries(
      project
        .areas()
        .filter((a) => a.publications > 0)
        .map((a) => [a.id, a.publications]),
    );
    // "precision cancer medicine", "hereditary cancer", "Lung Cancer Screening" (also respiratory),
    // "Platelet Transfusion", "Synthetic Data Generation in Hematology", "Dermatological CDS System",
    // "Type-2 Diabetes Mellitus". Informatics words (cell, app, record, hook) put nothing anywhere.
    expect(n).toEqual({ oncology: 3, hematology: 2, respiratory: 1, endocrinology: 1, dermatology: 1 });
  });
});

describe('kolmap rank / graph --ta on the demo project', () => {
  const dir = tempDir();
  const db = path.join(dir, 'demo.kolmap');
  beforeAll(() => {
    const r = kolmap(['demo', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('ranks only people with oncology papers since 2018, the same way twice', () => {
    const out = path.join(dir, 'r.csv');
    const r = kolmap([
      'rank',
      '--db',
      db,
      '--ta',
      'oncology',
      '--since',
      '2018',
      '--top',
      '50',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(50);
    const project = Project.open(db);
    const authors = new Set(
      project.analysisInput({ ta: 'oncology', since: 2018 }).people.map((p) => String(p.id)),
    );
    const other = project.analysisInput({ ta: 'cardiology', since: 2018 });
    project.close();
    expect(rows.every((row) => authors.has(row.id!))).toBe(true);
    expect(authors.size).toBeLessThan(other.people.length + authors.size);
    const again = path.join(dir, 'r2.csv');
    expect(
      kolmap(['rank', '--db', db, '--ta', 'ONCOLOGY', '--since', '2018', '--top', '50', '--out', again]).code,
    ).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(text);
  });

  it('--country keeps people of that country; graph takes --ta too', () => {
    const j = kolmap(['rank', '--db', db, '--ta', 'neurology', '--country', 'DE', '--json']);
    expect(j.code, j.stderr).toBe(0);
    const rows = JSON.parse(j.stdout) as { country: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.country === 'DE')).toBe(true);
    const g = kolmap([
      'graph',
      '--db',
      db,
      '--ta',
      'neurology',
      '--since',
      '2020',
      '--out',
      path.join(dir, 'g.gexf'),
    ]);
    expect(g.code, g.stderr).toBe(0);
  });

  it('an unknown area exits 2 with one line listing the known areas', () => {
    const r = kolmap(['rank', '--db', db, '--ta', 'astrology']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /Unknown therapeutic area "astrology"\. Known: oncology, hematology, cardiology, neurology, psychiatry, immunology, infectious-disease, endocrinology, respiratory, dermatology, gastroenterology, nephrology, ophthalmology, rare-diseases/,
    );
  });
});
