// An import into a project without publications finds duplicates in memory while the publications'
// secondary indexes are dropped, and builds them again at commit (electron/db/writer.ts). It must
// decide every duplicate as an import into a project with publications does (by PMID, DOI, EID, WoS
// UT, then title + year + first author, including identifiers and years a duplicate filled in), and
// leave the indexes as they were after a commit, a failed import and a dry run.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { ImportError, importFiles, previewFile } from '../../electron/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
let projects = 0;

function open(): { project: Project; file: string } {
  const file = path.join(dir, `p${++projects}.kolmap`);
  return { project: Project.open(file), file };
}

const HEADER = 'Title,Authors,Year,DOI,PMID,EID,UT,Journal';
const MAP = {
  Title: 'title',
  Authors: 'authors',
  Year: 'year',
  DOI: 'doi',
  PMID: 'pmid',
  EID: 'eid',
  UT: 'wos_ut',
  Journal: 'journal',
};

// Line numbers (2 = the first record) in the comments: what each row is to the rows before it.
const ROWS = [
  /* 2 new */ '"Cardiac outcomes of a trial in adults","Doe, Jane; Roe, Rick",2020,10.1234/a,101,,,',
  /* 3 PMID of 2, fills the journal */ '"Other title entirely here",,2020,,101,,,"Heart J"',
  /* 4 DOI of 2 (another PMID) */ '"Yet another title text","Doe, Jane",2020,10.1234/A,102,,,',
  /* 5 new */ '"Renal outcomes of a cohort study","Smith, Ann",2019,,,2-s2.0-5,,',
  /* 6 EID of 5 */ '"Renal outcomes, again",,2019,,,2-s2.0-5,,',
  /* 7 new */ '"Hepatic findings in older patients","Lee, Kim",2018,,,,WOS:7,',
  /* 8 UT of 7 */ '"Hepatic findings repeated",,2018,,,,WOS:7,',
  /* 9 title, year and first author of 2 */ '"CARDIAC outcomes of a trial in adults!","Doe, Jane",2020,,,,,',
  /* 10 another year: new */ '"Cardiac outcomes of a trial in adults","Doe, Jane",2021,,,,,',
  /* 11 another first author: new */ '"Cardiac outcomes of a trial in adults","Zed, Zoe",2020,,,,,',
  /* 12 title of 2 but another PMID: new */ '"Cardiac outcomes of a trial in adults","Doe, Jane",2020,,999,,,',
  /* 13 new, no PMID */ '"Pulmonary function after surgery","Kay, Lou",2017,10.1234/b,,,,',
  /* 14 DOI of 13: fills PMID 131 */ '"Pulmonary function, repeat",,2017,10.1234/b,131,,,',
  /* 15 PMID 131, filled on 13 */ '"Some unrelated title words",,2017,,131,,,',
  /* 16 new, no year */ '"Neural pathways in the adult brain","Ray, Sam",,10.1234/c,,,,',
  /* 17 DOI of 16: fills the year */ '"Neural pathways, repeat",,2016,10.1234/c,,,,',
  /* 18 title, filled year, first author of 16 */ '"Neural pathways in the adult brain","Ray, Sam",2016,,,,,',
  /* 19 short title, same year and author as 20: never matched by title */ '"Short one","Fox, Al",2015,,,,,',
  /* 20 new */ '"Short one","Fox, Al",2015,,,,,',
];
const CSV = [HEADER, ...ROWS].join('\n') + '\n';
// Rows 3, 4, 6, 8, 9, 14, 15, 17, 18 are duplicates.
const DUPLICATES = 9;

function file(content = CSV) {
  return { name: 'papers.csv', content };
}

function indexes(db: Database.Database): string[] {
  return db
    .prepare<[], string>(
      `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'publications' AND sql IS NOT NULL ORDER BY name`,
    )
    .pluck()
    .all();
}

/** The publications as stored, without their ids (the two projects number them differently). */
function publications(db: Database.Database, skip = 0): unknown[] {
  return db
    .prepare(
      `SELECT pmid, doi, eid, wos_ut, title, title_norm, journal, year FROM publications WHERE id > ? ORDER BY id`,
    )
    .raw()
    .all(skip);
}

describe('import into a project without publications', () => {
  it('finds the same duplicates as an import into a project with publications', async () => {
    const fresh = open();
    const fromEmpty = await importFiles(fresh.project, [file()], { format: 'generic-csv', map: MAP });
    const other = open();
    // One unrelated publication first: the second project dedups through its indexes.
    await importFiles(
      other.project,
      [file(`${HEADER}\n"An unrelated first paper","Old, One",2000,10.9999/z,,,,\n`)],
      {
        format: 'generic-csv',
        map: MAP,
      },
    );
    const fromStored = await importFiles(other.project, [file()], { format: 'generic-csv', map: MAP });
    expect(fromEmpty.files[0]).toMatchObject({ records: ROWS.length, duplicates: DUPLICATES, rejected: 0 });
    expect(fromStored.files[0]).toEqual(fromEmpty.files[0]);
    const a = new Database(fresh.file, { readonly: true });
    const b = new Database(other.file, { readonly: true });
    try {
      expect(publications(a)).toEqual(publications(b, 1));
      // What the duplicates filled in, and the title match that needed the filled year.
      expect(publications(a).map((p) => (p as unknown[]).slice(0, 4))).toContainEqual([
        '131',
        '10.1234/b',
        null,
        null,
      ]);
      expect(a.prepare(`SELECT journal, year FROM publications WHERE doi = '10.1234/a'`).raw().get()).toEqual(
        ['Heart J', 2020],
      );
      expect(indexes(a)).toEqual(indexes(b));
      expect(indexes(a).length).toBeGreaterThanOrEqual(6);
    } finally {
      a.close();
      b.close();
    }
    // A second import of the file into the first project dedups through the indexes built at commit
    // (rows 19 and 20, a short title and no identifier, are never anybody's duplicate).
    const again = await importFiles(fresh.project, [file()], { format: 'generic-csv', map: MAP });
    expect(again.files[0]).toMatchObject({ imported: 2, duplicates: ROWS.length - 2 });
    fresh.project.close();
    other.project.close();
  });

  it('a failed import and a dry run leave the project and its indexes as they were', async () => {
    const { project, file: projectFile } = open();
    const db = new Database(projectFile, { readonly: true });
    const before = indexes(db);
    const preview = await previewFile(project, file(), { format: 'generic-csv', map: MAP });
    expect(preview.report).toMatchObject({ duplicates: DUPLICATES });
    expect(indexes(db)).toEqual(before);
    // The second file is empty: the whole import fails after the first file was written.
    await expect(
      importFiles(project, [file(), { name: 'empty.csv', content: '' }], {
        format: 'generic-csv',
        map: MAP,
      }),
    ).rejects.toBeInstanceOf(ImportError);
    expect(indexes(db)).toEqual(before);
    expect(project.totals().publications).toBe(0);
    const result = await importFiles(project, [file()], { format: 'generic-csv', map: MAP });
    expect(result.files[0]).toMatchObject({ duplicates: DUPLICATES });
    expect(indexes(db)).toEqual(before);
    db.close();
    project.close();
  });
});
