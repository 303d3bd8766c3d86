// The analyst's identity decisions (issue 4, table identity_decisions of migration 5): the review queue
// of "possibly the same person" candidates with their evidence, and merge / split / dismiss decisions.
// A decision is stored by the authorships it is about (publication id + byline position, which stay
// the same across re-imports), never only by person ids (the resolver may renumber people). It is
// applied by resolving its block again with every active decision of the block passed to the pure
// resolver as constraints (DecisionConstraints: merges are must-links, dismissals and splits
// cannot-links); the import's resolver does the same, so decisions survive later imports. Each
// decision keeps a snapshot of its block from before, so undo restores the exact previous people
// when nothing has touched the block since, and resolves it again without the decision otherwise.
import { ApiError } from '../../shared/api';
import type {
  IdentityCandidate,
  IdentityDecisionArgs,
  IdentityDecisionInfo,
  IdentityDecisionKind,
  IdentityDecisionResult,
  IdentityProfile,
  IdentityQueue,
  IdentityUndoResult,
} from '../../shared/api/identity';
import {
  givenCompatible,
  givenForm,
  type GivenForm,
  type IdentityConstraints,
  type MergeEvidence,
} from '../../shared/formats/identity';
import type { Db } from './connection';
import type { IdentityResolver } from './identity';
import { matchTrialRoles } from './trialRoles';

/** An authorship: publication id and byline position. */
type Ref = [number, number];
type Assignment = [number, number, number];
type Row = Record<string, unknown>;

interface Snapshot {
  assignments: Assignment[];
  authors: Row[];
  institutions: Row[];
  evidence: Row[];
}

interface Payload {
  block: string;
  /** merge / dismiss: the first person's authorships; split: the authorships moved out. */
  a: Ref[];
  /** merge / dismiss: the second person's (empty when a person is confirmed as one); split: the rest. */
  b: Ref[];
  people: { id: number; name: string }[];
  publications?: number[];
  evidence: { a: IdentityProfile | null; b: IdentityProfile | null; confidence?: number };
  before: Snapshot;
  after: Assignment[];
}

interface DecisionRow {
  id: number;
  kind: IdentityDecisionKind;
  payload: string;
  created_at: string;
  undone_at: string | null;
}

export const refKey = (pub: number, position: number): string => `${pub}:${position}`;

export function meets<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) return true;
  return false;
}

/** Active decisions of a block as authorship-key sets; a later decision wins over an earlier one. */
export function settleDecisions(decisions: readonly { kind: IdentityDecisionKind; a: Ref[]; b: Ref[] }[]): {
  together: Set<string>[];
  apart: [Set<string>, Set<string>][];
} {
  const together: Set<string>[] = [];
  const apart: [Set<string>, Set<string>][] = [];
  for (const d of decisions) {
    const a = new Set(d.a.map(([p, q]) => refKey(p, q)));
    const b = new Set(d.b.map(([p, q]) => refKey(p, q)));
    if (d.kind === 'merge') {
      const u = new Set([...a, ...b]);
      // An earlier "not the same" between parts of what is now one person no longer holds for them.
      for (const side of apart)
        if (meets(side[0], u) && meets(side[1], u)) for (const x of u) side[1].delete(x);
      together.push(u);
    } else {
      // An earlier merge that joined both sides no longer holds the side taken away.
      for (const t of together) if (meets(t, a) && meets(t, b)) for (const x of a) t.delete(x);
      apart.push([a, b]);
      // The publications split off are one (new) person.
      if (d.kind === 'split') together.push(a);
    }
  }
  return { together, apart };
}

/** Reads the active decisions for the resolver (electron/db/identity.ts), once per resolve run. */
export class DecisionConstraints {
  private readonly active;

  constructor(db: Db) {
    this.active = db.prepare<[], DecisionRow>(
      `SELECT id, kind, payload, created_at, undone_at FROM identity_decisions WHERE undone_at IS NULL ORDER BY id`,
    );
  }

  /** Constraints per block; call once per resolve run, then `for` each block. */
  load(): (block: string, members: readonly { pub: number; position: number }[]) => IdentityConstraints {
    const byBlock = new Map<string, { kind: IdentityDecisionKind; a: Ref[]; b: Ref[] }[]>();
    for (const row of this.active.all()) {
      const p = JSON.parse(row.payload) as Payload;
      let list = byBlock.get(p.block);
      if (!list) byBlock.set(p.block, (list = []));
      list.push({ kind: row.kind, a: p.a, b: p.b });
    }
    return (block, members) => {
      const decisions = byBlock.get(block);
      if (!decisions) return {};
      const index = new Map<string, number>();
      members.forEach((m, i) => index.set(refKey(m.pub, m.position), i));
      const toIdx = (set: Set<string>): number[] => {
        const out: number[] = [];
        for (const k of set) {
          const i = index.get(k);
          if (i !== undefined) out.push(i);
        }
        return out.sort((x, y) => x - y);
      };
      const { together, apart } = settleDecisions(decisions);
      return {
        together: together.map(toIdx).filter((s) => s.length > 1),
        apart: apart
          .map(([x, y]) => [toIdx(x), toIdx(y)] as [number[], number[]])
          .filter(([x, y]) => x.length > 0 && y.length > 0),
      };
    };
  }
}

/** What the queue knows of one person before it decides what to show. */
export interface Light {
  id: number;
  name: string;
  block: string | null;
  refs: Set<string>;
  papers: Set<number>;
  givens: Set<string>;
  variants: Map<string, number>;
  coauthors: Map<number, number>;
  institutions: Map<string, number>;
  journals: Map<string, number>;
  years: [number | null, number | null];
}

export function top(map: Map<string, number>, n: number): string[] {
  return [...map.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, n)
    .map(([k]) => k);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

// A merge this close to the resolver's threshold (1) is listed for review (one shared co-author is 1).
const THIN_SCORE = 1.2;

// Work bound of the queue: people compared per block (those with the most papers).
const MAX_PER_BLOCK = 60;

export function newLight(id: number, name: string): Light {
  return {
    id,
    name,
    block: null,
    refs: new Set(),
    papers: new Set(),
    givens: new Set(),
    variants: new Map(),
    coauthors: new Map(),
    institutions: new Map(),
    journals: new Map(),
    years: [null, null],
  };
}

/** Adds one of the person's authorships (block and co-authors aside); true when its paper is new to them. */
export function addRow(
  l: Light,
  pub: number,
  position: number,
  given: string | null,
  rawName: string,
  institution: string | null,
  year: number | null,
  journal: string | null,
): boolean {
  l.refs.add(refKey(pub, position));
  if (given !== null) l.givens.add(given);
  l.variants.set(rawName, (l.variants.get(rawName) ?? 0) + 1);
  if (institution) l.institutions.set(institution, (l.institutions.get(institution) ?? 0) + 1);
  if (l.papers.has(pub)) return false;
  l.papers.add(pub);
  if (journal) l.journals.set(journal, (l.journals.get(journal) ?? 0) + 1);
  if (year !== null) l.years = [Math.min(l.years[0] ?? year, year), Math.max(l.years[1] ?? year, year)];
  return true;
}

/** The confidence that two people are one, from what they share (see README "Reviewing identities"). */
function confidenceOf(
  coauthors: number,
  institutions: boolean,
  journals: number,
  sameFull: boolean,
  near: boolean,
): number {
  const raw =
    0.1 +
    0.8 * Math.min(coauthors, 3) +
    (institutions ? 0.6 : 0) +
    0.2 * Math.min(journals, 2) +
    (sameFull ? 0.5 : 0) +
    (near ? 0.1 : 0);
  return round2(1 - Math.exp(-raw));
}

/** SQLite's BINARY order of two strings (UTF-8 bytes, i.e. code points; UTF-16 units differ above U+D7FF). */
function binaryCompare(x: string, y: string): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    let a = x.charCodeAt(i);
    let b = y.charCodeAt(i);
    if (a === b) continue;
    if (a >= 0xd800) a += a >= 0xe000 ? -0x800 : 0x2000;
    if (b >= 0xd800) b += b >= 0xe000 ? -0x800 : 0x2000;
    return a - b;
  }
  return x.length - y.length;
}

/** A growable list of 32-bit integers. */
class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }

  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Offsets of a compressed list: start[i]..start[i + 1] are item i's entries. */
function offsets(counts: Int32Array): Int32Array {
  const start = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) start[i + 1] = (start[i] as number) + (counts[i] as number);
  return start;
}

/** at[i]++ (the next free slot of item i in a compressed list being filled). */
function bump(at: Int32Array, i: number): number {
  const k = at[i] as number;
  at[i] = k + 1;
  return k;
}

/** Sorts each item's entries of a compressed list and drops repeats; returns each item's new length. */
function sortUnique(start: Int32Array, values: Int32Array): Int32Array {
  const length = new Int32Array(start.length - 1);
  for (let i = 0; i < length.length; i++) {
    const from = start[i] as number;
    const part = values.subarray(from, start[i + 1]).sort();
    let n = 0;
    for (let j = 0; j < part.length; j++)
      if (j === 0 || part[j] !== part[j - 1]) part[n++] = part[j] as number;
    length[i] = n;
  }
  return length;
}

/**
 * What the queue needs of a project, read in one pass over the authorships into typed arrays: the
 * people of each name block (those the queue compares: blocks of two or more, at most MAX_PER_BLOCK
 * with the most papers), and for those people their papers, given names, institutions and years.
 * Co-authors are read off the papers (the authorships are in publication order).
 */
interface QueueScan {
  /** Distinct papers per person id (0: no authorship, or none whose publication exists). */
  paperCount: Int32Array;
  blockNames: string[];
  /** Compared people of each block of two or more, in the order of the block names (SQLite's). */
  blocks: { block: number; people: number[] }[];
  /** Per publication id: its authorship rows rowFrom..rowTo in rowAuthor; its journal and year. */
  rowFrom: Int32Array;
  rowTo: Int32Array;
  rowAuthor: Int32Array;
  journal: Int32Array;
  year: Float64Array;
  /** Per person id: their index among the compared people (-1: not compared). */
  index: Int32Array;
  /** Per compared person (compressed lists): papers (ascending), given names, institutions. */
  papers: Int32Array;
  paperFrom: Int32Array;
  givens: Int32Array;
  givenFrom: Int32Array;
  givenCount: Int32Array;
  institutions: Int32Array;
  institutionFrom: Int32Array;
  institutionCount: Int32Array;
  /** Per compared person: first and last year (NaN when none). */
  first: Float64Array;
  last: Float64Array;
  /** Per given-name id: the string. */
  givenNames: string[];
}

/** Compares the people of a block: mark() one, then ask about each other. */
class PairCompare {
  private stamp = 0;
  private seen = 0;
  private readonly paperMark: Int32Array;
  private readonly personMark: Int32Array;
  private readonly personSeen: Int32Array;
  private readonly journalMark: Int32Array;
  private readonly journalSeen: Int32Array;
  private readonly institutionMark: Int32Array;
  private readonly forms: (GivenForm | undefined)[] = [];

  constructor(
    private readonly s: QueueScan,
    journals: number,
    institutions: number,
  ) {
    this.paperMark = new Int32Array(s.rowFrom.length);
    this.personMark = new Int32Array(s.paperCount.length);
    this.personSeen = new Int32Array(s.paperCount.length);
    this.journalMark = new Int32Array(journals);
    this.journalSeen = new Int32Array(journals);
    this.institutionMark = new Int32Array(institutions);
  }

  private form(g: number): GivenForm {
    return (this.forms[g] ??= givenForm(this.s.givenNames[g] as string));
  }

  /** Marks a person's papers, co-authors, journals and institutions for the questions that follow. */
  mark(person: number): void {
    const s = this.s;
    const stamp = ++this.stamp;
    const c = s.index[person] as number;
    for (let k = s.paperFrom[c] as number, end = s.paperFrom[c + 1] as number; k < end; k++) {
      const pub = s.papers[k] as number;
      this.paperMark[pub] = stamp;
      for (let r = s.rowFrom[pub] as number, to = s.rowTo[pub] as number; r < to; r++) {
        const x = s.rowAuthor[r] as number;
        if (x !== person) this.personMark[x] = stamp;
      }
      const j = s.journal[pub] as number;
      if (j >= 0) this.journalMark[j] = stamp;
    }
    const from = s.institutionFrom[c] as number;
    for (let k = from, end = from + (s.institutionCount[c] as number); k < end; k++) {
      this.institutionMark[s.institutions[k] as number] = stamp;
    }
  }

  /** Whether the person shares a paper with the marked one. */
  sharesPaper(person: number): boolean {
    const s = this.s;
    const c = s.index[person] as number;
    for (let k = s.paperFrom[c] as number, end = s.paperFrom[c + 1] as number; k < end; k++) {
      if (this.paperMark[s.papers[k] as number] === this.stamp) return true;
    }
    return false;
  }

  private givensOf(person: number): Int32Array {
    const s = this.s;
    const c = s.index[person] as number;
    const from = s.givenFrom[c] as number;
    return s.givens.subarray(from, from + (s.givenCount[c] as number));
  }

  /** Whether every given name of one is compatible with every given name of the other. */
  compatible(a: number, b: number): boolean {
    const ga = this.givensOf(a);
    const gb = this.givensOf(b);
    for (const x of ga) for (const y of gb) if (!givenCompatible(this.form(x), this.form(y))) return false;
    return true;
  }

  /** The confidence of the marked person `a` and `b` (as overlap() computes it from their summaries). */
  confidence(a: number, b: number): number {
    const s = this.s;
    const seen = ++this.seen;
    const stamp = this.stamp;
    const cb = s.index[b] as number;
    let coauthors = 0;
    let journals = 0;
    for (let k = s.paperFrom[cb] as number, end = s.paperFrom[cb + 1] as number; k < end; k++) {
      const pub = s.papers[k] as number;
      if (coauthors < 3) {
        for (let r = s.rowFrom[pub] as number, to = s.rowTo[pub] as number; r < to; r++) {
          const x = s.rowAuthor[r] as number;
          if (x !== b && this.personMark[x] === stamp && this.personSeen[x] !== seen) {
            this.personSeen[x] = seen;
            coauthors++;
          }
        }
      }
      const j = s.journal[pub] as number;
      if (j >= 0 && this.journalMark[j] === stamp && this.journalSeen[j] !== seen) {
        this.journalSeen[j] = seen;
        journals++;
      }
    }
    let institutions = false;
    const from = s.institutionFrom[cb] as number;
    for (let k = from, end = from + (s.institutionCount[cb] as number); k < end && !institutions; k++) {
      if (this.institutionMark[s.institutions[k] as number] === stamp) institutions = true;
    }
    let sameFull = false;
    const gb = this.givensOf(b);
    for (const g of this.givensOf(a)) if (gb.includes(g) && this.form(g).full) sameFull = true;
    const ca = s.index[a] as number;
    const a0 = s.first[ca] as number;
    const a1 = s.last[ca] as number;
    const b0 = s.first[cb] as number;
    const b1 = s.last[cb] as number;
    const near = !Number.isNaN(a0) && !Number.isNaN(b0) && a0 - 5 <= b1 && b0 - 5 <= a1;
    return confidenceOf(coauthors, institutions, journals, sameFull, near);
  }
}

/** The queue's candidates as parallel lists (b -1: a thin merge, whose block is -1 - its index). */
class Found {
  private readonly a: number[] = [];
  private readonly b: number[] = [];
  private readonly block: number[] = [];
  private readonly confidence: number[] = [];

  get length(): number {
    return this.a.length;
  }

  push(a: number, b: number, block: number, confidence: number): void {
    this.a.push(a);
    this.b.push(b);
    this.block.push(block);
    this.confidence.push(confidence);
  }

  private key(i: number): string {
    const b = this.b[i] as number;
    return b < 0 ? `thin:${this.a[i]}` : `${this.a[i]}:${b}`;
  }

  /**
   * found.slice(0, limit) of the list sorted by confidence (highest first), then key, then the order
   * found: only the candidates at or above the limit-th highest confidence are sorted.
   */
  top(limit: number): { a: number; b: number; block: number; confidence: number }[] {
    const n = this.length;
    const end = Math.trunc(limit) || 0; // as slice(0, limit) takes them
    const take = end < 0 ? Math.max(n + end, 0) : Math.min(end, n);
    if (take === 0) return [];
    const threshold = Float64Array.from(this.confidence).sort()[n - take] as number;
    const chosen: { i: number; key: string; confidence: number }[] = [];
    for (let i = 0; i < n; i++) {
      const confidence = this.confidence[i] as number;
      if (confidence >= threshold) chosen.push({ i, key: this.key(i), confidence });
    }
    chosen.sort(
      (x, y) => y.confidence - x.confidence || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0) || x.i - y.i,
    );
    return chosen.slice(0, take).map(({ i, confidence }) => ({
      a: this.a[i] as number,
      b: this.b[i] as number,
      block: this.block[i] as number,
      confidence,
    }));
  }
}

export class DecisionStore {
  private readonly st;
  private readonly authorCols: string[];
  private readonly institutionCols: string[];
  private readonly evidenceCols: string[];

  constructor(
    private readonly db: Db,
    private readonly resolver: IdentityResolver,
  ) {
    const cols = (table: string): string[] =>
      db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .map((c) => c.name);
    this.authorCols = cols('authors');
    this.institutionCols = cols('author_institutions');
    this.evidenceCols = cols('identity_evidence');
    const upsert = (table: string, columns: string[], conflict: string): string =>
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (${conflict}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`;
    this.st = {
      author: db.prepare<[number], { id: number; name: string }>(
        `SELECT id, display_name AS name FROM authors WHERE id = ?`,
      ),
      authorRow: db.prepare<[number], Row>(`SELECT * FROM authors WHERE id = ?`),
      ownerOf: db.prepare<[number, number], { id: number; name: string }>(
        `SELECT a.id, a.display_name AS name FROM authorships s JOIN authors a ON a.id = s.author_id
         WHERE s.publication_id = ? AND s.position = ?`,
      ),
      institutionRows: db.prepare<[number], Row>(`SELECT * FROM author_institutions WHERE author_id = ?`),
      evidenceRow: db.prepare<[number], Row>(`SELECT * FROM identity_evidence WHERE author_id = ?`),
      refs: db.prepare<[number], { pub: number; position: number; block: string | null }>(
        `SELECT publication_id AS pub, position, block FROM authorships WHERE author_id = ? ORDER BY publication_id, position`,
      ),
      blockAssignments: db.prepare<[string], Assignment>(
        `SELECT publication_id, position, author_id FROM authorships WHERE block = ? ORDER BY publication_id, position`,
      ),
      assignmentOf: db
        .prepare<[number, number], number>(
          `SELECT author_id FROM authorships WHERE publication_id = ? AND position = ?`,
        )
        .pluck(),
      profileRows: db.prepare<
        [number],
        {
          pub: number;
          position: number;
          block: string | null;
          rawName: string;
          given: string | null;
          institution: string | null;
          year: number | null;
          journal: string | null;
        }
      >(
        `SELECT au.publication_id AS pub, au.position, au.block, au.raw_name AS rawName, au.given,
                i.name AS institution, p.year, p.journal
         FROM authorships au JOIN publications p ON p.id = au.publication_id
         LEFT JOIN institutions i ON i.id = au.institution_id
         WHERE au.author_id = ? ORDER BY p.year DESC NULLS LAST, p.id DESC, au.position`,
      ),
      coauthorsOf: db.prepare<[number, number], [number, number]>(
        `SELECT c.author_id, COUNT(DISTINCT c.publication_id) FROM authorships au
         JOIN authorships c ON c.publication_id = au.publication_id AND c.author_id <> ?
         WHERE au.author_id = ? GROUP BY c.author_id`,
      ),
      queueRows: db.prepare(
        `SELECT publication_id, author_id, block, given, institution_id FROM authorships
         ORDER BY publication_id, position`,
      ),
      queuePublications: db.prepare(`SELECT id, year, journal FROM publications`),
      queueMaxPublication: db.prepare(`SELECT max(id) FROM publications`).pluck(),
      institutionNames: db.prepare(`SELECT id, name FROM institutions`),
      titles: db.prepare<
        [number],
        { id: number; title: string; year: number | null; journal: string | null }
      >(
        `SELECT DISTINCT p.id, p.title, p.year, p.journal FROM authorships au
         JOIN publications p ON p.id = au.publication_id
         WHERE au.author_id = ? ORDER BY p.year DESC NULLS LAST, p.id DESC LIMIT 4`,
      ),
      evidence: db.prepare<[], { author_id: number; block: string; evidence: string }>(
        `SELECT author_id, block, evidence FROM identity_evidence ORDER BY author_id`,
      ),
      insertDecision: db.prepare<[string, string, string]>(
        `INSERT INTO identity_decisions (kind, payload, created_at) VALUES (?, ?, ?)`,
      ),
      setPayload: db.prepare<[string, number]>(`UPDATE identity_decisions SET payload = ? WHERE id = ?`),
      setUndone: db.prepare<[string, number]>(`UPDATE identity_decisions SET undone_at = ? WHERE id = ?`),
      decision: db.prepare<[number], DecisionRow>(`SELECT * FROM identity_decisions WHERE id = ?`),
      decisions: db.prepare<[], DecisionRow>(`SELECT * FROM identity_decisions ORDER BY id DESC`),
      activeDecisions: db.prepare<[], DecisionRow>(
        `SELECT * FROM identity_decisions WHERE undone_at IS NULL ORDER BY id`,
      ),
      move: db.prepare<[number, number, number]>(
        `UPDATE authorships SET author_id = ? WHERE publication_id = ? AND position = ?`,
      ),
      upsertAuthor: db.prepare<[Row]>(upsert('authors', this.authorCols, 'id')),
      insertInstitution: db.prepare<[Row]>(
        upsert('author_institutions', this.institutionCols, 'author_id, institution_id'),
      ),
      insertEvidence: db.prepare<[Row]>(upsert('identity_evidence', this.evidenceCols, 'author_id')),
      deleteInstitutions: db.prepare<[number]>(`DELETE FROM author_institutions WHERE author_id = ?`),
      deleteEvidence: db.prepare<[number]>(`DELETE FROM identity_evidence WHERE author_id = ?`),
      deleteOrphan: db.prepare<[number, number, number, number, number, number]>(
        `DELETE FROM authors WHERE id = ?
           AND NOT EXISTS (SELECT 1 FROM authorships WHERE author_id = ?)
           AND NOT EXISTS (SELECT 1 FROM trial_roles WHERE author_id = ?)
           AND NOT EXISTS (SELECT 1 FROM payments WHERE author_id = ?)
           AND NOT EXISTS (SELECT 1 FROM territory_people WHERE author_id = ?)
           AND NOT EXISTS (SELECT 1 FROM engagements WHERE author_id = ?)`,
      ),
    };
  }

  // ---- the queue ----------------------------------------------------------------------------------

  /** One person's queue summary (for a decision's evidence and the candidates the queue shows). */
  private light(id: number): Light | null {
    const person = this.st.author.get(id);
    if (!person) return null;
    const l = newLight(id, person.name);
    for (const r of this.st.profileRows.all(id)) {
      l.block ??= r.block; // rows newest first: the block of their newest paper
      addRow(l, r.pub, r.position, r.given, r.rawName, r.institution, r.year, r.journal);
    }
    for (const [co, n] of this.st.coauthorsOf.raw().all(id, id) as [number, number][]) l.coauthors.set(co, n);
    return l;
  }

  /**
   * The queue's reading of the project (QueueScan) in one pass over the authorships. A summary of
   * Sets and Maps for every person (light()) took 12-20 s and 1.4 GB on a project of 100k publications
   * and 392k people; the queue now builds those only for the candidates it shows.
   */
  private scan(): { scan: QueueScan; journals: number; institutions: number } {
    // Publications: year and journal (as ids) by publication id.
    const maxPub = (this.st.queueMaxPublication.get() as number | null) ?? -1;
    const year = new Float64Array(maxPub + 1).fill(NaN);
    const journal = new Int32Array(maxPub + 1).fill(-1);
    const exists = new Uint8Array(maxPub + 1);
    const journalIds = new Map<string, number>();
    for (const [id, y, name] of this.st.queuePublications.raw().iterate() as Iterable<
      [number, number | null, string | null]
    >) {
      exists[id] = 1;
      if (y !== null) year[id] = y;
      if (name) {
        let j = journalIds.get(name);
        if (j === undefined) journalIds.set(name, (j = journalIds.size));
        journal[id] = j;
      }
    }
    // Institutions by name, as a person's summary counts them.
    const institutionIds = new Map<string, number>();
    const institutionOf = new Map<number, number>();
    for (const [id, name] of this.st.institutionNames.raw().iterate() as Iterable<[number, string | null]>) {
      if (!name) continue;
      let i = institutionIds.get(name);
      if (i === undefined) institutionIds.set(name, (i = institutionIds.size));
      institutionOf.set(id, i);
    }

    // Authorships in publication order.
    const rowPub = new IntList();
    const rowAuthorAll = new IntList();
    const rowBlock = new IntList();
    const rowGiven = new IntList();
    const rowInstitution = new IntList();
    const blockIds = new Map<string, number>();
    const givenIds = new Map<string, number>();
    let maxAuthor = -1;
    for (const [pub, author, block, given, institution] of this.st.queueRows.raw().iterate() as Iterable<
      [number, number, string | null, string | null, number | null]
    >) {
      rowPub.push(pub);
      rowAuthorAll.push(author);
      if (author > maxAuthor) maxAuthor = author;
      let b = -1;
      if (block !== null) {
        b = blockIds.get(block) ?? -1;
        if (b < 0) blockIds.set(block, (b = blockIds.size));
      }
      rowBlock.push(b);
      let g = -1;
      if (given !== null) {
        g = givenIds.get(given) ?? -1;
        if (g < 0) givenIds.set(given, (g = givenIds.size));
      }
      rowGiven.push(g);
      rowInstitution.push(institution === null ? -1 : (institutionOf.get(institution) ?? -1));
    }
    const pubs = rowPub.done();
    const authors = rowAuthorAll.done();
    const rows = pubs.length;

    // Papers per person and each publication's rows (as a summary counts them: publications that exist).
    const paperCount = new Int32Array(maxAuthor + 1);
    const lastPub = new Int32Array(maxAuthor + 1).fill(-1);
    const rowFrom = new Int32Array(maxPub + 1);
    const rowTo = new Int32Array(maxPub + 1);
    const rowAuthor = new Int32Array(rows);
    let kept = 0;
    for (let r = 0; r < rows; r++) {
      const pub = pubs[r] as number;
      if (pub < 0 || pub > maxPub || !exists[pub]) continue;
      const a = authors[r] as number;
      if (rowTo[pub] === 0) rowFrom[pub] = kept;
      rowAuthor[kept++] = a;
      rowTo[pub] = kept;
      if (lastPub[a] !== pub) {
        lastPub[a] = pub;
        paperCount[a] = (paperCount[a] as number) + 1;
      }
    }

    // The people of each block (every authorship with a block), ascending, and those compared.
    const blockNames = [...blockIds.keys()];
    blockIds.clear();
    const blockRows = new Int32Array(blockNames.length);
    const blocksOfRows = rowBlock.done();
    for (let r = 0; r < rows; r++) {
      const b = blocksOfRows[r] as number;
      if (b >= 0) blockRows[b] = (blockRows[b] as number) + 1;
    }
    const blockFrom = offsets(blockRows);
    const members = new Int32Array(blockFrom[blockNames.length] as number);
    const fill = blockFrom.slice(0, -1);
    for (let r = 0; r < rows; r++) {
      const b = blocksOfRows[r] as number;
      if (b >= 0) members[bump(fill, b)] = authors[r] as number;
    }
    const memberCount = sortUnique(blockFrom, members);
    // Blocks of two or more in SQLite's order of their names (plain string order below U+D800).
    const order: number[] = [];
    let plain = true;
    for (let b = 0; b < blockNames.length; b++) {
      if ((memberCount[b] as number) < 2) continue;
      order.push(b);
      if (plain && /[\uD800-\uFFFF]/.test(blockNames[b] as string)) plain = false;
    }
    order.sort((x, y) => {
      const [nx, ny] = [blockNames[x] as string, blockNames[y] as string];
      return plain ? (nx < ny ? -1 : nx > ny ? 1 : 0) : binaryCompare(nx, ny);
    });
    const index = new Int32Array(maxAuthor + 1).fill(-1);
    const compared: number[] = [];
    const blocks: QueueScan['blocks'] = [];
    for (const b of order) {
      const from = blockFrom[b] as number;
      const people = [...members.subarray(from, from + (memberCount[b] as number))]
        .filter((id) => (paperCount[id] as number) > 0)
        .sort((x, y) => (paperCount[y] as number) - (paperCount[x] as number) || x - y)
        .slice(0, MAX_PER_BLOCK);
      for (const id of people) {
        if (index[id] === -1) {
          index[id] = compared.length;
          compared.push(id);
        }
      }
      blocks.push({ block: b, people });
    }

    // The compared people's papers, given names, institutions and years.
    const n = compared.length;
    const paperN = new Int32Array(n);
    const givenN = new Int32Array(n);
    const institutionN = new Int32Array(n);
    const givensOfRows = rowGiven.done();
    const institutionsOfRows = rowInstitution.done();
    for (let c = 0; c < n; c++) paperN[c] = paperCount[compared[c] as number] as number;
    for (let r = 0; r < rows; r++) {
      const pub = pubs[r] as number;
      if (pub < 0 || pub > maxPub || !exists[pub]) continue;
      const c = index[authors[r] as number] as number;
      if (c < 0) continue;
      if ((givensOfRows[r] as number) >= 0) givenN[c] = (givenN[c] as number) + 1;
      if ((institutionsOfRows[r] as number) >= 0) institutionN[c] = (institutionN[c] as number) + 1;
    }
    const paperFrom = offsets(paperN);
    const givenFrom = offsets(givenN);
    const institutionFrom = offsets(institutionN);
    const papers = new Int32Array(paperFrom[n] as number);
    const givens = new Int32Array(givenFrom[n] as number);
    const institutions = new Int32Array(institutionFrom[n] as number);
    const paperAt = paperFrom.slice(0, -1);
    const givenAt = givenFrom.slice(0, -1);
    const institutionAt = institutionFrom.slice(0, -1);
    const first = new Float64Array(n).fill(NaN);
    const last = new Float64Array(n).fill(NaN);
    lastPub.fill(-1);
    for (let r = 0; r < rows; r++) {
      const pub = pubs[r] as number;
      if (pub < 0 || pub > maxPub || !exists[pub]) continue;
      const a = authors[r] as number;
      const c = index[a] as number;
      if (c < 0) continue;
      const g = givensOfRows[r] as number;
      if (g >= 0) givens[bump(givenAt, c)] = g;
      const i = institutionsOfRows[r] as number;
      if (i >= 0) institutions[bump(institutionAt, c)] = i;
      if (lastPub[a] === pub) continue;
      lastPub[a] = pub;
      papers[bump(paperAt, c)] = pub;
      const y = year[pub] as number;
      if (!Number.isNaN(y)) {
        if (!(y >= (first[c] as number))) first[c] = y;
        if (!(y <= (last[c] as number))) last[c] = y;
      }
    }
    return {
      scan: {
        paperCount,
        blockNames,
        blocks,
        rowFrom,
        rowTo,
        rowAuthor: rowAuthor.subarray(0, kept),
        journal,
        year,
        index,
        papers,
        paperFrom,
        givens,
        givenFrom,
        givenCount: sortUnique(givenFrom, givens),
        institutions,
        institutionFrom,
        institutionCount: sortUnique(institutionFrom, institutions),
        first,
        last,
        givenNames: [...givenIds.keys()],
      },
      journals: journalIds.size,
      institutions: institutionIds.size,
    };
  }

  private profile(l: Light): IdentityProfile {
    const coauthors = [...l.coauthors.entries()]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, 6)
      .map(([id, papers]) => ({ id, name: this.st.author.get(id)?.name ?? `#${id}`, papers }));
    return {
      id: l.id,
      name: l.name,
      variants: top(l.variants, 6),
      papers: l.papers.size,
      years: l.years,
      institutions: top(l.institutions, 4),
      coauthors,
      journals: top(l.journals, 3),
      titles: this.st.titles.all(l.id),
    };
  }

  /** Shared evidence of two people and how likely they are one (see README "Reviewing identities"). */
  /** What two people share, and how likely they are one (see README "Reviewing identities"). */
  private overlap(a: Light, b: Light) {
    const coauthors: number[] = [];
    for (const id of a.coauthors.keys()) if (id !== b.id && b.coauthors.has(id)) coauthors.push(id);
    const institutions = [...a.institutions.keys()].filter((i) => b.institutions.has(i));
    const journals = [...a.journals.keys()].filter((j) => b.journals.has(j));
    let sameFull = false;
    for (const g of a.givens) if (b.givens.has(g) && givenForm(g).full) sameFull = true;
    const near =
      a.years[0] !== null &&
      b.years[0] !== null &&
      a.years[1] !== null &&
      b.years[1] !== null &&
      a.years[0] - 5 <= b.years[1] &&
      b.years[0] - 5 <= a.years[1];
    const confidence = confidenceOf(
      coauthors.length,
      institutions.length > 0,
      journals.length,
      sameFull,
      near,
    );
    return { coauthors, institutions, journals, sameFull, confidence };
  }

  /** Shared evidence of two people in words, with the confidence (the queue does this for shown pairs only). */
  private compare(
    a: Light,
    b: Light,
  ): { confidence: number; shared: IdentityCandidate['shared']; reason: string } {
    const o = this.overlap(a, b);
    const coauthors = o.coauthors.map((id) => this.st.author.get(id)?.name ?? `#${id}`);
    const bits: string[] = [];
    if (coauthors.length) bits.push(`${coauthors.length} shared co-author${coauthors.length > 1 ? 's' : ''}`);
    if (o.institutions.length) bits.push('a shared institution');
    if (o.journals.length) bits.push('a shared journal');
    if (o.sameFull) bits.push('the same full given name');
    const names = [...new Set([...top(a.variants, 1), ...top(b.variants, 1)])].join(' / ');
    return {
      confidence: o.confidence,
      shared: {
        coauthors: coauthors.sort(),
        institutions: o.institutions.sort(),
        journals: o.journals.sort(),
      },
      reason: `Compatible names (${names}) kept apart by the resolver: ${bits.length ? bits.join(', ') : 'no shared co-authors, institutions or journals'}.`,
    };
  }

  /** Open candidates by confidence (highest first): compatible people of one block, thin merges. */
  queue(limit = 50): IdentityQueue {
    const active = this.st.activeDecisions
      .all()
      .map((r) => ({ kind: r.kind, p: JSON.parse(r.payload) as Payload }));
    // Sides of dismissals and splits (as in the resolver: a tag 2k never meets 2k+1), and every
    // authorship some decision is about (a thin merge of a reviewed person is settled). A person
    // carries the tags of the authorships they hold now.
    const tagsOfRef = new Map<string, { ref: Ref; tags: number[] }>();
    const reviewedRefs = new Map<string, Ref>();
    const byBlock = new Map<string, { kind: IdentityDecisionKind; a: Ref[]; b: Ref[] }[]>();
    for (const { kind, p } of active) {
      let list = byBlock.get(p.block);
      if (!list) byBlock.set(p.block, (list = []));
      list.push({ kind, a: p.a, b: p.b });
      for (const r of [...p.a, ...p.b]) reviewedRefs.set(refKey(r[0], r[1]), r);
    }
    let k = 0;
    for (const decisions of byBlock.values()) {
      for (const [x, y] of settleDecisions(decisions).apart) {
        for (const [side, keys] of [
          [2 * k, x],
          [2 * k + 1, y],
        ] as const) {
          for (const key of keys) {
            let entry = tagsOfRef.get(key);
            if (!entry) {
              const [pub, position] = key.split(':').map(Number) as [number, number];
              tagsOfRef.set(key, (entry = { ref: [pub, position], tags: [] }));
            }
            entry.tags.push(side);
          }
        }
        k++;
      }
    }
    const owner = (r: Ref): number | undefined => this.st.assignmentOf.get(r[0], r[1]) as number | undefined;
    const tagsOf = new Map<number, Set<number>>();
    for (const { ref, tags } of tagsOfRef.values()) {
      const id = owner(ref);
      if (id === undefined) continue;
      let set = tagsOf.get(id);
      if (!set) tagsOf.set(id, (set = new Set()));
      for (const t of tags) set.add(t);
    }
    const reviewed = new Set<number>();
    for (const r of reviewedRefs.values()) {
      const id = owner(r);
      if (id !== undefined) reviewed.add(id);
    }

    const { scan: s, journals, institutions } = this.scan();
    const found = new Found();
    const pairs = new PairCompare(s, journals, institutions);
    for (const { block, people } of s.blocks) {
      for (let i = 0; i < people.length; i++) {
        const a = people[i] as number;
        pairs.mark(a);
        const ta = tagsOf.get(a);
        for (let j = i + 1; j < people.length; j++) {
          const b = people[j] as number;
          if (pairs.sharesPaper(b)) continue;
          const tb = tagsOf.get(b);
          if (ta && tb && [...ta].some((t) => tb.has(t ^ 1))) continue;
          if (!pairs.compatible(a, b)) continue;
          found.push(Math.min(a, b), Math.max(a, b), block, pairs.confidence(a, b));
        }
      }
    }
    const thin: { block: string; weakest: MergeEvidence }[] = [];
    for (const row of this.st.evidence.iterate()) {
      const ev = JSON.parse(row.evidence) as { merges?: MergeEvidence[] };
      const merges = (ev.merges ?? []).filter(
        (m) => m.rule === 'name' || (m.rule === 'evidence' && m.score < THIN_SCORE),
      );
      if (merges.length === 0) continue;
      const id = row.author_id;
      if (!((s.paperCount[id] ?? 0) > 0) || reviewed.has(id)) continue;
      const weakest = merges.reduce((x, y) => (y.score < x.score ? y : x));
      found.push(
        id,
        -1,
        -1 - thin.length,
        weakest.rule === 'name' ? 0.5 : round2(1 - Math.exp(-weakest.score)),
      );
      thin.push({ block: row.block, weakest });
    }
    return {
      open: found.length,
      items: found.top(limit).map((f) => {
        const a = this.light(f.a) as Light;
        if (f.b < 0) {
          const { block, weakest } = thin[-1 - f.block] as (typeof thin)[number];
          return {
            key: `thin:${f.a}`,
            kind: 'thin' as const,
            block,
            confidence: f.confidence,
            a: this.profile(a),
            b: null,
            shared: { coauthors: weakest.coauthors ?? [], institutions: [], journals: weakest.venues ?? [] },
            reason:
              weakest.rule === 'name'
                ? `The resolver joined "${weakest.a}" and "${weakest.b}" on the name alone.`
                : `The resolver joined "${weakest.a}" and "${weakest.b}" on thin evidence (score ${weakest.score}).`,
          };
        }
        const b = this.light(f.b) as Light;
        const words = this.compare(a, b);
        return {
          key: `${f.a}:${f.b}`,
          kind: 'pair' as const,
          block: s.blockNames[f.block] as string,
          confidence: f.confidence,
          a: this.profile(a),
          b: this.profile(b),
          shared: words.shared,
          reason: words.reason,
        };
      }),
    };
  }

  // ---- decisions ----------------------------------------------------------------------------------

  private refsOf(id: number): { refs: Ref[]; block: string | null; name: string } {
    const person = this.st.author.get(id);
    if (!person) throw new ApiError('NOT_FOUND', `No person with id ${id} in this project.`);
    const rows = this.st.refs.all(id);
    if (rows.length === 0) {
      throw new ApiError('BAD_INPUT', `${person.name} (#${id}) has no publications to decide about.`);
    }
    const blocks = new Set(rows.map((r) => r.block));
    const block = blocks.size === 1 ? (rows[0]?.block ?? null) : null;
    return { refs: rows.map((r) => [r.pub, r.position]), block, name: person.name };
  }

  private snapshot(block: string): Snapshot {
    const assignments = this.st.blockAssignments.raw().all(block) as Assignment[];
    const ids = [...new Set(assignments.map((a) => a[2]))].sort((x, y) => x - y);
    const snap: Snapshot = { assignments, authors: [], institutions: [], evidence: [] };
    for (const id of ids) {
      const row = this.st.authorRow.get(id);
      if (row) snap.authors.push(row);
      snap.institutions.push(...this.st.institutionRows.all(id));
      const ev = this.st.evidenceRow.get(id);
      if (ev) snap.evidence.push(ev);
    }
    return snap;
  }

  private info(row: DecisionRow): IdentityDecisionInfo {
    const p = JSON.parse(row.payload) as Payload;
    const [a, b] = p.people;
    const who = (x: { id: number; name: string } | undefined): string => (x ? `${x.name} (#${x.id})` : '?');
    const summary =
      row.kind === 'merge'
        ? b
          ? `Merged ${who(a)} with ${who(b)}`
          : `Confirmed ${who(a)} as one person`
        : row.kind === 'dismiss'
          ? `Kept ${who(a)} and ${who(b)} apart`
          : `Split ${p.a.length} publication${p.a.length === 1 ? '' : 's'} of ${who(a)} into a new person`;
    return {
      id: row.id,
      kind: row.kind,
      summary,
      people: p.people,
      current: this.owners([...p.a, ...p.b]),
      authorships: p.a.length + p.b.length,
      createdAt: row.created_at,
      undoneAt: row.undone_at,
    };
  }

  /** The people who hold these authorships now, each once, in the order of the refs. */
  private owners(refs: readonly Ref[]): { id: number; name: string }[] {
    const seen = new Map<number, { id: number; name: string }>();
    for (const [pub, position] of refs) {
      const owner = this.st.ownerOf.get(pub, position);
      if (owner && !seen.has(owner.id)) seen.set(owner.id, owner);
    }
    return [...seen.values()];
  }

  /** Every decision, newest first (undone ones too, with undoneAt). */
  list(): IdentityDecisionInfo[] {
    return this.st.decisions.all().map((r) => this.info(r));
  }

  /** Records a decision and applies it at once (one transaction). */
  decide(args: IdentityDecisionArgs): IdentityDecisionResult {
    return this.db
      .transaction(() => {
        const result = this.decideNow(args);
        matchTrialRoles(this.db); // people changed: re-match trial investigators (trialRoles.ts)
        return result;
      })
      .immediate();
  }

  private decideNow(args: IdentityDecisionArgs): IdentityDecisionResult {
    let kind: IdentityDecisionKind;
    let a: Ref[];
    let b: Ref[];
    let block: string;
    let people: { id: number; name: string }[];
    let evidence: Payload['evidence'];
    let publications: number[] | undefined;
    if (args.kind === 'split') {
      const p = this.refsOf(args.author);
      if (p.block === null) {
        throw new ApiError(
          'UNSUPPORTED',
          `${p.name} (#${args.author}) was imported before identity resolution; re-import to review it.`,
        );
      }
      const chosen = new Set(args.publications);
      const own = new Set(p.refs.map(([pub]) => pub));
      const missing = args.publications.filter((x) => !own.has(x));
      if (missing.length) {
        throw new ApiError(
          'BAD_INPUT',
          `Publication ${missing.join(', ')} is not one of ${p.name} (#${args.author})'s; choose among theirs.`,
        );
      }
      a = p.refs.filter(([pub]) => chosen.has(pub));
      b = p.refs.filter(([pub]) => !chosen.has(pub));
      if (b.length === 0) {
        throw new ApiError(
          'BAD_INPUT',
          `A split must leave ${p.name} (#${args.author}) at least one publication.`,
        );
      }
      kind = 'split';
      block = p.block;
      people = [{ id: args.author, name: p.name }];
      publications = [...chosen].sort((x, y) => x - y);
      const l = this.light(args.author);
      evidence = { a: l ? this.profile(l) : null, b: null };
    } else {
      kind = args.kind;
      const pa = this.refsOf(args.a);
      const pb = args.a === args.b ? null : this.refsOf(args.b);
      if (!pb && kind === 'dismiss')
        throw new ApiError('BAD_INPUT', 'A person cannot be dismissed from themselves; pick two people.');
      if (pa.block === null || (pb && pb.block !== pa.block)) {
        throw new ApiError(
          'BAD_INPUT',
          `Only people whose names share a family name and first initial can be ${kind === 'merge' ? 'merged' : 'compared'} here (${pa.name} #${args.a}${pb ? `, ${pb.name} #${args.b}` : ''}).`,
        );
      }
      if (pb && kind === 'merge') {
        const papersA = new Set(pa.refs.map(([pub]) => pub));
        const common = pb.refs.find(([pub]) => papersA.has(pub));
        if (common) {
          throw new ApiError(
            'BAD_INPUT',
            `${pa.name} (#${args.a}) and ${pb.name} (#${args.b}) are both on publication ${common[0]}: two people of one byline cannot be merged.`,
          );
        }
      }
      a = pa.refs;
      b = pb?.refs ?? [];
      block = pa.block;
      people = [{ id: args.a, name: pa.name }, ...(pb ? [{ id: args.b, name: pb.name }] : [])];
      const la = this.light(args.a);
      const lb = pb ? this.light(args.b) : null;
      evidence = {
        a: la ? this.profile(la) : null,
        b: lb ? this.profile(lb) : null,
        ...(la && lb ? { confidence: this.compare(la, lb).confidence } : {}),
      };
    }
    const before = this.snapshot(block);
    const payload: Payload = {
      block,
      a,
      b,
      people,
      ...(publications ? { publications } : {}),
      evidence,
      before,
      after: before.assignments,
    };
    const id = Number(
      this.st.insertDecision.run(kind, JSON.stringify(payload), new Date().toISOString()).lastInsertRowid,
    );
    // A dismissal changes nobody now; it only keeps the two apart from here on.
    if (kind !== 'dismiss') this.resolver.resolve(new Set([block]));
    const owner = (r: Ref): number => this.st.assignmentOf.get(r[0], r[1]) as number;
    let result: number[];
    if (kind === 'merge') {
      const owners = new Set([...a, ...b].map(owner));
      if (owners.size !== 1) {
        throw new ApiError(
          'BAD_INPUT',
          'This merge contradicts an earlier decision that keeps these publications apart; undo that one first.',
        );
      }
      result = [...owners];
    } else if (kind === 'split') {
      const moved = new Set(a.map(owner));
      const rest = new Set(b.map(owner));
      if ([...moved].some((x) => rest.has(x))) {
        throw new ApiError('BAD_INPUT', 'This split contradicts an earlier decision; undo that one first.');
      }
      result = [...new Set([...rest, ...moved])];
    } else {
      result = [...new Set([...a, ...b].map(owner))];
    }
    payload.after = this.st.blockAssignments.raw().all(block) as Assignment[];
    this.st.setPayload.run(JSON.stringify(payload), id);
    return { decision: this.info(this.st.decision.get(id) as DecisionRow), people: result };
  }

  /** Undoes a decision (one transaction); ApiError NOT_FOUND / BAD_INPUT when absent or undone already. */
  undo(id: number): IdentityUndoResult {
    return this.db
      .transaction(() => {
        const row = this.st.decision.get(id);
        if (!row) throw new ApiError('NOT_FOUND', `No identity decision with id ${id} in this project.`);
        if (row.undone_at)
          throw new ApiError('BAD_INPUT', `Identity decision ${id} was undone already (${row.undone_at}).`);
        this.st.setUndone.run(new Date().toISOString(), id);
        const p = JSON.parse(row.payload) as Payload;
        const now = this.st.blockAssignments.raw().all(p.block) as Assignment[];
        const same =
          now.length === p.after.length &&
          now.every((x, i) => {
            const y = p.after[i] as Assignment;
            return x[0] === y[0] && x[1] === y[1] && x[2] === y[2];
          });
        let restored: IdentityUndoResult['restored'];
        if (same) {
          this.restore(p.before, now);
          restored = 'exact';
        } else {
          this.resolver.resolve(new Set([p.block]));
          restored = 'resolved';
        }
        matchTrialRoles(this.db);
        return { decision: this.info(this.st.decision.get(id) as DecisionRow), restored };
      })
      .immediate();
  }

  /** Puts a block back as a snapshot recorded it: people, authorships, institutions, evidence. */
  private restore(before: Snapshot, now: Assignment[]): void {
    const ids = new Set([...now.map((a) => a[2]), ...before.authors.map((r) => r.id as number)]);
    for (const row of before.authors) this.st.upsertAuthor.run(row);
    for (const [pub, position, author] of before.assignments) this.st.move.run(author, pub, position);
    for (const id of ids) {
      this.st.deleteInstitutions.run(id);
      this.st.deleteEvidence.run(id);
    }
    for (const row of before.institutions) this.st.insertInstitution.run(row);
    for (const row of before.evidence) this.st.insertEvidence.run(row);
    const kept = new Set(before.authors.map((r) => r.id as number));
    for (const id of ids) if (!kept.has(id)) this.st.deleteOrphan.run(id, id, id, id, id, id);
  }
}
