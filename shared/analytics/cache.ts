// The cached analysis (issue 8, migration 9): the last result per cache key, stored in the project as one
// JSON text so that reading it back is a single string copy on the server and one JSON.parse where it
// is used (the renderer's worker, the CLI). The key names everything besides the data that decides a
// result: the scope and the analysis options (weights and settings), plus CACHE_FORMAT, bumped whenever
// the analysis code or this payload changes what a stored result would be. The data itself is covered
// by the project's data version (electron/db/analysisCache.ts), stored next to the payload.
import type { Scope } from '../api';
import type { AnalysisOptions, AnalysisResult, GraphEdge, RankedPerson } from './types';

export const CACHE_FORMAT = 2;

/** What a decoded payload holds: the result with its links as three columns, and the years seen in scope. */
export interface CachedAnalysis {
  format: number;
  scope: Scope;
  /** Earliest and latest publication year of the input (the year slider's range); null: none. */
  years: [number, number] | null;
  result: Omit<AnalysisResult, 'edges'>;
  edges: { source: number[]; target: number[]; weight: number[] };
}

/**
 * People as rows of values under one list of keys (each breakdown likewise), which halves the text of
 * a big result and the time to parse it. Keys some people lack (e.g. `trials`) are `optional`: a null
 * there means absent.
 */
interface PeopleTable {
  keys: string[];
  optional: string[];
  breakdownKeys: string[];
  rows: unknown[][];
}

interface Payload extends Omit<CachedAnalysis, 'result'> {
  result: Omit<AnalysisResult, 'edges' | 'people'>;
  people: PeopleTable;
}

function peopleTable(people: readonly RankedPerson[]): PeopleTable {
  const keySet = new Set<string>();
  const counts = new Map<string, number>();
  for (const p of people) {
    for (const k of Object.keys(p)) {
      keySet.add(k);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  const keys = [...keySet];
  const optional = keys.filter((k) => counts.get(k) !== people.length);
  const breakdownKeys = ['component', 'value', 'percentile', 'weight', 'contribution'];
  const rows = people.map((p) => {
    const record = p as unknown as Record<string, unknown>;
    return keys.map((k) => {
      if (k !== 'breakdown') return record[k] ?? null;
      return p.breakdown.map((part) => {
        const r = part as unknown as Record<string, unknown>;
        return breakdownKeys.map((bk) => r[bk] ?? null);
      });
    });
  });
  return { keys, optional, breakdownKeys, rows };
}

function peopleOf(table: PeopleTable): RankedPerson[] {
  const { keys, breakdownKeys, rows } = table;
  const optional = keys.map((k) => table.optional.includes(k));
  const breakdownAt = keys.indexOf('breakdown');
  const people = new Array<RankedPerson>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const p: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = row[i] ?? null;
      if (i === breakdownAt) {
        const parts = v as unknown[][];
        const out = new Array<Record<string, unknown>>(parts.length);
        for (let j = 0; j < parts.length; j++) {
          const part = parts[j] ?? [];
          const o: Record<string, unknown> = {};
          for (let b = 0; b < breakdownKeys.length; b++) o[breakdownKeys[b] ?? ''] = part[b];
          out[j] = o;
        }
        p[keys[i] ?? ''] = out;
      } else if (!(v === null && optional[i])) {
        p[keys[i] ?? ''] = v;
      }
    }
    people[r] = p as unknown as RankedPerson;
  }
  return people;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined && v !== null) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** The cache key of a scope and options: key order and absent/null fields do not change it. */
export function analysisCacheKey(scope: Scope, options: AnalysisOptions): string {
  const s = {
    ta: scope.ta?.trim() || null,
    since: scope.since ?? null,
    until: scope.until ?? null,
    country: scope.country?.trim() || null,
    region: scope.region?.trim() || null,
  };
  const { includeEdges: _ignored, ...settings } = options;
  return JSON.stringify({ format: CACHE_FORMAT, scope: canonical(s), options: canonical(settings) });
}

/** Earliest and latest year of the papers (null when none has a year). */
export function yearRangeOf(papers: readonly { year: number | null }[]): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const p of papers) {
    if (p.year === null) continue;
    if (p.year < min) min = p.year;
    if (p.year > max) max = p.year;
  }
  return Number.isFinite(min) ? [min, max] : null;
}

/**
 * Results with more people than this are not cached: the payload is JSON, and past this size reading it
 * back costs about as much as recomputing (measured at 100k publications / 96k people: a 337 MB payload
 * took 12.3 s to decode against 12.4 s to recompute, and storing it held the worker for seconds).
 */
export const CACHE_MAX_PEOPLE = 25_000;

/** Whether a result is small enough to be worth caching (see CACHE_MAX_PEOPLE). */
export function worthCaching(result: Pick<AnalysisResult, 'people'>): boolean {
  return result.people.length <= CACHE_MAX_PEOPLE;
}

/** Serialises a result for the cache; the links go as columns (a third of the text of edge objects). */
export function encodeCachedAnalysis(
  result: AnalysisResult,
  scope: Scope,
  years: [number, number] | null,
  edges: { source: ArrayLike<number>; target: ArrayLike<number>; weight: ArrayLike<number> } | null = null,
): string {
  const { edges: edgeObjects, people, ...rest } = result;
  let columns: CachedAnalysis['edges'];
  if (edges) {
    columns = {
      source: Array.from(edges.source),
      target: Array.from(edges.target),
      weight: Array.from(edges.weight),
    };
  } else {
    const list: readonly GraphEdge[] = edgeObjects;
    columns = {
      source: list.map((e) => e.source),
      target: list.map((e) => e.target),
      weight: list.map((e) => e.weight),
    };
  }
  const payload: Payload = {
    format: CACHE_FORMAT,
    scope,
    years,
    result: rest,
    people: peopleTable(people),
    edges: columns,
  };
  return JSON.stringify(payload);
}

/** Parses a cached payload; null when it is not one of this format (then the analysis simply runs). */
export function decodeCachedAnalysis(text: string): CachedAnalysis | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const p = parsed as Partial<Payload> | null;
  if (
    !p ||
    p.format !== CACHE_FORMAT ||
    !p.result ||
    !p.people ||
    !Array.isArray(p.people.rows) ||
    !Array.isArray(p.people.keys) ||
    !p.edges ||
    !Array.isArray(p.edges.source) ||
    !Array.isArray(p.edges.target) ||
    !Array.isArray(p.edges.weight)
  ) {
    return null;
  }
  const { people, ...rest } = p as Payload;
  return { ...rest, result: { ...rest.result, people: peopleOf(people) } };
}

/** A decoded payload as a plain result (edge objects rebuilt), for Node callers such as the CLI. */
export function cachedResult(cached: CachedAnalysis): AnalysisResult {
  const { source, target, weight } = cached.edges;
  const edges: GraphEdge[] = new Array<GraphEdge>(source.length);
  for (let i = 0; i < source.length; i++) {
    edges[i] = { source: source[i] ?? 0, target: target[i] ?? 0, weight: weight[i] ?? 0 };
  }
  return { ...cached.result, edges };
}
