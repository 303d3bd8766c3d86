// Bridges: people whose betweenness joins communities. The rule: betweenness > 0 and at least the
// 90th-percentile value of the scope's people (`quantile`), and co-authors in at least
// `minOtherCommunities` (default 2) communities other than their own. Listed by betweenness (at most
// `max`, default 50), each with the reason: their betweenness rank, their own community and the
// others they link, with how many of their co-authors are in each ("C4 ×12").
import type { CoauthorGraph } from './graph';
import type { Bridge } from './types';

export interface BridgeOptions {
  quantile?: number;
  minOtherCommunities?: number;
  max?: number;
}

export const BRIDGE_DEFAULTS: Required<BridgeOptions> = { quantile: 0.9, minOtherCommunities: 2, max: 50 };

export interface BridgeInput {
  graph: CoauthorGraph;
  ids: ArrayLike<number>;
  betweenness: ArrayLike<number>;
  /** 1-based community of each node (RankedPerson.community). */
  community: ArrayLike<number>;
  /** Label of each community by 1-based id, '' when it has none (named for the person's own community). */
  labels?: readonly string[];
}

export function bridges(input: BridgeInput, options: BridgeOptions = {}): Bridge[] {
  const o = { ...BRIDGE_DEFAULTS, ...options };
  const { graph, ids, betweenness, community, labels } = input;
  const n = graph.nodeCount;
  if (n === 0) return [];
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => betweenness[b]! - betweenness[a]! || ids[a]! - ids[b]!,
  );
  const sorted = Float64Array.from(betweenness).sort();
  const threshold = sorted[Math.min(n - 1, Math.floor(o.quantile * (n - 1)))]!;
  const out: Bridge[] = [];
  for (let r = 0; r < n && out.length < o.max; r++) {
    const i = order[r]!;
    const b = betweenness[i]!;
    if (!(b > 0) || b < threshold) break;
    const own = community[i]!;
    const links = new Map<number, number>();
    for (let k = graph.offsets[i]!; k < graph.offsets[i + 1]!; k++) {
      const c = community[graph.neighbors[k]!]!;
      if (c !== own) links.set(c, (links.get(c) ?? 0) + 1);
    }
    if (links.size < o.minOtherCommunities) continue;
    const others = [...links].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const label = labels?.[own];
    const shown = others.slice(0, 4).map(([c, k]) => `C${c} ×${k}`);
    const more = others.length > 4 ? `, ${others.length - 4} more` : '';
    const top = Math.max(1, Math.ceil((100 * (r + 1)) / n));
    out.push({
      id: ids[i]!,
      betweenness: b,
      community: own,
      communities: others.map(([c]) => c),
      reason:
        `Betweenness #${(r + 1).toLocaleString('en-US')} of ${n.toLocaleString('en-US')} (top ${top}%); in C${own}${label ? ` (${label})` : ''}, with co-authors in ` +
        `${others.length} other communities: ${shown.join(', ')}${more}`,
    });
  }
  return out;
}
