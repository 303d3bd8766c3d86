// The measured phases of `npm run bench`. Each runs in its own child process (see main.ts) so its peak
// RSS is its own: the import floor (papaparse + raw better-sqlite3), kolmap's importFiles(), the
// analysis building blocks on the imported graph (plus its edge list for igraph), and opening a
// project up to its first ranked view. Each returns plain JSON figures.
import { writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import {
  analyze,
  betweenness,
  buildCoauthorGraph,
  computeScores,
  degrees,
  indexAuthorships,
  indexPeople,
  louvain,
  pagerank,
  personMetrics,
} from '../../shared/analytics';
import type { AnalysisResult, ComponentKey } from '../../shared/analytics';
import { Project } from '../../electron/db';
import {
  analysisCacheKey,
  assembleCachedAnalysis,
  decodeCachedHead,
  decodeCachedPart,
  encodeCachedParts,
  yearRangeOf,
  type CachedPart,
} from '../../shared/analytics/cache';
import { importFiles } from '../../electron/import';
import type { ImportStage } from '../../shared/api';

export type Figures = Record<string, number | string>;

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** Peak resident set size of this process so far, in MB (Linux reports maxRSS in KB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * papaparse's streaming parse of the generated CSV: each record's fields to `onRecord` (not the header,
 * not a short row). The floor and its parse alone share it.
 */
function streamRecords(csv: string, onRecord: (fields: string[]) => void): Promise<void> {
  let header = true;
  return new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(csv, { encoding: 'utf8' }), {
      step: (results) => {
        if (header) header = false;
        else if (results.data.length >= 11) onRecord(results.data);
      },
      complete: () => resolve(),
      error: (err: Error) => reject(err),
    });
  });
}

/**
 * The floor: papaparse's streaming parse of the file plus raw prepared inserts of the same
 * publications and authorships (byline split on ", ") in 50k-row transactions, no indexes, nothing else.
 */
export async function floorImport(csv: string, dbFile: string): Promise<Figures> {
  const t0 = performance.now();
  const db = new Database(dbFile);
  // The same durability settings kolmap uses, so the ratio measures kolmap's own work.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE publications (id INTEGER PRIMARY KEY, pmid TEXT, doi TEXT, title TEXT, journal TEXT, year INTEGER);
           CREATE TABLE authorships (publication_id INTEGER, position INTEGER, name TEXT)`);
  const insertPub = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO publications (pmid, doi, title, journal, year) VALUES (?, ?, ?, ?, ?)',
  );
  const insertAuthorship = db.prepare<[number, number, string]>(
    'INSERT INTO authorships (publication_id, position, name) VALUES (?, ?, ?)',
  );
  let pubs = 0;
  let authorships = 0;
  let rowsInTx = 0;
  db.exec('BEGIN');
  await streamRecords(csv, (f) => {
    const pubId = Number(insertPub.run(f[0]!, f[10]!, f[1]!, f[5]!, Number(f[6])).lastInsertRowid);
    pubs++;
    rowsInTx++;
    const byline = f[2]!;
    if (byline) {
      const names = byline.slice(0, -1).split(', ');
      for (let i = 0; i < names.length; i++) insertAuthorship.run(pubId, i + 1, names[i]!);
      authorships += names.length;
      rowsInTx += names.length;
    }
    if (rowsInTx >= 50_000) {
      db.exec('COMMIT');
      db.exec('BEGIN');
      rowsInTx = 0;
    }
  });
  db.exec('COMMIT');
  db.close();
  return { seconds: seconds(t0), publications: pubs, authorships, peakRssMb: peakRssMb() };
}

/**
 * The floor's parse alone: streamRecords over the same file, records counted, nothing stored. With the
 * floor's whole time it splits the floor into parsing and inserting.
 */
export async function floorParse(csv: string): Promise<Figures> {
  const t0 = performance.now();
  let rows = 0;
  await streamRecords(csv, () => rows++);
  return { seconds: seconds(t0), rows, peakRssMb: peakRssMb() };
}

/**
 * kolmap end to end: importFiles() of the file into a fresh project (detection, adapter, writer). Also the
 * seconds spent in each stage its progress events name (`stage.reading`...; a stage that recurs, like
 * indexes, is summed): from a stage's first event to the next stage's, the last one to the end.
 */
export async function kolmapImport(csv: string, projectFile: string): Promise<Figures> {
  const t0 = performance.now();
  const stageSeconds = new Map<ImportStage, number>();
  let stage: ImportStage | null = 'reading';
  let since = t0;
  // null: the import has ended.
  const enter = (next: ImportStage | null, at: number): void => {
    if (stage === null) return;
    stageSeconds.set(stage, (stageSeconds.get(stage) ?? 0) + (at - since) / 1000);
    stage = next;
    since = at;
  };
  const project = Project.open(projectFile);
  const result = await importFiles(project, [{ name: 'bench.csv', path: csv }], {
    onProgress: (e) => {
      const next = e.stage ?? 'reading';
      if (next !== stage) enter(next, performance.now());
    },
  });
  project.close();
  enter(null, performance.now());
  const file = result.files[0]!;
  const stages: Figures = {};
  for (const [name, secs] of stageSeconds) stages[`stage.${name}`] = secs;
  return {
    ...stages,
    seconds: seconds(t0),
    publications: result.totals.publications,
    authors: result.totals.authors,
    authorships: result.totals.authorships,
    rejected: file.rejected,
    peakRssMb: peakRssMb(),
  };
}

/**
 * The analysis building blocks, timed one by one on the project's whole scope, then the graph's
 * edge list written as text ("u v weight" lines, 17 significant digits) for the igraph run.
 */
export function analysisBlocks(projectFile: string, edgeFile: string): Figures {
  const project = Project.open(projectFile);
  let t = performance.now();
  const input = project.analysisInput({});
  project.close();
  const tInput = seconds(t);
  const { people, papers } = input;
  const n = people.length;

  t = performance.now();
  const authorships = indexAuthorships(papers, indexPeople(people));
  const graph = buildCoauthorGraph(n, authorships);
  const tBuild = seconds(t);

  t = performance.now();
  const rank = pagerank(graph);
  const tPagerank = seconds(t);

  t = performance.now();
  const communities = louvain(graph, { seed: 42 });
  const tLouvain = seconds(t);

  t = performance.now();
  const btw = betweenness(graph, { seed: 42 });
  const tBetweenness = seconds(t);

  t = performance.now();
  const metrics = personMetrics(n, papers, authorships);
  const firstLast = new Float64Array(n);
  for (let i = 0; i < n; i++) firstLast[i] = metrics.firstAuthor[i]! + metrics.lastAuthor[i]!;
  const components: Record<ComponentKey, ArrayLike<number> | null> = {
    publications: metrics.publications,
    firstLast,
    citations: metrics.citations,
    recency: metrics.hasYears ? metrics.recency : null,
    coauthors: degrees(graph),
    weightedDegree: graph.strength,
    pagerank: rank,
    trials: null,
  };
  const scored = computeScores(n, components);
  const tScore = seconds(t);
  const peak = peakRssMb();

  // Edge list for igraph (not timed): each undirected edge once, u < v.
  const lines: string[] = [];
  let chunk: string[] = [];
  const { offsets, neighbors, weights } = graph;
  for (let u = 0; u < n; u++) {
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
      const v = neighbors[k]!;
      if (u < v) chunk.push(`${u} ${v} ${weights[k]!}`);
    }
    if (chunk.length > 100_000) {
      lines.push(chunk.join('\n'));
      chunk = [];
    }
  }
  lines.push(chunk.join('\n'));
  writeFileSync(edgeFile, `${n} ${graph.edgeCount}\n${lines.join('\n')}\n`);

  return {
    people: n,
    papers: papers.length,
    edges: graph.edgeCount,
    input: tInput,
    build: tBuild,
    pagerank: tPagerank,
    louvain: tLouvain,
    modularity: communities.modularity,
    communities: communities.count,
    betweenness: tBetweenness,
    betweennessSources: btw.sources,
    score: tScore,
    scoreCheck: scored.scores.length,
    peakRssMb: peak,
  };
}

/**
 * Opening a project and showing its first ranked view (issue 8), both ways: uncached (open, read the
 * input, analyse; then the result is stored in the project's analysis cache part by part, as the app's
 * worker does) and cached (reopen the file, read the stored head for the same key, check it is current,
 * decode it: the top-ranked people are then ready to show; then read and decode the other parts into
 * the whole result, as the worker does after showing the head).
 */
/** The uncached half of openAndRank: open, read the input, analyse, store the result part by part. */
function analyseAndStore(projectFile: string, key: string) {
  const t0 = performance.now();
  const project = Project.open(projectFile);
  const tOpen = seconds(t0);
  let t = performance.now();
  const input = project.analysisInput({});
  const tInput = seconds(t);
  t = performance.now();
  const result: AnalysisResult = analyze(input);
  const tAnalyze = seconds(t);
  const total = seconds(t0);
  const top = result.people[0];
  const uncached = {
    open: tOpen,
    input: tInput,
    analyze: tAnalyze,
    total,
    people: result.stats.people,
    edges: result.stats.edges,
    top: top ? `${top.name} (${top.score.toFixed(1)})` : '',
  };
  const cache = project.analysisCache();
  if (!cache || input.dataVersion === undefined) throw new Error('bench: the project has no analysis cache');
  t = performance.now();
  let bytes = 0;
  let headBytes = 0;
  let parts = 0;
  const upload = `bench${Date.now()}`;
  for (const part of encodeCachedParts(result, {}, yearRangeOf(input.papers))) {
    const saved = cache.savePart({
      key,
      dataVersion: input.dataVersion,
      upload,
      ...part,
      payload: part.bytes,
    });
    if (!saved.saved) throw new Error('bench: the analysis cache refused the result');
    bytes += part.bytes.byteLength;
    if (part.part === 0) headBytes = part.bytes.byteLength;
    parts = part.parts;
  }
  const tStore = seconds(t);
  project.close();
  // What the cached result is checked against (the result itself is not returned: it is let go, so the
  // cached path runs without a second whole result in the heap, as in the app's worker).
  const expected = {
    people: result.people.length,
    edges: result.edges.length,
    topId: top?.id,
    topScore: top?.score,
    last: result.people[result.people.length - 1]?.id,
  };
  return { uncached, expected, stored: { tStore, bytes, headBytes, parts } };
}

export function openAndRank(projectFile: string): Figures {
  const key = analysisCacheKey({}, {});
  const { uncached, expected, stored } = analyseAndStore(projectFile, key);
  const { tStore, bytes, headBytes, parts } = stored;
  (globalThis as { gc?: () => void }).gc?.();

  // Cached: open, read the head, decode it → the first ranked rows are ready.
  const c0 = performance.now();
  const project = Project.open(projectFile);
  const cOpen = seconds(c0);
  let t = performance.now();
  const entry = project.analysisCache()?.get(key, 0);
  const cRead = seconds(t);
  t = performance.now();
  const head = entry?.current ? decodeCachedHead(entry.payload) : null;
  const cDecode = seconds(t);
  const cTotal = seconds(c0);
  // Then the rest: every other part read and decoded, and the whole result put together.
  t = performance.now();
  let cRestRead = 0;
  const rest: CachedPart[] = [];
  for (let i = 1; head && i < head.parts; i++) {
    const r0 = performance.now();
    const next = project.analysisCache()?.get(key, i);
    cRestRead += seconds(r0);
    const decoded = next ? decodeCachedPart(next.payload, head) : null;
    if (!decoded) throw new Error(`bench: cached part ${i} could not be read back`);
    rest.push(decoded);
  }
  const whole = head ? assembleCachedAnalysis(head, rest) : null;
  const cRest = seconds(t);
  const cFull = seconds(c0);
  project.close();
  const headTop = head?.result.people[0];
  if (
    !head ||
    !whole ||
    headTop?.id !== expected.topId ||
    headTop?.score !== expected.topScore ||
    whole.result.people.length !== expected.people ||
    whole.edges.source.length !== expected.edges ||
    whole.result.people[whole.result.people.length - 1]?.id !== expected.last
  ) {
    throw new Error('bench: the cached result differs from the one just computed');
  }
  return {
    ...uncached,
    store: tStore,
    cachedOpen: cOpen,
    cachedRead: cRead,
    cachedDecode: cDecode,
    cachedTotal: cTotal,
    cachedHeadPeople: head.result.people.length,
    cachedRestRead: cRestRead,
    cachedRestDecode: cRest - cRestRead,
    cachedFull: cFull,
    cachedParts: parts,
    headKb: headBytes / 1e3,
    payloadMb: bytes / 1e6,
    peakRssMb: peakRssMb(),
  };
}

/** python3-igraph on the same edge list: build, weighted PageRank, multilevel (seeded), modularity. */
export const IGRAPH_SCRIPT = String.raw`
import json, random, resource, sys, time
import igraph
random.seed(42)
with open(sys.argv[1]) as f:
    n, m = map(int, f.readline().split())
    edges = []
    weights = []
    for line in f:
        u, v, w = line.split()
        edges.append((int(u), int(v)))
        weights.append(float(w))
t = time.perf_counter()
g = igraph.Graph(n=n, edges=edges, directed=False)
g.es["weight"] = weights
build = time.perf_counter() - t
t = time.perf_counter()
pr = g.pagerank(weights="weight", directed=False)
pagerank = time.perf_counter() - t
t = time.perf_counter()
ml = g.community_multilevel(weights="weight")
multilevel = time.perf_counter() - t
q = g.modularity(ml.membership, weights="weight")
json.dump({"version": igraph.__version__, "nodes": g.vcount(), "edges": g.ecount(), "build": build,
           "pagerank": pagerank, "multilevel": multilevel, "modularity": q, "communities": len(ml),
           "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}, sys.stdout)
`;
