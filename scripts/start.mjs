// `npm start`: builds, then launches the Electron app. When Electron's own binary is not on this
// machine and cannot be downloaded (offline or locked-down machines), says so in one line and serves
// the same UI in browser mode instead, printing the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {
  stdio: 'inherit',
  cwd: root,
});
if (built.status !== 0) process.exit(built.status ?? 1);

function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  try {
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

let bin = electronBinary();
if (!bin && existsSync(path.join(root, 'node_modules', 'electron', 'install.js'))) {
  // Electron downloads its binary on first use; give it one short chance.
  spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    stdio: 'ignore',
    timeout: 60_000,
  });
  bin = electronBinary();
}

if (bin) {
  const child = spawn(bin, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'kolmap: the Electron binary is not available on this machine (it could not be downloaded), so kolmap starts in browser mode instead.',
  );
  const child = spawn(process.execPath, [path.join(root, 'bin', 'kolmap.cjs'), 'serve', ...args], {
    stdio: 'inherit',
  });
  const stop = (sig) => child.kill(sig);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
