// Builds the graphology graph the map draws from an analysis result (a pure function: a new graph
// each time). Nodes are people keyed by their id, sized by score (sqrt scale) and coloured by
// community; positions start from a seeded layout (communities on a spiral) that ForceAtlas2 refines.
import Graph from 'graphology';
import type Sigma from 'sigma';
import type { AnalysisResult } from '../../../shared/analytics/types';
import { edgesOf } from './edges';
import { MINOR_COMMUNITY_COLOR, communityStyles } from './palette';
import { createRng } from '../../../shared/analytics/random';

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  /** The label is drawn whatever the zoom (the very top people). */
  forceLabel: boolean;
  zIndex: number;
  personId: number;
  rank: number;
  score: number;
  community: number;
}

export interface EdgeAttrs {
  weight: number;
  size: number;
  color: string;
}

export type MapGraph = Graph<NodeAttrs, EdgeAttrs>;
export type MapSigma = Sigma<NodeAttrs, EdgeAttrs>;

/** Beyond this many people the map draws the top-ranked ones only (DESIGN §10); the table has everyone. */
export const MAX_MAP_NODES = 2500;
/** The map draws at most this many links (the strongest); the panel's co-author lists use them all. */
export const MAX_MAP_EDGES = 20000;
/** Largest disc radius (px at zoom 1) for a small map; bigger maps get smaller discs (see nodeSizeRange). */
export const MAX_NODE_SIZE = 14;
/** How many top people always carry a label. */
export const FORCED_LABELS = 8;

const EDGE_COLOR = 'rgba(120, 130, 150, 0.4)';

function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * Disc sizes shrink with the number of people (≈ 1/√n), so the discs of a dense network cover a
 * similar share of the screen whatever its size; zooming in then spreads them apart.
 */
export function nodeSizeRange(n: number): [number, number] {
  const max = Math.max(4, Math.min(MAX_NODE_SIZE, MAX_NODE_SIZE * Math.sqrt(200 / Math.max(1, n))));
  return [Math.max(1.5, max * 0.22), max];
}

export interface BuiltGraph {
  graph: MapGraph;
  /** Largest disc size used, for the label threshold. */
  maxSize: number;
  /** People in the result but not drawn (map capped at MAX_MAP_NODES). */
  omitted: number;
  /** Links between drawn people that were left out (map capped at MAX_MAP_EDGES). */
  omittedLinks: number;
}

/** Builds the graph in one go (tests, exports); the map uses buildGraphSliced. */
export function buildGraph(
  result: AnalysisResult,
  maxNodes = MAX_MAP_NODES,
  maxEdges = MAX_MAP_EDGES,
  seed = 42,
): BuiltGraph {
  const steps = buildSteps(result, maxNodes, maxEdges, seed);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How much work (nodes or links) goes between two checks of the time slice. */
const STEP = 2000;

/**
 * Builds the graph in slices of about `sliceMs` of main-thread time, yielding to the event loop between
 * them (issue 5: no long task while a big result arrives). Resolves null when `cancelled()` turns true.
 */
export async function buildGraphSliced(
  result: AnalysisResult,
  maxNodes = MAX_MAP_NODES,
  cancelled: () => boolean = () => false,
  sliceMs = 12,
): Promise<BuiltGraph | null> {
  const steps = buildSteps(result, maxNodes, MAX_MAP_EDGES, 42);
  // The first slice too in a task of its own: the result this graph is for was just committed by
  // React, in the task that ran the effect calling this.
  const yieldTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  await yieldTask();
  if (cancelled()) return null;
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await yieldTask();
    if (cancelled()) return null;
    sliceStart = performance.now();
  }
}

function* buildSteps(
  result: AnalysisResult,
  maxNodes: number,
  maxEdges: number,
  seed: number,
): Generator<void, BuiltGraph> {
  const graph: MapGraph = new Graph<NodeAttrs, EdgeAttrs>({ type: 'undirected', multi: false });
  const people = result.people.slice(0, maxNodes); // people are sorted by rank
  const styles = communityStyles(result.communities);
  // The same seeded generator as the analysis: the same result always starts from the same layout.
  const random = createRng(seed);
  const [minSize, maxSize] = nodeSizeRange(people.length);

  let maxScore = 1e-9;
  for (const p of people) if (p.score > maxScore) maxScore = p.score;

  // Community centres on a golden-angle spiral, spaced by the square root of their size, so the
  // seed already shows the clusters and ForceAtlas2 has less to untangle.
  const sizes = new Map<number, number>();
  for (const p of people) sizes.set(p.community, (sizes.get(p.community) ?? 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1]);
  const centres = new Map<number, { x: number; y: number; r: number }>();
  const golden = Math.PI * (3 - Math.sqrt(5));
  order.forEach(([community, size], i) => {
    const distance = 12 * Math.sqrt(i);
    centres.set(community, {
      x: distance * Math.cos(i * golden),
      y: distance * Math.sin(i * golden),
      r: 1.5 + Math.sqrt(size) * 0.6,
    });
  });

  for (let i = 0; i < people.length; i++) {
    if (i % STEP === 0) yield;
    const p = people[i]!;
    const centre = centres.get(p.community) ?? { x: 0, y: 0, r: 5 };
    const angle = random() * Math.PI * 2;
    const radius = centre.r * Math.sqrt(random());
    const color = styles.get(p.community)?.color ?? MINOR_COMMUNITY_COLOR;
    graph.addNode(String(p.id), {
      x: centre.x + radius * Math.cos(angle),
      y: centre.y + radius * Math.sin(angle),
      size: minSize + (maxSize - minSize) * Math.sqrt(Math.max(0, p.score) / maxScore),
      color,
      label: p.name,
      forceLabel: i < FORCED_LABELS,
      zIndex: people.length - i,
      personId: p.id,
      rank: p.rank,
      score: p.score,
      community: p.community,
    });
  }

  // Links between drawn people; past MAX_MAP_EDGES only the strongest (a denser hairball shows nothing more).
  const community = new Map(people.map((p) => [p.id, p.community]));
  const { source, target, weight } = edgesOf(result);
  let candidates: number[] = [];
  for (let i = 0; i < source.length; i++) {
    if (i % (STEP * 25) === 0) yield;
    const s = source[i] ?? 0;
    const t = target[i] ?? 0;
    if (s !== t && community.has(s) && community.has(t)) candidates.push(i);
  }
  const linksInScope = candidates.length;
  if (candidates.length > maxEdges) {
    // The strongest maxEdges, strongest first, ties in link order: what a stable sort of every
    // candidate by weight would keep, without that sort (a comparator over hundreds of thousands of
    // links is one long task). The cut-off weight comes from a native sort of the weights; only the
    // kept links are then sorted.
    const weights = new Float64Array(candidates.length);
    for (let c = 0; c < candidates.length; c++) weights[c] = weight[candidates[c]!] ?? 0;
    yield;
    weights.sort();
    yield;
    const cut = weights[weights.length - maxEdges]!;
    let above = 0;
    for (let c = weights.length - 1; c >= 0 && weights[c]! > cut; c--) above++;
    const kept: number[] = [];
    let ties = maxEdges - above;
    for (let c = 0; c < candidates.length; c++) {
      if (c % (STEP * 25) === 0) yield;
      const i = candidates[c]!;
      const w = weight[i] ?? 0;
      if (w > cut) kept.push(i);
      else if (w === cut && ties > 0) {
        kept.push(i);
        ties--;
      }
    }
    yield;
    candidates = kept.sort((a, b) => (weight[b] ?? 0) - (weight[a] ?? 0));
  }
  // A loop, not Math.max(...weights): spreading a million values overflows the stack.
  let maxWeight = 1e-9;
  for (const i of candidates) maxWeight = Math.max(maxWeight, weight[i] ?? 0);
  for (let c = 0; c < candidates.length; c++) {
    if (c % STEP === 0) yield;
    const i = candidates[c]!;
    const s = source[i] ?? 0;
    const t = target[i] ?? 0;
    const key = [String(s), String(t)] as const;
    if (graph.hasEdge(key[0], key[1])) continue;
    const cs = community.get(s);
    const style = cs !== undefined && cs === community.get(t) ? styles.get(cs) : undefined;
    const w = weight[i] ?? 0;
    graph.addEdge(key[0], key[1], {
      weight: w,
      size: 0.7 + 3 * Math.sqrt(w / maxWeight),
      color: style && style.color !== MINOR_COMMUNITY_COLOR ? withAlpha(style.color, 0.45) : EDGE_COLOR,
    });
  }

  return {
    graph,
    maxSize,
    omitted: result.people.length - people.length,
    omittedLinks: linksInScope - graph.size,
  };
}
