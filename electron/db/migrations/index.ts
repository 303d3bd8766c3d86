// The ordered list of schema migrations. A project file's PRAGMA user_version is the version of the
// last migration applied to it; electron/db/connection.ts applies the newer ones in one transaction.
// To change the schema, add NNN_name.ts exporting the next version and append it here; never edit a
// migration that has shipped.
import { migration001 } from './001_init';
import { migration002 } from './002_trials_payments';
import { migration003 } from './003_therapeutic_areas';
import { migration004 } from './004_territories';
import { migration005 } from './005_identity';
import { migration006 } from './006_snapshots';
import { migration007 } from './007_mapping_presets';
import { migration008 } from './008_layouts';
import { migration009 } from './009_analysis_cache';
import { migration010 } from './010_analysis_cache_parts';
import { migration011 } from './011_snapshot_settings';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;
