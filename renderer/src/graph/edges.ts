// Co-author links in columnar typed arrays. A big scope has millions of links: as GraphEdge objects
// they cost about a second to copy out of the worker and to walk; as three transferable arrays they
// move for free and loops over them stay fast. AnalysisResult.edges is still there, built on first use.
import type { AnalysisResult, GraphEdge } from '../../../shared/analytics/types';

export interface PackedEdges {
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

const packedOf = new WeakMap<AnalysisResult, PackedEdges>();

export function packEdges(edges: readonly GraphEdge[]): PackedEdges {
  const n = edges.length;
  const packed = { source: new Int32Array(n), target: new Int32Array(n), weight: new Float64Array(n) };
  edges.forEach((e, i) => {
    packed.source[i] = e.source;
    packed.target[i] = e.target;
    packed.weight[i] = e.weight;
  });
  return packed;
}

/** The links of a result as typed arrays (packed once, then cached). */
export function edgesOf(result: AnalysisResult): PackedEdges {
  let packed = packedOf.get(result);
  if (!packed) {
    packed = packEdges(result.edges);
    packedOf.set(result, packed);
  }
  return packed;
}

/** Rebuilds a result received without its edge objects: `edges` materialises lazily from the arrays. */
export function withPackedEdges(result: Omit<AnalysisResult, 'edges'>, packed: PackedEdges): AnalysisResult {
  let edges: GraphEdge[] | null = null;
  const full = { ...result } as AnalysisResult;
  Object.defineProperty(full, 'edges', {
    enumerable: true,
    get: () => {
      if (!edges) {
        edges = new Array<GraphEdge>(packed.source.length);
        for (let i = 0; i < packed.source.length; i++) {
          edges[i] = {
            source: packed.source[i] ?? 0,
            target: packed.target[i] ?? 0,
            weight: packed.weight[i] ?? 0,
          };
        }
      }
      return edges;
    },
  });
  packedOf.set(full, packed);
  return full;
}
