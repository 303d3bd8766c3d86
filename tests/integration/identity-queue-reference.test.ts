// The identity review queue (electron/db/decisions.ts) against a reference: the queue as it was
// written first, every person's summary held in Sets and Maps and every compatible pair of a block
// compared on them, kept here verbatim (the per-person summary helpers, which the queue still uses for
// the people it shows, come from decisions.ts). The queue now reads the project into typed arrays and builds
// summaries for the people shown only; its output must stay the same, item for item (keys, order,
// confidence, evidence, profiles) and the open count, on a project built from a real export and on a
// generated one, before and after dismissals, merges, splits and an undo.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../electron/db';
import {
  addRow,
  meets,
  newLight,
  refKey,
  settleDecisions,
  top,
  type Light,
} from '../../electron/db/decisions';
import { importFiles } from '../../electron/import';
import type {
  IdentityCandidate,
  IdentityDecisionKind,
  IdentityProfile,
  IdentityQueue,
} from '../../shared/api/identity';
import { givenCompatible, givenForm, type MergeEvidence } from '../../shared/formats/identity';
import { generatePubmedCsv } from '../bench/generate';
import { describeReal, realFile } from '../helpers/realData';
import { tempDir, tempProject } from '../helpers/tmp';

type Ref = [number, number];
type Payload = { block: string; a: Ref[]; b: Ref[] };

const round2 = (x: number): number => Math.round(x * 100) / 100;
// A merge this close to the resolver's threshold (1) is listed for review (one shared co-author is 1).
const THIN_SCORE = 1.2;
// Work bound of the queue: people compared per block (those with the most papers).
const MAX_PER_BLOCK = 60;

/** The reference queue: DecisionStore.queue() as first written, on the project's connection. */
class ReferenceQueue {
  private readonly st;

  constructor(db: Database.Database) {
    this.st = {
      author: db.prepare<[number], { id: number; name: string }>(
        `SELECT id, display_name AS name FROM authors WHERE id = ?`,
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
      activeDecisions: db.prepare<[], { kind: IdentityDecisionKind; payload: string }>(
        `SELECT * FROM identity_decisions WHERE undone_at IS NULL ORDER BY id`,
      ),
    };
  }

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
  queue(limit: number): IdentityQueue {
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
}

const dbOf = (project: Project): Database.Database => (project as unknown as { db: Database.Database }).db;

/** The queue and the reference agree exactly: every candidate, then the first few. */
function expectSame(project: Project): IdentityQueue {
  const reference = new ReferenceQueue(dbOf(project));
  const store = project.identityDecisions();
  const all = reference.queue(1_000_000);
  expect(all.items).toHaveLength(all.open);
  expect(JSON.stringify(store.queue(1_000_000))).toBe(JSON.stringify(all));
  for (const limit of [1, 7, 50]) expect(store.queue(limit)).toEqual(reference.queue(limit));
  return all;
}

/** Decides on the queue's own candidates (dismiss, split, merge, confirm, undo), comparing after each. */
function decideAndCompare(project: Project): IdentityQueue {
  const store = project.identityDecisions();
  let queue = expectSame(project);
  const pairs = (): IdentityCandidate[] => queue.items.filter((i) => i.kind === 'pair');
  const before = queue;
  expect(pairs().length).toBeGreaterThanOrEqual(3);

  const first = pairs()[0] as IdentityCandidate;
  store.decide({ kind: 'dismiss', a: first.a.id, b: first.b?.id as number });
  queue = expectSame(project);
  expect(queue.items.some((i) => i.key === first.key)).toBe(false);

  // A split leaves two parts of one name that must stay apart (the queue must not pair them).
  const many = pairs().find((i) => i.a.papers >= 2) as IdentityCandidate;
  expect(many).toBeDefined();
  store.decide({ kind: 'split', author: many.a.id, publications: [many.a.titles[0]?.id as number] });
  queue = expectSame(project);

  const merged = pairs()[1] as IdentityCandidate;
  const merge = store.decide({ kind: 'merge', a: merged.a.id, b: merged.b?.id as number });
  queue = expectSame(project);

  const thin = queue.items.find((i) => i.kind === 'thin');
  if (thin) {
    store.decide({ kind: 'merge', a: thin.a.id, b: thin.a.id });
    queue = expectSame(project);
    expect(queue.items.some((i) => i.key === thin.key)).toBe(false);
  }

  store.undo(merge.decision.id);
  expectSame(project);
  return before;
}

describeReal('identity queue against the reference on real exports', () => {
  const load = async (rel: string): Promise<Project> => {
    const project = tempProject();
    const content = readFileSync(realFile(rel), 'utf8');
    await importFiles(project, [{ name: path.basename(rel), content }]);
    return project;
  };

  it('MEDLINE nbib (people who share institutions): same queue before and after decisions', async () => {
    const queue = decideAndCompare(await load('nbib_cll_oncology/pubmed.nbib'));
    expect(queue.items.some((i) => i.shared.institutions.length > 0)).toBe(true);
  });

  it('Web of Science (pairs and thin merges): same queue before and after decisions', async () => {
    const queue = decideAndCompare(await load('wos_tab_ecology/savedrecs.txt'));
    expect(queue.items.some((i) => i.kind === 'thin')).toBe(true);
  });
});

describe('identity queue against the reference on a generated project', () => {
  it('same queue before and after decisions', async () => {
    const dir = tempDir('kolmap-queue-');
    const csv = path.join(dir, 'papers.csv');
    generatePubmedCsv(csv, { publications: 1000, seed: 11 });
    const project = tempProject(dir);
    await importFiles(project, [{ name: 'papers.csv', content: readFileSync(csv, 'utf8') }]);
    decideAndCompare(project);
  });
});
