// Temporary folders and project files for tests (real SQLite files under os.tmpdir(), removed afterwards).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { Project } from '../../electron/db';

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(prefix = 'kolmap-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let counter = 0;

/** Opens a new project file in a temporary folder; closed when the test file ends. */
export function tempProject(dir = tempDir()): Project {
  const project = Project.open(path.join(dir, `p${++counter}.kolmap`));
  afterAll(() => project.close());
  return project;
}
