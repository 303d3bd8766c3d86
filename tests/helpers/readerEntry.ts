// Vitest global setup: the tests run the TypeScript sources, so the reader worker of
// electron/api/readers.ts is bundled from them here (as scripts/build.mjs does for dist/) into a temp
// file of this run under node_modules/.cache (where better-sqlite3 resolves from), and
// KOLMAP_READER_ENTRY points the pools of every test process at it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function setup(): Promise<() => void> {
  const outfile = path.join(root, 'node_modules', '.cache', 'kolmap', `reader-${process.pid}.cjs`);
  await build({
    absWorkingDir: root,
    entryPoints: ['electron/api/reader.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'better-sqlite3'],
    logLevel: 'warning',
  });
  process.env.KOLMAP_READER_ENTRY = outfile;
  return () => rmSync(outfile, { force: true });
}
