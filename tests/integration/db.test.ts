// The project file: creation, numbered migrations tracked by user_version, reopening, and refusing
// files that are not kolmap projects or come from a newer kolmap (without modifying them).
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, Project, SCHEMA_VERSION, type Migration } from '../../electron/db';
import { ApiError } from '../../shared/api';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
let n = 0;
const fresh = (): string => path.join(dir, `db${++n}.kolmap`);

describe('Project.open', () => {
  it('creates a missing file with the whole schema, WAL and foreign keys', () => {
    const file = fresh();
    const p = Project.open(file);
    expect(p.path).toBe(file);
    expect(p.name).toBe(`db${n}`);
    expect(p.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(p.totals()).toEqual({ publications: 0, authors: 0, authorships: 0, institutions: 0, trials: 0 });
    expect(p.sources()).toEqual([]);
    p.close();
    p.close(); // closing twice is harmless

    const db = new Database(file, { readonly: true });
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'sources',
        'rejections',
        'publications',
        'publication_sources',
        'authors',
        'authorships',
        'institutions',
        'author_institutions',
        'trials',
      ]),
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('reopens an existing project without re-running migrations, keeping its data', () => {
    const file = fresh();
    const p = Project.open(file);
    const s = p.beginImport();
    const id = s.addSource('x.csv', 'pubmed-csv');
    s.write(id, { line: 2, pmid: '1', title: 'T', keywords: [], mesh: [], authors: [] });
    s.commit();
    p.close();
    const again = Project.open(file);
    expect(again.totals().publications).toBe(1);
    expect(again.schemaVersion()).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('applies a newer migration on reopen, in order, and tracks it in user_version', () => {
    const file = fresh();
    Project.open(file).close();
    const extra: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'later_feature',
      sql: 'CREATE TABLE later_feature (id INTEGER PRIMARY KEY, name TEXT NOT NULL);',
    };
    const p = Project.open(file, { migrations: [...MIGRATIONS, extra] });
    expect(p.schemaVersion()).toBe(MIGRATIONS.length + 1);
    p.close();
    // Opened by the older build again: refused, and the file is not changed.
    const bytes = readFileSync(file);
    const err = (() => {
      try {
        Project.open(file);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('UNSUPPORTED');
    expect((err as Error).message).toMatch(
      new RegExp(
        `written by a newer kolmap \\(schema version ${MIGRATIONS.length + 1}; this build knows up to ${MIGRATIONS.length}\\)`,
      ),
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a failing migration changes nothing', () => {
    const file = fresh();
    Project.open(file).close();
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'ok', sql: 'CREATE TABLE t2 (x);' },
      { version: MIGRATIONS.length + 2, name: 'bad', sql: 'CREATE TABLE sources (x);' },
    ];
    expect(() => Project.open(file, { migrations: broken })).toThrow(
      new RegExp(`Migration ${MIGRATIONS.length + 2} \\(bad\\) failed: .*already exists`),
    );
    const p = Project.open(file);
    expect(p.schemaVersion()).toBe(MIGRATIONS.length);
    p.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 't2'`).pluck().get()).toBe(0);
    db.close();
  });

  it('rejects migration lists out of order', () => {
    const bad: Migration[] = [{ version: 2, name: 'x', sql: '' }];
    expect(() => Project.open(fresh(), { migrations: bad })).toThrow(/has version 2 but is number 1/);
  });

  it('refuses files that are not kolmap projects, without touching them', () => {
    const text = path.join(dir, 'notes.kolmap');
    writeFileSync(text, 'PMID,Title\n1,hello\n'.repeat(100));
    const before = readFileSync(text);
    expect(() => Project.open(text)).toThrow(/notes\.kolmap is not a kolmap project/);
    expect(readFileSync(text).equals(before)).toBe(true);

    const other = path.join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE people (id INTEGER)');
    db.close();
    expect(() => Project.open(other)).toThrow(/SQLite database of another application/);

    expect(() => Project.open(path.join(dir, 'no', 'such', 'dir', 'x.kolmap'))).toThrow(
      /Cannot open project file/,
    );
  });

  it('rolls back a session: nothing written stays, and ids are not reused from stale caches', () => {
    const p = Project.open(fresh());
    const s = p.beginImport();
    const src = s.addSource('a', 'pubmed-csv');
    s.write(src, {
      line: 2,
      pmid: '5',
      title: 'T',
      keywords: [],
      mesh: [],
      authors: [{ raw: 'Doe J', family: 'Doe', given: 'J', initials: 'J' }],
    });
    s.rollback();
    expect(p.totals()).toEqual({ publications: 0, authors: 0, authorships: 0, institutions: 0, trials: 0 });
    expect(p.sources()).toEqual([]);
    const s2 = p.beginImport();
    const src2 = s2.addSource('b', 'pubmed-csv');
    expect(
      s2.write(src2, {
        line: 2,
        pmid: '5',
        title: 'T',
        keywords: [],
        mesh: [],
        authors: [{ raw: 'Doe J', family: 'Doe', given: 'J', initials: 'J' }],
      }),
    ).toBe('imported');
    s2.commit();
    expect(p.totals()).toMatchObject({ publications: 1, authors: 1, authorships: 1 });
    p.close();
  });
});

describe('writer', () => {
  it('merges duplicates by PMID or DOI, fills missing fields, upgrades names and keeps institutions apart by country', () => {
    const p = Project.open(fresh());
    const s = p.beginImport();
    const a = s.addSource('a', 'pubmed-csv');
    const inst = { name: 'Mercy Hospital', city: 'Springfield', region: 'IL', country: 'US' };
    expect(
      s.write(a, {
        line: 2,
        pmid: '10',
        title: 'First',
        keywords: [],
        mesh: [],
        authors: [
          {
            raw: 'Mandl KD',
            family: 'Mandl',
            given: 'KD',
            initials: 'KD',
            institution: inst,
            affiliation: 'Dept X, Mercy Hospital',
          },
          {
            raw: 'Höhne S',
            family: 'Höhne',
            given: 'S',
            initials: 'S',
            institution: { name: 'Mercy Hospital', country: 'IE' },
          },
        ],
        year: 2019,
      }),
    ).toBe('imported');
    const b = s.addSource('b', 'pubmed-csv');
    // Same PMID with a DOI: a duplicate that fills the stored record's missing DOI, keywords, citations;
    // then the same DOI without a PMID is a duplicate too.
    expect(
      s.write(b, {
        line: 5,
        pmid: '10',
        doi: '10.1/x',
        title: 'First',
        keywords: ['k'],
        mesh: [],
        authors: [],
        citations: 7,
      }),
    ).toBe('duplicate');
    expect(
      s.write(b, { line: 6, doi: '10.1/x', title: 'First again', keywords: [], mesh: [], authors: [] }),
    ).toBe('duplicate');
    expect(
      s.write(b, {
        line: 7,
        pmid: '11',
        title: 'Second',
        year: 2023,
        keywords: [],
        mesh: [],
        authors: [
          {
            raw: 'Kenneth D Mandl',
            family: 'Mandl',
            given: 'Kenneth D',
            initials: 'KD',
            orcid: '0000-0000-9000-0007',
            institution: inst,
          },
          { raw: 'Hohne S', family: 'Hohne', given: 'S', initials: 'S' },
        ],
      }),
    ).toBe('imported');
    s.commit();

    const pub = p.publication('pmid:10');
    expect(pub).toMatchObject({ doi: '10.1/x', citations: 7, keywords: ['k'], year: 2019, sources: [a, b] });
    expect(p.publication('DOI:10.1/X')?.id).toBe(pub?.id);
    expect(p.totals()).toEqual({ publications: 2, authors: 2, authorships: 4, institutions: 2, trials: 0 });
    const mandl = p.person(pub?.authors[0]?.authorId ?? 0);
    expect(mandl).toMatchObject({
      name: 'Kenneth D Mandl',
      family: 'Mandl',
      given: 'Kenneth D',
      orcid: '0000-0000-9000-0007',
    });
    expect(mandl?.variants.sort()).toEqual(['Kenneth D Mandl', 'Mandl KD']);
    expect(mandl?.institutions).toEqual([
      {
        name: 'Mercy Hospital',
        city: 'Springfield',
        region: 'IL',
        country: 'US',
        firstYear: 2019,
        lastYear: 2023,
        papers: 2,
      },
    ]);
    expect(mandl?.publications.map((x) => [x.key, x.position, x.authorCount])).toEqual([
      ['pmid:11', 1, 2],
      ['pmid:10', 1, 2],
    ]);
    // "Höhne S" and "Hohne S" fold to one key; the display keeps the first spelling.
    const hohne = p.person(pub?.authors[1]?.authorId ?? 0);
    expect(hohne?.variants.sort()).toEqual(['Hohne S', 'Höhne S']);
    expect(hohne?.name).toBe('Höhne S');
    expect([...p.authorshipsCsvRows()]).toEqual([
      { publication_key: 'pmid:10', position: 1, raw_name: 'Mandl KD', author_id: mandl?.id },
      { publication_key: 'pmid:10', position: 2, raw_name: 'Höhne S', author_id: hohne?.id },
      { publication_key: 'pmid:11', position: 1, raw_name: 'Kenneth D Mandl', author_id: mandl?.id },
      { publication_key: 'pmid:11', position: 2, raw_name: 'Hohne S', author_id: hohne?.id },
    ]);
    expect(p.authorshipsCsv().split('\n')).toEqual([
      'publication_key,position,raw_name,author_id',
      `pmid:10,1,Mandl KD,${mandl?.id}`,
      `pmid:10,2,Höhne S,${hohne?.id}`,
      `pmid:11,1,Kenneth D Mandl,${mandl?.id}`,
      `pmid:11,2,Hohne S,${hohne?.id}`,
      '',
    ]);
    expect(p.person(12345)).toBeNull();
    expect(p.publication('pmid:999')).toBeNull();
    expect(p.publication('nonsense')).toBeNull();
    p.close();
  });
});
