// Bad input: files that cannot be imported roll the whole import back and throw ImportError naming
// the file and line; rows that are merely bad are rejected with line, reason and raw text. All test
// files are written to a temp folder from generated (fictional) data.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImportError, importFiles } from '../../electron/import';
import { generateDemo } from '../../fixtures/demo';
import type { ImportRecord } from '../../shared/formats/types';
import { PUBMED_HEADER, csvText, pubmedCsv, pubmedRow } from '../helpers/pubmedCsv';
import { tempDir, tempProject } from '../helpers/tmp';

const records: ImportRecord[] = generateDemo(7).slice(0, 40);
const dir = tempDir();

function write(name: string, content: string | Buffer): { name: string; path: string } {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return { name, path: file };
}

/** A valid generated PubMed CSV (header LF, rows CRLF, as PubMed writes) with `broken` put on `line`. */
function withBrokenLine(line: number, broken: string): string {
  const lines = pubmedCsv(records.slice(0, 30), { eol: '\r\n' }).split('\r\n');
  // lines[0] spans two physical lines: the header (ended by LF) and the first record.
  lines.splice(line - 2, 0, broken);
  return lines.join('\r\n');
}

async function failure(p: Promise<unknown>): Promise<ImportError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('fatal input', () => {
  const project = tempProject();
  const good = write('good.csv', pubmedCsv(records.slice(0, 20)));
  let before: ReturnType<typeof project.totals>;

  beforeAll(async () => {
    await importFiles(project, [good]);
    before = project.totals();
  });

  const unchanged = (): void => {
    expect(project.totals()).toEqual(before);
    expect(project.sources()).toHaveLength(1);
  };

  it('broken quoting: names the file and line, and nothing of the import is kept', async () => {
    const other = write('other.csv', pubmedCsv(records.slice(20, 40)));
    // A quote inside a quoted field is not doubled on line 13.
    const bad = write(
      'quotes.csv',
      withBrokenLine(13, '"123","A title with "unescaped" quotes","Doe J.","","","","2020","","","",""'),
    );
    const err = await failure(importFiles(project, [other, bad]));
    expect(err.file).toBe('quotes.csv');
    expect(err.line).toBe(13);
    expect(err.message).toMatch(/^quotes\.csv, line 13: a quoted field is malformed/);
    expect(err.message).not.toContain('\n');
    unchanged();
  });

  it('an unclosed quote in an Excel-style (unquoted) file names the line where it opens', async () => {
    // Excel quotes only fields that need it; strip the fields that would have quotes.
    const plain = records
      .slice(0, 10)
      .map((r, i) => pubmedRow({ ...r, pmid: String(i + 1) }).map((v) => v.replace(/[",]/g, ' ')));
    const lines = csvText(plain, { quoteAll: false, eol: '\r\n' }).split('\r\n');
    lines[5] = (lines[5] as string).replace(',', ',"'); // line 7 (lines[0] is lines 1-2): a quote never closed
    const bad = write('excel.csv', lines.join('\r\n'));
    const err = await failure(importFiles(project, [bad]));
    expect(err.line).toBe(7);
    expect(err.field).toBe('Title');
    expect(err.message).toMatch(/^excel\.csv, line 7, field "Title": a quoted field is never closed/);
    unchanged();
  });

  it('a file cut off inside a quoted field names the line and the field it stops in', async () => {
    const whole = pubmedCsv(records.slice(0, 12), { eol: '\r\n' });
    const authors = pubmedRow({ ...(records[9] as ImportRecord), pmid: '90000010' })[2] as string;
    // PubMed quotes every field: cut halfway through the byline of the record on line 11.
    const at = whole.indexOf(`"${authors}"`) + 1 + Math.floor(authors.length / 2);
    const err = await failure(importFiles(project, [write('cut-quoted.csv', whole.slice(0, at))]));
    expect(err.line).toBe(11);
    expect(err.field).toBe('Authors');
    expect(err.message).toMatch(
      /^cut-quoted\.csv, line 11, field "Authors": a quoted field is never closed \(unmatched "\), so the file ends inside it\. If the file was cut off, export or download it again/,
    );
    unchanged();
  });

  it('a file without a PMID column says so and lists the columns found', async () => {
    const header = PUBMED_HEADER.filter((c) => c !== 'PMID');
    const rows = records.slice(0, 5).map((r, i) => pubmedRow({ ...r, pmid: String(i + 1) }).slice(1));
    const bad = write('nopmid.csv', csvText(rows, { header }));
    const err = await failure(importFiles(project, [good, bad]));
    expect(err.message).toMatch(
      /^nopmid\.csv, line 1: no PMID column \(columns found: Title, Authors, Citation/,
    );
    expect(err.line).toBe(1);
    unchanged();
  });

  it('empty, blank, binary and unrecognised files', async () => {
    expect((await failure(importFiles(project, [write('empty.csv', '')]))).message).toMatch(
      /^empty\.csv: the file is empty/,
    );
    expect((await failure(importFiles(project, [write('blank.csv', '\uFEFF\r\n\r\n')]))).message).toMatch(
      /^blank\.csv: the file is empty/,
    );
    const bin = Buffer.alloc(4096, 0);
    bin.write('PMID,Title');
    expect((await failure(importFiles(project, [write('bin.csv', bin)]))).message).toMatch(
      /^bin\.csv: this is a binary file/,
    );
    expect(
      (await failure(importFiles(project, [write('sheet.xlsx', Buffer.from('PK\x03\x04....', 'latin1'))])))
        .message,
    ).toMatch(/^sheet\.xlsx: this is an Excel workbook/);
    expect((await failure(importFiles(project, [write('other.csv', 'id,name\n1,x\n')]))).message).toMatch(
      /^other\.csv, line 1: unrecognised format .*Supported formats: pubmed-csv/,
    );
    expect(
      (await failure(importFiles(project, [{ name: 'gone.csv', path: path.join(dir, 'gone.csv') }]))).message,
    ).toMatch(/^gone\.csv: no such file/);
    unchanged();
  });

  it('a --format the file does not fit names the format it reads as; a fitting one imports', async () => {
    const csvFile = write('forced.csv', pubmedCsv(records.slice(20, 30)));
    const tagged = write(
      'forced.nbib',
      records
        .slice(30, 32)
        .map((r, i) => `PMID- ${900 + i}\nTI  - ${r.title}\nAU  - Doe J\nDP  - 2020\n`)
        .join('\n'),
    );
    for (const format of ['scopus-csv', 'openpayments-csv', 'wos-tsv', 'affiliations-csv'] as const) {
      const err = await failure(importFiles(project, [csvFile], { format }));
      expect(err.message).toMatch(
        new RegExp(
          `^forced\\.csv, line 1: none of ${format}'s columns are in its header; it reads as pubmed-csv`,
        ),
      );
      expect(err.message).toMatch(/--format pubmed-csv or --format auto/);
    }
    for (const format of ['medline', 'wos-txt'] as const) {
      const err = await failure(importFiles(project, [csvFile], { format }));
      expect(err.message).toMatch(/^forced\.csv, line 1: its first line "PMID,Title.*" does not start a/);
    }
    const err = await failure(importFiles(project, [tagged], { format: 'pubmed-csv' }));
    expect(err.message).toMatch(/^forced\.nbib, line 1: none of pubmed-csv's columns .* it reads as medline/);
    unchanged();
    // The formats the files are in are taken as asked.
    const fresh = tempProject();
    const a = await importFiles(fresh, [csvFile], { format: 'pubmed-csv' });
    expect(a.files[0]).toMatchObject({ format: 'pubmed-csv', imported: 10 });
    const b = await importFiles(fresh, [tagged], { format: 'medline' });
    expect(b.files[0]).toMatchObject({ format: 'medline', imported: 2 });
    expect(fresh.totals().publications).toBe(12);
  });

  it('a generic-csv import without a mapping', async () => {
    const err = await failure(importFiles(project, [good], { format: 'generic-csv' }));
    expect(err.message).toMatch(/generic-csv needs a column mapping/);
    unchanged();
  });
});

describe('rejected rows', () => {
  it('are reported and stored with line, reason and raw text; the rest is imported', async () => {
    const project = tempProject();
    const rows = records.slice(0, 6).map((r, i) => pubmedRow({ ...r, pmid: String(1000 + i) }));
    (rows[1] as string[])[0] = ''; // line 3: no PMID
    (rows[2] as string[])[0] = 'PMC12x'; // line 4
    (rows[3] as string[])[1] = '  '; // line 5 (its title spans two lines below)
    (rows[4] as string[])[1] = 'A title\nover two lines'; // line 6-7
    (rows[5] as string[])[0] = '1000'; // line 8: duplicate of line 2
    const text = csvText(rows, { eol: '\r\n' }).replace('\r\n"1004"', '\r\n\r\n"1004"'); // a blank line 6
    const file = write('rows.csv', text);
    const r = await importFiles(project, [file]);
    expect(r.files[0]).toEqual({
      file: 'rows.csv',
      format: 'pubmed-csv',
      records: 6,
      imported: 2,
      duplicates: 1,
      rejected: 3,
      rejections: [
        { line: 3, reason: 'no PMID' },
        { line: 4, reason: 'PMID "PMC12x" is not a number' },
        { line: 5, reason: 'no title' },
      ],
    });
    expect(project.publication('pmid:1004')?.title).toBe('A title over two lines');
    const source = project.sources()[0];
    const stored = project.rejections(source?.id ?? 0);
    expect(stored?.source.rejected).toBe(3);
    expect(stored?.rejections.map((x) => x.line)).toEqual([3, 4, 5]);
    expect(stored?.rejections[1]?.raw.startsWith('"PMC12x",')).toBe(true);
    expect(project.rejections(999)).toBeNull();
  });

  it('a file cut off inside its last row rejects that row naming the field; a whole last row without a line end imports', async () => {
    // Excel-style (quotes only where needed), so the cut falls outside quotes and reads as a short row.
    const plain = records
      .slice(0, 8)
      .map((r, i) => pubmedRow({ ...r, pmid: String(4000 + i) }).map((v) => v.replace(/[",\r\n]/g, ' ')));
    const whole = csvText(plain, { quoteAll: false, eol: '\r\n' });
    const last = plain[7] as string[];
    const title = last[1] as string;
    // Cut halfway through the last row's title: "4007,Half of the ti".
    const cut = whole.slice(0, whole.lastIndexOf('\r\n4007,') + 2) + `4007,${title.slice(0, 12)}`;
    const project = tempProject();
    const r = await importFiles(project, [write('cut.csv', cut)]);
    expect(r.files[0]).toMatchObject({ records: 8, imported: 7, rejected: 1 });
    expect(r.files[0]?.rejections).toEqual([
      {
        line: 9,
        reason:
          `the file ends inside this row, in field "Title" (2 of the header's 11 fields): ` +
          'it was probably cut off; export or download it again',
      },
    ]);
    expect(project.publication('pmid:4007')).toBeNull();
    expect(project.publication('pmid:4006')?.title).toBe((plain[6] as string[])[1]);
    // The same file whole but without its final line end: every row is complete, all are imported.
    const unended = tempProject();
    const r2 = await importFiles(unended, [write('unended.csv', whole.replace(/\r\n$/, ''))]);
    expect(r2.files[0]).toMatchObject({ records: 8, imported: 8, rejected: 0 });
    expect(unended.publication('pmid:4007')?.title).toBe(title);
  });

  it('handles a PubMed CSV given as content, with LF rows, no BOM and Excel extras', async () => {
    const project = tempProject();
    const header = [...PUBMED_HEADER, '', '', 'Adress '];
    const rows = records.slice(0, 5).map((r, i) => {
      const row = pubmedRow({ ...r, pmid: String(2000 + i) });
      row[7] = `${r.createDate?.slice(5, 7).replace(/^0/, '')}/${r.createDate?.slice(8).replace(/^0/, '')}/${r.year}`;
      return [...row, '', '', ''];
    });
    const content = csvText(rows, { header, eol: '\n', bom: false, quoteAll: false });
    const r = await importFiles(project, [{ name: 'pasted', content }]);
    expect(r.files[0]).toMatchObject({ records: 5, imported: 5 });
    const rec = records[0] as ImportRecord;
    expect(project.publication('pmid:2000')).toMatchObject({
      createDate: rec.createDate,
      year: rec.year,
      doi: rec.doi,
    });
    // Excel in some locales separates with ';'.
    const semi = csvText(
      records.slice(5, 8).map((r, i) => pubmedRow({ ...r, pmid: String(3000 + i) })),
      { eol: '\r\n' },
    )
      .replace(/","/g, '";"')
      .replace(/^\uFEFF[^\n]*/, PUBMED_HEADER.join(';'));
    const r3 = await importFiles(project, [{ name: 'semicolons.csv', content: semi }]);
    expect(r3.files[0]).toMatchObject({ records: 3, imported: 3, rejected: 0 });
    expect(project.publication('pmid:3001')?.title).toBe(records[6]?.title);
    const header2 = await importFiles(project, [
      { name: 'header-only.csv', content: PUBMED_HEADER.join(',') + '\n' },
    ]);
    expect(header2.files[0]).toMatchObject({ records: 0, imported: 0 });
  });

  it('a second import in the same project while one is running is refused', async () => {
    const project = tempProject();
    const big = write('big.csv', pubmedCsv(generateDemo(3).slice(0, 300)));
    const first = importFiles(project, [big]);
    await expect(importFiles(project, [big])).rejects.toThrow(/Another import is still writing/);
    await first;
    expect(project.totals().publications).toBe(300);
  });
});
