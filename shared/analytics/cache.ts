// The cached analysis (issue 8, migrations 9 and 10): the last result per cache key, stored in the
// project as a few binary parts so that a reopened project shows its ranking at once whatever its size.
//
// Part 0, the head, holds the result's summary (weights, stats, rising stars, bridges…), the top
// HEAD_PEOPLE people in rank order, the communities they belong to and the links among them: enough
// for the ranking table and the map's top people, and small (about a megabyte), so it is read and
// decoded in milliseconds. The other parts hold the rest of the people (PEOPLE_PER_PART each, in rank
// order), all communities, and the links (EDGES_PER_PART each). Each part decodes on its own.
//
// A part is a little-endian binary block: 'KOLC', CACHE_FORMAT, the byte length of a JSON header, the
// header (kind, counts, and the list of typed-array columns that follow), then the columns, each at an
// 8-byte boundary. Per-person numbers are columns of the narrowest type that holds every value exactly
// (Int32, else Float32, else Float64; null as a sentinel); strings (names, institutions, places…) are
// indexes into the part's string table (one UTF-8 text, cut by UTF-16 offsets); the score breakdown is
// rebuilt from each component's percentile (stored as the mid-rank numerator when that gives the value
// back bit for bit, score.ts) and value (taken from the person's own field when it is that field) plus
// the result's weights, so contributions are percentile × weight exactly as score.ts computes them.
// The encoder checks every such shortcut against every person and stores the column when it fails.
//
// The key names everything besides the data that decides a result: the scope and the analysis options
// (weights and settings), plus CACHE_FORMAT, bumped whenever the analysis code or this format changes
// what a stored result would be. The data itself is covered by the project's data version
// (electron/db/analysisCache.ts), stored next to the parts.
import type { Scope } from '../api';
import {
  COMPONENTS,
  type AnalysisOptions,
  type AnalysisResult,
  type BreakdownPart,
  type CommunityInfo,
  type ComponentKey,
  type GraphEdge,
  type RankedPerson,
  type Tier,
  type Weights,
} from './types';

export const CACHE_FORMAT = 4;

/** People in the head part (the first ranked view): the table's first screens and the map's top people. */
export const HEAD_PEOPLE = 5_000;
/** People per later part (about 15–25 MB each). */
export const PEOPLE_PER_PART = 100_000;
/** Links per later part (16 bytes each: 32 MB). */
export const EDGES_PER_PART = 2_000_000;
/** Communities besides those of the head people that the head carries (the largest ones, for legends). */
const HEAD_COMMUNITIES = 50;

const MAGIC = 0x434c4f4b; // 'KOLC' little-endian
const PREFIX_BYTES = 12;

/** Links as three columns. */
export interface EdgeColumns {
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

/** What a decoded cache holds: the result with its links as three columns, and the years seen in scope. */
export interface CachedAnalysis {
  format: number;
  scope: Scope;
  /** Earliest and latest publication year of the input (the year slider's range); null: none. */
  years: [number, number] | null;
  result: Omit<AnalysisResult, 'edges'>;
  edges: EdgeColumns;
}

/** The head part decoded: the top people, their communities and the links among them. */
export interface CachedHead extends CachedAnalysis {
  /** Parts in the whole entry (the head included). */
  parts: number;
  /** People in the whole result (the head holds result.people.length of them). */
  totalPeople: number;
  /** Communities and links in the whole result. */
  totalCommunities: number;
  totalEdges: number;
}

/** A later part decoded. */
export type CachedPart =
  | { kind: 'people'; start: number; people: RankedPerson[] }
  | { kind: 'communities'; communities: CommunityInfo[] }
  | { kind: 'edges'; start: number; edges: EdgeColumns };

// ---------------------------------------------------------------------------------------------------
// Columns

type ColumnType = 'i32' | 'f32' | 'f64' | 'u8';
type Typed = Int32Array | Float32Array | Float64Array | Uint8Array;

interface ColumnSpec {
  name: string;
  type: ColumnType;
  length: number;
}

const NULL_I32 = -2147483648;

class PartWriter {
  readonly columns: { spec: ColumnSpec; data: Typed }[] = [];

  add(name: string, data: Typed): void {
    const type: ColumnType =
      data instanceof Int32Array
        ? 'i32'
        : data instanceof Float32Array
          ? 'f32'
          : data instanceof Float64Array
            ? 'f64'
            : 'u8';
    this.columns.push({ spec: { name, type, length: data.length }, data });
  }

  /** Numbers (null allowed) in the narrowest column type that holds each exactly. */
  numbers(name: string, values: ArrayLike<number | null>): void {
    let ints = true;
    let floats32 = true;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === null) continue;
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new Error(`cache: ${name} holds ${String(v)}, not a number`);
      }
      if (ints && !(Number.isInteger(v) && v > NULL_I32 && v <= 2147483647 && !Object.is(v, -0)))
        ints = false;
      if (floats32 && Math.fround(v) !== v) floats32 = false;
      if (!ints && !floats32) break;
    }
    const n = values.length;
    if (ints) {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = values[i] ?? NULL_I32;
      this.add(name, out);
    } else {
      const out = floats32 ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = values[i] ?? NaN;
      this.add(name, out);
    }
  }

  encode(header: Record<string, unknown>): Uint8Array<ArrayBuffer> {
    const json = new TextEncoder().encode(
      JSON.stringify({ ...header, columns: this.columns.map((c) => c.spec) }),
    );
    const align = (x: number) => (x + 7) & ~7;
    let size = align(PREFIX_BYTES + json.length);
    const offsets: number[] = [];
    for (const c of this.columns) {
      offsets.push(size);
      size = align(size + c.data.byteLength);
    }
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, CACHE_FORMAT, true);
    view.setUint32(8, json.length, true);
    out.set(json, PREFIX_BYTES);
    this.columns.forEach((c, i) => {
      out.set(new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength), offsets[i]!);
    });
    return out;
  }
}

interface PartReader {
  header: Record<string, unknown>;
  column: (name: string) => Typed | null;
}

function readPart(bytes: Uint8Array): PartReader | null {
  if (bytes.byteLength < PREFIX_BYTES) return null;
  // Typed arrays need their byte offset aligned: a part that arrived at an odd offset is copied.
  const data = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== CACHE_FORMAT) return null;
  const jsonLength = view.getUint32(8, true);
  if (PREFIX_BYTES + jsonLength > data.byteLength) return null;
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(
      new TextDecoder().decode(data.subarray(PREFIX_BYTES, PREFIX_BYTES + jsonLength)),
    ) as Record<string, unknown>;
  } catch {
    return null;
  }
  const specs = header.columns;
  if (!Array.isArray(specs)) return null;
  const columns = new Map<string, Typed>();
  const align = (x: number) => (x + 7) & ~7;
  let at = align(PREFIX_BYTES + jsonLength);
  for (const raw of specs as ColumnSpec[]) {
    const width = { i32: 4, f32: 4, f64: 8, u8: 1 }[raw.type];
    if (!width || !Number.isInteger(raw.length) || raw.length < 0) return null;
    const byteLength = raw.length * width;
    if (at + byteLength > data.byteLength) return null;
    const offset = data.byteOffset + at;
    const buffer = data.buffer;
    const typed: Typed =
      raw.type === 'i32'
        ? new Int32Array(buffer, offset, raw.length)
        : raw.type === 'f32'
          ? new Float32Array(buffer, offset, raw.length)
          : raw.type === 'f64'
            ? new Float64Array(buffer, offset, raw.length)
            : new Uint8Array(buffer, offset, raw.length);
    columns.set(raw.name, typed);
    at = align(at + byteLength);
  }
  return { header, column: (name) => columns.get(name) ?? null };
}

// ---------------------------------------------------------------------------------------------------
// Strings

class StringTable {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];

  ref(value: unknown, id: number, field: string): number {
    if (value === null || value === undefined) return -1;
    if (typeof value !== 'string') {
      throw new Error(`cache: person ${id} ${field} holds ${typeof value}, not a string`);
    }
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(value);
      this.index.set(value, i);
    }
    return i;
  }

  write(part: PartWriter): void {
    const offsets = new Int32Array(this.list.length + 1);
    let at = 0;
    this.list.forEach((s, i) => {
      offsets[i] = at;
      at += s.length;
    });
    offsets[this.list.length] = at;
    part.add('strings.offsets', offsets);
    part.add('strings.text', new TextEncoder().encode(this.list.join('')));
  }
}

function readStrings(part: PartReader): string[] | null {
  const offsets = part.column('strings.offsets');
  const text = part.column('strings.text');
  if (!(offsets instanceof Int32Array) || !(text instanceof Uint8Array) || offsets.length === 0) return null;
  const all = new TextDecoder().decode(text);
  if (all.length !== offsets[offsets.length - 1]) return null;
  const out = new Array<string>(offsets.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = all.slice(offsets[i], offsets[i + 1]);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// People

const STRING_FIELDS = [
  'name',
  'family',
  'given',
  'orcid',
  'institution',
  'city',
  'region',
  'country',
  'territory',
] as const;
const NUMBER_FIELDS = [
  'id',
  'rank',
  'score',
  'publications',
  'firstAuthor',
  'lastAuthor',
  'citations',
  'hIndex',
  'recency',
  'coauthors',
  'degree',
  'weightedDegree',
  'pagerank',
  'betweenness',
  'community',
] as const;
const TRIAL_FIELDS = ['principal', 'investigator', 'contact'] as const;
const TIERS: Tier[] = ['T1', 'T2', 'T3', 'T4'];
const KNOWN_KEYS = new Set<string>([...STRING_FIELDS, ...NUMBER_FIELDS, 'tier', 'trials', 'breakdown']);
const PART_KEYS = new Set(['component', 'value', 'percentile', 'weight', 'contribution', 'detail']);

/** Person fields a component's value may simply be (then it is not stored twice). */
const VALUE_SOURCES: Partial<Record<ComponentKey, (p: RankedPerson) => number | null>> = {
  publications: (p) => p.publications,
  firstLast: (p) => p.firstAuthor + p.lastAuthor,
  citations: (p) => p.citations,
  recency: (p) => p.recency,
  coauthors: (p) => p.coauthors,
  weightedDegree: (p) => p.weightedDegree,
  pagerank: (p) => p.pagerank,
};

/** score.ts's mid-rank percentile from its numerator k = s + e over n people: (100 × (k/2)) / n. */
function midrank(k: number, n: number): number {
  return (100 * (k * 0.5)) / n;
}

/**
 * Writes people as columns. `n` is the number of people in the whole result (the percentiles' base);
 * `weights` the result's weights (each part's weight, unless some part says otherwise).
 */
function writePeople(
  part: PartWriter,
  people: readonly RankedPerson[],
  n: number,
  weights: Weights,
): Record<string, unknown> {
  const strings = new StringTable();
  const count = people.length;
  for (const p of people) {
    for (const k in p) {
      if (!KNOWN_KEYS.has(k))
        throw new Error(`cache: person ${p.id} has a field "${k}" the cache does not store`);
    }
  }
  for (const field of STRING_FIELDS) {
    const refs = new Int32Array(count);
    for (let i = 0; i < count; i++) refs[i] = strings.ref(people[i]![field], people[i]!.id, field);
    part.add(`s.${field}`, refs);
  }
  for (const field of NUMBER_FIELDS)
    part.numbers(
      `n.${field}`,
      people.map((p) => p[field] ?? null),
    );
  const tiers = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const t = TIERS.indexOf(people[i]!.tier);
    if (t < 0) throw new Error(`cache: person ${people[i]!.id} has tier ${String(people[i]!.tier)}`);
    tiers[i] = t;
  }
  part.add('tier', tiers);
  const hasTrials = people.some((p) => p.trials !== undefined);
  if (hasTrials) {
    for (const f of TRIAL_FIELDS)
      part.numbers(
        `t.${f}`,
        people.map((p) => (p.trials ? p.trials[f] : null)),
      );
  }

  // The breakdown: which components each person has (a bit mask), then per component its columns.
  const components = COMPONENTS.filter((c) => people.some((p) => p.breakdown.some((b) => b.component === c)));
  const masks = new Uint8Array(count);
  const partOf: (BreakdownPart | undefined)[][] = components.map(() => new Array(count));
  for (let i = 0; i < count; i++) {
    const p = people[i]!;
    let last = -1;
    for (const b of p.breakdown) {
      const c = components.indexOf(b.component);
      // Parts come in COMPONENTS order, each once (score.ts); anything else is stored as it cannot be.
      if (c <= last) throw new Error(`cache: person ${p.id}'s breakdown is not in component order`);
      for (const k in b) {
        if (!PART_KEYS.has(k)) throw new Error(`cache: person ${p.id}'s breakdown has a field "${k}"`);
      }
      last = c;
      masks[i]! |= 1 << c;
      partOf[c]![i] = b;
    }
  }
  part.add('b.mask', masks);
  const breakdown: Record<string, unknown>[] = [];
  components.forEach((component, c) => {
    const parts = partOf[c]!;
    const spec: Record<string, unknown> = { component };
    // Value: a person field when it is exactly that for everyone who has this part.
    const source = VALUE_SOURCES[component];
    if (source && people.every((p, i) => !parts[i] || source(p) === parts[i]!.value)) {
      spec.value = 'field';
    } else {
      part.numbers(
        `b.${component}.value`,
        parts.map((b) => b?.value ?? null),
      );
    }
    // Percentile: the mid-rank numerator when it rebuilds every value bit for bit.
    const codes = new Int32Array(count);
    const byCode = parts.every((b, i) => {
      if (!b) return true;
      const k = Math.round((b.percentile * n) / 50);
      codes[i] = k;
      return Number.isInteger(k) && k >= 0 && k <= 2 * n && midrank(k, n) === b.percentile;
    });
    if (byCode) part.add(`b.${component}.midrank`, codes);
    else
      part.numbers(
        `b.${component}.percentile`,
        parts.map((b) => b?.percentile ?? null),
      );
    spec.percentile = byCode ? 'midrank' : 'column';
    // Weight and contribution: the result's weight and percentile × weight, or columns.
    const w = weights[component];
    if (!parts.every((b) => !b || b.weight === w)) {
      part.numbers(
        `b.${component}.weight`,
        parts.map((b) => b?.weight ?? null),
      );
      spec.weight = 'column';
    }
    if (!parts.every((b) => !b || b.contribution === b.percentile * b.weight)) {
      part.numbers(
        `b.${component}.contribution`,
        parts.map((b) => b?.contribution ?? null),
      );
      spec.contribution = 'column';
    }
    if (parts.some((b) => b?.detail !== undefined)) {
      const refs = new Int32Array(count);
      for (let i = 0; i < count; i++) refs[i] = strings.ref(parts[i]?.detail, people[i]!.id, 'detail');
      part.add(`b.${component}.detail`, refs);
    }
    breakdown.push(spec);
  });
  strings.write(part);
  return { count, n, trials: hasTrials, breakdown };
}

type Get = (i: number) => number | null;

/** A number column's reader: null where its sentinel (Int32 minimum, NaN) says so. */
function getter(column: Typed): Get {
  if (column instanceof Int32Array) {
    return (i) => {
      const v = column[i]!;
      return v === NULL_I32 ? null : v;
    };
  }
  return (i) => {
    const v = column[i]!;
    return v !== v ? null : v;
  };
}

/** The people of a part, or those at positions [from, to) of it (a page of the ranking). */
function readPeople(part: PartReader, weights: Weights, from = 0, to = Infinity): RankedPerson[] | null {
  const meta = part.header.people as
    { count: number; n: number; trials: boolean; breakdown: Record<string, string>[] } | undefined;
  const strings = readStrings(part);
  if (!meta || !strings) return null;
  const { count, n } = meta;
  const col = (name: string): Typed => {
    const c = part.column(name);
    if (!c || c.length !== count) throw new Error(`cache: column ${name} is missing or short`);
    return c;
  };
  const text = (field: string) => {
    const refs = col(`s.${field}`);
    return (i: number): string | null => {
      const ref = refs[i]!;
      return ref < 0 ? null : strings[ref]!;
    };
  };
  const number = (field: string) => getter(col(`n.${field}`));
  // One reader per field, and each person built as one literal (a fixed shape: fast to make and use).
  const [name, family, given, orcid, institution, city, region, country, territory] = STRING_FIELDS.map(text);
  const [id, rank, score, publications, firstAuthor, lastAuthor, citations, hIndex, recency] =
    NUMBER_FIELDS.slice(0, 9).map(number);
  const [coauthors, degree, weightedDegree, pagerank, betweenness, community] =
    NUMBER_FIELDS.slice(9).map(number);
  const tiers = col('tier');
  const trials = meta.trials ? TRIAL_FIELDS.map((f) => getter(col(`t.${f}`))) : null;
  const masks = col('b.mask');
  const comps = meta.breakdown.map((spec) => {
    const component = spec.component as ComponentKey;
    const detail = part.column(`b.${component}.detail`);
    return {
      component,
      value: spec.value === 'field' ? null : getter(col(`b.${component}.value`)),
      source: VALUE_SOURCES[component] ?? null,
      midrank: spec.percentile === 'midrank' ? col(`b.${component}.midrank`) : null,
      percentile: spec.percentile === 'midrank' ? null : getter(col(`b.${component}.percentile`)),
      weight: spec.weight === 'column' ? getter(col(`b.${component}.weight`)) : null,
      contribution: spec.contribution === 'column' ? getter(col(`b.${component}.contribution`)) : null,
      detail: detail && detail.length === count ? detail : null,
      w: weights[component],
    };
  });
  const lo = Math.max(0, Math.min(count, from));
  const hi = Math.max(lo, Math.min(count, to));
  const people = new Array<RankedPerson>(hi - lo);
  for (let i = lo; i < hi; i++) {
    const person = {
      id: id!(i)!,
      name: name!(i)!,
      family: family!(i)!,
      given: given!(i)!,
      orcid: orcid!(i),
      institution: institution!(i),
      city: city!(i),
      region: region!(i),
      country: country!(i),
      territory: territory!(i),
      rank: rank!(i)!,
      score: score!(i)!,
      tier: TIERS[tiers[i]!]!,
      publications: publications!(i)!,
      firstAuthor: firstAuthor!(i)!,
      lastAuthor: lastAuthor!(i)!,
      citations: citations!(i),
      hIndex: hIndex!(i),
      recency: recency!(i)!,
      coauthors: coauthors!(i)!,
      degree: degree!(i)!,
      weightedDegree: weightedDegree!(i)!,
      pagerank: pagerank!(i)!,
      betweenness: betweenness!(i)!,
      community: community!(i)!,
    } as RankedPerson;
    // trials, then breakdown: the keys in analyze()'s order (index.ts), so a rebuilt person is the same.
    if (trials) {
      const principal = trials[0]!(i);
      if (principal !== null) {
        person.trials = { principal, investigator: trials[1]!(i)!, contact: trials[2]!(i)! };
      }
    }
    const breakdown: BreakdownPart[] = [];
    person.breakdown = breakdown;
    const mask = masks[i]!;
    for (let c = 0; c < comps.length; c++) {
      if (!(mask & (1 << c))) continue;
      const k = comps[c]!;
      const percentile = k.midrank ? midrank(k.midrank[i]!, n) : k.percentile!(i)!;
      const weight = k.weight ? k.weight(i)! : k.w;
      const b: BreakdownPart = {
        component: k.component,
        value: k.value ? k.value(i)! : k.source!(person)!,
        percentile,
        weight,
        contribution: k.contribution ? k.contribution(i)! : percentile * weight,
      };
      const ref = k.detail ? k.detail[i]! : -1;
      if (ref >= 0) b.detail = strings[ref];
      breakdown.push(b);
    }
    people[i - lo] = person;
  }
  return people;
}

// ---------------------------------------------------------------------------------------------------
// Encoding and decoding

type SummaryOf = Omit<AnalysisResult, 'edges' | 'people' | 'communities'>;

function edgeColumnsOf(
  result: AnalysisResult,
  edges: { source: ArrayLike<number>; target: ArrayLike<number>; weight: ArrayLike<number> } | null,
): EdgeColumns {
  if (edges) {
    if (
      edges.source instanceof Int32Array &&
      edges.target instanceof Int32Array &&
      edges.weight instanceof Float64Array
    ) {
      return { source: edges.source, target: edges.target, weight: edges.weight };
    }
    return {
      source: Int32Array.from(edges.source),
      target: Int32Array.from(edges.target),
      weight: Float64Array.from(edges.weight),
    };
  }
  const list: readonly GraphEdge[] = result.edges;
  const out = {
    source: new Int32Array(list.length),
    target: new Int32Array(list.length),
    weight: new Float64Array(list.length),
  };
  for (let i = 0; i < list.length; i++) {
    out.source[i] = list[i]!.source;
    out.target[i] = list[i]!.target;
    out.weight[i] = list[i]!.weight;
  }
  return out;
}

function writeEdges(part: PartWriter, edges: EdgeColumns): void {
  part.add('e.source', edges.source);
  part.add('e.target', edges.target);
  // Weights are often fractions (1/(n−1) per paper): stored exactly, as Float32 only when that is exact.
  part.numbers('e.weight', edges.weight);
}

function readEdges(part: PartReader): EdgeColumns | null {
  const source = part.column('e.source');
  const target = part.column('e.target');
  const weight = part.column('e.weight');
  if (!(source instanceof Int32Array) || !(target instanceof Int32Array) || !weight) return null;
  if (target.length !== source.length || weight.length !== source.length) return null;
  // Copies: the columns are views of the part, which the caller may reuse or transfer.
  return { source: source.slice(), target: target.slice(), weight: Float64Array.from(weight) };
}

/** How a result is cut into parts (tests use small ones to get many parts from a small result). */
export interface PartSizes {
  headPeople?: number;
  peoplePerPart?: number;
  edgesPerPart?: number;
}

const DEFAULT_SIZES = {
  headPeople: HEAD_PEOPLE,
  peoplePerPart: PEOPLE_PER_PART,
  edgesPerPart: EDGES_PER_PART,
};

/** One encoded part and how many the entry has. */
export interface EncodedPart {
  part: number;
  parts: number;
  bytes: Uint8Array<ArrayBuffer>;
}

/**
 * Encodes a result for the cache part by part, the head first, each encoded only when asked for (so a
 * caller that stores them one by one holds one part at a time). `edges` may pass the links as columns
 * when the caller already holds them (the worker does), else they are read from result.edges. Throws
 * when the result holds something the format cannot store exactly (then it is not cached).
 */
export function* encodeCachedParts(
  result: AnalysisResult,
  scope: Scope,
  years: [number, number] | null,
  edges: { source: ArrayLike<number>; target: ArrayLike<number>; weight: ArrayLike<number> } | null = null,
  sizes: PartSizes = {},
): Generator<EncodedPart> {
  const headSize = sizes.headPeople ?? DEFAULT_SIZES.headPeople;
  const peoplePerPart = sizes.peoplePerPart ?? DEFAULT_SIZES.peoplePerPart;
  const edgesPerPart = sizes.edgesPerPart ?? DEFAULT_SIZES.edgesPerPart;
  const { people, communities, edges: _edgeObjects, ...summary } = result;
  const links = edgeColumnsOf(result, edges);
  const n = people.length;
  const headPeople = people.slice(0, headSize);

  // The head: the links among the head people, and their communities with the largest ones.
  const inHead = new Set(headPeople.map((p) => p.id));
  const headIndex: number[] = [];
  for (let i = 0; i < links.source.length; i++) {
    if (inHead.has(links.source[i]!) && inHead.has(links.target[i]!)) headIndex.push(i);
  }
  const headEdges: EdgeColumns = {
    source: Int32Array.from(headIndex, (i) => links.source[i]!),
    target: Int32Array.from(headIndex, (i) => links.target[i]!),
    weight: Float64Array.from(headIndex, (i) => links.weight[i]!),
  };
  const headCommunityIds = new Set(headPeople.map((p) => p.community));
  const headCommunities = communities.filter((c, i) => i < HEAD_COMMUNITIES || headCommunityIds.has(c.id));
  const peopleParts = Math.ceil(Math.max(0, n - headSize) / peoplePerPart);
  const communityParts = communities.length > headCommunities.length ? 1 : 0;
  const parts = 1 + peopleParts + communityParts + Math.ceil(links.source.length / edgesPerPart);

  const head = new PartWriter();
  const meta = writePeople(head, headPeople, n, summary.weights);
  writeEdges(head, headEdges);
  yield {
    part: 0,
    parts,
    bytes: head.encode({
      kind: 'head',
      scope,
      years,
      summary,
      communities: headCommunities,
      people: meta,
      parts,
      totalPeople: n,
      totalCommunities: communities.length,
      totalEdges: links.source.length,
    }),
  };
  let part = 1;
  for (let start = headSize; start < n; start += peoplePerPart) {
    const writer = new PartWriter();
    const meta = writePeople(writer, people.slice(start, start + peoplePerPart), n, summary.weights);
    yield { part: part++, parts, bytes: writer.encode({ kind: 'people', start, people: meta }) };
  }
  if (communityParts) {
    yield { part: part++, parts, bytes: new PartWriter().encode({ kind: 'communities', communities }) };
  }
  for (let start = 0; start < links.source.length; start += edgesPerPart) {
    const end = Math.min(links.source.length, start + edgesPerPart);
    const writer = new PartWriter();
    writeEdges(writer, {
      source: links.source.subarray(start, end),
      target: links.target.subarray(start, end),
      weight: links.weight.subarray(start, end),
    });
    yield { part: part++, parts, bytes: writer.encode({ kind: 'edges', start }) };
  }
}

/** Encodes a result for the cache as all its parts, the head first (see encodeCachedParts). */
export function encodeCachedAnalysis(
  result: AnalysisResult,
  scope: Scope,
  years: [number, number] | null,
  edges: { source: ArrayLike<number>; target: ArrayLike<number>; weight: ArrayLike<number> } | null = null,
  sizes: PartSizes = {},
): Uint8Array[] {
  return Array.from(encodeCachedParts(result, scope, years, edges, sizes), (p) => p.bytes);
}

/** Decodes the head part; null when it is not a head of this format (then the analysis simply runs). */
export function decodeCachedHead(bytes: Uint8Array): CachedHead | null {
  try {
    const part = readPart(bytes);
    if (!part || part.header.kind !== 'head') return null;
    const h = part.header as {
      scope: Scope;
      years: [number, number] | null;
      summary: SummaryOf;
      communities: CommunityInfo[];
      parts: number;
      totalPeople: number;
      totalCommunities: number;
      totalEdges: number;
    };
    if (!h.summary || !Array.isArray(h.communities) || !Number.isInteger(h.parts) || h.parts < 1) return null;
    const people = readPeople(part, h.summary.weights);
    const edges = readEdges(part);
    if (!people || !edges) return null;
    return {
      format: CACHE_FORMAT,
      scope: h.scope,
      years: h.years,
      result: { ...h.summary, people, communities: h.communities },
      edges,
      parts: h.parts,
      totalPeople: h.totalPeople,
      totalCommunities: h.totalCommunities,
      totalEdges: h.totalEdges,
    };
  } catch {
    return null;
  }
}

/** Decodes a later part (its head supplies the weights); null when it is not one of this format. */
export function decodeCachedPart(bytes: Uint8Array, head: CachedHead): CachedPart | null {
  try {
    const part = readPart(bytes);
    if (!part) return null;
    const h = part.header as { kind?: unknown; start?: unknown; communities?: unknown };
    if (h.kind === 'people' && typeof h.start === 'number') {
      const people = readPeople(part, head.result.weights);
      return people ? { kind: 'people', start: h.start, people } : null;
    }
    if (h.kind === 'communities' && Array.isArray(h.communities)) {
      return { kind: 'communities', communities: h.communities as CommunityInfo[] };
    }
    if (h.kind === 'edges' && typeof h.start === 'number') {
      const edges = readEdges(part);
      return edges ? { kind: 'edges', start: h.start, edges } : null;
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * The people at positions [from, to) of a later people part (positions within the part: its `start`
 * is their offset in the ranking), decoded alone: a page of the ranking without decoding the whole part.
 * null when the bytes are not a people part of this format.
 */
export function decodeCachedPeople(
  bytes: Uint8Array,
  head: CachedHead,
  from: number,
  to: number,
): { start: number; count: number; people: RankedPerson[] } | null {
  try {
    const part = readPart(bytes);
    if (!part) return null;
    const h = part.header as { kind?: unknown; start?: unknown; people?: { count?: unknown } };
    if (h.kind !== 'people' || typeof h.start !== 'number' || typeof h.people?.count !== 'number')
      return null;
    const people = readPeople(part, head.result.weights, from, to);
    return people ? { start: h.start, count: h.people.count, people } : null;
  } catch {
    return null;
  }
}

/**
 * Puts the head and the later parts back together into the whole result; null when a part is
 * missing, foreign or out of place.
 */
export function assembleCachedAnalysis(head: CachedHead, rest: readonly CachedPart[]): CachedAnalysis | null {
  const people = head.result.people.slice();
  let communities = head.result.communities;
  const source = new Int32Array(head.totalEdges);
  const target = new Int32Array(head.totalEdges);
  const weight = new Float64Array(head.totalEdges);
  let edgesSeen = 0;
  for (const part of rest) {
    if (part.kind === 'people') {
      if (part.start !== people.length) return null;
      for (const p of part.people) people.push(p);
    } else if (part.kind === 'communities') {
      communities = part.communities;
    } else {
      const { start, edges } = part;
      if (start !== edgesSeen || start + edges.source.length > head.totalEdges) return null;
      source.set(edges.source, start);
      target.set(edges.target, start);
      weight.set(edges.weight, start);
      edgesSeen += edges.source.length;
    }
  }
  if (people.length !== head.totalPeople || edgesSeen !== head.totalEdges) return null;
  if (communities.length !== head.totalCommunities) return null;
  return {
    format: head.format,
    scope: head.scope,
    years: head.years,
    result: { ...head.result, people, communities },
    edges: { source, target, weight },
  };
}

/** Decodes a whole entry (all its parts, the head first); null when it is not one of this format. */
export function decodeCachedAnalysis(parts: readonly Uint8Array[]): CachedAnalysis | null {
  const head = parts[0] ? decodeCachedHead(parts[0]) : null;
  if (!head || head.parts !== parts.length) return null;
  const rest: CachedPart[] = [];
  for (let i = 1; i < parts.length; i++) {
    const part = decodeCachedPart(parts[i]!, head);
    if (!part) return null;
    rest.push(part);
  }
  return assembleCachedAnalysis(head, rest);
}

/** A decoded result as a plain result (edge objects rebuilt), for Node callers such as the CLI. */
export function cachedResult(cached: CachedAnalysis): AnalysisResult {
  const { source, target, weight } = cached.edges;
  const edges: GraphEdge[] = new Array<GraphEdge>(source.length);
  for (let i = 0; i < source.length; i++) {
    edges[i] = { source: source[i]!, target: target[i]!, weight: weight[i]! };
  }
  return { ...cached.result, edges };
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

// ---------------------------------------------------------------------------------------------------
// People slices between threads (issue 5)

/**
 * A slice of a result's people as one binary block (the cache's people columns, its weights in the
 * header): what the analysis worker posts to the UI thread instead of the person objects. Receiving
 * objects by structured clone allocates every person in the UI thread's young generation, where each
 * scavenge copies all of them again (they all survive): the 50–130 ms GC pauses while a result
 * arrives. Decoding builds them in a plain loop at one allocation site, which V8 soon allocates in
 * the old generation. `n` is the whole result's people (the breakdown's percentile base; any value
 * decodes exactly, the right one only makes the block smaller). Throws when a person holds something
 * the format cannot carry exactly (then the caller posts the objects).
 */
export function encodePeopleSlice(
  people: readonly RankedPerson[],
  n: number,
  weights: Weights,
): Uint8Array<ArrayBuffer> {
  const writer = new PartWriter();
  const meta = writePeople(writer, people, n, weights);
  return writer.encode({ kind: 'people-slice', weights, people: meta });
}

/** The people of a block from encodePeopleSlice, equal to those encoded; null when it is not one. */
export function decodePeopleSlice(bytes: Uint8Array): RankedPerson[] | null {
  try {
    const part = readPart(bytes);
    if (!part || part.header.kind !== 'people-slice') return null;
    const weights = part.header.weights as Weights | undefined;
    return weights ? readPeople(part, weights) : null;
  } catch {
    return null;
  }
}
