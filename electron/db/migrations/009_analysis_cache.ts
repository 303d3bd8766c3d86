// Migration 9: the analysis cache (issue 8). The last analysis result per cache key (scope + weights +
// settings, see shared/analytics/cache.ts) is stored with the project's data version at the time its
// input was read; a reopened project shows it at once when the version still matches. The version is a
// counter bumped by triggers on every table whose change can change a result: an import or a removed
// import (sources: every import writes one row, including trial and payment files), an identity
// decision or its undo, a therapeutic area edit, a territory edit (people carry their territory). The
// triggers sit on these small tables only, never on publications or authorships, so imports stay fast.
import type { Migration } from './types';

const WATCHED = [
  'sources',
  'identity_decisions',
  'therapeutic_areas',
  'territories',
  'territory_places',
  'territory_people',
];

const triggers = WATCHED.flatMap((table) =>
  ['INSERT', 'UPDATE', 'DELETE'].map(
    (op) => `
CREATE TRIGGER data_version_${table}_${op.toLowerCase()} AFTER ${op} ON ${table}
BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;`,
  ),
).join('\n');

export const migration009: Migration = {
  version: 9,
  name: 'analysis_cache',
  sql: `
CREATE TABLE data_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
CREATE TABLE analysis_cache (
  cache_key    TEXT PRIMARY KEY,
  data_version INTEGER NOT NULL,
  payload      TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  created_at   TEXT NOT NULL
);
${triggers}
`,
};
