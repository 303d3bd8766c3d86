// Seeded synthetic co-authorship data for analysis tests and benches: fictional people in research
// groups with skewed productivity, papers of realistic team sizes and a few consortium papers above
// the author cap. Same options → same data.
import type { AnalysisInput, PaperRow, PersonRow } from '../../shared/api';
import { createRng } from '../../shared/analytics/random';

export interface SyntheticOptions {
  people: number;
  papers: number;
  seed?: number;
  /** Research groups; most authors of a paper come from one group. Default people / 60. */
  groups?: number;
  /** Share of papers with 51–80 authors (above the default cap). Default 0.002. */
  consortiumShare?: number;
  /** Share of papers without a citation count. Default 0.1; 1 = no citation data at all. */
  missingCitations?: number;
  /** First person id (ids are not 0-based on purpose, to catch id/index mix-ups). Default 1001. */
  firstId?: number;
}

export function syntheticInput(options: SyntheticOptions): AnalysisInput {
  const rng = createRng(options.seed ?? 7);
  const nPeople = options.people;
  const nGroups = Math.max(1, options.groups ?? Math.round(nPeople / 60));
  const firstId = options.firstId ?? 1001;
  const consortiumShare = options.consortiumShare ?? 0.002;
  const missingCitations = options.missingCitations ?? 0.1;

  const people: PersonRow[] = [];
  const group = new Int32Array(nPeople);
  const activity = new Float64Array(nPeople);
  for (let i = 0; i < nPeople; i++) {
    group[i] = Math.floor(rng() * nGroups);
    // Pareto-like productivity: a few very active people, many occasional authors.
    activity[i] = 1 / Math.pow(1 - rng() * 0.999, 0.8);
    people.push({
      id: firstId + i,
      name: `Author ${String(i).padStart(6, '0')}`,
      family: `Author${i}`,
      given: 'A',
      orcid: null,
      institution: `Institute ${group[i]}`,
      city: null,
      region: null,
      country: i % 3 === 0 ? 'US' : 'DE',
      territory: null,
    });
  }
  // Cumulative activity per group for weighted picks (binary search).
  const members: number[][] = Array.from({ length: nGroups }, () => []);
  for (let i = 0; i < nPeople; i++) members[group[i]!]!.push(i);
  const cumulative = members.map((list) => {
    const c = new Float64Array(list.length);
    let s = 0;
    list.forEach((p, k) => (c[k] = s += activity[p]!));
    return c;
  });
  const pick = (g: number): number => {
    const c = cumulative[g]!;
    const list = members[g]!;
    if (list.length === 0) return Math.floor(rng() * nPeople);
    const target = rng() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return list[lo]!;
  };

  const papers: PaperRow[] = [];
  for (let p = 0; p < options.papers; p++) {
    let size: number;
    if (rng() < consortiumShare) size = 51 + Math.floor(rng() * 30);
    else size = 1 + Math.min(24, Math.floor(-Math.log(1 - rng()) * 5));
    const g = Math.floor(rng() * nGroups);
    const authors: number[] = [];
    for (let k = 0; k < size; k++) {
      const person = rng() < 0.85 ? pick(g) : pick(Math.floor(rng() * nGroups));
      authors.push(firstId + person);
    }
    const year = 2010 + Math.floor(rng() * 15);
    const citations = rng() < missingCitations ? null : Math.floor(-Math.log(1 - rng()) * 20);
    papers.push({ id: 1 + p, year, citations, authors });
  }
  return { scope: {}, people, papers };
}
