// Migration 1: the first schema (DESIGN §4): imported files and their rejected rows, publications,
// people, bylines, institutions, and an empty trials table so totals can count trials from day one.
// Unique keys are separate named indexes so later migrations can relax them (e.g. authors.name_key
// once identity resolution lets two people share a name) without rebuilding tables.
import type { Migration } from './types';

export const migration001: Migration = {
  version: 1,
  name: 'init',
  sql: `
CREATE TABLE sources (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL,
  sha256      TEXT    NOT NULL,
  format      TEXT    NOT NULL,
  records     INTEGER NOT NULL DEFAULT 0,
  imported    INTEGER NOT NULL DEFAULT 0,
  duplicates  INTEGER NOT NULL DEFAULT 0,
  rejected    INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT    NOT NULL
);

CREATE TABLE rejections (
  id        INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  line      INTEGER NOT NULL,
  reason    TEXT    NOT NULL,
  raw       TEXT    NOT NULL
);
CREATE INDEX rejections_source ON rejections(source_id, line);

CREATE TABLE publications (
  id          INTEGER PRIMARY KEY,
  pmid        TEXT,
  doi         TEXT,
  eid         TEXT,
  wos_ut      TEXT,
  title       TEXT    NOT NULL,
  title_norm  TEXT    NOT NULL,
  journal     TEXT,
  year        INTEGER,
  citations   INTEGER,
  keywords    TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
  mesh        TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
  collectives TEXT    NOT NULL DEFAULT '[]', -- JSON array: group authors named in the byline
  create_date TEXT
);
CREATE UNIQUE INDEX publications_pmid ON publications(pmid) WHERE pmid IS NOT NULL;
CREATE UNIQUE INDEX publications_doi ON publications(doi) WHERE doi IS NOT NULL;
CREATE UNIQUE INDEX publications_eid ON publications(eid) WHERE eid IS NOT NULL;
CREATE UNIQUE INDEX publications_wos_ut ON publications(wos_ut) WHERE wos_ut IS NOT NULL;
CREATE INDEX publications_year ON publications(year);
CREATE INDEX publications_title_norm ON publications(title_norm);

CREATE TABLE publication_sources (
  publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
  source_id      INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  line           INTEGER,
  PRIMARY KEY (publication_id, source_id)
) WITHOUT ROWID;
CREATE INDEX publication_sources_source ON publication_sources(source_id);

CREATE TABLE institutions (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL,
  name_norm TEXT NOT NULL,
  city      TEXT,
  region    TEXT,
  country   TEXT
);
CREATE UNIQUE INDEX institutions_name_norm ON institutions(name_norm);

CREATE TABLE authors (
  id           INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  family       TEXT NOT NULL,
  given        TEXT NOT NULL DEFAULT '',
  initials     TEXT NOT NULL DEFAULT '',
  name_key     TEXT NOT NULL,
  orcid        TEXT,
  scopus_id    TEXT,
  npi          TEXT
);
CREATE UNIQUE INDEX authors_name_key ON authors(name_key);
CREATE INDEX authors_orcid ON authors(orcid) WHERE orcid IS NOT NULL;
CREATE INDEX authors_scopus_id ON authors(scopus_id) WHERE scopus_id IS NOT NULL;

CREATE TABLE authorships (
  publication_id  INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  author_id       INTEGER NOT NULL REFERENCES authors(id),
  raw_name        TEXT    NOT NULL,
  raw_affiliation TEXT,
  institution_id  INTEGER REFERENCES institutions(id),
  PRIMARY KEY (publication_id, position)
) WITHOUT ROWID;
CREATE INDEX authorships_author ON authorships(author_id);

CREATE TABLE author_institutions (
  author_id      INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  institution_id INTEGER NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  first_year     INTEGER,
  last_year      INTEGER,
  papers         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (author_id, institution_id)
) WITHOUT ROWID;
CREATE INDEX author_institutions_institution ON author_institutions(institution_id);

-- Filled by the ClinicalTrials.gov adapter later; created now so totals.trials is always defined.
CREATE TABLE trials (
  id         INTEGER PRIMARY KEY,
  nct_id     TEXT NOT NULL,
  title      TEXT NOT NULL,
  status     TEXT,
  phase      TEXT,
  start_date TEXT,
  conditions TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX trials_nct_id ON trials(nct_id);
`,
};
