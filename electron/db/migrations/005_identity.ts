// Migration 5: identity resolution (issue 4). Two people may now share a name key, so authors.name_key
// stops being unique. Each authorship keeps the name as parsed (family, given), its block (folded family
// + first initial, shared/formats/identity blockKey) and the identifiers the source gave for it, so the
// resolver can re-cluster a block after every import. identity_evidence holds why each person's
// authorships were joined; identity_decisions is for the analyst's merge / split / dismiss decisions.
// Authorships stored before this migration keep their people (block NULL: never re-resolved).
import type { Migration } from './types';

export const migration005: Migration = {
  version: 5,
  name: 'identity',
  sql: `
DROP INDEX authors_name_key;
CREATE INDEX authors_name_key ON authors(name_key);

ALTER TABLE authorships ADD COLUMN family TEXT;
ALTER TABLE authorships ADD COLUMN given TEXT;
ALTER TABLE authorships ADD COLUMN block TEXT;
ALTER TABLE authorships ADD COLUMN orcid TEXT;
ALTER TABLE authorships ADD COLUMN scopus_id TEXT;
CREATE INDEX authorships_block ON authorships(block) WHERE block IS NOT NULL;

CREATE TABLE identity_evidence (
  author_id INTEGER PRIMARY KEY REFERENCES authors(id) ON DELETE CASCADE,
  block     TEXT NOT NULL,
  evidence  TEXT NOT NULL -- JSON: {variants, merges: [{a, b, score, rule, coauthors?, institutions?, venues?, words?}]}
);

CREATE TABLE identity_decisions (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'dismiss')),
  payload    TEXT NOT NULL, -- JSON: the authorships / people the decision is about
  created_at TEXT NOT NULL,
  undone_at  TEXT
);
`,
};
