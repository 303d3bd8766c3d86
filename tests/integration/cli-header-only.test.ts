// `kolmap import` of a file with a header and no records: nothing to import and nothing lost, so no
// error, but a warning on stderr naming the file, whether it comes alone or with other files.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../shared/api';
import { kolmap, tempDir } from '../helpers/cli';

const HEADER =
  'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n';

describe('kolmap import of a header-only file', () => {
  const dir = tempDir('kolmap-header-only-');
  const empty = path.join(dir, 'header-only.csv');
  const papers = path.join(dir, 'papers.csv');
  writeFileSync(empty, HEADER);
  writeFileSync(
    papers,
    HEADER +
      '"9000001","A fine title","Doe J, Roe R.","J Test. 2020","Doe J","J Test","2020","2020/01/01","","",""\n',
  );
  const warning = `${empty}: a header and no records; nothing imported from it`;

  it('alone: exit 0, the warning on stderr, the report says 0 records', () => {
    const db = path.join(dir, 'alone.kolmap');
    const r = kolmap(['import', empty, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`kolmap: ${warning}\n`);
    expect(r.stdout).toContain('header-only.csv (pubmed-csv): 0 records, 0 imported');
  });

  it('with another file: exit 0, the other imported, the warning names only the empty file', () => {
    const db = path.join(dir, 'both.kolmap');
    const r = kolmap(['import', empty, papers, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('nothing imported'));
    expect(lines).toEqual([`kolmap: ${warning}`]);
    const result = JSON.parse(r.stdout) as ImportResult;
    expect(result.files.map((f) => [path.basename(f.file), f.records, f.imported])).toEqual([
      ['header-only.csv', 0, 0],
      ['papers.csv', 1, 1],
    ]);
    expect(result.totals.publications).toBe(1);
  });

  it('a file with records gets no warning', () => {
    const r = kolmap(['import', papers, '--db', path.join(dir, 'papers.kolmap')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('nothing imported');
  });
});
