// Migration 7: mapping presets (issue 3). The import wizard saves a generic-CSV column mapping (source
// column → field, see electron/import/adapters/genericCsv GENERIC_FIELDS) under a name, to reuse it for
// the next export of the same shape. Names are unique regardless of case.
import type { Migration } from './types';

export const migration007: Migration = {
  version: 7,
  name: 'mapping_presets',
  sql: `
CREATE TABLE mapping_presets (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  map        TEXT NOT NULL, -- JSON object: source column → field
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX mapping_presets_name ON mapping_presets(name COLLATE NOCASE);
`,
};
