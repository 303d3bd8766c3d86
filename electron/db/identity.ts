// Identity resolution, the stored part (issue 4): after an import has written its authorships (each with
// a provisional person by name key), re-resolves every block the import touched with
// shared/formats/identity resolveBlock, inside the import's transaction. Authorships keep their raw
// names; only author_id moves. Existing author ids are kept where possible (each resolved group keeps
// the id most of its authorships already had), people left without authorships or other references are
// removed, author_institutions follow the moves, and identity_evidence records why groups were joined.
// The analyst's active identity decisions of a block are passed to the resolver as constraints.
import {
  IdentityStats,
  resolveBlock,
  titleWords,
  type IdentityMention,
  type MergeEvidence,
} from '../../shared/formats/identity';
import { initialsOf, nameKey } from '../../shared/formats/names';
import { foldKey } from '../../shared/formats/text';
import type { Db } from './connection';
import { DecisionConstraints } from './decisions';

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
  mention: IdentityMention;
}

/**
 * Bylines an import session wrote itself, so the resolver need not read them back: every publication
 * with id >= fromPub, as scan rows in (publication_id, position) order. The session keeps journal and
 * year up to date when a later duplicate fills them.
 */
export interface SessionBylines {
  fromPub: number;
  pubs: ScanRow[][];
}

export interface ResolveReport {
  blocks: number;
  moved: number;
  created: number;
  removed: number;
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

/** Prepared statements of the resolver; built once per project with the writer's statements. */
export class IdentityResolver {
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
  private readonly decisions: DecisionConstraints;

  constructor(db: Db) {
    this.decisions = new DecisionConstraints(db);
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
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS identity_touched (id INTEGER PRIMARY KEY)`);
    this.clearTouched = db.prepare(`DELETE FROM temp.identity_touched`);
    this.addTouched = db.prepare<[number]>(`INSERT INTO temp.identity_touched (id) VALUES (?)`);
    // Rows an author's authorships account for; rows only an affiliation list gave are kept.
    this.dropBackedInstitutions = db.prepare(
      `DELETE FROM author_institutions WHERE (author_id, institution_id) IN
         (SELECT au.author_id, au.institution_id FROM temp.identity_touched t
          JOIN authorships au ON au.author_id = t.id WHERE au.institution_id IS NOT NULL)`,
    );
    this.rebuildInstitutions = db.prepare(
      `INSERT INTO author_institutions (author_id, institution_id, first_year, last_year, papers)
       SELECT au.author_id, au.institution_id, min(p.year), max(p.year), count(*)
       FROM temp.identity_touched t JOIN authorships au ON au.author_id = t.id
       JOIN publications p ON p.id = au.publication_id
       WHERE au.institution_id IS NOT NULL GROUP BY au.author_id, au.institution_id
       ON CONFLICT (author_id, institution_id) DO UPDATE SET
         first_year = coalesce(min(first_year, excluded.first_year), first_year, excluded.first_year),
         last_year = coalesce(max(last_year, excluded.last_year), last_year, excluded.last_year),
         papers = papers + excluded.papers`,
    );
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
    this.insertEvidence = db.prepare<[number, string, string]>(
      `INSERT INTO identity_evidence (author_id, block, evidence) VALUES (?, ?, ?)`,
    );
  }

  /** The name and identifiers a resolved group of authorships is stored under. */
  private naming(group: Stored[]) {
    const { family, given } = bestName(group);
    const initials = initialsOf(given);
    return {
      family,
      given,
      initials,
      display: displayName(family, given, initials),
      key: foldKey(family) ? nameKey(family, initials) : nameKey(family, ''),
      orcid: group.find((m) => m.orcid)?.orcid ?? null,
      scopus: group.find((m) => m.scopus)?.scopus ?? null,
    };
  }

  /** Re-resolves the given blocks (blockKey values); call inside the import's transaction. */
  resolve(blocks: ReadonlySet<string>, session?: SessionBylines): ResolveReport {
    const report: ResolveReport = { blocks: blocks.size, moved: 0, created: 0, removed: 0 };
    if (blocks.size === 0) return report;
    const stats = new IdentityStats();
    const byBlock = new Map<string, Stored[]>();
    // One pass over every byline: the names and title words of all of them make the context (how
    // common a name or word is); the mentions of the blocks to resolve are kept with their co-authors.
    const flush = (pubRows: ScanRow[]): void => {
      const first = pubRows[0];
      if (!first) return;
      const words = titleWords(first[11]);
      stats.addTitle(words);
      const keys = pubRows.map((r) => (r[3] === null ? null : stats.addName(r[4] ?? '', r[5] ?? '')));
      const venue = first[9] ? foldKey(first[9]) : null;
      pubRows.forEach((r, i) => {
        const block = r[3];
        if (block === null || !blocks.has(block)) return;
        const ids: string[] = [];
        if (r[6]) ids.push(`orcid:${r[6]}`);
        if (r[7]) ids.push(`scopus:${r[7]}`);
        const coauthors: string[] = [];
        keys.forEach((k, j) => {
          if (j !== i && k !== null) coauthors.push(k);
        });
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
          mention: {
            paper: r[0],
            given: r[5] ?? '',
            coauthors,
            institution: r[8],
            venue,
            words,
            year: r[10],
            ids,
          },
        });
      });
    };
    // Bylines stored before the session are read back; the session's own come from memory.
    let pubRows: ScanRow[] = [];
    const bound = session ? session.fromPub : Number.MAX_SAFE_INTEGER;
    for (const row of this.scan.raw().iterate(bound) as Iterable<ScanRow>) {
      if (pubRows.length > 0 && (pubRows[0] as ScanRow)[0] !== row[0]) {
        flush(pubRows);
        pubRows = [];
      }
      pubRows.push(row);
    }
    flush(pubRows);
    if (session) for (const rows of session.pubs) flush(rows);
    const used = new Set<number>();
    const moves: { s: Stored; to: number }[] = [];
    const touched = new Set<number>();
    const people: { id: number; block: string; members: Stored[]; evidence: MergeEvidence[] }[] = [];
    // The analyst's decisions (electron/db/decisions.ts) are constraints of the pure resolver.
    const constraintsFor = this.decisions.load();
    for (const block of [...byBlock.keys()].sort()) {
      const members = byBlock.get(block) as Stored[];
      const { labels, evidence } = resolveBlock(
        block,
        members.map((m) => m.mention),
        stats,
        {},
        constraintsFor(block, members),
      );
      const merges = new Map<number, MergeEvidence[]>();
      for (const e of evidence) {
        const list = merges.get(e.label);
        if (list) list.push(e.merge);
        else merges.set(e.label, [e.merge]);
      }
      const clusters = new Map<number, Stored[]>();
      labels.forEach((l, i) => {
        let c = clusters.get(l);
        if (!c) clusters.set(l, (c = []));
        c.push(members[i] as Stored);
      });
      const ordered = [...clusters.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
      const changed = new Set<number>();
      const kept: { id: number; group: Stored[] }[] = [];
      for (const [label, group] of ordered) {
        const tally = new Map<number, number>();
        for (const m of group) tally.set(m.author, (tally.get(m.author) ?? 0) + 1);
        let keep: number | undefined;
        let best = 0;
        for (const [id, count] of tally) {
          if (used.has(id)) continue;
          if (count > best || (count === best && keep !== undefined && id < keep)) {
            keep = id;
            best = count;
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
        }
        used.add(id);
        people.push({ id, block, members: group, evidence: merges.get(label) ?? [] });
        for (const m of group) {
          if (m.author === id) continue;
          moves.push({ s: m, to: id });
          changed.add(m.author);
          changed.add(id);
        }
      }
      // A person whose authorships did not change keeps the name the writer gave it.
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
      for (const id of changed) touched.add(id);
    }
    this.clearTouched.run();
    for (const id of touched) this.addTouched.run(id);
    this.dropBackedInstitutions.run();
    for (const { s, to } of moves) this.move.run(to, s.pub, s.position);
    report.moved = moves.length;
    this.rebuildInstitutions.run();
    this.clearTouched.run();
    // Nothing to clear when no person has evidence yet (a first import).
    const hadEvidence = this.anyEvidence.get() === 1;
    for (const p of people) {
      if (hadEvidence) this.deleteEvidence.run(p.id);
      if (p.evidence.length > 0) {
        const variants = [...new Set(p.members.map((m) => `${m.family}, ${m.given}`))].sort();
        this.insertEvidence.run(
          p.id,
          p.block,
          JSON.stringify({ variants, papers: p.members.length, merges: p.evidence.slice(0, 50) }),
        );
      }
    }
    for (const id of touched) {
      if (used.has(id)) continue;
      if (hadEvidence) this.deleteEvidence.run(id);
      if (this.deleteOrphan.run(id, id, id, id, id, id, id).changes > 0) report.removed++;
    }
    return report;
  }
}
