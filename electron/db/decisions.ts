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

const refKey = (pub: number, position: number): string => `${pub}:${position}`;

function meets<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
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
interface Light {
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

function top(map: Map<string, number>, n: number): string[] {
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

function newLight(id: number, name: string): Light {
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
function addRow(
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
      allProfileRows: db.prepare(
        `SELECT au.author_id, au.publication_id, au.position, au.block, au.raw_name, au.given,
                au.institution_id, p.year, p.journal
         FROM authorships au JOIN publications p ON p.id = au.publication_id
         WHERE au.author_id IS NOT NULL`,
      ),
      authorNames: db.prepare(`SELECT id, display_name FROM authors`),
      institutionNames: db.prepare(`SELECT id, name FROM institutions`),
      titles: db.prepare<
        [number],
        { id: number; title: string; year: number | null; journal: string | null }
      >(
        `SELECT DISTINCT p.id, p.title, p.year, p.journal FROM authorships au
         JOIN publications p ON p.id = au.publication_id
         WHERE au.author_id = ? ORDER BY p.year DESC NULLS LAST, p.id DESC LIMIT 4`,
      ),
      blockPeople: db.prepare<[], [string, number]>(
        `SELECT block, author_id FROM authorships WHERE block IS NOT NULL GROUP BY block, author_id
         ORDER BY block, author_id`,
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

  /** One person's queue summary (for a decision's evidence). */
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
   * Every person's queue summary in one pass over the authorships (a query per person took seconds on
   * a project of 100k people). A person's block is the one of the row their profile lists first (their
   * newest paper), as in light().
   */
  private lights(): Map<number, Light> {
    const names = new Map<number, string>();
    for (const [id, name] of this.st.authorNames.raw().iterate() as Iterable<[number, string]>)
      names.set(id, name);
    const institutions = new Map<number, string>();
    for (const [id, name] of this.st.institutionNames.raw().iterate() as Iterable<[number, string]>) {
      institutions.set(id, name);
    }
    const lights = new Map<number, Light>();
    const authorsOf = new Map<number, number[]>();
    const firstRow = new Map<number, [number | null, number, number]>();
    for (const row of this.st.allProfileRows.raw().iterate() as Iterable<
      [
        number,
        number,
        number,
        string | null,
        string,
        string | null,
        number | null,
        number | null,
        string | null,
      ]
    >) {
      const [id, pub, position, block, rawName, given, institutionId, year, journal] = row;
      let l = lights.get(id);
      if (l === undefined) lights.set(id, (l = newLight(id, names.get(id) ?? `#${id}`)));
      // The block of the row the profile lists first: newest year (none last), then highest id.
      const first = firstRow.get(id);
      if (
        first === undefined ||
        (year !== null && (first[0] === null || year > first[0])) ||
        (year === first[0] && (pub > first[1] || (pub === first[1] && position < first[2])))
      ) {
        firstRow.set(id, [year, pub, position]);
        l.block = block;
      }
      const institution = institutionId === null ? null : (institutions.get(institutionId) ?? null);
      if (!addRow(l, pub, position, given, rawName, institution, year, journal)) continue;
      let authors = authorsOf.get(pub);
      if (!authors) authorsOf.set(pub, (authors = []));
      authors.push(id);
    }
    // Co-authors: the distinct papers shared with each other person.
    for (const authors of authorsOf.values()) {
      if (authors.length < 2) continue;
      for (const a of authors) {
        const co = (lights.get(a) as Light).coauthors;
        for (const b of authors) if (b !== a) co.set(b, (co.get(b) ?? 0) + 1);
      }
    }
    return lights;
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
    const raw =
      0.1 +
      0.8 * Math.min(coauthors.length, 3) +
      (institutions.length ? 0.6 : 0) +
      0.2 * Math.min(journals.length, 2) +
      (sameFull ? 0.5 : 0) +
      (near ? 0.1 : 0);
    return { coauthors, institutions, journals, sameFull, confidence: round2(1 - Math.exp(-raw)) };
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
    // authorship some decision is about (a thin merge of a reviewed person is settled).
    const tagsOf = new Map<string, number[]>();
    const reviewed = new Set<string>();
    const byBlock = new Map<string, { kind: IdentityDecisionKind; a: Ref[]; b: Ref[] }[]>();
    for (const { kind, p } of active) {
      let list = byBlock.get(p.block);
      if (!list) byBlock.set(p.block, (list = []));
      list.push({ kind, a: p.a, b: p.b });
      for (const [x, y] of [...p.a, ...p.b]) reviewed.add(refKey(x, y));
    }
    let k = 0;
    for (const decisions of byBlock.values()) {
      for (const [x, y] of settleDecisions(decisions).apart) {
        for (const r of x) tagsOf.set(r, [...(tagsOf.get(r) ?? []), 2 * k]);
        for (const r of y) tagsOf.set(r, [...(tagsOf.get(r) ?? []), 2 * k + 1]);
        k++;
      }
    }
    const tags = (l: Light): Set<number> => {
      const out = new Set<number>();
      for (const r of l.refs) for (const t of tagsOf.get(r) ?? []) out.add(t);
      return out;
    };

    const people = new Map<string, number[]>();
    for (const [block, id] of this.st.blockPeople.raw().iterate() as Iterable<[string, number]>) {
      let list = people.get(block);
      if (!list) people.set(block, (list = []));
      list.push(id);
    }
    const lights = this.lights();
    const lightOf = (id: number): Light | null => lights.get(id) ?? null;
    const found: {
      key: string;
      kind: 'pair' | 'thin';
      block: string;
      confidence: number;
      a: number;
      b: number | null;
      /** Pairs: filled in for the shown ones only (names of shared co-authors cost a read each). */
      shared?: IdentityCandidate['shared'];
      reason?: string;
    }[] = [];
    for (const [block, ids] of people) {
      if (ids.length < 2) continue;
      const ls = ids
        .map(lightOf)
        .filter((l): l is Light => l !== null)
        .sort((x, y) => y.papers.size - x.papers.size || x.id - y.id)
        .slice(0, MAX_PER_BLOCK);
      const forms = ls.map((l) => [...l.givens].map(givenForm));
      const tagSets = ls.map(tags);
      for (let i = 0; i < ls.length; i++) {
        for (let j = i + 1; j < ls.length; j++) {
          const a = ls[i] as Light;
          const b = ls[j] as Light;
          if (meets(a.papers, b.papers)) continue;
          const ta = tagSets[i] as Set<number>;
          const tb = tagSets[j] as Set<number>;
          if ([...ta].some((t) => tb.has(t ^ 1))) continue;
          const fa = forms[i] ?? [];
          const fb = forms[j] ?? [];
          if (!fa.every((x) => fb.every((y) => givenCompatible(x, y)))) continue;
          const [lo, hi] = a.id < b.id ? [a, b] : [b, a];
          found.push({
            key: `${lo.id}:${hi.id}`,
            kind: 'pair',
            block,
            a: lo.id,
            b: hi.id,
            confidence: this.overlap(lo, hi).confidence,
          });
        }
      }
    }
    for (const row of this.st.evidence.all()) {
      const ev = JSON.parse(row.evidence) as { merges?: MergeEvidence[] };
      const thin = (ev.merges ?? []).filter(
        (m) => m.rule === 'name' || (m.rule === 'evidence' && m.score < THIN_SCORE),
      );
      if (thin.length === 0) continue;
      const l = lightOf(row.author_id);
      if (!l || meets(l.refs, reviewed)) continue;
      const weakest = thin.reduce((x, y) => (y.score < x.score ? y : x));
      found.push({
        key: `thin:${l.id}`,
        kind: 'thin',
        block: row.block,
        a: l.id,
        b: null,
        confidence: weakest.rule === 'name' ? 0.5 : round2(1 - Math.exp(-weakest.score)),
        shared: { coauthors: weakest.coauthors ?? [], institutions: [], journals: weakest.venues ?? [] },
        reason:
          weakest.rule === 'name'
            ? `The resolver joined "${weakest.a}" and "${weakest.b}" on the name alone.`
            : `The resolver joined "${weakest.a}" and "${weakest.b}" on thin evidence (score ${weakest.score}).`,
      });
    }
    found.sort((x, y) => y.confidence - x.confidence || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    return {
      open: found.length,
      items: found.slice(0, limit).map((f) => {
        const a = lights.get(f.a) as Light;
        const b = f.b === null ? null : (lights.get(f.b) as Light);
        const words = b && !f.reason ? this.compare(a, b) : null;
        return {
          key: f.key,
          kind: f.kind,
          block: f.block,
          confidence: f.confidence,
          a: this.profile(a),
          b: b ? this.profile(b) : null,
          shared: words?.shared ?? f.shared ?? { coauthors: [], institutions: [], journals: [] },
          reason: words?.reason ?? f.reason ?? '',
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
      authorships: p.a.length + p.b.length,
      createdAt: row.created_at,
      undoneAt: row.undone_at,
    };
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
