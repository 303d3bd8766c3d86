// Format detection from content, never from the file name: tagged text formats are recognised by
// their first line, delimited ones by their header row, which every adapter scores. Formats kolmap
// recognises but cannot read yet get a message that says so; unknown files list what is supported.
import Papa from 'papaparse';
import type { FormatId } from '../../shared/api';
import { ADAPTERS, adapterFor, type Adapter } from './adapters';
import { columnKey } from './adapters/types';
import { ImportError } from './errors';

export interface Detection {
  adapter: Adapter;
  delimiter: string;
}

// Signatures of formats that have no adapter yet, so the message can name what the file is.
const TEXT_SIGNATURES: { id: FormatId; test: RegExp; what: string }[] = [
  { id: 'wos-txt', test: /^(?:FN |PT [A-Z]\b)/, what: 'a Web of Science plain-text export' },
  { id: 'medline', test: /^PMID-\s*\d/, what: 'a PubMed MEDLINE / .nbib export' },
];
const HEADER_SIGNATURES: { id: FormatId; all: string[]; what: string }[] = [
  { id: 'wos-tsv', all: ['pt', 'au', 'ti', 'so'], what: 'a Web of Science tab-delimited export' },
  { id: 'scopus-csv', all: ['authors', 'title', 'year'], what: 'a Scopus CSV export' },
  { id: 'dimensions-csv', all: ['publication id', 'title'], what: 'a Dimensions CSV export' },
  { id: 'lens-csv', all: ['lens id', 'title'], what: 'a Lens.org CSV export' },
  { id: 'ctgov-csv', all: ['nct number', 'study title'], what: 'a ClinicalTrials.gov CSV download' },
  { id: 'openpayments-csv', all: ['covered_recipient_type'], what: 'a CMS Open Payments CSV' },
];
const SCOPUS_HINTS = ['author(s) id', 'author full names', 'eid', 'source title', 'cited by'];

export function supportedList(): string {
  return ADAPTERS.map((a) => `${a.id} (${a.label})`).join('; ');
}

/** First non-blank line of a text sample (the header of a delimited file). */
function firstLine(sample: string): { text: string; offset: number } {
  let offset = 0;
  while (offset < sample.length) {
    const end = sample.indexOf('\n', offset);
    const text = end === -1 ? sample.slice(offset) : sample.slice(offset, end);
    if (text.trim()) return { text, offset };
    if (end === -1) break;
    offset = end + 1;
  }
  return { text: '', offset: sample.length };
}

function headerCells(sample: string, delimiter: string, quoteChar: string): string[] {
  const parsed = Papa.parse<string[]>(sample.slice(0, 1 << 16), {
    delimiter,
    quoteChar,
    preview: 1,
    newline: '\n',
  });
  return parsed.data[0] ?? [];
}

function unsupported(file: string, what: string, id: FormatId): ImportError {
  return new ImportError({
    file,
    line: 1,
    problem: `this looks like ${what} (format ${id}), which this version of kolmap cannot import yet`,
    fix: `Supported formats: ${supportedList()}`,
  });
}

/**
 * Chooses the adapter and delimiter for a file from the start of its text (`sample`, LF line ends).
 * `requested` forces a format ('auto' detects). Throws ImportError for unknown or unsupported formats.
 */
export function detectFormat(file: string, sample: string, requested: FormatId | 'auto' = 'auto'): Detection {
  const { text: head, offset } = firstLine(sample);
  const fromHeader = sample.slice(offset);

  if (requested !== 'auto') {
    const adapter = adapterFor(requested);
    if (!adapter) {
      throw new ImportError({
        file,
        problem: `format ${requested} is not supported by this version of kolmap yet`,
        fix: `Supported formats: ${supportedList()}; or use --format auto`,
      });
    }
    // The delimiter that splits the header into the most columns.
    let best = { delimiter: adapter.delimiters[0] ?? ',', cells: 0 };
    for (const d of adapter.delimiters) {
      const cells = headerCells(fromHeader, d, adapter.quoteChar ?? '"').length;
      if (cells > best.cells) best = { delimiter: d, cells };
    }
    return { adapter, delimiter: best.delimiter };
  }

  for (const sig of TEXT_SIGNATURES) {
    if (sig.test.test(head)) throw unsupported(file, sig.what, sig.id);
  }

  let best: (Detection & { score: number }) | null = null;
  const columnsSeen = new Map<string, string[]>();
  for (const adapter of ADAPTERS) {
    for (const d of adapter.delimiters) {
      const cells = headerCells(fromHeader, d, adapter.quoteChar ?? '"');
      columnsSeen.set(d, cells);
      const score = adapter.matchHeader(cells);
      if (score > 0 && (!best || score > best.score)) best = { adapter, delimiter: d, score };
    }
  }
  if (best) return { adapter: best.adapter, delimiter: best.delimiter };

  for (const d of [',', '\t', ';']) {
    const cells = columnsSeen.get(d) ?? headerCells(fromHeader, d, '"');
    const keys = new Set(cells.map(columnKey));
    for (const sig of HEADER_SIGNATURES) {
      if (!sig.all.every((c) => keys.has(c))) continue;
      if (sig.id === 'scopus-csv' && !SCOPUS_HINTS.some((c) => keys.has(c))) continue;
      throw unsupported(file, sig.what, sig.id);
    }
  }
  const cells = (columnsSeen.get(',') ?? []).map((c) => c.trim()).filter(Boolean);
  const shown =
    cells.length > 1
      ? `columns found: ${cells.slice(0, 12).join(', ')}${cells.length > 12 ? ', …' : ''}`
      : `first line: "${head.slice(0, 80)}"`;
  throw new ImportError({
    file,
    line: offset === 0 ? 1 : sample.slice(0, offset).split('\n').length,
    problem: `unrecognised format (${shown})`,
    fix: `Supported formats: ${supportedList()}. Export the file in one of these, or choose the format with --format`,
  });
}
