// An import adds up its authorships' papers per (person, institution) in memory (electron/db/identity.ts
// Places) and writes them to author_institutions in parts once a bound of pairs is reached (issue 9: a
// 1 GB MEDLINE file has some 700k pairs, which were all held to the end). Here the bound is forced down
// to a few dozen pairs, so a pair's papers arrive in many parts: every stored row must be what one part
// per pair stores, and what the authorships themselves say (papers, first and last year), also when a
// second import adds to rows already stored.
import type Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Project } from '../../electron/db';
import { Places } from '../../electron/db/identity';
import { importFiles } from '../../electron/import';
import { tableHashes } from '../helpers/tableHashes';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const dbOf = (project: Project): Database.Database => (project as unknown as { db: Database.Database }).db;

const INSTITUTIONS = [
  'Department of Medicine, University of Lyon, Lyon, France.',
  'Division of Cardiology, Karolinska Institutet, Stockholm, Sweden.',
  'Department of Oncology, Mayo Clinic, Rochester, MN, USA.',
  'Institute of Neurology, University College London, London, UK.',
];

/**
 * MEDLINE records from `first` on: 2–5 authors each from 60 people, each person at one or two of the
 * institutions, years over two decades and some records without a date (no year).
 */
function medline(first: number, count: number): string {
  const out: string[] = [];
  for (let r = first; r < first + count; r++) {
    out.push(`PMID- ${31_000_000 + r}`);
    if (r % 7 !== 3) out.push(`DP  - ${2000 + ((r * 13) % 21)} Mar`);
    out.push(`TI  - A study of places number ${r} in several institutions.`);
    const authors = 2 + (r % 4);
    for (let a = 0; a < authors; a++) {
      const p = (r * 11 + a * 17) % 60;
      const family = `Plc${String.fromCharCode(97 + (p % 26))}${String.fromCharCode(97 + Math.floor(p / 26))}`;
      out.push(`FAU - ${family}, Anna`, `AU  - ${family} A`);
      // Every fifth authorship has no affiliation.
      if ((r + a) % 5 !== 0) out.push(`AD  - ${INSTITUTIONS[(p + (r % 2) * (p % 3)) % INSTITUTIONS.length]}`);
    }
    out.push('JT  - Journal of Places', '', '');
  }
  return out.join('\n');
}

/** author_institutions as the stored authorships say it should be (one import's pairs, or all). */
function fromAuthorships(db: Database.Database): unknown[] {
  return db
    .prepare(
      `SELECT au.author_id, au.institution_id, min(p.year) AS first_year, max(p.year) AS last_year, count(*) AS papers
       FROM authorships au JOIN publications p ON p.id = au.publication_id
       WHERE au.institution_id IS NOT NULL GROUP BY au.author_id, au.institution_id
       ORDER BY au.author_id, au.institution_id`,
    )
    .all();
}

const stored = (db: Database.Database): unknown[] =>
  db
    .prepare(
      `SELECT author_id, institution_id, first_year, last_year, papers FROM author_institutions
       ORDER BY author_id, institution_id`,
    )
    .all();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('papers per person and institution, written in parts', () => {
  it('stores the same rows as one part per pair, and what the authorships say', async () => {
    const whole = Project.open(path.join(dir, 'whole.kolmap'));
    const parts = Project.open(path.join(dir, 'parts.kolmap'));
    const defaultBound = Places.flushAt;
    try {
      const files = [
        { name: 'a.txt', content: medline(0, 1_500) },
        { name: 'b.txt', content: medline(1_200, 900) },
      ];
      const drain = Places.prototype.drain;
      const sizes: number[] = [];
      const spy = vi.spyOn(Places.prototype, 'drain').mockImplementation(function (this: Places, fn) {
        sizes.push(this.size);
        drain.call(this, fn);
      });
      // Every pair at once (these imports hold far fewer than the default bound): one drain each.
      for (const file of files) await importFiles(whole, [file]);
      expect(spy.mock.calls.length).toBe(2);
      spy.mockClear();
      sizes.length = 0;
      Places.flushAt = 25;
      for (const file of files) await importFiles(parts, [file]);
      // Drained whenever the bound was reached, never holding more.
      expect(spy.mock.calls.length).toBeGreaterThan(20);
      expect(Math.max(...sizes)).toBe(25);

      const w = dbOf(whole);
      const p = dbOf(parts);
      expect(tableHashes(p)).toEqual(tableHashes(w));
      const rows = stored(p);
      expect(rows.length).toBeGreaterThan(25);
      // Pairs with papers over several years in many parts: summed and widened.
      const typed = rows as { first_year: number | null; last_year: number | null; papers: number }[];
      expect(typed.filter((r) => r.papers > 25 && r.first_year !== r.last_year).length).toBeGreaterThan(10);
      expect(rows).toEqual(fromAuthorships(p));
    } finally {
      Places.flushAt = defaultBound;
      whole.close();
      parts.close();
    }
  });
});

describe('Places', () => {
  it('adds up papers and years per pair and forgets them when drained', () => {
    const places = new Places();
    const rows: unknown[] = [];
    const collect = (...row: unknown[]) => rows.push(row);
    places.add(5, 2, 2010);
    places.add(5, 2, null);
    places.add(5, 2, 2004);
    places.add(2 ** 33, 1, null); // an id beyond 31 bits
    places.add(6, 2, 2011);
    places.add(2 ** 33, 1, 2001);
    expect(places.size).toBe(3);
    places.drain(collect);
    expect(rows).toEqual([
      [5, 2, 2004, 2010, 3],
      [2 ** 33, 1, 2001, 2001, 2],
      [6, 2, 2011, 2011, 1],
    ]);
    expect(places.size).toBe(0);
    rows.length = 0;
    places.drain(collect);
    expect(rows).toEqual([]);
    // After a drain a pair starts again from nothing.
    places.add(6, 2, null);
    places.add(7, 3, 1999);
    places.drain(collect);
    expect(rows).toEqual([
      [6, 2, null, null, 1],
      [7, 3, 1999, 1999, 1],
    ]);
  });
});
