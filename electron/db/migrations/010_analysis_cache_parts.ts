// Migration 10: the analysis cache in binary parts (issue 8). Migration 9 stored each result as one JSON
// text, which past about 25,000 people decoded no faster than the analysis ran. A result is now a list of
// BLOB parts (shared/analytics/cache.ts): part 0, the head (the summary and the top people), is read on
// its own, so the first ranked view does not wait for the rest. An entry becomes visible only once all
// its parts are stored (upload names the set of parts being written; a half-written upload is never
// read). Old JSON entries cannot be read by this build, so they are dropped; the data version and its
// triggers (migration 9) stay as they are.
import type { Migration } from './types';

export const migration010: Migration = {
  version: 10,
  name: 'analysis_cache_parts',
  sql: `
DROP TABLE analysis_cache;
CREATE TABLE analysis_cache (
  cache_key    TEXT PRIMARY KEY,
  data_version INTEGER NOT NULL,
  upload       TEXT NOT NULL,
  parts        INTEGER NOT NULL,
  bytes        INTEGER NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE TABLE analysis_cache_parts (
  cache_key    TEXT NOT NULL,
  upload       TEXT NOT NULL,
  part         INTEGER NOT NULL,
  data_version INTEGER NOT NULL,
  data         BLOB NOT NULL,
  PRIMARY KEY (cache_key, upload, part)
);
CREATE TRIGGER analysis_cache_delete_parts AFTER DELETE ON analysis_cache
BEGIN
  DELETE FROM analysis_cache_parts WHERE cache_key = OLD.cache_key AND upload = OLD.upload;
END;
`,
};
