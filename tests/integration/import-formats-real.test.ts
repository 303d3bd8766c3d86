// Issue 3 acceptance on the real exports in ../shared/data/real (PROVENANCE.md): every file is
// detected from its content as the right format through the built `kolmap import --json`, reports
// PROVENANCE.md's record count, and accounts for every record (imported + duplicates + rejected =
// records). Then the Scopus/WoS alopecia overlap, and spot checks of authors, affiliations,
// citations and keywords per format.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, expect, it } from 'vitest';
import type { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { kolmap, tempDir } from '../helpers/cli';
import { describeReal, realFile } from '../helpers/realData';
import { tempProject } from '../helpers/tmp';

// File → [format, records] as in PROVENANCE.md. Trial files count trials, payment files payment rows.
const EXPECTED: [string, string, number][] = [
  ['pubmed_smartfhir/pubmed.csv', 'pubmed-csv', 52],
  ['pubmed_peru_hospitals/pubmed.csv', 'pubmed-csv', 10],
  ['pubmed_covid19_excel/csv-covid19-set.csv', 'pubmed-csv', 10000],
  ['scopus_alopecia/scopus.csv', 'scopus-csv', 153],
  ['scopus_smartfhir/scopus.csv', 'scopus-csv', 701],
  ['wos_gut_diabetes/savedrecs.txt', 'wos-txt', 95],
  ['wos_alopecia/wos.txt', 'wos-txt', 150],
  ['wos_peru_hospitals/savedrecs.txt', 'wos-txt', 428],
  ['wos_tab_ecology/savedrecs.txt', 'wos-tsv', 500],
  ['medline_gut_diabetes/pubmed-gastrointe-set.txt', 'medline', 140],
  ['nbib_cll_oncology/pubmed.nbib', 'medline', 75],
  ['ctgov_hypertension/ctg-studies.csv', 'ctgov-csv', 172],
  ['openpayments_research_ia2014/01-RSRCH-ia-2014.csv', 'openpayments-csv', 3840],
  ['dimensions_depression_rtms/Dimensions-Publication-2025-10-14_15-57-25.csv', 'dimensions-csv', 126],
  ['scopus_batteries_5000/scopus.csv', 'scopus-csv', 5000],
];

interface FileJson {
  file: string;
  format: string;
  records: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

describeReal('kolmap import --json on every real export (auto detection)', () => {
  const dir = tempDir();

  it('covers every file PROVENANCE.md lists', () => {
    const listed = [...readFileSync(realFile('PROVENANCE.md'), 'utf8').matchAll(/^\| `([^`]+)` \|/gm)].map(
      (m) => m[1],
    );
    expect(new Set(listed)).toEqual(new Set(EXPECTED.map((e) => e[0])));
  });

  it.each(EXPECTED)('%s is %s with %i records, every one accounted for', (rel, format, records) => {
    const db = path.join(dir, `${rel.replace(/\W+/g, '_')}.kolmap`);
    const r = kolmap(['import', realFile(rel), '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const f = (JSON.parse(r.stdout) as { files: FileJson[] }).files[0] as FileJson;
    expect(f.format).toBe(format);
    expect(f.records).toBe(records);
    expect(f.imported + f.duplicates + f.rejected).toBe(f.records);
    expect(f.rejected).toBe(0);
  });
});

/** Lower-case DOIs without URL prefixes, as a reader of the raw files would compare them. */
function doiNorm(s: string | undefined): string | undefined {
  const d = (s ?? '')
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\/(dx\.)?doi\.org\//, '');
  return d ? d : undefined;
}

describeReal('scopus_alopecia + wos_alopecia in one project', () => {
  it('stores the overlap once: duplicates = shared DOIs (+ DOI-less WoS records matched by PMID)', async () => {
    // Minimal parsing in the test itself: Scopus CSV columns DOI / PubMed ID; WoS records split at ER.
    const scopus = Papa.parse<Record<string, string>>(
      readFileSync(realFile('scopus_alopecia/scopus.csv'), 'utf8').replace(/^\uFEFF/, ''),
      { header: true, skipEmptyLines: true },
    ).data;
    const scopusDois = new Set(scopus.map((r) => doiNorm(r.DOI)).filter(Boolean));
    const scopusPmids = new Set(scopus.map((r) => (r['PubMed ID'] ?? '').trim()).filter(Boolean));
    const wos = readFileSync(realFile('wos_alopecia/wos.txt'), 'utf8')
      .split(/\nER\n/)
      .filter((r) => /^UT /m.test(r));
    expect(wos).toHaveLength(150);
    const tag = (r: string, t: string) => new RegExp(`^${t} (.+)$`, 'm').exec(r)?.[1]?.trim();
    const byDoi = wos.filter((r) => scopusDois.has(doiNorm(tag(r, 'DI')))).length;
    // WoS records with no DOI can still be the same paper: the writer matches them by PMID next.
    const byPmidOnly = wos.filter((r) => !tag(r, 'DI') && scopusPmids.has(tag(r, 'PM') ?? '-')).length;
    expect(byDoi).toBe(99);
    expect(byPmidOnly).toBe(1); // WOS:000209377200005, PMID 23449130, no DI line

    const project = tempProject();
    const res = await importFiles(
      project,
      ['scopus_alopecia/scopus.csv', 'wos_alopecia/wos.txt'].map((rel) => ({
        name: rel,
        path: realFile(rel),
      })),
    );
    const [s, w] = res.files;
    expect(s).toMatchObject({ records: 153, imported: 153, duplicates: 0, rejected: 0 });
    // No title-only matches here: every duplicate is explained by a DOI or a PMID.
    expect(w).toMatchObject({ records: 150, duplicates: byDoi + byPmidOnly, rejected: 0 });
    expect(res.totals.publications).toBe(153 + 150 - byDoi - byPmidOnly);
    // Each merged publication keeps both sources, and gains the WoS UT next to the Scopus EID.
    const merged = project.publication('doi:10.1016/j.jaad.2020.02.033');
    expect(merged?.sources).toHaveLength(2);
    expect(merged?.eid).toMatch(/^2-s2\.0-/);
    expect(merged?.wosUt).toBe('000540826700055');
  });
});

function byline(project: Project, key: string) {
  const pub = project.publication(key);
  if (!pub) throw new Error(`${key} not imported`);
  return pub.authors.map((a) => {
    const p = project.person(a.authorId);
    return { family: p?.family, given: p?.given, raw: a.rawName, aff: a.rawAffiliation, inst: a.institution };
  });
}

describeReal('spot checks per format', () => {
  const project = tempProject();
  beforeAll(async () => {
    const files = [
      'scopus_alopecia/scopus.csv',
      'scopus_smartfhir/scopus.csv',
      'wos_gut_diabetes/savedrecs.txt',
      'wos_peru_hospitals/savedrecs.txt',
      'wos_tab_ecology/savedrecs.txt',
      'nbib_cll_oncology/pubmed.nbib',
      'medline_gut_diabetes/pubmed-gastrointe-set.txt',
      'dimensions_depression_rtms/Dimensions-Publication-2025-10-14_15-57-25.csv',
      'ctgov_hypertension/ctg-studies.csv',
      'openpayments_research_ia2014/01-RSRCH-ia-2014.csv',
    ];
    for (const rel of files) await importFiles(project, [{ name: rel, path: realFile(rel) }]);
  }, 120_000);

  it('scopus-csv (new style): full names, Scopus IDs, affiliation per author, citations, keywords', () => {
    const pub = project.publication('doi:10.1007/s12016-025-09034-5');
    expect(pub).toMatchObject({ eid: '2-s2.0-85219647464', pmid: '40024940', year: 2025, citations: 9 });
    expect(pub?.keywords).toContain('Androgenetic alopecia');
    expect(pub?.keywords).toContain('minoxidil');
    const b = byline(project, 'doi:10.1007/s12016-025-09034-5');
    // People are resolved by family name + initials across the project (Zhang Y. is several papers'
    // Zhang Y.), so the byline is checked by family name and raw spelling; given names where unique.
    expect(b.map((a) => [a.family, a.raw])).toEqual([
      ['Xiao', 'Xiao, Y.'],
      ['Zhang', 'Zhang, Y.'],
      ['Deng', 'Deng, S.'],
      ['Yang', 'Yang, X.'],
      ['Yao', 'Yao, X.'],
    ]);
    expect(b[0]?.given).toBe('Yu');
    expect(b[0]?.aff).toMatch(/^Institute of Dermatology and Hospital for Skin Diseases/);
    expect(b[0]?.aff).not.toMatch(/^Xiao/);
    const xiao = project.publication('doi:10.1007/s12016-025-09034-5')?.authors[0]?.authorId as number;
    expect(project.person(xiao)).toBeTruthy();
  });

  it('scopus-csv ("Hahn W.; Ahmadi N.", no affiliation columns)', () => {
    const b = byline(project, 'doi:10.3233/shti240692');
    expect(b.map((a) => [a.family, a.given])).toEqual([
      ['Hahn', 'Waldemar'],
      ['Ahmadi', 'Najia'],
      ['Hoffmann', 'Katja'],
      ['Eckardt', 'Jan-Niklas'],
      ['Sedlmayr', 'Martin'],
      ['Wolfien', 'Markus'],
    ]);
    expect(b.every((a) => a.aff === null)).toBe(true);
  });

  it('wos-txt: AF full names, C1 bracketed addresses to the right authors, TC, DE/ID', () => {
    const pub = project.publication('doi:10.22317/jcms.v8i6.1305');
    expect(pub).toMatchObject({
      year: 2022,
      citations: 0,
      journal: 'JOURNAL OF CONTEMPORARY MEDICAL SCIENCES',
    });
    expect(pub?.keywords).toEqual(
      expect.arrayContaining(['Gastrointestinal microbiome', 'microbial metabolites', 'OBESITY']),
    );
    const b = byline(project, 'doi:10.22317/jcms.v8i6.1305');
    expect(b.map((a) => [a.family, a.given, a.raw])).toEqual([
      ['Alkhammash', 'Alhanouf M', 'Alkhammash, AM'],
      ['Alshehri', 'Wafa A', 'Alshehri, WA'],
      ['Alhozali', 'Amani M', 'Alhozali, AM'],
      ['Bahieldin', 'Ahmed', 'Bahieldin, A'],
    ]);
    // Not in byline order in C1: each address goes to the authors its brackets name.
    expect(b[0]?.aff).toMatch(/^King Abdulaziz Univ, Fac Sci/);
    expect(b[1]?.aff).toMatch(/^Univ Jeddah, Coll Sci/);
    expect(b[2]?.aff).toMatch(/^King Abdulaziz Univ, Fac Med/);
    expect(b[3]?.aff).toMatch(/^King Abdulaziz Univ, Fac Sci/);
    expect(b[0]?.inst).toBe('King Abdulaziz Univ');
  });

  it('wos-txt without AF or C1 (SciELO): full names from AU, no stray TAB in the journal', () => {
    const peru = project.sources().find((s) => s.name.includes('wos_peru'));
    expect(peru).toMatchObject({ records: 428, imported: 428, rejected: 0 });
  });

  it('wos-tsv: quotes are data, authors split, TC and UT read', () => {
    const pub = project.publication('wos:000261956100025');
    expect(pub).toMatchObject({ doi: '10.1007/s11284-008-0494-0', citations: 3 });
    expect(byline(project, 'wos:000261956100025').map((a) => [a.family, a.given])).toEqual([
      ['Miyasaka', 'Hitoshi'],
      ['Genkai-Kato', 'Motomi'],
    ]);
  });

  it('medline (.nbib): FAU names, AD per author, ORCID, MeSH', () => {
    const pub = project.publication('pmid:30501481');
    expect(pub?.doi).toBe('10.1056/nejmoa1812836');
    expect(pub?.mesh.length).toBeGreaterThan(3);
    const b = byline(project, 'pmid:30501481');
    expect(b[0]).toMatchObject({ family: 'Woyach', given: 'Jennifer A', raw: 'Woyach JA' });
    expect(b[0]?.aff).toMatch(/^From Ohio State University Comprehensive Cancer Center/);
  });

  it('medline: a CN group author is not a person', () => {
    const hit = [...project.authorshipsCsvRows()].filter((r) => /consortium/i.test(r.raw_name));
    expect(hit).toEqual([]);
  });

  it('dimensions-csv: "Last, First M" names, raw affiliation per author, MeSH, Times cited', () => {
    const pub = project.publication('pmid:39033822');
    expect(pub).toMatchObject({ doi: '10.1016/j.jad.2024.07.131', year: 2024, citations: 5 });
    expect(pub?.mesh).toContain('Transcranial Magnetic Stimulation');
    const b = byline(project, 'pmid:39033822');
    expect(b.slice(0, 2).map((a) => [a.family, a.given])).toEqual([
      ['Sheen', 'Jack Z'],
      ['Mazza', 'Frank'],
    ]);
    expect(b[1]?.aff).toMatch(/^Institute of Medical Science, University of Toronto.*Krembil Centre/);
  });

  it('ctgov-csv: trials with sponsor, collaborators, phases, dates and sites', () => {
    const t = project.trial('NCT03555344');
    expect(t).toMatchObject({
      title: 'Effect of Mantra on Hypertensive Patients',
      status: 'COMPLETED',
      phase: 'NA',
      startDate: '2017-10-28',
      completionDate: '2018-05-30',
      conditions: ['High Blood Pressure'],
    });
    expect(t?.roles.filter((r) => r.role !== 'site').map((r) => [r.role, r.name])).toEqual([
      ['sponsor', 'NMP Medical Research Institute'],
      ['collaborator', 'Warwick Research Services'],
      ['collaborator', 'Swamigal Trust for Vedic Science, India'],
    ]);
    expect(t?.locations[0]).toMatch(/Jaipur, Rajasthan/);
    expect(project.totals().trials).toBe(172);
  });

  it('openpayments-csv: one payment per row, physician or first PI as the person', () => {
    const rows = project.payments(5);
    expect(rows[0]).toMatchObject({
      recordId: '120279521',
      recipientType: 'Non-covered Recipient Entity',
      family: 'Boese',
      given: 'Clifford Kent',
      amount: 6100,
      paidOn: '2014-09-26',
      entity: 'MILLER ORTHOPAEDICS',
    });
    expect(project.recordCounts().payments).toBe(3840);
  });
});
