// Bylines over MAX_BYLINE_PEOPLE (issue 9): parsing stops past the limit and the record is rejected
// with a reason naming the field, instead of a person per name (a 10 MB Authors cell names ~1M).
// Behaviour only; time and memory are printed by `npm run bench -- --huge-only`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../electron/import';
import { MAX_BYLINE_PEOPLE, parsePubmedAuthors } from '../../shared/formats/names';
import { csvText } from '../helpers/pubmedCsv';
import { tempDir, tempProject } from '../helpers/tmp';

/** Distinct fictional "Family I" names of letters only. */
function names(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    let k = i;
    do {
      s += 'bcdfghjklmnprstvz'[k % 17]! + 'aeiou'[Math.floor(k / 17) % 5]!;
      k = Math.floor(k / 85);
    } while (k > 0);
    out.push(`${s[0]!.toUpperCase()}${s.slice(1)} ${'ABCDEFGH'[i % 8]!}`);
  }
  return out;
}

describe('parsePubmedAuthors at the byline limit', () => {
  it('keeps a byline of exactly the limit and flags one over it', () => {
    const at = parsePubmedAuthors(`${names(MAX_BYLINE_PEOPLE).join(', ')}.`);
    expect(at.overflow).toBeUndefined();
    expect(at.authors).toHaveLength(MAX_BYLINE_PEOPLE);
    const over = parsePubmedAuthors(`${names(MAX_BYLINE_PEOPLE + 1).join(', ')}.`);
    expect(over.overflow).toBe(true);
  });

  it('stops parsing a 10 MB cell soon after the limit', () => {
    const all = names(900_000);
    const cell = `${all.join(', ')}.`;
    expect(cell.length).toBeGreaterThan(9 * 1024 * 1024);
    const r = parsePubmedAuthors(cell);
    expect(r.overflow).toBe(true);
    expect(r.authors.length).toBe(MAX_BYLINE_PEOPLE + 1);
    expect(r.authors[0]?.family).toBe(all[0]!.split(' ')[0]);
  });
});

describe('importing a record whose byline is over the limit', () => {
  const dir = tempDir();

  it('rejects that PubMed CSV row naming the Authors field; the rows around it import', async () => {
    const file = path.join(dir, 'cell.csv');
    const crowd = `${names(MAX_BYLINE_PEOPLE * 3).join(', ')}.`;
    const row = (pmid: string, title: string, byline: string): string[] => [
      pmid,
      title,
      byline,
      'J Test. 2020;1:1.',
      '',
      'J Test',
      '2020',
      '2020/01/02',
      '',
      '',
      '',
    ];
    writeFileSync(
      file,
      csvText(
        [
          row('1', 'Before', 'Famb A, Famc A.'),
          row('2', 'A broken row', crowd),
          row('3', 'After', 'Famc A, Famd B.'),
        ],
        { quoteAll: true },
      ),
    );
    const project = tempProject();
    const r = await importFiles(project, [{ name: 'cell.csv', path: file }]);
    expect(r.files[0]).toMatchObject({ records: 3, imported: 2, rejected: 1 });
    expect(r.files[0]?.rejections[0]?.line).toBe(3);
    expect(r.files[0]?.rejections[0]?.reason).toMatch(/^Authors: more than 20,000 names in one record/);
    // A handful of people from the two small rows, not one per name of the broken cell.
    expect(r.totals.authors).toBeLessThan(10);
  });

  it('rejects a MEDLINE record with too many FAU / AU lines', async () => {
    const file = path.join(dir, 'big.txt');
    const au = names(MAX_BYLINE_PEOPLE + 5).map((n) => `AU  - ${n}`);
    const small = ['PMID- 2', 'TI  - A small paper.', 'DP  - 2020', 'AU  - Famb A', 'AU  - Famc A'];
    writeFileSync(
      file,
      [['PMID- 1', 'TI  - A huge byline.', 'DP  - 2020', ...au], small]
        .map((l) => l.join('\n'))
        .join('\n\n') + '\n',
    );
    const project = tempProject();
    const r = await importFiles(project, [{ name: 'big.txt', path: file }]);
    expect(r.files[0]).toMatchObject({ format: 'medline', records: 2, imported: 1, rejected: 1 });
    expect(r.files[0]?.rejections[0]?.reason).toMatch(/^FAU \/ AU: more than 20,000 names/);
  });
});
