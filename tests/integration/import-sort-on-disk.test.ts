// A large import keeps SQLite's temporary data in files for its transaction (PRAGMA temp_store = FILE,
// electron/db/writer.ts SORT_ON_DISK_FROM), so rebuilding the indexes at commit merges sorted runs from
// disk instead of sorting every key in memory (issue 8/9 peak memory). Here the switch is forced on a
// generated file of 12k publications with a 1 MiB sort budget (cache_size), so the index sorts do spill:
// every stored row must be the same as an import sorted in memory, the setting must go back to MEMORY
// after commit and after a failed import, and a failed import must leave the project as it was.
import type Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Project } from '../../electron/db';
import { IdentityResolver } from '../../electron/db/identity';
import { LARGE_IMPORT_CACHE, SORT_ON_DISK_FROM, type WriterOptions } from '../../electron/db/writer';
import { ImportError, importFiles } from '../../electron/import';
import { generatePubmedCsv } from '../bench/generate';
import { tableHashes } from '../helpers/tableHashes';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const csv = path.join(dir, 'bench.csv');
const empty = path.join(dir, 'empty.csv');
const PUBLICATIONS = 12_000;
generatePubmedCsv(csv, { publications: PUBLICATIONS, seed: 7 });
writeFileSync(empty, '');

const dbOf = (project: Project): Database.Database => (project as unknown as { db: Database.Database }).db;

const MEMORY = 2;
const FILE = 1;

/**
 * Makes the project's imports count as large (whatever their size) and records temp_store inside them
 * (and foreign_keys in `keys`, cache_size in `caches`, when given).
 */
function forceOnDisk(project: Project, keys: number[] = [], caches: number[] = []): number[] {
  const seen: number[] = [];
  const begin = project.beginImport.bind(project);
  vi.spyOn(project, 'beginImport').mockImplementation((options: WriterOptions = {}) => {
    const session = begin({ ...options, inputBytes: SORT_ON_DISK_FROM });
    seen.push(dbOf(project).pragma('temp_store', { simple: true }) as number);
    keys.push(dbOf(project).pragma('foreign_keys', { simple: true }) as number);
    caches.push(dbOf(project).pragma('cache_size', { simple: true }) as number);
    return session;
  });
  return seen;
}

describe('an import that sorts on disk', () => {
  it('stores exactly what an in-memory import stores and goes back to MEMORY', async () => {
    const indexBuildCache = IdentityResolver.indexBuildCache;
    const memory = Project.open(path.join(dir, 'memory.kolmap'));
    const disk = Project.open(path.join(dir, 'disk.kolmap'));
    try {
      const seenMemory: number[] = [];
      const keysMemory: number[] = [];
      const begin = memory.beginImport.bind(memory);
      vi.spyOn(memory, 'beginImport').mockImplementation((options: WriterOptions = {}) => {
        const session = begin(options);
        seenMemory.push(dbOf(memory).pragma('temp_store', { simple: true }) as number);
        keysMemory.push(dbOf(memory).pragma('foreign_keys', { simple: true }) as number);
        return session;
      });
      const cachesDisk: number[] = [];
      const seenDisk = forceOnDisk(disk, [], cachesDisk);
      // A 1 MiB sort budget: the rebuilt indexes of ~68k authorships are sorted in several runs (the
      // index builds set their own cache_size, IdentityResolver.indexBuildCache, lowered here too).
      dbOf(disk).pragma('cache_size = -1024');
      IdentityResolver.indexBuildCache = -1024;

      const a = await importFiles(memory, [{ name: 'bench.csv', path: csv }]);
      const b = await importFiles(disk, [{ name: 'bench.csv', path: csv }]);
      expect(seenMemory).toEqual([MEMORY]);
      // A small import keeps SQLite's row-by-row foreign key checks (CHECK_KEYS_AT_COMMIT_FROM).
      expect(keysMemory).toEqual([1]);
      expect(seenDisk).toEqual([FILE]);
      expect(dbOf(disk).pragma('temp_store', { simple: true })).toBe(MEMORY);
      // The session's smaller page cache (LARGE_IMPORT_CACHE), then the connection's own again.
      expect(cachesDisk).toEqual([LARGE_IMPORT_CACHE]);
      expect(dbOf(disk).pragma('cache_size', { simple: true })).toBe(-1024);
      expect(b.totals).toEqual(a.totals);
      expect(a.totals.authorships).toBeGreaterThan(50_000);
      expect(tableHashes(dbOf(disk))).toEqual(tableHashes(dbOf(memory)));
      expect(dbOf(disk).pragma('integrity_check', { simple: true })).toBe('ok');

      // A second import into the filled project (its temporary table made again after each switch).
      const again = await importFiles(disk, [{ name: 'again.csv', path: csv }]);
      await importFiles(memory, [{ name: 'again.csv', path: csv }]);
      expect(again.files[0]?.duplicates).toBe(PUBLICATIONS);
      expect(seenDisk).toEqual([FILE, FILE]);
      expect(dbOf(disk).pragma('temp_store', { simple: true })).toBe(MEMORY);
      expect(tableHashes(dbOf(disk))).toEqual(tableHashes(dbOf(memory)));
    } finally {
      IdentityResolver.indexBuildCache = indexBuildCache;
      memory.close();
      disk.close();
    }
  });

  it('leaves the project as it was when the import fails, and back on MEMORY', async () => {
    const project = Project.open(path.join(dir, 'failed.kolmap'));
    try {
      const caches: number[] = [];
      const seen = forceOnDisk(project, [], caches);
      dbOf(project).pragma('cache_size = -1024');
      const before = tableHashes(dbOf(project));
      // The first file is read into the transaction; the empty second one then fails the whole import.
      const err = await importFiles(project, [
        { name: 'bench.csv', path: csv },
        { name: 'empty.csv', path: empty },
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect(seen).toEqual([FILE]);
      expect(caches).toEqual([LARGE_IMPORT_CACHE]);
      expect(dbOf(project).inTransaction).toBe(false);
      expect(dbOf(project).pragma('temp_store', { simple: true })).toBe(MEMORY);
      expect(dbOf(project).pragma('cache_size', { simple: true })).toBe(-1024);
      expect(tableHashes(dbOf(project))).toEqual(before);
      expect(project.totals().publications).toBe(0);

      // The project still imports (and the switch happens again).
      const ok = await importFiles(project, [{ name: 'bench.csv', path: csv }]);
      expect(ok.totals.publications).toBe(PUBLICATIONS);
      expect(seen).toEqual([FILE, FILE]);
      expect(dbOf(project).pragma('temp_store', { simple: true })).toBe(MEMORY);
    } finally {
      project.close();
    }
  });

  it('checks foreign keys once, before COMMIT, and rolls back an import that broke one', async () => {
    const project = Project.open(path.join(dir, 'keys.kolmap'));
    const db = dbOf(project);
    try {
      const keys: number[] = [];
      forceOnDisk(project, keys);
      const ok = await importFiles(project, [{ name: 'bench.csv', path: csv }]);
      expect(ok.totals.publications).toBe(PUBLICATIONS);
      // Off inside the large import, on again after it; every key holds.
      expect(keys).toEqual([0]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);

      // A resolution that leaves dangling keys (an authorship's person, a publication's source): the
      // check before COMMIT fails the import and nothing of it stays.
      const breaks = [
        `UPDATE authorships SET author_id = 987654321
           WHERE publication_id = (SELECT max(publication_id) FROM authorships) AND position = 1`,
        `INSERT INTO publication_sources (publication_id, source_id, line) VALUES (1, 987654321, 1)`,
      ];
      for (const [n, sql] of breaks.entries()) {
        const resolveSteps = IdentityResolver.prototype.resolveSteps;
        const spy = vi.spyOn(IdentityResolver.prototype, 'resolveSteps').mockImplementation(function* (
          this: IdentityResolver,
          ...args: Parameters<IdentityResolver['resolveSteps']>
        ) {
          const report = yield* resolveSteps.apply(this, args);
          db.prepare(sql).run();
          return report;
        });
        const before = tableHashes(db);
        const err = await importFiles(project, [{ name: `again${n}.csv`, path: csv }]).catch(
          (e: unknown) => e,
        );
        spy.mockRestore();
        expect(String(err)).toMatch(/broke a foreign key/);
        expect(db.inTransaction).toBe(false);
        expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(tableHashes(db)).toEqual(before);
        expect(db.pragma('foreign_key_check')).toEqual([]);
      }
      expect(keys).toEqual([0, 0, 0]);
    } finally {
      project.close();
    }
  });
});
