// Switching projects from the UI (issue 6): which paths the main process accepts for New / Open
// (the renderer only sends a path the user typed or picked from the recent list, so it is checked
// here), and the list of recent projects kept in the user's config folder:
//   $KOLMAP_RECENT_FILE, else $XDG_CONFIG_HOME/kolmap/recent.json, else ~/.config/kolmap/recent.json
// (the desktop shell passes Electron's userData folder instead).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError, type RecentProject } from '../shared/api';

/** File name endings a project may have (the desktop dialogs use .kolmap; the CLI's --db any of these). */
export const PROJECT_EXTENSIONS = ['.kolmap', '.sqlite', '.db'] as const;

/** How many projects the recent list keeps. */
export const MAX_RECENT = 10;

/**
 * Checks a project path sent by the page. `create`: a new file in an existing folder; otherwise an
 * existing file. Returns the normalised absolute path; ApiError BAD_INPUT saying what is wrong.
 */
export function checkProjectPath(raw: string, create: boolean): string {
  const given = raw.trim();
  if (given.includes('\0')) throw new ApiError('BAD_INPUT', 'The project path contains a NUL character.');
  if (!path.isAbsolute(given)) {
    throw new ApiError(
      'BAD_INPUT',
      `"${given}" is not an absolute path: give the full path, e.g. ${path.join(os.homedir(), 'projects', 'oncology.kolmap')}.`,
    );
  }
  const file = path.normalize(given);
  const ext = path.extname(file).toLowerCase();
  if (!(PROJECT_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new ApiError(
      'BAD_INPUT',
      `${file}: a project file name ends in ${PROJECT_EXTENSIONS.join(', ')} (this one ${ext ? `ends in ${ext}` : 'has no extension'}).`,
    );
  }
  const dir = path.dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ApiError('BAD_INPUT', `${file}: the folder ${dir} does not exist.`);
  }
  if (create) {
    if (existsSync(file)) {
      throw new ApiError(
        'BAD_INPUT',
        `${file} already exists: open it, or choose another name for a new project.`,
      );
    }
  } else {
    if (!existsSync(file)) throw new ApiError('NOT_FOUND', `${file} does not exist.`);
    if (!statSync(file).isFile()) throw new ApiError('BAD_INPUT', `${file} is not a file.`);
  }
  return file;
}

/** Where the recent list lives when no other place is given (browser mode). */
export function defaultRecentFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KOLMAP_RECENT_FILE) return path.resolve(env.KOLMAP_RECENT_FILE);
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.config');
  return path.join(base, 'kolmap', 'recent.json');
}

interface StoredEntry {
  path: string;
  openedAt: string;
}

/** The recent projects, most recent first, in a small JSON file (a broken file reads as empty). */
export class RecentProjects {
  constructor(readonly file: string) {}

  private read(): StoredEntry[] {
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      const list = (raw as { projects?: unknown } | null)?.projects;
      if (!Array.isArray(list)) return [];
      return list.filter(
        (e): e is StoredEntry =>
          typeof (e as StoredEntry | null)?.path === 'string' &&
          typeof (e as StoredEntry).openedAt === 'string' &&
          path.isAbsolute((e as StoredEntry).path),
      );
    } catch {
      return [];
    }
  }

  list(): RecentProject[] {
    return this.read().map((e) => ({
      path: e.path,
      name: path.basename(e.path, path.extname(e.path)),
      openedAt: e.openedAt,
      exists: existsSync(e.path),
    }));
  }

  /** Puts the project first. A failure to write (read-only config folder) is not an error of the open. */
  add(file: string): void {
    const entries = [
      { path: file, openedAt: new Date().toISOString() },
      ...this.read().filter((e) => e.path !== file),
    ].slice(0, MAX_RECENT);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ projects: entries }, null, 2) + '\n', 'utf8');
      renameSync(tmp, this.file);
    } catch {
      // The recent list is a convenience; the project itself is open.
    }
  }
}

/** Removes a project file (and SQLite's side files) that a failed New just created. */
export function removeProjectFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}
