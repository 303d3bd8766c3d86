// Adapter for any other CSV, read through a column mapping given by the user
// (`--map "Author Name=authors" --map "Year=year"`). GENERIC_FIELDS are the fields a column can map
// to; an unknown field or a column the file does not have is an ImportError naming it.
import { GENERIC_FIELDS } from '../../../shared/api';
import { parseAffiliation } from '../../../shared/formats/affiliations';
import { parseDate, parseYear } from '../../../shared/formats/dates';
import {
  bylineTooLong,
  MAX_BYLINE_PEOPLE,
  parseCommaName,
  parseGivenFirstName,
  parsePubmedAuthors,
  type ParsedByline,
} from '../../../shared/formats/names';
import { normalizeDoi } from '../../../shared/formats/text';
import type { ImportAuthor, ImportRecord } from '../../../shared/formats/types';
import { ImportError } from '../errors';
import { cell, count, indexColumns, splitList, tooWide, uniq } from './common';
import { columnKey, type DelimitedAdapter } from './types';

export { GENERIC_FIELDS };

/** A byline in whichever style it comes. */
export function parseAnyByline(s: string): ParsedByline {
  if (!s) return { authors: [], collectives: [] };
  if (s.includes(';')) {
    const parts = splitList(s);
    if (parts.length > MAX_BYLINE_PEOPLE) return { authors: [], collectives: [], overflow: true };
    const authors = parts
      .map((p) => (p.includes(',') ? parseCommaName(p) : parseGivenFirstName(p)))
      .filter((a): a is ImportAuthor => a !== null);
    return { authors, collectives: [] };
  }
  // "Doe, Jane" or "Doe, Jane A, Smith, Adam": comma-separated "Family, Given" pairs. Only where that is
  // the one reading: each family part a single word (a byline "Jane Doe, Adam Smith" is two people
  // given first), each given part a word and maybe initials ("Doe J", PubMed's style, is not).
  const parts = s.split(',').map((p) => p.trim());
  if (
    parts.length >= 2 &&
    parts.length % 2 === 0 &&
    parts.every((p, i) => (i % 2 === 0 ? FAMILY_WORD.test(p) : GIVEN_NAME.test(p)))
  ) {
    if (parts.length / 2 > MAX_BYLINE_PEOPLE) return { authors: [], collectives: [], overflow: true };
    const authors: ImportAuthor[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      const a = parseCommaName(`${parts[i]}, ${parts[i + 1]}`);
      if (a) authors.push(a);
    }
    return { authors, collectives: [] };
  }
  const pubmed = parsePubmedAuthors(s);
  if (pubmed.authors.length > 1 || !s.includes(',')) return pubmed;
  const one = parseCommaName(s);
  return { authors: one ? [one] : [], collectives: [] };
}

/** One family name word ("Doe", "García-López", "O'Brien"), not initials ("KD"). */
const FAMILY_WORD = /^(?!(?:\p{Lu}\.?){1,3}$)\p{L}[\p{L}'’-]*$/u;
/** A given name and maybe initials: "Jane", "Jane A", "Jean-Luc M.". */
const GIVEN_NAME = /^\p{Lu}\p{Ll}[\p{L}'’-]*(?:\s(?:\p{Lu}\.?){1,3})?$/u;

export const genericCsv: DelimitedAdapter = {
  kind: 'delimited',
  id: 'generic-csv',
  label: 'any CSV with a column mapping (--format generic-csv --map "Column=field")',
  delimiters: [',', ';', '\t', '|'],
  // Never chosen automatically: it needs a mapping.
  matchHeader: () => 0,
  begin(columns, file, headerLine, options) {
    const map = options?.map ?? {};
    const fields = Object.keys(GENERIC_FIELDS).join(', ');
    if (Object.keys(map).length === 0) {
      throw new ImportError({
        file,
        problem: 'generic-csv needs a column mapping',
        fix: `Give one --map "Column=field" per column to read; fields: ${fields}`,
      });
    }
    const c = indexColumns(columns);
    const target = new Map<string, number>();
    for (const [src, fieldRaw] of Object.entries(map)) {
      const field = fieldRaw.trim().toLowerCase();
      if (!(field in GENERIC_FIELDS)) {
        throw new ImportError({
          file,
          field,
          problem: `--map "${src}=${fieldRaw}": unknown field "${fieldRaw}"`,
          fix: `Map columns to one of: ${fields}`,
        });
      }
      const i = c.col(columnKey(src));
      if (i < 0) {
        throw new ImportError({
          file,
          line: headerLine,
          field: src,
          problem: `--map "${src}=${fieldRaw}": the file has no column "${src}" (columns found: ${c.found})`,
          fix: 'Use a column name exactly as the header row writes it',
        });
      }
      target.set(field === 'author' ? 'authors' : field, i);
    }
    if (!target.has('title')) {
      throw new ImportError({
        file,
        field: 'title',
        problem: 'the mapping has no title column',
        fix: 'Add --map "Your Title Column=title"',
      });
    }
    const at = (f: string) => target.get(f) ?? -1;
    return (row, line) => {
      const wide = tooWide(row, c.width);
      if (wide) return { reject: wide };
      const title = cell(row, at('title'));
      if (!title) return { reject: 'no title (the column mapped to title is empty)' };
      const { authors, collectives, overflow } = parseAnyByline(cell(row, at('authors')));
      if (overflow) return { reject: bylineTooLong('the column mapped to authors') };
      const aff = cell(row, at('affiliation'));
      if (aff) {
        for (const a of authors.length === 1 ? authors : authors.slice(0, 1)) {
          a.affiliation = aff;
          const inst = parseAffiliation(aff);
          if (inst) a.institution = inst;
        }
      }
      const record: ImportRecord = {
        line,
        title,
        keywords: uniq(splitList(cell(row, at('keywords')))),
        mesh: uniq(splitList(cell(row, at('mesh')))),
        authors,
      };
      if (collectives.length) record.collectives = collectives;
      const doi = normalizeDoi(cell(row, at('doi')));
      if (doi) record.doi = doi;
      const pmid = cell(row, at('pmid')).replace(/^0+(?=\d)/, '');
      if (/^\d+$/.test(pmid) && pmid !== '0') record.pmid = pmid;
      const eid = cell(row, at('eid'));
      if (eid) record.eid = eid;
      const ut = cell(row, at('wos_ut')).replace(/^WOS:/i, '');
      if (ut) record.wosUt = ut;
      const journal = cell(row, at('journal'));
      if (journal) record.journal = journal;
      const date = parseDate(cell(row, at('date')));
      const year = parseYear(cell(row, at('year'))) ?? (date ? Number(date.slice(0, 4)) : undefined);
      if (year !== undefined) record.year = year;
      if (date && date.length === 10) record.createDate = date;
      const cited = count(cell(row, at('citations')));
      if (cited !== undefined) record.citations = cited;
      return { record };
    };
  },
};
