// Two test projects: unit/integration (Node, real SQLite on temp files) and e2e (Playwright + Chromium).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Everything the tests write to a temporary folder (projects, exports, the servers' and CLIs' own temp
// files, Chromium profiles) goes under one folder of this run, removed when the run ends, so a test
// that forgets its own clean-up leaves nothing behind. Servers and CLIs started by tests keep their
// recent-projects list there too, never in the user's own config folder.
const root = mkdtempSync(join(tmpdir(), 'kolmap-tests-'));
process.once('exit', () => rmSync(root, { recursive: true, force: true }));
const env = { TMPDIR: root, KOLMAP_RECENT_FILE: join(root, 'recent-projects.json') };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          // Builds the reader worker of electron/api/readers.ts from the sources for the server tests.
          globalSetup: ['tests/helpers/readerEntry.ts'],
          env,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
