// Adapters for Dimensions publication CSV (with or without the "About the data" line above the header,
// which ../detect.ts skips; Authors "Last, First M; ..."; "Authors (Raw Affiliation)" = "Name (full
// affiliation)"; MeSH terms; Times cited) and Lens.org scholarly CSV (Lens ID, Title, Author/s,
// Source Title, Publication Year, DOI, PMID, Citing Works Count, Keywords, MeSH Terms).
import { parseAffiliation } from '../../../shared/formats/affiliations';
import { parseYear } from '../../../shared/formats/dates';
import { bylineTooLong, MAX_BYLINE_PEOPLE, parseCommaName } from '../../../shared/formats/names';
import { foldKey, normalizeDoi } from '../../../shared/formats/text';
import type { ImportAuthor, ImportRecord } from '../../../shared/formats/types';
import {
  cell,
  count,
  indexColumns,
  requireColumn,
  splitList,
  splitOutsideParens,
  tooWide,
  uniq,
} from './common';
import { columnKey, type DelimitedAdapter } from './types';

function people(s: string): ImportAuthor[] {
  return splitList(s)
    .map(parseCommaName)
    .filter((a): a is ImportAuthor => a !== null);
}

/**
 * "Sheen, Jack Z (Inst..., Toronto, Canada.); Mazza, Frank (...)" → affiliation per author. Also reads
 * "Authors Affiliations" ("Sheen, Jack Z (University of Toronto); ..."), which only fills authors the
 * raw affiliations left without one (`onlyMissing`): exports made without the raw column still place people.
 */
function rawAffiliations(s: string, authors: ImportAuthor[], onlyMissing = false): void {
  const parts = splitOutsideParens(s);
  parts.forEach((p, i) => {
    const open = p.indexOf(' (');
    if (open < 0 || !p.endsWith(')')) return;
    const name = foldKey(p.slice(0, open));
    const aff = p.slice(open + 2, -1).trim();
    // By name; by position when the names do not line up.
    const a =
      authors.find((x) => foldKey(x.raw) === name) ??
      (parts.length === authors.length ? authors[i] : undefined);
    if (!a || !aff || (onlyMissing && a.affiliation)) return;
    a.affiliation = aff;
    const inst = parseAffiliation(aff);
    if (inst) a.institution = inst;
  });
}

function ids(record: ImportRecord, doiRaw: string, pmidRaw: string): void {
  const doi = normalizeDoi(doiRaw);
  if (doi) record.doi = doi;
  const pmid = pmidRaw.replace(/^0+(?=\d)/, '');
  if (/^\d+$/.test(pmid) && pmid !== '0') record.pmid = pmid;
}

export const dimensionsCsv: DelimitedAdapter = {
  kind: 'delimited',
  id: 'dimensions-csv',
  label: 'Dimensions publication CSV (Dimensions: Export → CSV)',
  delimiters: [',', ';', '\t'],
  matchHeader(columns) {
    const keys = new Set(columns.map(columnKey));
    return keys.has('publication id') && keys.has('title') ? 0.9 : 0;
  },
  begin(columns, file, headerLine) {
    const c = indexColumns(columns);
    const iTitle = requireColumn(
      c,
      file,
      headerLine,
      ['title'],
      'Title',
      'Export the file again from Dimensions as CSV',
    );
    const iAuthors = c.col('authors');
    const iRaw = c.col('authors (raw affiliation)');
    // Older exports name these "Authors Affiliations - Name of Research organization" and
    // "Source title/Anthology title".
    const iOrgs = c.col('authors affiliations', 'authors affiliations - name of research organization');
    const iMesh = c.col('mesh terms');
    const iYear = c.col('pubyear');
    const iDate = c.col('publication date');
    const iSource = c.col('source title', 'source title/anthology title');
    const iCited = c.col('times cited');
    const iDoi = c.col('doi');
    const iPmid = c.col('pmid');
    return (fields, line) => {
      const wide = tooWide(fields, c.width);
      if (wide) return { reject: wide };
      const title = cell(fields, iTitle);
      if (!title) return { reject: 'no title (column "Title")' };
      const authors = people(cell(fields, iAuthors));
      if (authors.length > MAX_BYLINE_PEOPLE) return { reject: bylineTooLong('Authors') };
      rawAffiliations(cell(fields, iRaw), authors);
      rawAffiliations(cell(fields, iOrgs), authors, true);
      const record: ImportRecord = {
        line,
        title,
        keywords: [],
        mesh: uniq(splitList(cell(fields, iMesh))),
        authors,
      };
      ids(record, cell(fields, iDoi), cell(fields, iPmid));
      const journal = cell(fields, iSource);
      if (journal) record.journal = journal;
      const year = parseYear(cell(fields, iYear)) ?? parseYear(cell(fields, iDate).slice(0, 4));
      if (year !== undefined) record.year = year;
      const cited = count(cell(fields, iCited));
      if (cited !== undefined) record.citations = cited;
      return { record };
    };
  },
};

export const lensCsv: DelimitedAdapter = {
  kind: 'delimited',
  id: 'lens-csv',
  label: 'Lens.org scholarly CSV (Lens: Export → CSV)',
  delimiters: [',', ';', '\t'],
  matchHeader(columns) {
    const keys = new Set(columns.map(columnKey));
    return keys.has('lens id') && keys.has('title') ? 0.9 : 0;
  },
  begin(columns, file, headerLine) {
    const c = indexColumns(columns);
    const iTitle = requireColumn(
      c,
      file,
      headerLine,
      ['title'],
      'Title',
      'Export the file again from Lens.org as CSV',
    );
    const iAuthors = c.col('author/s', 'authors');
    const iSource = c.col('source title');
    const iYear = c.col('publication year');
    const iDoi = c.col('doi');
    const iPmid = c.col('pmid');
    const iCited = c.col('citing works count', 'scholarly citations count');
    const iKw = c.col('keywords');
    const iMesh = c.col('mesh terms');
    return (fields, line) => {
      const wide = tooWide(fields, c.width);
      if (wide) return { reject: wide };
      const title = cell(fields, iTitle);
      if (!title) return { reject: 'no title (column "Title")' };
      const authors = people(cell(fields, iAuthors));
      if (authors.length > MAX_BYLINE_PEOPLE) return { reject: bylineTooLong('Author/s') };
      const record: ImportRecord = {
        line,
        title,
        keywords: uniq(splitList(cell(fields, iKw))),
        mesh: uniq(splitList(cell(fields, iMesh))),
        authors,
      };
      ids(record, cell(fields, iDoi), cell(fields, iPmid));
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
