// `npm run bench` splits kolmap's import time by the stages its progress events name, so BENCHMARKS.md
// can say where the time goes against the floor (issue 8). Checked on a small generated file: every
// stage an import of a new file goes through is timed, the stages add up to the whole, and the report
// turns them into one row each, with the floor's parse beside reading and the reason built from them.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePubmedCsv } from '../bench/generate';
import { floorImport, floorParse, kolmapImport } from '../bench/phases';
import { importRows, importWhy, type ImportSet } from '../bench/report';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

describe('the bench import phase', () => {
  it('times each stage of the import, and the report shows them', async () => {
    const csv = path.join(dir, 'bench.csv');
    const data = generatePubmedCsv(csv, { publications: 3_000, seed: 11 });
    const kolmap = await kolmapImport(csv, path.join(dir, 'bench.kolmap'));
    const floor = await floorImport(csv, path.join(dir, 'floor.db'));
    const parse = await floorParse(csv);
    expect(kolmap.publications).toBe(3_000);
    expect(parse.rows).toBe(3_000);
    expect(Number(parse.seconds)).toBeGreaterThan(0);

    const stages = Object.keys(kolmap)
      .filter((k) => k.startsWith('stage.'))
      .map((k) => k.slice('stage.'.length));
    // A new file into an empty project: no stored bylines to read.
    expect(stages.sort()).toEqual(['authorships', 'checks', 'indexes', 'people', 'reading', 'saving']);
    const sum = stages.reduce((s, st) => s + Number(kolmap[`stage.${st}`]), 0);
    for (const st of stages) expect(Number(kolmap[`stage.${st}`])).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(Number(kolmap.seconds) + 1e-6);
    expect(Number(kolmap.seconds) - sum).toBeLessThan(0.05);

    const set: ImportSet = { data, floor, parse, kolmap };
    const rows = importRows('3k', set);
    const stageRows = rows.filter((r) => r.what.startsWith('Import 3k, stage '));
    expect(stageRows.map((r) => /stage "([^"]+)"/.exec(r.what)?.[1])).toEqual([
      'Reading',
      'Resolving people',
      'Writing authorships',
      'Building indexes',
      'Checking links',
      'Saving',
    ]);
    expect(stageRows[0]!.reference).toBe(
      `floor: parse ${Number(parse.seconds).toFixed(2)} s + inserts ${Math.max(0, Number(floor.seconds) - Number(parse.seconds)).toFixed(2)} s`,
    );
    const shares = stageRows.map((r) => Number(/^(\d+) %/.exec(r.ratio)?.[1]));
    expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThanOrEqual(stageRows.length);

    const why = importWhy(set);
    expect(why).toContain(`Reading the file takes ${Number(kolmap['stage.reading']).toFixed(2)} s`);
    expect(why).toContain(`resolving people ${Number(kolmap['stage.people']).toFixed(2)} s`);
    expect(why).toContain(`of the floor's ${Number(floor.seconds).toFixed(2)} s`);
  }, 60_000);
});
