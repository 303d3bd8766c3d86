// An import is one transaction (DESIGN §4): when its COMMIT itself fails (disk full, an I/O error; here
// a deferred foreign-key violation, which SQLite reports at COMMIT and after which the transaction
// stays open), the import is rolled back: the project holds what it held before, the connection is
// out of the transaction, and the next import goes through.
import type Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { generatePubmedCsv } from '../bench/generate';
import { tempDir } from '../helpers/tmp';

const dbOf = (project: Project): Database.Database => (project as unknown as { db: Database.Database }).db;

function counts(db: Database.Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of ['publications', 'authors', 'authorships', 'sources', 'engagements']) {
    out[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  return out;
}

describe('an import whose COMMIT fails', () => {
  it('is rolled back, and the project takes the next import', async () => {
    const dir = tempDir();
    const first = path.join(dir, 'first.csv');
    const second = path.join(dir, 'second.csv');
    generatePubmedCsv(first, { publications: 300, seed: 31 });
    generatePubmedCsv(second, { publications: 200, seed: 32 });
    const project = Project.open(path.join(dir, 'c.kolmap'));
    try {
      await importFiles(project, [{ name: 'first.csv', path: first }]);
      const db = dbOf(project);
      const before = counts(db);
      expect(before.publications).toBe(300);

      const session = project.beginImport();
      // Inside the import's transaction: a row whose foreign key SQLite checks only at COMMIT.
      db.pragma('defer_foreign_keys = ON');
      db.prepare(
        "INSERT INTO engagements (author_id, status, updated_at) VALUES (987654321, 'planned', '2026-01-01')",
      ).run();
      expect(() => session.commit()).toThrow(/FOREIGN KEY/);
      expect(db.inTransaction).toBe(false);
      expect(counts(db)).toEqual(before);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

      await importFiles(project, [{ name: 'second.csv', path: second }]);
      expect(counts(db).publications).toBeGreaterThan(before.publications!);
    } finally {
      project.close();
    }
  });
});
