// Migration 4: territories and engagement plans (DESIGN §4, issue 7). A territory is a named set of
// places (a whole country, or one region of it such as a US state) with an MSL and a capacity; people
// are assigned by their current institution's place (shared/analytics/territory assignTerritories), and
// territory_people keeps the analyst's manual overrides (include / exclude), which always win.
// engagements holds each person's current plan; engagement_history one row per change, never edited.
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'territories',
  sql: `
CREATE TABLE territories (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL,
  msl          TEXT,
  capacity     INTEGER CHECK (capacity IS NULL OR capacity >= 0),
  region_group TEXT,
  updated_at   TEXT    NOT NULL
);
CREATE UNIQUE INDEX territories_name ON territories(name COLLATE NOCASE);

CREATE TABLE territory_places (
  territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
  country      TEXT    NOT NULL, -- ISO 3166-1 alpha-2, upper case
  region       TEXT              -- e.g. a US state code; NULL: the whole country
);
CREATE UNIQUE INDEX territory_places_key ON territory_places(territory_id, country, IFNULL(region, ''));

CREATE TABLE territory_people (
  territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
  author_id    INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  mode         TEXT    NOT NULL CHECK (mode IN ('include', 'exclude')),
  PRIMARY KEY (territory_id, author_id)
) WITHOUT ROWID;
CREATE INDEX territory_people_author ON territory_people(author_id);

CREATE TABLE engagements (
  author_id   INTEGER PRIMARY KEY REFERENCES authors(id) ON DELETE CASCADE,
  priority    TEXT CHECK (priority IS NULL OR priority IN ('high', 'medium', 'low')),
  status      TEXT NOT NULL DEFAULT 'not-contacted' CHECK (status IN ('not-contacted', 'planned', 'engaged')),
  next_action TEXT,
  next_date   TEXT,
  notes       TEXT,
  updated_at  TEXT NOT NULL
);

CREATE TABLE engagement_history (
  id          INTEGER PRIMARY KEY,
  author_id   INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  priority    TEXT,
  status      TEXT NOT NULL,
  next_action TEXT,
  next_date   TEXT,
  notes       TEXT,
  changed_at  TEXT NOT NULL
);
CREATE INDEX engagement_history_author ON engagement_history(author_id, id);
`,
};
