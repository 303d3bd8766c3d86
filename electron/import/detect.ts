// Format detection from content, never from the file name: tagged text formats (WoS plain text,
// MEDLINE) are recognised by their first line, delimited ones by their header row, which every
// adapter scores over the delimiters it may use (',' ';' TAB). A preamble line above the header
// (Dimensions' "About the data") is skipped. Unknown files get a message listing what is supported.
import Papa from 'papaparse';
import type { FormatId } from '../../shared/api';
import { ADAPTERS, adapterFor, type Adapter, type DelimitedAdapter } from './adapters';
import { ImportError } from './errors';

export interface Detection {
  adapter: Adapter;
  /** The delimiter of a delimited file ('' for tagged text). */
  delimiter: string;
  /** Non-blank rows before the header (Dimensions' "About the data" line). */
  skipRows: number;
  /** How well the content fits the format, 0 to 1 (1 for a format chosen by the user). */
  confidence: number;
  /** Why this format was chosen, in words (shown by the import wizard). */
  why: string;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function delimiterName(d: string): string {
  return DELIMITER_NAMES[d] ?? JSON.stringify(d);
}

function clip(s: string, n = 60): string {
  const t = s.trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

// A line some exports put above the header (Dimensions: "About the data: Exported on ...").
const PREAMBLE_RE = /^"?(?:About the data|Exported on)/i;
// Excel's "sep=;" line, written above the header by tools that make CSV for Excel: it names the delimiter.
const SEP_LINE_RE = /^"?sep=(.)"?[,;\t ]*$/i;

/** Whether a row read with the file's delimiter is a "sep=" or preamble line (one cell, the rest empty). */
export function isPreambleRow(fields: string[]): boolean {
  const first = (fields[0] ?? '').trim();
  if (!PREAMBLE_RE.test(first) && !/^sep=.?$/i.test(first)) return false;
  return fields.every((f, i) => i === 0 || f.trim() === '');
}

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

/**
 * Chooses the adapter and delimiter for a file from the start of its text (`sample`, LF line ends).
 * `requested` forces a format ('auto' detects). Throws ImportError for unknown formats.
 */
export function detectFormat(file: string, sample: string, requested: FormatId | 'auto' = 'auto'): Detection {
  let { text: head, offset } = firstLine(sample);
  let skipRows = 0;
  const sep = SEP_LINE_RE.exec(head)?.[1];
  if (sep !== undefined || PREAMBLE_RE.test(head)) {
    const after = sample.indexOf('\n', offset);
    const from = after === -1 ? sample.length : after + 1;
    const next = firstLine(sample.slice(from));
    head = next.text;
    offset = from + next.offset;
    skipRows = 1;
  }
  const fromHeader = sample.slice(offset);

  const delimited = (adapter: DelimitedAdapter): Detection => {
    // The delimiter that splits the header into the most columns.
    let best = { delimiter: sep ?? adapter.delimiters[0] ?? ',', cells: 0 };
    for (const d of sep !== undefined ? [sep] : adapter.delimiters) {
      const cells = headerCells(fromHeader, d, adapter.quoteChar ?? '"').length;
      if (cells > best.cells) best = { delimiter: d, cells };
    }
    return {
      adapter,
      delimiter: best.delimiter,
      skipRows,
      confidence: 1,
      why: `chosen by you; the header splits into ${best.cells} columns on ${delimiterName(best.delimiter)}`,
    };
  };

  if (requested !== 'auto') {
    const adapter = adapterFor(requested);
    if (!adapter) {
      throw new ImportError({
        file,
        problem: `format ${requested} is not supported by this version of kolmap`,
        fix: `Supported formats: ${supportedList()}; or use --format auto`,
      });
    }
    const chosen: Detection =
      adapter.kind === 'tagged'
        ? { adapter, delimiter: '', skipRows: 0, confidence: 1, why: 'chosen by you (tagged text)' }
        : delimited(adapter);
    // A file with nothing of the chosen format (not one of its header columns, or not its first tag)
    // that reads as another format was most likely given the wrong --format: importing it anyway would
    // reject every row, or store papers without their ids and years (duplicates of stored ones).
    const fits =
      adapter.kind === 'tagged'
        ? adapter.matchFirstLine(head) > 0
        : adapter.id === 'generic-csv' ||
          adapter.matchHeader(headerCells(fromHeader, chosen.delimiter, adapter.quoteChar ?? '"')) > 0;
    if (!fits) {
      let other: Detection | null = null;
      try {
        other = detectFormat(file, sample, 'auto');
      } catch {
        // Nothing else recognises it either: the chosen format's reader says what it misses.
      }
      if (other && other.adapter.id !== adapter.id) {
        throw new ImportError({
          file,
          line: offset === 0 ? 1 : sample.slice(0, offset).split('\n').length,
          problem:
            adapter.kind === 'tagged'
              ? `its first line "${clip(head)}" does not start a ${adapter.id} file; it reads as ${other.adapter.id} (${other.adapter.label})`
              : `none of ${adapter.id}'s columns are in its header; it reads as ${other.adapter.id} (${other.adapter.label})`,
          fix: `Import it with --format ${other.adapter.id} or --format auto, or choose that format for the file`,
        });
      }
    }
    return chosen;
  }

  for (const adapter of ADAPTERS) {
    if (adapter.kind !== 'tagged') continue;
    const score = adapter.matchFirstLine(head);
    if (score > 0) {
      return {
        adapter,
        delimiter: '',
        skipRows: 0,
        confidence: score,
        why: `tagged text: the first line "${clip(head)}" starts a ${adapter.label} file`,
      };
    }
  }

  let best: { adapter: DelimitedAdapter; delimiter: string; score: number; cells: string[] } | null = null;
  const columnsSeen = new Map<string, string[]>();
  for (const adapter of ADAPTERS) {
    if (adapter.kind !== 'delimited') continue;
    for (const d of sep !== undefined ? [sep] : adapter.delimiters) {
      const cells = headerCells(fromHeader, d, adapter.quoteChar ?? '"');
      if (!columnsSeen.has(d)) columnsSeen.set(d, cells);
      const score = adapter.matchHeader(cells);
      if (score > 0 && (!best || score > best.score)) best = { adapter, delimiter: d, score, cells };
    }
  }
  if (best) {
    const shown = best.cells.map((c) => c.trim()).filter(Boolean);
    return {
      adapter: best.adapter,
      delimiter: best.delimiter,
      skipRows,
      confidence: Math.min(1, best.score),
      why:
        `header of ${shown.length} ${delimiterName(best.delimiter)}-separated columns fits ${best.adapter.id}` +
        ` (${shown.slice(0, 5).join(', ')}${shown.length > 5 ? ', …' : ''})` +
        (sep !== undefined
          ? `; the "sep=${sep}" line above the header is skipped`
          : skipRows
            ? '; a preamble line above the header is skipped'
            : ''),
    };
  }

  const cells = (columnsSeen.get(sep ?? ',') ?? []).map((c) => c.trim()).filter(Boolean);
  const shown =
    cells.length > 1
      ? `columns found: ${cells.slice(0, 12).join(', ')}${cells.length > 12 ? ', …' : ''}`
      : `first line: "${head.slice(0, 80)}"`;
  throw new ImportError({
    file,
    line: offset === 0 ? 1 : sample.slice(0, offset).split('\n').length,
    problem: `unrecognised format (${shown})`,
    fix: `Supported formats: ${supportedList()}. Export the file in one of these, or import any CSV with --format generic-csv and --map "Column=field"`,
  });
}
