// What an import adapter is: it recognises its format from the header, then maps each row to a
// neutral ImportRecord (shared/formats/types.ts) or a rejection reason. The reader (csv.ts) and the
// writer (electron/db/writer.ts) are shared by all adapters.
import type { FormatId } from '../../../shared/api';
import type {
  ImportAffiliation,
  ImportPayment,
  ImportRecord,
  ImportTrial,
} from '../../../shared/formats/types';

/** What one record of a file becomes: a publication, a trial, a payment, an affiliation, or a rejection. */
export type RowResult =
  | { record: ImportRecord }
  | { trial: ImportTrial }
  | { payment: ImportPayment }
  | { affiliation: ImportAffiliation }
  | { reject: string };

/** Options some adapters need (generic-csv's column mapping: source column → target field). */
export interface AdapterOptions {
  map?: Record<string, string>;
}

/** Maps one data row (fields in header order) starting on `line`. Never throws for a merely bad row. */
export type RowMapper = (fields: string[], line: number) => RowResult;

export interface DelimitedAdapter {
  kind: 'delimited';
  id: FormatId;
  /** How the user makes such a file, for messages ("PubMed: Save → Format: CSV"). */
  label: string;
  /** Delimiters this format may use, most likely first (Excel in some locales writes ';'). */
  delimiters: string[];
  /** Quote character; '\u0000' for formats written without quoting. */
  quoteChar?: string;
  /** How well a header (column names as in the file) fits this format: 0 (not at all) to 1. */
  matchHeader(columns: string[]): number;
  /**
   * Prepares the row mapper for this header. Throws ImportError (naming the file and the header line)
   * when a required column is missing.
   */
  begin(columns: string[], file: string, headerLine: number, options?: AdapterOptions): RowMapper;
}

/** One field of a tagged record: its tag, the line it starts on and its lines (continuations joined apart). */
export interface TaggedField {
  tag: string;
  line: number;
  values: string[];
}

/** One record of a tagged text file (WoS plain text, MEDLINE). */
export interface TaggedRecord {
  line: number;
  fields: TaggedField[];
  /**
   * Set when the file ends inside this record (a download or copy cut short): the tag of the field it
   * stops in and what is missing (a WoS record with no ER line after it, in a file whose other records
   * end with one; a MEDLINE record without the tag that ends every other record, SO).
   */
  cut?: { field: string; missing: string };
}

export type TaggedMapper = (record: TaggedRecord) => RowResult;

/** Tagged plain-text formats: "XX value" (WoS) or "XXXX- value" (MEDLINE) with indented continuations. */
export interface TaggedAdapter {
  kind: 'tagged';
  id: FormatId;
  label: string;
  /** 'wos': two-character tags, records end with ER; 'medline': "TAG - " tags, records start at PMID-. */
  style: 'wos' | 'medline';
  /** How well the first non-blank line fits: 0 to 1. */
  matchFirstLine(line: string): number;
  begin(file: string): TaggedMapper;
}

export type Adapter = DelimitedAdapter | TaggedAdapter;

/** Normalised column name for matching: trimmed, lower-case, single spaces, no BOM. */
export function columnKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
