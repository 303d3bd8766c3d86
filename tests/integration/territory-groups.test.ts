// Region groups of territories (issue 7): set from the territory CSV's optional group column, created,
// renamed and cleared through the API (setRegionGroup, one transaction), kept by a re-import without
// the column, and coverage rolled up per group. Demo project on a real SQLite temp file.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../electron/api';
import { Project } from '../../electron/db';
import { analyze } from '../../shared/analytics';
import { assignTerritories, groupCoverage, territoryCoverage } from '../../shared/analytics/territory';
import type { TerritoryInfo } from '../../shared/api';
import { kolmap, tempDir } from '../helpers/cli';

const dir = tempDir('kolmap-groups-');
const db = path.join(dir, 'demo.kolmap');

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function groups(): Record<string, string | null> {
  const r = kolmap(['territory', 'list', '--json', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return Object.fromEntries((JSON.parse(r.stdout) as TerritoryInfo[]).map((t) => [t.name, t.regionGroup]));
}

beforeAll(() => {
  expect(kolmap(['demo', '--db', db]).code).toBe(0);
}, 120_000);

describe('region groups', () => {
  it('reads the optional group column; one group per territory, named by file, line and field', () => {
    const file = write(
      'groups.csv',
      'territory,msl,capacity,country,region,group\n' +
        'California,Ben Cho,20,US,CA,North America\n' +
        'US Rest,Ann Lee,30,US,,North America\n' +
        'DACH,Eva Roth,25,DE,,Europe\n' +
        'DACH,,,CH,,\n' +
        'UK,Dan Hale,15,GB,,\n',
    );
    const r = kolmap(['territory', 'import', file, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(groups()).toEqual({
      California: 'North America',
      DACH: 'Europe',
      UK: null,
      'US Rest': 'North America',
    });
    const clash = write('clash.csv', 'territory,country,group\nNordics,SE,Europe\nNordics,NO,EMEA\n');
    const bad = kolmap(['territory', 'import', clash, '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${clash} line 3, field group`);
    expect(Object.keys(groups())).not.toContain('Nordics');
  });

  it('a re-import without the group column keeps the groups; an empty group cell clears one', () => {
    const keep = write('keep.csv', 'territory,msl,capacity,country,region\nDACH,Eva Roth,26,DE,\n');
    expect(kolmap(['territory', 'import', keep, '--db', db]).code).toBe(0);
    expect(groups().DACH).toBe('Europe');
    const clear = write('clear.csv', 'territory,country,group\nUK,GB,\n');
    expect(kolmap(['territory', 'import', clear, '--db', db]).code).toBe(0);
    expect(groups().UK).toBeNull();
  });

  it('setRegionGroup creates, renames and clears groups in one transaction', async () => {
    const p = Project.open(db);
    try {
      const handlers = createHandlers({ project: () => p, emit: () => undefined, host: {} });
      const call = (method: string, args: unknown) => dispatch(handlers, method, args);
      const id = (name: string) =>
        p
          .territories()
          .list()
          .find((t) => t.name === name)!.id;
      // Create: UK joins Europe.
      const created = await call('setRegionGroup', { territoryIds: [id('UK')], regionGroup: ' Europe ' });
      expect(created).toMatchObject({ ok: true });
      expect(groups().UK).toBe('Europe');
      // Rename: every territory of Europe to EMEA.
      const europe = p
        .territories()
        .list()
        .filter((t) => t.regionGroup === 'Europe')
        .map((t) => t.id);
      expect(europe).toHaveLength(2);
      await call('setRegionGroup', { territoryIds: europe, regionGroup: 'EMEA' });
      expect(groups()).toMatchObject({ DACH: 'EMEA', UK: 'EMEA', California: 'North America' });
      // An unknown id fails the whole call: nothing changes.
      const bad = await call('setRegionGroup', { territoryIds: [id('UK'), 9999], regionGroup: 'Nowhere' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(groups().UK).toBe('EMEA');
      const empty = await call('setRegionGroup', { territoryIds: [], regionGroup: 'X' });
      expect(empty).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      // Clear.
      await call('setRegionGroup', { territoryIds: [id('UK')], regionGroup: null });
      expect(groups().UK).toBeNull();
      // saveTerritory keeps the group it is given.
      const uk = p.territories().get(id('UK'))!;
      const saved = await call('saveTerritory', {
        id: uk.id,
        name: uk.name,
        msl: uk.msl,
        capacity: uk.capacity,
        regionGroup: 'EMEA',
        places: uk.places,
      });
      expect(saved).toMatchObject({ ok: true });
      expect(groups().UK).toBe('EMEA');
    } finally {
      p.close();
    }
  });

  it('rolls coverage up per group: counts add up, communities are united', () => {
    const p = Project.open(db);
    try {
      const store = p.territories();
      const territories = store.list();
      const result = analyze(p.analysisInput({}));
      const report = territoryCoverage(
        result,
        territories,
        assignTerritories(result.people, territories),
        store.engagements(),
      );
      const rolled = groupCoverage(report.territories, territories);
      expect(rolled.map((g) => g.group)).toEqual(['EMEA', 'North America']);
      for (const g of rolled) {
        const members = report.territories.filter((c) =>
          territories.some((t) => t.id === c.territoryId && t.regionGroup === g.group),
        );
        expect(g.territoryIds.sort()).toEqual(members.map((m) => m.territoryId).sort());
        expect(g.people).toBe(members.reduce((n, m) => n + m.people, 0));
        expect(g.t1).toBe(members.reduce((n, m) => n + m.t1, 0));
        expect(g.t2).toBe(members.reduce((n, m) => n + m.t2, 0));
        expect(g.load).toBe(members.reduce((n, m) => n + m.load, 0));
        expect(g.capacity).toBe(members.reduce((n, m) => n + (m.capacity ?? 0), 0));
        expect(g.communities).toEqual(
          [...new Set(members.flatMap((m) => m.communities))].sort((a, b) => a - b),
        );
      }
      expect(rolled.find((g) => g.group === 'North America')!.people).toBeGreaterThan(0);
      // An ungrouped territory rolls up last, under null.
      const ungrouped = groupCoverage(
        report.territories,
        territories.map((t) => (t.name === 'California' ? { ...t, regionGroup: null } : t)),
      );
      expect(ungrouped.at(-1)).toMatchObject({
        group: null,
        territoryIds: [territories.find((t) => t.name === 'California')!.id],
      });
    } finally {
      p.close();
    }
  });
});
