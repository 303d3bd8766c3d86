// Two test projects: unit/integration (Node, real SQLite on temp files) and e2e (Playwright + Chromium).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Servers and CLIs started by tests keep their recent-projects list in a temporary file, never in
// the user's own config folder.
const env = { KOLMAP_RECENT_FILE: join(tmpdir(), `kolmap-tests-recent-${process.pid}.json`) };

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
