// The analysis cache store (electron/db/analysisCache.ts, migration 10) on a real SQLite file: parts are
// read one at a time, an entry switches only when its last part is in, entries past the count or byte
// budget are dropped oldest first (the newest always stays) and their parts go with them.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { AnalysisCacheStore } from '../../electron/db/analysisCache';
import { tempDir } from '../helpers/tmp';

function open(): { db: Database.Database; file: string } {
  const file = path.join(tempDir(), 'store.kolmap');
  Project.open(file).close(); // migrated to the current schema
  return { db: new Database(file), file };
}

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe('analysis cache store', () => {
  it('returns each part on its own and nothing past the last one', () => {
    const { db } = open();
    const store = new AnalysisCacheStore(db);
    expect(store.save('k', store.dataVersion(), [bytes(100, 1), bytes(200, 2), bytes(300, 3)])).toBe(true);
    expect(store.get('k')?.payload).toEqual(Buffer.from(bytes(100, 1)));
    expect(store.get('k', 2)?.payload).toEqual(Buffer.from(bytes(300, 3)));
    expect(store.get('k', 2)).toMatchObject({ parts: 3, part: 2, current: true });
    expect(store.get('k', 3)).toBeNull();
    expect(store.get('other')).toBeNull();
    expect(store.getAll('k')?.parts.map((p) => p.length)).toEqual([100, 200, 300]);
    store.bump();
    expect(store.get('k')?.current).toBe(false);
    db.close();
  });

  it('drops older entries past the byte budget, the newest always kept, parts included', () => {
    const { db } = open();
    const store = new AnalysisCacheStore(db, { maxEntries: 8, maxBytes: 1000 });
    const v = store.dataVersion();
    // created_at orders the entries: distinct timestamps.
    const wait = () => {
      const t = Date.now();
      while (Date.now() === t) {
        /* spin to the next millisecond */
      }
    };
    store.save('a', v, [bytes(600, 1)]);
    wait();
    store.save('b', v, [bytes(300, 2), bytes(300, 2)]);
    wait();
    // a (600) + b (600) besides the newest: over 1000, so a goes.
    store.save('c', v, [bytes(5000, 3)]);
    expect(store.get('c')).not.toBeNull(); // the newest stays even though it alone is over the budget
    expect(store.get('b')).not.toBeNull();
    expect(store.get('a')).toBeNull();
    const orphans = db
      .prepare(
        'SELECT count(*) AS n FROM analysis_cache_parts WHERE cache_key NOT IN (SELECT cache_key FROM analysis_cache)',
      )
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    wait();
    store.save('d', v, [bytes(10, 4)]);
    // Besides d: c (5000) already passes the budget, so c and b go.
    expect(['a', 'b', 'c', 'd'].filter((k) => store.get(k))).toEqual(['d']);
    db.close();
  });

  it('keeps at most maxEntries entries', () => {
    const { db } = open();
    const store = new AnalysisCacheStore(db, { maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) store.save(k, store.dataVersion(), [bytes(16, 1)]);
    expect((db.prepare('SELECT count(*) AS n FROM analysis_cache').get() as { n: number }).n).toBe(2);
    expect((db.prepare('SELECT count(*) AS n FROM analysis_cache_parts').get() as { n: number }).n).toBe(2);
    db.close();
  });

  it('refuses parts of a result from older data and drops that upload', () => {
    const { db } = open();
    const store = new AnalysisCacheStore(db);
    const v = store.dataVersion();
    const args = { key: 'k', dataVersion: v, upload: 'up1', parts: 2, payload: bytes(20, 1) };
    expect(store.savePart({ ...args, part: 0 })).toEqual({ saved: true, complete: false });
    store.bump();
    expect(store.savePart({ ...args, part: 1 })).toEqual({ saved: false, complete: false });
    expect(store.get('k')).toBeNull();
    expect((db.prepare('SELECT count(*) AS n FROM analysis_cache_parts').get() as { n: number }).n).toBe(0);
    expect(() => store.savePart({ ...args, part: 2 })).toThrow(/part 2 of 2/);
    db.close();
  });
});
