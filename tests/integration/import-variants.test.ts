// Variants of the real exports in ../shared/data/real that the same tools (or Excel) also produce:
// each is written to a temp folder from the real file and must import like the original (same
// records, people, dates, affiliations). Excel's "sep=;" line, Windows-1252 text whose first chunk is
// plain ASCII, the classic ClinicalTrials.gov CSV, WoS "[Anonymous]" authors, Dimensions without
// raw affiliations, Open Payments principal investigators' specialties.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { importFiles, previewFile } from '../../electron/import';
import { TextSource } from '../../electron/import/source';
import { describeReal, realFile } from '../helpers/realData';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

function readRows(rel: string): string[][] {
  const text = readFileSync(realFile(rel), 'utf8').replace(/^\uFEFF/, '');
  return Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { newline: '\n', skipEmptyLines: true }).data;
}

function csv(rows: string[][], delimiter = ',', eol = '\r\n'): string {
  return Papa.unparse(rows, { delimiter, newline: eol, quotes: false }) + eol;
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

// Windows-1252's characters in 0x80-0x9F; other characters past 0xFF become '?', as Excel writes them.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function cp1252(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    const high = CP1252_HIGH.indexOf(ch);
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) out.push(c);
    else if (high >= 0) out.push(0x80 + high);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

/** What a reader of the Windows-1252 bytes should see: the text with unencodable characters as '?'. */
function asCp1252(text: string): string {
  return cp1252(text)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

let projects = 0;

/** The header, then the rows of plain ASCII, then the others (accented names go last). */
function asciiFirst(rows: string[][]): string[][] {
  const ascii = (r: string[]) => r.every((c) => !/[^ -~\t\n\r]/.test(c));
  return [rows[0] as string[], ...rows.slice(1).filter(ascii), ...rows.slice(1).filter((r) => !ascii(r))];
}

async function imported(files: string[]): Promise<Project> {
  const project = Project.open(path.join(dir, `p${++projects}.kolmap`));
  afterAll(() => project.close());
  await importFiles(
    project,
    files.map((p) => ({ name: path.basename(p), path: p })),
  );
  return project;
}

function bylines(project: Project): string[] {
  return [...project.authorshipsCsvRows()]
    .map((r) => `${r.publication_key} ${r.position} ${r.raw_name}`)
    .sort();
}

describeReal('Excel re-saves of a PubMed CSV', () => {
  const rel = 'pubmed_smartfhir/pubmed.csv';
  const rows = readRows(rel);
  let original: Project;
  beforeAll(async () => {
    original = await imported([realFile(rel)]);
  });

  it('a "sep=;" line above a semicolon-delimited header is skipped and names the delimiter', async () => {
    const file = write('sep-line.csv', 'sep=;\r\n' + csv(rows, ';'));
    const project = await imported([file]);
    expect(project.totals()).toEqual(original.totals());
    expect(bylines(project)).toEqual(bylines(original));
    // The import wizard's preview shows the real header and rows.
    const preview = await previewFile(project, { name: 'sep-line.csv', path: file });
    expect(preview).toMatchObject({ format: 'pubmed-csv', delimiter: ';', columns: rows[0] });
    expect(preview.sampleCells[0]?.[0]).toBe(rows[1]?.[0]);
  });

  it('Windows-1252 whose first chunk is plain ASCII: accented names further down are not garbled', async () => {
    // The rows with accented names go last, so the first chunk the encoding is chosen from is ASCII.
    const sorted = asciiFirst(rows);
    const text = csv(sorted);
    const bytes = cp1252(text);
    const first = bytes.findIndex((b) => b > 0x7f);
    expect(first).toBeGreaterThan(8192);
    const want = asCp1252(text).replace(/\r\n/g, '\n');
    expect(want).toContain('Höhne');
    // Every chunk size puts the first non-ASCII byte at another place in a piece (its end included).
    for (const chunk of [4096, 4097, 5000, first - 8192 + 1, first - 8192 + 2, first - 8192 + 3]) {
      const source = await TextSource.open({ name: 'ansi.csv', path: write('ansi.csv', bytes) }, chunk);
      let got = '';
      for await (const piece of source.chunks()) got += piece;
      expect(got, `chunk ${chunk}`).toBe(want);
      expect(source.encoding).toBe('windows-1252');
    }
    // UTF-8 in the same layout stays UTF-8.
    const utf8 = await TextSource.open({ name: 'utf8.csv', path: write('utf8.csv', text) }, 4096);
    let got = '';
    for await (const piece of utf8.chunks()) got += piece;
    expect(got).toBe(text.replace(/\r\n/g, '\n'));
    expect(utf8.encoding).toBe('utf-8');
  });

  it('a Windows-1252 copy of a 10,000-record export imports the same names as the UTF-8 one', async () => {
    const big = readRows('pubmed_covid19_excel/csv-covid19-set.csv');
    const sorted = asciiFirst(big);
    const text = csv(sorted);
    const ansi = await imported([write('covid-ansi.csv', cp1252(text))]);
    const utf8 = await imported([write('covid-utf8-as-ansi.csv', asCp1252(text))]);
    expect(bylines(ansi)).toEqual(bylines(utf8));
    expect(bylines(ansi).some((b) => b.includes('\uFFFD'))).toBe(false);
  });
});

describeReal('a PubMed .nbib whose CRLF line ends were converted to CRLF again (CR CR LF)', () => {
  it('imports the same records and bylines as the original', async () => {
    const rel = 'nbib_cll_oncology/pubmed.nbib';
    const original = await imported([realFile(rel)]);
    const doubled = readFileSync(realFile(rel), 'utf8').replace(/\r\n/g, '\r\r\n');
    const project = await imported([write('crcrlf.nbib', doubled)]);
    expect(project.totals()).toEqual(original.totals());
    expect(bylines(project)).toEqual(bylines(original));
  });
});

describeReal('two exports of one search joined into one file (cat part1 part2)', () => {
  // Each part is a whole export: its BOM, its header (WoS: FN/VR ... EF), its records.
  const bom = '\uFEFF';
  const delimited = (rel: string, at: number, preamble = '') => {
    const rows = readRows(rel);
    const part = (r: string[][]) => bom + preamble + csv([rows[0] as string[], ...r]);
    return part(rows.slice(1, at)) + part(rows.slice(at));
  };
  const wos = (rel: string, at: number) => {
    const records = readFileSync(realFile(rel), 'utf8')
      .replace(/^\uFEFF?FN .*\nVR .*\n/, '')
      .replace(/\nEF\s*$/, '\n')
      .split(/(?<=\nER\n)/);
    const part = (r: string[]) => `${bom}FN Clarivate Analytics Web of Science\nVR 1.0\n${r.join('')}\nEF\n`;
    return part(records.slice(0, at)) + part(records.slice(at));
  };
  const nbib = (rel: string, at: number) => {
    const records = readFileSync(realFile(rel), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/(?=^PMID- )/m);
    return bom + records.slice(0, at).join('') + bom + records.slice(at).join('');
  };
  const tsv = (rel: string, at: number) => {
    const lines = readFileSync(realFile(rel), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/(?<=\n)/);
    return bom + lines.slice(0, at).join('') + bom + lines[0] + lines.slice(at).join('');
  };
  const CASES: [string, string, () => string][] = [
    ['scopus-csv', 'scopus_alopecia/scopus.csv', () => delimited('scopus_alopecia/scopus.csv', 80)],
    ['pubmed-csv', 'pubmed_smartfhir/pubmed.csv', () => delimited('pubmed_smartfhir/pubmed.csv', 30)],
    [
      'dimensions-csv',
      'dimensions_depression_rtms/Dimensions-Publication-2025-10-14_15-57-25.csv',
      () =>
        delimited(
          'dimensions_depression_rtms/Dimensions-Publication-2025-10-14_15-57-25.csv',
          60,
          '"About the data: Exported on Oct 14, 2025."\r\n',
        ),
    ],
    ['wos-txt', 'wos_alopecia/wos.txt', () => wos('wos_alopecia/wos.txt', 75)],
    ['wos-tsv', 'wos_tab_ecology/savedrecs.txt', () => tsv('wos_tab_ecology/savedrecs.txt', 250)],
    ['medline', 'nbib_cll_oncology/pubmed.nbib', () => nbib('nbib_cll_oncology/pubmed.nbib', 40)],
  ];

  it.each(CASES)(
    '%s: the same records and bylines as the original, no header read as a record',
    async (format, rel, make) => {
      const original = await imported([realFile(rel)]);
      const joined = path.join(dir, `joined-${format}`);
      writeFileSync(joined, make());
      const project = Project.open(path.join(dir, `p${++projects}.kolmap`));
      afterAll(() => project.close());
      const result = await importFiles(project, [{ name: 'joined', path: joined }]);
      expect(result.files[0]).toMatchObject({ format, rejected: 0 });
      expect(project.totals()).toEqual(original.totals());
      expect(bylines(project)).toEqual(bylines(original));
    },
  );
});

describeReal('the classic ClinicalTrials.gov CSV', () => {
  const rel = 'ctgov_hypertension/ctg-studies.csv';
  const rows = readRows(rel);
  const header = rows[0] as string[];
  const get = (r: string[], name: string) => r[header.indexOf(name)] ?? '';
  const MONTHS =
    'January February March April May June July August September October November December'.split(' ');
  // "2017-10-28" → "October 28, 2017", "2017-10" → "October 2017", as the classic site wrote dates.
  const classicDate = (iso: string): string => {
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
    if (!m) return iso;
    const month = MONTHS[Number(m[2]) - 1] as string;
    return m[3] ? `${month} ${Number(m[3])}, ${m[1]}` : `${month} ${m[1]}`;
  };
  const classic = [
    [
      'Rank',
      'NCT Number',
      'Title',
      'Status',
      'Conditions',
      'Sponsor/Collaborators',
      'Phases',
      'Start Date',
      'Completion Date',
      'Locations',
      'URL',
    ],
    ...rows
      .slice(1)
      .map((r, i) => [
        String(i + 1),
        get(r, 'NCT Number'),
        get(r, 'Study Title'),
        get(r, 'Study Status'),
        get(r, 'Conditions'),
        [get(r, 'Sponsor'), get(r, 'Collaborators')].filter(Boolean).join('|'),
        get(r, 'Phases'),
        classicDate(get(r, 'Start Date')),
        classicDate(get(r, 'Completion Date')),
        get(r, 'Locations'),
        get(r, 'Study URL'),
      ]),
  ];

  it('reads every trial with its dates in words, sponsor and collaborators', async () => {
    const original = await imported([realFile(rel)]);
    const project = await imported([write('ctg-classic.csv', csv(classic, ',', '\n'))]);
    expect(project.totals().trials).toBe(original.totals().trials);
    let dated = 0;
    for (const r of rows.slice(1)) {
      const nct = get(r, 'NCT Number');
      const a = original.trial(nct);
      const b = project.trial(nct);
      expect(b, nct).toMatchObject({ startDate: a?.startDate, completionDate: a?.completionDate });
      expect(b?.roles.map((x) => [x.role, x.name])).toEqual(a?.roles.map((x) => [x.role, x.name]));
      if (b?.startDate) dated++;
    }
    expect(dated).toBeGreaterThan(100);
  });
});

describeReal('Web of Science records with "[Anonymous]" as the author', () => {
  it('are imported without a person called [Anonymous]; the other records are unchanged', async () => {
    const rel = 'wos_alopecia/wos.txt';
    const records = readFileSync(realFile(rel), 'utf8').split('\nER\n');
    // Editorial material: WoS writes AU and AF "[Anonymous]" and no C1.
    const anonymous = (r: string) =>
      r
        .replace(/^AU .*\n(?: {3}.*\n)*/m, 'AU [Anonymous]\n')
        .replace(/^AF .*\n(?: {3}.*\n)*/m, 'AF [Anonymous]\n')
        .replace(/^C1 .*\n(?: {3}.*\n)*/m, '');
    const text = records.map((r, i) => (i >= 1 && i <= 3 ? anonymous(r) : r)).join('\nER\n');
    const original = await imported([realFile(rel)]);
    const project = await imported([write('wos-anonymous.txt', text)]);
    expect(project.totals().publications).toBe(original.totals().publications);
    const names = [...project.authorshipsCsvRows()].map((r) => r.raw_name);
    expect(names.filter((n) => /anonymous/i.test(n))).toEqual([]);
    // The three records keep no byline; every other byline is as in the original.
    const keys = (p: Project) => new Set(bylines(p).map((b) => b.split(' ')[0]));
    const changed = [...keys(original)].filter((k) => !keys(project).has(k));
    expect(changed).toHaveLength(3);
    const keep = (p: Project) => bylines(p).filter((b) => !changed.includes(b.split(' ')[0]));
    expect(keep(project)).toEqual(keep(original));
  });
  it('the real SciELO export with one such record has no [Anonymous] person either', async () => {
    const project = await imported([realFile('wos_peru_hospitals/savedrecs.txt')]);
    const names = [...project.authorshipsCsvRows()].map((r) => r.raw_name);
    expect(names.length).toBeGreaterThan(2000);
    expect(names.filter((n) => /anonymous/i.test(n))).toEqual([]);
  });
});

describeReal('a Dimensions CSV exported without "Authors (Raw Affiliation)"', () => {
  it('places authors through "Authors Affiliations"', async () => {
    const rows = readRows('dimensions_depression_rtms/Dimensions-Publication-2025-10-14_15-57-25.csv');
    const header = rows[0] as string[];
    const drop = header.indexOf('Authors (Raw Affiliation)');
    const project = await imported([
      write('dimensions-no-raw.csv', csv(rows.map((r) => r.filter((_, i) => i !== drop)))),
    ]);
    const sheen = project.publication('pmid:39033822')?.authors[1];
    expect(sheen?.rawAffiliation).toBe('University of Toronto; Centre for Addiction and Mental Health');
    expect(project.totals().institutions).toBeGreaterThan(50);
  });

  it('reads the older column names ("... - Name of Research organization", "Source title/Anthology title")', async () => {
    const rows = readRows('dimensions_depression_rtms/Dimensions-Publication-2025-10-14_15-57-25.csv');
    const header = rows[0] as string[];
    const drop = header.indexOf('Authors (Raw Affiliation)');
    const renamed = header.map((h) =>
      h === 'Authors Affiliations'
        ? 'Authors Affiliations - Name of Research organization'
        : h === 'Source title'
          ? 'Source title/Anthology title'
          : h,
    );
    const older = [renamed, ...rows.slice(1)].map((r) => r.filter((_, i) => i !== drop));
    const project = await imported([write('dimensions-older.csv', csv(older))]);
    const pub = project.publication('pmid:39033822');
    expect(pub?.journal).toBe('Journal of Affective Disorders');
    expect(pub?.authors[1]?.rawAffiliation).toBe(
      'University of Toronto; Centre for Addiction and Mental Health',
    );
  });
});

describeReal('Open Payments research payments to a principal investigator', () => {
  it("carry that investigator's specialty", async () => {
    await imported([realFile('openpayments_research_ia2014/01-RSRCH-ia-2014.csv')]);
    const db = new Database(path.join(dir, `p${projects}.kolmap`), { readonly: true });
    const [all, withSpecialty] = db
      .prepare(
        `SELECT count(*), count(specialty) FROM payments
         WHERE family IS NOT NULL AND recipient_type <> 'Covered Recipient Physician'`,
      )
      .raw()
      .get() as [number, number];
    db.close();
    expect(all).toBeGreaterThan(1000);
    expect(withSpecialty).toBeGreaterThan(all * 0.9);
  });
});
