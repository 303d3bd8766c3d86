// Every row of the tables an import writes, in key order, hashed per table ("rows:sha256"): two
// projects that hash the same hold the same rows. Used by the tests that compare two import paths.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

const ORDER: Record<string, string> = {
  publications: 'id',
  authors: 'id',
  authorships: 'publication_id, position',
  identity_evidence: 'rowid',
  author_institutions: 'author_id, institution_id',
  institutions: 'id',
};

export function tableHashes(db: Database.Database): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [table, by] of Object.entries(ORDER)) {
    const h = createHash('sha256');
    let n = 0;
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${by}`).raw().iterate()) {
      h.update(JSON.stringify(row));
      n++;
    }
    out[table] = `${n}:${h.digest('hex')}`;
  }
  return out;
}
