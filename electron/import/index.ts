// The import pipeline (DESIGN §1): files → format detection → streaming reader → adapter → the one
// writer. importFiles() runs all files in ONE transaction: any fatal problem rolls everything back and
// throws ImportError; merely bad rows are rejected (stored with line, reason and raw text) and reported.
// importDemo() loads the bundled fictional demo data through the same writer.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type {
  FileReport,
  FormatId,
  ImportStage,
  ImportPreview,
  ImportResult,
  PreviewRow,
  ProgressEvent,
  Rejection,
} from '../../shared/api';
import type { ImportRecord } from '../../shared/formats/types';
import { generateDemo } from '../../fixtures/demo';
import type { ImportSession, Project } from '../db';
import type { RowMapper, RowResult } from './adapters';
import { readCsv } from './csv';
import { detectFormat, isPreambleRow, type Detection } from './detect';
import { readTagged } from './tagged';
import { ImportCancelledError, ImportError } from './errors';
import { previewRow, sampleTable } from './preview';
import { TextSource, type InputFile } from './source';

export { ImportCancelledError, ImportError, type ImportErrorInfo } from './errors';
export { detectFormat, supportedList, type Detection } from './detect';
export { ADAPTERS } from './adapters';
export { GENERIC_FIELDS } from './adapters/genericCsv';
export type { InputFile } from './source';

export interface ImportOptions {
  /** A format id, or 'auto' (default) to detect each file's format from its content. */
  format?: FormatId | 'auto';
  /** Called with bytes done/total, at most about every 1% or 200 ms per file, and once at the end. */
  onProgress?: (e: ProgressEvent) => void;
  /** Resolve people from names alone: ORCID and Scopus author IDs are not stored (DESIGN §5). */
  ignoreSourceIds?: boolean;
  /** generic-csv: source column → target field (see GENERIC_FIELDS). */
  map?: Record<string, string>;
  /**
   * Checked between chunks and records: once it returns true the import throws ImportCancelledError
   * and the transaction is rolled back, so the project is left as it was.
   */
  isCancelled?: () => boolean;
}

export interface DemoOptions {
  onProgress?: (e: ProgressEvent) => void;
  /** Seed of the demo generator (default 1: the bundled demo). */
  seed?: number;
}

/** Emits progress at most every 1% of the total or 200 ms, and always the final event. */
function throttle(emit: ((e: ProgressEvent) => void) | undefined) {
  let lastDone = -Infinity;
  let lastTime = 0;
  return (e: ProgressEvent, force = false): void => {
    if (!emit) return;
    const now = Date.now();
    if (force || e.done - lastDone >= e.total / 100 || now - lastTime >= 200) {
      lastDone = e.done;
      lastTime = now;
      emit(e);
    }
  };
}

class Counts {
  records = 0;
  imported = 0;
  duplicates = 0;
  rejected = 0;
  readonly rejections: Rejection[] = [];

  report(file: string, format: FormatId): FileReport {
    return {
      file,
      format,
      records: this.records,
      imported: this.imported,
      duplicates: this.duplicates,
      rejected: this.rejected,
      rejections: this.rejections,
    };
  }
}

/** How long the work after reading (commitSteps) runs before the event loop gets a turn. */
const COMMIT_SLICE_MS = 50;
/** How often that work sends progress, besides once as each stage begins. */
const COMMIT_PROGRESS_MS = 200;

/**
 * Commits an import session in steps (ImportSession.commitSteps): every COMMIT_SLICE_MS of work the
 * event loop gets a turn, so progress events go out (one as each stage begins, then every
 * COMMIT_PROGRESS_MS) and a cancel is seen; a cancelled commit throws ImportCancelledError before
 * COMMIT and the caller rolls the transaction back. One step can take longer than a slice (an index
 * built on a million rows, the COMMIT): the event loop waits for it.
 */
async function commitInSteps(
  session: ImportSession,
  task: ProgressEvent['task'],
  file: string,
  records: number,
  options: { onProgress?: (e: ProgressEvent) => void; isCancelled?: () => boolean },
): Promise<void> {
  const steps = session.commitSteps();
  let stage: ImportStage | null = null;
  let sliceStart = performance.now();
  let sent = 0;
  try {
    for (;;) {
      const r = steps.next();
      if (r.done) return;
      const now = performance.now();
      const next = r.value.stage !== stage;
      if (!next && now - sliceStart < COMMIT_SLICE_MS) continue;
      if (next || now - sent >= COMMIT_PROGRESS_MS) {
        stage = r.value.stage;
        sent = now;
        options.onProgress?.({ task, file, stage, done: r.value.done, total: r.value.total, records });
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.isCancelled?.()) throw new ImportCancelledError(file);
      sliceStart = performance.now();
    }
  } finally {
    // Stopped early: the generator's own clean-up (finally blocks) runs now.
    steps.return(undefined);
  }
}

/** Hooks a dry run (previewFile) uses to see what the import does; the import itself ignores them. */
export interface ImportObserver {
  /** The start of the decoded text (before detection, which may throw). */
  sample?(text: string, source: TextSource): void;
  detected?(detection: Detection): void;
  /** The header cells of a delimited file (before the adapter checks them), or a tagged record's tags. */
  header?(columns: string[]): void;
  record?(line: number, result: RowResult, outcome: 'imported' | 'duplicate' | 'rejected'): void;
}

/** The reason for a last row that stops before the header's last column (the file was cut off). */
function cutOffRow(fields: number, columns: string[]): string {
  const name = (columns[fields - 1] ?? '').trim();
  const field = name ? `field "${name}"` : `column ${fields}`;
  return (
    `the file ends inside this row, in ${field} (${fields} of the header's ${columns.length} fields): ` +
    'it was probably cut off; export or download it again'
  );
}

/**
 * A row with the next part's header glued on: exports that end without a line end (Dimensions does)
 * joined with `cat part1.csv part2.csv` put the second header on the first part's last row, as
 * "…,last value" + "Rank,Publication ID,…". Returns the row without it (else the row as it is), so
 * that record is read and the header is not. A quoted header's first cell reads as `last value"Rank"`
 * after an unquoted value and as `last value"Rank` after a quoted one.
 */
function unglueHeader(fields: string[], columns: string[], quoted: boolean): string[] {
  const n = columns.length;
  if (n < 2 || fields.length !== 2 * n - 1) return fields;
  for (let i = 1; i < n; i++)
    if ((fields[n - 1 + i] ?? '').trim() !== (columns[i] ?? '').trim()) return fields;
  const glued = fields[n - 1] ?? '';
  const first = (columns[0] ?? '').trim();
  // (After an empty value, a quoted header's first cell is read as it is: the whole field.)
  if (quoted && glued === first) return [...fields.slice(0, n - 1), ''];
  for (const tail of quoted ? [`"${first}"`, `"${first}`] : [first]) {
    if (first && glued.endsWith(tail)) return [...fields.slice(0, n - 1), glued.slice(0, -tail.length)];
  }
  return fields;
}

/** A row's cells as one comparable string (trimmed, trailing empty cells dropped). */
function rowKey(fields: string[]): string {
  const cells = fields.map((f) => f.trim());
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells.join('\u0000');
}

async function importOne(
  session: ImportSession,
  file: InputFile,
  options: ImportOptions,
  observer: ImportObserver = {},
): Promise<FileReport> {
  const source = await TextSource.open(file);
  if (source.total === 0) {
    throw new ImportError({
      file: file.name,
      problem: 'the file is empty',
      fix: 'Export the data again and import the new file',
    });
  }
  const texts = source.chunks();
  const first = await texts.next();
  const sample = first.done ? '' : first.value;
  if (!sample.trim()) {
    throw new ImportError({
      file: file.name,
      problem: 'the file is empty (no header and no records)',
      fix: 'Export the data again and import the new file',
    });
  }
  observer.sample?.(sample, source);
  const detection = detectFormat(file.name, sample, options.format ?? 'auto');
  observer.detected?.(detection);
  const { adapter, delimiter, skipRows } = detection;
  if (options.map && Object.keys(options.map).length > 0 && adapter.id !== 'generic-csv') {
    throw new ImportError({
      file: file.name,
      problem: `a column mapping was given but the file is read as ${adapter.id}`,
      fix: 'Use --format generic-csv with --map, or drop --map',
    });
  }
  const sourceId = session.addSource(file.name, adapter.id);
  const counts = new Counts();
  const progress = throttle(options.onProgress);
  const event = (): ProgressEvent => ({
    task: 'import',
    file: file.name,
    done: source.done,
    total: Math.max(source.total, source.done),
    records: counts.records,
  });

  const checkCancelled = (): void => {
    if (options.isCancelled?.()) throw new ImportCancelledError(file.name);
  };

  async function* all(): AsyncGenerator<string> {
    checkCancelled();
    yield sample;
    progress(event());
    checkCancelled();
    for await (const text of texts) {
      checkCancelled();
      yield text;
      progress(event());
      checkCancelled();
    }
  }

  // Every record ends in exactly one of imported, duplicates, rejected (the accounting identity).
  const take = (line: number, result: RowResult, raw: () => string): void => {
    if (counts.records % 256 === 0) checkCancelled();
    counts.records++;
    if ('reject' in result) {
      counts.rejected++;
      counts.rejections.push({ line, reason: result.reject });
      session.reject(sourceId, line, result.reject, raw());
      observer.record?.(line, result, 'rejected');
      return;
    }
    const outcome =
      'record' in result
        ? session.write(sourceId, result.record)
        : 'trial' in result
          ? session.writeTrial(sourceId, result.trial)
          : 'payment' in result
            ? session.writePayment(sourceId, result.payment)
            : session.writeAffiliation(result.affiliation);
    if (outcome === 'imported') counts.imported++;
    else counts.duplicates++;
    observer.record?.(line, result, outcome);
  };

  if (adapter.kind === 'tagged') {
    const mapper = adapter.begin(file.name);
    let firstRecord = true;
    await readTagged(all(), { style: adapter.style }, (rec, raw) => {
      if (firstRecord) observer.header?.([...new Set(rec.fields.map((f) => f.tag))]);
      firstRecord = false;
      let result: RowResult;
      if (rec.cut) {
        // Stored as it is, the record would lack whatever followed the cut (authors, addresses, ids).
        result = {
          reject:
            `the file ends inside this record${rec.cut.field ? `, in field ${rec.cut.field}` : ''} (${rec.cut.missing}): ` +
            'it was probably cut off; export or download it again',
        };
      } else {
        try {
          result = mapper(rec);
        } catch (err) {
          if (err instanceof ImportError) throw err;
          result = {
            reject: `the record cannot be read (${err instanceof Error ? err.message : String(err)})`,
          };
        }
      }
      take(rec.line, result, raw);
    });
  } else {
    let mapper: RowMapper | null = null;
    let header = '';
    let headerFirst = '';
    let columns: string[] = [];
    let headerQuoted = false;
    let skip = skipRows;
    const fieldName = (i: number): string | undefined =>
      columns.length === 0 ? undefined : (columns[i] ?? '').trim() || `column ${i + 1}`;
    await readCsv(all(), { file: file.name, delimiter, quoteChar: adapter.quoteChar, fieldName }, (row) => {
      // Blank lines (and rows of empty fields) are not records.
      if (row.fields.every((f) => f.trim() === '')) return;
      if (skip > 0) {
        skip--;
        return;
      }
      if (!mapper) {
        observer.header?.(row.fields);
        mapper = adapter.begin(row.fields, file.name, row.line, { map: options.map });
        header = rowKey(row.fields);
        headerFirst = (row.fields[0] ?? '').trim();
        columns = row.fields;
        headerQuoted = row.raw().trimStart().startsWith('"');
        return;
      }
      // Exports joined into one file (`cat part1.csv part2.csv`): the next part's header, "sep=" or
      // preamble line is not a record.
      const first = (row.fields[0] ?? '').trim();
      if (first === headerFirst && rowKey(row.fields) === header) return;
      if (isPreambleRow(row.fields)) return;
      const fields = unglueHeader(row.fields, columns, headerQuoted);
      let result: RowResult;
      if (!row.ended && columns.slice(fields.length).some((c) => c.trim() !== '')) {
        // The file stops inside this row (a download or copy cut short): its last field is cut and the
        // fields after it are missing, so storing it would keep a clipped title or byline unnoticed.
        // (Missing unnamed columns, such as the one a trailing TAB makes, are not a sign of a cut.)
        result = { reject: cutOffRow(fields.length, columns) };
      } else {
        try {
          result = mapper(fields, row.line);
        } catch (err) {
          if (err instanceof ImportError) throw err;
          result = { reject: `the row cannot be read (${err instanceof Error ? err.message : String(err)})` };
        }
      }
      take(row.line, result, row.raw);
    });
  }
  checkCancelled();
  session.finishSource(sourceId, { sha256: source.sha256(), ...counts });
  progress(event(), true);
  return counts.report(file.name, adapter.id);
}

/** The files' sizes in bytes (a file that cannot be read counts 0: reading it reports the problem). */
async function inputBytes(files: InputFile[]): Promise<number> {
  let bytes = 0;
  for (const file of files) {
    if (file.content !== undefined) bytes += file.content.length;
    else if (file.path)
      bytes += await fsp.stat(file.path).then(
        (s) => s.size,
        () => 0,
      );
  }
  return bytes;
}

/**
 * Imports export files into the project in one transaction and returns the DESIGN §5 report.
 * Throws ImportError (nothing is stored) when a file cannot be imported at all.
 */
export async function importFiles(
  project: Project,
  files: InputFile[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const session = project.beginImport({
    ignoreSourceIds: options.ignoreSourceIds,
    inputBytes: await inputBytes(files),
  });
  try {
    const reports: FileReport[] = [];
    for (const file of files) reports.push(await importOne(session, file, options));
    const last = reports.at(-1);
    await commitInSteps(
      session,
      'import',
      last?.file ?? '',
      reports.reduce((n, r) => n + r.records, 0),
      options,
    );
    return { files: reports, totals: project.totals() };
  } catch (err) {
    session.rollback();
    throw err;
  }
}

/**
 * A dry run of importing one file: the real import, inside its transaction, then ROLLBACK, so the counts
 * (records, would-import, duplicates against the project, rejections by line) are exactly what an import
 * now would report and the project is left as it was. Also returns what the wizard shows: the format and
 * why, encoding, delimiter, line ends, columns, the first rows as cells and the first records as parsed.
 * A file that cannot be imported as it is (unknown format, no mapping...) comes back with `error` set and
 * whatever was learnt before it (columns and cells of an unrecognised CSV, to map them).
 */
export async function previewFile(
  project: Project,
  file: InputFile,
  options: ImportOptions & { rows?: number } = {},
): Promise<ImportPreview> {
  const n = options.rows ?? 5;
  const seen: { sample: string; source?: TextSource; detection?: Detection; header?: string[] } = {
    sample: '',
  };
  const rows: PreviewRow[] = [];
  const observer: ImportObserver = {
    sample: (text, source) => {
      seen.sample = text;
      seen.source = source;
    },
    detected: (d) => (seen.detection = d),
    header: (columns) => (seen.header ??= columns),
    record: (line, result, outcome) => {
      if (rows.length < n) rows.push(previewRow(line, result, outcome));
    },
  };
  let report: FileReport | null = null;
  let error: ImportPreview['error'] = null;
  const session = project.beginImport({ ignoreSourceIds: options.ignoreSourceIds });
  try {
    report = await importOne(session, file, options, observer);
  } catch (err) {
    // Cancelled (cancelPreview): no preview at all, the caller no longer wants one.
    if (err instanceof ImportCancelledError) throw new ImportCancelledError(err.file, true);
    if (!(err instanceof ImportError)) throw err;
    error = { message: err.message, problem: err.problem, line: err.line ?? null, field: err.field ?? null };
  } finally {
    // Always: a preview never changes the project.
    session.rollback();
  }
  const d = seen.detection;
  const tagged = d?.adapter.kind === 'tagged';
  const table =
    tagged || !seen.sample
      ? null
      : sampleTable(seen.sample, d ? d.delimiter : null, {
          quoteChar: d?.adapter.kind === 'delimited' ? d.adapter.quoteChar : undefined,
          skipRows: d?.skipRows ?? 0,
          rows: n,
        });
  const requested = options.format !== undefined && options.format !== 'auto';
  return {
    file: file.name,
    format: d ? d.adapter.id : null,
    detected: !requested,
    confidence: d ? d.confidence : 0,
    why: d ? d.why : 'not recognised',
    encoding: seen.source?.encoding ?? 'utf-8',
    bom: seen.source?.bom ?? false,
    delimiter: tagged ? null : (d?.delimiter ?? table?.delimiter ?? null),
    lineEnding: seen.source?.lineEnding ?? null,
    columns: seen.header ?? table?.columns ?? [],
    sampleCells: table?.cells ?? [],
    rows,
    report,
    error,
  };
}

/** Writes ready-made records (the demo) as one source, in one transaction. */
async function importRecords(
  project: Project,
  name: string,
  format: FormatId,
  records: ImportRecord[],
  onProgress: ((e: ProgressEvent) => void) | undefined,
): Promise<ImportResult> {
  const session = project.beginImport();
  try {
    const counts = new Counts();
    const sourceId = session.addSource(name, format);
    const progress = throttle(onProgress);
    const event = (): ProgressEvent => ({
      task: 'demo',
      file: name,
      done: counts.records,
      total: records.length,
      records: counts.records,
    });
    const hash = createHash('sha256');
    for (const rec of records) {
      hash.update(JSON.stringify(rec));
      counts.records++;
      if (session.write(sourceId, rec) === 'imported') counts.imported++;
      else counts.duplicates++;
      if (counts.records % 500 === 0) {
        progress(event());
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    session.finishSource(sourceId, { sha256: hash.digest('hex'), ...counts });
    progress(event(), true);
    await commitInSteps(session, 'demo', name, counts.records, { onProgress });
    return { files: [counts.report(name, format)], totals: project.totals() };
  } catch (err) {
    session.rollback();
    throw err;
  }
}

/**
 * Fills the project with the bundled demo data (fictional people, generated from a fixed seed) through
 * the same writer as real imports, in one transaction. Loading it twice adds nothing (all duplicates).
 */
export async function importDemo(project: Project, options: DemoOptions = {}): Promise<ImportResult> {
  // The demo's records are PubMed-like (title, journal, MeSH, bylines); they are keyed by DOI.
  return importRecords(project, 'demo', 'pubmed-csv', generateDemo(options.seed ?? 1), options.onProgress);
}
