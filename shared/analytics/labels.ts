// Community labels: each community named by the terms (PaperRow.terms: MeSH, keywords or title
// words) most distinctive of its papers against the whole scope, a tf-idf:
//   score(c, t) = (papers of c with t / papers of c with terms) × ln(papers with terms / papers with t)
// A paper belongs to every community one of its authors is in. A term needs at least
// min(2, papers of c) papers of c (one odd paper does not name a community); ties go to the more
// frequent term, then alphabetically. A term whose words contain, or are contained in, a term already
// chosen is skipped ("Neoplasms" after "Breast Neoplasms"), so the label says more than one thing.
// Communities are labelled largest first, and a term already in the labels of k larger communities
// counts 1 / (k + 1) of its score: five oncology communities are not all "Neoplasms · …", each leads
// with what sets it apart, and the field's own name still wins where nothing else stands out.
import type { PaperRow } from '../api';
import { foldKey } from '../formats/text';
import type { Authorships } from './graph';

export const LABEL_TERMS = 3;

/**
 * Distinctive terms of each community (best first; empty when its papers carry no terms). `membership[node]` is the 0-based community of each node,
 * `count` the number of communities; `authorships` comes from the same `papers`.
 */
export function communityTerms(
  papers: readonly PaperRow[],
  authorships: Authorships,
  membership: Int32Array,
  count: number,
  perCommunity = LABEL_TERMS,
): string[][] {
  const out: string[][] = Array.from({ length: count }, () => []);
  // Term vocabulary: folded key → id, with the first spelling seen for display.
  const ids = new Map<string, number>();
  const display: string[] = [];
  const keys: string[] = [];
  const df: number[] = [];
  // Per community: term id → papers of the community with that term.
  const counts: Map<number, number>[] = Array.from({ length: count }, () => new Map());
  const papersWithTerms = new Int32Array(count);
  let total = 0;
  const seenCommunity = new Int32Array(count).fill(-1);
  const paperCommunities: number[] = [];
  const paperTermIds: number[] = [];
  for (let p = 0; p < authorships.paperCount; p++) {
    const terms = papers[p]!.terms;
    if (!terms || terms.length === 0) continue;
    paperTermIds.length = 0;
    for (const term of terms) {
      const key = foldKey(term);
      if (!key) continue;
      let id = ids.get(key);
      if (id === undefined) {
        id = display.length;
        ids.set(key, id);
        display.push(term);
        keys.push(key);
        df.push(0);
      }
      if (!paperTermIds.includes(id)) paperTermIds.push(id);
    }
    if (paperTermIds.length === 0) continue;
    total++;
    for (const id of paperTermIds) df[id]!++;
    paperCommunities.length = 0;
    for (let k = authorships.offsets[p]!; k < authorships.offsets[p + 1]!; k++) {
      const c = membership[authorships.authors[k]!]!;
      if (seenCommunity[c] === p) continue;
      seenCommunity[c] = p;
      paperCommunities.push(c);
    }
    for (const c of paperCommunities) {
      papersWithTerms[c]!++;
      const row = counts[c]!;
      for (const id of paperTermIds) row.set(id, (row.get(id) ?? 0) + 1);
    }
  }
  if (total === 0) return out;
  // Term id → how many communities labelled so far (the larger ones) carry it.
  const used = new Map<number, number>();
  for (let c = 0; c < count; c++) {
    const nc = papersWithTerms[c]!;
    if (nc === 0) continue;
    const need = Math.min(2, nc);
    const scored: { id: number; score: number; n: number }[] = [];
    for (const [id, n] of counts[c]!) {
      if (n < need) continue;
      const distinct = (n / nc) * Math.log(total / df[id]!);
      scored.push({ id, n, score: distinct / (1 + (used.get(id) ?? 0)) });
    }
    scored.sort(
      (a, b) =>
        b.score - a.score ||
        b.n - a.n ||
        (keys[a.id]! < keys[b.id]! ? -1 : keys[a.id]! > keys[b.id]! ? 1 : 0),
    );
    const chosen: string[] = [];
    for (const s of scored) {
      if (chosen.length >= perCommunity) break;
      if (!(s.score > 0)) break;
      const key = ` ${keys[s.id]!} `;
      if (chosen.some((k) => k.includes(key) || key.includes(k))) continue;
      chosen.push(key);
      out[c]!.push(display[s.id]!);
      used.set(s.id, (used.get(s.id) ?? 0) + 1);
    }
  }
  return out;
}

/** The label shown for a community's terms: "Breast Neoplasms · Trastuzumab · HER2". */
export function termsLabel(terms: readonly string[]): string {
  return terms.join(' · ');
}
