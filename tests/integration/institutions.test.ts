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
