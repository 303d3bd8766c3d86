// `kolmap shortlist` (issue 7) through the built CLI on the demo project (real SQLite on a temp file):
// the picks match the shared rule run in-process, respect the institution cap and the territory, carry
// their reasons; CSV cells are neutralised; bad usage exits 2 with one line on stderr.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { analyze } from '../../shared/analytics';
import { SHORTLIST_COLUMNS, buildShortlist, type Shortlist } from '../../shared/analytics/shortlist';
import { BIN, kolmap, tempDir } from '../helpers/cli';

const dir = tempDir('kolmap-shortlist-');
const db = path.join(dir, 'demo.kolmap');

type ShortlistJson = Shortlist & {
  territory: string | null;
  options: { size: number; maxPerInstitution: number; risingStars: number; balance: boolean };
};

function shortlist(args: string[]): ShortlistJson {
  const r = spawnSync(process.execPath, [BIN, 'shortlist', '--json', '--db', db, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as ShortlistJson;
}

beforeAll(() => {
  expect(kolmap(['demo', '--db', db]).code).toBe(0);
  const csv = path.join(dir, 'territories.csv');
  writeFileSync(csv, 'territory,msl,capacity,country,region\nCalifornia,Ben Cho,20,US,CA\nDACH,Ana,30,DE,\n');
  expect(kolmap(['territory', 'import', csv, '--db', db]).code).toBe(0);
}, 120_000);

describe('kolmap shortlist', () => {
  it('picks N people with reasons, at most K per institution, as the shared rule does in-process', () => {
    const list = shortlist(['--size', '10', '--max-per-institution', '1']);
    expect(list.picks).toHaveLength(10);
    expect(list.short).toBe(false);
    expect(list.options).toEqual({ size: 10, maxPerInstitution: 1, risingStars: 0, balance: true });
    const perInstitution = new Map<string, number>();
    for (const p of list.picks) {
      expect(p.reason).toMatch(/^rank \d+ \(T\d, score \d+\.\d\)/);
      if (p.institution) perInstitution.set(p.institution, (perInstitution.get(p.institution) ?? 0) + 1);
    }
    expect(Math.max(...perInstitution.values())).toBe(1);

    const p = Project.open(db);
    try {
      const result = analyze(p.analysisInput({}));
      const expected = buildShortlist(result, { size: 10, maxPerInstitution: 1 });
      expect(list.picks.map((x) => x.id)).toEqual(expected.picks.map((x) => x.id));
      expect(list.pool).toBe(result.people.length);
      // Balance matters: the balanced list is not simply the top 10 under the cap.
      const plain = shortlist(['--size', '10', '--max-per-institution', '1', '--no-balance']);
      const top = buildShortlist(result, {
        size: 10,
        maxPerInstitution: 1,
        communityDecay: 1,
        countryDecay: 1,
      });
      expect(plain.picks.map((x) => x.id)).toEqual(top.picks.map((x) => x.id));
      const scores = plain.picks.map((x) => x.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    } finally {
      p.close();
    }
  });

  it('--territory picks from that territory only; --rising keeps places for rising stars', () => {
    const cal = shortlist(['--size', '4', '--territory', 'california']);
    expect(cal.territory).toBe('California');
    expect(cal.picks.length).toBeGreaterThan(0);
    const rank = spawnSync(
      process.execPath,
      [BIN, 'rank', '--json', '--territory', 'California', '--db', db],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const inCal = new Set((JSON.parse(rank.stdout) as { id: number }[]).map((x) => x.id));
    expect(cal.pool).toBe(inCal.size);
    for (const p of cal.picks) expect(inCal.has(p.id)).toBe(true);

    const rising = shortlist(['--size', '12', '--rising']);
    expect(rising.options.risingStars).toBe(2);
    expect(rising.picks.filter((p) => p.kind === 'rising').length).toBeGreaterThan(0);
    expect(rising.picks.filter((p) => p.kind === 'rising').length).toBeLessThanOrEqual(2);
    const three = shortlist(['--size', '12', '--rising', '3']);
    expect(three.options.risingStars).toBe(3);
  });

  it('prints the picks and their reasons as text', () => {
    const r = kolmap(['shortlist', '--size', '5', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^5 of 5 picked from \d+ people\n/);
    expect(r.stdout).toContain('why:\n  1. ');
    expect(r.stdout).toMatch(/balance: \d+ communities, \d+ countries, \d+ institutions/);
  });

  it('writes a neutralised CSV with the shortlist columns, with an optional BOM', () => {
    // Rename the best-ranked person so the name starts with "=": the CSV must not start a formula.
    const p = Project.open(db);
    let id: number;
    try {
      const top = analyze(p.analysisInput({})).people[0]!;
      id = top.id;
    } finally {
      p.close();
    }
    const raw = new Database(db);
    raw.prepare('UPDATE authors SET display_name = ? WHERE id = ?').run('=HYPERLINK("x")', id);
    raw.close();
    const out = path.join(dir, 'board.csv');
    const r = kolmap(['shortlist', '--size', '6', '--out', out, '--bom', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote 6 picks to ${out}`);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const csv = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(csv.meta.fields).toEqual([...SHORTLIST_COLUMNS]);
    expect(csv.data).toHaveLength(6);
    const row = csv.data.find((x) => Number(x.kolmap_id) === id)!;
    expect(row.name).toBe(`'=HYPERLINK("x")`);
    expect(csv.data.map((x) => Number(x.position))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('exits 2 with one line on stderr on bad usage, leaving the project as it was', () => {
    const before = readFileSync(db);
    const cases: [string[], RegExp][] = [
      [[], /--size/],
      [['--size', 'ten'], /--size must be a whole number, got "ten"/],
      [['--size', '0'], /--size must be between 1 and 1000/],
      [['--size', '5', '--max-per-institution', '0'], /--max-per-institution must be between/],
      [['--size', '3', '--rising', '4'], /--rising 4 is more than --size 3/],
      [['--size', '3', '--territory', 'Mars'], /Unknown territory "Mars"/],
      [['--size', '3', '--bom'], /--bom applies to the CSV file/],
      [['--size', '3', '--since', '2020', '--until', '2010'], /--since 2020 is after --until 2010/],
      [['--size', '3', '--out', path.join(dir, 'missing', 'x.csv')], /does not exist/],
    ];
    for (const [args, message] of cases) {
      const r = kolmap(['shortlist', ...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});
