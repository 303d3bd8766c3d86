// What an import adapter is: it recognises its format from the header, then maps each row to a
// neutral ImportRecord (shared/formats/types.ts) or a rejection reason. The reader (csv.ts) and the
// writer (electron/db/writer.ts) are shared by all adapters.
import type { FormatId } from '../../../shared/api';
import type { ImportRecord } from '../../../shared/formats/types';

export type RowResult = { record: ImportRecord } | { reject: string };

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
  begin(columns: string[], file: string, headerLine: number): RowMapper;
}

export type Adapter = DelimitedAdapter;

/** Normalised column name for matching: trimmed, lower-case, single spaces, no BOM. */
export function columnKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
