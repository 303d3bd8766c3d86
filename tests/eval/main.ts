// Entry of `npm run eval` (bundled by scripts/eval.mjs): scores identity resolution on every Scopus export
// with author IDs in ../shared/data/real and prints a table (see ./evaluate.ts). Figures only.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EVAL_FILES, evaluateFile, renderEval, type EvalResult } from './evaluate';

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? path.join(process.cwd(), '../shared/data/real'));
  if (!existsSync(root)) {
    process.stderr.write(
      `eval: ${root} not found; the real exports live beside the repo (../shared/data/real).\n`,
    );
    process.exit(2);
  }
  const results: EvalResult[] = [];
  for (const name of EVAL_FILES) {
    const file = path.join(root, name, 'scopus.csv');
    if (!existsSync(file)) {
      process.stderr.write(`eval: skipping ${name} (${file} not found)\n`);
      continue;
    }
    const r = await evaluateFile(file, name);
    process.stderr.write(`eval: ${name}: ${r.records} records imported in ${r.seconds.toFixed(1)} s\n`);
    results.push(r);
  }
  process.stdout.write(renderEval(results) + '\n');
  process.stdout.write(
    'Pairwise scores over authorships with a Scopus author ID (import with --ignore-source-ids).\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`eval: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
