// Territories, engagements, coverage and the CRM export (issue 7) on the demo project, through the
// built CLI and through the API handlers on the same real SQLite file.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../electron/api';
import { Project } from '../../electron/db';
import { analyze } from '../../shared/analytics';
import { CRM_COLUMNS } from '../../shared/analytics/crm';
import { assignTerritories, territoryCoverage } from '../../shared/analytics/territory';
import type { Engagement, TerritoryInfo } from '../../shared/api';
import { BIN, kolmap, tempDir } from '../helpers/cli';

const dir = tempDir('kolmap-territories-');
const db = path.join(dir, 'demo.kolmap');

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function listJson(): (TerritoryInfo & { people: number })[] {
  const r = kolmap(['territory', 'list', '--json', '--db', db]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as (TerritoryInfo & { people: number })[];
}

interface RankJson {
  id: number;
  tier: string;
  region: string | null;
  country: string | null;
  territory: string | null;
}

/** `kolmap rank --json` (its output for the whole demo is larger than spawnSync's default buffer). */
function rank(args: string[]): RankJson[] {
  const r = spawnSync(process.execPath, [BIN, 'rank', '--json', '--db', db, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as RankJson[];
}

beforeAll(() => {
  expect(kolmap(['demo', '--db', db]).code).toBe(0);
}, 120_000);

describe('kolmap territory import', () => {
  it('reads ISO codes, alpha-3 codes and country names, with US state regions', () => {
    const file = write(
      'territories.csv',
      [
        'territory,msl,capacity,country,region',
        'US Rest,Ana Ruiz,40,United States,',
        'California,Ben Cho,20,USA,CA',
        'California,,,US,US-WA',
        'DACH,Clara Weiss,25,Germany,',
        'DACH,Clara Weiss,,CHE,',
        'UK,"Hale, Dan",15,gb,',
      ].join('\n') + '\n',
    );
    const r = kolmap(['territory', 'import', file, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 territories created');
    const list = listJson();
    expect(list.map((t) => t.name)).toEqual(['California', 'DACH', 'UK', 'US Rest']);
    const byName = new Map(list.map((t) => [t.name, t]));
    expect(byName.get('California')).toMatchObject({
      msl: 'Ben Cho',
      capacity: 20,
      places: [
        { country: 'US', region: 'CA' },
        { country: 'US', region: 'WA' },
      ],
    });
    expect(byName.get('DACH')?.places).toEqual([
      { country: 'CH', region: null },
      { country: 'DE', region: null },
    ]);
    expect(byName.get('UK')?.msl).toBe('Hale, Dan');
    for (const t of list) expect(t.people).toBeGreaterThan(0);
  });

  it('refuses a bad row with exit 2 naming file, line and field, and changes nothing', () => {
    const before = listJson();
    const file = write(
      'bad.csv',
      'territory,msl,capacity,country,region\nNordics,Eva,10,Sweden,\nNordics,Eva,10,Atlantis,\n',
    );
    const r = kolmap(['territory', 'import', file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${file} line 3, field country`);
    expect(r.stderr).toContain('Atlantis');
    const capacity = write('bad-capacity.csv', 'territory,msl,capacity,country\nX,,ten,DE\n');
    const c = kolmap(['territory', 'import', capacity, '--db', db]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(`${capacity} line 2, field capacity`);
    const noHeader = write('no-header.csv', 'name,land\nX,DE\n');
    const h = kolmap(['territory', 'import', noHeader, '--db', db]);
    expect(h.code).toBe(2);
    expect(h.stderr).toContain('"territory" column');
    expect(listJson()).toEqual(before);
  });

  it('re-importing a territory updates it by name instead of duplicating it', () => {
    const file = write('update.csv', 'territory,msl,capacity,country,region\nUK,Dan Hale,18,GB,\n');
    const r = kolmap(['territory', 'import', file, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 territories created, 1 updated');
    const uk = listJson().find((t) => t.name.toLowerCase() === 'uk');
    expect(uk).toMatchObject({ msl: 'Dan Hale', capacity: 18 });
    expect(listJson()).toHaveLength(4);
  });
});

describe('assignment and rank --territory', () => {
  it('fills the territory column; a region match beats a country-only match', () => {
    const rows = rank([]);
    const ca = rows.filter((p) => p.country === 'US' && p.region === 'CA');
    const ma = rows.filter((p) => p.country === 'US' && p.region === 'MA');
    const fr = rows.filter((p) => p.country === 'FR');
    expect(ca.length).toBeGreaterThan(0);
    expect(ma.length).toBeGreaterThan(0);
    expect(fr.length).toBeGreaterThan(0);
    for (const p of ca) expect(p.territory).toBe('California');
    for (const p of ma) expect(p.territory).toBe('US Rest');
    for (const p of fr) expect(p.territory).toBeNull();
    for (const p of rows.filter((x) => x.country === 'DE' || x.country === 'CH'))
      expect(p.territory).toBe('DACH');

    const csvOut = path.join(dir, 'rank.csv');
    expect(kolmap(['rank', '--db', db, '--out', csvOut]).code).toBe(0);
    const csv = readFileSync(csvOut, 'utf8').split('\n');
    // territory is the last DESIGN §5 column; trials follows it (empty: no trial data here).
    expect(csv[0]?.split(',').slice(-2)).toEqual(['territory', 'trials']);
    expect(csv.filter((l) => l.endsWith(',California,')).length).toBe(
      rows.filter((p) => p.territory === 'California').length,
    );
  });

  it('rank --territory keeps only that territory (any case), with the ranks of the scope', () => {
    const all = rank([]);
    const only = rank(['--territory', 'california']);
    expect(only.length).toBe(all.filter((p) => p.territory === 'California').length);
    for (const p of only) expect(p.territory).toBe('California');
    expect(rank(['--territory', 'California', '--top', '3']).map((p) => p.id)).toEqual(
      only.slice(0, 3).map((p) => p.id),
    );
    const bad = kolmap(['rank', '--territory', 'Mars', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown territory "Mars"');
    expect(bad.stderr).toContain('California');
  });

  it('manual overrides are kept and win over places', async () => {
    const p = Project.open(db);
    try {
      const handlers = createHandlers({ project: () => p, emit: () => undefined, host: {} });
      const call = (method: string, args: unknown) => dispatch(handlers, method, args);
      const territories = p.territories().list();
      const id = (name: string) => territories.find((t) => t.name === name)!.id;
      const people = p.analysisInput({}).people;
      const caPerson = people.find((x) => x.region === 'CA')!;
      const frPerson = people.find((x) => x.country === 'FR')!;
      expect(
        await call('setTerritoryOverride', {
          territoryId: id('California'),
          authorId: caPerson.id,
          mode: 'exclude',
        }),
      ).toMatchObject({ ok: true });
      expect(
        await call('setTerritoryOverride', { territoryId: id('UK'), authorId: frPerson.id, mode: 'include' }),
      ).toMatchObject({ ok: true });
      const after = new Map(p.analysisInput({}).people.map((x) => [x.id, x.territory]));
      expect(after.get(caPerson.id)).toBe('US Rest'); // excluded from California, still in the US
      expect(after.get(frPerson.id)).toBe('UK');
      // Re-importing California's places keeps its overrides.
      const file = write('again.csv', 'territory,msl,capacity,country,region\nCalifornia,Ben Cho,20,US,CA\n');
      expect(kolmap(['territory', 'import', file, '--db', db]).code).toBe(0);
      const again = new Map(p.analysisInput({}).people.map((x) => [x.id, x.territory]));
      expect(again.get(caPerson.id)).toBe('US Rest');
      expect(again.get(frPerson.id)).toBe('UK');
      const bad = await call('setTerritoryOverride', {
        territoryId: 999,
        authorId: frPerson.id,
        mode: 'include',
      });
      expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      // Clear both so later tests see place-based assignment.
      await call('setTerritoryOverride', {
        territoryId: id('California'),
        authorId: caPerson.id,
        mode: null,
      });
      await call('setTerritoryOverride', { territoryId: id('UK'), authorId: frPerson.id, mode: null });
      expect(p.analysisInput({}).people.find((x) => x.id === frPerson.id)?.territory).toBeNull();
    } finally {
      p.close();
    }
  });
});

describe('engagements, coverage, gaps and next best experts', () => {
  it('keeps a history of every change and validates arguments', async () => {
    const p = Project.open(db);
    try {
      const handlers = createHandlers({ project: () => p, emit: () => undefined, host: {} });
      const person = p.analysisInput({}).people[0]!;
      const base = {
        authorId: person.id,
        priority: 'high',
        nextAction: 'Intro call',
        nextDate: '2026-12-01',
        notes: null,
      };
      const first = await dispatch(handlers, 'setEngagement', { ...base, status: 'planned' });
      expect(first).toMatchObject({ ok: true });
      const second = await dispatch(handlers, 'setEngagement', {
        ...base,
        status: 'engaged',
        notes: 'Met at ESMO',
      });
      expect(second).toMatchObject({ ok: true });
      const got = (await dispatch(handlers, 'getEngagement', { authorId: person.id })) as {
        ok: true;
        result: { engagement: Engagement; history: Engagement[] };
      };
      expect(got.result.engagement).toMatchObject({
        status: 'engaged',
        priority: 'high',
        notes: 'Met at ESMO',
      });
      expect(got.result.history.map((h) => h.status)).toEqual(['engaged', 'planned']);
      const all = (await dispatch(handlers, 'getEngagements', {})) as { ok: true; result: Engagement[] };
      expect(all.result.map((e) => e.authorId)).toContain(person.id);
      const bad = await dispatch(handlers, 'setEngagement', { ...base, status: 'met' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      const badDate = await dispatch(handlers, 'setEngagement', {
        ...base,
        status: 'planned',
        nextDate: '1/12/2026',
      });
      expect(badDate).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      const nobody = await dispatch(handlers, 'setEngagement', {
        ...base,
        authorId: 99_999_999,
        status: 'planned',
      });
      expect(nobody).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      // Back to not contacted for the coverage test (history grows to three).
      await dispatch(handlers, 'setEngagement', { ...base, status: 'not-contacted' });
      expect(p.territories().engagement(person.id).history).toHaveLength(3);
    } finally {
      p.close();
    }
  });

  it('coverage, gaps and next best experts react to an engagement', () => {
    const p = Project.open(db);
    try {
      const store = p.territories();
      const territories = store.list();
      const result = analyze(p.analysisInput({}));
      const assigned = assignTerritories(result.people, territories);
      const before = territoryCoverage(result, territories, assigned, store.engagements());
      expect(before.territories.map((t) => t.name)).toEqual(territories.map((t) => t.name));
      for (const t of before.territories) {
        const mine = result.people.filter((x) => assigned.get(x.id) === t.territoryId);
        expect(t.people).toBe(mine.length);
        expect(t.t1).toBe(mine.filter((x) => x.tier === 'T1').length);
        expect(t.t2).toBe(mine.filter((x) => x.tier === 'T2').length);
        expect(t.overCapacity).toBe(t.capacity !== null && t.load > t.capacity);
        expect(t.communitiesTouched).toEqual([]);
      }
      expect(before.gaps.overCapacity.length).toBeGreaterThan(0);
      const unassigned = before.gaps.unassignedTopTier;
      expect(unassigned.length).toBeGreaterThan(0);
      for (const g of unassigned) expect(assigned.has(g.id)).toBe(false);
      expect(unassigned.some((g) => g.country === 'FR')).toBe(true);

      // Engage the best next expert of California: their community stops being a gap.
      const cal = before.nextBest.find((n) => n.name === 'California')!;
      const pick = cal.people[0]!;
      expect(pick.reason).toMatch(/^T[12], score \d+\.\d \(#\d+\); community C\d+ has no engaged expert yet/);
      expect(before.gaps.uncoveredCommunities.map((c) => c.community)).toContain(pick.community);
      store.setEngagement({
        authorId: pick.id,
        priority: 'high',
        status: 'engaged',
        nextAction: null,
        nextDate: null,
        notes: null,
      });
      const after = territoryCoverage(result, territories, assigned, store.engagements());
      expect(after.gaps.uncoveredCommunities.map((c) => c.community)).not.toContain(pick.community);
      const calAfter = after.territories.find((t) => t.name === 'California')!;
      expect(calAfter.engaged).toBe(1);
      expect(calAfter.communitiesTouched).toEqual([pick.community]);
      const nextAfter = after.nextBest.find((n) => n.name === 'California')!;
      expect(nextAfter.people.map((x) => x.id)).not.toContain(pick.id);
      // Others in that community lose the "no engaged expert" bonus.
      for (const x of nextAfter.people.filter((y) => y.community === pick.community)) {
        expect(x.reason).toContain('already engaged');
      }

      const cli = kolmap(['territory', 'coverage', '--json', '--db', db]);
      expect(cli.code).toBe(0);
      const report = JSON.parse(cli.stdout) as typeof after;
      expect(report.territories.find((t) => t.name === 'California')?.engaged).toBe(1);
      expect(report.gaps.uncoveredCommunities.length).toBe(after.gaps.uncoveredCommunities.length);
    } finally {
      p.close();
    }
  });
});

describe('kolmap export-crm', () => {
  it('writes the CRM columns, territory, MSL and engagement; --territory filters', () => {
    const out = path.join(dir, 'crm-cal.csv');
    const r = kolmap(['export-crm', '--territory', 'California', '--out', out, '--db', db]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(CRM_COLUMNS.join(','));
    expect(lines[0]).toBe(
      'kolmap_id,first_name,last_name,institution,city,region,country,orcid,npi,therapeutic_area,tier,score,territory,msl,priority,status',
    );
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.length).toBe(rank(['--territory', 'California']).length);
    for (const row of rows) {
      expect(row[12]).toBe('California');
      expect(row[13]).toBe('Ben Cho');
      expect(['T1', 'T2', 'T3', 'T4']).toContain(row[10]);
    }
    expect(rows.filter((row) => row[15] === 'engaged' && row[14] === 'high')).toHaveLength(1);

    const onc = path.join(dir, 'crm-onc.csv');
    expect(kolmap(['export-crm', '--ta', 'oncology', '--bom', '--out', onc, '--db', db]).code).toBe(0);
    const oncText = readFileSync(onc, 'utf8');
    expect(oncText.charCodeAt(0)).toBe(0xfeff);
    expect(oncText.split('\n')[1]?.split(',')[9]).toBe('Oncology');
  });

  it('neutralises a name starting with "=" (CSV injection)', () => {
    const evil = path.join(dir, 'evil.kolmap');
    const header =
      '"PMID","Title","Authors","Citation","First Author","Journal/Book","Publication Year","Create Date","PMCID","NIHMS ID","DOI"';
    const csv = write(
      'evil.csv',
      `${header}\n"90000001","A study","=HYPERLINK(x) A, Smith B.","J. 2020;1:1.","=HYPERLINK(x) A","J","2020","2020/01/01","","",""\n` +
        `"90000002","Another","Smith B, +Plus C.","J. 2021;1:1.","Smith B","J","2021","2021/01/01","","",""\n`,
    );
    const imp = kolmap(['import', csv, '--db', evil]);
    expect(imp.code).toBe(0);
    const out = path.join(dir, 'evil-crm.csv');
    expect(kolmap(['export-crm', '--out', out, '--db', evil]).code).toBe(0);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(3); // how many Smiths depends on identity resolution
    const cells = rows.flatMap((l) => l.split(','));
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells.some((c) => c.startsWith("'=HYPERLINK"))).toBe(true);
    expect(cells.some((c) => c.startsWith("'+Plus"))).toBe(true);
  });
});

afterAll(() => undefined);
