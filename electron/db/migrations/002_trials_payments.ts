// Migration 2: what trial registries, payment files and affiliation lists bring (DESIGN §4): the
// trials table gains sponsor, dates, interventions and sites; trial_roles ties investigators (people)
// and sponsors / collaborators / sites (organisations) to trials; payments holds Open Payments rows,
// unique by CMS Record_ID; author_institutions may say which department and which list named it.
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'trials_payments',
  sql: `
ALTER TABLE trials ADD COLUMN completion_date TEXT;
ALTER TABLE trials ADD COLUMN interventions TEXT NOT NULL DEFAULT '[]'; -- JSON array
ALTER TABLE trials ADD COLUMN locations TEXT NOT NULL DEFAULT '[]';     -- JSON array, one site each
ALTER TABLE trials ADD COLUMN source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL;

CREATE TABLE trial_roles (
  id          INTEGER PRIMARY KEY,
  trial_id    INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  role        TEXT    NOT NULL, -- investigator | sponsor | collaborator | site
  name        TEXT    NOT NULL,
  author_id   INTEGER REFERENCES authors(id),
  affiliation TEXT
);
CREATE INDEX trial_roles_trial ON trial_roles(trial_id);
CREATE INDEX trial_roles_author ON trial_roles(author_id) WHERE author_id IS NOT NULL;

CREATE TABLE payments (
  id             INTEGER PRIMARY KEY,
  source_id      INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  line           INTEGER NOT NULL,
  record_id      TEXT,
  recipient_type TEXT,
  family         TEXT,
  given          TEXT,
  npi            TEXT,
  profile_id     TEXT,
  author_id      INTEGER REFERENCES authors(id),
  entity         TEXT,
  city           TEXT,
  region         TEXT,
  country        TEXT,
  specialty      TEXT,
  payer          TEXT,
  amount         REAL    NOT NULL,
  paid_on        TEXT,
  program_year   INTEGER,
  nature         TEXT,
  study          TEXT,
  nct_id         TEXT,
  investigators  TEXT    NOT NULL DEFAULT '[]' -- JSON array of {family, given, npi?}
);
CREATE UNIQUE INDEX payments_record_id ON payments(record_id) WHERE record_id IS NOT NULL;
CREATE INDEX payments_npi ON payments(npi) WHERE npi IS NOT NULL;
CREATE INDEX payments_author ON payments(author_id) WHERE author_id IS NOT NULL;

ALTER TABLE author_institutions ADD COLUMN department TEXT;
CREATE INDEX authors_npi ON authors(npi) WHERE npi IS NOT NULL;
`,
};
