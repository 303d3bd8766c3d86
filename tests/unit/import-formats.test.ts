// Issue 3 formats on small generated files (fictional people): the variants the real exports do not
// cover (Lens, classic ClinicalTrials.gov with investigators, current Open Payments with NPI,
// affiliation lists, generic CSV mappings, WoS TSV in UTF-16 / Windows-1252, WoS text without FN/EF,
// MEDLINE CN/IR, Dimensions with its preamble, old-style Scopus bylines) and title-based duplicates.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError, importFiles } from '../../electron/import';
import { kolmap } from '../helpers/cli';
import { tempDir, tempProject } from '../helpers/tmp';

const dir = tempDir();
function file(name: string, content: string | Buffer): { name: string; path: string } {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return { name, path: p };
}

describe('lens-csv', () => {
  it('reads Lens.org scholarly exports', async () => {
    const project = tempProject();
    const f = file(
      'lens.csv',
      'Lens ID,Title,Author/s,Source Title,Publication Year,DOI,PMID,Citing Works Count,Keywords,MeSH Terms\n' +
        '000-111-222-333-444,Statins in older adults,"Moreau, Alice B; Tanaka, Kenji",Heart J,2021,10.1000/lens.1,31111111,12,statins; ageing,Humans; Aged\n' +
        '000-111-222-333-445,,"Nobody, Ann",X,2020,,,0,,\n',
    );
    const r = await importFiles(project, [f]);
    expect(r.files[0]).toMatchObject({ format: 'lens-csv', records: 2, imported: 1, rejected: 1 });
    expect(r.files[0]?.rejections[0]).toEqual({ line: 3, reason: 'no title (column "Title")' });
    const pub = project.publication('pmid:31111111');
    expect(pub).toMatchObject({ doi: '10.1000/lens.1', year: 2021, citations: 12, journal: 'Heart J' });
    expect(pub?.keywords).toEqual(['statins', 'ageing']);
    expect(pub?.mesh).toEqual(['Humans', 'Aged']);
    expect(pub?.authors.map((a) => a.rawName)).toEqual(['Moreau, Alice B', 'Tanaka, Kenji']);
    expect(project.person(pub?.authors[0]?.authorId as number)).toMatchObject({
      family: 'Moreau',
      given: 'Alice B',
    });
  });
});

describe('ctgov-csv (classic site) with investigators', () => {
  it('turns sponsor/collaborators, sites and investigators into trial roles', async () => {
    const project = tempProject();
    const f = file(
      'classic.csv',
      'Rank,NCT Number,Title,Status,Conditions,Interventions,Sponsor/Collaborators,Phases,Start Date,Completion Date,Locations,Investigators\n' +
        '1,NCT01234567,A trial,Completed,Asthma|COPD,Drug: X,Acme Pharma|Univ of Somewhere,Phase 2|Phase 3,"March 2015",2018-01,"Site A, Lyon, France|Site B, Porto, Portugal","Marie Curie, MD, Site A|Pedro Alves, Site B"\n' +
        '2,XYZ,Bad id,,,,,,,,,\n',
    );
    const r = await importFiles(project, [f]);
    expect(r.files[0]).toMatchObject({ format: 'ctgov-csv', records: 2, imported: 1, rejected: 1 });
    const t = project.trial('NCT01234567');
    expect(t).toMatchObject({
      conditions: ['Asthma', 'COPD'],
      phase: 'Phase 2|Phase 3',
      completionDate: '2018-01',
    });
    expect(t?.roles.map((x) => [x.role, x.name, x.affiliation])).toEqual([
      ['sponsor', 'Acme Pharma', null],
      ['collaborator', 'Univ of Somewhere', null],
      ['site', 'Site A, Lyon, France', null],
      ['site', 'Site B, Porto, Portugal', null],
      ['investigator', 'Marie Curie', 'Site A'],
      ['investigator', 'Pedro Alves', 'Site B'],
    ]);
    // Investigators are matched to people with publications (electron/db/trialRoles.ts): none here.
    expect(t?.roles[4]?.authorId).toBeNull();
    const again = await importFiles(project, [f]);
    expect(again.files[0]).toMatchObject({ imported: 0, duplicates: 1, rejected: 1 });
  });
});

describe('openpayments-csv (current schema)', () => {
  it('reads Covered_Recipient_* columns with NPI; Record_ID makes re-imports duplicates', async () => {
    const project = tempProject();
    const f = file(
      'op.csv',
      'Change_Type,Covered_Recipient_Type,Covered_Recipient_NPI,Covered_Recipient_First_Name,Covered_Recipient_Last_Name,Recipient_City,Recipient_State,Total_Amount_of_Payment_USDollars,Date_of_Payment,Nature_of_Payment_or_Transfer_of_Value,Applicable_Manufacturer_or_Applicable_GPO_Making_Payment_Name,Record_ID,Program_Year\n' +
        'NEW,Covered Recipient Physician,1234567890,JANE,DOE-SMITH,BOSTON,MA,150.25,03/15/2023,Consulting Fee,Acme,900001,2023\n' +
        'NEW,Covered Recipient Physician,,JOHN,ROE,BOSTON,MA,abc,03/15/2023,Food,Acme,900002,2023\n',
    );
    const r = await importFiles(project, [f]);
    expect(r.files[0]).toMatchObject({ format: 'openpayments-csv', records: 2, imported: 1, rejected: 1 });
    expect(project.payments()[0]).toMatchObject({
      npi: '1234567890',
      family: 'Doe-Smith',
      given: 'Jane',
      amount: 150.25,
      paidOn: '2023-03-15',
      city: 'Boston',
    });
    const again = await importFiles(project, [f]);
    expect(again.files[0]).toMatchObject({ imported: 0, duplicates: 1, rejected: 1 });
  });
});

describe('affiliations-csv', () => {
  it('stores people at institutions with years, ORCID and NPI', async () => {
    const project = tempProject();
    const f = file(
      'aff.csv',
      'Name,ORCID,NPI,Institution,Department,City,Region,Country,Years\n' +
        'Alice B. Moreau,0000-0002-1825-0097,1234567890,Hopital Nord,Cardiology,Lyon,ARA,France,2015-2020\n' +
        'Alice B. Moreau,0000-0002-1825-0097,1234567890,Hopital Nord,Cardiology,Lyon,ARA,France,2021\n' +
        'Ken Tanaka,bad-orcid,,Kyoto Univ,,Kyoto,,JP,2019\n' +
        ',,,Nowhere,,,,,\n',
    );
    const r = await importFiles(project, [f]);
    expect(r.files[0]).toMatchObject({
      format: 'affiliations-csv',
      records: 4,
      imported: 1,
      duplicates: 1,
      rejected: 2,
    });
    expect(project.recordCounts().authorInstitutions).toBe(1);
  });
});

describe('generic-csv', () => {
  it('reads any CSV through --map, with delimiter detection', async () => {
    const project = tempProject();
    const f = file(
      'g.csv',
      'Paper;Who;When;Ref\n"A study of things";"Smith, John; Doe, Ann";2019;10.1000/g1\n',
    );
    const r = await importFiles(project, [f], {
      format: 'generic-csv',
      map: { Paper: 'title', Who: 'authors', When: 'year', Ref: 'doi' },
    });
    expect(r.files[0]).toMatchObject({ format: 'generic-csv', records: 1, imported: 1 });
    expect(project.publication('doi:10.1000/g1')?.authors.map((a) => a.rawName)).toEqual([
      'Smith, John',
      'Doe, Ann',
    ]);
  });

  it('names an unknown field or column (CLI exit 2)', async () => {
    const project = tempProject();
    const f = file('g2.csv', 'Paper,Who\nX,Y\n');
    await expect(
      importFiles(project, [f], { format: 'generic-csv', map: { Paper: 'titel' } }),
    ).rejects.toThrow(/g2\.csv, field "titel": --map "Paper=titel": unknown field "titel".*title, authors/);
    await expect(
      importFiles(project, [f], { format: 'generic-csv', map: { Papier: 'title' } }),
    ).rejects.toThrow(/g2\.csv, line 1, field "Papier": .*no column "Papier" \(columns found: Paper, Who\)/);
    const db = path.join(dir, 'g.kolmap');
    const bad = kolmap(['import', f.path, '--db', db, '--format', 'generic-csv', '--map', 'Paper=titel']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown field "titel"/);
    const ok = kolmap([
      'import',
      f.path,
      '--db',
      db,
      '--format',
      'generic-csv',
      '--map',
      'Paper=title',
      '--map',
      'Who=author',
      '--json',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).files[0]).toMatchObject({ format: 'generic-csv', records: 1, imported: 1 });
    const err = await importFiles(project, [f], { format: 'generic-csv', map: { Who: 'nope' } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).field).toBe('nope');
  });
});

const TSV_HEADER = 'PT\tAU\tAF\tTI\tSO\tDI\tPY\tTC\tUT\t\n';
const TSV_ROW =
  'J\tMüller, K; Sørensen, A\tMüller, Klaus; Sørensen, Anne\tA "quoted" word in a title\tJ Test\t10.1000/t1\t2020\t7\tWOS:000000000000001\t\n';

describe('wos-tsv encodings and quoting', () => {
  it.each([
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TSV_HEADER + TSV_ROW, 'utf16le')])],
    ['windows-1252', Buffer.from(TSV_HEADER + TSV_ROW, 'latin1')],
  ])('%s with literal quotes and a trailing tab', async (enc, bytes) => {
    const project = tempProject();
    const r = await importFiles(project, [file(`tsv-${enc}.txt`, bytes)]);
    expect(r.files[0]).toMatchObject({ format: 'wos-tsv', records: 1, imported: 1 });
    const pub = project.publication('wos:000000000000001');
    expect(pub).toMatchObject({ title: 'A "quoted" word in a title', citations: 7, year: 2020 });
    expect(pub?.authors.map((a) => a.rawName)).toEqual(['Müller, K', 'Sørensen, A']);
  });

  it('a last row without its trailing TAB and line end is whole (only the unnamed column is missing)', async () => {
    const project = tempProject();
    const r = await importFiles(project, [
      file('tsv-no-tail.txt', TSV_HEADER + TSV_ROW.replace(/\t\n$/, '')),
    ]);
    expect(r.files[0]).toMatchObject({ format: 'wos-tsv', records: 1, imported: 1, rejected: 0 });
    // Cut inside the DOI, with the columns after it missing, the row is rejected instead.
    const cut = TSV_HEADER + TSV_ROW.slice(0, TSV_ROW.indexOf('10.1000') + 5);
    const r2 = await importFiles(tempProject(), [file('tsv-cut.txt', cut)]);
    expect(r2.files[0]).toMatchObject({ records: 1, imported: 0, rejected: 1 });
    expect(r2.files[0]?.rejections[0]?.reason).toMatch(
      /^the file ends inside this row, in field "DI" \(6 of the header's 10 fields\)/,
    );
  });
});

describe('wos-txt without FN/EF, with a group author', () => {
  it('reads records and keeps CA apart from people', async () => {
    const project = tempProject();
    const text =
      'PT J\nAU Rossi, M\n   Bianchi, L\n   Verdi, G\nAF Rossi, Marco\n   Bianchi, Luca\n   Verdi, Giulia\nCA Fictional Trial Investigators Grp\nTI A title that goes\n   over two lines\nC1 [Bianchi, Luca] Univ Milan, Milan, Italy.\n   [Rossi, Marco] Univ Rome, Rome, Italy.\nDE alpha; beta\nRP Verdi, G (corresponding author), Univ Turin, Turin, Italy.\nTC 4\nPY 2018\nUT WOS:000000000000002\nER\n';
    const r = await importFiles(project, [file('nofn.txt', text)]);
    expect(r.files[0]).toMatchObject({ format: 'wos-txt', records: 1, imported: 1 });
    const pub = project.publication('wos:000000000000002');
    expect(pub).toMatchObject({
      title: 'A title that goes over two lines',
      collectives: ['Fictional Trial Investigators Grp'],
    });
    expect(pub?.authors.map((a) => [a.rawName, a.rawAffiliation])).toEqual([
      ['Rossi, M', 'Univ Rome, Rome, Italy.'],
      ['Bianchi, L', 'Univ Milan, Milan, Italy.'],
      ['Verdi, G', 'Univ Turin, Turin, Italy.'],
    ]);
  });
});

/** A WoS plain-text export of fictional records n..m as Web of Science writes it: BOM, FN/VR, no line end after EF. */
function wosExport(from: number, to: number): string {
  const records: string[] = [];
  for (let n = from; n <= to; n++) {
    const ut = String(n).padStart(15, '0');
    records.push(
      `PT J\nAU Rossi, M${n}\n   Bianchi, L\nAF Rossi, Marco${n}\n   Bianchi, Luca\nTI Fictional paper number ${n}\nSO J TEST\nC1 [Rossi, Marco${n}; Bianchi, Luca] Univ Milan, Milan, Italy.\nPY 2020\nTC ${n}\nUT WOS:${ut}\nER\n`,
    );
  }
  return `\uFEFFFN Clarivate Analytics Web of Science\nVR 1.0\n${records.join('\n')}\nEF`;
}

describe('wos-txt joined or cut off', () => {
  it('two exports joined with cat (the first ends "EF" with no line end) import as one, with no extra record', async () => {
    const project = tempProject();
    const r = await importFiles(project, [file('joined.txt', wosExport(1, 3) + wosExport(4, 6))]);
    expect(r.files[0]).toMatchObject({ records: 6, imported: 6, rejected: 0, rejections: [] });
    expect(project.publication('wos:000000000000004')?.title).toBe('Fictional paper number 4');
  });

  it('a file that ends inside a record rejects it naming the line and field; the records before it import', async () => {
    const whole = wosExport(1, 3);
    const cut = whole.slice(0, whole.indexOf('AF Rossi, Marco3') + 'AF Rossi, Mar'.length);
    const project = tempProject();
    const r = await importFiles(project, [file('cut.txt', cut)]);
    // Record 3 starts on line 29 (FN, VR, then 12 lines and a blank line per record).
    expect(r.files[0]).toMatchObject({ records: 3, imported: 2, rejected: 1 });
    expect(r.files[0]?.rejections).toEqual([
      {
        line: 29,
        reason:
          'the file ends inside this record, in field AF (no ER line closes it): it was probably cut off; export or download it again',
      },
    ]);
    expect(project.publication('wos:000000000000003')).toBeNull();
    expect(project.publication('wos:000000000000002')?.title).toBe('Fictional paper number 2');
    // A file whose only record has no ER at all (hand-made) is not taken for a cut one.
    const single = tempProject();
    const r2 = await importFiles(single, [
      file('no-er.txt', 'PT J\nAU Rossi, M\nTI A single record\nPY 2020\n'),
    ]);
    expect(r2.files[0]).toMatchObject({ records: 1, imported: 1, rejected: 0 });
  });
});

/** A MEDLINE export of fictional records n..m as PubMed writes it: CRLF, a blank line between records, SO last. */
function medlineExport(from: number, to: number): string {
  const records: string[] = [];
  for (let n = from; n <= to; n++) {
    records.push(
      [
        `PMID- ${99990000 + n}`,
        'OWN - NLM',
        `TI  - Fictional study number ${n} of a`,
        '      long title.',
        'DP  - 2021 Mar',
        `FAU - Lopez, Maria${n}`,
        `AU  - Lopez M${n}`,
        'AD  - Hospital Uno, Madrid, Spain.',
        'FAU - Garcia, Ana',
        'AU  - Garcia A',
        'MH  - Humans',
        `SO  - J Fict. 2021 Mar;${n}(1):1-10.`,
      ].join('\r\n'),
    );
  }
  return records.join('\r\n\r\n') + '\r\n';
}

describe('medline cut off', () => {
  it('a file that ends inside a record (without the SO every other record ends with) rejects it naming the field', async () => {
    const whole = medlineExport(1, 3);
    const cut = whole.slice(
      0,
      whole.indexOf('FAU - Garcia', whole.indexOf('PMID- 99990003')) + 'FAU - Gar'.length,
    );
    const project = tempProject();
    const r = await importFiles(project, [file('cut.nbib', cut)]);
    // Record 3 starts on line 27 (12 lines and a blank line per record).
    expect(r.files[0]).toMatchObject({ records: 3, imported: 2, rejected: 1 });
    expect(r.files[0]?.rejections).toEqual([
      {
        line: 27,
        reason:
          'the file ends inside this record, in field FAU (it has no SO field, which ends every other record): it was probably cut off; export or download it again',
      },
    ]);
    expect(project.publication('pmid:99990003')).toBeNull();
    // Whole, with or without its final line end, every record imports.
    for (const text of [whole, whole.replace(/\r\n$/, '')]) {
      const again = tempProject();
      const r2 = await importFiles(again, [file('whole.nbib', text)]);
      expect(r2.files[0]).toMatchObject({ records: 3, imported: 3, rejected: 0 });
      expect(again.publication('pmid:99990003')?.title).toBe('Fictional study number 3 of a long title.');
    }
  });
});

describe('medline with CN and IR', () => {
  it('keeps group authors and investigators out of the byline', async () => {
    const project = tempProject();
    const text =
      'PMID- 99999991\r\nTI  - A consortium paper\r\nDP  - 2019 Jan\r\nFAU - Lopez, Maria\r\nAU  - Lopez M\r\nAD  - Hospital Uno, Madrid, Spain.\r\nAUID- ORCID: 0000-0001-2345-6789\r\nCN  - Fictional Study Group\r\nIR  - Investigator A\r\nFIR - Investigator, Alpha\r\nAD  - Somewhere Else\r\nMH  - Humans\r\nOT  - keyword one\r\n\r\n';
    const r = await importFiles(project, [file('m.nbib', text)]);
    expect(r.files[0]).toMatchObject({ format: 'medline', records: 1, imported: 1 });
    const pub = project.publication('pmid:99999991');
    expect(pub).toMatchObject({
      collectives: ['Fictional Study Group'],
      mesh: ['Humans'],
      keywords: ['keyword one'],
      year: 2019,
    });
    expect(pub?.authors.map((a) => [a.rawName, a.rawAffiliation])).toEqual([
      ['Lopez M', 'Hospital Uno, Madrid, Spain.'],
    ]);
  });
});

describe('dimensions-csv with the "About the data" line', () => {
  it('skips the preamble and reads the header below it', async () => {
    const project = tempProject();
    const text =
      '"About the data: Exported on Oct 14, 2025. Criteria: fictional."\nRank,Publication ID,DOI,PMID,Title,Source title,PubYear,Authors,Authors (Raw Affiliation),Times cited,MeSH terms\n' +
      '1,pub.1,10.1000/d1,,Dim paper,J D,2022,"Kim, Ji; Park, Su","Kim, Ji (Seoul Natl Univ, Seoul, South Korea; Other Inst); Park, Su (Busan Univ, Busan, Korea)",3,Humans\n';
    const r = await importFiles(project, [file('dim.csv', text)]);
    expect(r.files[0]).toMatchObject({ format: 'dimensions-csv', records: 1, imported: 1 });
    expect(project.publication('doi:10.1000/d1')?.authors.map((a) => a.rawAffiliation)).toEqual([
      'Seoul Natl Univ, Seoul, South Korea; Other Inst',
      'Busan Univ, Busan, Korea',
    ]);
  });
});

describe('CSV exports without a final line end, joined with cat', () => {
  // Dimensions ends its export without a line end, so the next part's header lands on the last row.
  const header = 'Rank,Publication ID,DOI,PMID,Title,Source title,PubYear,Authors,Times cited,MeSH terms';
  const row = (n: number, last: string): string =>
    `${n},pub.${n},10.1000/j${n},,Joined paper ${n},J D,2021,"Kim, Ji; Park, Su${n}",${n},${last}`;
  const part = (from: number, last: (n: number) => string, quoted = false): string =>
    [
      quoted ? header.replace(/[^,]+/g, (h) => `"${h}"`) : header,
      ...[from, from + 1].map((n) => row(n, last(n))),
    ].join('\r\n');

  it.each([
    ['an unquoted last value before an unquoted header', (n: number) => `Humans ${n}`, false],
    ['an empty last value', () => '', false],
    ['an unquoted last value before a quoted header', (n: number) => `Humans ${n}`, true],
    ['an empty last value before a quoted header', () => '', true],
    ['a quoted last value before a quoted header', (n: number) => `"Humans; Mice ${n}"`, true],
  ])('%s: every record imports as it is, the second header is not a record', async (_, last, quoted) => {
    const project = tempProject();
    const text = part(1, last, quoted) + part(3, last, quoted);
    const r = await importFiles(project, [file('joined-dim.csv', text)]);
    expect(r.files[0]).toMatchObject({ format: 'dimensions-csv', records: 4, imported: 4, rejected: 0 });
    const mesh = last(2).replace(/"/g, '');
    expect(project.publication('doi:10.1000/j2')?.mesh).toEqual(mesh ? mesh.split('; ') : []);
    expect(project.publication('doi:10.1000/j3')?.title).toBe('Joined paper 3');
  });
});

describe('scopus-csv old style and title matching', () => {
  it('reads "Merino J., Dashti H.S." and merges an ID-less duplicate by title + year + first author', async () => {
    const project = tempProject();
    const scopus = file(
      'old.csv',
      'Authors,Title,Year,Source title,Cited by,DOI,Authors with affiliations,EID\n' +
        '"Merino J., Dashti H.S.","Sleep and diet: a study",2019,J Sleep,5,10.1000/s1,"Merino J., Univ A, Boston, United States; Dashti H.S., Univ B, Boston, United States",2-s2.0-1\n',
    );
    const generic = file(
      'other.csv',
      'Title,Authors,Year\n"Sleep and Diet - a Study","Merino, Jordi; Dashti, Hassan",2019\n',
    );
    const r = await importFiles(project, [scopus]);
    expect(project.publication('doi:10.1000/s1')?.authors.map((a) => [a.rawName, a.rawAffiliation])).toEqual([
      ['Merino J.', 'Univ A, Boston, United States'],
      ['Dashti H.S.', 'Univ B, Boston, United States'],
    ]);
    expect(r.files[0]).toMatchObject({ format: 'scopus-csv', imported: 1 });
    const g = await importFiles(project, [generic], {
      format: 'generic-csv',
      map: { Title: 'title', Authors: 'authors', Year: 'year' },
    });
    expect(g.files[0]).toMatchObject({ records: 1, imported: 0, duplicates: 1 });
    expect(project.publication('doi:10.1000/s1')?.sources).toHaveLength(2);
  });
});
