// The snapshot commands of `kolmap` (issue 7): `snapshot save NAME`, `snapshot list`, `snapshot delete`
// and `diff A B`. Kept apart from cli.ts, which hands in its helpers (project opening, scope parsing,
// analysis) so every command shares one behaviour for --db, exit codes and messages.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { ApiError, type Scope } from '../shared/api';
import { snapshotNameSchema } from '../shared/api/snapshots';
import {
  settingsUsed,
  tierCutsFromPercents,
  tiersText,
  type TierPercents,
} from '../shared/analytics/settings';
import { diffCsv, diffSnapshots, diffSummary, snapshotPeople } from '../shared/analytics/snapshot';
import type { CliHelpers } from './cliTerritory';

function fmtScope(s: Scope): string {
  const parts = Object.entries(s)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join(' ') : 'all';
}

function notFound(list: { name: string }[], name: string): string {
  const known = list.map((s) => `"${s.name}"`).join(', ');
  return `no snapshot named "${name.trim()}" in this project; ${known ? `saved: ${known}` : 'none saved yet (kolmap snapshot save NAME)'}.`;
}

export function addSnapshotCommands(program: Command, h: CliHelpers): void {
  const snapshot = program
    .command('snapshot')
    .description('analysis snapshots: save the current ranking to compare it later with `kolmap diff`');

  const save = snapshot
    .command('save')
    .description(
      'analyse a scope and save the result (scope, weights, tier cut-offs, resolution, ranks, scores, tiers, breakdowns)',
    )
    .argument('<name>', 'a name for the snapshot, e.g. "2024-Q1"')
    .option('--db <file>', 'the project file')
    .option('--ta <name>', 'therapeutic area (id or label)')
    .option('--since <year>', 'first year', h.yearOption('--since'))
    .option('--until <year>', 'last year', h.yearOption('--until'))
    .option('--weights <k=v,...>', 'score weights, e.g. pagerank=1,publications=0')
    .option('--replace', 'replace a snapshot of the same name')
    .option('--json', 'print the saved snapshot (without its people) as JSON');
  h.settingsOptions(save).action(
    async (
      name: string,
      opts: {
        ta?: string;
        since?: number;
        until?: number;
        weights?: string;
        tiers?: TierPercents;
        resolution?: number;
        replace?: boolean;
        json?: boolean;
      },
      cmd: Command,
    ) => {
      const trimmed = name.trim();
      if (!snapshotNameSchema.safeParse(name).success) {
        throw h.usage(`snapshot name "${name}": give 1 to 200 printable characters, e.g. "2024-Q1".`);
      }
      const scope = h.scopeFrom(opts);
      const info = await h.withProject(h.dbPath(cmd, 'snapshot save'), (p) => {
        const store = p.snapshots();
        const existing = store.info(trimmed);
        if (existing && !opts.replace) {
          throw h.usage(
            `a snapshot named "${existing.name}" already exists; choose another name or add --replace.`,
          );
        }
        const result = h.runAnalysis(p, scope, opts.weights, opts);
        return store.save({
          name: trimmed,
          scope,
          weights: result.weights,
          settings: settingsUsed({
            tierCuts: opts.tiers ? tierCutsFromPercents(opts.tiers) : undefined,
            resolution: opts.resolution,
          }),
          people: snapshotPeople(result),
          replace: opts.replace === true,
        });
      });
      if (opts.json) process.stdout.write(JSON.stringify(info, null, 2) + '\n');
      else
        process.stdout.write(
          `saved snapshot "${info.name}": ${info.count} people, scope ${fmtScope(info.scope)}\n`,
        );
    },
  );

  snapshot
    .command('list')
    .description('list the saved snapshots')
    .option('--db <file>', 'the project file')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const list = await h.withProject(h.dbPath(cmd, 'snapshot list'), (p) => p.snapshots().list());
      if (opts.json) {
        process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      if (!list.length) {
        process.stdout.write('no snapshots yet; save one with `kolmap snapshot save NAME`\n');
        return;
      }
      h.printTable(
        list.map((s) => ({
          name: s.name,
          saved: s.createdAt.slice(0, 16).replace('T', ' '),
          people: s.count,
          scope: fmtScope(s.scope),
          weights: Object.entries(s.weights)
            .filter(([, w]) => w > 0)
            .map(([k, w]) => `${k}=${w.toFixed(2)}`)
            .join(','),
          tiers: tiersText(s.settings.tierCuts),
          resolution: s.settings.resolution,
        })),
        ['name', 'saved', 'people', 'scope', 'weights', 'tiers', 'resolution'],
      );
    });

  snapshot
    .command('delete')
    .description('delete a saved snapshot')
    .argument('<name>', 'the snapshot')
    .option('--db <file>', 'the project file')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await h.withProject(h.dbPath(cmd, 'snapshot delete'), (p) => {
        const store = p.snapshots();
        if (!store.info(name.trim())) throw h.usage(notFound(p.snapshots().list(), name));
        store.delete(name.trim());
      });
      process.stdout.write(`deleted snapshot "${name.trim()}"\n`);
    });

  program
    .command('diff')
    .description('compare two snapshots: tier changes, biggest risers and fallers, and why they moved')
    .argument('<a>', 'the earlier snapshot (before)')
    .argument('<b>', 'the later snapshot (after)')
    .option('--db <file>', 'the project file')
    .option('--top <n>', 'how many risers and fallers to list (default 10)', (v: string) => {
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 10_000)
        throw h.usage(`--top must be a whole number from 1 to 10000, got "${v}"; e.g. --top 20.`);
      return Number(v);
    })
    .option('--out <file.csv>', 'write one row per person (ranks, scores, tiers, why) to this CSV')
    .option('--json', 'print the whole comparison as JSON')
    .action(
      async (a: string, b: string, opts: { top?: number; out?: string; json?: boolean }, cmd: Command) => {
        if (opts.out) h.checkOutPath('--out', opts.out);
        const diff = await h.withProject(h.dbPath(cmd, 'diff'), (p) => {
          const store = p.snapshots();
          try {
            return diffSnapshots(store.require(a.trim()), store.require(b.trim()), { top: opts.top });
          } catch (err) {
            // An unknown name is the user's mistake: one line, exit 2.
            if (err instanceof ApiError && err.code === 'NOT_FOUND') throw h.usage(err.message);
            throw err;
          }
        });
        if (opts.out) writeFileSync(opts.out, diffCsv(diff), 'utf8');
        if (opts.json) process.stdout.write(JSON.stringify(diff, null, 2) + '\n');
        else process.stdout.write(diffSummary(diff).join('\n') + '\n');
        if (opts.out) process.stderr.write(`wrote ${diff.all.length} rows to ${opts.out}\n`);
      },
    );
}
