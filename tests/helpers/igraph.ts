// Runs python3-igraph (Debian's package, the reference implementation) on a graph and returns its
// measures, so the analysis core can be compared against it. Missing igraph is a failure, not a skip:
// CI installs it, and a silently skipped comparison would prove nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CoauthorGraph } from '../../shared/analytics/graph';
import { forEachEdge } from '../../shared/analytics/graph';

export const PYTHON = '/usr/bin/python3';

/** Throws with the install hint when python3-igraph cannot be imported. */
export function requireIgraph(): string {
  const r = spawnSync(PYTHON, ['-c', 'import igraph; print(igraph.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(
      `python3-igraph is required for the analysis comparison tests but ${PYTHON} cannot import it ` +
        `(${(r.stderr || String(r.error ?? '')).trim().split('\n').pop()}). Install it with: apt-get install python3-igraph`,
    );
  }
  return r.stdout.trim();
}

export interface IgraphMeasures {
  degree: number[];
  strength: number[];
  pagerank: number[];
  /** Weighted betweenness with length = 1/weight; null when not requested. */
  betweenness: number[] | null;
  /** Modularity of igraph's community_multilevel(weights='weight') partition. */
  multilevelModularity: number;
  multilevelCount: number;
  /** igraph's modularity of the membership passed in (to check our modularity function). */
  modularityOfMembership: number | null;
}

const SCRIPT = String.raw`
import json, random, sys
import igraph
random.seed(42)
with open(sys.argv[1]) as f:
    data = json.load(f)
n = data["n"]
edges = data["edges"]
g = igraph.Graph(n=n, edges=[(u, v) for u, v, _ in edges], directed=False)
g.es["weight"] = [w for _, _, w in edges]
out = {
    "degree": g.degree(),
    "strength": g.strength(weights="weight"),
    "pagerank": g.pagerank(weights="weight", directed=False),
    "betweenness": None,
    "modularityOfMembership": None,
}
if data["betweenness"]:
    out["betweenness"] = g.betweenness(weights=[1.0 / w for w in g.es["weight"]], directed=False)
ml = g.community_multilevel(weights="weight")
out["multilevelModularity"] = g.modularity(ml.membership, weights="weight")
out["multilevelCount"] = len(ml)
if data["membership"] is not None:
    out["modularityOfMembership"] = g.modularity(data["membership"], weights="weight")
with open(sys.argv[2], "w") as f:
    json.dump(out, f)
`;

/** Writes the graph's edge list to a temp file, runs igraph on it and reads the measures back. */
export function igraphMeasures(
  graph: CoauthorGraph,
  opts: { betweenness: boolean; membership?: Int32Array },
): IgraphMeasures {
  const dir = mkdtempSync(path.join(tmpdir(), 'kolmap-igraph-'));
  try {
    const edges: [number, number, number][] = [];
    forEachEdge(graph, (u, v, w) => edges.push([u, v, w]));
    const input = path.join(dir, 'graph.json');
    const output = path.join(dir, 'out.json');
    const script = path.join(dir, 'measure.py');
    // JSON numbers round-trip doubles exactly in both JavaScript and Python.
    writeFileSync(
      input,
      JSON.stringify({
        n: graph.nodeCount,
        edges,
        betweenness: opts.betweenness,
        membership: opts.membership ? Array.from(opts.membership) : null,
      }),
    );
    writeFileSync(script, SCRIPT);
    execFileSync(PYTHON, [script, input, output], {
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 26,
    });
    return JSON.parse(readFileSync(output, 'utf8')) as IgraphMeasures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
