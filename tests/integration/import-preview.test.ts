// The import wizard's back end (issue 3): previewImport is a dry run whose counts equal a real import's
// and which leaves the project file byte-for-byte as it was; importFile with a generic-csv mapping;
// mapping presets saved in the project (migration 7), all through the API contract (dispatch).
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch, type Envelope } from '../../electron/api';
import { Project } from '../../electron/db';
import { previewFile } from '../../electron/import';
import type { ImportPreview, ImportResult, MappingPreset, ProgressEvent } from '../../shared/api';
import { describeReal, realFile } from '../helpers/realData';
import { tempDir, tempProject } from '../helpers/tmp';

const SCOPUS = 'scopus_alopecia/scopus.csv';
const WOS = 'wos_alopecia/wos.txt';

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function api(project: Project) {
  const handlers = createHandlers({ project: () => project, emit: () => undefined, host: {} });
  return async <T>(method: string, args: unknown): Promise<T> => {
    const r = (await dispatch(handlers, method, args)) as Envelope<T>;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.result;
  };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as Error,
  );
}

const GENERIC = [
  'Paper,Who,When,Ident,Where',
  '"A study of things","Smith, John; Doe, Ann",2020,10.1234/ABC,"Harvard University, Boston, MA, USA"',
  '"Another study","Roe, Rita",2021,10.1234/def,',
  ',"Nobody, N",2022,,',
  '"A study of things","Smith, John; Doe, Ann",2020,10.1234/abc,',
].join('\n');
const MAP = { Paper: 'title', Who: 'authors', When: 'year', Ident: 'doi', Where: 'affiliation' };

describe('previewImport on a generic CSV', () => {
  const project = tempProject();
  const call = api(project);

  it('reports columns and first cells but no counts while the mapping is missing', async () => {
    const p = await call<ImportPreview>('previewImport', {
      name: 'mine.csv',
      content: GENERIC,
      format: 'generic-csv',
    });
    expect(p).toMatchObject({ format: 'generic-csv', detected: false, delimiter: ',', report: null });
    expect(p.columns).toEqual(['Paper', 'Who', 'When', 'Ident', 'Where']);
    expect(p.sampleCells[0]?.[0]).toBe('A study of things');
    expect(p.error?.message).toMatch(/generic-csv needs a column mapping/);
  });

  it('an unrecognised CSV comes back with its columns and the reason, not an exception', async () => {
    const p = await call<ImportPreview>('previewImport', { name: 'mine.csv', content: GENERIC });
    expect(p.format).toBeNull();
    expect(p.columns).toEqual(['Paper', 'Who', 'When', 'Ident', 'Where']);
    expect(p.error?.message).toMatch(/unrecognised format/);
  });

  it('with a mapping: exact counts, rows as parsed, rejections by line; nothing stored', async () => {
    const p = await call<ImportPreview>('previewImport', {
      name: 'mine.csv',
      content: GENERIC,
      format: 'generic-csv',
      map: MAP,
    });
    expect(p.error).toBeNull();
    expect(p.lineEnding).toBe('LF');
    expect(p.report).toMatchObject({ records: 4, imported: 2, duplicates: 1, rejected: 1 });
    expect(p.report?.rejections).toEqual([{ line: 4, reason: expect.stringMatching(/no title/) }]);
    expect(p.rows.map((r) => [r.line, r.kind, r.outcome])).toEqual([
      [2, 'publication', 'imported'],
      [3, 'publication', 'imported'],
      [4, 'rejected', 'rejected'],
      [5, 'publication', 'duplicate'],
    ]);
    expect(p.rows[0]).toMatchObject({
      title: 'A study of things',
      year: 2020,
      people: ['Smith, John', 'Doe, Ann'],
      ids: ['doi:10.1234/abc'],
    });
    expect(project.totals().publications).toBe(0);
    expect(project.sources()).toEqual([]);
  });

  it('importFile takes the same mapping and reports what the preview said', async () => {
    const preview = await call<ImportPreview>('previewImport', {
      name: 'mine.csv',
      content: GENERIC,
      format: 'generic-csv',
      map: MAP,
    });
    const r = await call<ImportResult>('importFile', {
      name: 'mine.csv',
      content: GENERIC,
      format: 'generic-csv',
      map: MAP,
    });
    expect(r.files[0]).toEqual(preview.report);
    expect(r.totals.publications).toBe(2);
    const pub = project.publication('doi:10.1234/abc');
    expect(pub?.authors[0]?.rawAffiliation).toMatch(/Harvard/);
    // Now every row with a title is a duplicate of the project.
    const again = await call<ImportPreview>('previewImport', {
      name: 'mine.csv',
      content: GENERIC,
      format: 'generic-csv',
      map: MAP,
    });
    expect(again.report).toMatchObject({ records: 4, imported: 0, duplicates: 3, rejected: 1 });
  });

  it('a mapping to an unknown field or column is refused with its name', async () => {
    const bad = await failure(
      call('importFile', {
        name: 'mine.csv',
        content: GENERIC,
        format: 'generic-csv',
        map: { Paper: 'titel' },
      }),
    );
    expect(bad.message).toMatch(/BAD_INPUT.*unknown field "titel"/);
    const p = await call<ImportPreview>('previewImport', {
      name: 'mine.csv',
      content: GENERIC,
      format: 'generic-csv',
      map: { Papier: 'title' },
    });
    expect(p.error).toMatchObject({ line: 1, field: 'Papier' });
  });
});

describe('mapping presets', () => {
  const dir = tempDir();
  const file = path.join(dir, 'presets.kolmap');

  it('are saved, replaced by name (any case), listed, kept in the file and deleted', async () => {
    let project = Project.open(file);
    let call = api(project);
    expect(await call<MappingPreset[]>('getMappingPresets', {})).toEqual([]);
    const saved = await call<MappingPreset & { created: boolean }>('saveMappingPreset', {
      name: 'My lab sheet',
      map: MAP,
    });
    expect(saved).toMatchObject({ name: 'My lab sheet', map: MAP, created: true });
    const replaced = await call<MappingPreset & { created: boolean }>('saveMappingPreset', {
      name: 'my lab sheet',
      map: { Paper: 'title' },
    });
    expect(replaced).toMatchObject({ name: 'my lab sheet', created: false });
    await call('saveMappingPreset', { name: 'Another', map: { T: 'title', Y: 'year' } });
    project.close();

    project = Project.open(file);
    call = api(project);
    const list = await call<MappingPreset[]>('getMappingPresets', {});
    expect(list.map((p) => [p.name, p.map])).toEqual([
      ['Another', { T: 'title', Y: 'year' }],
      ['my lab sheet', { Paper: 'title' }],
    ]);
    expect((await failure(call('saveMappingPreset', { name: 'x', map: { A: 'nope' } }))).message).toMatch(
      /BAD_INPUT.*unknown field "nope" \(column "A"\)/,
    );
    expect((await failure(call('saveMappingPreset', { name: ' ', map: {} }))).message).toMatch(/BAD_INPUT/);
    expect(await call('deleteMappingPreset', { name: 'ANOTHER' })).toEqual({ deleted: true });
    expect((await failure(call('deleteMappingPreset', { name: 'Another' }))).message).toMatch(/NOT_FOUND/);
    expect((await call<MappingPreset[]>('getMappingPresets', {})).map((p) => p.name)).toEqual([
      'my lab sheet',
    ]);
    project.close();
  });
});

describeReal('previewImport of the alopecia Scopus and WoS exports', () => {
  const dir = tempDir();

  it('is a dry run: the counts equal a real import and the project file is unchanged byte for byte', async () => {
    const file = path.join(dir, 'dry.kolmap');
    const scopus = readFileSync(realFile(SCOPUS), 'utf8');
    const wos = readFileSync(realFile(WOS), 'utf8');

    // A project holding the Scopus file, closed so that everything is in the main file.
    let project = Project.open(file);
    let call = api(project);
    const scopusPreview = await call<ImportPreview>('previewImport', { name: SCOPUS, content: scopus });
    const scopusImport = await call<ImportResult>('importFile', { name: SCOPUS, content: scopus });
    expect(scopusPreview.report).toEqual(scopusImport.files[0]);
    expect(scopusPreview).toMatchObject({ format: 'scopus-csv', detected: true, delimiter: ',' });
    expect(scopusPreview.confidence).toBeGreaterThan(0.5);
    expect(scopusPreview.why).toMatch(/scopus-csv/);
    expect(scopusPreview.columns).toContain('EID');
    expect(scopusPreview.rows).toHaveLength(5);
    expect(scopusPreview.rows[0]?.people.length).toBeGreaterThan(0);
    expect(scopusPreview.rows[0]?.ids.some((id) => id.startsWith('eid:'))).toBe(true);
    project.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const before = sha256(file);
    const sources = (() => {
      const p = Project.open(file);
      const s = { sources: p.sources(), totals: p.totals() };
      p.close();
      return s;
    })();
    expect(sha256(file)).toBe(before);

    // Preview the WoS file against it (twice), with the project open.
    project = Project.open(file);
    call = api(project);
    const wosPreview = await call<ImportPreview>('previewImport', { name: WOS, content: wos });
    const again = await previewFile(project, { name: WOS, path: realFile(WOS) });
    expect(sha256(file)).toBe(before);
    expect({ sources: project.sources(), totals: project.totals() }).toEqual(sources);
    project.close();
    expect(sha256(file)).toBe(before);

    expect(wosPreview).toMatchObject({ format: 'wos-txt', detected: true, delimiter: null });
    expect(wosPreview.columns).toEqual(expect.arrayContaining(['AU', 'TI', 'UT']));
    expect(wosPreview.sampleCells).toEqual([]);
    expect(again.report).toEqual(wosPreview.report);
    expect(wosPreview.report?.duplicates).toBeGreaterThan(0);

    // The real import of the same file reports exactly what the dry run predicted.
    project = Project.open(file);
    call = api(project);
    const wosImport = await call<ImportResult>('importFile', { name: WOS, content: wos });
    expect(wosImport.files[0]).toEqual(wosPreview.report);
    project.close();
    expect(sha256(file)).not.toBe(before);
  });
});

describe('previewImport and importFile given the bytes of a file', () => {
  const project = tempProject();
  const call = api(project);
  const text = GENERIC.replace('Roe, Rita', 'Peña, Rita');

  it('decodes them as a file read from disk: the encoding, a BOM and the accents', async () => {
    const cases: [Uint8Array, string, boolean][] = [
      [Buffer.from(text, 'latin1'), 'windows-1252', false],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8', true],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le', true],
    ];
    for (const [bytes, encoding, bom] of cases) {
      const p = await call<ImportPreview>('previewImport', {
        name: 'mine.csv',
        content: bytes,
        format: 'generic-csv',
        map: MAP,
      });
      expect([p.encoding, p.bom], encoding).toEqual([encoding, bom]);
      expect(p.columns).toEqual(['Paper', 'Who', 'When', 'Ident', 'Where']);
      expect(p.rows.map((r) => r.people)).toContainEqual(['Peña, Rita']);
    }
    const bytes = Buffer.from(text, 'latin1');
    const r = await call<ImportResult>('importFile', {
      name: 'mine.csv',
      content: bytes,
      format: 'generic-csv',
      map: MAP,
    });
    expect(r.files[0]).toMatchObject({ imported: 2, rejected: 1 });
    // The source's hash is that of the bytes as they were on disk.
    const sources = project.sources();
    expect(sources.at(-1)?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const db = new Database(project.path, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) n FROM authors WHERE family = 'Peña'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('says how far it has read, as progress events of task preview', async () => {
    const events: ProgressEvent[] = [];
    const handlers = createHandlers({
      project: () => project,
      emit: (name, payload) => {
        if (name === 'progress') events.push(payload as ProgressEvent);
      },
      host: {},
    });
    // Some 3 MB: more than one chunk of the reader, so it reports before the end.
    const rows = Array.from({ length: 30_000 }, (_, i) => `"Paper ${i}","Roe, Rita",2021,10.9/${i},`);
    const bytes = Buffer.from([GENERIC.split('\n')[0], ...rows].join('\n'));
    const size = bytes.length;
    const r = (await dispatch(handlers, 'previewImport', {
      name: 'many.csv',
      content: bytes,
      format: 'generic-csv',
      map: MAP,
    })) as Envelope<ImportPreview>;
    expect(r.ok && r.result.report?.records).toBe(30_000);
    expect(events.length).toBeGreaterThan(1);
    expect(new Set(events.map((e) => `${e.task} ${e.file} ${e.total}`))).toEqual(
      new Set([`preview many.csv ${size}`]),
    );
    expect(events.at(-1)).toMatchObject({ done: size, records: 30_000 });
    // The reading took the bytes (a buffer of their own): nothing of them is left with the call.
    expect(bytes.length).toBe(0);
  });

  it('refuses content that is neither text nor bytes', async () => {
    const err = await failure(call('previewImport', { name: 'x.csv', content: [1, 2, 3] }));
    expect(err.message).toMatch(/^BAD_INPUT: .*content/);
  });
});
