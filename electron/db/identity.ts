// Identity resolution, the stored part (issue 4): at the end of an import, resolves every block (family
// + first initial) the import touched with shared/formats/identity resolveBlock, inside the import's
// transaction. The import's own authorships wait in SessionMentions (integer columns in memory, the
// distinct spellings in packed string pools and integer columns rather than objects, see
// shared/formats/intern.ts; the affiliation texts in a temporary file) until then and are inserted once
// with their final person; the session's blocks are visited in key order from a sorted array of block
// ids (no array or Map of every block key). The stored authorships of those blocks are re-resolved with
// them and only their author_id moves. Existing author ids are kept where possible (each resolved group
// keeps the id most of its authorships already had, new authorships counting for the person their name
// was filed under), people left without authorships or other references are removed,
// author_institutions follow the moves, and identity_evidence records why groups were joined. The
// analyst's active identity decisions of a block are passed to the resolver as constraints.
import {
  IdentityStats,
  orcidChecksumOk,
  resolveBlockIds,
  titleWords,
  type IdentityMentionIds,
  type MergeEvidence,
} from '../../shared/formats/identity';
import { initialsOf, nameKey } from '../../shared/formats/names';
import { foldKey, TITLE_KEY_CHARS } from '../../shared/formats/text';
import type { ImportStage } from '../../shared/api';
import type { Db } from './connection';
import { DecisionConstraints } from './decisions';
import { TextSpill } from './spill';
import { IntColumn, PairIndex, StringPool, TRIM_MIN_ROOM } from '../../shared/formats/intern';

export type ScanRow = [
  number, // publication_id
  number, // position
  number, // author_id
  string | null, // block
  string | null, // family
  string | null, // given
  string | null, // orcid
  string | null, // scopus_id
  number | null, // institution_id
  string | null, // journal
  number | null, // year
  string, // title
];

interface Stored {
  pub: number;
  position: number;
  author: number;
  family: string;
  given: string;
  orcid: string | null;
  scopus: string | null;
  /** Built only for blocks of more than one authorship (a lone authorship needs no evidence). */
  mention: IdentityMentionIds | null;
  /** Index in the session's unwritten authorships, or -1 for a stored authorship. */
  idx: number;
}

/** One distinct spelling of an author in a session (raw text and parsed name), shared by its authorships. */
interface SessionName {
  raw: string;
  /** The parsed parts as the adapter gave them. */
  parsedFamily: string;
  initials: string;
  /** Family as stored on the authorship (the raw text when the parsed family is empty). */
  family: string;
  given: string;
  /** Block id (IdentityStats.blockKeyOf). */
  block: number;
}

/** authors.name_key of a spelling: the person it was filed under by name (as the writer files people). */
function spellingKey(n: SessionName): string {
  return foldKey(n.parsedFamily) ? nameKey(n.parsedFamily, n.initials) : nameKey(n.raw, '');
}

const NO_YEAR = -2147483648;

/**
 * The title words of identity evidence, from the start of the title that duplicate matching compares
 * too (titleNorm): a runaway 10 MB title field would otherwise be folded and split whole.
 */
function keyWords(title: string): string[] {
  return titleWords(title.length > TITLE_KEY_CHARS ? title.slice(0, TITLE_KEY_CHARS) : title);
}

/**
 * The bylines an import session has read but not yet written: authorships are stored only once their
 * people are resolved (at commit), so each is inserted once with its final person and never updated.
 * Held in columns of integers with the distinct spellings, venues, title words and ORCID / Scopus ids
 * interned, and the name and word statistics of identity resolution are counted while the file streams.
 * Per authorship that is 8 bytes (12–16 with identifiers) in memory; the affiliation text, the one
 * per-row value of any size, goes to a temporary file (spill.ts) and is read back in row order when the
 * authorships are written. A distinct spelling is no object either: its raw text sits in a packed string
 * pool (shared/formats/intern.ts) and its parsed parts, block and co-author key are integer columns;
 * with its share of IdentityStats that is about 120 bytes (measured at 1M publications; as objects,
 * strings and Maps it was several times that). What stays in memory grows with distinct names, venues
 * and words by those bytes, plus the bytes per row.
 */
export class SessionMentions {
  readonly stats = new IdentityStats();
  /** Id of the session's first publication; the session's publications are fromPub, fromPub + 1, ... */
  fromPub = 0;
  private pubs = 0;
  // Per publication (index = id - fromPub).
  private readonly pubStart = new IntColumn();
  private readonly pubYear = new IntColumn();
  private readonly pubVenue = new IntColumn();
  private readonly pubWordStart = new IntColumn();
  private readonly pubWords = new IntColumn();
  // Per authorship, in (publication, position) order.
  // Authorships so far; authorship i is of the publication k with pubStart(k) <= i < pubEnd(k), found
  // by bisection (a column of it was 4 bytes an authorship), from the last one found.
  private rows = 0;
  private lastPub = 0;
  private readonly mName = new IntColumn();
  private readonly mInst = new IntColumn();
  // The affiliation text, read back only when the authorships are written: spilled to a temp file.
  private readonly mAff = new TextSpill();
  // ORCID and Scopus ids, interned in `ids` (1 + id, 0 for none); created when the first one arrives.
  private mOrcid: IntColumn | null = null;
  private mScopus: IntColumn | null = null;
  private readonly ids = new StringPool();
  // Distinct raw texts, and the spelling each was first read as (raw id → spelling id).
  private readonly raws = new StringPool();
  private rawName = new IntColumn();
  // Spellings whose raw text another parse already claimed (rare: two adapters in one import).
  private readonly otherIndex = new Map<string, number>();
  // Per spelling (index = spelling id): raw text id, parsed family / given / initials as ids in `texts`
  // (the family as ~id when the stored family is the raw text), IdentityStats block and co-author key ids.
  private readonly nRaw = new IntColumn();
  private readonly nFamily = new IntColumn();
  private readonly nGiven = new IntColumn();
  private readonly nInitials = new IntColumn();
  private readonly nBlock = new IntColumn();
  private readonly nCo = new IntColumn();
  private readonly texts = new StringPool();
  // Venues and title words (few distinct ones).
  private readonly strIndex = new Map<string, number>();
  private readonly strs: string[] = [];

  get size(): number {
    return this.rows;
  }

  /** Id of the session's first publication; null when it added none. */
  get firstPublication(): number | null {
    return this.pubs > 0 ? this.fromPub : null;
  }

  /**
   * The session's blocks are the IdentityStats key ids below blockCount that are blocks (isBlock); read
   * this before other names are counted into the same statistics.
   */
  get blockCount(): number {
    return this.stats.blockCount;
  }

  private intern(s: string): number {
    let id = this.strIndex.get(s);
    if (id === undefined) {
      id = this.strs.length;
      this.strs.push(s);
      this.strIndex.set(s, id);
    }
    return id;
  }

  /** Starts a new publication of the session; its id must follow the previous one's. */
  addPublication(pubId: number, title: string, journal: string | null, year: number | null): void {
    if (this.pubs === 0) this.fromPub = pubId;
    if (pubId !== this.fromPub + this.pubs) {
      throw new Error(
        `internal: publication ids of one import must be consecutive (got ${pubId} after ${this.fromPub + this.pubs - 1})`,
      );
    }
    this.pubs++;
    this.pubStart.push(this.rows);
    this.pubYear.push(year ?? NO_YEAR);
    this.pubVenue.push(journal ? this.intern(foldKey(journal)) : -1);
    this.pubWordStart.push(this.pubWords.length);
    const words = keyWords(title);
    this.stats.addTitle(words);
    for (const w of words) this.pubWords.push(this.intern(w));
  }

  /** Whether spelling id was parsed into these parts. */
  private sameParse(id: number, a: { family: string; given: string; initials: string }): boolean {
    const f = this.nFamily.get(id);
    return (
      this.texts.equals(f < 0 ? ~f : f, a.family) &&
      this.texts.equals(this.nGiven.get(id), a.given) &&
      this.texts.equals(this.nInitials.get(id), a.initials)
    );
  }

  /** Adds the next authorship of the publication added last (positions follow the call order). */
  addAuthor(
    a: { raw: string; family: string; given: string; initials: string },
    institution: number | null,
    affiliation: string | null,
    orcid: string | null,
    scopus: string | null,
  ): void {
    // Looked up by the raw text (one adapter parses it the same way every time), the parts checked.
    const rawId = this.raws.id(a.raw);
    let id = rawId < this.rawName.length ? this.rawName.get(rawId) : -1;
    if (id >= 0 && !this.sameParse(id, a)) {
      const spelling = `${a.raw}\u0001${a.family}\u0001${a.given}\u0001${a.initials}`;
      id = this.otherIndex.get(spelling) ?? -1;
      if (id < 0) this.otherIndex.set(spelling, this.nRaw.length);
    } else if (id < 0) this.rawName.push(this.nRaw.length);
    if (id < 0) {
      // The name as parsed stays on the authorship; the raw text stands in for an unparsed family.
      const parsed = this.texts.id(a.family);
      const family = foldKey(a.family) ? a.family : a.raw;
      id = this.nRaw.length;
      this.nRaw.push(rawId);
      this.nFamily.push(family === a.family ? parsed : ~parsed);
      this.nGiven.push(this.texts.id(a.given));
      this.nInitials.push(this.texts.id(a.initials));
      this.nCo.push(this.stats.addNameId(family, a.given));
      // The block (blockKey(family, given)) is the one the statistics counted the name under.
      this.nBlock.push(this.stats.lastBlock);
    } else {
      this.stats.addKeyAgainId(this.nCo.get(id));
    }
    const i = this.rows++;
    this.mName.push(id);
    this.mInst.push(institution ?? 0);
    if (affiliation !== null) this.mAff.add(i, affiliation);
    if (orcid !== null || this.mOrcid)
      (this.mOrcid ??= this.idColumn(i)).push(orcid === null ? 0 : this.ids.id(orcid) + 1);
    if (scopus !== null || this.mScopus)
      (this.mScopus ??= this.idColumn(i)).push(scopus === null ? 0 : this.ids.id(scopus) + 1);
  }

  /** A column of interned ids for rows 0..i-1 (none of which had one). */
  private idColumn(rows: number): IntColumn {
    const c = new IntColumn();
    for (let r = 0; r < rows; r++) c.push(0);
    return c;
  }

  /**
   * Ends the reading: no authorship is added from now on. Drops the lookup indexes only adding needs
   * (of the raw texts, the parsed parts and the identifiers, and raw text → spelling; their strings stay
   * readable), seals the statistics (IdentityStats.seal) and trims the big columns (TRIM_MIN_ROOM), so
   * resolution runs with that memory given back.
   */
  seal(): void {
    this.rawName = new IntColumn();
    this.raws.seal();
    this.texts.seal();
    this.ids.seal();
    this.otherIndex.clear();
    this.stats.seal();
    // The columns as long as their rows (they grow by half again: up to a third of them was room).
    for (const c of [
      this.pubStart,
      this.pubYear,
      this.pubVenue,
      this.pubWordStart,
      this.pubWords,
      this.mName,
      this.mInst,
      this.mOrcid,
      this.mScopus,
      this.nRaw,
      this.nFamily,
      this.nGiven,
      this.nInitials,
      this.nBlock,
      this.nCo,
    ])
      c?.trim(TRIM_MIN_ROOM);
  }

  /** Removes the temporary file of the affiliations; call when the session ends (commit or rollback). */
  close(): void {
    this.mAff.close();
  }

  private index(pubId: number): number {
    const k = pubId - this.fromPub;
    return this.pubs > 0 && k >= 0 && k < this.pubs ? k : -1;
  }

  /** A later duplicate fills the journal and year a session publication lacks (as the stored row). */
  fill(pubId: number, journal: string | null, year: number | null): void {
    const k = this.index(pubId);
    if (k < 0) return;
    if (year !== null && this.pubYear.get(k) === NO_YEAR) this.pubYear.set(k, year);
    if (journal && this.pubVenue.get(k) === -1) this.pubVenue.set(k, this.intern(foldKey(journal)));
  }

  /**
   * The folded family of a session publication's first author (as authors.family of its person would
   * read); undefined for publications not of this session.
   */
  firstFamily(pubId: number): string | undefined {
    const k = this.index(pubId);
    if (k < 0) return undefined;
    const start = this.pubStart.get(k);
    const end = k + 1 < this.pubs ? this.pubStart.get(k + 1) : this.rows;
    if (start >= end) return '';
    const f = this.nFamily.get(this.mName.get(start));
    return foldKey(this.texts.get(f < 0 ? ~f : f));
  }

  private pubEnd(k: number): number {
    return k + 1 < this.pubs ? this.pubStart.get(k + 1) : this.rows;
  }

  /** The session's authorships grouped by block: block id → authorship indexes (ascending). */
  byBlock(): { start: Int32Array; items: Int32Array } {
    const n = this.rows;
    const blocks = this.blockCount;
    const start = new Int32Array(blocks + 1);
    for (let i = 0; i < n; i++) {
      const b = this.nBlock.get(this.mName.get(i));
      start[b + 1] = (start[b + 1] as number) + 1;
    }
    for (let b = 0; b < blocks; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
    const fillAt = start.slice(0, blocks);
    const items = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const b = this.nBlock.get(this.mName.get(i));
      const at = fillAt[b] as number;
      items[at] = i;
      fillAt[b] = at + 1;
    }
    return { start, items };
  }

  /** Index (id - fromPub) of the publication of authorship i. */
  private pubIndex(i: number): number {
    let k = this.lastPub;
    if (k < this.pubs && this.pubStart.get(k) <= i && i < this.pubEnd(k)) return k;
    // Authorships read in row order: the next publication.
    if (k + 1 < this.pubs && this.pubStart.get(k + 1) <= i && i < this.pubEnd(k + 1)) {
      this.lastPub = k + 1;
      return k + 1;
    }
    // The last publication whose authorships start at or before i (one without any starts where the
    // next one does).
    let lo = 0;
    let hi = this.pubs - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.pubStart.get(mid) <= i) lo = mid;
      else hi = mid - 1;
    }
    k = lo;
    this.lastPub = k;
    return k;
  }

  /** Publication id and byline position of authorship i. */
  pubOf(i: number): number {
    return this.fromPub + this.pubIndex(i);
  }

  /** Byline position of authorship i; `pub` is its publication (pubOf(i)) when known already. */
  position(i: number, pub?: number): number {
    const k = pub === undefined ? this.pubIndex(i) : pub - this.fromPub;
    return i - this.pubStart.get(k) + 1;
  }

  /** The spelling of authorship i (decoded from the pools: a new object each call). */
  name(i: number): SessionName {
    const id = this.mName.get(i);
    const raw = this.raw(i);
    const f = this.nFamily.get(id);
    return {
      raw,
      parsedFamily: this.texts.get(f < 0 ? ~f : f),
      initials: this.texts.get(this.nInitials.get(id)),
      family: this.family(i, raw),
      given: this.given(i),
      block: this.block(i),
    };
  }

  /** The raw text of authorship i's name. */
  raw(i: number): string {
    return this.raws.get(this.nRaw.get(this.mName.get(i)));
  }

  /** Family as stored on authorship i (name(i).family); `raw` is its raw text when already read. */
  family(i: number, raw?: string): string {
    const id = this.mName.get(i);
    const f = this.nFamily.get(id);
    return f >= 0 ? this.texts.get(f) : (raw ?? this.raws.get(this.nRaw.get(id)));
  }

  /** Given names of authorship i (name(i).given). */
  given(i: number): string {
    return this.texts.get(this.nGiven.get(this.mName.get(i)));
  }

  /** Block id of authorship i (name(i).block). */
  block(i: number): number {
    return this.nBlock.get(this.mName.get(i));
  }

  /** The block key of a block id. */
  blockKey(block: number): string {
    return this.stats.blockKeyOf(block);
  }

  orcid(i: number): string | null {
    const v = this.mOrcid ? this.mOrcid.get(i) : 0;
    return v === 0 ? null : this.ids.get(v - 1);
  }

  scopus(i: number): string | null {
    const v = this.mScopus ? this.mScopus.get(i) : 0;
    return v === 0 ? null : this.ids.get(v - 1);
  }

  /**
   * The affiliation texts in row order: `at(i)` gives authorship i's text or null, for increasing i
   * (read back from the temporary file once).
   */
  affiliations(): { at(i: number): string | null } {
    return this.mAff.reader();
  }

  institution(i: number): number | null {
    const v = this.mInst.get(i);
    return v === 0 ? null : v;
  }

  year(i: number): number | null {
    const y = this.pubYear.get(this.pubIndex(i));
    return y === NO_YEAR ? null : y;
  }

  /**
   * The evidence of authorship i for resolveBlock (co-authors, venue, title words...); `pub` is its
   * publication (pubOf(i)) when known already. Visited block by block, the authorships are out of
   * row order: each look-up of their publication is a bisection.
   */
  mention(i: number, given: string, pub?: number): IdentityMentionIds {
    const k = pub === undefined ? this.pubIndex(i) : pub - this.fromPub;
    const coauthorKeys: number[] = [];
    const coauthorBlocks: number[] = [];
    for (let j = this.pubStart.get(k), end = this.pubEnd(k); j < end; j++) {
      if (j === i) continue;
      const name = this.mName.get(j);
      coauthorKeys.push(this.nCo.get(name));
      coauthorBlocks.push(this.nBlock.get(name));
    }
    const words: string[] = [];
    const wEnd = k + 1 < this.pubs ? this.pubWordStart.get(k + 1) : this.pubWords.length;
    for (let w = this.pubWordStart.get(k); w < wEnd; w++)
      words.push(this.strs[this.pubWords.get(w)] as string);
    const venue = this.pubVenue.get(k);
    const ids: string[] = [];
    const orcid = this.orcid(i);
    const scopus = this.scopus(i);
    if (orcid) ids.push(`orcid:${orcid}`);
    if (scopus) ids.push(`scopus:${scopus}`);
    const year = this.pubYear.get(k);
    return {
      paper: this.fromPub + k,
      given,
      coauthorKeys,
      coauthorBlocks,
      institution: this.institution(i),
      venue: venue < 0 ? null : (this.strs[venue] as string),
      words,
      year: year === NO_YEAR ? null : year,
      ids,
    };
  }
}

/** The row Places gives per (person, institution): first and last year (null: none known) and papers. */
export type PlaceRow = (
  author: number,
  institution: number,
  first: number | null,
  last: number | null,
  papers: number,
) => void;

/**
 * Papers per (person, institution) of a session's authorships, with first and last year: in integer
 * columns, numbered by a PairIndex where both ids fit in 31 bits (a Map by string key otherwise). The
 * caller drains it into author_institutions whenever `size` reaches its bound and at the end: the rows
 * are upserts that add papers and widen the years, so a pair drained in several parts sums to the same
 * row, and the memory stays bounded however many pairs an import has.
 */
export class Places {
  /**
   * How many distinct (person, institution) pairs are held before they are added to author_institutions:
   * about 7 MB of columns and index at most (a 1 GB MEDLINE file has some 700k pairs, which took 33 MB
   * held to the end). Tests lower it.
   */
  static flushAt = 1 << 17;

  private readonly pairs = new PairIndex();
  private readonly others = new Map<string, number>();
  // Row ids as JS numbers (any size), rows 0..size-1 (the arrays keep their room when drained); years and
  // paper counts in 32-bit columns.
  private readonly author: number[] = [];
  private readonly institution: number[] = [];
  private readonly first = new IntColumn();
  private readonly last = new IntColumn();
  private readonly papers = new IntColumn();

  /** Distinct pairs held (added since the last drain). */
  get size(): number {
    return this.papers.length;
  }

  add(author: number, institution: number, year: number | null): void {
    const next = this.papers.length;
    let at: number;
    if (author >= 0 && institution >= 0 && author <= 0x7fffffff && institution <= 0x7fffffff) {
      at = this.pairs.id(author, institution, next);
    } else {
      const key = `${author}:${institution}`;
      at = this.others.get(key) ?? next;
      if (at === next) this.others.set(key, next);
    }
    const y = year ?? NO_YEAR;
    if (at === next) {
      this.author[next] = author;
      this.institution[next] = institution;
      this.first.push(y);
      this.last.push(y);
      this.papers.push(1);
      return;
    }
    if (y !== NO_YEAR) {
      const f = this.first.get(at);
      const l = this.last.get(at);
      this.first.set(at, f === NO_YEAR ? y : Math.min(f, y));
      this.last.set(at, l === NO_YEAR ? y : Math.max(l, y));
    }
    this.papers.set(at, this.papers.get(at) + 1);
  }

  /** Calls fn for each pair held, in the order first added, then forgets them all. */
  drain(fn: PlaceRow): void {
    for (let i = 0; i < this.papers.length; i++) {
      const f = this.first.get(i);
      const l = this.last.get(i);
      fn(
        this.author[i] as number,
        this.institution[i] as number,
        f === NO_YEAR ? null : f,
        l === NO_YEAR ? null : l,
        this.papers.get(i),
      );
    }
    this.pairs.clear();
    this.others.clear();
    this.first.clear();
    this.last.clear();
    this.papers.clear();
  }
}

export interface ResolveReport {
  blocks: number;
  moved: number;
  created: number;
  removed: number;
}

// The same given names recur on many people: their initials are worked out once (bounded, so memory
// stays flat).
let initialsCache = new Map<string, string>();

function initialsOfCached(given: string): string {
  let initials = initialsCache.get(given);
  if (initials === undefined) {
    initials = initialsOf(given);
    if (initialsCache.size >= 100_000) initialsCache = new Map();
    initialsCache.set(given, initials);
  }
  return initials;
}

/** Whether `given` holds real given names rather than bare initials ("Kenneth D" vs "KD"). */
function isFullGiven(given: string): boolean {
  return /\p{Ll}/u.test(given);
}

function displayName(family: string, given: string, initials: string): string {
  if (isFullGiven(given)) return `${given} ${family}`;
  return initials ? `${family} ${initials}` : family;
}

/** The name a resolved person is shown by: the fullest given name, then the most frequent spelling. */
function bestName(members: Stored[]): { family: string; given: string } {
  if (members.length === 1) return members[0] as Stored;
  const counts = new Map<string, { family: string; given: string; n: number; first: number }>();
  members.forEach((m, i) => {
    const k = `${m.family}\u0001${m.given}`;
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { family: m.family, given: m.given, n: 1, first: i });
  });
  const rank = (g: string): number => (isFullGiven(g) ? 1000 : 0) + g.replace(/[\s.]/g, '').length;
  const best = [...counts.values()].sort(
    (a, b) => rank(b.given) - rank(a.given) || b.n - a.n || a.first - b.first,
  )[0];
  return best ?? { family: '', given: '' };
}

/**
 * The author_institutions rows the touched people's authorships account for (rows only an affiliation
 * list gave are kept). CROSS JOIN keeps the touched people the outer loop, their authorships found by
 * author_id: left to itself, SQLite scanned every authorship in author_id order to spare the GROUP BY
 * below a sort, and probed the touched people for each (34 s for 1,402 people in a 1M-publication
 * project).
 */
export const DROP_BACKED_INSTITUTIONS = `DELETE FROM author_institutions WHERE (author_id, institution_id) IN
  (SELECT au.author_id, au.institution_id FROM temp.identity_touched t
   CROSS JOIN authorships au ON au.author_id = t.id WHERE au.institution_id IS NOT NULL)`;

/** The touched people's author_institutions rows, rebuilt from their authorships (see above). */
export const REBUILD_INSTITUTIONS = `INSERT INTO author_institutions (author_id, institution_id, first_year, last_year, papers)
  SELECT au.author_id, au.institution_id, min(p.year), max(p.year), count(*)
  FROM temp.identity_touched t CROSS JOIN authorships au ON au.author_id = t.id
  JOIN publications p ON p.id = au.publication_id
  WHERE au.institution_id IS NOT NULL GROUP BY au.author_id, au.institution_id
  ON CONFLICT (author_id, institution_id) DO UPDATE SET
    first_year = coalesce(min(first_year, excluded.first_year), first_year, excluded.first_year),
    last_year = coalesce(max(last_year, excluded.last_year), last_year, excluded.last_year),
    papers = papers + excluded.papers`;

const TOUCHED_TABLE = `CREATE TEMP TABLE IF NOT EXISTS identity_touched (id INTEGER PRIMARY KEY)`;

const AUTHORSHIP_COLUMNS = `publication_id, position, author_id, raw_name, raw_affiliation, institution_id,
  family, given, block, orcid, scopus_id`;
const AUTHORSHIP_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Rows of one multi-row INSERT of an import's authorships. */
const AUTHORSHIP_BATCH = 32;

/**
 * How far a long write inside an import's transaction has come (see commitSteps in writer.ts): the
 * stage, and what is done of it of its total (blocks, authorships, indexes; 0 of 1 for one step).
 */
export interface ImportStep {
  stage: ImportStage;
  done: number;
  total: number;
}

/** Runs steps to their end at once (callers that need no progress) and returns their result. */
export function runSteps<T>(steps: Generator<ImportStep, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Blocks resolved between two steps of the 'people' stage. */
const BLOCKS_A_STEP = 256;
/** Authorships written between two steps of the 'authorships' stage. */
const AUTHORSHIPS_A_STEP = 8192;

/** Prepared statements of the resolver; built once per project with the writer's statements. */
export class IdentityResolver {
  /**
   * cache_size (KiB, negative) while a large import rebuilds its indexes (see dropIndexesIfEmpty): the sorts hold
   * up to this much of keys in memory, and spill sorted runs to disk beyond it. Tests lower it.
   */
  static indexBuildCache = -16384;
  /** Stored publications whose bylines are read between two steps of the 'stored' stage. Tests lower it. */
  static storedPubsAStep = 2048;

  private readonly scan;
  private readonly move;
  private readonly insertAuthor;
  private readonly updateAuthor;
  private readonly dropBackedInstitutions;
  private readonly rebuildInstitutions;
  private readonly deleteOrphan;
  private readonly deleteEvidence;
  private readonly anyEvidence;
  private readonly clearTouched;
  private readonly addTouched;
  private readonly insertEvidence;
  private readonly insertAuthorship;
  private readonly insertAuthorships;
  private readonly addInstitution;
  private readonly decisions: DecisionConstraints;
  private readonly indexesOf;
  private readonly anyRow;
  private readonly lastStoredPublication;
  // temp_store is FILE (tempStore): a large import's index builds sort on disk.
  private sortsOnDisk = false;

  constructor(private readonly db: Db) {
    this.indexesOf = db.prepare<[string], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
    );
    this.anyRow = {
      authors: db.prepare<[], number>(`SELECT EXISTS (SELECT 1 FROM authors)`).pluck(),
      authorships: db.prepare<[], number>(`SELECT EXISTS (SELECT 1 FROM authorships)`).pluck(),
    };
    this.decisions = new DecisionConstraints(db);
    // The last publication with stored authorships (the primary key's first column: one seek).
    this.lastStoredPublication = db
      .prepare<[], number | null>(`SELECT max(publication_id) FROM authorships`)
      .pluck();
    this.scan = db.prepare<[number], ScanRow>(
      `SELECT au.publication_id, au.position, au.author_id, au.block, au.family, au.given, au.orcid, au.scopus_id,
              au.institution_id, p.journal, p.year, p.title
       FROM authorships au JOIN publications p ON p.id = au.publication_id
       WHERE au.publication_id < ?
       ORDER BY au.publication_id, au.position`,
    );
    this.move = db.prepare<[number, number, number]>(
      `UPDATE authorships SET author_id = ? WHERE publication_id = ? AND position = ?`,
    );
    this.insertAuthor = db.prepare<[string, string, string, string, string, string | null, string | null]>(
      `INSERT INTO authors (display_name, family, given, initials, name_key, orcid, scopus_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateAuthor = db.prepare<
      [string, string, string, string, string, string | null, string | null, number]
    >(
      `UPDATE authors SET display_name = ?, family = ?, given = ?, initials = ?, name_key = ?,
         orcid = coalesce(?, orcid), scopus_id = coalesce(?, scopus_id) WHERE id = ?`,
    );
    // The people whose authorships moved, one set-based statement each instead of one per person.
    db.exec(TOUCHED_TABLE);
    this.clearTouched = db.prepare(`DELETE FROM temp.identity_touched`);
    this.addTouched = db.prepare<[number]>(`INSERT INTO temp.identity_touched (id) VALUES (?)`);
    this.dropBackedInstitutions = db.prepare(DROP_BACKED_INSTITUTIONS);
    this.rebuildInstitutions = db.prepare(REBUILD_INSTITUTIONS);
    this.deleteOrphan = db.prepare<[number, number, number, number, number, number, number]>(
      `DELETE FROM authors WHERE id = ?
         AND NOT EXISTS (SELECT 1 FROM authorships WHERE author_id = ?)
         AND NOT EXISTS (SELECT 1 FROM trial_roles WHERE author_id = ?)
         AND NOT EXISTS (SELECT 1 FROM payments WHERE author_id = ?)
         AND NOT EXISTS (SELECT 1 FROM author_institutions WHERE author_id = ?)
         AND NOT EXISTS (SELECT 1 FROM territory_people WHERE author_id = ?)
         AND NOT EXISTS (SELECT 1 FROM engagements WHERE author_id = ?)`,
    );
    this.deleteEvidence = db.prepare<[number]>(`DELETE FROM identity_evidence WHERE author_id = ?`);
    this.anyEvidence = db.prepare<[], number>(`SELECT EXISTS (SELECT 1 FROM identity_evidence)`).pluck();
    // Both take their parameters as one array, 11 a row.
    this.insertAuthorship = db.prepare<unknown[]>(
      `INSERT INTO authorships (${AUTHORSHIP_COLUMNS}) VALUES ${AUTHORSHIP_VALUES}`,
    );
    // AUTHORSHIP_BATCH rows a statement: a third less time for these inserts than one row each.
    this.insertAuthorships = db.prepare<unknown[]>(
      `INSERT INTO authorships (${AUTHORSHIP_COLUMNS})
       VALUES ${Array.from({ length: AUTHORSHIP_BATCH }, () => AUTHORSHIP_VALUES).join(', ')}`,
    );
    this.addInstitution = db.prepare<[number, number, number | null, number | null, number]>(
      `INSERT INTO author_institutions (author_id, institution_id, first_year, last_year, papers)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (author_id, institution_id) DO UPDATE SET
         first_year = coalesce(min(first_year, excluded.first_year), first_year, excluded.first_year),
         last_year = coalesce(max(last_year, excluded.last_year), last_year, excluded.last_year),
         papers = papers + excluded.papers`,
    );
    this.insertEvidence = db.prepare<[number, string, string]>(
      `INSERT INTO identity_evidence (author_id, block, evidence) VALUES (?, ?, ?)`,
    );
  }

  /**
   * Sets where the connection keeps its temporary data (PRAGMA temp_store, MEMORY or FILE); only
   * between transactions. SQLite drops the temporary tables when the setting changes: ours is created
   * again (the statements using it are prepared again by SQLite on their next run).
   */
  tempStore(mode: 'MEMORY' | 'FILE'): void {
    this.sortsOnDisk = mode === 'FILE';
    this.db.pragma(`temp_store = ${mode}`);
    this.db.exec(TOUCHED_TABLE);
  }

  /**
   * Fills an empty table faster: when it is empty, its secondary indexes are dropped and returned, to
   * be created again from their stored definitions once it is filled (createIndexSteps: one sort each
   * instead of a B-tree update per row). Inside the import's transaction, so a failed import gets them
   * back with everything else.
   */
  private dropIndexesIfEmpty(table: 'authors' | 'authorships'): { name: string; sql: string }[] {
    return this.anyRow[table].get() === 1 ? [] : this.dropIndexes(table);
  }

  /** Drops a table's secondary indexes (inside a transaction) and returns their definitions. */
  dropIndexes(table: string): { name: string; sql: string }[] {
    const indexes = this.indexesOf.all(table);
    for (const { name } of indexes) this.db.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
    return indexes;
  }

  /**
   * Creates indexes dropIndexes dropped, from their stored definitions (one sort each), one step
   * before each index.
   */
  *createIndexSteps(indexes: { name: string; sql: string }[]): Generator<ImportStep, void> {
    if (indexes.length === 0) return;
    // A sort on disk holds up to cache_size of keys in memory besides the page cache: a smaller
    // cache while the indexes are built (about 50 MB less at 1M publications); then as before.
    const cacheSize = this.sortsOnDisk ? (this.db.pragma('cache_size', { simple: true }) as number) : 0;
    if (this.sortsOnDisk) this.db.pragma(`cache_size = ${IdentityResolver.indexBuildCache}`);
    try {
      for (let i = 0; i < indexes.length; i++) {
        yield { stage: 'indexes', done: i, total: indexes.length };
        this.db.exec((indexes[i] as { sql: string }).sql);
      }
    } finally {
      if (this.sortsOnDisk) this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  /** The name and identifiers a resolved group of authorships is stored under. */
  private naming(group: Stored[]) {
    const { family, given } = bestName(group);
    const initials = initialsOfCached(given);
    return {
      family,
      given,
      initials,
      display: displayName(family, given, initials),
      key: foldKey(family) ? nameKey(family, initials) : nameKey(family, ''),
      // A right ORCID iD before one with a typo (a wrong check digit) the group may also hold.
      orcid:
        (group.find((m) => m.orcid && orcidChecksumOk(m.orcid)) ?? group.find((m) => m.orcid))?.orcid ?? null,
      scopus: group.find((m) => m.scopus)?.scopus ?? null,
    };
  }

  /**
   * Re-resolves the given blocks (blockKey values); call inside the import's transaction. With an
   * import session's unwritten authorships, those blocks are resolved too and the authorships are
   * inserted with their final people; `hint(nameKey)` names the stored person a new authorship was filed
   * under by name before (0 for none), so that person keeps its id.
   */
  resolve(
    blocks: ReadonlySet<string>,
    session?: SessionMentions,
    hint?: (nameKey: string) => number,
  ): ResolveReport {
    return runSteps(this.resolveSteps(blocks, session, hint));
  }

  /**
   * resolve, in steps: one every BLOCKS_A_STEP blocks resolved and AUTHORSHIPS_A_STEP authorships
   * written, and one before each index built. Between two steps no statement is left running, so the
   * caller may let other work use the connection (an import's commit lets its event loop run).
   */
  *resolveSteps(
    blocks: ReadonlySet<string>,
    session?: SessionMentions,
    hint?: (nameKey: string) => number,
  ): Generator<ImportStep, ResolveReport> {
    // The session's blocks are its statistics' key ids below nSession that are blocks (counted before
    // the stored names below add theirs); the other blocks asked for are kept as text.
    const nSession = session ? session.blockCount : 0;
    const stats = session ? session.stats : new IdentityStats();
    const sessionBlock = (key: string): number => {
      const id = session ? stats.blockId(key) : -1;
      return id < nSession ? id : -1;
    };
    let sessionBlocks = 0;
    for (let b = 0; b < nSession; b++) if (stats.isBlock(b)) sessionBlocks++;
    const others = [...blocks].filter((b) => sessionBlock(b) < 0).sort();
    const report: ResolveReport = {
      blocks: others.length + sessionBlocks,
      moved: 0,
      created: 0,
      removed: 0,
    };
    if (report.blocks === 0) return report;
    const resolving = (key: string): boolean => blocks.has(key) || sessionBlock(key) >= 0;
    const byBlock = new Map<string, Stored[]>();
    // One pass over every stored byline: the names and title words of all of them make the context (how
    // common a name or word is; the session counted its own while reading); the mentions of the blocks
    // to resolve are kept with their co-authors.
    const flush = (pubRows: ScanRow[]): void => {
      const first = pubRows[0];
      if (!first) return;
      const words = keyWords(first[11]);
      stats.addTitle(words);
      // Co-author key and block ids of each byline entry (-1: no name).
      const keys = new Int32Array(pubRows.length).fill(-1);
      const keyBlocks = new Int32Array(pubRows.length);
      pubRows.forEach((r, i) => {
        if (r[3] === null) return;
        keys[i] = stats.addNameId(r[4] ?? '', r[5] ?? '');
        keyBlocks[i] = stats.lastBlock;
      });
      const venue = first[9] ? foldKey(first[9]) : null;
      pubRows.forEach((r, i) => {
        const block = r[3];
        if (block === null || !resolving(block)) return;
        const ids: string[] = [];
        if (r[6]) ids.push(`orcid:${r[6]}`);
        if (r[7]) ids.push(`scopus:${r[7]}`);
        const coauthorKeys: number[] = [];
        const coauthorBlocks: number[] = [];
        for (let j = 0; j < keys.length; j++) {
          if (j === i || (keys[j] as number) < 0) continue;
          coauthorKeys.push(keys[j] as number);
          coauthorBlocks.push(keyBlocks[j] as number);
        }
        let list = byBlock.get(block);
        if (!list) byBlock.set(block, (list = []));
        list.push({
          pub: r[0],
          position: r[1],
          author: r[2],
          family: r[4] ?? '',
          given: r[5] ?? '',
          orcid: r[6],
          scopus: r[7],
          idx: -1,
          mention: {
            paper: r[0],
            given: r[5] ?? '',
            coauthorKeys,
            coauthorBlocks,
            institution: r[8],
            venue,
            words,
            year: r[10],
            ids,
          },
        });
      });
    };
    // The session's own authorships are not stored yet: every stored one is context. Read in steps
    // (a 1M-publication project holds some 6M), by publication id: the statement stays open between
    // them, which only reads on this connection may share; the API's reads go to a connection of
    // their own while an import's transaction is open (Project.readCommitted), and writes wait in the
    // write queue.
    const lastStored = this.lastStoredPublication.get() ?? 0;
    if (lastStored > 0) yield { stage: 'stored', done: 0, total: lastStored };
    let pubRows: ScanRow[] = [];
    let pubsInStep = 0;
    for (const row of this.scan.raw().iterate(Number.MAX_SAFE_INTEGER) as Iterable<ScanRow>) {
      if (pubRows.length > 0 && (pubRows[0] as ScanRow)[0] !== row[0]) {
        flush(pubRows);
        pubRows = [];
        if (++pubsInStep >= IdentityResolver.storedPubsAStep) {
          pubsInStep = 0;
          yield { stage: 'stored', done: row[0], total: lastStored };
        }
      }
      pubRows.push(row);
    }
    flush(pubRows);
    // Every name is counted: what only counting needed goes before the blocks are resolved.
    session?.seal();

    // Dropped once the people are resolved (4 bytes an authorship, not needed to write them).
    let grouped = session?.byBlock();
    // Every block once, in JS string order of its key: the other blocks merged with the session's.
    const order = new Int32Array(sessionBlocks);
    for (let b = 0, at = 0; b < nSession; b++) if (stats.isBlock(b)) order[at++] = b;
    order.sort((x, y) => stats.compareBlocks(x, y));
    function* inOrder(): Generator<[string, number]> {
      let o = 0;
      for (let s = 0; s < order.length; s++) {
        const b = order[s] as number;
        const key = stats.blockKeyOf(b);
        while (o < others.length && (others[o] as string) < key) yield [others[o++] as string, -1];
        yield [key, b];
      }
      while (o < others.length) yield [others[o++] as string, -1];
    }
    const final = new Int32Array(session?.size ?? 0);
    const hints = new Map<string, number>();
    const hintOf = (key: string): number => {
      if (!hint) return 0;
      let id = hints.get(key);
      if (id === undefined) hints.set(key, (id = hint(key)));
      return id;
    };
    // The stored people a group kept; the people created here (ids from firstCreated on, above every id
    // that existed before) are taken too, without a set entry each.
    const used = new Set<number>();
    let firstCreated = Infinity;
    const moves: { s: Stored; to: number }[] = [];
    const touched = new Set<number>();
    // Nothing to clear when no person has evidence yet (a first import).
    const hadEvidence = this.anyEvidence.get() === 1;
    // The analyst's decisions (electron/db/decisions.ts) are constraints of the pure resolver.
    const constraintsFor = this.decisions.load();
    const authorIndexes = this.dropIndexesIfEmpty('authors');
    // The work between two steps is a plain function: V8 optimises a long loop in a generator less well.
    const blocksLeft = inOrder();
    let blocksDone = 0;
    const resolveBlocks = (): boolean => {
      for (let n = 0; n < BLOCKS_A_STEP; n++) {
        const next = blocksLeft.next();
        if (next.done) return false;
        blocksDone++;
        const [block, b] = next.value;
        const members: Stored[] = byBlock.get(block) ?? [];
        byBlock.delete(block);
        if (session && grouped && b >= 0) {
          for (let x = grouped.start[b] as number, end = grouped.start[b + 1] as number; x < end; x++) {
            const i = grouped.items[x] as number;
            // The whole spelling only for the hint; family and given are all the rest needs.
            const name = hint ? session.name(i) : null;
            const pub = session.pubOf(i);
            members.push({
              pub,
              position: session.position(i, pub),
              author: name ? hintOf(spellingKey(name)) : 0,
              family: name ? name.family : session.family(i),
              given: name ? name.given : session.given(i),
              orcid: session.orcid(i),
              scopus: session.scopus(i),
              idx: i,
              mention: null,
            });
          }
        }
        if (members.length === 0) continue;
        let labels: number[];
        let evidence: { label: number; merge: MergeEvidence }[];
        if (members.length === 1) {
          labels = [0];
          evidence = [];
        } else {
          const mentions = members.map(
            (m) => m.mention ?? (session as SessionMentions).mention(m.idx, m.given, m.pub),
          );
          ({ labels, evidence } = resolveBlockIds(
            block,
            mentions,
            stats,
            undefined,
            constraintsFor(block, members),
          ));
        }
        const merges = new Map<number, MergeEvidence[]>();
        for (const e of evidence) {
          const list = merges.get(e.label);
          if (list) list.push(e.merge);
          else merges.set(e.label, [e.merge]);
        }
        let ordered: [number, Stored[]][];
        if (members.length === 1) ordered = [[0, members]];
        else {
          const clusters = new Map<number, Stored[]>();
          labels.forEach((l, i) => {
            let c = clusters.get(l);
            if (!c) clusters.set(l, (c = []));
            c.push(members[i] as Stored);
          });
          ordered = [...clusters.entries()].sort((x, y) => y[1].length - x[1].length || x[0] - y[0]);
        }
        const changed = new Set<number>();
        const kept: { id: number; group: Stored[] }[] = [];
        for (const [label, group] of ordered) {
          let keep: number | undefined;
          if (group.length === 1) {
            // One authorship: its person, unless another group of this resolution kept it already.
            const author = (group[0] as Stored).author;
            if (author !== 0 && !used.has(author)) keep = author;
          } else {
            const tally = new Map<number, number>();
            for (const m of group) if (m.author !== 0) tally.set(m.author, (tally.get(m.author) ?? 0) + 1);
            let best = 0;
            for (const [id, count] of tally) {
              if (used.has(id)) continue;
              if (count > best || (count === best && keep !== undefined && id < keep)) {
                keep = id;
                best = count;
              }
            }
          }
          let id: number;
          if (keep !== undefined) {
            id = keep;
            kept.push({ id, group });
          } else {
            const name = this.naming(group);
            id = Number(
              this.insertAuthor.run(
                name.display,
                name.family,
                name.given,
                name.initials,
                name.key,
                name.orcid,
                name.scopus,
              ).lastInsertRowid,
            );
            report.created++;
            if (id < firstCreated) firstCreated = id;
          }
          if (id < firstCreated) used.add(id);
          for (const m of group) {
            if (m.idx >= 0) {
              // A new authorship: written below with its person; the person's name may gain from it.
              final[m.idx] = id;
              changed.add(id);
              continue;
            }
            if (m.author === id) continue;
            moves.push({ s: m, to: id });
            changed.add(m.author);
            changed.add(id);
            touched.add(m.author);
            touched.add(id);
          }
          const merged = merges.get(label) ?? [];
          if (hadEvidence) this.deleteEvidence.run(id);
          if (merged.length > 0) {
            const variants = [...new Set(group.map((m) => `${m.family}, ${m.given}`))].sort();
            this.insertEvidence.run(
              id,
              block,
              JSON.stringify({ variants, papers: group.length, merges: merged.slice(0, 50) }),
            );
          }
        }
        // A person whose authorships did not change keeps the name it has.
        for (const { id, group } of kept) {
          if (!changed.has(id)) continue;
          const name = this.naming(group);
          this.updateAuthor.run(
            name.display,
            name.family,
            name.given,
            name.initials,
            name.key,
            name.orcid,
            name.scopus,
            id,
          );
        }
      }
      return true;
    };
    do yield { stage: 'people', done: blocksDone, total: report.blocks };
    while (resolveBlocks());
    yield* this.createIndexSteps(authorIndexes);
    grouped = undefined;
    // Stored authorships that moved: their people's institution rows are rebuilt from the authorships.
    this.clearTouched.run();
    for (const id of touched) this.addTouched.run(id);
    this.dropBackedInstitutions.run();
    for (const { s, to } of moves) this.move.run(to, s.pub, s.position);
    report.moved = moves.length;
    this.rebuildInstitutions.run();
    this.clearTouched.run();
    // The session's authorships, each written once with its person, in primary-key order; their
    // institutions are added up per person and institution first (in parts of Places.flushAt pairs).
    if (session) {
      const places = new Places();
      const addPlaces: PlaceRow = (author, institution, first, last, papers) =>
        this.addInstitution.run(author, institution, first, last, papers);
      const affiliations = session.affiliations();
      // The parameters of the rows not inserted yet (fewer than AUTHORSHIP_BATCH rows).
      const values: (string | number | null)[] = [];
      const width = 11;
      // The last rows, one by one.
      const flush = (): void => {
        for (let at = 0; at < values.length; at += width)
          this.insertAuthorship.run(values.slice(at, at + width));
        values.length = 0;
      };
      const authorshipIndexes = this.dropIndexesIfEmpty('authorships');
      const writeAuthorships = (from: number, to: number): void => {
        for (let i = from; i < to; i++) {
          const raw = session.raw(i);
          const institution = session.institution(i);
          const author = final[i] as number;
          values.push(
            session.pubOf(i),
            session.position(i),
            author,
            raw,
            affiliations.at(i),
            institution,
            session.family(i, raw),
            session.given(i),
            session.blockKey(session.block(i)),
            session.orcid(i),
            session.scopus(i),
          );
          if (values.length === width * AUTHORSHIP_BATCH) {
            this.insertAuthorships.run(values);
            values.length = 0;
          }
          if (institution !== null) {
            places.add(author, institution, session.year(i));
            if (places.size >= Places.flushAt) places.drain(addPlaces);
          }
        }
      };
      for (let from = 0; from < session.size; from += AUTHORSHIPS_A_STEP) {
        yield { stage: 'authorships', done: from, total: session.size };
        writeAuthorships(from, Math.min(session.size, from + AUTHORSHIPS_A_STEP));
      }
      flush();
      yield* this.createIndexSteps(authorshipIndexes);
      places.drain(addPlaces);
    }
    for (const id of touched) {
      if (id >= firstCreated || used.has(id)) continue;
      if (hadEvidence) this.deleteEvidence.run(id);
      if (this.deleteOrphan.run(id, id, id, id, id, id, id).changes > 0) report.removed++;
    }
    return report;
  }
}
