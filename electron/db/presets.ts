// Mapping presets in the project file (migration 7): named generic-CSV column mappings the import
// wizard saves and loads. Saving under an existing name (any case) replaces that preset.
import type { ColumnMap, MappingPreset } from '../../shared/api';
import type { Db } from './connection';

interface PresetRow {
  name: string;
  map: string;
  updated_at: string;
}

function toPreset(r: PresetRow): MappingPreset {
  const raw = JSON.parse(r.map) as Record<string, unknown>;
  const map: ColumnMap = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') map[k] = v;
  return { name: r.name, map, updatedAt: r.updated_at };
}

export class MappingPresetStore {
  private readonly st;

  constructor(private readonly db: Db) {
    this.st = {
      list: db.prepare<[], PresetRow>(
        `SELECT name, map, updated_at FROM mapping_presets ORDER BY name COLLATE NOCASE`,
      ),
      get: db.prepare<[string], PresetRow>(
        `SELECT name, map, updated_at FROM mapping_presets WHERE name = ? COLLATE NOCASE`,
      ),
      insert: db.prepare<[string, string, string]>(
        `INSERT INTO mapping_presets (name, map, updated_at) VALUES (?, ?, ?)`,
      ),
      update: db.prepare<[string, string, string, string]>(
        `UPDATE mapping_presets SET name = ?, map = ?, updated_at = ? WHERE name = ? COLLATE NOCASE`,
      ),
      delete: db.prepare<[string]>(`DELETE FROM mapping_presets WHERE name = ? COLLATE NOCASE`),
    };
  }

  list(): MappingPreset[] {
    return this.st.list.all().map(toPreset);
  }

  get(name: string): MappingPreset | null {
    const row = this.st.get.get(name);
    return row ? toPreset(row) : null;
  }

  /** Creates or replaces (by name, any case) a preset; created is false when it replaced one. */
  save(name: string, map: ColumnMap): { preset: MappingPreset; created: boolean } {
    const now = new Date().toISOString();
    const json = JSON.stringify(map);
    const created = this.db
      .transaction(() => {
        if (this.st.update.run(name, json, now, name).changes > 0) return false;
        this.st.insert.run(name, json, now);
        return true;
      })
      .immediate();
    return { preset: this.get(name) as MappingPreset, created };
  }

  /** false when no preset has that name. */
  delete(name: string): boolean {
    return this.st.delete.run(name).changes > 0;
  }
}
