// Migration 8: stored map layouts (issue 6). When the map's layout settles, the renderer saves every
// drawn person's position under a layout key (the analysis scope + a hash of the drawn set, see
// renderer/src/graph/layoutKey.ts); a reopened map with the same key starts from them and skips
// ForceAtlas2. No foreign key on author_id: identity merges may renumber people, and a stale key
// simply stops matching (the drawn-set hash changes).
import type { Migration } from './types';

export const migration008: Migration = {
  version: 8,
  name: 'layouts',
  sql: `
CREATE TABLE layouts (
  layout_key TEXT PRIMARY KEY,
  nodes      INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE layout_positions (
  layout_key TEXT NOT NULL REFERENCES layouts(layout_key) ON DELETE CASCADE,
  author_id  INTEGER NOT NULL,
  x          REAL NOT NULL,
  y          REAL NOT NULL,
  PRIMARY KEY (layout_key, author_id)
) WITHOUT ROWID;
`,
};
