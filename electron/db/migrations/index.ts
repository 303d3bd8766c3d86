// The ordered list of schema migrations. A project file's PRAGMA user_version is the version of the
// last migration applied to it; electron/db/connection.ts applies the newer ones in one transaction.
// To change the schema, add NNN_name.ts exporting the next version and append it here; never edit a
// migration that has shipped.
import { migration001 } from './001_init';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration001];

/** The schema version this build writes. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;
