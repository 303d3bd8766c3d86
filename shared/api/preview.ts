// Contract types of the import wizard (issue 3): a dry-run preview of one file (previewImport) and the
// generic-CSV column mappings saved in the project (mapping presets). Re-exported by ./index.ts.
import { z } from 'zod';
import type { FileReport, FormatId } from './index';

/** Target fields of a generic-csv mapping, with what each holds (the adapter and the wizard read it). */
export const GENERIC_FIELDS: Record<string, string> = {
  title: 'the publication title (required)',
  authors: 'the byline: "Family, Given; ..." or "Family AB, Other CD"',
  author: 'same as authors',
  year: 'publication year',
  date: 'publication or creation date',
  doi: 'DOI',
  pmid: 'PubMed ID',
  eid: 'Scopus EID',
  wos_ut: 'Web of Science UT',
  journal: 'journal or source title',
  citations: 'times cited',
  keywords: 'keywords separated by ";"',
  mesh: 'MeSH terms separated by ";"',
  affiliation: "the first author's affiliation (or everyone's when there is one author)",
};

/** A generic-csv mapping: source column (as the header writes it) → target field (GENERIC_FIELDS). */
export const columnMapSchema = z
  .record(z.string().min(1).max(500), z.string().min(1).max(50))
  .refine((m) => Object.keys(m).length <= 200, 'at most 200 mapped columns');

export type ColumnMap = z.infer<typeof columnMapSchema>;

/** A saved mapping, stored in the project (migration 7). */
export interface MappingPreset {
  name: string;
  map: ColumnMap;
  updatedAt: string;
}

export const mappingPresetSchema = z
  .object({ name: z.string().trim().min(1).max(200), map: columnMapSchema })
  .strict();

/** One of the first records of a file as its adapter read it, and what importing it now would do. */
export interface PreviewRow {
  /** Line in the file where the record starts. */
  line: number;
  kind: 'publication' | 'trial' | 'payment' | 'affiliation' | 'rejected';
  /** Publication or trial title; payer and amount; institution; or the rejection reason. */
  title: string;
  year: number | null;
  /** People in order as parsed: "Family, Given" (the byline; investigators; the person paid). */
  people: string[];
  /** Identifiers: "pmid:…", "doi:…", "eid:…", "wos:…", "nct:…", "npi:…", "orcid:…". */
  ids: string[];
  /** What importing it now would do. */
  outcome: 'imported' | 'duplicate' | 'rejected';
}

/** What previewImport found: the result of a real import rolled back (nothing is stored). */
export interface ImportPreview {
  file: string;
  /** The format the file was (or would be) read as; null when it is not recognised. */
  format: FormatId | null;
  /** true: detected from the content; false: the format given in the call. */
  detected: boolean;
  /** How well the content fits the format, 0 to 1. */
  confidence: number;
  /** Why that format, in words. */
  why: string;
  /** The encoding the back end read the bytes as: utf-8, utf-16le, utf-16be or windows-1252 (text handed over as a string is utf-8). */
  encoding: string;
  /** Whether the bytes began with a byte order mark. */
  bom: boolean;
  /** ',' ';' '\t' '|' for delimited files; null for tagged text. */
  delimiter: string | null;
  lineEnding: 'LF' | 'CRLF' | 'CR' | null;
  /** Header columns of a delimited file (as written), or the tags of the first record of tagged text. */
  columns: string[];
  /** The first data rows' cells (delimited files), for mapping columns. */
  sampleCells: string[][];
  /** The first records as parsed. */
  rows: PreviewRow[];
  /** Counts if the file were imported now (duplicates against the project); null when it cannot be. */
  report: FileReport | null;
  /**
   * Why the file cannot be imported as it is (unknown format, missing mapping or column...): the whole
   * message (with advice written for the CLI) and `problem`, the same without the advice.
   */
  error: { message: string; problem: string; line: number | null; field: string | null } | null;
}
