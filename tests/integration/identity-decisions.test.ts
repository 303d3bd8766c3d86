// Identity decisions on real project files (electron/db/decisions.ts): the review queue, merge, split
// and dismiss applied at once, undo back to the exact previous people, and decisions kept as
// constraints when a later import re-resolves the same block.
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../electron/import';
import type { Project } from '../../electron/db';
import { csvText, pubmedRow } from '../helpers/pubmedCsv';
import { tempProject } from '../helpers/tmp';

type Paper = { pmid: string; authors: string[]; journal: string; year?: number };

function csv(papers: Paper[]): string {
  return csvText(
    papers.map((p) =>
      pubmedRow({
        line: 0,
        pmid: p.pmid,
        title: `Study ${p.pmid} of something`,
        journal: p.journal,
        year: p.year ?? 2020,
        keywords: [],
        mesh: [],
        authors: p.authors.map((n) => {
          const [family, initials] = n.split(' ') as [string, string];
          return { raw: n, family, given: initials, initials };
        }),
      }),
    ),
  );
}

// "Doe J" on 1 and 3 shares both co-authors (the resolver joins them); on 2 nobody is shared.
const FIRST: Paper[] = [
  { pmid: '1', authors: ['Doe J', 'Alpha A', 'Beta B'], journal: 'J One' },
  { pmid: '2', authors: ['Doe J', 'Gamma C', 'Delta D'], journal: 'J Two' },
  { pmid: '3', authors: ['Doe J', 'Alpha A', 'Beta B'], journal: 'J One', year: 2021 },
  { pmid: '4', authors: ['Roe K', 'Alpha A'], journal: 'J One' },
];

async function load(project: Project, papers: Paper[], name = 'pubmed.csv'): Promise<void> {
  await importFiles(project, [{ name, content: csv(papers) }]);
}

const doeOf = (project: Project, pmid: string): number =>
  project.publication(`pmid:${pmid}`)?.authors[0]?.authorId as number;

/** Everything a decision may touch, to compare states exactly. */
function state(project: Project) {
  const people = new Set<number>();
  for (const r of project.authorshipsCsvRows()) people.add(r.author_id);
  return {
    authorships: project.authorshipsCsv(),
    totals: project.totals(),
    counts: project.recordCounts(),
    people: [...people].sort((a, b) => a - b).map((id) => [project.person(id), project.identityEvidence(id)]),
  };
}

async function fresh(): Promise<{ project: Project; x: number; y: number }> {
  const project = tempProject();
  await load(project, FIRST);
  const x = doeOf(project, '1');
  const y = doeOf(project, '2');
  expect(doeOf(project, '3')).toBe(x);
  expect(y).not.toBe(x);
  return { project, x, y };
}

describe('identity review queue and decisions', () => {
  it('lists the two Doe J as a candidate pair with their evidence side by side', async () => {
    const { project, x, y } = await fresh();
    const queue = project.identityDecisions().queue(10);
    const pair = queue.items.find((i) => i.kind === 'pair' && i.block === 'doe|j');
    expect(pair).toBeDefined();
    expect([pair?.a.id, pair?.b?.id].sort()).toEqual([x, y].sort());
    const px = pair?.a.id === x ? pair.a : pair?.b;
    expect(px?.papers).toBe(2);
    expect(px?.coauthors.map((c) => c.name).sort()).toEqual(['Alpha A', 'Beta B']);
    expect(px?.journals).toEqual(['J One']);
    expect(pair?.confidence).toBeGreaterThan(0);
    expect(pair?.confidence).toBeLessThan(1);
    expect(queue.open).toBeGreaterThanOrEqual(1);
  });

  it('merge makes one person with both papers; undo restores the exact previous state', async () => {
    const { project, x, y } = await fresh();
    const before = state(project);
    const store = project.identityDecisions();
    const { decision, people } = store.decide({ kind: 'merge', a: x, b: y });
    expect(people).toHaveLength(1);
    const merged = people[0] as number;
    for (const pmid of ['1', '2', '3']) expect(doeOf(project, pmid)).toBe(merged);
    expect(project.person(merged)?.publications).toHaveLength(3);
    expect(project.totals().authors).toBe(before.totals.authors - 1);
    expect(store.queue(10).items.some((i) => i.block === 'doe|j' && i.kind === 'pair')).toBe(false);
    expect(decision.summary).toMatch(/^Merged Doe J \(#\d+\) with Doe J \(#\d+\)$/);
    // Who holds the decided papers now: the one merged person.
    expect(decision.current).toEqual([{ id: merged, name: 'Doe J' }]);

    const undone = store.undo(decision.id);
    expect(undone.restored).toBe('exact');
    expect(undone.decision.undoneAt).not.toBeNull();
    // After the undo the papers are back with the two people of before.
    expect(undone.decision.current.map((p) => p.id).sort((a, b) => a - b)).toEqual(
      [x, y].sort((a, b) => a - b),
    );
    expect(state(project)).toEqual(before);
    expect(() => store.undo(decision.id)).toThrow(/undone already/);
    expect(store.list()[0]?.undoneAt).not.toBeNull();
  });

  it('dismiss takes the pair out of the queue and changes nobody', async () => {
    const { project, x, y } = await fresh();
    const before = state(project);
    const store = project.identityDecisions();
    const { decision } = store.decide({ kind: 'dismiss', a: x, b: y });
    expect(state(project)).toEqual(before);
    expect(store.queue(10).items.some((i) => i.kind === 'pair' && i.block === 'doe|j')).toBe(false);
    expect(store.list().map((d) => d.kind)).toEqual(['dismiss']);
    store.undo(decision.id);
    expect(store.queue(10).items.some((i) => i.kind === 'pair' && i.block === 'doe|j')).toBe(true);
  });

  it('split moves the chosen publications to a new person, and undo puts them back', async () => {
    const { project, x } = await fresh();
    const before = state(project);
    const store = project.identityDecisions();
    const p3 = project.publication('pmid:3')?.id as number;
    const { decision, people } = store.decide({ kind: 'split', author: x, publications: [p3] });
    expect(people).toHaveLength(2);
    expect(doeOf(project, '1')).toBe(x);
    const moved = doeOf(project, '3');
    expect(moved).not.toBe(x);
    expect(people).toEqual([x, moved]);
    expect(decision.current.map((p) => p.id)).toEqual([moved, x]);
    expect(project.person(moved)?.publications.map((p) => p.key)).toEqual(['pmid:3']);
    expect(project.person(x)?.publications.map((p) => p.key)).toEqual(['pmid:1']);
    expect(decision.summary).toMatch(/^Split 1 publication of Doe J/);
    // A split must leave the person something, and only their own papers can move.
    expect(() =>
      store.decide({ kind: 'split', author: x, publications: [project.publication('pmid:1')?.id as number] }),
    ).toThrow(/at least one/);
    expect(() =>
      store.decide({ kind: 'split', author: x, publications: [project.publication('pmid:4')?.id as number] }),
    ).toThrow(/not one of/);

    expect(store.undo(decision.id).restored).toBe('exact');
    expect(state(project)).toEqual(before);
  });

  it('refuses merges across blocks and of two people on one byline', async () => {
    const { project, x } = await fresh();
    const roe = project.publication('pmid:4')?.authors[0]?.authorId as number;
    expect(() => project.identityDecisions().decide({ kind: 'merge', a: x, b: roe })).toThrow(
      /share a family name/,
    );
  });
});

describe('identity decisions survive re-import', () => {
  // A new paper that shares co-authors with both Doe J: without decisions it joins them all.
  const BRIDGE: Paper[] = [{ pmid: '10', authors: ['Doe J', 'Alpha A', 'Gamma C'], journal: 'J Three' }];
  const OTHER: Paper[] = [{ pmid: '11', authors: ['Doe J', 'Epsilon E'], journal: 'J Four' }];

  it('without a decision the bridging paper joins both Doe J (the control)', async () => {
    const { project } = await fresh();
    await load(project, BRIDGE, 'bridge.csv');
    expect(doeOf(project, '2')).toBe(doeOf(project, '1'));
  });

  it('a merge holds after re-importing the same file and a new file of the same block', async () => {
    const { project, x, y } = await fresh();
    const { people } = project.identityDecisions().decide({ kind: 'merge', a: x, b: y });
    const merged = people[0] as number;
    const after = state(project);
    await load(project, FIRST);
    expect(state(project).authorships).toEqual(after.authorships);
    await load(project, OTHER, 'other.csv');
    for (const pmid of ['1', '2', '3']) expect(doeOf(project, pmid)).toBe(merged);
    expect(doeOf(project, '11')).not.toBe(merged);
  });

  it('a dismissal keeps the two apart when a new file would join them', async () => {
    const { project, x, y } = await fresh();
    project.identityDecisions().decide({ kind: 'dismiss', a: x, b: y });
    await load(project, FIRST);
    await load(project, BRIDGE, 'bridge.csv');
    expect(doeOf(project, '1')).not.toBe(doeOf(project, '2'));
    expect(doeOf(project, '3')).toBe(doeOf(project, '1'));
  });

  it('a split holds when a new file re-resolves the block', async () => {
    const { project, x } = await fresh();
    const p3 = project.publication('pmid:3')?.id as number;
    project.identityDecisions().decide({ kind: 'split', author: x, publications: [p3] });
    await load(project, OTHER, 'other.csv');
    await load(project, BRIDGE, 'bridge.csv');
    expect(doeOf(project, '3')).not.toBe(doeOf(project, '1'));
  });

  it('undo after a later import resolves the block again without the decision', async () => {
    const { project, x, y } = await fresh();
    const store = project.identityDecisions();
    const { decision } = store.decide({ kind: 'merge', a: x, b: y });
    await load(project, OTHER, 'other.csv');
    expect(store.undo(decision.id).restored).toBe('resolved');
    expect(doeOf(project, '1')).toBe(doeOf(project, '3'));
    expect(doeOf(project, '2')).not.toBe(doeOf(project, '1'));
  });
});
