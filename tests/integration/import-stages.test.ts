// The work of an import after its files are read (resolving people, writing authorships, building the
// indexes, checking links, COMMIT) runs in steps: progress events name each stage as it begins and say
// how far it is, the event loop runs between steps (the server answers, a cancel is seen), and a cancel
// before the COMMIT rolls everything back, the indexes dropped for the bulk writes included.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../electron/api';
import { Project } from '../../electron/db';
import { IdentityResolver } from '../../electron/db/identity';
import { importFiles } from '../../electron/import';
import { generateDemo } from '../../fixtures/demo';
import type { ApiEvents, ImportStage, ProgressEvent, Totals } from '../../shared/api';
import { generatePubmedCsv } from '../bench/generate';
import { pubmedCsv } from '../helpers/pubmedCsv';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
// 20,000 synthetic publications (about 110k authorships): a commit of a second or more here.
const big = path.join(dir, 'big.csv');
const generated = generatePubmedCsv(big, { publications: 20_000, seed: 7 });
const bigText = readFileSync(big, 'utf8');

let n = 0;
const projectFile = (): string => path.join(dir, `p${++n}.kolmap`);

/** A project on a new file, with API handlers whose progress events go to `on.progress`. */
function withHandlers() {
  const file = projectFile();
  const project = Project.open(file);
  const on: { progress: ((e: ApiEvents['progress']) => void) | null } = { progress: null };
  const handlers = createHandlers({
    project: () => project,
    emit: (event, payload) => {
      if (event === 'progress') on.progress?.(payload as ApiEvents['progress']);
    },
    host: {},
  });
  return { file, project, handlers, on };
}

/** The project's indexes (name and definition) and its integrity check, read by a connection of its own. */
function inspect(file: string): { indexes: string[]; integrity: string } {
  const db = new Database(file, { readonly: true });
  try {
    const indexes = db
      .prepare<[], { sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
      .all()
      .map((r) => r.sql)
      .sort();
    const integrity = db.prepare<[], string>('PRAGMA integrity_check').pluck().get() ?? '';
    return { indexes, integrity };
  } finally {
    db.close();
  }
}

/** The stages of a run of events, each once per run of equal stages ('reading' for none). */
function stageRuns(events: ProgressEvent[]): ImportStage[] {
  const runs: ImportStage[] = [];
  for (const e of events) {
    const stage = e.stage ?? 'reading';
    if (runs.at(-1) !== stage) runs.push(stage);
  }
  return runs;
}

describe('the work after reading an import', () => {
  it('reports each stage in order as it runs, and the event loop turns between its steps', async () => {
    const file = projectFile();
    const project = Project.open(file);
    try {
      const events: ProgressEvent[] = [];
      const ticks: number[] = [];
      let readEnd = -1;
      const timer = setInterval(() => ticks.push(performance.now()), 5);
      let t1: number;
      try {
        await importFiles(project, [{ name: 'big.csv', path: big }], {
          onProgress: (e) => {
            if ((e.stage ?? 'reading') !== 'reading' && readEnd < 0) readEnd = performance.now();
            events.push(e);
          },
        });
        t1 = performance.now();
      } finally {
        clearInterval(timer);
      }
      expect(project.totals().publications).toBe(generated.publications);
      expect(project.totals().authorships).toBe(generated.authorships);

      // Reading, then the stages in their order; 'indexes' after each table filled with its indexes dropped.
      const runs = stageRuns(events).join(' ');
      expect(runs).toMatch(/^reading (indexes )?people (indexes )?authorships (indexes )?checks saving$/);
      const people = events.filter((e) => e.stage === 'people');
      expect(people[0]).toMatchObject({ done: 0, total: expect.any(Number) });
      const blocks = people[0]!.total;
      expect(blocks).toBeGreaterThan(10_000);
      for (let i = 1; i < people.length; i++) {
        expect(people[i]!.total).toBe(blocks);
        expect(people[i]!.done).toBeGreaterThanOrEqual(people[i - 1]!.done);
        expect(people[i]!.done).toBeLessThanOrEqual(blocks);
      }
      const authorships = events.filter((e) => e.stage === 'authorships');
      expect(authorships.every((e) => e.total === generated.authorships && e.done < e.total)).toBe(true);
      // After reading, every event counts the records read.
      expect(events.filter((e) => e.stage && e.stage !== 'reading').every((e) => e.records === 20_000)).toBe(
        true,
      );

      // The commit took a while and the event loop ran all along: a timer of 5 ms fired again and again
      // (a commit in one piece lets it fire once, after the end).
      expect(readEnd).toBeGreaterThan(0);
      const during = ticks.filter((t) => t > readEnd && t < t1!);
      const commitMs = t1! - readEnd;
      expect(commitMs).toBeGreaterThan(200);
      expect(during.length).toBeGreaterThanOrEqual(5);
      expect(inspect(file).integrity).toBe('ok');
    } finally {
      project.close();
    }
  });

  async function cancelAt(
    stage: ImportStage,
    before: (handlers: ReturnType<typeof createHandlers>) => Promise<void>,
  ) {
    const { file, project, handlers, on } = withHandlers();
    await before(handlers);
    const totals = project.totals();
    const sources = project.sources();
    const shape = inspect(file);
    const seen: ProgressEvent[] = [];
    const answers: { cancelled: boolean }[] = [];
    on.progress = (e) => {
      seen.push(e);
      if (e.stage === stage && answers.length === 0)
        void handlers.cancelImport({}).then((a) => answers.push(a));
    };
    const outcome = await dispatch(handlers, 'importFile', { name: 'big.csv', content: bigText });
    on.progress = null;
    return { file, project, handlers, outcome, answers, seen, totals, sources, shape };
  }

  it('a cancel while people are resolved rolls the import back; the project is as it was and imports again', async () => {
    const r = await cancelAt('people', async (handlers) => {
      await handlers.importFile({ name: 'small.csv', content: pubmedCsv(generateDemo(3).slice(0, 40)) });
    });
    try {
      expect(r.outcome).toEqual({
        ok: false,
        error: { code: 'BAD_INPUT', message: expect.stringMatching(/^big\.csv: the import was cancelled\./) },
      });
      expect(r.answers).toEqual([{ cancelled: true }]);
      // Stopped in the stage it was cancelled in: nothing after it began.
      expect(stageRuns(r.seen).at(-1)).toBe('people');
      expect(r.project.totals()).toEqual(r.totals);
      expect(r.project.sources()).toEqual(r.sources);
      expect(inspect(r.file)).toEqual(r.shape);

      const again = await r.handlers.importFile({ name: 'big.csv', content: bigText });
      expect(again.files[0]!.imported).toBe(20_000);
      expect(r.project.totals().publications).toBe(r.totals.publications + 20_000);
      expect(inspect(r.file).integrity).toBe('ok');
    } finally {
      r.project.close();
    }
  });

  it('a cancel while the authorships of a first import are written gives back the indexes dropped for it', async () => {
    const r = await cancelAt('authorships', async () => {});
    try {
      expect(r.outcome).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(r.answers).toEqual([{ cancelled: true }]);
      expect(stageRuns(r.seen).at(-1)).toBe('authorships');
      expect(r.totals.publications).toBe(0);
      expect(r.project.totals()).toEqual(r.totals);
      // The indexes of publications, authors and authorships are all back, as in a new project.
      const after = inspect(r.file);
      expect(after).toEqual(r.shape);
      expect(after.indexes.some((sql) => /ON authorships\(author_id\)/.test(sql))).toBe(true);
      expect(after.indexes.some((sql) => /ON authors\(name_key\)/.test(sql))).toBe(true);
      expect(after.indexes.some((sql) => /ON publications\(pmid\)/.test(sql))).toBe(true);
    } finally {
      r.project.close();
    }
  });

  it('reads made while an import runs see the project as it was before it, until it commits', async () => {
    const file = projectFile();
    const project = Project.open(file);
    type Seen = { stage: ImportStage; totals: Totals; sources: number; areas: number; person: string };
    const seen: Seen[] = [];
    const reads: Promise<void>[] = [];
    let watch = false;
    const handlers = createHandlers({
      project: () => project,
      // A request arriving while the import runs: answered on a later turn of the event loop.
      emit: (event, payload) => {
        if (event !== 'progress' || !watch) return;
        const stage = (payload as ProgressEvent).stage ?? 'reading';
        reads.push(
          new Promise<void>((done) => setImmediate(done)).then(async () => {
            const info = await dispatch(handlers, 'getProject', {});
            const areas = await dispatch(handlers, 'getAreas', {});
            const person = await dispatch(handlers, 'getPerson', { id: firstPerson });
            if (!info.ok || !areas.ok || !person.ok) throw new Error(JSON.stringify([info, areas, person]));
            const i = info.result as { totals: Totals; sources: unknown[] };
            seen.push({
              stage,
              totals: i.totals,
              sources: i.sources.length,
              areas: (areas.result as { publications: number }[]).reduce((a, x) => a + x.publications, 0),
              person: JSON.stringify(person.result),
            });
          }),
        );
      },
      host: {},
    });
    // The first person of the first import (ids start at 1 in a new project).
    const firstPerson = 1;
    try {
      await handlers.importFile({ name: 'small.csv', content: pubmedCsv(generateDemo(3).slice(0, 40)) });
      expect(project.person(firstPerson)).not.toBeNull();
      const before = {
        totals: project.totals(),
        sources: project.sources().length,
        areas: project.areas().reduce((a, x) => a + x.publications, 0),
        person: JSON.stringify(project.person(firstPerson)),
      };
      expect(before.totals.publications).toBe(40);
      expect(before.areas).toBeGreaterThan(0);
      watch = true;
      const result = await handlers.importFile({ name: 'big.csv', content: bigText });
      watch = false;
      await Promise.all(reads);
      expect(result.files[0]!.imported).toBe(20_000);
      // Reads in every stage, reading the file included, and each saw the project before the import.
      const stages = new Set(seen.map((x) => x.stage));
      for (const stage of ['reading', 'people', 'authorships'] as const) expect(stages).toContain(stage);
      for (const x of seen) expect({ ...x, stage: undefined }).toEqual({ ...before, stage: undefined });
      // Once committed, the import is what reads see.
      const after = await dispatch(handlers, 'getProject', {});
      expect(after).toMatchObject({
        ok: true,
        result: { totals: { publications: 40 + 20_000 }, sources: [{}, {}] },
      });
    } finally {
      project.close();
    }
  });

  it("reads a project's stored bylines in steps with progress, and a cancel there rolls the import back", async () => {
    const { file, project, handlers, on } = withHandlers();
    const step = IdentityResolver.storedPubsAStep;
    // Small steps, so that 20,000 stored publications take many.
    IdentityResolver.storedPubsAStep = 16;
    try {
      await handlers.importFile({ name: 'big.csv', content: bigText });
      const totals = project.totals();
      const sources = project.sources();
      const shape = inspect(file);
      const second = path.join(dir, 'second.csv');
      generatePubmedCsv(second, { publications: 2_000, seed: 99 });
      const secondText = readFileSync(second, 'utf8');

      // Cancelled once the stored bylines are partly read: the statement reading them was open.
      const seen: ProgressEvent[] = [];
      const reads: ReturnType<typeof dispatch>[] = [];
      on.progress = (e) => {
        seen.push(e);
        if (e.stage === 'stored' && e.done > 0 && reads.length === 0) {
          // A read while that statement is open (the import is suspended inside it): answered, with
          // the project as it was.
          reads.push(dispatch(handlers, 'getProject', {}));
          void handlers.cancelImport({});
        }
      };
      const outcome = await dispatch(handlers, 'importFile', { name: 'second.csv', content: secondText });
      expect(await Promise.all(reads)).toEqual([{ ok: true, result: expect.objectContaining({ totals }) }]);
      expect(outcome).toMatchObject({ ok: false, error: { message: expect.stringMatching(/cancelled/) } });
      expect(stageRuns(seen)).toEqual(['reading', 'stored']);
      const stored = seen.filter((e) => e.stage === 'stored');
      expect(stored[0]).toMatchObject({ done: 0, total: generated.publications });
      expect(stored.at(-1)!.done).toBeGreaterThan(0);
      expect(stored.at(-1)!.done).toBeLessThan(generated.publications);
      expect(project.totals()).toEqual(totals);
      expect(project.sources()).toEqual(sources);
      expect(inspect(file)).toEqual(shape);

      // The same file again, to its end: every stage in order, the stored bylines first.
      seen.length = 0;
      on.progress = (e) => seen.push(e);
      const again = await handlers.importFile({ name: 'second.csv', content: secondText });
      // (Some of its generated papers are duplicates of the first file's.)
      expect(again.files[0]).toMatchObject({ records: 2_000, rejected: 0 });
      expect(again.files[0]!.imported).toBeGreaterThan(1_000);
      expect(project.totals().publications).toBe(totals.publications + again.files[0]!.imported);
      expect(stageRuns(seen).join(' ')).toBe('reading stored people authorships checks saving');
      const all = seen.filter((e) => e.stage === 'stored');
      for (let i = 1; i < all.length; i++) {
        expect(all[i]!.done).toBeGreaterThanOrEqual(all[i - 1]!.done);
        expect(all[i]!.done).toBeLessThanOrEqual(all[i]!.total);
      }
      expect(inspect(file).integrity).toBe('ok');
    } finally {
      IdentityResolver.storedPubsAStep = step;
      project.close();
    }
  });
});
