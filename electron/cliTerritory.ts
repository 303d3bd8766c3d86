// The territory commands of `kolmap` (issue 7): `territory import|list|coverage` and `export-crm`.
// Kept apart from cli.ts; cli.ts hands in its helpers (project opening, scope parsing, analysis) so
// both files share one behaviour for --db, exit codes and messages.
import type { Command } from 'commander';
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Scope } from '../shared/api';
import { crmCsv } from '../shared/analytics/crm';
import { findArea } from '../shared/analytics/ta';
import { assignTerritories, territoryCoverage } from '../shared/analytics/territory';
import type { AnalysisResult } from '../shared/analytics/types';
import type { CliSettings } from './cli';
import type { Project } from './db';
import { parseTerritoryCsv } from './territoryCsv';

export interface CliHelpers {
  dbPath: (cmd: Command, command: string) => string;
  withProject: <T>(file: string, fn: (p: Project) => Promise<T> | T) => Promise<T>;
  usage: (message: string) => Error;
  checkOutPath: (option: string, out: string) => void;
  scopeFrom: (opts: { ta?: string; since?: number; until?: number }) => Scope;
  runAnalysis: (project: Project, scope: Scope, weights?: string, settings?: CliSettings) => AnalysisResult;
  /** Adds `--tiers` and `--resolution` to a command that analyses. */
  settingsOptions: (cmd: Command) => Command;
  yearOption: (name: string) => (value: string) => number;
  printTable: (rows: Record<string, unknown>[], columns: string[]) => void;
}

export function addTerritoryCommands(program: Command, h: CliHelpers): void {
  const territory = program
    .command('territory')
    .description('MSL territories: import them from CSV, list them, see their coverage');

  territory
    .command('import')
    .description('create or update territories from a CSV (territory,msl,capacity,country,region)')
    .argument('<file>', 'CSV with one row per territory and place')
    .option('--db <file>', 'the project file')
    .option('--json', 'print the territories as JSON')
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      const db = h.dbPath(cmd, 'territory import');
      if (!existsSync(file)) throw h.usage(`${file}: no such file (looked in ${path.resolve(file)}).`);
      if (statSync(file).isDirectory()) throw h.usage(`${file}: this is a folder, not a CSV file.`);
      const list = parseTerritoryCsv(file, readFileSync(file, 'utf8'));
      const { counts, territories } = await h.withProject(db, (p) => {
        const store = p.territories();
        return { counts: store.saveAll(list), territories: store.list() };
      });
      if (opts.json) process.stdout.write(JSON.stringify({ ...counts, territories }, null, 2) + '\n');
      else
        process.stdout.write(
          `${file}: ${counts.created} territories created, ${counts.updated} updated (${territories.length} in the project)\n`,
        );
    });

  territory
    .command('list')
    .description('list the territories with their places and how many people each holds')
    .option('--db <file>', 'the project file')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const rows = await h.withProject(h.dbPath(cmd, 'territory list'), (p) => {
        const territories = p.territories().list();
        const people = territories.length ? p.analysisInput({}).people : [];
        const assigned = assignTerritories(people, territories);
        const counts = new Map<number, number>();
        for (const t of assigned.values()) counts.set(t, (counts.get(t) ?? 0) + 1);
        return territories.map((t) => ({ ...t, people: counts.get(t.id) ?? 0 }));
      });
      if (opts.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      h.printTable(
        rows.map((t) => ({
          territory: t.name,
          msl: t.msl ?? '',
          capacity: t.capacity ?? '',
          people: t.people,
          places: t.places.map((pl) => (pl.region ? `${pl.country}-${pl.region}` : pl.country)).join(' '),
        })),
        ['territory', 'msl', 'capacity', 'people', 'places'],
      );
    });

  const coverage = territory
    .command('coverage')
    .description('coverage per territory, gaps, and the next best experts to meet')
    .option('--db <file>', 'the project file')
    .option('--ta <name>', 'therapeutic area (id or label)')
    .option('--since <year>', 'first year', h.yearOption('--since'))
    .option('--until <year>', 'last year', h.yearOption('--until'))
    .option('--json', 'print JSON');
  h.settingsOptions(coverage).action(
    async (
      opts: { ta?: string; since?: number; until?: number; json?: boolean } & CliSettings,
      cmd: Command,
    ) => {
      const scope = h.scopeFrom(opts);
      const report = await h.withProject(h.dbPath(cmd, 'territory coverage'), (p) => {
        const store = p.territories();
        const territories = store.list();
        const result = h.runAnalysis(p, scope, undefined, opts);
        return territoryCoverage(
          result,
          territories,
          assignTerritories(result.people, territories),
          store.engagements(),
        );
      });
      if (opts.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      h.printTable(
        report.territories.map((t) => ({
          territory: t.name,
          msl: t.msl ?? '',
          load: `${t.load}/${t.capacity ?? '–'}${t.overCapacity ? ' OVER' : ''}`,
          T1: t.t1,
          T2: t.t2,
          communities: `${t.communitiesTouched.length}/${t.communities.length}`,
        })),
        ['territory', 'msl', 'load', 'T1', 'T2', 'communities'],
      );
      const g = report.gaps;
      process.stdout.write(
        `gaps: ${g.unassignedTopTier.length} T1/T2 people in no territory, ${g.overCapacity.length} territories over capacity, ${g.uncoveredCommunities.length} communities with no engaged expert\n`,
      );
      for (const t of report.nextBest) {
        process.stdout.write(`next best in ${t.name}:\n`);
        for (const e of t.people) process.stdout.write(`  ${e.name}: ${e.reason}\n`);
      }
    },
  );

  const exportCrm = program
    .command('export-crm')
    .description('write a CRM-ready CSV (names, ids, place, tier, score, territory, MSL, engagement)')
    .option('--db <file>', 'the project file')
    .option('--ta <name>', 'therapeutic area (id or label)')
    .option('--since <year>', 'first year', h.yearOption('--since'))
    .option('--until <year>', 'last year', h.yearOption('--until'))
    .option('--territory <name>', "only this territory's people")
    .option('--weights <k=v,...>', 'score weights, e.g. pagerank=2,citations=0')
    .option('--bom', 'start the file with a UTF-8 byte order mark (for Excel)')
    .requiredOption('--out <file.csv>', 'output CSV');
  h.settingsOptions(exportCrm).action(
    async (
      opts: {
        ta?: string;
        since?: number;
        until?: number;
        territory?: string;
        weights?: string;
        bom?: boolean;
        out: string;
      } & CliSettings,
      cmd: Command,
    ) => {
      const scope = h.scopeFrom(opts);
      h.checkOutPath('--out', opts.out);
      const { csv, rows } = await h.withProject(h.dbPath(cmd, 'export-crm'), (p) => {
        const store = p.territories();
        const territories = store.list();
        const only = opts.territory ? store.resolve(opts.territory).name : null;
        const result = h.runAnalysis(p, scope, opts.weights, opts);
        const people = only ? result.people.filter((x) => x.territory === only) : result.people;
        const csv = crmCsv(
          people,
          {
            therapeuticArea: scope.ta ? (findArea(p.areas(), scope.ta)?.label ?? scope.ta) : null,
            npi: store.npis(),
            msl: new Map(territories.map((t) => [t.name, t.msl])),
            engagements: new Map(store.engagements().map((e) => [e.authorId, e])),
          },
          { bom: opts.bom === true },
        );
        return { csv, rows: people.length };
      });
      writeFileSync(opts.out, csv, 'utf8');
      process.stderr.write(`wrote ${rows} rows to ${opts.out}\n`);
    },
  );
}
