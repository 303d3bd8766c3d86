// The analysis cache (migration 9, issue 8): the last analysis result per cache key (scope + options,
// shared/analytics/cache.ts) as one JSON payload, stamped with the data version its input was read at.
// The data version is a counter the migration's triggers bump on every import, removed import, identity
// decision, area edit and territory edit; a cached result is current while the two still match. Only
// the most recently saved MAX_CACHED keys are kept, so the file does not grow with every scope tried.
import type { Db } from './connection';

export const MAX_CACHED = 8;

export interface CachedEntry {
  key: string;
  /** The data version the result was computed from. */
  dataVersion: number;
  /** Whether that is still the project's data version (false: the data changed since). */
  current: boolean;
  payload: string;
  createdAt: string;
}

export class AnalysisCacheStore {
  private readonly st;

  constructor(private readonly db: Db) {
    this.st = {
      version: db.prepare<[], number>(`SELECT version FROM data_version WHERE id = 1`).pluck(),
      bump: db.prepare(`UPDATE data_version SET version = version + 1 WHERE id = 1`),
      get: db.prepare<[string], { data_version: number; payload: string; created_at: string }>(
        `SELECT data_version, payload, created_at FROM analysis_cache WHERE cache_key = ?`,
      ),
      put: db.prepare<[string, number, string, number, string]>(
        `INSERT OR REPLACE INTO analysis_cache (cache_key, data_version, payload, bytes, created_at)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      prune: db.prepare<[number]>(
        `DELETE FROM analysis_cache WHERE cache_key NOT IN
           (SELECT cache_key FROM analysis_cache ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
      ),
      clear: db.prepare(`DELETE FROM analysis_cache`),
    };
  }

  /** The project's data version (changes whenever the data behind a result may have changed). */
  dataVersion(): number {
    return this.st.version.get() ?? 0;
  }

  /** Marks every cached result stale (for changes the triggers do not see). */
  bump(): number {
    this.st.bump.run();
    return this.dataVersion();
  }

  get(key: string): CachedEntry | null {
    const row = this.st.get.get(key);
    if (!row) return null;
    return {
      key,
      dataVersion: row.data_version,
      current: row.data_version === this.dataVersion(),
      payload: row.payload,
      createdAt: row.created_at,
    };
  }

  /**
   * Stores a result computed from the data at `dataVersion`. A result from older data than the project
   * now holds is refused (false): it would be stale the moment it was stored.
   */
  save(key: string, dataVersion: number, payload: string): boolean {
    if (dataVersion !== this.dataVersion()) return false;
    this.db.transaction(() => {
      this.st.put.run(key, dataVersion, payload, Buffer.byteLength(payload), new Date().toISOString());
      this.st.prune.run(MAX_CACHED);
    })();
    return true;
  }

  clear(): void {
    this.st.clear.run();
  }
}
