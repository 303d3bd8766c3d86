// The `kolmap shortlist` command (issue 7): N experts for an advisory board or speaker programme within
// a scope (optionally one territory), balanced across communities and countries, at most K from one
// institution, optionally with places kept for rising stars; each pick printed with its reason. The
// rule is shared/analytics/shortlist.ts, the same the Shortlist tab of the app runs.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import {
  balanceSummary,
  buildShortlist,
  risingCandidates,
  shortlistCsv,
  type Shortlist,
} from '../shared/analytics/shortlist';
import type { CliSettings } from './cli';
import type { CliHelpers } from './cliTerritory';

interface ShortlistOpts {
  ta?: string;
  since?: number;
  until?: number;
  territory?: string;
  weights?: string;
  tiers?: CliSettings['tiers'];
  resolution?: number;
  size: number;
  maxPerInstitution: number;
  rising?: number | true;
  balance: boolean;
  out?: string;
  bom?: boolean;
  json?: boolean;
}

/** Places kept for rising stars when `--rising` is given without a number: one in six, at least one. */
export function defaultRisingPlaces(size: number): number {
  return Math.min(size, Math.max(1, Math.floor(size / 6)));
}

export function addShortlistCommand(
  program: Command,
  h: CliHelpers,
  intOption: (name: string, min: number, max: number, example: number) => (value: string) => number,
): void {
  const shortlist = program
    .command('shortlist')
    .description(
      'pick N experts for an advisory board or speaker programme: high scores, balanced across communities and countries, at most K per institution',
    )
    .option('--db <file>', 'the project file')
    .option('--ta <name>', 'therapeutic area (id or label)')
    .option('--since <year>', 'first year', h.yearOption('--since'))
    .option('--until <year>', 'last year', h.yearOption('--until'))
    .option(
      '--territory <name>',
      "pick from this territory's people only (ranks and tiers of the whole scope)",
    )
    .option('--weights <k=v,...>', 'score weights, e.g. pagerank=2,citations=0')
    .requiredOption('--size <n>', 'how many experts (N)', intOption('--size', 1, 1000, 12))
    .option(
      '--max-per-institution <k>',
      'at most K from one institution',
      intOption('--max-per-institution', 1, 1000, 2),
      2,
    )
    .option(
      '--rising [n]',
      'keep N places for rising stars (without a number: one place in six, at least one)',
      intOption('--rising', 0, 1000, 2),
    )
    .option('--no-balance', 'plain top N per institution cap, without balancing communities and countries')
    .option('--out <file.csv>', 'write the picks as CSV (cells starting with = + - @ are neutralised)')
    .option('--bom', 'start the CSV with a UTF-8 byte order mark (for Excel)')
    .option('--json', 'print JSON');
  h.settingsOptions(shortlist).action(async (opts: ShortlistOpts, cmd: Command) => {
    const scope = h.scopeFrom(opts);
    if (opts.out) h.checkOutPath('--out', opts.out);
    if (opts.bom && !opts.out) throw h.usage('--bom applies to the CSV file: give --out FILE.csv too.');
    const rising =
      opts.rising === undefined ? 0 : opts.rising === true ? defaultRisingPlaces(opts.size) : opts.rising;
    if (rising > opts.size) {
      throw h.usage(
        `--rising ${rising} is more than --size ${opts.size}; keep fewer places for rising stars.`,
      );
    }
    const { list, territory } = await h.withProject(h.dbPath(cmd, 'shortlist'), (p) => {
      const only = opts.territory ? p.territories().resolve(opts.territory).name : null;
      const result = h.runAnalysis(p, scope, opts.weights, opts);
      const scoped = only ? { ...result, people: result.people.filter((x) => x.territory === only) } : result;
      const list = buildShortlist(
        scoped,
        {
          size: opts.size,
          maxPerInstitution: opts.maxPerInstitution,
          risingStars: rising,
          ...(opts.balance ? {} : { communityDecay: 1, countryDecay: 1 }),
        },
        rising > 0 ? risingCandidates(result) : [],
      );
      return { list, territory: only };
    });
    if (opts.out) {
      writeFileSync(opts.out, shortlistCsv(list, { bom: opts.bom === true }), 'utf8');
      process.stderr.write(`wrote ${list.picks.length} picks to ${opts.out}\n`);
    }
    if (opts.json) {
      const options = {
        size: opts.size,
        maxPerInstitution: opts.maxPerInstitution,
        risingStars: rising,
        balance: opts.balance,
      };
      process.stdout.write(JSON.stringify({ scope, territory, options, ...list }, null, 2) + '\n');
      return;
    }
    printShortlist(list, opts.size, territory, h);
  });
}

function printShortlist(list: Shortlist, size: number, territory: string | null, h: CliHelpers): void {
  const where = territory ? ` in ${territory}` : '';
  process.stdout.write(
    `${list.picks.length} of ${size} picked${where} from ${list.pool} people${list.short ? ' (too few people fit the caps)' : ''}\n`,
  );
  h.printTable(
    list.picks.map((p, i) => ({
      '#': i + 1,
      name: p.name,
      institution: p.institution ?? '',
      country: p.country ?? '',
      tier: p.tier,
      score: p.score.toFixed(1),
      kind: p.kind,
    })),
    ['#', 'name', 'institution', 'country', 'tier', 'score', 'kind'],
  );
  process.stdout.write('why:\n');
  list.picks.forEach((p, i) => process.stdout.write(`  ${i + 1}. ${p.name}: ${p.reason}\n`));
  const b = balanceSummary(list.balance);
  process.stdout.write(
    `balance: ${b.communities} communities, ${b.countries} countries, ${b.institutions} institutions, at most ${b.maxFromOneInstitution} from one institution\n`,
  );
}
