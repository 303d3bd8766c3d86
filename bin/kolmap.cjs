#!/usr/bin/env node
// The `kolmap` command: runs the bundled CLI (electron/cli.ts, built into dist/electron/cli.cjs).
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'electron', 'cli.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write(`kolmap: not built yet. Run \`npm run build\` in ${path.dirname(__dirname)} first.\n`);
  process.exit(1);
}
require(cli)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
