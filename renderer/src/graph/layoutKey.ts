// Stored layouts (issue 6): the key a map's positions are saved under, and applying stored positions
// to a freshly built graph. The key is the analysis scope plus a hash of the drawn set (person ids),
// so a reopened map with the same people drawn starts where it settled and skips ForceAtlas2.
import type { LayoutPosition, Scope } from '../../../shared/api';
import type { MapGraph } from './build';

/** Two independent 32-bit FNV-1a hashes over the sorted ids: 64 bits, hex. */
function hashIds(ids: number[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const id of ids) {
    const s = `${id},`;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The layout key of a drawn graph: `v1|ta=…|since=…|until=…|n=<people>|h=<hash of their ids>`. */
export function layoutKey(scope: Scope | null, graph: MapGraph): string {
  const ids = graph.mapNodes((_key, a) => a.personId).sort((x, y) => x - y);
  const part = (v: string | number | null | undefined): string =>
    v === null || v === undefined ? '' : String(v);
  return `v1|ta=${part(scope?.ta)}|since=${part(scope?.since)}|until=${part(scope?.until)}|n=${ids.length}|h=${hashIds(ids)}`;
}

/** The drawn positions, by person id, as the API stores them. */
export function positionsOf(graph: MapGraph): LayoutPosition[] {
  return graph.mapNodes((_key, a): LayoutPosition => [a.personId, a.x, a.y]);
}

/**
 * Moves every node to its stored position when the stored layout covers every drawn person (and
 * says so); otherwise leaves the graph untouched and returns false (the layout runs instead).
 */
export function applyPositions(graph: MapGraph, positions: readonly LayoutPosition[]): boolean {
  const byId = new Map<number, LayoutPosition>();
  for (const p of positions) byId.set(p[0], p);
  let complete = graph.order > 0;
  graph.forEachNode((_key, a) => {
    if (complete && !byId.has(a.personId)) complete = false;
  });
  if (!complete) return false;
  graph.updateEachNodeAttributes(
    (_key, a) => {
      const p = byId.get(a.personId) as LayoutPosition;
      return { ...a, x: p[1], y: p[2] };
    },
    { attributes: ['x', 'y'] },
  );
  return true;
}
