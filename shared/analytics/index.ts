// The analysis entry point (DESIGN §6): AnalysisInput → ranked people, links, communities.
// Pure and synchronous: the renderer runs it in a Web Worker, the CLI in Node, on the same code.
import type { AnalysisInput } from '../api';
import { bridges } from './bridges';
import { betweenness, pagerank } from './centrality';
import {
  buildCoauthorGraph,
  DEFAULT_MAX_AUTHORS_FOR_EDGES,
  degrees,
  indexAuthorships,
  indexPeople,
} from './graph';
import { communityTerms, termsLabel } from './labels';
import { louvain } from './louvain';
import { personMetrics } from './people';
import { risingStars } from './rising';
import { assignTiers, computeScores, DEFAULT_TIER_CUTS } from './score';
import type {
  AnalysisOptions,
  AnalysisResult,
  CommunityInfo,
  ComponentKey,
  GraphEdge,
  ProgressFn,
  RankedPerson,
  TrialRoleCounts,
} from './types';
import { TRIAL_ROLE_WEIGHTS } from './types';

export * from './types';
export { betweenness, pagerank } from './centrality';
export type { BetweennessOptions, BetweennessResult, PageRankOptions } from './centrality';
export {
  buildCoauthorGraph,
  degrees,
  forEachEdge,
  graphFromEdges,
  indexAuthorships,
  indexPeople,
  DEFAULT_MAX_AUTHORS_FOR_EDGES,
} from './graph';
export type { Authorships, CoauthorGraph, GraphOptions } from './graph';
export { bridges, BRIDGE_DEFAULTS } from './bridges';
export type { BridgeInput, BridgeOptions } from './bridges';
export { communityTerms, LABEL_TERMS, termsLabel } from './labels';
export { risingStars, RISING_DEFAULTS } from './rising';
export type { RisingInput, RisingOptions } from './rising';
export { MAX_TERMS_PER_PAPER, paperTerms, paperTermsFromColumns, titleTerms } from './terms';
export { louvain, modularity } from './louvain';
export type { LouvainOptions, LouvainResult } from './louvain';
export { personMetrics } from './people';
export type { PersonMetrics, PersonMetricsOptions } from './people';
export {
  assignTiers,
  computeScores,
  DEFAULT_TIER_CUTS,
  midrankPercentiles,
  parseWeights,
  resolveWeights,
  validateWeights,
} from './score';
export type { ScoreResult } from './score';

/** How many top-scored members CommunityInfo.leaders lists. */
const LEADERS_PER_COMMUNITY = 5;

function checkOptions(o: AnalysisOptions): void {
  const bad = (what: string, value: unknown): never => {
    throw new Error(`analysis option ${what}, got ${String(value)}`);
  };
  if (o.maxAuthorsForEdges !== undefined && !(o.maxAuthorsForEdges >= 2))
    bad('maxAuthorsForEdges must be ≥ 2', o.maxAuthorsForEdges);
  if (o.resolution !== undefined && !(o.resolution > 0)) bad('resolution must be > 0', o.resolution);
  if (o.damping !== undefined && !(o.damping > 0 && o.damping < 1))
    bad('damping must be in (0, 1)', o.damping);
  if (o.halfLifeYears !== undefined && !(o.halfLifeYears > 0))
    bad('halfLifeYears must be > 0', o.halfLifeYears);
  if (o.exactBetweennessLimit !== undefined && !(o.exactBetweennessLimit >= 0))
    bad('exactBetweennessLimit must be ≥ 0', o.exactBetweennessLimit);
  if (o.betweennessSamples !== undefined && !(o.betweennessSamples >= 1))
    bad('betweennessSamples must be ≥ 1', o.betweennessSamples);
  if (o.seed !== undefined && !Number.isFinite(o.seed)) bad('seed must be a finite number', o.seed);
  if (o.referenceYear !== undefined && !Number.isFinite(o.referenceYear)) {
    bad('referenceYear must be a year', o.referenceYear);
  }
}

/**
 * The `trials` component: per person Σ TRIAL_ROLE_WEIGHTS × trials in each role, or null (the
 * component drops out) when no person of the input has a trial role in scope.
 */
function trialComponent(
  input: AnalysisInput,
  index: Map<number, number>,
): { value: Float64Array | null; counts: TrialRoleCounts[] } {
  const n = input.people.length;
  const counts: TrialRoleCounts[] = Array.from({ length: n }, () => ({
    principal: 0,
    investigator: 0,
    contact: 0,
  }));
  let any = false;
  for (const t of input.trials ?? []) {
    const i = index.get(t.id);
    if (i === undefined) continue;
    const c = counts[i]!;
    c.principal += t.principal;
    c.investigator += t.investigator;
    c.contact += t.contact;
    if (t.principal + t.investigator + t.contact > 0) any = true;
  }
  if (!any) return { value: null, counts };
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    value[i] =
      TRIAL_ROLE_WEIGHTS.principal * c.principal +
      TRIAL_ROLE_WEIGHTS.investigator * c.investigator +
      TRIAL_ROLE_WEIGHTS.contact * c.contact;
  }
  return { value, counts };
}

/** "2 trials as principal investigator, 1 as site investigator"; "no trial role in scope" for none. */
export function trialRolesText(c: TrialRoleCounts): string {
  const parts: string[] = [];
  const add = (count: number, role: string): void => {
    if (count <= 0) return;
    parts.push(
      parts.length === 0 ? `${count} trial${count === 1 ? '' : 's'} as ${role}` : `${count} as ${role}`,
    );
  };
  add(c.principal, 'principal investigator');
  add(c.investigator, 'site investigator');
  add(c.contact, 'contact');
  return parts.length ? parts.join(', ') : 'no trial role in scope';
}

/** Code-unit comparison: the same order in Node and every browser, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs the whole analysis of DESIGN §6 over one scope. Phases (reported through onProgress with a
 * fraction 0..1, and timed in result.timings): graph, people, pagerank, betweenness, communities, score.
 * Deterministic: the same input and options (seed) give the same result.
 */
export function analyze(
  input: AnalysisInput,
  options: AnalysisOptions = {},
  onProgress?: ProgressFn,
): AnalysisResult {
  checkOptions(options);
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  let mark = t0;
  const lap = (phase: string): void => {
    const now = performance.now();
    timings[phase] = now - mark;
    mark = now;
  };
  const progress = onProgress ?? (() => {});

  const { people, papers } = input;
  const n = people.length;
  const maxAuthors = options.maxAuthorsForEdges ?? DEFAULT_MAX_AUTHORS_FOR_EDGES;

  progress('graph', 0);
  const index = indexPeople(people);
  const authorships = indexAuthorships(papers, index);
  lap('index');
  const graph = buildCoauthorGraph(n, authorships, { maxAuthorsForEdges: maxAuthors });
  let papersOverCap = 0;
  for (let p = 0; p < authorships.paperCount; p++) {
    if (authorships.offsets[p + 1]! - authorships.offsets[p]! > maxAuthors) papersOverCap++;
  }
  const degree = degrees(graph);
  progress('graph', 1);
  lap('graph');

  progress('people', 0);
  const metrics = personMetrics(n, papers, authorships, {
    halfLifeYears: options.halfLifeYears,
    referenceYear: options.referenceYear,
  });
  progress('people', 1);
  lap('people');

  progress('pagerank', 0);
  const rank = pagerank(graph, { damping: options.damping });
  progress('pagerank', 1);
  lap('pagerank');

  progress('betweenness', 0);
  const btw = betweenness(graph, {
    exactLimit: options.exactBetweennessLimit,
    samples: options.betweennessSamples,
    seed: options.seed,
    onProgress: (f) => progress('betweenness', f),
  });
  progress('betweenness', 1);
  lap('betweenness');

  progress('communities', 0);
  const communities = louvain(graph, { resolution: options.resolution, seed: options.seed });
  progress('communities', 1);
  lap('communities');

  progress('score', 0);
  const trials = trialComponent(input, index);
  const firstLast = new Float64Array(n);
  for (let i = 0; i < n; i++) firstLast[i] = metrics.firstAuthor[i]! + metrics.lastAuthor[i]!;
  const components: Record<ComponentKey, ArrayLike<number> | null> = {
    publications: metrics.publications,
    firstLast,
    citations: metrics.citations,
    recency: metrics.hasYears ? metrics.recency : null,
    coauthors: degree,
    weightedDegree: graph.strength,
    pagerank: rank,
    trials: trials.value,
  };
  const scored = computeScores(n, components, options.weights);
  if (trials.value) {
    for (let i = 0; i < n; i++) {
      const part = scored.breakdown[i]!.find((b) => b.component === 'trials');
      if (part) part.detail = trialRolesText(trials.counts[i]!);
    }
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort(
    (a, b) =>
      scored.scores[b]! - scored.scores[a]! ||
      metrics.publications[b]! - metrics.publications[a]! ||
      compareText(people[a]!.name, people[b]!.name) ||
      people[a]!.id - people[b]!.id,
  );
  const tiers = assignTiers(
    order.map((i) => scored.scores[i]!),
    options.tierCuts ?? DEFAULT_TIER_CUTS,
  );
  progress('score', 1);
  lap('score');

  // Properties spelled out rather than spread from PersonRow: a spread of this many keys makes
  // V8 build slow dictionary objects (8 s instead of 0.1 s for 245k people).
  const ranked: RankedPerson[] = order.map((i, r) => {
    const person = people[i]!;
    return {
      id: person.id,
      name: person.name,
      family: person.family,
      given: person.given,
      orcid: person.orcid,
      institution: person.institution,
      city: person.city,
      region: person.region,
      country: person.country,
      territory: person.territory,
      rank: r + 1,
      score: scored.scores[i]!,
      tier: tiers[r]!,
      publications: metrics.publications[i]!,
      firstAuthor: metrics.firstAuthor[i]!,
      lastAuthor: metrics.lastAuthor[i]!,
      citations: metrics.citations ? metrics.citations[i]! : null,
      hIndex: metrics.hIndex ? metrics.hIndex[i]! : null,
      recency: metrics.recency[i]!,
      coauthors: degree[i]!,
      degree: degree[i]!,
      weightedDegree: graph.strength[i]!,
      pagerank: rank[i]!,
      betweenness: btw.values[i]!,
      community: communities.membership[i]! + 1,
      ...(trials.value ? { trials: trials.counts[i]! } : {}),
      breakdown: scored.breakdown[i]!,
    };
  });

  const communityInfo: CommunityInfo[] = Array.from({ length: communities.count }, (_, c) => ({
    id: c + 1,
    size: 0,
    leaders: [],
  }));
  for (const person of ranked) {
    const info = communityInfo[person.community - 1]!;
    info.size++;
    if (info.leaders.length < LEADERS_PER_COMMUNITY) info.leaders.push(person.id);
  }

  // Labels, rising stars and bridges: reasons in words for lists the analyst can act on.
  const labelsById: string[] = [''];
  if (papers.some((p) => p.terms !== undefined)) {
    const terms = communityTerms(papers, authorships, communities.membership, communities.count);
    for (const info of communityInfo) {
      info.terms = terms[info.id - 1]!;
      info.label = termsLabel(info.terms);
      labelsById[info.id] = info.label;
    }
  }
  const nodeTier = new Array<RankedPerson['tier']>(n);
  order.forEach((i, r) => (nodeTier[i] = tiers[r]!));
  const ids = people.map((p) => p.id);
  const rising = risingStars({
    papers,
    authorships,
    graph,
    ids,
    names: people.map((p) => p.name),
    tiers: nodeTier,
    scores: scored.scores,
    referenceYear: metrics.referenceYear,
  });
  const community1 = new Int32Array(n);
  for (let i = 0; i < n; i++) community1[i] = communities.membership[i]! + 1;
  const bridgeList = bridges({
    graph,
    ids,
    betweenness: btw.values,
    community: community1,
    labels: labelsById,
  });
  lap('insights');

  const edges: GraphEdge[] = [];
  if (options.includeEdges ?? true) {
    const { offsets, neighbors, weights } = graph;
    for (let u = 0; u < n; u++) {
      for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
        const v = neighbors[k]!;
        if (u < v) edges.push({ source: people[u]!.id, target: people[v]!.id, weight: weights[k]! });
      }
    }
  }
  lap('assemble');
  timings.total = performance.now() - t0;

  return {
    people: ranked,
    edges,
    communities: communityInfo,
    modularity: communities.modularity,
    risingStars: rising,
    bridges: bridgeList,
    weights: scored.weights,
    betweennessMode: btw.mode,
    referenceYear: metrics.referenceYear,
    stats: {
      people: n,
      papers: papers.length,
      edges: graph.edgeCount,
      papersOverCap,
      tiers: tierCounts(ranked),
      communities: communityInfo.length,
    },
    timings,
  };
}

/** People per tier. */
function tierCounts(people: readonly RankedPerson[]): Record<RankedPerson['tier'], number> {
  const counts: Record<RankedPerson['tier'], number> = { T1: 0, T2: 0, T3: 0, T4: 0 };
  for (const p of people) counts[p.tier]++;
  return counts;
}
