// `npm run bench`: bundles tests/bench/main.ts with esbuild (like the Node side in build.mjs: platform
// node, cjs, better-sqlite3, electron and playwright-core external) into dist/bench/bench.cjs, runs it
// with Node (--expose-gc), forwarding the arguments (`npm run bench -- --full` for the 1M-publication
// run, `--render-only` for the renderer phase alone, `--no-render` to skip it; it needs the built app:
// `node scripts/build.mjs`), `--keep` to keep the temp folder, `--out FILE` for another report file),
// then formats the report
// with Prettier so BENCHMARKS.md passes `npm run format:check`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

await build({
  absWorkingDir: root,
  entryPoints: { bench: 'tests/bench/main.ts' },
  outdir: 'dist/bench',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron', 'better-sqlite3', 'playwright-core'],
  sourcemap: 'linked',
  logLevel: 'warning',
});

const r = spawnSync(process.execPath, ['--expose-gc', path.join(root, 'dist/bench/bench.cjs'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status !== 0) process.exit(r.status ?? 1);

const outIndex = args.indexOf('--out');
const report = path.resolve(root, outIndex >= 0 ? args[outIndex + 1] : 'BENCHMARKS.md');
if (existsSync(report)) {
  const options = (await prettier.resolveConfig(report)) ?? {};
  const text = readFileSync(report, 'utf8');
  writeFileSync(report, await prettier.format(text, { ...options, filepath: report }));
}
