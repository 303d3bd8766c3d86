// Unit tests of the streaming reader: encodings and line ends (sources.ts), record boundaries and line
// numbers across chunk boundaries and quoted multi-line fields (csv.ts), broken quoting, detection.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRow } from '../../electron/import/csv';
import { detectFormat } from '../../electron/import/detect';
import { ImportError } from '../../electron/import/errors';
import { TextSource } from '../../electron/import/source';
import { tempDir } from '../helpers/tmp';

async function text(source: TextSource): Promise<string> {
  let out = '';
  for await (const t of source.chunks()) out += t;
  return out;
}

async function* split(s: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < s.length; i += size) yield s.slice(i, i + size);
}

async function rows(s: string, size = 1 << 20, delimiter = ','): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  await readCsv(split(s, size), { file: 't.csv', delimiter }, (r) => out.push({ ...r, raw: () => r.raw() }));
  return out;
}

describe('TextSource', () => {
  const dir = tempDir();

  it('strips the BOM, turns CRLF and CR into LF, and keeps multi-byte characters across any chunk size', async () => {
    const content = '\uFEFFa,b\r\n"Höhne K","x\r\ny"\r\nlast\rline\n';
    for (const size of [1, 2, 3, 5, 7, 64, 1 << 20]) {
      const src = await TextSource.open({ name: 'x.csv', content }, size);
      expect(await text(src), `chunk ${size}`).toBe('a,b\n"Höhne K","x\ny"\nlast\nline\n');
      expect(src.done).toBe(Buffer.byteLength(content));
    }
  });

  it('reads CR CR LF (a CRLF file converted to CRLF again) as one line end, across any chunk boundary', async () => {
    const lines = ['PMID- 1', 'TI  - A title', '', 'PMID- 2', 'TI  - Another'];
    const content = 'x'.repeat(8190) + '\r\r\n' + lines.join('\r\r\n') + '\r\r\n';
    for (const size of [1, 2, 3, 4, 5, 7, 8192, 8193, 1 << 20]) {
      const src = await TextSource.open({ name: 'x.nbib', content }, size);
      expect(await text(src), `chunk ${size}`).toBe('x'.repeat(8190) + '\n' + lines.join('\n') + '\n');
    }
    const mixed = await TextSource.open({ name: 'm.txt', content: 'a\r\rb\r\r\r\nc' });
    expect(await text(mixed)).toBe('a\n\nb\n\nc');
  });

  it('reads files from disk, hashes them and decodes Windows-1252 and UTF-16', async () => {
    const utf8 = path.join(dir, 'u.csv');
    writeFileSync(utf8, 'PMID,Title\n1,Ä\n');
    const s1 = await TextSource.open({ name: 'u.csv', path: utf8 });
    expect(await text(s1)).toBe('PMID,Title\n1,Ä\n');
    expect(s1.sha256()).toMatch(/^[0-9a-f]{64}$/);

    const latin = path.join(dir, 'l.csv');
    writeFileSync(latin, Buffer.from([0x50, 0x2c, 0x54, 0x0a, 0x31, 0x2c, 0xe9, 0x0a]));
    const s2 = await TextSource.open({ name: 'l.csv', path: latin });
    expect(await text(s2)).toBe('P,T\n1,é\n');
    expect(s2.encoding).toBe('windows-1252');

    const utf16 = path.join(dir, 'w.csv');
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('PMID,Title\r\n1,Ω\r\n', 'utf16le')]),
    );
    expect(await text(await TextSource.open({ name: 'w.csv', path: utf16 }))).toBe('PMID,Title\n1,Ω\n');

    // Without a BOM, with characters one of whose bytes is a control code (’ is 19 20) or zero (Ā is 00 01).
    const content = 'PMID,Title\r\n1,It’s Ā test\r\n';
    for (const [encoding, bytes] of [
      ['utf-16le', Buffer.from(content, 'utf16le')],
      ['utf-16be', Buffer.from(content, 'utf16le').swap16()],
    ] as const) {
      const file = path.join(dir, `${encoding}.csv`);
      writeFileSync(file, bytes);
      const src = await TextSource.open({ name: `${encoding}.csv`, path: file });
      expect(await text(src), encoding).toBe('PMID,Title\n1,It’s Ā test\n');
      expect(src.encoding).toBe(encoding);
    }
  });

  it('refuses binary files, workbooks and missing files with ImportError', async () => {
    const bin = path.join(dir, 'b.csv');
    writeFileSync(bin, Buffer.from([0x00, 0x01, 0x02, 0x03, 0x50, 0x00, 0x00, 0x09, 0x00, 0x10, 0x20]));
    await expect(text(await TextSource.open({ name: 'b.csv', path: bin }))).rejects.toThrow(
      /b\.csv: this is a binary file/,
    );
    const xlsx = path.join(dir, 'book.csv');
    writeFileSync(xlsx, Buffer.from('PK\u0003\u0004rest-of-zip', 'latin1'));
    await expect(text(await TextSource.open({ name: 'book.csv', path: xlsx }))).rejects.toThrow(
      /Excel workbook/,
    );
    await expect(TextSource.open({ name: 'nope.csv', path: path.join(dir, 'nope.csv') })).rejects.toThrow(
      /nope\.csv: no such file/,
    );
  });

  it('takes bytes with a buffer of their own for the one read (freed after it), and reads pooled ones in place', async () => {
    const body = 'PMID,Title\n' + '1,Ölçüm of “things”\n'.repeat(20_000);
    // A request body: a frame header, then the file (the content is a view into the body's buffer).
    const frame = Buffer.allocUnsafe(64 + Buffer.byteLength(body));
    frame.fill(0, 0, 64);
    frame.write(body, 64, 'utf8');
    const bytes = frame.subarray(64);
    const source = await TextSource.open({ name: 'big.csv', bytes });
    expect(source.total).toBe(Buffer.byteLength(body));
    expect(await text(source)).toBe(body);
    expect(source.sha256()).toBe(createHash('sha256').update(body).digest('hex'));
    // The body's buffer went with the read: every view of it is empty now.
    expect([bytes.byteLength, frame.byteLength]).toEqual([0, 0]);
    // A small Buffer shares Node's pool with others: read in place, left as it was.
    const small = Buffer.from('PMID,Title\n1,x\n');
    expect(small.buffer.byteLength).toBeLessThanOrEqual(Buffer.poolSize);
    expect(await text(await TextSource.open({ name: 'small.csv', bytes: small }))).toBe('PMID,Title\n1,x\n');
    expect(small.toString()).toBe('PMID,Title\n1,x\n');
  });
});

describe('readCsv', () => {
  const input = [
    'PMID,Title,Authors', // line 1
    '1,"Plain",A', // line 2
    '2,"Title over', // line 3
    'two lines","B, C"', // line 4
    '', // line 5 (blank)
    '3,"He said ""hi""",D', // line 6
    '4,"Three', // line 7
    '', // line 8
    'lines",E', // line 9
    '5,Last,F', // line 10, no final newline
  ].join('\n');

  it('reports the physical start line of every record, whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 4, 5, 8, 13, 1000]) {
      const got = await rows(input, size);
      expect(
        got.filter((r) => r.fields.some((f) => f)).map((r) => [r.line, r.fields[0]]),
        `chunk ${size}`,
      ).toEqual([
        [1, 'PMID'],
        [2, '1'],
        [3, '2'],
        [6, '3'],
        [7, '4'],
        [10, '5'],
      ]);
      const byId = new Map(got.map((r) => [r.fields[0], r]));
      expect(byId.get('2')?.fields).toEqual(['2', 'Title over\ntwo lines', 'B, C']);
      expect(byId.get('3')?.fields[1]).toBe('He said "hi"');
      expect(byId.get('4')?.raw()).toBe('4,"Three\n\nlines",E');
      // Only the last record, which has no line end after it, is not "ended" (a cut file's last row).
      expect(
        got.filter((r) => !r.ended).map((r) => r.fields[0]),
        `chunk ${size}`,
      ).toEqual(['5']);
      expect(
        (await rows(`${input}\n`, size)).every((r) => r.ended),
        `chunk ${size}`,
      ).toBe(true);
    }
  });

  it('throws ImportError naming the line of a malformed quoted field', async () => {
    const bad = 'PMID,Title\n1,"ok"\n2,"ok"\n3,"bad "quote" here"\n4,"ok"\n';
    for (const size of [3, 1000]) {
      const err = await rows(bad, size).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).line).toBe(4);
      expect((err as Error).message).toMatch(/^t\.csv, line 4: a quoted field is malformed/);
    }
  });

  it('throws ImportError naming the line of a quote that is never closed', async () => {
    const bad = 'PMID,Title\n1,ok\n2,ok\n\n3,"never closed\n4,more\n5,more\n';
    const err = await rows(bad, 4).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).line).toBe(5);
    expect((err as Error).message).toContain('never closed');
    // Given the header's names, the field the quote opens in is named too.
    const named = await readCsv(
      split(bad, 4),
      { file: 't.csv', delimiter: ',', fieldName: (i) => ['PMID', 'Title'][i] },
      () => {},
    ).catch((e: unknown) => e);
    expect((named as ImportError).field).toBe('Title');
    expect((named as Error).message).toMatch(
      /^t\.csv, line 5, field "Title": a quoted field is never closed/,
    );
  });

  it('stops a runaway record past the size limit', async () => {
    const bad = 'A,B\n1,"' + 'x'.repeat(5000);
    const err = await readCsv(
      split(bad, 100),
      { file: 'big.csv', delimiter: ',', maxRecordChars: 1000 },
      () => {},
    ).catch((e: unknown) => e);
    expect((err as ImportError).line).toBe(2);
  });

  // Past 1 MB of unfinished record the reader gathers chunks before parsing again (csv.ts): the
  // records around and after such fields still come out whole, in order, with their lines.
  it('reads multi-megabyte fields with line breaks between small records, at any chunk size', async () => {
    const big = ('lorem "ipsum"\n' + 'x'.repeat(70)).repeat(40_000); // 3.4 MB, 40,000 line breaks
    const huge = 'y'.repeat(2_500_000);
    const input = [
      'A,B',
      '1,small',
      `2,"${big.replace(/"/g, '""')}"`,
      '3,small',
      `4,"${huge}","${big.replace(/"/g, '""')}"`,
      '5,last',
    ].join('\n');
    for (const size of [65_536, 1 << 20, 3_000_001]) {
      const got = await rows(input, size);
      expect(
        got.map((r) => [r.line, r.fields[0]]),
        `chunk ${size}`,
      ).toEqual([
        [1, 'A'],
        [2, '1'],
        [3, '2'],
        [40_004, '3'], // record 2 spans lines 3 to 40,003
        [40_005, '4'],
        [80_006, '5'],
      ]);
      expect(got[2]?.fields[1]).toBe(big);
      expect(got[4]?.fields).toEqual(['4', huge, big]);
      expect(got[5]?.raw()).toBe('5,last');
    }
    // The size limit still holds while chunks are gathered.
    const err = await readCsv(
      split(`A,B\n1,ok\n2,"${'z'.repeat(6_000_000)}`, 65_536),
      { file: 'big.csv', delimiter: ',', maxRecordChars: 4_000_000 },
      () => {},
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).line).toBe(3);
  });
});

describe('detectFormat', () => {
  const pubmedHeader =
    'PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI';

  it('recognises PubMed CSV headers, Excel variants and other delimiters', () => {
    expect(detectFormat('a.csv', `${pubmedHeader}\n1,x`).adapter.id).toBe('pubmed-csv');
    expect(detectFormat('a.csv', `${pubmedHeader},,,Adress \n`).delimiter).toBe(',');
    expect(detectFormat('a.csv', `\n\n${pubmedHeader.replace(/,/g, ';')}\n`).delimiter).toBe(';');
  });

  it('recognises tagged text formats by their first line and lists the supported ones for unknown files', () => {
    expect(detectFormat('w.txt', 'FN Clarivate Analytics Web of Science\nVR 1.0\n').adapter.id).toBe(
      'wos-txt',
    );
    expect(detectFormat('w.txt', 'PT J\nAU Smith, J\n').adapter.id).toBe('wos-txt');
    expect(detectFormat('m.txt', 'PMID- 31281534\nOWN - NLM\n').adapter.id).toBe('medline');
    expect(
      detectFormat('s.csv', 'Authors,Author full names,Author(s) ID,Title,Year,Cited by,DOI,Link\n').adapter
        .id,
    ).toBe('scopus-csv');
    expect(detectFormat('d.csv', '"About the data: x"\nRank,Publication ID,Title\n')).toMatchObject({
      skipRows: 1,
    });
    expect(() => detectFormat('x.csv', 'name,colour\nA,red\n')).toThrow(
      /x\.csv, line 1: unrecognised format \(columns found: name, colour\).*Supported formats: pubmed-csv/,
    );
  });
});
