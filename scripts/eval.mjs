// `npm run eval`: bundles tests/eval/main.ts with esbuild (like scripts/bench.mjs: platform node, cjs,
// better-sqlite3 and electron external) into dist/eval/eval.cjs and runs it with Node. It scores identity
// resolution against the Scopus author IDs of the real exports in ../shared/data/real (or the folder given
// as the first argument) and prints a table.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: root,
  entryPoints: { eval: 'tests/eval/main.ts' },
  outdir: 'dist/eval',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron', 'better-sqlite3'],
  sourcemap: 'linked',
  logLevel: 'warning',
});

const r = spawnSync(process.execPath, [path.join(root, 'dist/eval/eval.cjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
