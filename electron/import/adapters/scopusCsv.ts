// Adapter for Scopus CSV exports, all three author styles ("Merino J., Dashti H.S." before 2020,
// "Hahn W.; Ahmadi N.", and "Xiao, Y.; Zhang, Y." since 2024), "Author full names" with Scopus
// author IDs, "Authors with affiliations" (one affiliation string per author), Cited by, author and
// index keywords, EID (or the id in Link when the EID column was not exported), DOI, PubMed ID.
// Files exported without affiliation columns are read too.
import { parseAffiliation } from '../../../shared/formats/affiliations';
import { parseYear } from '../../../shared/formats/dates';
import {
  bylineTooLong,
  MAX_BYLINE_PEOPLE,
  parseCommaName,
  parseFamilyInitials,
} from '../../../shared/formats/names';
import { cleanSpace, foldKey, normalizeDoi } from '../../../shared/formats/text';
import type { ImportAuthor, ImportRecord } from '../../../shared/formats/types';
import { cell, count, indexColumns, requireColumn, splitList, tooWide, uniq } from './common';
import { columnKey, type DelimitedAdapter, type RowMapper } from './types';

const HINTS = [
  'author(s) id',
  'author full names',
  'eid',
  'source title',
  'cited by',
  'link',
  'authors with affiliations',
];
const NO_AUTHOR = /^\[?no author name available\]?$/i;

/** The abbreviated "Authors" cell in any of Scopus's three styles. */
export function splitScopusAuthors(s: string): string[] {
  if (!s || NO_AUTHOR.test(s.trim())) return [];
  if (s.includes(';')) return splitList(s).filter((x) => !NO_AUTHOR.test(x));
  const pieces = splitList(s, ',');
  // Old style: every comma-separated piece is "Family I.".
  const fi = (p: string) => parseFamilyInitials(p.replace(/(\p{Lu})\.-(\p{Lu})/gu, '$1$2')) !== null;
  if (pieces.length > 1 && pieces.every(fi)) return pieces;
  return [cleanSpace(s)];
}

/** "Xiao, Yu (59665966200)" → name and Scopus author ID. */
function fullName(piece: string): { author: ImportAuthor | null; id?: string } {
  const m = /^(.*?)\s*\((\d{5,})\)\s*$/.exec(piece);
  const author = parseCommaName(m ? (m[1] as string) : piece);
  return m ? { author, id: m[2] as string } : { author };
}

/** Splits "Authors with affiliations" into one affiliation string per author (by position or name). */
export function scopusAffiliations(text: string, authors: ImportAuthor[], fullNames: string[]): string[] {
  const out: string[] = authors.map(() => '');
  const parts = splitList(text);
  if (parts.length === 0 || authors.length === 0) return out;
  const stripName = (part: string, i: number): string => {
    const names = [fullNames[i], authors[i]?.raw].filter((n): n is string => !!n);
    for (const n of names) {
      if (part.startsWith(n + ',')) return part.slice(n.length + 1).trim();
      if (part === n) return '';
    }
    const commas = (authors[i]?.raw.match(/,/g)?.length ?? 0) + 1;
    return part.split(',').slice(commas).join(',').trim();
  };
  if (parts.length === authors.length) {
    parts.forEach((p, i) => (out[i] = stripName(p, i)));
    return out;
  }
  // Counts differ (an affiliation with ';', or an author listed twice): walk by family name.
  let k = -1;
  for (const p of parts) {
    const key = foldKey(p);
    let next = -1;
    for (let j = k + 1; j < authors.length; j++) {
      const fam = foldKey(authors[j]?.family ?? '');
      if (fam && key.startsWith(fam + ' ')) {
        next = j;
        break;
      }
    }
    if (k >= 0 && next === -1 && key.startsWith(foldKey(authors[k]?.family ?? '') + ' ')) {
      out[k] = [out[k], stripName(p, k)].filter(Boolean).join('; ');
      continue;
    }
    if (next >= 0) {
      k = next;
      out[k] = stripName(p, k);
    } else if (k >= 0) out[k] = [out[k], p].filter(Boolean).join('; ');
  }
  return out;
}

export const scopusCsv: DelimitedAdapter = {
  kind: 'delimited',
  id: 'scopus-csv',
  label: 'Scopus CSV (Scopus: Export → CSV)',
  delimiters: [',', ';', '\t'],

  matchHeader(columns) {
    const keys = new Set(columns.map(columnKey));
    if (!keys.has('authors') || !keys.has('title')) return 0;
    const hints = HINTS.filter((h) => keys.has(h)).length;
    return hints >= 2 ? 0.6 + hints / 20 : 0;
  },

  begin(columns, file, headerLine): RowMapper {
    const c = indexColumns(columns);
    const fix = 'Export the file again from Scopus as CSV with at least Authors and Title';
    const iTitle = requireColumn(c, file, headerLine, ['title'], 'Title', fix);
    const iAuthors = c.col('authors');
    const iFull = c.col('author full names');
    const iIds = c.col('author(s) id', 'author(s) ids');
    const iWithAff = c.col('authors with affiliations');
    const iAff = c.col('affiliations');
    const iYear = c.col('year');
    const iSource = c.col('source title');
    const iCited = c.col('cited by');
    const iDoi = c.col('doi');
    const iEid = c.col('eid');
    const iLink = c.col('link');
    const iPmid = c.col('pubmed id');
    const iAk = c.col('author keywords');
    const iIk = c.col('index keywords');

    return (fields, line) => {
      const wide = tooWide(fields, c.width);
      if (wide) return { reject: wide };
      const title = cell(fields, iTitle);
      if (!title) return { reject: 'no title (column "Title")' };
      const abbrev = splitScopusAuthors(cell(fields, iAuthors));
      const fullPieces = splitList(cell(fields, iFull));
      const full = fullPieces.map(fullName);
      const ids = splitList(cell(fields, iIds));
      const useFull = full.length > 0 && (abbrev.length === 0 || full.length === abbrev.length);
      const authors: ImportAuthor[] = [];
      const count0 = useFull ? full.length : abbrev.length;
      if (count0 > MAX_BYLINE_PEOPLE) return { reject: bylineTooLong('Authors') };
      for (let i = 0; i < count0; i++) {
        const base = useFull ? full[i]?.author : parseCommaName(abbrev[i] ?? '');
        if (!base) continue;
        const a: ImportAuthor = { ...base, raw: abbrev[i] ?? base.raw };
        const id = useFull ? full[i]?.id : undefined;
        const sid = id ?? (ids.length === count0 ? ids[i] : undefined);
        if (sid && /^\d+$/.test(sid)) a.scopusId = sid;
        authors.push(a);
      }
      const withAff = cell(fields, iWithAff);
      const affs = withAff
        ? scopusAffiliations(
            withAff,
            authors,
            fullPieces.map((p) => p.replace(/\s*\(\d+\)\s*$/, '')),
          )
        : authors.length === 1 && cell(fields, iAff)
          ? [cell(fields, iAff)]
          : [];
      affs.forEach((aff, i) => {
        const a = authors[i];
        if (!a || !aff) return;
        a.affiliation = aff;
        // Scopus ends every affiliation with its country ("Tbilisi, Georgia" is the country).
        const inst = parseAffiliation(aff, { countryWritten: true });
        if (inst) a.institution = inst;
      });
      const record: ImportRecord = {
        line,
        title,
        keywords: uniq([...splitList(cell(fields, iAk)), ...splitList(cell(fields, iIk))]),
        mesh: [],
        authors,
      };
      const doi = normalizeDoi(cell(fields, iDoi));
      if (doi) record.doi = doi;
      const link = cell(fields, iLink);
      const eid =
        /^2-s2\.0-\d+$/.exec(cell(fields, iEid))?.[0] ??
        /eid=(2-s2\.0-\d+)/.exec(link)?.[1] ??
        (/\/publications\/(\d+)/.exec(link)?.[1]
          ? `2-s2.0-${/\/publications\/(\d+)/.exec(link)?.[1]}`
          : undefined);
      if (eid) record.eid = eid;
      const pmid = cell(fields, iPmid).replace(/^0+(?=\d)/, '');
      if (/^\d+$/.test(pmid) && pmid !== '0') record.pmid = pmid;
      const journal = cell(fields, iSource);
      if (journal) record.journal = journal;
      const year = parseYear(cell(fields, iYear));
      if (year !== undefined) record.year = year;
      const cited = count(cell(fields, iCited));
      if (cited !== undefined) record.citations = cited;
      return { record };
    };
  },
};
