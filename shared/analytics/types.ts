// Types of the analysis (DESIGN §6): its options, its per-person results and the score breakdown.
import type { PersonRow } from '../api';

/** The score's components. Each becomes a percentile within the scope before it is weighted. */
export const COMPONENTS = [
  'publications',
  'firstLast',
  'citations',
  'recency',
  'coauthors',
  'weightedDegree',
  'pagerank',
  'trials',
] as const;
export type ComponentKey = (typeof COMPONENTS)[number];
export type Weights = Record<ComponentKey, number>;

export const DEFAULT_WEIGHTS: Weights = {
  publications: 0.2,
  firstLast: 0.15,
  citations: 0.15,
  recency: 0.15,
  coauthors: 0.1,
  weightedDegree: 0.1,
  pagerank: 0.15,
  trials: 0.1,
};

/** Human-readable rule behind each component, shown next to the breakdown. */
export const COMPONENT_RULES: Record<ComponentKey, { label: string; rule: string }> = {
  publications: { label: 'Publications', rule: 'Number of papers in scope' },
  firstLast: { label: 'First/last author', rule: 'Papers where the person is first or last author' },
  citations: { label: 'Citations', rule: 'Sum of citations of their papers (where a source has them)' },
  recency: { label: 'Recent output', rule: 'Papers weighted by 0.5^(age/3 years)' },
  coauthors: { label: 'Co-authors', rule: 'Distinct co-authors in scope (on papers under the author cap)' },
  weightedDegree: { label: 'Collaboration strength', rule: 'Sum of fractional co-authorship weights' },
  pagerank: { label: 'Network influence', rule: 'Weighted PageRank (damping 0.85)' },
  trials: {
    label: 'Trial roles',
    rule: 'Trials in scope led (principal investigator, weight 2), as investigator (1) or contact (0.5)',
  },
};

/** Weight of each trial role in the `trials` component: value = Σ weight × trials in that role. */
export const TRIAL_ROLE_WEIGHTS = { principal: 2, investigator: 1, contact: 0.5 } as const;

/** A person's trials in scope by role (each trial once, under their highest role in it). */
export interface TrialRoleCounts {
  principal: number;
  investigator: number;
  contact: number;
}

export type Tier = 'T1' | 'T2' | 'T3' | 'T4';

export interface AnalysisOptions {
  weights?: Partial<Weights>;
  /** Papers with more authors than this add no co-authorship edges (DESIGN §6). Default 50. */
  maxAuthorsForEdges?: number;
  /** Louvain resolution, default 1. */
  resolution?: number;
  /** Seed for Louvain and sampled betweenness, default 42. */
  seed?: number;
  /** Cumulative tier cut-offs by score percentile from the top: default [0.05, 0.2, 0.5]. */
  tierCuts?: [number, number, number];
  /** Recency half-life in years, default 3. */
  halfLifeYears?: number;
  /** The year recency is measured from; default the latest year in the data. */
  referenceYear?: number;
  /** PageRank damping, default 0.85. */
  damping?: number;
  /** Exact betweenness up to this many nodes, sampled above. Default 5000. */
  exactBetweennessLimit?: number;
  /** Number of source samples for betweenness above the limit. Default: 500, fewer on very large graphs (see centrality.ts). */
  betweennessSamples?: number;
  /** Whether AnalysisResult.edges lists every edge (default true); the CLI's rank can skip them. */
  includeEdges?: boolean;
}

export interface BreakdownPart {
  component: ComponentKey;
  /** The raw value (e.g. 12 publications). */
  value: number;
  /** Percentile of the value within the scope, 0..100. */
  percentile: number;
  /** Weight after renormalisation over components that have data. */
  weight: number;
  /** percentile × weight; the parts sum to the score. */
  contribution: number;
  /** The value in words where a number alone says little ("2 trials as principal investigator, …"). */
  detail?: string;
}

export interface RankedPerson extends PersonRow {
  rank: number;
  score: number;
  tier: Tier;
  publications: number;
  firstAuthor: number;
  lastAuthor: number;
  citations: number | null;
  hIndex: number | null;
  /** Σ over papers of 0.5^((referenceYear − year) / halfLife); papers without a year add 0. */
  recency: number;
  /** Distinct co-authors through papers that make edges (≤ maxAuthorsForEdges authors); equals degree. */
  coauthors: number;
  degree: number;
  /** Sum of fractional co-authorship weights (each paper with n ≥ 2 authors adds 1 per author). */
  weightedDegree: number;
  /** Weighted PageRank; sums to 1 over the scope. */
  pagerank: number;
  /** Raw weighted betweenness (edge length 1/weight, each pair counted once); estimated above the exact limit. */
  betweenness: number;
  /** Louvain community, 1-based; 1 is the largest community of the scope. */
  community: number;
  /** Trial roles in scope; absent when the scope holds no trial role matched to anyone. */
  trials?: TrialRoleCounts;
  breakdown: BreakdownPart[];
}

export interface CommunityInfo {
  /** 1-based, largest first (the value in RankedPerson.community). */
  id: number;
  size: number;
  /** Person ids of the top-scored members, best first. */
  leaders: number[];
  /** Its most distinctive terms, best first (labels.ts); absent when the input carries no terms. */
  terms?: string[];
  /** The terms joined with " · "; '' when none stands out. */
  label?: string;
}

/** A rising star (rising.ts): early career, top-decile growth, co-author of T1 people. */
export interface RisingStar {
  id: number;
  /** Year of their first paper in scope. */
  firstYear: number;
  /** Papers in the last 3 years (to the reference year) and before. */
  recentPapers: number;
  earlierPapers: number;
  /** recentPapers / (earlierPapers + 1). */
  growth: number;
  /** Their T1 co-authors, best scored first. */
  t1Coauthors: number[];
  reason: string;
}

/** A bridge (bridges.ts): high betweenness and co-authors in ≥ 2 other communities. */
export interface Bridge {
  id: number;
  betweenness: number;
  community: number;
  /** The other communities their co-authors are in, most co-authors first. */
  communities: number[];
  reason: string;
}

export interface GraphEdge {
  source: number;
  target: number;
  weight: number;
}

export interface AnalysisResult {
  /** Sorted by rank (best first). */
  people: RankedPerson[];
  edges: GraphEdge[];
  communities: CommunityInfo[];
  modularity: number;
  /** Rising stars by growth (rising.ts). */
  risingStars: RisingStar[];
  /** Bridges by betweenness (bridges.ts). */
  bridges: Bridge[];
  /** Weights actually used after renormalisation (components without data dropped). */
  weights: Weights;
  betweennessMode: 'exact' | 'sampled';
  /** The year recency was measured from; null when no paper has a year. */
  referenceYear: number | null;
  stats: AnalysisStats;
  /** Milliseconds per phase (index, graph, people, pagerank, betweenness, communities, score, insights, assemble, total). */
  timings: Record<string, number>;
}

export interface AnalysisStats {
  people: number;
  papers: number;
  /** Undirected co-authorship links (also when edges were not included). */
  edges: number;
  /** Papers with more authors than maxAuthorsForEdges, which added no links. */
  papersOverCap: number;
  /**
   * People per tier and the number of communities, over everyone: a view that holds only a huge
   * result's head (issue 8) shows these, not counts of the people it holds. Absent in results cached
   * before they were added.
   */
  tiers?: Record<Tier, number>;
  communities?: number;
}

export type ProgressFn = (phase: string, fraction: number) => void;
