// Migration 11: a snapshot records the tier cut-offs and community resolution it was taken with, now
// that both can be set (the UI's tiers popover, `kolmap rank --tiers/--resolution`). NULL in older rows:
// they were taken before either could be changed, so with the defaults (electron/db/snapshots.ts).
import type { Migration } from './types';

export const migration011: Migration = {
  version: 11,
  name: 'snapshot_settings',
  sql: `
ALTER TABLE snapshots ADD COLUMN settings TEXT; -- JSON {tierCuts: [T1, T2, T3] cumulative, resolution}
`,
};
