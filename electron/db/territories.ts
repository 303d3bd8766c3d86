// Territories and engagement plans in the project file (migration 4): territories with their places
// and manual overrides, each person's engagement and its history. Assignment itself is pure
// (shared/analytics/territory); this module only stores what it needs. Writes are one transaction each.
import {
  ApiError,
  type Engagement,
  type EngagementDetail,
  type EngagementStatus,
  type Priority,
  type TerritoryInfo,
  type TerritoryPlace,
} from '../../shared/api';
import type { Db } from './connection';

/** A territory to create or replace (by id when given, else by name). */
export interface TerritoryInput {
  id?: number;
  name: string;
  msl: string | null;
  capacity: number | null;
  /** Absent: a new territory has none and an existing one keeps its group. */
  regionGroup?: string | null;
  places: TerritoryPlace[];
}

export type EngagementInput = Omit<Engagement, 'updatedAt'>;

interface TerritoryRow {
  id: number;
  name: string;
  msl: string | null;
  capacity: number | null;
  region_group: string | null;
  updated_at: string;
}

interface EngagementRow {
  author_id: number;
  priority: string | null;
  status: string;
  next_action: string | null;
  next_date: string | null;
  notes: string | null;
  at: string;
}

function toEngagement(r: EngagementRow): Engagement {
  return {
    authorId: r.author_id,
    priority: r.priority as Priority | null,
    status: r.status as EngagementStatus,
    nextAction: r.next_action,
    nextDate: r.next_date,
    notes: r.notes,
    updatedAt: r.at,
  };
}

const now = (): string => new Date().toISOString();

export class TerritoryStore {
  private readonly st;

  constructor(private readonly db: Db) {
    this.st = {
      territories: db.prepare<[], TerritoryRow>(`SELECT * FROM territories ORDER BY name COLLATE NOCASE, id`),
      places: db.prepare<[], { territory_id: number; country: string; region: string | null }>(
        `SELECT territory_id, country, region FROM territory_places ORDER BY territory_id, country, region NULLS FIRST`,
      ),
      overrides: db.prepare<[], { territory_id: number; author_id: number; mode: string }>(
        `SELECT territory_id, author_id, mode FROM territory_people ORDER BY territory_id, author_id`,
      ),
      byName: db.prepare<[string], TerritoryRow>(`SELECT * FROM territories WHERE name = ? COLLATE NOCASE`),
      byId: db.prepare<[number], TerritoryRow>(`SELECT * FROM territories WHERE id = ?`),
      insert: db.prepare<[string, string | null, number | null, string | null, string]>(
        `INSERT INTO territories (name, msl, capacity, region_group, updated_at) VALUES (?, ?, ?, ?, ?)`,
      ),
      update: db.prepare<[string, string | null, number | null, string | null, string, number]>(
        `UPDATE territories SET name = ?, msl = ?, capacity = ?, region_group = ?, updated_at = ? WHERE id = ?`,
      ),
      clearPlaces: db.prepare<[number]>(`DELETE FROM territory_places WHERE territory_id = ?`),
      addPlace: db.prepare<[number, string, string | null]>(
        `INSERT OR IGNORE INTO territory_places (territory_id, country, region) VALUES (?, ?, ?)`,
      ),
      delete: db.prepare<[number]>(`DELETE FROM territories WHERE id = ?`),
      setGroup: db.prepare<[string | null, string, number]>(
        `UPDATE territories SET region_group = ?, updated_at = ? WHERE id = ?`,
      ),
      setOverride: db.prepare<[number, number, string]>(
        `INSERT INTO territory_people (territory_id, author_id, mode) VALUES (?, ?, ?)
         ON CONFLICT (territory_id, author_id) DO UPDATE SET mode = excluded.mode`,
      ),
      clearOverride: db.prepare<[number, number]>(
        `DELETE FROM territory_people WHERE territory_id = ? AND author_id = ?`,
      ),
      // A person is included in one territory at a time: including them elsewhere drops the older include.
      clearIncludes: db.prepare<[number, number]>(
        `DELETE FROM territory_people WHERE author_id = ? AND mode = 'include' AND territory_id <> ?`,
      ),
      authorExists: db.prepare<[number], number>(`SELECT 1 FROM authors WHERE id = ?`).pluck(),
      engagements: db.prepare<[], EngagementRow>(
        `SELECT author_id, priority, status, next_action, next_date, notes, updated_at AS at FROM engagements ORDER BY author_id`,
      ),
      engagement: db.prepare<[number], EngagementRow>(
        `SELECT author_id, priority, status, next_action, next_date, notes, updated_at AS at FROM engagements WHERE author_id = ?`,
      ),
      history: db.prepare<[number], EngagementRow>(
        `SELECT author_id, priority, status, next_action, next_date, notes, changed_at AS at
         FROM engagement_history WHERE author_id = ? ORDER BY id DESC`,
      ),
      upsertEngagement: db.prepare<
        [number, string | null, string, string | null, string | null, string | null, string]
      >(
        `INSERT INTO engagements (author_id, priority, status, next_action, next_date, notes, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (author_id) DO UPDATE SET priority = excluded.priority, status = excluded.status,
           next_action = excluded.next_action, next_date = excluded.next_date, notes = excluded.notes,
           updated_at = excluded.updated_at`,
      ),
      addHistory: db.prepare<
        [number, string | null, string, string | null, string | null, string | null, string]
      >(
        `INSERT INTO engagement_history (author_id, priority, status, next_action, next_date, notes, changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      npi: db.prepare<[], [number, string]>(`SELECT id, npi FROM authors WHERE npi IS NOT NULL`),
    };
  }

  /** Every territory with places and overrides, by name. */
  list(): TerritoryInfo[] {
    const out = new Map<number, TerritoryInfo>();
    for (const r of this.st.territories.all()) {
      out.set(r.id, {
        id: r.id,
        name: r.name,
        msl: r.msl,
        capacity: r.capacity,
        regionGroup: r.region_group,
        places: [],
        include: [],
        exclude: [],
        updatedAt: r.updated_at,
      });
    }
    for (const p of this.st.places.all()) {
      out.get(p.territory_id)?.places.push({ country: p.country, region: p.region });
    }
    for (const o of this.st.overrides.all()) {
      const t = out.get(o.territory_id);
      if (t) (o.mode === 'include' ? t.include : t.exclude).push(o.author_id);
    }
    return [...out.values()];
  }

  get(id: number): TerritoryInfo | null {
    return this.list().find((t) => t.id === id) ?? null;
  }

  /** Looks a territory up by name (any case); ApiError BAD_INPUT listing the known ones. */
  resolve(name: string): TerritoryInfo {
    const row = this.st.byName.get(name.trim());
    if (!row) {
      const known = this.list().map((t) => t.name);
      throw new ApiError(
        'BAD_INPUT',
        `Unknown territory "${name}". Known: ${known.length ? known.join(', ') : '(none yet: kolmap territory import FILE.csv)'}.`,
      );
    }
    return this.get(row.id)!;
  }

  /** Creates or replaces one territory (its places replaced; overrides and engagements kept). */
  save(t: TerritoryInput): { id: number; created: boolean } {
    return this.db.transaction(() => this.saveOne(t)).immediate();
  }

  /** Creates or updates territories by name, all in one transaction (kolmap territory import). */
  saveAll(list: TerritoryInput[]): { created: number; updated: number } {
    return this.db
      .transaction(() => {
        let created = 0;
        for (const t of list) if (this.saveOne(t).created) created++;
        return { created, updated: list.length - created };
      })
      .immediate();
  }

  private saveOne(t: TerritoryInput): { id: number; created: boolean } {
    const clash = this.st.byName.get(t.name);
    let id: number;
    let created = false;
    if (t.id !== undefined) {
      if (!this.st.byId.get(t.id))
        throw new ApiError('NOT_FOUND', `No territory with id ${t.id} in this project.`);
      if (clash && clash.id !== t.id) {
        throw new ApiError(
          'BAD_INPUT',
          `Another territory is already named "${clash.name}"; choose another name.`,
        );
      }
      id = t.id;
    } else if (clash) id = clash.id;
    else {
      id = Number(
        this.st.insert.run(t.name, t.msl, t.capacity, t.regionGroup?.trim() || null, now()).lastInsertRowid,
      );
      created = true;
    }
    if (!created) {
      const group =
        t.regionGroup === undefined
          ? (this.st.byId.get(id)?.region_group ?? null)
          : t.regionGroup?.trim() || null;
      this.st.update.run(t.name, t.msl, t.capacity, group, now(), id);
    }
    this.st.clearPlaces.run(id);
    for (const p of t.places)
      this.st.addPlace.run(id, p.country.trim().toUpperCase(), p.region?.trim() || null);
    return { id, created };
  }

  /**
   * Puts these territories in one region group (null: no group), in one transaction; every id must
   * exist. Renaming a group is this call with the group's territories and the new name.
   */
  setRegionGroup(ids: readonly number[], group: string | null): void {
    const name = group?.trim() || null;
    this.db
      .transaction(() => {
        const at = now();
        for (const id of ids) {
          if (this.st.setGroup.run(name, at, id).changes === 0)
            throw new ApiError('NOT_FOUND', `No territory with id ${id} in this project.`);
        }
      })
      .immediate();
  }

  delete(id: number): boolean {
    return this.st.delete.run(id).changes > 0;
  }

  /** Sets (include / exclude) or clears (null) one person's manual override for one territory. */
  setOverride(territoryId: number, authorId: number, mode: 'include' | 'exclude' | null): void {
    if (!this.st.byId.get(territoryId))
      throw new ApiError('NOT_FOUND', `No territory with id ${territoryId} in this project.`);
    if (!this.st.authorExists.get(authorId))
      throw new ApiError('NOT_FOUND', `No person with id ${authorId} in this project.`);
    this.db
      .transaction(() => {
        if (mode === null) this.st.clearOverride.run(territoryId, authorId);
        else {
          if (mode === 'include') this.st.clearIncludes.run(authorId, territoryId);
          this.st.setOverride.run(territoryId, authorId, mode);
        }
      })
      .immediate();
  }

  engagements(): Engagement[] {
    return this.st.engagements.all().map(toEngagement);
  }

  engagement(authorId: number): EngagementDetail {
    const row = this.st.engagement.get(authorId);
    return {
      engagement: row ? toEngagement(row) : null,
      history: this.st.history.all(authorId).map(toEngagement),
    };
  }

  /** Saves a person's engagement and appends it to their history, in one transaction. */
  setEngagement(e: EngagementInput): EngagementDetail {
    if (!this.st.authorExists.get(e.authorId))
      throw new ApiError('NOT_FOUND', `No person with id ${e.authorId} in this project.`);
    const at = now();
    const values = [
      e.authorId,
      e.priority,
      e.status,
      e.nextAction || null,
      e.nextDate,
      e.notes || null,
      at,
    ] as const;
    this.db
      .transaction(() => {
        this.st.upsertEngagement.run(...values);
        this.st.addHistory.run(...values);
      })
      .immediate();
    return this.engagement(e.authorId);
  }

  /** NPI per person id, for people that have one (CRM export). */
  npis(): Map<number, string> {
    return new Map(this.st.npi.raw().all() as [number, string][]);
  }
}
