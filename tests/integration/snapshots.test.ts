// Snapshots and `kolmap diff` (issue 7) on the demo project through the built CLI, and the snapshot
// API handlers on the same real SQLite file.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../electron/api';
import { Project } from '../../electron/db';
import { analyze } from '../../shared/analytics';
import { DIFF_COLUMNS, snapshotPeople, type SnapshotDiff } from '../../shared/analytics/snapshot';
import type { SnapshotInfo } from '../../shared/api';
import { BIN, kolmap, tempDir } from '../helpers/cli';

const dir = tempDir('kolmap-snapshots-');
const db = path.join(dir, 'demo.kolmap');

beforeAll(() => {
  expect(kolmap(['demo', '--db', db]).code).toBe(0);
}, 120_000);

describe('kolmap snapshot and diff', () => {
  it('saves two snapshots with different weights and lists them', () => {
    const a = kolmap(['snapshot', 'save', 'default', '--db', db]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^saved snapshot "default": \d+ people, scope all\n$/);
    const b = kolmap([
      'snapshot',
      'save',
      'influence',
      '--weights',
      'pagerank=1,publications=0',
      '--since',
      '2015',
      '--db',
      db,
    ]);
    expect(b.code).toBe(0);
    const list = kolmap(['snapshot', 'list', '--json', '--db', db]);
    expect(list.code).toBe(0);
    const parsed = JSON.parse(list.stdout) as SnapshotInfo[];
    expect(parsed.map((s) => s.name)).toEqual(['default', 'influence']);
    expect(parsed[1]!.scope).toEqual({ since: 2015 });
    expect(parsed[1]!.weights.publications).toBe(0);
    expect(parsed[1]!.weights.pagerank).toBeGreaterThan(parsed[0]!.weights.pagerank);
    expect(kolmap(['snapshot', 'list', '--db', db]).stdout).toMatch(
      /^name\s+saved\s+people\s+scope\s+weights/,
    );
  });

  it('diff shows the movers and the components that moved', () => {
    const out = path.join(dir, 'diff.csv');
    // The JSON lists everyone (diff.all): larger than spawnSync's default buffer.
    const r = spawnSync(
      process.execPath,
      [BIN, 'diff', 'default', 'influence', '--json', '--out', out, '--top', '5', '--db', db],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as SnapshotDiff;
    expect(d.scopeChanges).toEqual(['since: any → 2015']);
    expect(d.risers).toHaveLength(5);
    expect(d.fallers).toHaveLength(5);
    for (const p of [...d.risers, ...d.fallers]) expect(p.why).toMatch(/Network influence|Publications/);
    expect(d.risers[0]!.rankChange).toBeGreaterThan(0);
    expect(d.fallers[0]!.rankChange).toBeLessThan(0);
    // The two components whose weights were changed moved most.
    expect(
      d.components
        .slice(0, 2)
        .map((c) => c.component)
        .sort(),
    ).toEqual(['pagerank', 'publications']);
    const t1 = d.tiers.find((t) => t.tier === 'T1')!;
    expect(t1.entered.length + t1.left.length).toBeGreaterThan(0);
    const csv = readFileSync(out, 'utf8').split('\n');
    expect(csv[0]).toBe(DIFF_COLUMNS.join(','));
    expect(csv.length - 2).toBe(d.all.length);
    // The text report names the same things.
    const text = kolmap(['diff', 'default', 'influence', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^default → influence: \d+ people in both/);
    expect(text.stdout).toMatch(/Network influence: weight 15% → \d+%/);
    expect(text.stdout).toMatch(/biggest risers:\n {2}.+: rank \d+ → \d+ \(\+\d+\)/);
  });

  it('refuses unknown names and taken names with one line and exit 2, leaving the project as it was', () => {
    const before = readFileSync(db);
    const r = kolmap(['diff', 'default', 'nope', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'kolmap: No snapshot named "nope" in this project. Saved: "default", "influence".\n',
    );
    const taken = kolmap(['snapshot', 'save', 'DEFAULT', '--db', db]);
    expect(taken.code).toBe(2);
    expect(taken.stderr.trim().split('\n')).toHaveLength(1);
    expect(taken.stderr).toMatch(/already exists; choose another name or add --replace/);
    expect(kolmap(['snapshot', 'delete', 'nope', '--db', db]).code).toBe(2);
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('snapshot API', () => {
  it('saves the analysis the renderer sends, lists, compares and deletes', async () => {
    const project = Project.open(db);
    try {
      const handlers = createHandlers({ project: () => project, emit: () => undefined, host: {} });
      const result = analyze(project.analysisInput({}), { weights: { citations: 0 } });
      const saved = await dispatch(handlers, 'saveSnapshot', {
        name: 'from the UI',
        scope: {},
        weights: result.weights,
        people: snapshotPeople(result),
      });
      expect(saved.ok).toBe(true);
      const list = await dispatch(handlers, 'getSnapshots', {});
      expect(list.ok && (list.result as SnapshotInfo[]).map((s) => s.name)).toEqual([
        'default',
        'influence',
        'from the UI',
      ]);
      const diff = await dispatch(handlers, 'diffSnapshots', { a: 'default', b: 'from the UI' });
      expect(diff.ok).toBe(true);
      const d = (diff as { result: SnapshotDiff }).result;
      expect(d.components[0]!.component).toBe('citations');
      expect(d.onlyInA + d.onlyInB).toBe(0);
      // The stored breakdown comes back exactly: a snapshot compared with the same analysis moves nobody.
      await dispatch(handlers, 'saveSnapshot', {
        name: 'again',
        scope: {},
        weights: result.weights,
        people: snapshotPeople(result),
      });
      const same = (await dispatch(handlers, 'diffSnapshots', { a: 'from the UI', b: 'again' })) as {
        result: SnapshotDiff;
      };
      expect(same.result.all.every((p) => p.rankChange === 0 && p.components.length === 0)).toBe(true);
      const missing = await dispatch(handlers, 'diffSnapshots', { a: 'x', b: 'again' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const dup = await dispatch(handlers, 'saveSnapshot', {
        name: 'Again',
        scope: {},
        weights: result.weights,
        people: [],
      });
      expect(dup).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(await dispatch(handlers, 'deleteSnapshot', { name: 'again' })).toMatchObject({ ok: true });
    } finally {
      project.close();
    }
  });
});
