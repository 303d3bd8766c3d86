// Seeded generator of a synthetic PubMed "Save → CSV" export for the benchmarks: fictional people in
// research groups with long-tailed productivity, 1–30 authors per paper, "Family Initials" names drawn
// so that common family names collide across different people (as "Wang Y" does in real data), PMIDs,
// titles, journals, years, DOIs. Written straight to disk in ~1 MB pieces, so memory stays small at 1M
// publications. Same options → byte-identical file.
import { closeSync, openSync, writeSync } from 'node:fs';
import { createRng } from '../../shared/analytics/random';
import { PUBMED_HEADER } from '../helpers/pubmedCsv';

export interface GenerateOptions {
  publications: number;
  seed?: number;
}

export interface GenerateResult {
  publications: number;
  authorships: number;
  bytes: number;
  /** Distinct "Family Initials" spellings: the people kolmap resolves by name. */
  nameKeys: number;
  seconds: number;
}

const SYLLABLES = [
  'ka', 'ri', 'mo', 'ta', 'ne', 'lo', 'sa', 'vi', 'den', 'ber', 'han', 'sen', 'lin', 'gar', 'ros', 'mar',
  'tel', 've', 'zu', 'pa', 'dor', 'kin', 'wal', 'fer', 'no', 'shi', 'ya', 'chen', 'li', 'wu', 'ma', 'ko',
  'ra', 'bo', 'tu', 'el', 'an', 'or', 'is', 'mi', 'go', 'da', 'su', 'hu', 'ze', 'ja', 'qi', 'fu',
]; // prettier-ignore
const WORDS = [
  'cancer', 'therapy', 'outcomes', 'patients', 'cohort', 'randomized', 'trial', 'tumor', 'immune',
  'response', 'survival', 'analysis', 'clinical', 'risk', 'factors', 'treatment', 'receptor', 'gene',
  'expression', 'inhibitor', 'metastatic', 'breast', 'lung', 'colorectal', 'cardiac', 'failure', 'renal',
  'diabetes', 'insulin', 'biomarker', 'prognostic', 'model', 'imaging', 'resistance', 'phase', 'safety',
  'efficacy', 'dose', 'chronic', 'acute', 'children', 'adults', 'mortality', 'incidence', 'screening',
  'mutation', 'pathway', 'signaling', 'cells', 'mice', 'human', 'novel', 'targeted', 'combined',
]; // prettier-ignore
const JOURNAL_WORDS = [
  'Journal', 'Clinical', 'Oncology', 'Medicine', 'Research', 'Cardiology', 'Reports', 'Annals', 'Review',
  'International', 'European', 'American', 'Therapeutics', 'Translational', 'Pharmacology', 'Cell',
]; // prettier-ignore
// Initials weighted like real bylines (some letters far more common than others).
const LETTERS = 'AAAJJJJMMMMSSSSKKKRRRLLLDDDCCCHHHEEPPTTGGBBNNYYWFIOVXZQU';

/** Zipf-like pick in [0, n): index ~ n^u skews towards small indices (the common names). */
function zipf(rng: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.pow(n + 1, rng()) - 1));
}

function familyName(i: number): string {
  // Two or three syllables, deterministic from the index: ~48³ distinct families.
  const a = SYLLABLES[i % SYLLABLES.length]!;
  const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]!;
  const k = Math.floor(i / (SYLLABLES.length * SYLLABLES.length));
  const c = k > 0 ? SYLLABLES[k % SYLLABLES.length]! : '';
  const s = a + b + c;
  return s[0]!.toUpperCase() + s.slice(1);
}

/** Writes the CSV to `file` and returns what it holds. */
export function generatePubmedCsv(file: string, options: GenerateOptions): GenerateResult {
  const t0 = performance.now();
  const rng = createRng(options.seed ?? 20240601);
  const nPubs = options.publications;
  // True people (before name collisions merge some of them) and research groups of ~60.
  const nPeople = Math.round(nPubs * 4);
  const nGroups = Math.max(1, Math.round(nPeople / 60));
  const nFamilies = Math.max(1000, Math.round(nPeople / 4));
  const names: string[] = new Array<string>(nPeople);
  const group = new Int32Array(nPeople);
  const activity = new Float64Array(nPeople);
  for (let i = 0; i < nPeople; i++) {
    group[i] = Math.floor(rng() * nGroups);
    activity[i] = 1 / Math.pow(1 - rng() * 0.999, 0.7);
    // A fifth of people carry very common family names (log-uniform), the rest a milder skew.
    const family = familyName(
      rng() < 0.2 ? zipf(rng, nFamilies) : Math.floor(nFamilies * Math.pow(rng(), 1.5)),
    );
    const initials =
      LETTERS[Math.floor(rng() * LETTERS.length)]! +
      (rng() < 0.6 ? LETTERS[Math.floor(rng() * LETTERS.length)]! : '');
    names[i] = `${family} ${initials}`;
  }
  // Members of each group with cumulative activity, for weighted picks by binary search.
  const start = new Int32Array(nGroups + 1);
  for (let i = 0; i < nPeople; i++) start[group[i]! + 1]!++;
  for (let g = 0; g < nGroups; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, nGroups);
  const members = new Int32Array(nPeople);
  for (let i = 0; i < nPeople; i++) members[fill[group[i]!]!++] = i;
  const cumulative = new Float64Array(nPeople);
  for (let g = 0; g < nGroups; g++) {
    let s = 0;
    for (let k = start[g]!; k < start[g + 1]!; k++) cumulative[k] = s += activity[members[k]!]!;
  }
  const pick = (g: number): number => {
    let lo = start[g]!;
    let hi = start[g + 1]! - 1;
    if (hi < lo) return Math.floor(rng() * nPeople);
    const target = rng() * cumulative[hi]!;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return members[lo]!;
  };
  const journals = Array.from({ length: 2000 }, (_, j) => {
    const w = (k: number) => JOURNAL_WORDS[(j * 7 + k * 13 + Math.floor(j / 16) * k) % JOURNAL_WORDS.length]!;
    return `${w(1)} ${w(2)} ${familyName(j * 31 + 7)}`;
  });

  const fd = openSync(file, 'w');
  let bytes = 0;
  let buffer: string[] = [];
  let bufferChars = 0;
  const flush = (): void => {
    const b = Buffer.from(buffer.join(''), 'utf8');
    writeSync(fd, b);
    bytes += b.length;
    buffer = [];
    bufferChars = 0;
  };
  buffer.push('\uFEFF' + PUBMED_HEADER.join(',') + '\n');
  const seen = new Set<string>();
  let authorships = 0;
  let pmid = 20000000;
  const byline: number[] = [];
  try {
    for (let p = 0; p < nPubs; p++) {
      const size = 1 + Math.min(29, Math.floor(-Math.log(1 - rng()) * 5.2));
      const g = Math.floor(rng() * nGroups);
      byline.length = 0;
      // A person drawn twice is drawn again (a few tries), so bylines keep their size.
      for (let k = 0, tries = 0; k < size && tries < 4 * size; tries++) {
        const person = rng() < 0.85 ? pick(g) : pick(Math.floor(rng() * nGroups));
        if (byline.includes(person)) continue;
        byline.push(person);
        k++;
      }
      const authors = byline.map((i) => names[i]!);
      for (const a of authors) seen.add(a);
      authorships += authors.length;
      const titleWords = 6 + Math.floor(rng() * 10);
      const words: string[] = [];
      for (let k = 0; k < titleWords; k++) words.push(WORDS[Math.floor(rng() * WORDS.length)]!);
      const title = words[0]![0]!.toUpperCase() + words.join(' ').slice(1) + '.';
      const journal = journals[zipf(rng, journals.length)]!;
      const year = 2000 + Math.floor(rng() * 25);
      const month = 1 + Math.floor(rng() * 12);
      const day = 1 + Math.floor(rng() * 28);
      pmid += 1 + Math.floor(rng() * 20);
      const doi = `10.${1000 + (p % 9000)}/kb.${pmid}`;
      const pages = `${1 + Math.floor(rng() * 900)}-${1 + Math.floor(rng() * 20)}`;
      const citation = `${journal}. ${year};${1 + (year % 60)}(${1 + Math.floor(rng() * 12)}):${pages}. doi: ${doi}.`;
      const row = [
        String(pmid),
        title,
        authors.length ? authors.join(', ') + '.' : '',
        citation,
        authors[0] ?? '',
        journal,
        String(year),
        `${year}/${String(month).padStart(2, '0')}/${String(day).padStart(2, '0')}`,
        '',
        '',
        doi,
      ];
      const line = '"' + row.join('","') + '"\n';
      buffer.push(line);
      bufferChars += line.length;
      if (bufferChars >= 1 << 20) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return {
    publications: nPubs,
    authorships,
    bytes,
    nameKeys: seen.size,
    seconds: (performance.now() - t0) / 1000,
  };
}
