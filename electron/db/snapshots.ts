// Analysis snapshots in the project file (migrations 6 and 11): save one (scope, weights, tier cut-offs
// and resolution, each person's rank/score/tier/breakdown), list them, load one by name, delete one. The comparison is pure
// (shared/analytics/snapshot). Each write is one transaction.
import { ApiError, type Scope } from '../../shared/api';
import type { Snapshot, SnapshotInfo, SnapshotPerson, SnapshotSettings } from '../../shared/api/snapshots';
import { settingsUsed } from '../../shared/analytics/settings';
import {
  COMPONENTS,
  type BreakdownPart,
  type ComponentKey,
  type Tier,
  type Weights,
} from '../../shared/analytics/types';
import type { Db } from './connection';

export interface SnapshotInput {
  name: string;
  scope: Scope;
  weights: Weights;
  /** The tier cut-offs and resolution used; absent: the defaults. */
  settings?: SnapshotSettings;
  people: readonly SnapshotPerson[];
  /** Replace a snapshot of the same name (any case) instead of refusing. */
  replace?: boolean;
}

interface SnapshotRow {
  id: number;
  name: string;
  created_at: string;
  scope: string;
  weights: string;
  /** null: saved before migration 11, when neither could be changed (the defaults). */
  settings: string | null;
  people: number;
}

interface PersonRow {
  author_id: number;
  rank: number;
  score: number;
  tier: string;
  community: number;
  name: string;
  institution: string | null;
  region: string | null;
  country: string | null;
  parts: string;
}

function toInfo(r: SnapshotRow): SnapshotInfo {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    scope: JSON.parse(r.scope) as Scope,
    weights: JSON.parse(r.weights) as Weights,
    settings: r.settings ? (JSON.parse(r.settings) as SnapshotSettings) : settingsUsed({}),
    count: r.people,
  };
}

/** Only the scope fields that limit something, so equal scopes compare equal. */
function cleanScope(scope: Scope): Scope {
  const out: Scope = {};
  for (const key of ['ta', 'since', 'until', 'country', 'region'] as const) {
    const v = scope[key];
    if (v !== null && v !== undefined) (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

export class SnapshotStore {
  private readonly st;

  constructor(private readonly db: Db) {
    this.st = {
      list: db.prepare<[], SnapshotRow>(`SELECT * FROM snapshots ORDER BY created_at, id`),
      byName: db.prepare<[string], SnapshotRow>(`SELECT * FROM snapshots WHERE name = ? COLLATE NOCASE`),
      insert: db.prepare<[string, string, string, string, string, number]>(
        `INSERT INTO snapshots (name, created_at, scope, weights, settings, people) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      insertPerson: db.prepare<
        [
          number,
          number,
          number,
          number,
          string,
          number,
          string,
          string | null,
          string | null,
          string | null,
          string,
        ]
      >(
        `INSERT INTO snapshot_people (snapshot_id, author_id, rank, score, tier, community, name, institution, region, country, parts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      people: db.prepare<[number], PersonRow>(
        `SELECT author_id, rank, score, tier, community, name, institution, region, country, parts
         FROM snapshot_people WHERE snapshot_id = ? ORDER BY rank, author_id`,
      ),
      deletePeople: db.prepare<[number]>(`DELETE FROM snapshot_people WHERE snapshot_id = ?`),
      delete: db.prepare<[number]>(`DELETE FROM snapshots WHERE id = ?`),
    };
  }

  list(): SnapshotInfo[] {
    return this.st.list.all().map(toInfo);
  }

  info(name: string): SnapshotInfo | null {
    const row = this.st.byName.get(name.trim());
    return row ? toInfo(row) : null;
  }

  /** Saves a snapshot; ApiError BAD_INPUT when the name is taken and replace is not set. */
  save(input: SnapshotInput): SnapshotInfo {
    const name = input.name.trim();
    const save = this.db.transaction(() => {
      const existing = this.st.byName.get(name);
      if (existing && !input.replace) {
        throw new ApiError(
          'BAD_INPUT',
          `A snapshot named "${existing.name}" already exists; choose another name or replace it.`,
        );
      }
      if (existing) {
        this.st.deletePeople.run(existing.id);
        this.st.delete.run(existing.id);
      }
      const id = Number(
        this.st.insert.run(
          name,
          new Date().toISOString(),
          JSON.stringify(cleanScope(input.scope)),
          JSON.stringify(input.weights),
          JSON.stringify(input.settings ?? settingsUsed({})),
          input.people.length,
        ).lastInsertRowid,
      );
      for (const p of input.people) {
        const parts: Partial<Record<ComponentKey, [number, number]>> = {};
        for (const b of p.breakdown) parts[b.component] = [b.value, b.percentile];
        this.st.insertPerson.run(
          id,
          p.id,
          p.rank,
          p.score,
          p.tier,
          p.community,
          p.name,
          p.institution,
          p.region,
          p.country,
          JSON.stringify(parts),
        );
      }
      return id;
    });
    save.immediate();
    return this.info(name)!;
  }

  /** The whole snapshot by name (any case); null when there is none. */
  get(name: string): Snapshot | null {
    const info = this.info(name);
    if (!info) return null;
    const people = this.st.people.all(info.id).map((r): SnapshotPerson => {
      const parts = JSON.parse(r.parts) as Partial<Record<ComponentKey, [number, number]>>;
      const breakdown: BreakdownPart[] = [];
      for (const c of COMPONENTS) {
        const part = parts[c];
        if (!part) continue;
        const weight = info.weights[c];
        breakdown.push({
          component: c,
          value: part[0],
          percentile: part[1],
          weight,
          contribution: part[1] * weight,
        });
      }
      return {
        id: r.author_id,
        name: r.name,
        institution: r.institution,
        region: r.region,
        country: r.country,
        community: r.community,
        rank: r.rank,
        score: r.score,
        tier: r.tier as Tier,
        breakdown,
      };
    });
    return { ...info, people };
  }

  /** Loads a snapshot; ApiError NOT_FOUND naming the snapshots there are. */
  require(name: string): Snapshot {
    const found = this.get(name);
    if (found) return found;
    const known = this.list().map((s) => `"${s.name}"`);
    throw new ApiError(
      'NOT_FOUND',
      `No snapshot named "${name}" in this project. ${known.length ? `Saved: ${known.join(', ')}.` : 'None saved yet: save one with `kolmap snapshot save NAME`.'}`,
    );
  }

  delete(name: string): boolean {
    const info = this.info(name);
    if (!info) return false;
    this.db
      .transaction(() => {
        this.st.deletePeople.run(info.id);
        this.st.delete.run(info.id);
      })
      .immediate();
    return true;
  }
}
