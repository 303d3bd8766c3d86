// Migration 6: analysis snapshots (issue 7). A snapshot keeps the scope and weights of one analysis
// and each person's rank, score, tier and score breakdown, so two can be compared later (kolmap diff).
// snapshot_people has no foreign key to authors on purpose: a snapshot is a record of the past and keeps
// people who were merged or removed since; their name and place are copied for that reason.
import type { Migration } from './types';

export const migration006: Migration = {
  version: 6,
  name: 'snapshots',
  sql: `
CREATE TABLE snapshots (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  created_at TEXT    NOT NULL,
  scope      TEXT    NOT NULL, -- JSON: shared/api Scope
  weights    TEXT    NOT NULL, -- JSON: the weights used, after renormalisation
  people     INTEGER NOT NULL
);
CREATE UNIQUE INDEX snapshots_name ON snapshots(name COLLATE NOCASE);

CREATE TABLE snapshot_people (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  author_id   INTEGER NOT NULL,
  rank        INTEGER NOT NULL,
  score       REAL    NOT NULL,
  tier        TEXT    NOT NULL CHECK (tier IN ('T1', 'T2', 'T3', 'T4')),
  community   INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  institution TEXT,
  region      TEXT,
  country     TEXT,
  parts       TEXT    NOT NULL, -- JSON {component: [value, percentile]}; contribution = percentile × weight
  PRIMARY KEY (snapshot_id, author_id)
) WITHOUT ROWID;
`,
};
