// Institutions: spellings of one institution (full and Web of Science abbreviations) are stored once;
// the rebuild after people are re-resolved reads only the touched people's authorships.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DROP_BACKED_INSTITUTIONS, REBUILD_INSTITUTIONS } from '../../electron/db/identity';
import { importFiles } from '../../electron/import';
import { generateDemo } from '../../fixtures/demo';
import { pubmedCsv } from '../helpers/pubmedCsv';
import { tempProject } from '../helpers/tmp';

describe('institution matching', () => {
  it('stores "Dana-Farber Cancer Institute" and "Dana Farber Canc Inst" as one institution', async () => {
    const project = tempProject();
    const csv =
      'Name,Institution,City,Region,Country,Years\n' +
      'Ada Quill,Dana-Farber Cancer Institute,Boston,MA,US,2015-2020\n' +
      'Ben Rowe,Dana Farber Canc Inst,Boston,MA,US,2018-2022\n' +
      'Cy Vance,Brigham and Womens Hosp,Boston,MA,US,2019-2021\n';
    const result = await importFiles(project, [{ name: 'people.csv', content: csv }]);
    expect(result.files[0]).toMatchObject({ format: 'affiliations-csv', records: 3, rejected: 0 });
    expect(result.totals.institutions).toBe(2);
  });

  it('keeps the same name in two countries apart', async () => {
    const project = tempProject();
    const csv =
      'Name,Institution,City,Country,Years\n' +
      'Ada Quill,General Hospital,Boston,US,2015-2020\n' +
      'Ben Rowe,General Hospital,Dublin,IE,2018-2022\n';
    const result = await importFiles(project, [{ name: 'people.csv', content: csv }]);
    expect(result.totals.institutions).toBe(2);
  });
});

describe('institutions from MEDLINE affiliations', () => {
  it('files people at the organisation and its US state, not at a department or the country Georgia', async () => {
    const project = tempProject();
    const rec = (pmid: string, year: number, authors: string): string =>
      `PMID- ${pmid}\nTI  - Paper ${pmid}\nDP  - ${year} Mar\n${authors}\n`;
    const text = [
      rec(
        '99990001',
        2019,
        'FAU - Quill, Ada\nAU  - Quill A\nAD  - Peachtree Cancer Institute of Harbor University, Atlanta, Georgia.\n' +
          'FAU - Rowe, Ben\nAU  - Rowe B\nAD  - Division of Pharmaceutics, College of Pharmacy, and.\n' +
          'AD  - Department of Veterinary Biosciences, Lakeside State University, Columbus, OH.',
      ),
      // A later paper naming only a department: it must not become Ada's current institution.
      rec(
        '99990002',
        2021,
        'FAU - Quill, Ada\nAU  - Quill A\nAD  - Division of Hematology, Department of Internal Medicine.',
      ),
    ].join('\n');
    const result = await importFiles(project, [{ name: 'p.nbib', content: text }]);
    expect(result.files[0]).toMatchObject({ format: 'medline', records: 2, rejected: 0 });
    const people = project
      .analysisInput({})
      .people.map((p) => [p.name, p.institution, p.city, p.region, p.country]);
    expect(people).toEqual(
      expect.arrayContaining([
        ['Ada Quill', 'Peachtree Cancer Institute of Harbor University', 'Atlanta', 'GA', 'US'],
        ['Ben Rowe', 'Lakeside State University', 'Columbus', 'OH', 'US'],
      ]),
    );
    expect(project.analysisInput({ country: 'US', region: 'GA' }).people.map((p) => p.name)).toEqual([
      'Ada Quill',
    ]);
    expect(result.totals.institutions).toBe(2);
  });
});

describe('rebuilding the institutions of people whose authorships moved', () => {
  it('starts from the touched people and finds their authorships by author_id, never a scan of all authorships', async () => {
    const project = tempProject();
    await importFiles(project, [{ name: 'p.csv', content: pubmedCsv(generateDemo(4).slice(0, 300)) }]);
    // The plans SQLite makes for the two statements (no statistics, as in a project: none are kept).
    const db = new Database(project.path, { readonly: true });
    try {
      db.exec('CREATE TEMP TABLE IF NOT EXISTS identity_touched (id INTEGER PRIMARY KEY)');
      for (const sql of [REBUILD_INSTITUTIONS, DROP_BACKED_INSTITUTIONS]) {
        const plan = db
          .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
          .all()
          .map((r) => r.detail);
        const scans = plan.filter((d) => /^SCAN /.test(d));
        expect(scans).toEqual(['SCAN t']);
        expect(plan).toContain('SEARCH au USING INDEX authorships_author (author_id=?)');
        expect(plan.indexOf('SCAN t')).toBeLessThan(
          plan.indexOf('SEARCH au USING INDEX authorships_author (author_id=?)'),
        );
      }
    } finally {
      db.close();
    }
  });
});
