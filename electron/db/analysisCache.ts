// The analysis cache (migrations 9 and 10, issue 8): the last analysis result per cache key (scope +
// options, shared/analytics/cache.ts) as binary parts, stamped with the data version its input was read
// at. The data version is a counter migration 9's triggers bump on every import, removed import,
// identity decision, area edit and territory edit; a cached result is current while the two still
// match. Part 0 (the head: summary and top people) is read on its own, so the first ranked view does
// not read the rest. Parts are written one call at a time under an upload id and the entry switches to
// them only when the last one is in, so a reader never sees a mix of two results. Only the most
// recently saved MAX_CACHED keys are kept, so the file does not grow with every scope tried.
import type { Db } from './connection';

export const MAX_CACHED = 8;
/**
 * Bytes the older entries may take together besides the newest one (which is always kept): a
 * 1M-publication result is several hundred MB, so big projects keep one or two scopes, small ones eight.
 */
export const MAX_CACHED_BYTES = 1024 * 1024 * 1024;
/** Most parts one entry may have (a 1M-publication result has a few dozen). */
export const MAX_PARTS = 4096;

export interface CachedEntry {
  key: string;
  /** The data version the result was computed from. */
  dataVersion: number;
  /** Whether that is still the project's data version (false: the data changed since). */
  current: boolean;
  /** Parts of the entry; `payload` is part `part` of them. */
  parts: number;
  part: number;
  payload: Buffer;
  createdAt: string;
}

export interface SavePart {
  key: string;
  dataVersion: number;
  /** Names this set of parts (the caller's random id); the same for every part of one result. */
  upload: string;
  part: number;
  parts: number;
  payload: Uint8Array;
}

export class AnalysisCacheStore {
  private readonly st;

  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(
    private readonly db: Db,
    limits: { maxEntries?: number; maxBytes?: number } = {},
  ) {
    this.maxEntries = limits.maxEntries ?? MAX_CACHED;
    this.maxBytes = limits.maxBytes ?? MAX_CACHED_BYTES;
    this.st = {
      version: db.prepare<[], number>(`SELECT version FROM data_version WHERE id = 1`).pluck(),
      bump: db.prepare(`UPDATE data_version SET version = version + 1 WHERE id = 1`),
      entry: db.prepare<
        [string],
        { data_version: number; upload: string; parts: number; created_at: string }
      >(`SELECT data_version, upload, parts, created_at FROM analysis_cache WHERE cache_key = ?`),
      part: db
        .prepare<[string, string, number], Buffer>(
          `SELECT data FROM analysis_cache_parts WHERE cache_key = ? AND upload = ? AND part = ?`,
        )
        .pluck(),
      putPart: db.prepare<[string, string, number, number, Buffer]>(
        `INSERT OR REPLACE INTO analysis_cache_parts (cache_key, upload, part, data_version, data)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      countParts: db.prepare<[string, string, number], { n: number; bytes: number }>(
        `SELECT count(*) AS n, coalesce(sum(length(data)), 0) AS bytes FROM analysis_cache_parts
         WHERE cache_key = ? AND upload = ? AND data_version = ?`,
      ),
      // Uploads of this key other than the committed one: abandoned (a cancelled worker) or replaced.
      dropOtherUploads: db.prepare<[string, string, string]>(
        `DELETE FROM analysis_cache_parts WHERE cache_key = ? AND upload != ?
           AND upload != coalesce((SELECT upload FROM analysis_cache WHERE cache_key = ?), '')`,
      ),
      dropUpload: db.prepare<[string, string]>(
        `DELETE FROM analysis_cache_parts WHERE cache_key = ? AND upload = ?`,
      ),
      put: db.prepare<[string, number, string, number, number, string]>(
        `INSERT OR REPLACE INTO analysis_cache (cache_key, data_version, upload, parts, bytes, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      prune: db.prepare<[number]>(
        `DELETE FROM analysis_cache WHERE cache_key NOT IN
           (SELECT cache_key FROM analysis_cache ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
      ),
      // Entries after the newest whose running total of bytes passes the budget.
      pruneBytes: db.prepare<[number]>(
        `DELETE FROM analysis_cache WHERE cache_key IN (
           SELECT cache_key FROM (
             SELECT cache_key, row_number() OVER w AS n, sum(bytes) OVER w AS total FROM analysis_cache
             WINDOW w AS (ORDER BY created_at DESC, rowid DESC)
           ) WHERE n > 1 AND total - (SELECT bytes FROM analysis_cache ORDER BY created_at DESC, rowid DESC LIMIT 1) > ?
         )`,
      ),
      clear: db.prepare(`DELETE FROM analysis_cache`),
      clearParts: db.prepare(`DELETE FROM analysis_cache_parts`),
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

  /** Part `part` (default 0, the head) of the entry stored under the key; null when there is none. */
  get(key: string, part = 0): CachedEntry | null {
    const row = this.st.entry.get(key);
    if (!row || part < 0 || part >= row.parts) return null;
    const payload = this.st.part.get(key, row.upload, part);
    if (!payload) return null;
    return {
      key,
      dataVersion: row.data_version,
      current: row.data_version === this.dataVersion(),
      parts: row.parts,
      part,
      payload,
      createdAt: row.created_at,
    };
  }

  /** Every part of the entry, the head first (for Node callers: the CLI, tests, the benchmark). */
  getAll(key: string): { entry: CachedEntry; parts: Buffer[] } | null {
    const head = this.get(key, 0);
    if (!head) return null;
    const parts: Buffer[] = [head.payload];
    for (let i = 1; i < head.parts; i++) {
      const part = this.get(key, i);
      if (!part) return null;
      parts.push(part.payload);
    }
    return { entry: head, parts };
  }

  /**
   * Stores one part of a result computed from the data at `dataVersion`; the entry switches to this
   * upload when its last part (parts − 1) is in and all of them are. A result from older data than the
   * project now holds is refused (saved false, its parts dropped): it would be stale the moment it
   * was stored. complete: this call made the entry current.
   */
  savePart(args: SavePart): { saved: boolean; complete: boolean } {
    const { key, dataVersion, upload, part, parts, payload } = args;
    if (!(parts >= 1 && parts <= MAX_PARTS && part >= 0 && part < parts)) {
      throw new Error(`analysis cache: part ${part} of ${parts} is out of range (1 to ${MAX_PARTS} parts)`);
    }
    return this.db
      .transaction(() => {
        if (dataVersion !== this.dataVersion()) {
          this.st.dropUpload.run(key, upload);
          return { saved: false, complete: false };
        }
        if (part === 0) this.st.dropOtherUploads.run(key, upload, key);
        const bytes = Buffer.isBuffer(payload)
          ? payload
          : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
        this.st.putPart.run(key, upload, part, dataVersion, bytes);
        if (part !== parts - 1) return { saved: true, complete: false };
        const have = this.st.countParts.get(key, upload, dataVersion);
        if (!have || have.n !== parts) {
          this.st.dropUpload.run(key, upload);
          return { saved: false, complete: false };
        }
        this.st.put.run(key, dataVersion, upload, parts, have.bytes, new Date().toISOString());
        this.st.dropOtherUploads.run(key, upload, key);
        this.st.prune.run(this.maxEntries);
        this.st.pruneBytes.run(this.maxBytes);
        return { saved: true, complete: true };
      })
      .immediate();
  }

  /** Stores every part of a result in one go (Node callers). */
  save(key: string, dataVersion: number, parts: readonly Uint8Array[]): boolean {
    const upload = `local-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    return this.db
      .transaction(() => {
        let last = { saved: false, complete: false };
        for (let i = 0; i < parts.length; i++) {
          last = this.savePart({
            key,
            dataVersion,
            upload,
            part: i,
            parts: parts.length,
            payload: parts[i]!,
          });
          if (!last.saved) return false;
        }
        return last.complete;
      })
      .immediate();
  }

  clear(): void {
    this.st.clear.run();
    this.st.clearParts.run();
  }
}
