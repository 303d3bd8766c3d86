// Opens a project file: refuses files that are not kolmap projects or were written by a newer build
// (without touching them), sets the connection pragmas, backs an existing project up and then applies
// pending numbered migrations in one transaction, tracked by PRAGMA user_version.
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { ApiError } from '../../shared/api';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `Migration "${m.name}" has version ${m.version} but is number ${i + 1} in the list; fix electron/db/migrations/index.ts.`,
      );
    }
  });
}

/** Applies every migration newer than the file's user_version, all in one transaction. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  checkOrder(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) {
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new Error(
          `Migration ${m.version} (${m.name}) failed: ${message(err)}. The project file was left unchanged.`,
          {
            cause: err,
          },
        );
      }
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}

/**
 * Copies a project about to be migrated to `<file>.backup-v<version>` (or `…-v<version>.2`, `.3`… when
 * that name is taken: an older backup is never overwritten), so months of work survive a migration that
 * goes wrong in a way its transaction cannot undo. VACUUM INTO writes a consistent, compact copy
 * synchronously, including user_version. Returns the backup's path.
 */
export function backupBeforeMigrating(db: Db, file: string, version: number): string {
  let target = `${file}.backup-v${version}`;
  for (let n = 2; existsSync(target); n++) target = `${file}.backup-v${version}.${n}`;
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } catch (err) {
    rmSync(target, { force: true });
    throw new ApiError(
      'INTERNAL',
      `Cannot back up ${file} to ${target} before upgrading it (${message(err)}); the project was not changed. Free some disk space or check the folder's permissions, then open it again.`,
    );
  }
  return target;
}

/**
 * Opens (creating if missing) and upgrades a project file. Throws ApiError BAD_INPUT for a file that is
 * not a kolmap project and UNSUPPORTED for one written by a newer kolmap; neither is modified.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new ApiError(
      'BAD_INPUT',
      `Cannot open project file ${file}: ${message(err)}. Check the path and its permissions.`,
    );
  }
  try {
    let version: number;
    let tables: number;
    try {
      // Read-only probes first: nothing below writes until the file is known to be ours.
      version = db.pragma('user_version', { simple: true }) as number;
      tables = (
        db.prepare("SELECT COUNT(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }
      ).n;
    } catch (err) {
      throw new ApiError(
        'BAD_INPUT',
        `${file} is not a kolmap project (${message(err)}). Choose another file for the project, or move that file away.`,
      );
    }
    if (version === 0 && tables > 0) {
      throw new ApiError(
        'BAD_INPUT',
        `${file} is an SQLite database of another application, not a kolmap project. Choose another file for the project.`,
      );
    }
    if (version > migrations.length) {
      throw new ApiError(
        'UNSUPPORTED',
        `${file} was written by a newer kolmap (schema version ${version}; this build knows up to ${migrations.length}). Update kolmap to open it; the file was not changed.`,
      );
    }
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL is durable across application crashes and much faster for big imports.
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    if (version > 0 && version < migrations.length) backupBeforeMigrating(db, file, version);
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * A read-only connection to a project another connection has opened (and migrated): the reader
 * workers of electron/api/readers.ts. In WAL mode it reads beside the writer; every transaction it
 * begins sees what was committed before it began. Nothing is migrated or written.
 */
export function openReadOnlyDatabase(file: string): Db {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new ApiError('BAD_INPUT', `Cannot open project file ${file} for reading: ${message(err)}.`);
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}
