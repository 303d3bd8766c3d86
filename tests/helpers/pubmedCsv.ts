// Writes records as a PubMed "Save → CSV" file, so tests can build valid, broken and odd PubMed CSVs
// from generated (fictional) data instead of copying real exports.
import type { ImportRecord } from '../../shared/formats/types';

export const PUBMED_HEADER = [
  'PMID',
  'Title',
  'Authors',
  'Citation',
  'First Author',
  'Journal/Book',
  'Publication Year',
  'Create Date',
  'PMCID',
  'NIHMS ID',
  'DOI',
];

export interface PubmedCsvOptions {
  eol?: '\n' | '\r\n';
  bom?: boolean;
  /** Quote every field (PubMed does) or only where needed (Excel does). */
  quoteAll?: boolean;
  header?: string[];
}

const q = (v: string, all: boolean): string => (all || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One PubMed-style row (fields in PUBMED_HEADER order) for a record with a PMID. */
export function pubmedRow(r: ImportRecord & { pmid: string }): string[] {
  const authors = r.authors.map((a) => `${a.family} ${a.initials}`.trim()).join(', ');
  const byline = [authors, ...(r.collectives ?? [])].filter(Boolean).join('; ');
  return [
    r.pmid,
    r.title,
    byline ? `${byline}.` : '',
    `${r.journal ?? ''}. ${r.year ?? ''};1(1):1-10.${r.doi ? ` doi: ${r.doi}.` : ''}`,
    r.authors[0] ? `${r.authors[0].family} ${r.authors[0].initials}` : '',
    r.journal ?? '',
    r.year ? String(r.year) : '',
    r.createDate ? r.createDate.replace(/-/g, '/') : '',
    '',
    '',
    r.doi ?? '',
  ];
}

export function csvText(rows: string[][], options: PubmedCsvOptions = {}): string {
  const eol = options.eol ?? '\r\n';
  const all = options.quoteAll ?? true;
  const header = (options.header ?? PUBMED_HEADER).join(',');
  const body = rows.map((row) => row.map((v) => q(v, all)).join(',')).join(eol);
  return `${options.bom === false ? '' : '\uFEFF'}${header}\n${body}${body ? eol : ''}`;
}

/** Gives records PMIDs 90000001, 90000002... (fictional) and writes them as a PubMed CSV. */
export function pubmedCsv(records: ImportRecord[], options: PubmedCsvOptions = {}): string {
  return csvText(
    records.map((r, i) => pubmedRow({ ...r, pmid: String(90000001 + i) })),
    options,
  );
}
