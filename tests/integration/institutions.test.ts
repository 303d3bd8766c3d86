// Institutions: spellings of one institution (full and Web of Science abbreviations) are stored once.
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../electron/import';
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
