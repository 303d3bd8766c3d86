// Migration 3: therapeutic areas (DESIGN §4, §6). `therapeutic_areas` holds each area's rules as JSON
// (seeded with shared/analytics/ta DEFAULT_AREAS by Project on first open, then edited by the analyst);
// `publication_areas` caches which publications each area's rules match. The cache is recomputed
// lazily: triggers set `area_state.stale` whenever publications are added, changed or removed, so no
// import code has to remember to do it, and a rolled-back import rolls the flag back with it.
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'therapeutic_areas',
  sql: `
CREATE TABLE therapeutic_areas (
  id         TEXT    PRIMARY KEY,
  label      TEXT    NOT NULL,
  rules      TEXT    NOT NULL, -- JSON: {mesh, keywords, titleWords, journals, exclude} arrays of strings
  builtin    INTEGER NOT NULL DEFAULT 0, -- 1: one of the shipped defaults (possibly edited)
  position   INTEGER NOT NULL DEFAULT 0, -- display order
  updated_at TEXT    NOT NULL
);

CREATE TABLE publication_areas (
  area_id        TEXT    NOT NULL REFERENCES therapeutic_areas(id) ON DELETE CASCADE,
  publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
  PRIMARY KEY (area_id, publication_id)
) WITHOUT ROWID;
CREATE INDEX publication_areas_publication ON publication_areas(publication_id);

-- One row. seeded: the defaults were written once (deleting every area does not bring them back);
-- stale: publication_areas must be recomputed before it is read.
CREATE TABLE area_state (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  seeded INTEGER NOT NULL DEFAULT 0,
  stale  INTEGER NOT NULL DEFAULT 1
);
INSERT INTO area_state (id, seeded, stale) VALUES (1, 0, 1);

CREATE TRIGGER publications_areas_stale_insert AFTER INSERT ON publications
  WHEN (SELECT stale FROM area_state WHERE id = 1) = 0
  BEGIN UPDATE area_state SET stale = 1 WHERE id = 1; END;
CREATE TRIGGER publications_areas_stale_update AFTER UPDATE OF title, journal, keywords, mesh ON publications
  WHEN (SELECT stale FROM area_state WHERE id = 1) = 0
  BEGIN UPDATE area_state SET stale = 1 WHERE id = 1; END;
`,
};
