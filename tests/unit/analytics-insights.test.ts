// Unit tests of the analysis' lists for the analyst, on small hand-made inputs: paper terms,
// community labels (tf-idf against the scope), rising stars and bridges, and analyze() wiring them.
import { describe, expect, it } from 'vitest';
import type { AnalysisInput, PaperRow, PersonRow } from '../../shared/api';
import {
  analyze,
  betweenness,
  bridges,
  buildCoauthorGraph,
  communityTerms,
  indexAuthorships,
  indexPeople,
  paperTerms,
  paperTermsFromColumns,
  risingStars,
  titleTerms,
  type Tier,
} from '../../shared/analytics';
import { personRow } from '../helpers/personRow';

const person = personRow;

let nextPaper = 1;
function paper(authors: number[], year: number | null = 2020, terms?: string[]): PaperRow {
  return { id: nextPaper++, year, citations: null, authors, ...(terms ? { terms } : {}) };
}

function setup(people: PersonRow[], papers: PaperRow[]) {
  const index = indexPeople(people);
  const authorships = indexAuthorships(papers, index);
  const graph = buildCoauthorGraph(people.length, authorships);
  return { index, authorships, graph };
}

describe('paper terms', () => {
  it('takes MeSH descriptors without qualifiers, major marks and check tags', () => {
    expect(
      paperTerms({
        mesh: ['Humans', '*Breast Neoplasms/drug therapy', 'Female', 'Trastuzumab', 'breast neoplasms'],
        keywords: ['HER2'],
        title: 'A trial',
      }),
    ).toEqual(['Breast Neoplasms', 'Trastuzumab']);
  });

  it('drops check tags and publication types among keywords (Scopus index keywords)', () => {
    expect(
      paperTerms({
        mesh: [],
        keywords: [
          'Human',
          'Alopecia Areata',
          'adult',
          'Controlled study',
          'Cross-sectional study',
          'JAK inhibitor',
        ],
        title: 'x',
      }),
    ).toEqual(['alopecia areata', 'jak inhibitor']);
  });

  it('falls back to keywords, then to title words without stop words', () => {
    expect(paperTerms({ mesh: ['Humans'], keywords: [' HER2 ', 'her2', 'Dose'], title: 'x' })).toEqual([
      'her2',
      'dose',
    ]);
    expect(
      titleTerms('Tumour mutational burden in patients with renal cell carcinoma: a 2020 study'),
    ).toEqual(['tumour', 'mutational', 'burden', 'renal', 'cell', 'carcinoma']);
    expect(paperTermsFromColumns('Epilepsy surgery outcomes', '[]', 'not json')).toEqual([
      'epilepsy',
      'surgery',
    ]);
  });

  it('keeps at most 10 terms', () => {
    const mesh = Array.from({ length: 30 }, (_, i) => `Term ${i}`);
    expect(paperTerms({ mesh, keywords: [], title: '' })).toHaveLength(10);
  });
});

describe('community labels', () => {
  const people = [1, 2, 3, 4, 5, 6].map((id) => person(id));
  // Community 0: people 1–3 (breast cancer); community 1: people 4–6 (epilepsy).
  const membership = Int32Array.from([0, 0, 0, 1, 1, 1]);

  it('names each community by its most distinctive terms, frequent in it and rare elsewhere', () => {
    const papers = [
      paper([1, 2], 2020, ['Breast Neoplasms', 'Trastuzumab']),
      paper([2, 3], 2020, ['Breast Neoplasms', 'HER2']),
      paper([1, 3], 2020, ['Breast Neoplasms', 'Common']),
      paper([4, 5], 2020, ['Epilepsy', 'Common']),
      paper([5, 6], 2020, ['Epilepsy', 'Seizures']),
      paper([4, 6], 2020, ['epilepsy', 'Common']),
    ];
    const { authorships } = setup(people, papers);
    const terms = communityTerms(papers, authorships, membership, 2);
    // Breast Neoplasms: 3/3 × ln(6/3); Trastuzumab and HER2 are on one paper only (need 2);
    // Common: once in community 0 (too few), twice in community 1: 2/3 × ln(6/3).
    expect(terms[0]).toEqual(['Breast Neoplasms']);
    expect(terms[1]).toEqual(['Epilepsy', 'Common']);
  });

  it('counts a paper for every community of its authors, and skips a term inside a chosen one', () => {
    const papers = [
      paper([1, 2], 2020, ['Breast Neoplasms', 'Neoplasms']),
      paper([2, 3], 2020, ['Breast Neoplasms', 'Neoplasms']),
      paper([3, 4], 2020, ['Bridging Topic']),
      paper([1, 4], 2020, ['Bridging Topic']),
      paper([5, 6], 2020, ['Epilepsy']),
      paper([5, 6], 2020, ['Epilepsy']),
    ];
    const { authorships } = setup(people, papers);
    const terms = communityTerms(papers, authorships, membership, 2);
    expect(terms[0]).toEqual(['Breast Neoplasms', 'Bridging Topic']);
    // Community 1 has 4 papers: Bridging Topic and Epilepsy both 2/4 × ln(6/2), but Bridging Topic is
    // in the larger community's label already and counts half: Epilepsy leads.
    expect(terms[1]).toEqual(['Epilepsy', 'Bridging Topic']);
  });

  it('leads each community with what sets it apart from the larger ones', () => {
    // Communities 0 and 1: four papers each, all on Oncology, two of each also on their own topic;
    // 92 cardiology papers make up the rest of the scope (ln(100/8) for Oncology is high).
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((id) => person(id));
    const papers = [
      paper([1, 2], 2020, ['Oncology', 'Immunotherapy']),
      paper([2, 3], 2020, ['Oncology', 'Immunotherapy']),
      paper([3, 4], 2020, ['Oncology']),
      paper([1, 4], 2020, ['Oncology']),
      paper([5, 6], 2020, ['Oncology', 'Radiotherapy']),
      paper([6, 7], 2020, ['Oncology', 'Radiotherapy']),
      paper([7, 8], 2020, ['Oncology']),
      paper([5, 8], 2020, ['Oncology']),
      ...Array.from({ length: 92 }, () => paper([9, 10], 2020, ['Heart Failure'])),
    ];
    const { authorships } = setup(ten, papers);
    const membership3 = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
    const terms = communityTerms(papers, authorships, membership3, 3);
    // Community 0: Oncology 4/4 × ln(100/8) = 2.53, Immunotherapy 2/4 × ln(100/2) = 1.96.
    expect(terms[0]).toEqual(['Oncology', 'Immunotherapy']);
    // Community 1: Oncology is in community 0's label already and counts half (1.26): Radiotherapy
    // (1.96) leads, so the two labels do not both start with Oncology.
    expect(terms[1]).toEqual(['Radiotherapy', 'Oncology']);
    expect(terms[2]).toEqual(['Heart Failure']);
  });

  it('gives no terms when papers carry none', () => {
    const papers = [paper([1, 2]), paper([4, 5])];
    const { authorships } = setup(people, papers);
    expect(communityTerms(papers, authorships, membership, 2)).toEqual([[], []]);
  });
});

describe('rising stars', () => {
  // id 1 senior (T1); 2 newcomer with the senior; 3 long career; 4 newcomer alone; 5 one recent paper.
  const people = [
    person(1, 'Senior'),
    person(2, 'Newcomer'),
    person(3, 'Veteran'),
    person(4, 'Loner'),
    person(5, 'Once'),
  ];
  const papers = [
    paper([2, 1], 2023),
    paper([2, 1], 2024),
    paper([2, 1], 2025),
    ...[2012, 2014, 2016, 2018, 2025].map((y) => paper([1, 3], y)),
    paper([4], 2023),
    paper([4], 2024),
    paper([4], 2025),
    paper([5, 1], 2025),
  ];
  const tiers: Tier[] = ['T1', 'T3', 'T2', 'T4', 'T4'];
  const base = () => {
    const { authorships, graph } = setup(people, papers);
    return {
      papers,
      authorships,
      graph,
      ids: people.map((p) => p.id),
      names: people.map((p) => p.name),
      tiers,
      scores: [90, 40, 60, 10, 5],
      referenceYear: 2025,
    };
  };

  it('lists early-career people with top-decile growth and a T1 co-author, with the reason', () => {
    // Growth = recent / (earlier + 1): Senior 5/5, Newcomer 3/1, Veteran 1/5, Loner 3/1, Once 1/1.
    // The 90th-percentile value of [0.2, 1, 1, 3, 3] is 3: Newcomer and Loner; Loner has no T1 tie.
    const stars = risingStars(base());
    expect(stars.map((s) => s.id)).toEqual([2]);
    expect(stars[0]).toMatchObject({
      firstYear: 2023,
      recentPapers: 3,
      earlierPapers: 0,
      growth: 3,
      t1Coauthors: [1],
    });
    expect(stars[0]!.reason).toBe(
      'First paper in scope 2023; 3 papers in 2023–2025 vs 0 before (growth in the top 10%); ' +
        'co-author of 1 T1 person: Senior',
    );
  });

  it('leaves out T1 people, late starters and those without enough recent papers', () => {
    // A 2-year career window starts in 2024: the newcomer (2023) is no longer early career.
    expect(risingStars(base(), { careerYears: 2 })).toEqual([]);
    // Needing 4 recent papers: nobody but the senior has them, and T1 is never a rising star.
    expect(risingStars(base(), { minRecent: 4, growthQuantile: 0 })).toEqual([]);
    expect(risingStars({ ...base(), referenceYear: null })).toEqual([]);
  });
});

describe('bridges', () => {
  // Three triangles (communities 1, 2, 3) and a hub (id 10, community 1) linked to one member of each.
  const people = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((id) => person(id));
  const papers = [
    paper([1, 2, 3]),
    paper([4, 5, 6]),
    paper([7, 8, 9]),
    paper([10, 1]),
    paper([10, 4]),
    paper([10, 7]),
  ];
  const community = [1, 1, 1, 2, 2, 2, 3, 3, 3, 1];

  it('lists people with top-decile betweenness and co-authors in two other communities', () => {
    const { graph } = setup(people, papers);
    const btw = betweenness(graph).values;
    const input = {
      graph,
      ids: people.map((p) => p.id),
      betweenness: btw,
      community,
      labels: ['', 'Alpha', '', ''],
    };
    const list = bridges(input);
    expect(list.map((b) => b.id)).toEqual([10]);
    expect(list[0]).toMatchObject({ community: 1, communities: [2, 3] });
    expect(list[0]!.reason).toBe(
      'Betweenness #1 of 10 (top 10%); in C1 (Alpha), with co-authors in 2 other communities: C2 ×1, C3 ×1',
    );
    // With one other community enough, the hub's contacts in communities 2 and 3 (next in betweenness) join.
    expect(bridges(input, { minOtherCommunities: 1, quantile: 0.5 }).map((b) => b.id)).toEqual([10, 4, 7]);
  });

  it('lists nobody in a graph without paths through anyone', () => {
    const { graph } = setup(people.slice(0, 2), [paper([1, 2])]);
    expect(bridges({ graph, ids: [1, 2], betweenness: [0, 0], community: [1, 1] })).toEqual([]);
  });
});

describe('analyze() with the lists', () => {
  it('labels communities when papers carry terms, and lists rising stars and bridges', () => {
    const people = [1, 2, 3, 4, 5, 6].map((id) => person(id));
    const papers = [
      paper([1, 2], 2024, ['Asthma']),
      paper([2, 3], 2025, ['Asthma']),
      paper([1, 3], 2025, ['Asthma']),
      paper([4, 5], 2024, ['Psoriasis']),
      paper([5, 6], 2025, ['Psoriasis']),
      paper([4, 6], 2025, ['Psoriasis']),
      paper([3, 4], 2025, ['Asthma']),
    ];
    const input: AnalysisInput = { scope: { ta: null, since: null, until: null }, people, papers };
    const result = analyze(input);
    const labels = result.communities.map((c) => c.label).sort();
    expect(labels).toEqual(['Asthma', 'Psoriasis']);
    expect(Array.isArray(result.risingStars)).toBe(true);
    expect(result.bridges.map((b) => b.id).sort()).toEqual([]);
    // No terms: no label fields.
    const bare = analyze({ ...input, papers: papers.map(({ terms: _t, ...p }) => p) });
    expect(bare.communities.every((c) => c.label === undefined)).toBe(true);
  });
});
