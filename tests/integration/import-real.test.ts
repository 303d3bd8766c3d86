// Imports the real PubMed CSV exports in ../shared/data/real (see PROVENANCE.md) into real project
// files: counts, idempotent re-import, bylines in order, collective names and e-mails kept out of people.
import { describe, expect, it } from 'vitest';
import type { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import type { ProgressEvent } from '../../shared/api';
import { describeReal, realFile } from '../helpers/realData';
import { tempProject } from '../helpers/tmp';

const SMART = 'pubmed_smartfhir/pubmed.csv';
const PERU = 'pubmed_peru_hospitals/pubmed.csv';
const COVID = 'pubmed_covid19_excel/csv-covid19-set.csv';

function importReal(project: Project, rel: string, onProgress?: (e: ProgressEvent) => void) {
  return importFiles(project, [{ name: rel, path: realFile(rel) }], { onProgress });
}

function families(project: Project, key: string): [string, string][] {
  const pub = project.publication(key);
  if (!pub) throw new Error(`${key} not imported`);
  return pub.authors.map((a) => {
    const p = project.person(a.authorId);
    return [p?.family ?? '?', p?.given ?? '?'];
  });
}

describeReal('real PubMed CSV exports', () => {
  describe(SMART, () => {
    const project = tempProject();

    it('imports 52 of 52 records, then adds nothing when imported again', async () => {
      const events: ProgressEvent[] = [];
      const first = await importReal(project, SMART, (e) => events.push(e));
      expect(first.files).toEqual([
        {
          file: SMART,
          format: 'pubmed-csv',
          records: 52,
          imported: 52,
          duplicates: 0,
          rejected: 0,
          rejections: [],
        },
      ]);
      expect(first.totals.publications).toBe(52);
      expect(first.totals.authorships).toBeGreaterThan(52);
      expect(events.filter((e) => !e.stage).at(-1)).toMatchObject({
        task: 'import',
        file: SMART,
        done: 19948,
        total: 19948,
        records: 52,
      });
      expect(events.at(-1)).toMatchObject({ task: 'import', file: SMART, stage: 'saving', records: 52 });

      const again = await importReal(project, SMART);
      expect(again.files[0]).toMatchObject({ records: 52, imported: 0, duplicates: 52, rejected: 0 });
      expect(again.totals).toEqual(first.totals);
      expect(project.sources().map((s) => [s.name, s.records, s.imported, s.duplicates])).toEqual([
        [SMART, 52, 52, 0],
        [SMART, 52, 0, 52],
      ]);
      expect(project.sources()[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(project.publication('pmid:27274012')?.sources).toHaveLength(2);
    });

    it('stores bylines in order with family and given (initials) names', () => {
      expect(families(project, 'pmid:27274012')).toEqual([
        ['Wagholikar', 'KB'],
        ['Mandel', 'JC'],
        ['Klann', 'JG'],
        ['Wattanasin', 'N'],
        ['Mendis', 'M'],
        ['Chute', 'CG'],
        ['Mandl', 'KD'],
        ['Murphy', 'SN'],
      ]);
      const pub = project.publication('pmid:27274012');
      expect(pub).toMatchObject({
        title: 'SMART-on-FHIR implemented over i2b2',
        journal: 'J Am Med Inform Assoc',
        year: 2017,
        doi: '10.1093/jamia/ocw079',
        createDate: '2016-06-09',
      });
      // The same person on several papers is one author (Mandl KD is on 27274012 and 26911829).
      const mandl = pub?.authors[6]?.authorId as number;
      expect(project.person(mandl)?.publications.map((p) => p.key)).toContain('pmid:26911829');
      expect(project.person(mandl)?.name).toBe('Mandl KD');
    });

    it('keeps diacritics for display', () => {
      const pub = project.publication('pmid:36073457');
      expect(pub?.authors.map((a) => a.rawName)).toContain('Höhne S');
    });

    it('does not make the eMERGE Consortium (or its e-mail) a person', () => {
      const pub = project.publication('pmid:31447099');
      expect(pub?.authors).toEqual([]);
      expect(pub?.collectives).toEqual(['eMERGE Consortium']);
      const names = project.analysisInput({}).people.map((p) => p.name);
      expect(names.some((n) => /emerge|consortium|@/i.test(n))).toBe(false);
      expect([...project.authorshipsCsvRows()].some((r) => /@|consortium/i.test(r.raw_name))).toBe(false);
    });
  });

  describe(PERU, () => {
    it('imports 10 of 10 records with Spanish names', async () => {
      const project = tempProject();
      const r = await importReal(project, PERU);
      expect(r.files[0]).toMatchObject({ records: 10, imported: 10, duplicates: 0, rejected: 0 });
      expect(families(project, 'pmid:39166637')).toEqual([
        ['Miranda-Tueros', 'M'],
        ['Ramirez-Peña', 'J'],
        ['Cabanillas-Lazo', 'M'],
        ['Paz-Ibarra', 'JL'],
        ['Pinedo-Torres', 'I'],
      ]);
      expect(families(project, 'pmid:1804329')).toEqual([['Espejo Romero', 'H']]);
    });
  });

  describe(COVID, () => {
    const project = tempProject();
    let totalsAfter: unknown;

    it('imports the Excel re-saved 10,000-record file; every record is accounted for', async () => {
      const r = await importReal(project, COVID);
      const f = r.files[0];
      expect(f?.records).toBe(10000);
      expect((f?.imported ?? 0) + (f?.duplicates ?? 0) + (f?.rejected ?? 0)).toBe(10000);
      // Two papers appear twice under different PMIDs with the same DOI.
      expect(f).toMatchObject({ imported: 9998, duplicates: 2, rejected: 0 });
      expect(r.totals.publications).toBe(9998);
      totalsAfter = r.totals;
    });

    it('reads m/d/yyyy dates, keeps records without authors, and drops "et al." and group names', () => {
      expect(project.publication('pmid:32141569')).toMatchObject({ createDate: '2020-03-07', year: 2020 });
      const noAuthors = project.publication('pmid:32901820');
      expect(noAuthors?.authors).toEqual([]);
      expect(noAuthors?.title).toMatch(/^Correction: Unpuzzling COVID-19/);
      const raw = [...project.authorshipsCsvRows()].map((r) => r.raw_name);
      expect(raw).not.toContain('et al');
      expect(raw.some((n) => /et al|consortium|collaboration|working group|study group|@/i.test(n))).toBe(
        false,
      );
      const single = families(project, 'pmid:32849449');
      expect(single).toContainEqual(['Sakshi', '']);
      expect(single[0]).toEqual(['Gupta', 'AK']);
    });

    it('re-import adds nothing', async () => {
      const r = await importReal(project, COVID);
      expect(r.files[0]).toMatchObject({ records: 10000, imported: 0, duplicates: 10000, rejected: 0 });
      expect(r.totals).toEqual(totalsAfter);
    });
  });

  describe('all three in one call', () => {
    it('reports each file as given and one set of totals', async () => {
      const project = tempProject();
      const r = await importFiles(
        project,
        [SMART, PERU, COVID].map((rel) => ({ name: rel, path: realFile(rel) })),
      );
      expect(r.files.map((f) => [f.file, f.records])).toEqual([
        [SMART, 52],
        [PERU, 10],
        [COVID, 10000],
      ]);
      for (const f of r.files) expect(f.imported + f.duplicates + f.rejected).toBe(f.records);
      expect(r.totals).toEqual(project.totals());
    });
  });
});

describe('real data location', () => {
  it('is resolved beside the repository', () => {
    expect(realFile(SMART)).toMatch(/shared\/data\/real\/pubmed_smartfhir\/pubmed\.csv$/);
  });
});
