// `--tiers T1,T2,T3` and `--resolution R` on `kolmap rank`, `kolmap graph`, `kolmap snapshot save` (and
// the other commands that analyse: export-crm, shortlist, territory coverage),
// through the built command on a real project (the demo, 6,900 people): the tier counts follow the
// cut-offs given, a higher resolution gives more communities, bad values exit 2 with one line naming
// the flag and an example, and a snapshot records the settings it was taken with.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { kolmap, tempDir } from '../helpers/cli';

const dir = tempDir('kolmap-cli-tiers-');
const db = path.join(dir, 'demo.kolmap');

interface Row {
  rank: number;
  id: number;
  score: number;
  tier: string;
  community: number;
}

function readCsv(file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

/** The whole ranking (to a CSV: its JSON on stdout is larger than spawnSync's output buffer). */
function rank(args: string[]): Row[] {
  const out = path.join(dir, 'rank.csv');
  const r = kolmap(['rank', '--db', db, '--out', out, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return readCsv(out).map((x) => ({
    rank: Number(x.rank),
    id: Number(x.id),
    score: Number(x.score),
    tier: x.tier!,
    community: Number(x.community),
  }));
}

/** People in T1, T1–T2 and T1–T3 (cumulative), checking the ranking lists tiers best first. */
function cumulativeTierCounts(rows: Row[]): [number, number, number] {
  const order = ['T1', 'T2', 'T3', 'T4'];
  for (let i = 1; i < rows.length; i++) {
    expect(order.indexOf(rows[i]!.tier)).toBeGreaterThanOrEqual(order.indexOf(rows[i - 1]!.tier));
  }
  const upTo = (t: number) => rows.filter((r) => order.indexOf(r.tier) <= t).length;
  return [upTo(0), upTo(1), upTo(2)];
}

/**
 * The tiers follow cumulative cut-offs: the first ⌈cut·n⌉ people are in the tier or better, and anyone
 * past that limit but still in it has the score of the person at the limit (a tie keeps the better tier).
 */
function expectTiersFollow(rows: Row[], cuts: [number, number, number]): void {
  const n = rows.length;
  const counts = cumulativeTierCounts(rows);
  cuts.forEach((cut, k) => {
    const limit = Math.ceil(cut * n - 1e-9);
    expect(counts[k]).toBeGreaterThanOrEqual(limit);
    for (let r = limit; r < counts[k]!; r++) expect(rows[r]!.score).toBe(rows[limit - 1]!.score);
  });
}

function communities(rows: Row[]): number {
  return new Set(rows.map((r) => r.community)).size;
}

function expectUsageError(args: string[], flag: string): void {
  const r = kolmap(['rank', '--db', db, ...args]);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(flag);
  expect(lines[0]).toMatch(/Example: --/);
  expect(r.stdout).toBe('');
}

beforeAll(() => {
  const demo = kolmap(['demo', '--db', db]);
  expect(demo.code, demo.stderr).toBe(0);
}, 180_000);

describe('kolmap rank --tiers and --resolution', () => {
  let defaults: Row[];

  beforeAll(() => {
    defaults = rank([]);
  }, 120_000);

  it('gives tier counts that follow the cut-offs given', () => {
    expect(defaults.length).toBeGreaterThan(1000);
    expectTiersFollow(defaults, [0.05, 0.2, 0.5]);
    const wide = rank(['--tiers', '10,20,30']);
    expectTiersFollow(wide, [0.1, 0.3, 0.6]);
    // The same people in the same order: only the tiers moved.
    expect(wide.map((r) => r.id)).toEqual(defaults.map((r) => r.id));
    expect(cumulativeTierCounts(wide)[0]).toBeGreaterThan(cumulativeTierCounts(defaults)[0] * 1.8);
    // The defaults spelled out give the defaults' tiers.
    expect(rank(['--tiers', '5,15,30']).map((r) => r.tier)).toEqual(defaults.map((r) => r.tier));
  }, 120_000);

  it('gives more communities at a higher resolution, the ranking unchanged', () => {
    const fine = rank(['--resolution', '3']);
    expect(communities(fine)).toBeGreaterThan(communities(defaults));
    expect(fine.map((r) => r.id)).toEqual(defaults.map((r) => r.id));
    expect(fine.map((r) => r.tier)).toEqual(defaults.map((r) => r.tier));
    const coarse = rank(['--resolution', '0.3']);
    expect(communities(coarse)).toBeLessThan(communities(defaults));
  }, 120_000);

  it('refuses bad values with exit 2 and one line naming the flag', () => {
    expectUsageError(['--tiers', '60,50,10'], '--tiers 60,50,10: T1 + T2 + T3 must add up to at most 100 %');
    expectUsageError(['--tiers', 'a,b'], '--tiers a,b:');
    expectUsageError(['--tiers', '5,15,30,10'], '--tiers 5,15,30,10:');
    expectUsageError(['--tiers', '5,-1,30'], '--tiers 5,-1,30:');
    expectUsageError(['--resolution', '0'], '--resolution 0: the resolution must be above 0');
    expectUsageError(['--resolution', 'fine'], '--resolution fine:');
    expectUsageError(['--resolution', '2000'], '--resolution 2000: the resolution must be at most 1000');
  }, 120_000);
});

describe('kolmap graph and snapshot save --tiers and --resolution', () => {
  it('graph writes the tiers and communities rank gives with the same flags', () => {
    const out = path.join(dir, 'g.csv');
    const flags = ['--tiers', '10,15,30', '--resolution', '2'];
    const r = kolmap(['graph', '--db', db, '--out', out, ...flags]);
    expect(r.code, r.stderr).toBe(0);
    const nodes = readCsv(path.join(dir, 'g.nodes.csv'));
    const ranked = rank(flags);
    const byId = new Map(ranked.map((p) => [p.id, p]));
    expect(nodes).toHaveLength(ranked.length);
    for (const node of nodes) {
      const p = byId.get(Number(node.id))!;
      expect(node.tier).toBe(p.tier);
      expect(Number(node.community)).toBe(p.community);
    }
    expectTiersFollow(ranked, [0.1, 0.25, 0.55]);
  }, 120_000);

  it('a snapshot records the tier cut-offs and resolution it was taken with', () => {
    const save = kolmap(['snapshot', 'save', 'wide', '--db', db, '--tiers', '10,15,30', '--resolution', '2']);
    expect(save.code, save.stderr).toBe(0);
    expect(kolmap(['snapshot', 'save', 'plain', '--db', db]).code).toBe(0);
    const list = kolmap(['snapshot', 'list', '--db', db, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const byName = new Map(
      (JSON.parse(list.stdout) as { name: string; settings: unknown }[]).map((s) => [s.name, s.settings]),
    );
    expect(byName.get('wide')).toEqual({ tierCuts: [0.1, 0.25, 0.55], resolution: 2 });
    expect(byName.get('plain')).toEqual({ tierCuts: [0.05, 0.2, 0.5], resolution: 1 });
    const diff = kolmap(['diff', 'plain', 'wide', '--db', db]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('tiers (T1/T2/T3): 5/15/30 % → 10/15/30 %');
    expect(diff.stdout).toContain('community resolution: 1 → 2');
    const bad = kolmap(['snapshot', 'save', 'bad', '--db', db, '--tiers', '50,50,50']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--tiers 50,50,50:');
  }, 180_000);
});

describe('the other commands that analyse take --tiers and --resolution too', () => {
  const flags = ['--tiers', '10,15,30', '--resolution', '2'];

  it('export-crm writes the tiers rank gives with the same flags', () => {
    const out = path.join(dir, 'crm.csv');
    const r = kolmap(['export-crm', '--db', db, '--out', out, ...flags]);
    expect(r.code, r.stderr).toBe(0);
    const crm = readCsv(out);
    const byId = new Map(rank(flags).map((p) => [p.id, p.tier]));
    expect(crm.length).toBe(byId.size);
    for (const row of crm) expect(row.tier).toBe(byId.get(Number(row.kolmap_id)));
    // T1 holds the top 10 % here, not the default 5 %.
    expect(crm.filter((row) => row.tier === 'T1').length).toBeGreaterThanOrEqual(Math.ceil(0.1 * crm.length));
  }, 180_000);

  it('shortlist and territory coverage accept them and refuse bad values', () => {
    const shortlist = kolmap(['shortlist', '--db', db, '--size', '5', '--json', ...flags]);
    expect(shortlist.code, shortlist.stderr).toBe(0);
    const coverage = kolmap(['territory', 'coverage', '--db', db, '--json', ...flags]);
    expect(coverage.code, coverage.stderr).toBe(0);
    for (const command of [
      ['shortlist', '--size', '5'],
      ['territory', 'coverage'],
      ['export-crm', '--out', path.join(dir, 'x.csv')],
    ]) {
      const bad = kolmap([...command, '--db', db, '--resolution', '0']);
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toContain('--resolution 0:');
    }
  }, 180_000);
});
