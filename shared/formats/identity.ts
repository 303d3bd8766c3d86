// Identity resolution, the pure part (issue 4): which authorships of one block (same folded family name
// and first initial) belong to the same person. Given names must be compatible ("Kenneth D." ~ "Kenneth"
// ~ "K.D.", never "Kenneth" ~ "Karen"); evidence is shared co-authors (weighted by how ambiguous their
// own name is), institutions, journals and rare title words; identifiers (ORCID with a right check
// digit, Scopus author ID) are hard evidence both ways. Deterministic: mentions are visited in input
// order and ties break by index.
// Work per block is bounded: candidate pairs come from inverted indexes, and features shared by very
// many mentions of a block (a big journal) are not used to propose pairs. No node:*, no DOM.
import { IntColumn, PairSet, StringPool, TRIM_MIN_ROOM } from './intern';
import { foldKey } from './text';

/** One authorship to resolve, with the context the evidence is read from. */
export interface IdentityMention {
  /** The publication: one person appears once per byline, so two mentions of one paper never merge. */
  paper: number;
  /** Given names as parsed, full ("Kenneth D.") or initials ("KD"). */
  given: string;
  /** Block keys (see blockKey) of the other people on the same publication. */
  coauthors: readonly string[];
  institution: number | null;
  /** Folded journal name. */
  venue: string | null;
  /** Folded title words (see titleWords). */
  words: readonly string[];
  year: number | null;
  /** Hard identifiers such as "orcid:0000-…" or "scopus:7003721828"; empty when ignored. */
  ids: readonly string[];
}

/**
 * A mention whose co-authors are numbered by an IdentityStats (see resolveBlockIds) instead of given as
 * text: the id of each co-author's key (addNameId) and of its block (lastBlock), in byline order.
 */
export interface IdentityMentionIds extends Omit<IdentityMention, 'coauthors'> {
  coauthorKeys: ArrayLike<number>;
  coauthorBlocks: ArrayLike<number>;
}

/**
 * Co-author keys as numbers, for the resolver's inner loops: one id per distinct key, where a key of
 * initials only ("wang|s") has the id of its block. Built from text by resolveBlock, read from an
 * IdentityStats by resolveBlockIds.
 */
interface KeySpace {
  /** The id of the block being resolved (-1 when no co-author key is it). */
  key: number;
  /** Weight of a shared full co-author key ("wang|s:shunli"). */
  fullWeight(co: number): number;
  /** Weight of a shared co-author block with initials on one side ("wang|s"). */
  blockWeight(block: number): number;
  /** The key's text, for evidence. */
  label(co: number): string;
}

/** How common names and words are in the data being resolved (built by IdentityStats). */
export interface IdentityContext {
  /** Distinct given-name forms seen under a block key: 1 for a rare name, dozens for "wang|y". */
  blockVariety(key: string): number;
  /** Distinct first given names (or first initials, for sources without them) under a folded family name. */
  familyVariety(family: string): number;
  /** Distinct family names seen with this first given name ("rui": many, "xuning": one). */
  givenSpread(first: string): number;
  /** Authorships whose co-author key (see coauthorKey) is this one. */
  keyCount(key: string): number;
  /** Number of publications whose title has this word. */
  wordCount(word: string): number;
}

/** Why two groups of authorships were joined (stored as evidence). */
export interface MergeEvidence {
  a: string;
  b: string;
  score: number;
  rule: 'identifier' | 'name' | 'evidence' | 'decision';
  coauthors?: string[];
  institutions?: number;
  venues?: string[];
  words?: string[];
}

/**
 * An analyst's decisions on one block (electron/db/decisions.ts), as mention indexes: each `together`
 * set is one person whatever the evidence says (a merge); the two sides of each `apart` pair never end
 * up in one person (a dismissed pair, a split). Conflicts between them are settled by the caller.
 */
export interface IdentityConstraints {
  together?: readonly (readonly number[])[];
  apart?: readonly (readonly [readonly number[], readonly number[]])[];
}

export interface BlockResolution {
  /** Cluster label per mention: the index of the cluster's first mention. */
  labels: number[];
  /** Every merge made, with the label of the cluster it ended in. */
  evidence: { label: number; merge: MergeEvidence }[];
}

/** The blocking key: folded family name and first initial of the given names ("mandl|k"). */
export function blockKey(family: string, given: string): string {
  return `${foldKey(family)}|${givenForm(given).tokens[0]?.[0] ?? ''}`;
}

/**
 * How a person is named as somebody's co-author: the block plus the first full given name when the
 * source has it ("wang|s:shunli"), else the block alone ("wang|s").
 */
export function coauthorKey(family: string, given: string): string {
  const block = blockKey(family, given);
  const first = givenForm(given).tokens[0];
  return first !== undefined && first.length > 1 ? `${block}:${first}` : block;
}

const STOP = new Set(
  'with from that this their into using based study analysis effect effects between through under over during high performance novel approach review new toward towards via'.split(
    ' ',
  ),
);

/** Content words of a title for topical evidence: folded, at least 5 letters, no stop words. */
export function titleWords(title: string): string[] {
  const out = new Set<string>();
  for (const w of foldKey(title).split(' ')) if (w.length >= 5 && !STOP.has(w)) out.add(w);
  return [...out];
}

/**
 * A given name as tokens: full words folded ("kenneth"), initials as single letters. Hyphenated parts
 * are separate tokens ("Shun-Li" → shun, li) and `joined` keeps the run of full words together
 * ("shunli") so "Shunli" and "Shun-Li" compare equal.
 */
export interface GivenForm {
  tokens: string[];
  joined: string;
  /** Whether at least one token is a full word (not only initials). */
  full: boolean;
  /** Canonical text ("kenneth d"): equal forms are the same spelling. */
  key: string;
}

// The same given names recur on many authorships: parse each spelling once (bounded, so memory stays flat).
const formCache = new Map<string, GivenForm>();

export function givenForm(given: string): GivenForm {
  const cached = formCache.get(given);
  if (cached) return cached;
  const form = parseGivenForm(given);
  if (formCache.size >= 200_000) formCache.clear();
  formCache.set(given, form);
  return form;
}

function parseGivenForm(given: string): GivenForm {
  const tokens: string[] = [];
  let full = false;
  for (const part of given.split(/[\s.]+/)) {
    if (!part) continue;
    // "KD" (all capitals, at most 3 letters) is initials; "Kd" or "Kenneth" is a word.
    const letters = foldKey(part).replace(/ /g, '');
    if (!letters) continue;
    if (!/\p{Ll}/u.test(part) && letters.length <= 3 && !part.includes('-')) {
      for (const c of letters) tokens.push(c);
      continue;
    }
    for (const sub of part.split(/[-‐‑–]+/)) {
      const s = foldKey(sub).replace(/ /g, '');
      if (!s) continue;
      if (s.length === 1 || !/\p{Ll}/u.test(sub)) {
        for (const c of s.length <= 3 ? s : s.slice(0, 1)) tokens.push(c);
      } else {
        tokens.push(s);
        full = true;
      }
    }
  }
  const joined = full ? tokens.join('') : '';
  return { tokens, joined, full, key: tokens.join(' ') };
}

function tokenCompatible(a: string, b: string): boolean {
  if (a.length === 1 || b.length === 1) return a[0] === b[0];
  return a === b;
}

/**
 * Whether two given names can belong to one person: token by token, full words equal and initials
 * matching first letters; one may have more tokens than the other ("Kenneth" ~ "Kenneth D."), but no
 * token may contradict ("Kenneth D." ≁ "Kenneth E.", "Yu" ≁ "Yang"). Run-together spellings of the
 * same words match ("Shunli" ~ "Shun-Li"). Two empty given names are compatible.
 */
export function givenCompatible(a: GivenForm, b: GivenForm): boolean {
  if (a.key === b.key) return true;
  const n = Math.min(a.tokens.length, b.tokens.length);
  let ok = true;
  for (let i = 0; i < n && ok; i++) ok = tokenCompatible(a.tokens[i] as string, b.tokens[i] as string);
  if (ok) return true;
  // "Shunli" vs "Shun-Li", "Chunmei" vs "Chun Mei": same letters once the words are run together.
  return a.joined.length > 0 && a.joined === b.joined && a.tokens[0]?.[0] === b.tokens[0]?.[0];
}

// The most frequent family names of China, Korea and Vietnam: each is shared by millions of people, so
// a small file (that shows only a few of them) must not make them look rare.
const COMMON_FAMILIES = new Set(
  (
    'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang xie song ' +
    'tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao ' +
    'jin kim lee park choi jung kang cho yoon jang lim shin oh seo kwon hwang ahn song nguyen tran le pham hoang'
  ).split(' '),
);
const COMMON_FAMILY_VARIETY = 200;

/**
 * Counts for IdentityContext, filled from every authorship seen (not only the blocks resolved). Held
 * compactly (intern.ts): names, blocks and co-author keys are numbered in string pools, the counts are
 * integer columns by those numbers and the distinct (block, given form) and (family, first name) pairs
 * are pair sets, so the memory per distinct name is a few dozen bytes rather than strings, Sets and Map
 * entries. The counts are capped at 1000 distinct values as before.
 */
export class IdentityStats implements IdentityContext {
  // Co-author keys ("wang|s:shunli", "wang|s") and block keys ("wang|s"), one pool for both (a name
  // with initials only has its block as co-author key): how many authorships have each co-author key
  // (0: a block only) and how many distinct given forms each block has (0: a co-author key only).
  private readonly keys = new StringPool();
  private readonly coCounts = new IntColumn();
  private readonly blockForms = new IntColumn();
  private readonly forms = new StringPool();
  private blockForm: PairSet | null = new PairSet();
  // Folded families with their number of distinct first given names, first given names with their
  // number of distinct families.
  private readonly fams = new StringPool();
  private readonly famFirsts = new IntColumn();
  private readonly firsts = new StringPool();
  private readonly firstFams = new IntColumn();
  private famFirst: PairSet | null = new PairSet();
  private readonly words = new Map<string, number>();
  // The same family spelling recurs: folded once (bounded, so memory stays flat).
  private families = new Map<string, string>();
  /** The block id (see blockKeyOf; a key id) of the name addNameId counted last. */
  lastBlock = -1;

  /** Counts one authorship's name; returns its co-author key. */
  addName(family: string, given: string): string {
    return this.coKey(this.addNameId(family, given));
  }

  /** Counts one authorship's name; returns the id of its co-author key (see coKey) and sets lastBlock. */
  addNameId(family: string, given: string): number {
    const { blockForm, famFirst } = this;
    if (!blockForm || !famFirst) throw new Error('internal: names counted after IdentityStats.seal()');
    let fam = this.families.get(family);
    if (fam === undefined) {
      fam = foldKey(family);
      if (this.families.size >= 200_000) this.families = new Map();
      this.families.set(family, fam);
    }
    const form = givenForm(given);
    const first = form.tokens[0];
    const key = `${fam}|${first?.[0] ?? ''}`;
    const co = first !== undefined && first.length > 1 ? `${key}:${first}` : key;
    const coId = this.keyId(co);
    this.coCounts.set(coId, this.coCounts.get(coId) + 1);
    const block = co === key ? coId : this.keyId(key);
    const f = this.forms.id(form.key);
    if (this.blockForms.get(block) < 1000 && blockForm.add(block, f))
      this.blockForms.set(block, this.blockForms.get(block) + 1);
    this.lastBlock = block;
    if (first !== undefined) {
      const famId = this.fams.id(fam);
      if (famId === this.famFirsts.length) this.famFirsts.push(0);
      const firstId = this.firsts.id(first);
      if (firstId === this.firstFams.length) this.firstFams.push(0);
      if (famFirst.add(famId, firstId)) {
        if (this.famFirsts.get(famId) < 1000) this.famFirsts.set(famId, this.famFirsts.get(famId) + 1);
        if (first.length > 1 && this.firstFams.get(firstId) < 1000)
          this.firstFams.set(firstId, this.firstFams.get(firstId) + 1);
      }
    }
    return coId;
  }

  /**
   * Ends the counting of names (the answers below stay as they are): drops what only addName uses, the
   * distinct pairs of block and given form and of family and first given name, the given forms' index
   * and the folded-family cache; addName throws from now on. Resolution then runs without them.
   */
  seal(): void {
    this.blockForm = null;
    this.famFirst = null;
    this.forms.seal();
    this.families = new Map();
    this.keys.trim(TRIM_MIN_ROOM);
    this.coCounts.trim(TRIM_MIN_ROOM);
    this.blockForms.trim(TRIM_MIN_ROOM);
  }

  private keyId(key: string): number {
    const id = this.keys.id(key);
    if (id === this.coCounts.length) {
      this.coCounts.push(0);
      this.blockForms.push(0);
    }
    return id;
  }

  /** The co-author key of an id addNameId returned. */
  coKey(id: number): string {
    return this.keys.get(id);
  }

  /** The block key ("wang|s") of a block id (lastBlock). */
  blockKeyOf(id: number): string {
    return this.keys.get(id);
  }

  /** The id of a block key, -1 when no name of that block was counted. */
  blockId(key: string): number {
    const id = this.keys.find(key);
    return id >= 0 && this.blockForms.get(id) > 0 ? id : -1;
  }

  /** Whether key id is a block's (not only a co-author key). */
  isBlock(id: number): boolean {
    return this.blockForms.get(id) > 0;
  }

  /** Number of key ids so far: block ids are the ids below this that are blocks (isBlock). */
  get blockCount(): number {
    return this.keys.size;
  }

  /** Compares two block ids' keys in JS string order. */
  compareBlocks(x: number, y: number): number {
    return this.keys.compare(x, y);
  }

  /**
   * Counts one more authorship under a co-author key addName already returned (the same name seen
   * again): the same as calling addName with that name again, without parsing it.
   */
  addKeyAgain(co: string): void {
    this.addKeyAgainId(this.keyId(co));
  }

  /** addKeyAgain by the id addNameId returned. */
  addKeyAgainId(id: number): void {
    this.coCounts.set(id, this.coCounts.get(id) + 1);
  }

  addTitle(words: readonly string[]): void {
    for (const w of words) this.words.set(w, (this.words.get(w) ?? 0) + 1);
  }

  blockVariety(key: string): number {
    const id = this.keys.find(key);
    const n = id < 0 ? 0 : this.blockForms.get(id);
    return n === 0 ? 1 : n;
  }

  familyVariety(family: string): number {
    const id = this.fams.find(family);
    const seen = id < 0 ? 1 : this.famFirsts.get(id);
    return COMMON_FAMILIES.has(family) ? Math.max(seen, COMMON_FAMILY_VARIETY) : seen;
  }

  givenSpread(first: string): number {
    const id = this.firsts.find(first);
    const n = id < 0 ? 0 : this.firstFams.get(id);
    return n === 0 ? 1 : n;
  }

  keyCount(key: string): number {
    const id = this.keys.find(key);
    const n = id < 0 ? 0 : this.coCounts.get(id);
    return n === 0 ? 1 : n;
  }

  /** keyCount by the id addNameId returned. */
  keyCountId(id: number): number {
    const n = this.coCounts.get(id);
    return n === 0 ? 1 : n;
  }

  /** blockVariety by block id (lastBlock). */
  blockVarietyId(id: number): number {
    const n = this.blockForms.get(id);
    return n === 0 ? 1 : n;
  }

  /** The id of a key (block or co-author key), -1 when it was never counted. */
  keyIdOf(key: string): number {
    return this.keys.find(key);
  }

  wordCount(word: string): number {
    return this.words.get(word) ?? 1;
  }
}

/** Tunables of the resolver; the defaults are what the evaluation (npm run eval) was measured with. */
export interface ResolveOptions {
  /** Evidence score at which two groups merge. */
  threshold: number;
  /** Families with at most this many distinct first given names join initials to the one full name. */
  rareFamily: number;
  /**
   * An identical full name merges on the name alone when its ambiguity (distinct first names of the
   * family × distinct families of the first name) is at most this; up to `nameHint` it adds 0.6.
   */
  nameAlone: number;
  nameHint: number;
  /** A feature shared by more mentions than this in one block proposes no pairs (it still scores). */
  maxPosting: number;
  /** Rounds of group-level merging after the mention-level pass. */
  rounds: number;
}

/** The options of a call that sets none (the defaults, without copying them each call). */
const NO_OPTIONS: Partial<ResolveOptions> = Object.freeze({});

export const DEFAULT_RESOLVE_OPTIONS: ResolveOptions = {
  threshold: 1,
  rareFamily: 3,
  nameAlone: 1000,
  nameHint: 2500,
  maxPosting: 200,
  rounds: 3,
};

/**
 * The co-author keys seen under one block: the key itself when there is one (nearly always, for one
 * mention), a Set of them (in the order seen) when there are more.
 */
type CoKeys = number | Set<number>;

function coHas(keys: CoKeys, k: number): boolean {
  return typeof keys === 'number' ? keys === k : keys.has(k);
}

/** keys with k added (the same Set, grown, when keys is one). */
function coAdd(keys: CoKeys, k: number): CoKeys {
  if (typeof keys !== 'number') return keys.add(k);
  return keys === k ? keys : new Set([keys, k]);
}

// A big block builds a group for most of its thousands of mentions, and most of their fields are empty
// (identifiers, tags) or hold one value: empty fields share these (no group may write to them, so they
// throw; absorb and the `apart` tags put a Set of their own in place first), one co-author key per block
// is a number. Fewer objects per group: at 1M publications the groups of one big block were some 15 MB
// of garbage that lived long enough to be promoted.
function written(what: 'Set' | 'Map'): never {
  throw new Error(`internal: a shared empty ${what} of the identity resolver was written to`);
}
class EmptySet extends Set<never> {
  override add(): never {
    return written('Set');
  }
  override delete(): boolean {
    return written('Set');
  }
  override clear(): void {
    written('Set');
  }
}
class EmptyMap extends Map<never, never> {
  override set(): never {
    return written('Map');
  }
  override delete(): boolean {
    return written('Map');
  }
  override clear(): void {
    written('Map');
  }
}
const NO_SET: Set<never> = Object.freeze(new EmptySet());
const NO_MAP: Map<never, never> = Object.freeze(new EmptyMap());

/** A Set of `values` (deduplicated, in order), the shared empty one when there are none. */
function setOf<T>(values: readonly T[]): Set<T> {
  return values.length === 0 ? NO_SET : new Set(values);
}

/** into with from's values added, in order: into itself, a new Set when into is the shared empty one. */
function united<T>(into: Set<T>, from: ReadonlySet<T>): Set<T> {
  if (from.size === 0) return into;
  if (into === NO_SET) return new Set(from);
  for (const x of from) into.add(x);
  return into;
}

interface Group {
  papers: Set<number>;
  forms: Map<string, GivenForm>;
  /** Fields below may be the shared empty NO_SET / NO_MAP: never written in place (see united). */
  ids: Set<string>;
  /**
   * Co-author blocks with the keys seen there (KeySpace ids): the block's own id stands for initials
   * only, a full key ("wang|s:shunli") for that first given name.
   */
  coauthors: Map<number, CoKeys>;
  institutions: Set<number>;
  venues: Set<string>;
  words: Set<string>;
  size: number;
  /** Sides of `apart` constraints this group holds: side 2k never joins side 2k+1. */
  tags: Set<number>;
}

/** Co-author keys by block: "wang|s:shunli" under block "wang|s", and "wang|s" (initials) under itself. */
function coauthorMap(m: IdentityMentionIds): Map<number, CoKeys> {
  const { coauthorKeys: keys, coauthorBlocks: blocks } = m;
  if (keys.length === 0) return NO_MAP;
  const map = new Map<number, CoKeys>();
  for (let i = 0; i < keys.length; i++) {
    const block = blocks[i] as number;
    const key = keys[i] as number;
    const seen = map.get(block);
    if (seen === undefined) map.set(block, key);
    else if (seen !== key) map.set(block, coAdd(seen, key));
  }
  return map;
}

/**
 * Whether an ORCID iD ("0000-0002-1825-0097") ends in its ISO 7064 MOD 11-2 check digit. A typo in an
 * export (two digits swapped, one mistyped) fails it: such an iD names nobody, so it is no identifier.
 */
export function orcidChecksumOk(orcid: string): boolean {
  const digits = orcid.replace(/-/g, '');
  if (!/^\d{15}[\dX]$/i.test(digits)) return false;
  let total = 0;
  for (let i = 0; i < 15; i++) total = (total + digits.charCodeAt(i) - 48) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits.slice(15).toUpperCase() === (check === 10 ? 'X' : String(check));
}

/** An identifier the resolver trusts: any but an ORCID iD with a wrong check digit. */
function trustedId(id: string): boolean {
  return !id.startsWith('orcid:') || orcidChecksumOk(id.slice(6));
}

/** A mention's trusted identifiers (the same array when all are). */
function hardIds(ids: readonly string[]): readonly string[] {
  return ids.length === 0 || ids.every(trustedId) ? ids : ids.filter(trustedId);
}

function newGroup(m: IdentityMentionIds, form: GivenForm): Group {
  return {
    papers: new Set([m.paper]),
    forms: new Map([[form.key, form]]),
    ids: setOf(hardIds(m.ids)),
    coauthors: coauthorMap(m),
    institutions: m.institution !== null ? new Set([m.institution]) : NO_SET,
    venues: m.venue ? new Set([m.venue]) : NO_SET,
    words: setOf(m.words),
    size: 1,
    tags: NO_SET,
  };
}

function absorb(into: Group, from: Group): void {
  for (const p of from.papers) into.papers.add(p);
  for (const [k, f] of from.forms) into.forms.set(k, f);
  into.ids = united(into.ids, from.ids);
  if (from.coauthors.size > 0) {
    if (into.coauthors === NO_MAP) into.coauthors = new Map();
    for (const [k, firsts] of from.coauthors) {
      let mine = into.coauthors.get(k);
      if (mine === undefined) {
        into.coauthors.set(k, typeof firsts === 'number' ? firsts : new Set(firsts));
        continue;
      }
      if (typeof firsts === 'number') mine = coAdd(mine, firsts);
      else for (const f of firsts) mine = coAdd(mine, f);
      into.coauthors.set(k, mine);
    }
  }
  into.institutions = united(into.institutions, from.institutions);
  into.venues = united(into.venues, from.venues);
  into.words = united(into.words, from.words);
  into.tags = united(into.tags, from.tags);
  into.size += from.size;
}

/**
 * Two groups may merge: no paper in common, no two different identifiers of one kind, all given names
 * pairwise compatible.
 */
function separated(a: Group, b: Group): boolean {
  for (const t of a.tags) if (b.tags.has(t ^ 1)) return true;
  return false;
}

function mergeable(a: Group, b: Group): boolean {
  if (separated(a, b)) return false;
  const [small, big] = a.papers.size <= b.papers.size ? [a, b] : [b, a];
  for (const p of small.papers) if (big.papers.has(p)) return false;
  for (const id of a.ids) {
    const kind = id.slice(0, id.indexOf(':') + 1);
    for (const other of b.ids) if (other !== id && other.startsWith(kind)) return false;
  }
  for (const fa of a.forms.values())
    for (const fb of b.forms.values()) if (!givenCompatible(fa, fb)) return false;
  return true;
}

/** The label of a group's variant set, for evidence ("kenneth d / kenneth"). */
function formsLabel(g: Group): string {
  return [...g.forms.keys()].sort().join(' / ');
}

/** The weight of a shared full co-author key by its count (keyCount). */
function fullKeyWeight(count: number): number {
  return count <= 5 ? 1 : count <= 20 ? 0.7 : count <= 60 ? 0.45 : 0.25;
}

/** The weight of a shared co-author block by its variety (blockVariety). */
function blockKeyWeight(variety: number): number {
  return variety <= 2 ? 1 : variety <= 6 ? 0.6 : variety <= 20 ? 0.35 : 0.2;
}

/** Resolves the mentions of one block (all sharing blockKey `key`) into people. */
export function resolveBlock(
  key: string,
  mentions: readonly IdentityMention[],
  ctx: IdentityContext,
  options: Partial<ResolveOptions> = NO_OPTIONS,
  constraints: IdentityConstraints = {},
): BlockResolution {
  if (mentions.length <= 1) return { labels: mentions.length === 1 ? [0] : [], evidence: [] };
  // The co-author keys and their blocks numbered for this call ("wang|s:shunli" → block "wang|s").
  const ids = new Map<string, number>();
  const texts: string[] = [];
  const idOf = (text: string): number => {
    let id = ids.get(text);
    if (id === undefined) {
      id = texts.length;
      texts.push(text);
      ids.set(text, id);
    }
    return id;
  };
  const numbered = mentions.map((m): IdentityMentionIds => {
    const coauthorKeys: number[] = [];
    const coauthorBlocks: number[] = [];
    for (const k of m.coauthors) {
      const colon = k.indexOf(':');
      const block = idOf(colon < 0 ? k : k.slice(0, colon));
      // An empty first name ("wang|s:") reads as initials only, like the block itself.
      coauthorKeys.push(colon < 0 || colon === k.length - 1 ? block : idOf(k));
      coauthorBlocks.push(block);
    }
    return { ...m, coauthorKeys, coauthorBlocks };
  });
  // A full name ("wang|s:shunli") is as telling as it is rare; a bare block by its variety.
  const coWeight = (k: string): number => {
    if (k === key || k.startsWith(`${key}:`)) return 0;
    return k.includes(':') ? fullKeyWeight(ctx.keyCount(k)) : blockKeyWeight(ctx.blockVariety(k));
  };
  const space: KeySpace = {
    key: idOf(key),
    fullWeight: (co) => coWeight(texts[co] as string),
    blockWeight: (block) => coWeight(texts[block] as string),
    label: (co) => texts[co] as string,
  };
  return resolveNumbered(key, numbered, space, ctx, options, constraints);
}

/**
 * resolveBlock for mentions whose co-authors are ids of `stats` (the IdentityStats they were counted
 * in): the same result, without co-author keys as text.
 */
export function resolveBlockIds(
  key: string,
  mentions: readonly IdentityMentionIds[],
  stats: IdentityStats,
  options: Partial<ResolveOptions> = NO_OPTIONS,
  constraints: IdentityConstraints = {},
): BlockResolution {
  if (mentions.length <= 1) return { labels: mentions.length === 1 ? [0] : [], evidence: [] };
  // Block keys hold no ':' (folded names), so no co-author key but the block's own counts as it.
  const space: KeySpace = {
    key: stats.keyIdOf(key),
    fullWeight: (co) => fullKeyWeight(stats.keyCountId(co)),
    blockWeight: (block) => blockKeyWeight(stats.blockVarietyId(block)),
    label: (co) => stats.coKey(co),
  };
  return resolveNumbered(key, mentions, space, stats, options, constraints);
}

/**
 * A feature that proposes candidate pairs: a co-author block (2 × its id) or an institution (2 × its id
 * + 1; text for an id that is no small non-negative integer).
 */
type Feature = number | string;

function blockFeature(block: number): Feature {
  return 2 * block;
}

function institutionFeature(institution: number): Feature {
  return Number.isSafeInteger(institution) && institution >= 0 && institution < 2 ** 51
    ? 2 * institution + 1
    : `i${institution}`;
}

/** Largest block whose proposed pairs are remembered in a bitmap (n² bits: 32 MB at this size). */
const PAIR_BITMAP_MAX = 16384;
/**
 * The bitmap of the blocks up to this many bytes (a block of up to 2,896 mentions): one buffer for all
 * of them, cleared for each, as an import resolves hundreds of thousands of blocks (an array buffer
 * each was slower and left the garbage collector behind). A bigger block's bitmap is its own.
 */
const PAIR_BITMAP_SHARED = 1 << 20;
let pairBitmap = new Uint8Array(0);

/** A zeroed bitmap of at least `bytes` bytes for one round of a block's pairs. */
function pairBits(bytes: number): Uint8Array {
  if (bytes > PAIR_BITMAP_SHARED) return new Uint8Array(bytes);
  if (pairBitmap.length < bytes) {
    pairBitmap = new Uint8Array(Math.min(PAIR_BITMAP_SHARED, Math.max(bytes, pairBitmap.length * 2)));
    return pairBitmap;
  }
  pairBitmap.fill(0, 0, bytes);
  return pairBitmap;
}

function resolveNumbered(
  key: string,
  mentions: readonly IdentityMentionIds[],
  space: KeySpace,
  ctx: IdentityContext,
  options: Partial<ResolveOptions>,
  constraints: IdentityConstraints,
): BlockResolution {
  const opt = options === NO_OPTIONS ? DEFAULT_RESOLVE_OPTIONS : { ...DEFAULT_RESOLVE_OPTIONS, ...options };
  const n = mentions.length;
  if (n <= 1) return { labels: n === 1 ? [0] : [], evidence: [] };
  const parent: number[] = [];
  for (let i = 0; i < n; i++) parent.push(i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const p = parent[parent[i] as number] as number;
      parent[i] = p;
      i = p;
    }
    return i;
  };
  const forms = mentions.map((m) => givenForm(m.given));
  // The group of each root (a cluster's first mention). A lone mention's group is built only when it is
  // needed (scored, merged): most mentions of a big block never are.
  const groups = new Map<number, Group>();
  const group = (r: number): Group => {
    let g = groups.get(r);
    if (!g) groups.set(r, (g = newGroup(mentions[r] as IdentityMentionIds, forms[r] as GivenForm)));
    return g;
  };
  const isRoot = (i: number): boolean => parent[i] === i;
  const rootsNow = (): number[] => {
    const roots: number[] = [];
    for (let i = 0; i < n; i++) if (parent[i] === i) roots.push(i);
    return roots;
  };
  const valid = (i: number): boolean => Number.isInteger(i) && i >= 0 && i < n;
  const tag = (i: number, t: number): void => {
    const g = group(i);
    if (g.tags === NO_SET) g.tags = new Set();
    g.tags.add(t);
  };
  (constraints.apart ?? []).forEach(([x, y], k) => {
    for (const i of x) if (valid(i)) tag(i, 2 * k);
    for (const i of y) if (valid(i)) tag(i, 2 * k + 1);
  });
  const evidence: { into: number; merge: MergeEvidence }[] = [];

  const union = (i: number, j: number, ev: Omit<MergeEvidence, 'a' | 'b'>, forced = false): boolean => {
    let ri = find(i);
    let rj = find(j);
    if (ri === rj) return false;
    const gi = group(ri);
    const gj = group(rj);
    // An analyst's merge overrides the name and paper rules, never an `apart` decision.
    if (forced ? separated(gi, gj) : !mergeable(gi, gj)) return false;
    if (rj < ri) [ri, rj] = [rj, ri];
    const into = group(ri);
    const from = group(rj);
    evidence.push({ into: ri, merge: { a: formsLabel(into), b: formsLabel(from), ...ev } });
    absorb(into, from);
    groups.delete(rj);
    parent[rj] = ri;
    return true;
  };

  // 0. The analyst's merges come first.
  for (const set of constraints.together ?? []) {
    const [first, ...rest] = set.filter((i) => i >= 0 && i < n);
    if (first !== undefined) for (const i of rest) union(first, i, { score: 100, rule: 'decision' }, true);
  }

  // 1. Identifiers: the same ORCID / Scopus ID is one person (an ORCID iD with a wrong check digit, a
  //    typo in the export, is none: it neither joins nor keeps apart).
  const byId = new Map<string, number>();
  mentions.forEach((m, i) => {
    for (const id of hardIds(m.ids)) {
      const first = byId.get(id);
      if (first === undefined) byId.set(id, i);
      else union(first, i, { score: 100, rule: 'identifier' });
    }
  });

  const family = key.slice(0, key.lastIndexOf('|'));
  const rare = ctx.familyVariety(family) <= opt.rareFamily;
  // Short given names ("Li", "Yu", "Wei") are shared by many more people than a small file shows.
  const ambiguity = (f: GivenForm): number => {
    const first = f.tokens[0] as string;
    return ctx.familyVariety(family) * ctx.givenSpread(first) * (first.length <= 3 ? 2 : 1);
  };
  const wordWeight = (w: string): number => {
    const c = ctx.wordCount(w);
    return c <= 3 ? 0.25 : c <= 10 ? 0.12 : c <= 40 ? 0.05 : 0;
  };

  /** The evidence for joining two groups; null when it is below the threshold. */
  const score = (a: Group, b: Group): { total: number; ev: Omit<MergeEvidence, 'a' | 'b'> } | null => {
    let total = 0;
    let coauthors: number[] | undefined;
    const [small, big] = a.coauthors.size <= b.coauthors.size ? [a, b] : [b, a];
    for (const [blk, keys] of small.coauthors) {
      const other = big.coauthors.get(blk);
      if (other === undefined || blk === space.key) continue;
      // The same co-author: the same first given name, or initials only on one side ("Mandl KD").
      let w = 0;
      let label = blk;
      if (typeof keys === 'number') {
        if (keys !== blk && coHas(other, keys)) {
          const x = space.fullWeight(keys);
          if (x > 0) [w, label] = [x, keys];
        }
      } else {
        for (const k of keys) {
          if (k !== blk && coHas(other, k)) {
            const x = space.fullWeight(k);
            if (x > w) [w, label] = [x, k];
          }
        }
      }
      if (w === 0 && (coHas(keys, blk) || coHas(other, blk))) w = space.blockWeight(blk);
      if (w === 0) continue;
      total += w;
      (coauthors ??= []).push(label);
    }
    let inst = 0;
    for (const i of a.institutions) if (b.institutions.has(i)) inst++;
    if (inst > 0) total += 0.7;
    let venue: string | undefined;
    for (const v of a.venues) {
      if (!b.venues.has(v)) continue;
      total += 0.3;
      venue = v;
      break;
    }
    let wordScore = 0;
    let words: string[] | undefined;
    const [ws, wb] = a.words.size <= b.words.size ? [a.words, b.words] : [b.words, a.words];
    for (const w of ws) {
      if (!wb.has(w)) continue;
      const x = wordWeight(w);
      if (x === 0) continue;
      wordScore += x;
      (words ??= []).push(w);
    }
    total += Math.min(wordScore, 0.5);
    // The same full given name (not just initials) is itself some evidence.
    let sameFull = 0;
    for (const [k, f] of a.forms) {
      if (!f.full || !b.forms.has(k)) continue;
      sameFull = Math.max(sameFull, ambiguity(f) <= opt.nameHint ? 0.6 : 0.3);
    }
    total += sameFull;
    if (!(total >= opt.threshold)) return null;
    const ev: Omit<MergeEvidence, 'a' | 'b'> = { score: Math.round(total * 100) / 100, rule: 'evidence' };
    if (coauthors) ev.coauthors = coauthors.map((k) => space.label(k));
    if (inst > 0) ev.institutions = inst;
    if (venue !== undefined) ev.venues = [venue];
    if (words) ev.words = words;
    return { total, ev };
  };

  // 2. Uncommon names: an identical full name is the same person ("Mandl, Kenneth D." twice), unless
  //    both the family and the first given name are common ("Wang, Jian").
  {
    const byForm = new Map<string, number>();
    forms.forEach((f, i) => {
      if (!f.full || ambiguity(f) > opt.nameAlone) return;
      const first = byForm.get(f.key);
      if (first === undefined) byForm.set(f.key, i);
      else union(first, i, { score: 0, rule: 'name' });
    });
  }

  // 3. Evidence, mention against group, then group against group until nothing changes.
  const loneFeatures: (Feature[] | undefined)[] = [];
  for (let round = 0; round <= opt.rounds; round++) {
    const roots = rootsNow();
    const postings = new Map<Feature, number[]>();
    const post = (f: Feature, r: number): void => {
      let list = postings.get(f);
      if (!list) postings.set(f, (list = []));
      if (list.length <= opt.maxPosting) list.push(r);
    };
    for (const r of roots) {
      const g = groups.get(r);
      if (g) {
        for (const k of g.coauthors.keys()) if (k !== space.key) post(blockFeature(k), r);
        for (const i of g.institutions) post(institutionFeature(i), r);
        continue;
      }
      // A lone mention: its co-authors' blocks (each once) and its institution, as its group would have.
      let features = loneFeatures[r];
      if (!features) {
        const m = mentions[r] as IdentityMentionIds;
        const blocks = m.coauthorBlocks;
        const seen = blocks.length > 16 ? new Set<number>() : null;
        features = [];
        for (let x = 0; x < blocks.length; x++) {
          const block = blocks[x] as number;
          if (block === space.key) continue;
          const f = blockFeature(block);
          if (seen ? seen.has(block) : features.includes(f)) continue;
          seen?.add(block);
          features.push(f);
        }
        if (m.institution !== null) features.push(institutionFeature(m.institution));
        loneFeatures[r] = features;
      }
      for (const f of features) post(f, r);
    }
    // Pairs (a, b), a < b, scored once each in the order they were first proposed. Which pairs were
    // proposed is one bit each in an n × n bitmap (a big block proposes millions of pairs: as a Set of
    // a * n + b they took about 100 MB at 1M publications), in a Set only for a block too big for it.
    const scored: { a: number; b: number; total: number; ev: Omit<MergeEvidence, 'a' | 'b'> }[] = [];
    const bits = n <= PAIR_BITMAP_MAX ? pairBits(Math.ceil((n * n) / 8)) : null;
    const proposed = bits ? null : new Set<number>();
    for (const list of postings.values()) {
      if (list.length < 2 || list.length > opt.maxPosting) continue;
      for (let x = 0; x < list.length; x++)
        for (let y = x + 1; y < list.length; y++) {
          const a = list[x] as number;
          const b = list[y] as number;
          const pair = a * n + b;
          if (bits) {
            const byte = pair >>> 3;
            const bit = 1 << (pair & 7);
            if ((bits[byte] as number) & bit) continue;
            bits[byte] = (bits[byte] as number) | bit;
          } else if (proposed) {
            if (proposed.has(pair)) continue;
            proposed.add(pair);
          }
          const s = score(group(a), group(b));
          if (s) scored.push({ a, b, total: s.total, ev: s.ev });
        }
    }
    scored.sort((x, y) => y.total - x.total || x.a - y.a || x.b - y.b);
    let merged = 0;
    for (const s of scored) if (union(s.a, s.b, s.ev)) merged++;
    if (merged === 0) break;
  }

  // 4. Rare families: initials-only spellings join the one compatible full-name group ("Grey, C.P.").
  if (rare) {
    const hasFull = (r: number): boolean => {
      const g = groups.get(r);
      return g ? [...g.forms.values()].some((f) => f.full) : (forms[r] as GivenForm).full;
    };
    const roots = rootsNow();
    const fullRoots = roots.filter(hasFull);
    for (const r of roots) {
      if (!isRoot(r) || hasFull(r)) continue;
      const g = group(r);
      const fits = fullRoots.filter((fr) => find(fr) !== find(r) && mergeable(group(find(fr)), g));
      const distinct = new Set(fits.map(find));
      if (distinct.size === 1) union(fits[0] as number, r, { score: 0, rule: 'name' });
    }
  }

  return {
    labels: mentions.map((_, i) => find(i)),
    evidence: evidence.map((e) => ({ label: find(e.into), merge: e.merge })),
  };
}
