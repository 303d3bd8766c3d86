// The `kolmap` command (DESIGN §5). Exit 0 on success, 2 on bad usage or unreadable input (one clear
// line on stderr), 1 on any other failure. A failed command leaves the project file as it was: imports
// are one transaction, and a project file this command created is removed again when it fails.
import { Command, CommanderError, Option } from 'commander';
import {
  accessSync,
  constants as fsConstants,
  existsSync,
  mkdirSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ApiError,
  FORMATS,
  fileReportWarnings,
  type FormatId,
  IMPORT_STAGE_LABELS,
  isOneStepStage,
  type ProgressEvent,
  type Scope,
} from '../shared/api';
import { analyze } from '../shared/analytics';
import { rankedCsv, rankRowsJson, toGexf, toGraphml, edgesCsv } from '../shared/analytics/export';
import { parseWeights, WeightError } from '../shared/analytics/score';
import {
  parseResolution,
  parseTiers,
  tierCutsFromPercents,
  type TierPercents,
} from '../shared/analytics/settings';
import type { AnalysisOptions, AnalysisResult } from '../shared/analytics/types';
import { Project } from './db';
import { ImportError, importDemo, importFiles } from './import';
import { defaultRecentFile, RecentProjects } from './projects';
import { addTerritoryCommands, type CliHelpers } from './cliTerritory';
import { addSnapshotCommands } from './cliSnapshot';
import { addShortlistCommand } from './cliShortlist';
import { countryCode } from '../shared/formats/places';
import { version } from '../package.json';

/** An error the user caused: printed as one line, exit code 2. */
export class UsageError extends Error {}

interface GlobalOpts {
  db?: string;
}

function dbPath(opts: GlobalOpts, command: string): string {
  if (!opts.db)
    throw new UsageError(`kolmap ${command}: --db FILE is required (the project file; created if missing).`);
  const file = path.resolve(opts.db);
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new UsageError(
      `--db ${opts.db}: this is a folder, not a project file. Give a file name, e.g. --db ${path.join(opts.db, 'project.kolmap')}.`,
    );
  }
  return file;
}

/**
 * Creates the folder a new project file goes in. One level at a time from the nearest folder that
 * exists: mkdirSync's recursive mode never returns for a path under /proc. A part of the path that is a
 * file, or a folder that cannot be written, is a usage error naming the path.
 */
function ensureProjectFolder(file: string): string[] {
  const dir = path.dirname(file);
  const missing: string[] = [];
  let existing = dir;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    const up = path.dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  try {
    if (!statSync(existing).isDirectory()) {
      throw new UsageError(
        `--db ${file}: ${existing} is a file, not a folder. Choose a project file in a folder, e.g. --db ${path.join(path.dirname(existing), 'project.kolmap')}.`,
      );
    }
    for (const d of missing) mkdirSync(d);
    return missing;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as { code?: unknown } | null)?.code;
    const why = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
    throw new UsageError(
      `--db ${file}: cannot create the folder ${dir} (${why}). Choose a project file in a folder you can write to.`,
    );
  }
}

/** Opens the project, runs fn, closes it; a project file created here is removed again if fn fails. */
async function withProject<T>(file: string, fn: (p: Project) => Promise<T> | T): Promise<T> {
  const existed = existsSync(file);
  const folders = existed ? [] : ensureProjectFolder(file);
  let project: Project;
  try {
    project = Project.open(file);
  } catch (err) {
    if (!existed) removeProjectFiles(file, folders);
    // Project.open's ApiErrors already name the file and say what to do.
    if (err instanceof ApiError) throw new UsageError(err.message);
    throw new UsageError(`Cannot open project ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const result = await fn(project);
    // A --db that did not exist (often a typo) gives an empty project and empty results: say so.
    const empty = !existed && project.totals().publications === 0;
    project.close();
    if (empty)
      process.stderr.write(
        `kolmap: ${file} did not exist, so it was created as an empty project. Import files into it with "kolmap import --db ${file} FILE...", or check the --db path.\n`,
      );
    return result;
  } catch (err) {
    project.close();
    if (!existed) removeProjectFiles(file, folders);
    throw busyMessage(err, file);
  }
}

/**
 * Another process holds the project's write lock for longer than the busy timeout (an import running
 * in another window or terminal): a one-line message instead of SQLite's "database is locked". Exit 1,
 * not 2: the command was right and can simply be run again once the other import has finished.
 */
export class BusyError extends Error {}

function busyMessage(err: unknown, file: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  // A project file (or its folder) the user may not write to: exit 2, naming the file; the failed
  // write changed nothing.
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
    return new UsageError(
      `${file} is read-only for this user, so kolmap cannot write to it (nothing was changed). Check the permissions of the file and its folder, or copy the project to a folder you can write to.`,
    );
  }
  if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') return err;
  return new BusyError(
    `${file} is busy: another kolmap process is writing to it (an import in another window or terminal). Wait for it to finish and run this command again.`,
  );
}

/** A --port that cannot be listened on: one line saying which port and what to do, exit 2. */
function portMessage(err: unknown, port: number | undefined): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE')
    return new UsageError(
      `--port ${port}: another program is already listening on this port. Choose another --port, or leave --port out to use a free one.`,
    );
  if (code === 'EACCES')
    return new UsageError(
      `--port ${port}: this user may not listen on this port (ports below 1024 need administrator rights). Choose a port above 1024, or leave --port out to use a free one.`,
    );
  return err;
}

/** Refuses an output path whose folder does not exist before any work is done. */
function checkOutPath(option: string, out: string): void {
  const dir = path.dirname(path.resolve(out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(
      `${option} ${out}: the folder ${dir} does not exist. Create it or choose another path.`,
    );
  }
  if (existsSync(out) && statSync(out).isDirectory()) {
    throw new UsageError(
      `${option} ${out}: this is a folder. Give a file name, e.g. ${path.join(out, 'kols.csv')}.`,
    );
  }
  // A file or folder this user may not write: refused now, not after the analysis.
  const target = existsSync(out) ? path.resolve(out) : dir;
  try {
    accessSync(target, fsConstants.W_OK);
  } catch {
    throw new UsageError(
      `${option} ${out}: ${target === dir ? `the folder ${dir}` : 'the file'} is not writable for this user. Choose another path, or check its permissions.`,
    );
  }
}

/** Removes a project file this command created, and the folders it made for it (deepest first). */
function removeProjectFiles(file: string, folders: readonly string[] = []): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    try {
      rmSync(file + suffix, { force: true });
    } catch {
      // A folder this user cannot read (EACCES): nothing was created there; keep the error that matters.
    }
  }
  for (const d of [...folders].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      // Not empty (something else was put there meanwhile): leave it.
    }
  }
}

function intOption(name: string, min: number, max: number, example: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value))
      throw new UsageError(`${name} must be a whole number, got "${value}"; e.g. ${name} ${example}.`);
    const n = Number(value);
    if (n < min || n > max)
      throw new UsageError(`${name} must be between ${min} and ${max}, got ${n}; e.g. ${name} ${example}.`);
    return n;
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function scopeFrom(opts: {
  ta?: string;
  since?: number;
  until?: number;
  country?: string;
  region?: string;
}): Scope {
  if (opts.since !== undefined && opts.until !== undefined && opts.since > opts.until) {
    throw new UsageError(
      `--since ${opts.since} is after --until ${opts.until}; give the earlier year to --since.`,
    );
  }
  // Institutions store ISO alpha-2 codes: a name or alpha-3 code is turned into one, and a country
  // kolmap does not know is refused rather than giving an empty ranking.
  let country: string | null = null;
  if (opts.country !== undefined) {
    country = countryCode(opts.country);
    if (!country)
      throw new UsageError(
        `--country "${opts.country}" is neither an ISO 3166 country code nor a country name kolmap knows; e.g. --country DE or --country Germany.`,
      );
  }
  return {
    ta: opts.ta ?? null,
    since: opts.since ?? null,
    until: opts.until ?? null,
    country,
    region: opts.region ?? null,
  };
}

/**
 * A one-line progress bar on stderr when stderr is a terminal. With KOLMAP_PROGRESS=1 (scripts, tests)
 * plain lines instead: `progress FILE DONE/TOTAL bytes, N records` while a file is read, then
 * `progress FILE STAGE DONE/TOTAL, N records` for the work after reading (STAGE: people, authorships,
 * indexes, checks, saving; see ImportStage).
 */
function terminalProgress(): ((e: ProgressEvent) => void) | undefined {
  if (process.env.KOLMAP_PROGRESS === '1') {
    return (e) =>
      process.stderr.write(
        !e.stage || e.stage === 'reading'
          ? `progress ${e.file} ${e.done}/${e.total} bytes, ${e.records} records\n`
          : `progress ${e.file} ${e.stage} ${e.done}/${e.total}, ${e.records} records\n`,
      );
  }
  if (!process.stderr.isTTY) return undefined;
  let last = '';
  return (e) => {
    const reading = !e.stage || e.stage === 'reading';
    const frac = e.total > 0 ? Math.min(1, e.done / e.total) : 0;
    const width = 30;
    const filled = Math.round(frac * width);
    const label = reading ? path.basename(e.file) : IMPORT_STAGE_LABELS[e.stage ?? 'reading'].padEnd(19);
    // Checking and saving are one step each: no bar.
    const oneStep = isOneStepStage(e.stage);
    const line = oneStep
      ? `${label.trim()}...`
      : `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(frac * 100)}% ${e.records} records`;
    if (line !== last) process.stderr.write(`\r${line}\x1b[K`);
    last = line;
    // A file read to its end, and the last stage (saving, before the report), end the line.
    if ((reading && frac >= 1) || e.stage === 'saving') process.stderr.write('\n');
  };
}

/** Tier cut-offs and community resolution from `--tiers` and `--resolution` (already parsed). */
export interface CliSettings {
  tiers?: TierPercents;
  resolution?: number;
}

function runAnalysis(
  project: Project,
  scope: Scope,
  weights?: string,
  settings: CliSettings = {},
): AnalysisResult {
  let parsed: ReturnType<typeof parseWeights> | undefined;
  try {
    parsed = weights ? parseWeights(weights) : undefined;
  } catch (err) {
    throw new UsageError(
      `--weights: ${err instanceof Error ? err.message : String(err)}. Example: --weights pagerank=2,citations=0.`,
    );
  }
  const options: AnalysisOptions = {};
  if (parsed) options.weights = parsed;
  if (settings.tiers) options.tierCuts = tierCutsFromPercents(settings.tiers);
  if (settings.resolution !== undefined) options.resolution = settings.resolution;
  const input = project.analysisInput(scope);
  try {
    return analyze(input, options);
  } catch (err) {
    // Weights that leave nothing to score with (all zero where the scope has data) are bad usage.
    if (err instanceof WeightError) {
      throw new UsageError(
        `--weights ${weights ?? ''}: ${err.message}. Example: --weights pagerank=2,citations=0.`,
      );
    }
    throw err;
  }
}

/** `--tiers T1,T2,T3`: percent of people in T1, T2 and T3; bad values are usage errors with an example. */
function tiersOption(value: string): TierPercents {
  try {
    return parseTiers(value);
  } catch (err) {
    throw new UsageError(
      `--tiers ${value}: ${err instanceof Error ? err.message : String(err)}. Example: --tiers 5,15,30 (the default).`,
    );
  }
}

/** `--resolution R`: Louvain's resolution; bad values are usage errors with an example. */
function resolutionOption(value: string): number {
  try {
    return parseResolution(value);
  } catch (err) {
    throw new UsageError(
      `--resolution ${value}: ${err instanceof Error ? err.message : String(err)}. Example: --resolution 2 (default 1; higher gives smaller communities).`,
    );
  }
}

/** The scope and settings options of `rank` and `graph`, as commander hands them over. */
type AnalysedScopeOpts = {
  ta?: string;
  since?: number;
  until?: number;
  country?: string;
  region?: string;
  tiers?: TierPercents;
  resolution?: number;
};

/** The two options on a command that analyses. */
function settingsOptions(cmd: Command): Command {
  return cmd
    .option(
      '--tiers <t1,t2,t3>',
      'percent of people in tiers T1, T2 and T3 (T4 is the rest), e.g. 5,15,30 (the default)',
      tiersOption,
    )
    .option(
      '--resolution <r>',
      'community resolution (Louvain), default 1; higher gives smaller communities',
      resolutionOption,
    );
}

function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const fmt = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(fmt(columns) + '\n');
  for (const r of rows) process.stdout.write(fmt(columns.map((c) => String(r[c] ?? ''))) + '\n');
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('kolmap')
    .description('Map key opinion leader networks from publication exports, on your own machine.')
    .version(version, '-V, --version', 'print the version of kolmap')
    .option('--db <file>', 'the project file (created if missing)')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const globals = (cmd: Command): GlobalOpts => cmd.optsWithGlobals() as GlobalOpts;

  program
    .command('import')
    .description('import export files into the project (one transaction for all files)')
    .argument('<files...>', 'export files (PubMed CSV, ...)')
    .addOption(new Option('--format <id>', 'file format').choices(['auto', ...FORMATS]).default('auto'))
    .option('--map <SRC=FIELD>', 'column mapping for generic-csv (repeatable)', collect, [])
    .option('--ignore-source-ids', 'resolve people without reading ORCID or Scopus author IDs')
    .option('--db <file>', 'the project file (created if missing)')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        files: string[],
        opts: { format: FormatId | 'auto'; map: string[]; json?: boolean; ignoreSourceIds?: boolean },
        cmd: Command,
      ) => {
        const file = dbPath(globals(cmd), 'import');
        for (const f of files) {
          if (!existsSync(f))
            throw new UsageError(
              `${f}: no such file (looked in ${path.resolve(f)}). Check the path and the name.`,
            );
          if (statSync(f).isDirectory())
            throw new UsageError(
              `${f}: this is a folder, not a file. Give the export files inside it, e.g. ${path.join(f, '*.csv')}.`,
            );
        }
        if (opts.map.length > 0 && opts.format !== 'generic-csv') {
          throw new UsageError('--map applies to --format generic-csv only.');
        }
        if (opts.format === 'generic-csv' && opts.map.length === 0) {
          throw new UsageError('--format generic-csv needs --map "Column=field" (one per column to read).');
        }
        const map: Record<string, string> = {};
        // Each column is read once and each field comes from one column: a repeated one would silently
        // replace the earlier --map.
        const byColumn = new Map<string, string>();
        const byField = new Map<string, string>();
        for (const m of opts.map) {
          const eq = m.lastIndexOf('=');
          if (eq <= 0 || eq === m.length - 1)
            throw new UsageError(
              `--map "${m}": expected SOURCE_COLUMN=FIELD, e.g. --map "Author Name=authors".`,
            );
          const column = m.slice(0, eq).trim();
          const field = m.slice(eq + 1).trim();
          const columnKey = column.toLowerCase();
          const fieldKey = field.toLowerCase() === 'author' ? 'authors' : field.toLowerCase();
          const sameColumn = byColumn.get(columnKey);
          if (sameColumn !== undefined)
            throw new UsageError(
              `--map "${m}": column "${column}" is already mapped (--map "${sameColumn}"); map each column to one field.`,
            );
          const sameField = byField.get(fieldKey);
          if (sameField !== undefined)
            throw new UsageError(
              `--map "${m}": field ${field} already comes from --map "${sameField}"; map one column to each field.`,
            );
          byColumn.set(columnKey, m);
          byField.set(fieldKey, m);
          map[column] = field;
        }
        const result = await withProject(file, (p) =>
          importFiles(
            p,
            files.map((f) => ({ name: f, path: path.resolve(f) })),
            {
              format: opts.format,
              onProgress: terminalProgress(),
              ignoreSourceIds: opts.ignoreSourceIds === true,
              map,
            },
          ),
        );
        // A file with a header and no records is no error (nothing is lost), but not silent either.
        for (const f of result.files)
          for (const w of fileReportWarnings(f)) process.stderr.write(`kolmap: ${w}\n`);
        if (opts.json) {
          process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          return;
        }
        for (const f of result.files) {
          process.stdout.write(
            `${f.file} (${f.format}): ${f.records} records, ${f.imported} imported, ${f.duplicates} duplicates, ${f.rejected} rejected\n`,
          );
          for (const r of f.rejections.slice(0, 20)) process.stdout.write(`  line ${r.line}: ${r.reason}\n`);
          if (f.rejections.length > 20)
            process.stdout.write(`  … ${f.rejections.length - 20} more rejections\n`);
        }
        const t = result.totals;
        process.stdout.write(
          `project: ${t.publications} publications, ${t.authors} authors, ${t.authorships} authorships, ${t.institutions} institutions, ${t.trials} trials\n`,
        );
      },
    );

  program
    .command('stats')
    .description('print the project totals')
    .option('--db <file>', 'the project file')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const totals = await withProject(dbPath(globals(cmd), 'stats'), (p) => p.totals());
      if (opts.json) process.stdout.write(JSON.stringify(totals, null, 2) + '\n');
      else for (const [k, v] of Object.entries(totals)) process.stdout.write(`${k.padEnd(14)} ${v}\n`);
    });

  const rank = program
    .command('rank')
    .description('rank people in a scope and print or write the ranked list')
    .option('--db <file>', 'the project file')
    .option('--ta <name>', 'therapeutic area (id or label, e.g. oncology)')
    .option('--since <year>', 'first year', intOption('--since', 1800, 2200, 2015))
    .option('--until <year>', 'last year', intOption('--until', 1800, 2200, 2024))
    .option('--country <cc>', 'only people whose current institution is in this country (e.g. DE)')
    .option('--region <xx>', 'only people whose current institution is in this region (e.g. CA)')
    .option('--territory <name>', "only this territory's people (ranks and tiers stay those of the scope)")
    .option('--top <n>', 'only the first N', intOption('--top', 1, 10_000_000, 50))
    .option('--weights <k=v,...>', 'score weights, e.g. pagerank=2,citations=0')
    .option('--out <file.csv>', 'write the ranked CSV here')
    .option('--json', 'print the rows as JSON');
  settingsOptions(rank).action(
    async (
      opts: AnalysedScopeOpts & {
        territory?: string;
        top?: number;
        weights?: string;
        out?: string;
        json?: boolean;
      },
      cmd: Command,
    ) => {
      const scope = scopeFrom(opts);
      if (opts.out) checkOutPath('--out', opts.out);
      const { result, territory } = await withProject(dbPath(globals(cmd), 'rank'), (p) => ({
        territory: opts.territory ? p.territories().resolve(opts.territory).name : null,
        result: runAnalysis(p, scope, opts.weights, opts),
      }));
      const inTerritory = territory ? result.people.filter((x) => x.territory === territory) : result.people;
      const people = opts.top ? inTerritory.slice(0, opts.top) : inTerritory;
      if (opts.out) writeFileSync(opts.out, rankedCsv(people), 'utf8');
      if (opts.json) process.stdout.write(JSON.stringify(rankRowsJson(people), null, 2) + '\n');
      else if (!opts.out) {
        printTable(rankRowsJson(people), [
          'rank',
          'name',
          'score',
          'tier',
          'publications',
          'community',
          'institution',
          'country',
        ]);
      } else process.stderr.write(`wrote ${people.length} ranked rows to ${opts.out}\n`);
    },
  );

  const graph = program
    .command('graph')
    .description(
      'write the co-authorship graph with the rank columns on nodes (GEXF, GraphML, or CSV: FILE.csv edges and FILE.nodes.csv nodes)',
    )
    .option('--db <file>', 'the project file')
    .option('--ta <name>', 'therapeutic area (id or label, e.g. oncology)')
    .option('--since <year>', 'first year', intOption('--since', 1800, 2200, 2015))
    .option('--until <year>', 'last year', intOption('--until', 1800, 2200, 2024))
    .option('--country <cc>', 'only people whose current institution is in this country (e.g. DE)')
    .option('--region <xx>', 'only people whose current institution is in this region (e.g. CA)')
    .requiredOption('--out <file>', 'FILE.gexf, FILE.graphml or FILE.csv (with FILE.nodes.csv)');
  settingsOptions(graph).action(async (opts: AnalysedScopeOpts & { out: string }, cmd: Command) => {
    const ext = path.extname(opts.out).toLowerCase();
    if (!['.gexf', '.graphml', '.csv'].includes(ext)) {
      throw new UsageError(`--out ${opts.out}: the file must end in .gexf, .graphml or .csv.`);
    }
    checkOutPath('--out', opts.out);
    const scope = scopeFrom(opts);
    const result = await withProject(dbPath(globals(cmd), 'graph'), (p) =>
      runAnalysis(p, scope, undefined, opts),
    );
    if (ext === '.csv') {
      // A CSV holds one table: the edges go to FILE.csv, the nodes with the rank columns beside it
      // (FILE.nodes.csv, `id` matching the edges' source and target), as spreadsheet imports of
      // graphs (Gephi's, igraph's, networkx's) take them.
      const nodesFile = `${opts.out.slice(0, -ext.length)}.nodes${path.extname(opts.out)}`;
      writeFileSync(nodesFile, rankedCsv(result.people), 'utf8');
      writeFileSync(opts.out, edgesCsv(result), 'utf8');
      process.stderr.write(
        `wrote ${result.edges.length} edges to ${opts.out} and ${result.people.length} nodes with the rank columns to ${nodesFile}\n`,
      );
      return;
    }
    writeFileSync(opts.out, ext === '.gexf' ? toGexf(result) : toGraphml(result), 'utf8');
    process.stderr.write(
      `wrote ${result.people.length} nodes and ${result.edges.length} edges to ${opts.out}\n`,
    );
  });

  program
    .command('authorships')
    .description('write who each authorship was resolved to')
    .option('--db <file>', 'the project file')
    .requiredOption('--out <file.csv>', 'output CSV')
    .action(async (opts: { out: string }, cmd: Command) => {
      checkOutPath('--out', opts.out);
      const csv = await withProject(dbPath(globals(cmd), 'authorships'), (p) => p.authorshipsCsv());
      writeFileSync(opts.out, csv, 'utf8');
    });

  program
    .command('serve')
    .description('serve the app in your browser (127.0.0.1 only) and print the URL to open')
    .option('--db <file>', 'the project file (default: the demo project in your home folder)')
    .option('--port <n>', 'port (default: a free one)', intOption('--port', 0, 65535, 8080))
    .action(async (opts: { port?: number }, cmd: Command) => {
      const g = globals(cmd);
      const file = g.db ? path.resolve(g.db) : path.join(os.homedir(), '.kolmap', 'demo.kolmap');
      if (!existsSync(file)) ensureProjectFolder(file);
      let project = Project.open(file);
      if (!g.db && project.totals().publications === 0) await importDemo(project);
      const recent = new RecentProjects(defaultRecentFile());
      recent.add(project.path);
      const { startServer } = await import('./server');
      const staticDir = path.join(__dirname, '..', 'renderer');
      if (!existsSync(path.join(staticDir, 'index.html'))) {
        project.close();
        throw new Error(`The UI is not built (${staticDir} is missing). Run \`npm run build\` first.`);
      }
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer({
          project: () => project,
          staticDir,
          port: opts.port,
          host: {
            recent,
            // New / Open from the page: the new project opens first, so a failure leaves the old one open.
            openProject: (next) => {
              const opened = Project.open(next);
              project.close();
              project = opened;
              return opened;
            },
          },
        });
      } catch (err) {
        project.close();
        throw portMessage(err, opts.port);
      }
      process.stdout.write(`kolmap is serving ${project.name} at\n${server.url}\n(Ctrl+C to stop)\n`);
      const stop = () => {
        void server.close().then(() => {
          project.close();
          process.exit(0);
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      await new Promise(() => undefined);
    });

  program
    .command('demo')
    .description('fill the project with the bundled demo data (fictional people)')
    .option('--db <file>', 'the project file')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const result = await withProject(dbPath(globals(cmd), 'demo'), (p) =>
        importDemo(p, { onProgress: terminalProgress() }),
      );
      if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else {
        const t = result.totals;
        process.stdout.write(
          `demo loaded: ${t.publications} publications, ${t.authors} authors, ${t.institutions} institutions\n`,
        );
      }
    });

  const helpers: CliHelpers = {
    dbPath: (cmd, command) => dbPath(globals(cmd), command),
    withProject,
    usage: (message) => new UsageError(message),
    checkOutPath,
    scopeFrom,
    runAnalysis,
    settingsOptions,
    yearOption: (name) => intOption(name, 1800, 2200, name === '--since' ? 2015 : 2024),
    printTable,
  };
  addTerritoryCommands(program, helpers);
  addSnapshotCommands(program, helpers);
  addShortlistCommand(program, helpers, intOption);

  return program;
}

/** "kolmap territory import" for a command. */
function commandName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Commander's usage errors as one line on stderr, named after the command and saying where to look:
 * `kolmap rank: unknown option '--tpo' (did you mean --top?). Run "kolmap rank --help" to see its options.`
 * A command given without its subcommand (`kolmap`, `kolmap territory`) names the subcommands instead
 * of printing the whole help to stderr.
 */
function commanderLine(err: CommanderError, cmd: Command): string {
  const name = commandName(cmd);
  if (err.code === 'commander.help') {
    const subs = cmd.commands.map((c) => c.name()).join(', ');
    return `${name}: give a command (${subs}). Run "${name} --help" to see what each does.`;
  }
  const what = err.message
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace('(Did you mean', '(did you mean')
    .trim();
  const see =
    err.code === 'commander.unknownCommand' ? 'to see the commands' : 'to see its arguments and options';
  return `${name}: ${/[.?]$/.test(what) ? what : `${what}.`} Run "${name} --help" ${see}.`;
}

/** Output piped into a program that stops reading (`kolmap rank | head`): stop quietly, not with a stack. */
function quietOnClosedPipe(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  const program = buildProgram();
  // Commander's own error output is replaced by commanderLine; remember which command reported it.
  let failed: Command = program;
  const route = (cmd: Command): void => {
    cmd.configureOutput({
      writeErr: () => {
        failed = cmd;
      },
    });
    for (const sub of cmd.commands) route(sub);
  };
  route(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0)
        return 0;
      process.stderr.write(`${commanderLine(err, failed)}\n`);
      return 2;
    }
    if (
      err instanceof UsageError ||
      err instanceof ImportError ||
      (err instanceof ApiError && (err.code === 'BAD_INPUT' || err.code === 'UNSUPPORTED'))
    ) {
      process.stderr.write(`kolmap: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`kolmap: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.KOLMAP_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
