// Entry of `npm run bench` (bundled by scripts/bench.mjs into dist/bench/bench.cjs). Without --phase
// it orchestrates: generates the seeded CSV(s) in a temp folder, runs every measured phase in its own
// child process (so each peak RSS is that phase's own), runs python3-igraph on the same graph, prints
// a table and rewrites this mode's section of BENCHMARKS.md. With --phase it is that child.
// Figures only: nothing here passes or fails on speed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePubmedCsv } from './generate';
import {
  analysisBlocks,
  floorImport,
  floorParse,
  IGRAPH_SCRIPT,
  kolmapImport,
  openAndRank,
  type Figures,
} from './phases';
import {
  renderHugeMarkdown,
  renderMarkdown,
  renderRendererMarkdown,
  renderTable,
  updateBenchmarksFile,
  type BenchRun,
  type ImportSet,
} from './report';
// The Chromium phases (render.ts, uiOpen.ts) are loaded only when they run: loading playwright-core put
// about 50 MB of RSS (26 MB of live heap) into every measured phase's child, which kolmap import never has.
import type { RenderRun } from './render';
import { FULL_ONLY, HUGE_CASES, hugeImport, hugeRun } from './huge';

const PYTHON = '/usr/bin/python3';

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function runPhase(argv: string[]): Promise<void> {
  const phase = arg(argv, '--phase');
  const out = arg(argv, '--result');
  const a = arg(argv, '--a') ?? '';
  const b = arg(argv, '--b') ?? '';
  if (!out) throw new Error('bench child: --result FILE is required');
  let figures: Figures;
  if (phase === 'floor') figures = await floorImport(a, b);
  else if (phase === 'parse') figures = await floorParse(a);
  else if (phase === 'kolmap') figures = await kolmapImport(a, b);
  else if (phase === 'analysis') figures = analysisBlocks(a, b);
  else if (phase === 'open') figures = openAndRank(a);
  else if (phase === 'huge') figures = await hugeImport(a, b);
  else throw new Error(`bench child: unknown phase "${phase}" (floor, parse, kolmap, analysis, open, huge)`);
  writeFileSync(out, JSON.stringify(figures));
}

/** Runs one phase in a fresh Node process and returns its figures. */
function child(tmp: string, phase: string, a: string, b = '', heapMb?: number): Figures {
  const out = path.join(tmp, `${phase}-${Date.now()}.json`);
  const flags = ['--expose-gc', ...(heapMb ? [`--max-old-space-size=${heapMb}`] : [])];
  process.stdout.write(`  ${phase} ${path.basename(a)} ... `);
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [...flags, __filename, '--phase', phase, '--result', out, '--a', a, '--b', b],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (r.status !== 0 || !existsSync(out)) {
    throw new Error(`bench phase "${phase}" failed (exit ${r.status ?? r.signal}); see its output above`);
  }
  const figures = JSON.parse(readFileSync(out, 'utf8')) as Figures;
  process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return figures;
}

function igraph(edgeFile: string): Figures {
  process.stdout.write('  python3-igraph ... ');
  const t0 = performance.now();
  const r = spawnSync(PYTHON, ['-c', IGRAPH_SCRIPT, edgeFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    throw new Error(
      `python3-igraph run failed (${(r.stderr || String(r.error ?? '')).trim().split('\n').pop()}); ` +
        'install it with: apt-get install python3-igraph',
    );
  }
  process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return JSON.parse(r.stdout) as Figures;
}

function machine(): Omit<BenchRun['machine'], 'loadAtStart'> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: os.availableParallelism(),
    memoryGb: os.totalmem() / 1024 ** 3,
    cpu: model,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    // Other work on the machine skews the figures: say how busy it was.
    loadAverage: os.loadavg()[0]!,
  };
}

function importSet(tmp: string, label: string, publications: number): { set: ImportSet; project: string } {
  const csv = path.join(tmp, `${label}.csv`);
  process.stdout.write(`  generating ${publications.toLocaleString('en-US')} publications ... `);
  const data = generatePubmedCsv(csv, { publications, seed: 20240601 });
  process.stdout.write(`${(data.bytes / 1e6).toFixed(0)} MB in ${data.seconds.toFixed(1)} s\n`);
  const floor = child(tmp, 'floor', csv, path.join(tmp, `${label}-floor.db`));
  rmSync(path.join(tmp, `${label}-floor.db`), { force: true });
  rmSync(path.join(tmp, `${label}-floor.db-wal`), { force: true });
  const parse = child(tmp, 'parse', csv);
  const project = path.join(tmp, `${label}.kolmap`);
  const kolmap = child(tmp, 'kolmap', csv, project);
  rmSync(csv, { force: true });
  return { set: { data, floor, parse, kolmap }, project };
}

/** Publications of the renderer's project: enough people (about 2.4 per paper) for the largest size. */
const RENDER_PUBLICATIONS = 25_000;

/** The renderer phase: a generated project imported, then measured in Chromium (tests/bench/render.ts). */
async function rendererPhase(tmp: string, outFile: string, date: string): Promise<RenderRun> {
  const { RENDER_SIZES, renderBench } = await import('./render');
  console.log(`renderer: ${RENDER_SIZES.map((n) => `${n / 1000}k`).join(' / ')} people drawn (?maxNodes=N)`);
  const csv = path.join(tmp, 'render.csv');
  process.stdout.write(`  generating ${RENDER_PUBLICATIONS.toLocaleString('en-US')} publications ... `);
  const data = generatePubmedCsv(csv, { publications: RENDER_PUBLICATIONS, seed: 20240602 });
  process.stdout.write(`${(data.bytes / 1e6).toFixed(0)} MB in ${data.seconds.toFixed(1)} s\n`);
  const project = path.join(tmp, 'render.kolmap');
  const imported = child(tmp, 'kolmap', csv, project);
  rmSync(csv, { force: true });
  const loadAtStart = os.loadavg()[0]!;
  const run = await renderBench(project, Number(imported.authors));
  for (const f of run.sizes) {
    console.log(
      `  ${f.nodes.toLocaleString('en-US')} people, ${f.links.toLocaleString('en-US')} links, ` +
        `${f.cache === 'hit' ? 'cached analysis' : 'no cached analysis'}: first frame ` +
        `${(f.firstFrameMs / 1000).toFixed(2)} s, ${f.fps.toFixed(1)} frames drawn/s dragging and ` +
        `zooming (${Math.round(f.movingShare * 100)} % moving; ${f.rafFps.toFixed(1)} rAF/s; ${f.inputs} ` +
        `input events in ${f.motionSeconds.toFixed(1)} s), longest task ` +
        `during analysis ${Math.round(f.longestTaskMs)} ms (before it, the page start ` +
        `${Math.round(f.longestStartTaskMs)} ms; then building and drawing the map ` +
        `${Math.round(f.longestMapTaskMs)} ms)`,
    );
  }
  updateBenchmarksFile(
    outFile,
    'renderer',
    renderRendererMarkdown(run, date, [loadAtStart, os.loadavg()[0]!]),
  );
  return run;
}

/** Huge inputs (tests/bench/huge.ts): each import in its own child; its own section of BENCHMARKS.md. */
function hugePhase(tmp: string, outFile: string, date: string, full: boolean, only?: string): void {
  console.log(
    `huge inputs: a 10 MB field, 5,000 authors, a 10 MB authors cell, MEDLINE files (1 GB with --full)`,
  );
  const all = HUGE_CASES.map((c) => c.id).filter((c) => full || !FULL_ONLY.includes(c));
  const cases = all.filter((c) => !only || only.split(',').includes(c));
  const load = os.loadavg()[0]!;
  const rows = hugeRun(tmp, cases, (file, project) => child(tmp, 'huge', file, project));
  updateBenchmarksFile(outFile, 'huge', renderHugeMarkdown(rows, date, [load, os.loadavg()[0]!], full));
}

async function orchestrate(argv: string[]): Promise<void> {
  const full = argv.includes('--full');
  const keep = argv.includes('--keep');
  const outFile = path.resolve(arg(argv, '--out') ?? 'BENCHMARKS.md');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kolmap-bench-'));
  const started = new Date();
  const loadAtStart = os.loadavg()[0]!;
  console.log(`kolmap bench (${full ? 'full' : 'quick'} mode), temp folder ${tmp}`);
  try {
    if (argv.includes('--render-only')) {
      await rendererPhase(tmp, outFile, started.toISOString());
      console.log(`\nwrote ${path.relative(process.cwd(), outFile) || outFile} (renderer section)`);
      return;
    }
    if (!argv.includes('--no-huge'))
      hugePhase(tmp, outFile, started.toISOString(), full, arg(argv, '--huge-cases'));
    if (argv.includes('--huge-only')) return;
    console.log('100k publications: import, analysis, igraph, first ranked view');
    const small = importSet(tmp, 'pubs100k', 100_000);
    const edges = path.join(tmp, 'edges100k.txt');
    const analysis = child(tmp, 'analysis', small.project, edges);
    const edgeBytes = statSync(edges).size;
    const ig = igraph(edges);
    rmSync(edges, { force: true });
    const open = child(tmp, 'open', small.project);
    rmSync(small.project, { force: true });

    let large: BenchRun['large'] = null;
    if (full) {
      console.log('1M publications: import, first ranked view');
      const big = importSet(tmp, 'pubs1m', 1_000_000);
      const openBig = child(tmp, 'open', big.project, '', 16384);
      // The same project (its analysis now cached) opened in Chromium: the first ranked rows (issue 8).
      let uiOpen = null;
      if (!argv.includes('--no-render')) {
        process.stdout.write('  open pubs1m in Chromium ... ');
        const { uiOpenBench } = await import('./uiOpen');
        uiOpen = await uiOpenBench(path.resolve('bin', 'kolmap.cjs'), big.project);
        process.stdout.write(
          `first ranked rows ${(uiOpen.firstRowsMs / 1000).toFixed(2)} s, ready ` +
            `${(uiOpen.readyMs / 1000).toFixed(2)} s, tab peak ${Math.round(uiOpen.tabPeakMb)} MB\n`,
        );
      }
      large = { ...big.set, open: openBig, uiOpen };
    }
    const renderer = argv.includes('--no-render')
      ? null
      : await rendererPhase(tmp, outFile, started.toISOString());
    const run: BenchRun = {
      date: started.toISOString(),
      mode: full ? 'full' : 'quick',
      machine: { ...machine(), loadAtStart },
      small: { ...small.set, analysis, igraph: ig, open, edgeListMb: edgeBytes / 1e6 },
      large,
      renderer,
    };
    console.log('');
    console.log(renderTable(run));
    updateBenchmarksFile(outFile, run.mode, renderMarkdown(run));
    console.log(`\nwrote ${path.relative(process.cwd(), outFile) || outFile} (${run.mode} section)`);
  } finally {
    if (keep) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
(argv.includes('--phase') ? runPhase(argv) : orchestrate(argv)).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
