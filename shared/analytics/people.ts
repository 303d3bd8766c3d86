// Per-person bibliometrics from the papers in scope (DESIGN §6): publications, first/last
// authorships, citations, h-index and recency-weighted output. Network measures live in
// centrality.ts and louvain.ts.
import type { PaperRow } from '../api';
import type { Authorships } from './graph';

export interface PersonMetricsOptions {
  /** Recency half-life in years, default 3. */
  halfLifeYears?: number;
  /** Year recency is measured from; default the latest paper year in the input. */
  referenceYear?: number;
}

export interface PersonMetrics {
  publications: Int32Array;
  firstAuthor: Int32Array;
  /** Last author of a paper with at least two distinct authors. */
  lastAuthor: Int32Array;
  /** Sum of citations; null when no paper in the input carries a citation count. */
  citations: Float64Array | null;
  /** h-index over the person's papers in scope; null when no paper carries a citation count. */
  hIndex: Int32Array | null;
  /** Σ 0.5^((referenceYear − year) / halfLife); papers without a year add nothing. */
  recency: Float64Array;
  /** Whether any paper has a year (if not, recency has no data). */
  hasYears: boolean;
  /** The reference year used, null when no paper has a year. */
  referenceYear: number | null;
}

/**
 * Computes the per-person counts. `authorships` must come from indexAuthorships(papers, …) so
 * paper p of one is paper p of the other. Rules:
 * - a paper counts once per person even if their name appears twice in the byline;
 * - first author = first name in the byline; last author = last name in the byline, counted only
 *   for papers with ≥ 2 distinct authors (a single author is first author only);
 * - a paper without a citation count adds 0 citations when other papers in scope have counts;
 * - recency: age = max(0, referenceYear − year), so a paper after the reference year weighs 1.
 */
export function personMetrics(
  nodeCount: number,
  papers: readonly PaperRow[],
  authorships: Authorships,
  options: PersonMetricsOptions = {},
): PersonMetrics {
  const halfLife = options.halfLifeYears ?? 3;
  if (!(halfLife > 0)) throw new Error(`halfLifeYears must be a positive number of years, got ${halfLife}`);
  const { paperCount, offsets, authors, lastAuthor: lastNode } = authorships;

  let hasCitations = false;
  let maxYear = -Infinity;
  for (const paper of papers) {
    if (paper.citations !== null && Number.isFinite(paper.citations)) hasCitations = true;
    if (paper.year !== null && Number.isFinite(paper.year)) maxYear = Math.max(maxYear, paper.year);
  }
  const hasYears = maxYear > -Infinity;
  const referenceYear = options.referenceYear ?? (hasYears ? maxYear : null);

  const publications = new Int32Array(nodeCount);
  const firstAuthor = new Int32Array(nodeCount);
  const lastAuthor = new Int32Array(nodeCount);
  const recency = new Float64Array(nodeCount);
  const citations = hasCitations ? new Float64Array(nodeCount) : null;

  for (let p = 0; p < paperCount; p++) {
    const start = offsets[p]!;
    const end = offsets[p + 1]!;
    if (start === end) continue;
    const paper = papers[p]!;
    const cites = paper.citations !== null && Number.isFinite(paper.citations) ? paper.citations : 0;
    let weight = 0;
    if (hasYears && referenceYear !== null && paper.year !== null && Number.isFinite(paper.year)) {
      weight = 0.5 ** (Math.max(0, referenceYear - paper.year) / halfLife);
    }
    for (let k = start; k < end; k++) {
      const node = authors[k]!;
      publications[node]!++;
      recency[node]! += weight;
      if (citations) citations[node]! += cites;
    }
    // firstIn/lastIn: the byline was cut to a place's people (Scope country/region), see PaperRow.
    if (paper.firstIn !== false) firstAuthor[authors[start]!]!++;
    if (paper.lastIn ?? end - start >= 2) lastAuthor[lastNode[p]!]!++;
  }

  return {
    publications,
    firstAuthor,
    lastAuthor,
    citations,
    hIndex: hasCitations ? hIndices(nodeCount, papers, authorships) : null,
    recency,
    hasYears,
    referenceYear,
  };
}

/** h = the largest h such that h of the person's papers have ≥ h citations each. */
function hIndices(nodeCount: number, papers: readonly PaperRow[], authorships: Authorships): Int32Array {
  const { paperCount, offsets, authors } = authorships;
  // Person → citation counts of their papers, CSR again.
  const off = new Int32Array(nodeCount + 1);
  for (let k = 0; k < authors.length; k++) off[authors[k]! + 1]!++;
  for (let i = 0; i < nodeCount; i++) off[i + 1]! += off[i]!;
  const fill = off.slice(0, nodeCount);
  const cites = new Float64Array(authors.length);
  for (let p = 0; p < paperCount; p++) {
    const c = papers[p]!.citations;
    const value = c !== null && Number.isFinite(c) ? c : 0;
    for (let k = offsets[p]!; k < offsets[p + 1]!; k++) cites[fill[authors[k]!]!++] = value;
  }
  const h = new Int32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    const row = cites.subarray(off[i]!, off[i + 1]!).sort(); // ascending
    const len = row.length;
    let value = 0;
    // Walk from the most cited: the (j+1)-th best paper needs ≥ j+1 citations.
    while (value < len && row[len - 1 - value]! >= value + 1) value++;
    h[i] = value;
  }
  return h;
}
