// Therapeutic areas in the project file (migration 3): the analyst's editable rules and the
// publication_areas cache of which publications each area's rules match. The cache is recomputed
// lazily (fresh() before any read that needs it) when the `stale` flag is set, which triggers on
// publications set, and which resetAreas() sets; saving one area recomputes that area alone.
import { compileAreas, DEFAULT_AREAS, type AreaRules, type TherapeuticArea } from '../../shared/analytics/ta';
import type { Db } from './connection';

export interface StoredArea extends TherapeuticArea {
  builtin: boolean;
  /** Publications its rules match. */
  publications: number;
  updatedAt: string;
}

interface AreaRow {
  id: string;
  label: string;
  rules: string;
  builtin: number;
  updated_at: string;
}

interface PubRow {
  id: number;
  title: string;
  journal: string | null;
  keywords: string;
  mesh: string;
}

const BATCH = 5000;

function parseRules(json: string): AreaRules {
  const r = JSON.parse(json) as Partial<AreaRules>;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
  return {
    mesh: list(r.mesh),
    keywords: list(r.keywords),
    titleWords: list(r.titleWords),
    journals: list(r.journals),
    exclude: list(r.exclude),
  };
}

function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export class AreaStore {
  private readonly st;

  constructor(private readonly db: Db) {
    this.st = {
      state: db.prepare<[], { seeded: number; stale: number }>(
        `SELECT seeded, stale FROM area_state WHERE id = 1`,
      ),
      setState: db.prepare<{ seeded: number; stale: number }>(
        `UPDATE area_state SET seeded = @seeded, stale = @stale WHERE id = 1`,
      ),
      all: db.prepare<[], AreaRow>(
        `SELECT id, label, rules, builtin, updated_at FROM therapeutic_areas ORDER BY position, id`,
      ),
      get: db.prepare<[string], AreaRow>(
        `SELECT id, label, rules, builtin, updated_at FROM therapeutic_areas WHERE id = ?`,
      ),
      counts: db.prepare<[], { area_id: string; n: number }>(
        `SELECT area_id, COUNT(*) AS n FROM publication_areas GROUP BY area_id`,
      ),
      nextPosition: db
        .prepare<[], number>(`SELECT coalesce(max(position), -1) + 1 FROM therapeutic_areas`)
        .pluck(),
      insert: db.prepare<{
        id: string;
        label: string;
        rules: string;
        builtin: number;
        position: number;
        now: string;
      }>(
        `INSERT INTO therapeutic_areas (id, label, rules, builtin, position, updated_at)
         VALUES (@id, @label, @rules, @builtin, @position, @now)`,
      ),
      update: db.prepare<{ id: string; label: string; rules: string; now: string }>(
        `UPDATE therapeutic_areas SET label = @label, rules = @rules, updated_at = @now WHERE id = @id`,
      ),
      delete: db.prepare<[string]>(`DELETE FROM therapeutic_areas WHERE id = ?`),
      deleteAll: db.prepare(`DELETE FROM therapeutic_areas`),
      clearCache: db.prepare(`DELETE FROM publication_areas`),
      clearArea: db.prepare<[string]>(`DELETE FROM publication_areas WHERE area_id = ?`),
      pubs: db.prepare<[number, number], PubRow>(
        `SELECT id, title, journal, keywords, mesh FROM publications WHERE id > ? ORDER BY id LIMIT ?`,
      ),
      link: db.prepare<[string, number]>(
        `INSERT OR IGNORE INTO publication_areas (area_id, publication_id) VALUES (?, ?)`,
      ),
    };
  }

  /** Writes the default areas the first time a project is opened with migration 3. */
  seedIfNeeded(): void {
    const s = this.st.state.get();
    if (!s || s.seeded) return;
    this.db
      .transaction(() => {
        this.insertDefaults();
        this.st.setState.run({ seeded: 1, stale: 1 });
      })
      .immediate();
  }

  private insertDefaults(): void {
    const now = new Date().toISOString();
    DEFAULT_AREAS.forEach((a, position) => {
      this.st.insert.run({
        id: a.id,
        label: a.label,
        rules: JSON.stringify(a.rules),
        builtin: 1,
        position,
        now,
      });
    });
  }

  /** The areas' definitions, in display order (no cache refresh). */
  definitions(): (TherapeuticArea & { builtin: boolean; updatedAt: string })[] {
    return this.st.all.all().map((r) => ({
      id: r.id,
      label: r.label,
      rules: parseRules(r.rules),
      builtin: r.builtin === 1,
      updatedAt: r.updated_at,
    }));
  }

  /** Every area with how many publications it holds (refreshing the cache first if stale). */
  list(): StoredArea[] {
    this.fresh();
    const counts = new Map(this.st.counts.all().map((c) => [c.area_id, c.n]));
    return this.definitions().map((a) => ({ ...a, publications: counts.get(a.id) ?? 0 }));
  }

  /** Whether publication_areas needs a fresh() before it is read (a read-only connection cannot). */
  stale(): boolean {
    return Boolean(this.st.state.get()?.stale);
  }

  /** Recomputes publication_areas when publications or rules changed since the last time. */
  fresh(): void {
    // A read-only connection (Project.openReader) reads the cache as it stands.
    if (this.db.readonly) return;
    const s = this.st.state.get();
    if (!s || !s.stale) return;
    this.db
      .transaction(() => {
        this.st.clearCache.run();
        this.classifyAll(this.definitions());
        this.st.setState.run({ seeded: s.seeded, stale: 0 });
      })
      .immediate();
  }

  private classifyAll(areas: TherapeuticArea[]): void {
    if (areas.length === 0) return;
    const classifier = compileAreas(areas);
    let after = 0;
    for (;;) {
      const rows = this.st.pubs.all(after, BATCH);
      if (rows.length === 0) break;
      for (const p of rows) {
        const hits = classifier.match({
          title: p.title,
          journal: p.journal,
          keywords: parseList(p.keywords),
          mesh: parseList(p.mesh),
        });
        for (const i of hits) this.st.link.run(areas[i]!.id, p.id);
      }
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Creates or replaces one area and recomputes its publications. Returns whether it was new. */
  save(area: TherapeuticArea): boolean {
    const now = new Date().toISOString();
    const rules = JSON.stringify(area.rules);
    return this.db
      .transaction(() => {
        const existing = this.st.get.get(area.id);
        if (existing) this.st.update.run({ id: area.id, label: area.label, rules, now });
        else
          this.st.insert.run({
            id: area.id,
            label: area.label,
            rules,
            builtin: 0,
            position: this.st.nextPosition.get() ?? 0,
            now,
          });
        const s = this.st.state.get();
        // A stale cache is recomputed whole on the next read; otherwise only this area changes.
        if (s && !s.stale) {
          this.st.clearArea.run(area.id);
          this.classifyAll([area]);
        }
        return !existing;
      })
      .immediate();
  }

  /** Deletes one area (its cached publications go with it). False when there is no such area. */
  delete(id: string): boolean {
    return this.st.delete.run(id).changes > 0;
  }

  /** Replaces every area with the shipped defaults. */
  reset(): void {
    this.db
      .transaction(() => {
        this.st.deleteAll.run();
        this.insertDefaults();
        this.st.setState.run({ seeded: 1, stale: 1 });
      })
      .immediate();
  }
}
