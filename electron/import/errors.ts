// ImportError: input that cannot be imported at all (unknown format, broken quoting, missing required
// column, empty or binary file). The whole import is rolled back; the CLI exits 2 and prints the
// one-line message, which names the file, the line (and field) and says what to do.
import { ApiError } from '../../shared/api';

export interface ImportErrorInfo {
  file: string;
  line?: number;
  field?: string;
  /** What is wrong, e.g. "no PMID column (found: Title, Authors)". */
  problem: string;
  /** What to do about it, e.g. "Export the file again from PubMed with Save → CSV". */
  fix?: string;
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export class ImportError extends ApiError {
  readonly file: string;
  readonly line?: number;
  readonly field?: string;
  /** The message without its advice ("file, line 1: unrecognised format (columns found: …)"). */
  readonly problem: string;

  constructor(info: ImportErrorInfo) {
    const where = `${info.file}${info.line !== undefined ? `, line ${info.line}` : ''}${
      info.field !== undefined ? `, field "${info.field}"` : ''
    }`;
    const fix = info.fix ? ` ${oneLine(info.fix).replace(/\.?$/, '.')}` : '';
    const problem = oneLine(`${where}: ${info.problem.replace(/\.$/, '')}.`);
    super('BAD_INPUT', oneLine(`${problem}${fix}`));
    this.name = 'ImportError';
    this.problem = problem;
    this.file = info.file;
    if (info.line !== undefined) this.line = info.line;
    if (info.field !== undefined) this.field = info.field;
  }
}

/**
 * The import was cancelled by the user (cancelImport), or a dry run (cancelPreview: `dryRun`); like any
 * ImportError, nothing is stored.
 */
export class ImportCancelledError extends ImportError {
  readonly cancelled = true;

  constructor(file: string, dryRun = false) {
    super({
      file,
      problem: dryRun ? 'the dry run was cancelled' : 'the import was cancelled',
      fix: dryRun ? 'The project was not changed' : 'Nothing was imported from this file',
    });
    this.name = 'ImportCancelledError';
  }
}
