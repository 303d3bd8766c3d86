// Switching projects from the window (issue 6) on the server side: the main process checks every path
// the page sends (absolute, a project extension, an existing folder; New refuses an existing file,
// Open a missing one or a file that is not a project), closes the old project only once the new one
// is open, emits project-changed, records the recent list, and refuses while a write is running.
// Also the profile extras read from the project: trials, payments and the therapeutic-area mix.
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch, WriteQueue, type Handlers } from '../../electron/api';
import { Project } from '../../electron/db';
import { importDemo, importFiles } from '../../electron/import';
import { checkProjectPath, defaultRecentFile, MAX_RECENT, RecentProjects } from '../../electron/projects';
import { generateDemo } from '../../fixtures/demo';
import type { ProjectInfo } from '../../shared/api';
import { pubmedCsv } from '../helpers/pubmedCsv';
import { hasRealData, realFile } from '../helpers/realData';
import { writeProfileFiles } from '../helpers/profileData';
import { tempDir } from '../helpers/tmp';

/** Handlers over a switchable project, as `kolmap serve` wires them. */
function switchable(first: string, recentFile: string, writes?: WriteQueue) {
  const state = { project: Project.open(first), changed: [] as ProjectInfo[], closed: [] as string[] };
  const recent = new RecentProjects(recentFile);
  recent.add(state.project.path);
  const handlers: Handlers = createHandlers({
    project: () => state.project,
    writes,
    emit: (event, payload) => {
      if (event === 'project-changed') state.changed.push(payload as ProjectInfo);
    },
    host: {
      recent,
      openProject: (file) => {
        const next = Project.open(file);
        state.closed.push(state.project.path);
        state.project.close();
        state.project = next;
        return next;
      },
    },
  });
  return { state, handlers, close: () => state.project.close() };
}

describe('checkProjectPath', () => {
  const dir = tempDir();
  const existing = path.join(dir, 'there.kolmap');
  writeFileSync(existing, '');

  it('accepts an absolute path with a project extension in an existing folder', () => {
    expect(checkProjectPath(path.join(dir, 'new.kolmap'), true)).toBe(path.join(dir, 'new.kolmap'));
    expect(checkProjectPath(`  ${path.join(dir, 'a', '..', 'n.sqlite')} `, true)).toBe(
      path.join(dir, 'n.sqlite'),
    );
    expect(checkProjectPath(existing, false)).toBe(existing);
  });

  it('names the path and the problem otherwise', () => {
    expect(() => checkProjectPath('relative.kolmap', true)).toThrow(
      /"relative\.kolmap" is not an absolute path/,
    );
    expect(() => checkProjectPath(path.join(dir, 'notes.txt'), true)).toThrow(
      /notes\.txt: a project file name ends in \.kolmap/,
    );
    expect(() => checkProjectPath(path.join(dir, 'noext'), true)).toThrow(/has no extension/);
    expect(() => checkProjectPath(path.join(dir, 'missing', 'p.kolmap'), true)).toThrow(
      /the folder .*missing does not exist/,
    );
    expect(() => checkProjectPath(existing, true)).toThrow(/there\.kolmap already exists/);
    expect(() => checkProjectPath(path.join(dir, 'gone.kolmap'), false)).toThrow(
      /gone\.kolmap does not exist/,
    );
    expect(() => checkProjectPath(dir + '.db', false)).toThrow(/does not exist/);
  });
});

describe('RecentProjects', () => {
  it('keeps the most recent first, without duplicates, at most MAX_RECENT', () => {
    const dir = tempDir();
    const recent = new RecentProjects(path.join(dir, 'conf', 'kolmap', 'recent.json'));
    expect(recent.list()).toEqual([]);
    for (let i = 0; i < MAX_RECENT + 3; i++) recent.add(path.join(dir, `p${i}.kolmap`));
    recent.add(path.join(dir, 'p5.kolmap'));
    const list = recent.list();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toMatchObject({ path: path.join(dir, 'p5.kolmap'), name: 'p5', exists: false });
    expect(list.filter((e) => e.name === 'p5')).toHaveLength(1);
    expect(list.map((e) => e.name)).not.toContain('p0');
  });

  it('reads a broken file as empty and writes a good one over it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'recent.json');
    writeFileSync(file, '{"projects": [ not json');
    const recent = new RecentProjects(file);
    expect(recent.list()).toEqual([]);
    recent.add(path.join(dir, 'x.kolmap'));
    expect(JSON.parse(readFileSync(file, 'utf8')).projects[0].path).toBe(path.join(dir, 'x.kolmap'));
  });

  it('lives in KOLMAP_RECENT_FILE, else XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultRecentFile({ KOLMAP_RECENT_FILE: '/tmp/r.json', XDG_CONFIG_HOME: '/x' })).toBe(
      '/tmp/r.json',
    );
    expect(defaultRecentFile({ XDG_CONFIG_HOME: '/x/conf' })).toBe('/x/conf/kolmap/recent.json');
    expect(defaultRecentFile({ XDG_CONFIG_HOME: 'relative' })).toMatch(/\.config\/kolmap\/recent\.json$/);
  });
});

describe('openProject', () => {
  it('creates, switches, emits project-changed and records both in the recent list', async () => {
    const dir = tempDir();
    const recentFile = path.join(dir, 'recent.json');
    const { state, handlers, close } = switchable(path.join(dir, 'first.kolmap'), recentFile);
    try {
      await handlers.loadDemo({});
      const first = await handlers.getProject({});
      expect(first.totals.publications).toBeGreaterThan(0);

      const second = await handlers.openProject({ path: path.join(dir, 'second.kolmap'), create: true });
      expect(second).toMatchObject({ name: 'second', path: path.join(dir, 'second.kolmap') });
      expect(second.totals.publications).toBe(0);
      expect(state.closed).toEqual([first.path]);
      expect(state.changed.at(-1)).toEqual(second);
      expect((await handlers.getProject({})).path).toBe(second.path);
      expect((await handlers.getRecentProjects({})).map((r) => r.name)).toEqual(['second', 'first']);

      // Back to the first: its data is there, the second one is closed.
      const again = await handlers.openProject({ path: first.path });
      expect(again.totals).toEqual(first.totals);
      expect(state.closed).toEqual([first.path, second.path]);
      expect((await handlers.getRecentProjects({})).map((r) => [r.name, r.exists])).toEqual([
        ['first', true],
        ['second', true],
      ]);
    } finally {
      close();
    }
  });

  it('refuses bad paths and files that are not projects, leaving the open project as it was', async () => {
    const dir = tempDir();
    const { state, handlers, close } = switchable(path.join(dir, 'keep.kolmap'), path.join(dir, 'r.json'));
    try {
      const notProject = path.join(dir, 'notes.kolmap');
      writeFileSync(notProject, 'these are notes, not a database\n'.repeat(100));
      const bad = await dispatch(handlers, 'openProject', { path: notProject });
      expect(bad.ok).toBe(false);
      expect(!bad.ok && bad.error.message).toContain('notes.kolmap');
      expect(readFileSync(notProject, 'utf8')).toMatch(/^these are notes/);

      const relative = await dispatch(handlers, 'openProject', { path: 'keep.kolmap' });
      expect(relative).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      const missing = await dispatch(handlers, 'openProject', { path: path.join(dir, 'nope.kolmap') });
      expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const wrongField = await dispatch(handlers, 'openProject', { file: '/x.kolmap' });
      expect(wrongField).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

      expect(state.closed).toEqual([]);
      expect(state.changed).toEqual([]);
      expect((await handlers.getProject({})).name).toBe('keep');
      expect((await handlers.getRecentProjects({})).map((r) => r.name)).toEqual(['keep']);
    } finally {
      close();
    }
  });

  it('refuses while an import is running, and switches once it is done', async () => {
    const dir = tempDir();
    const { state, handlers, close } = switchable(path.join(dir, 'busy.kolmap'), path.join(dir, 'r.json'));
    try {
      const content = pubmedCsv(Array.from({ length: 4 }, () => generateDemo(5)).flat());
      const importing = handlers.importFile({ name: 'big.csv', content });
      const refused = await dispatch(handlers, 'openProject', {
        path: path.join(dir, 'other.kolmap'),
        create: true,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(!refused.ok && refused.error.message).toMatch(/busy is being written to.*wait for it to finish/);
      const imported = await importing;
      expect(imported.files[0]!.imported).toBeGreaterThan(0);
      expect(state.closed).toEqual([]);
      // Refused before anything was created.
      const later = await handlers.openProject({ path: path.join(dir, 'other.kolmap'), create: true });
      expect(later.name).toBe('other');
    } finally {
      close();
    }
  });

  it('shares its write queue with the desktop menu: a menu import blocks switching and runs in turn', async () => {
    const dir = tempDir();
    const writes = new WriteQueue();
    const { state, handlers, close } = switchable(
      path.join(dir, 'menu.kolmap'),
      path.join(dir, 'r.json'),
      writes,
    );
    try {
      // What File > Import from Disk… does in the desktop app: importFiles inside writes.run().
      const content = pubmedCsv(Array.from({ length: 4 }, () => generateDemo(5)).flat());
      const order: string[] = [];
      const menuImport = writes.run(async () => {
        const r = await importFiles(state.project, [{ name: 'menu.csv', content }]);
        order.push('menu import');
        return r;
      });
      expect(writes.busy).toBe(true);
      const windowWrite = handlers
        .saveMappingPreset({ name: 'after the import', map: { Title: 'title' } })
        .then(() => {
          order.push('preset');
        });
      const refused = await dispatch(handlers, 'openProject', {
        path: path.join(dir, 'o.kolmap'),
        create: true,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect((await menuImport).files[0]!.imported).toBeGreaterThan(0);
      await windowWrite;
      expect(order).toEqual(['menu import', 'preset']);
      expect(writes.busy).toBe(false);
      expect(state.closed).toEqual([]);
      const later = await handlers.openProject({ path: path.join(dir, 'o.kolmap'), create: true });
      expect(later.name).toBe('o');
    } finally {
      close();
    }
  });

  it('is unsupported where the host cannot switch', async () => {
    const dir = tempDir();
    const project = Project.open(path.join(dir, 'solo.kolmap'));
    try {
      const handlers = createHandlers({ project: () => project, emit: () => undefined, host: {} });
      const r = await dispatch(handlers, 'openProject', { path: path.join(dir, 'x.kolmap'), create: true });
      expect(r).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
      expect(await handlers.getRecentProjects({})).toEqual([]);
    } finally {
      project.close();
    }
  });
});

describe('person profile: area mix and main areas', () => {
  it('shares are the person’s classified publications over all of them; the main area is the largest', async () => {
    const dir = tempDir();
    const project = Project.open(path.join(dir, 'demo.kolmap'));
    try {
      await importDemo(project);
      const input = project.analysisInput({});
      const ids = input.people.slice(0, 200).map((p) => p.id);
      const main = project.mainAreas(ids);
      expect(main.areas.map((a) => a.id)).toEqual(project.areas().map((a) => a.id));
      expect(main.people.length).toBeGreaterThan(0);
      let checked = 0;
      for (const [id, areaId] of main.people.slice(0, 40)) {
        const detail = project.person(id)!;
        expect(detail.areas[0]?.id).toBe(areaId);
        for (const a of detail.areas) {
          expect(a.share).toBeCloseTo(a.publications / detail.publications.length, 10);
          expect(a.publications).toBeLessThanOrEqual(detail.publications.length);
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
      // People without any classified paper have no main area and an empty mix.
      const unclassified = ids.filter((id) => !main.people.some(([p]) => p === id));
      for (const id of unclassified.slice(0, 5)) expect(project.person(id)!.areas).toEqual([]);
    } finally {
      project.close();
    }
  });
});

describe('person profile: trials and payments', () => {
  it('lists each trial role and sums the payments of the person, from generated exports', async () => {
    const dir = tempDir();
    const project = Project.open(path.join(dir, 'profile.kolmap'));
    try {
      await importDemo(project);
      const chosen = project.analysisInput({}).people.slice(0, 3);
      const files = writeProfileFiles(dir, chosen);
      const report = await importFiles(
        project,
        files.map((f) => ({ name: path.basename(f), path: f })),
      );
      expect(report.files.map((f) => f.rejected)).toEqual([0, 0, 0]);
      if (hasRealData) {
        // Real trials and payments that name no one of this project must not show up in anyone's profile.
        await importFiles(project, [
          { name: 'ctg-studies.csv', path: realFile('ctgov_hypertension/ctg-studies.csv') },
          {
            name: '01-RSRCH-ia-2014.csv',
            path: realFile('openpayments_research_ia2014/01-RSRCH-ia-2014.csv'),
          },
        ]);
      }
      // Who holds a trial role and who was paid, read straight from the file.
      const db = new Database(project.path, { readonly: true });
      const roles = db
        .prepare<[], { authorId: number; nct: string; role: string }>(
          `SELECT r.author_id AS authorId, t.nct_id AS nct, r.role FROM trial_roles r JOIN trials t ON t.id = r.trial_id
           WHERE r.author_id IS NOT NULL`,
        )
        .all();
      const paid = db
        .prepare<[], { authorId: number; total: number; n: number }>(
          `SELECT author_id AS authorId, SUM(amount) AS total, COUNT(*) AS n FROM payments
           WHERE author_id IS NOT NULL GROUP BY author_id`,
        )
        .all();
      db.close();
      // Every chosen person was linked: by name for trials, by NPI for payments.
      expect(new Set(roles.map((r) => r.authorId))).toEqual(new Set(chosen.map((p) => p.id)));
      expect(new Set(paid.map((r) => r.authorId))).toEqual(new Set(chosen.map((p) => p.id)));
      chosen.forEach((person, i) => {
        const d = project.person(person.id)!;
        const mine = roles.filter((r) => r.authorId === person.id);
        expect(d.trials.map((t) => `${t.nctId}/${t.role}`).sort()).toEqual(
          mine.map((r) => `${r.nct}/${r.role}`).sort(),
        );
        expect(d.trials).toHaveLength(i + 1);
        for (const t of d.trials) {
          const trial = project.trial(t.nctId)!;
          expect(t).toMatchObject({ title: trial.title, phase: trial.phase, status: trial.status });
          expect(t.startYear).toBe(trial.startDate ? Number(trial.startDate.slice(0, 4)) : null);
          expect(t.endYear).toBe(trial.completionDate ? Number(trial.completionDate.slice(0, 4)) : null);
        }
        const p = d.payments!;
        const stored = paid.find((r) => r.authorId === person.id)!;
        expect(p.count).toBe(stored.n);
        expect(p.total).toBeCloseTo(stored.total, 6);
        expect(p.byYear.reduce((s, y) => s + y.total, 0)).toBeCloseTo(stored.total, 6);
        expect(p.byNature.reduce((s, y) => s + y.count, 0)).toBe(stored.n);
        expect(p.payers.reduce((s, y) => s + y.count, 0)).toBe(stored.n);
        expect(p.byYear.every((y) => y.year !== null && y.year >= 2019 && y.year <= 2021)).toBe(true);
      });
      const other = project.analysisInput({}).people.find((p) => !chosen.some((c) => c.id === p.id))!;
      expect(project.person(other.id)).toMatchObject({ trials: [], payments: null });
    } finally {
      project.close();
    }
  });
});
