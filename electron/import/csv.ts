// Streaming reader of delimited text (CSV, TSV) on top of papaparse's parser: feeds it text chunks,
// keeps only the unfinished record between chunks (bounded memory), and reports each record with the
// physical 1-based line it starts on (correct with quoted multi-line fields; sources.ts has already
// turned CRLF into LF) and its raw text. Broken quoting is fatal and names the line.
import Papa from 'papaparse';
import { ImportError } from './errors';
import { detach } from './source';

export interface CsvRow {
  fields: string[];
  /** Physical line where the record starts (1-based). */
  line: number;
  /**
   * Whether a line end follows the record. Only the file's last record can lack one: with fewer
   * fields than the header, that record was cut off (a file that stops mid-row) rather than ended.
   */
  ended: boolean;
  /** The record's text as in the file (line ends as LF). */
  raw(): string;
}

export interface CsvOptions {
  /** Name of the file, for messages. */
  file: string;
  delimiter: string;
  /** Quote character; pass '\u0000' for formats that do not quote (WoS tab-delimited). */
  quoteChar?: string;
  /** Largest record accepted, in characters (a runaway quoted field is reported past this). */
  maxRecordChars?: number;
  /** The name of the column at a 0-based index (from the header), to name the field a quote opens in. */
  fieldName?: (index: number) => string | undefined;
}

interface StepResult {
  data: string[][];
  errors: { code: string; message: string; index?: number }[];
  meta: { cursor: number };
}

/** Unfinished text from which chunks are gathered before parsing again (see readCsv). */
const REPARSE_FROM = 256 * 1024;

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  let i = text.indexOf('\n', from);
  while (i !== -1 && i < to) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}

/** Reads every record of `chunks` and calls onRow synchronously for each, in order. */
export async function readCsv(
  chunks: AsyncIterable<string>,
  options: CsvOptions,
  onRow: (row: CsvRow) => void,
): Promise<void> {
  const quoteChar = options.quoteChar ?? '"';
  const maxRecord = options.maxRecordChars ?? 64 * 1024 * 1024;
  let text = ''; // the text being parsed: the unfinished record plus the new chunk
  let base = 0; // offset of text[0] in the whole input
  let pos = 0; // offset where the next record starts
  let line = 1; // line number at `pos`

  const step = (results: StepResult): void => {
    const end = results.meta.cursor;
    const start = pos - base;
    const stop = end - base;
    const rowLine = line;
    const current = text;
    line += countNewlines(current, start, stop);
    pos = end;
    const err = results.errors[0];
    if (err) {
      const at =
        err.index !== undefined && err.index >= start
          ? rowLine + countNewlines(current, start, err.index)
          : rowLine;
      // An unclosed quote runs to the end of the input: the file was cut off inside that field, or a
      // quote in it is not doubled. The field is the last one papaparse started on that row.
      const missing = err.code === 'MissingQuotes';
      const field = missing ? options.fieldName?.((results.data[0]?.length ?? 1) - 1) : undefined;
      const problem = missing
        ? 'a quoted field is never closed (unmatched "), so the file ends inside it'
        : err.code === 'InvalidQuotes'
          ? 'a quoted field is malformed (text after its closing quote)'
          : `the row cannot be read (${err.message})`;
      throw new ImportError({
        file: options.file,
        line: at,
        ...(field ? { field } : {}),
        problem,
        fix: missing
          ? 'If the file was cut off, export or download it again; otherwise double the quotes inside that field ("")'
          : 'Quotes inside a quoted field must be doubled (""); fix the file or export it again',
      });
    }
    const fields = (results.data[0] ?? []).map(detach);
    onRow({
      fields,
      line: rowLine,
      ended: stop > start && current.charCodeAt(stop - 1) === 10,
      raw: () => current.slice(start, stop).replace(/\n$/, ''),
    });
  };

  const parser = new Papa.Parser({
    delimiter: options.delimiter,
    newline: '\n',
    quoteChar,
    escapeChar: quoteChar,
    fastMode: false,
    step: step as unknown as Papa.ParseConfig['step'],
  });

  // A record longer than a chunk is parsed again from its start with each chunk added; past 256 KB the
  // chunks are gathered until the unfinished text has doubled, so a 10 MB field is parsed a few times
  // (about twice its size in all), not once per chunk.
  let parts: string[] = [];
  let gathered = 0;
  let waitFor = 0;
  for await (const chunk of chunks) {
    const pending = text.length - (pos - base) + gathered + chunk.length;
    if (pending < waitFor && pending <= maxRecord) {
      parts.push(chunk);
      gathered += chunk.length;
      continue;
    }
    text = text.slice(pos - base) + (parts.length > 0 ? parts.join('') : '') + chunk;
    parts = [];
    gathered = 0;
    base = pos;
    parser.parse(text, base, true);
    const left = text.length - (pos - base);
    if (left > maxRecord) {
      throw new ImportError({
        file: options.file,
        line,
        problem: `the record starting here is longer than ${Math.round(maxRecord / 1048576)} MB, so a quote is probably never closed`,
        fix: 'Check the quotes on that line; quotes inside a quoted field must be doubled ("")',
      });
    }
    waitFor = left > REPARSE_FROM ? left * 2 : 0;
  }
  text = text.slice(pos - base) + parts.join('');
  base = pos;
  if (text) parser.parse(text, base, false);
}
