// Adapter for PubMed's "Save → Format: CSV" export (columns PMID, Title, Authors, Citation,
// First Author, Journal/Book, Publication Year, Create Date, PMCID, NIHMS ID, DOI), including copies
// re-saved by Excel (extra empty columns, m/d/yyyy dates, quotes stripped, ';' as delimiter in some
// locales). Bylines are parsed by shared/formats/names.ts; group authors are kept apart from people.
import { findYear, parseDate, parseYear } from '../../../shared/formats/dates';
import { bylineTooLong, parsePubmedAuthors } from '../../../shared/formats/names';
import { cleanSpace, normalizeDoi } from '../../../shared/formats/text';
import type { ImportRecord } from '../../../shared/formats/types';
import { ImportError } from '../errors';
import { columnKey, type DelimitedAdapter, type RowMapper } from './types';

const REQUIRED = ['pmid', 'title'] as const;
// Columns only PubMed's CSV has; they tell it apart from other CSVs with PMID and Title columns.
const DISTINCTIVE = [
  'citation',
  'first author',
  'journal/book',
  'publication year',
  'create date',
  'nihms id',
];

function journalFromCitation(citation: string): string | undefined {
  // "J Am Med Inform Assoc. 2017 Mar 1;24(2):398-402. doi: ..." → "J Am Med Inform Assoc"
  const m = /^(.+?)\.\s+(?:\d{4}|\[)/.exec(citation);
  return m?.[1] ? cleanSpace(m[1]) : undefined;
}

export const pubmedCsv: DelimitedAdapter = {
  kind: 'delimited',
  id: 'pubmed-csv',
  label: 'PubMed CSV (PubMed: Save → Format: CSV)',
  delimiters: [',', ';', '\t'],

  matchHeader(columns) {
    const keys = new Set(columns.map(columnKey));
    const distinctive = DISTINCTIVE.filter((c) => keys.has(c)).length;
    const required = REQUIRED.filter((c) => keys.has(c)).length;
    if (distinctive >= 3)
      return 0.5 + (distinctive + required) / (2 * (DISTINCTIVE.length + REQUIRED.length));
    if (required === 2 && distinctive >= 2) return 0.5;
    return 0;
  },

  begin(columns, file, headerLine): RowMapper {
    const index = new Map<string, number>();
    columns.forEach((c, i) => {
      const k = columnKey(c);
      if (k && !index.has(k)) index.set(k, i);
    });
    const found = columns.map((c) => c.trim()).filter(Boolean);
    for (const req of REQUIRED) {
      if (!index.has(req)) {
        throw new ImportError({
          file,
          line: headerLine,
          problem: `no ${req === 'pmid' ? 'PMID' : 'Title'} column (columns found: ${found.join(', ') || 'none'})`,
          fix: 'A PubMed CSV needs PMID and Title columns; export it again from PubMed with Save → Format: CSV',
        });
      }
    }
    const col = (name: string): number => index.get(name) ?? -1;
    const iPmid = col('pmid');
    const iTitle = col('title');
    const iAuthors = col('authors');
    const iCitation = col('citation');
    const iJournal = col('journal/book');
    const iYear = col('publication year');
    const iCreate = col('create date');
    const iDoi = col('doi');
    const width = columns.length;

    return (fields, line) => {
      const get = (i: number): string => (i >= 0 ? cleanSpace(fields[i] ?? '') : '');
      if (fields.length > width && fields.slice(width).some((f) => f.trim() !== '')) {
        return {
          reject: `row has ${fields.length} fields but the header has ${width} (a field probably holds an unquoted separator)`,
        };
      }
      const rawPmid = get(iPmid);
      if (!rawPmid) return { reject: 'no PMID' };
      if (!/^\d+$/.test(rawPmid)) return { reject: `PMID "${rawPmid.slice(0, 40)}" is not a number` };
      const pmid = rawPmid.replace(/^0+(?=\d)/, '');
      if (pmid === '0') return { reject: 'PMID 0 is not a valid PMID' };
      const title = get(iTitle);
      if (!title) return { reject: 'no title' };

      const citation = get(iCitation);
      const createDate = parseDate(get(iCreate));
      const { authors, collectives, overflow } = parsePubmedAuthors(get(iAuthors));
      if (overflow) return { reject: bylineTooLong('Authors') };
      const record: ImportRecord = {
        line,
        pmid,
        title,
        keywords: [],
        mesh: [],
        authors,
      };
      const doi = normalizeDoi(get(iDoi)) ?? normalizeDoi(/\bdoi:\s*(10\.\S+)/i.exec(citation)?.[1]);
      if (doi) record.doi = doi;
      const journal = get(iJournal) || journalFromCitation(citation);
      if (journal) record.journal = journal;
      const year =
        parseYear(get(iYear)) ??
        findYear(citation) ??
        (createDate ? Number(createDate.slice(0, 4)) : undefined);
      if (year !== undefined) record.year = year;
      if (createDate) record.createDate = createDate;
      if (collectives.length) record.collectives = collectives;
      return { record };
    };
  },
};
