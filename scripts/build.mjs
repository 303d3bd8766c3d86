// Builds everything kolmap runs: the Node side (main process, preload, CLI) bundled by esbuild into
// dist/electron/*.cjs, and the renderer bundled by Vite into dist/renderer.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2]; // 'node' | 'renderer' | undefined (both)

if (only !== 'renderer') {
  await esbuild({
    absWorkingDir: root,
    // reader: the worker thread of electron/api/readers.ts, loaded beside main and cli.
    entryPoints: {
      main: 'electron/main.ts',
      preload: 'electron/preload.ts',
      cli: 'electron/cli.ts',
      reader: 'electron/api/reader.ts',
    },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Native and Electron modules stay outside the bundle.
    external: ['electron', 'better-sqlite3'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  console.log('built dist/electron (main, preload, cli, reader)');
}
if (only !== 'node') {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log('built dist/renderer');
}
