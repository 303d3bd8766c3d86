// The descriptive terms of a paper (PaperRow.terms), from which communities get their labels
// (labels.ts): MeSH descriptors when the paper has any, else its author keywords, else the words of
// its title. Compact on purpose: at most MAX_TERMS_PER_PAPER terms travel with each paper.
import { foldKey } from '../formats/text';

export const MAX_TERMS_PER_PAPER = 10;

/**
 * MeSH check tags and study-design headings: on most papers of every field, they describe no topic.
 * Compared on foldKey() of the descriptor.
 */
const MESH_NOISE = new Set([
  'humans',
  'animals',
  'female',
  'male',
  'adult',
  'aged',
  'aged 80 and over',
  'middle aged',
  'young adult',
  'adolescent',
  'child',
  'child preschool',
  'infant',
  'infant newborn',
  'mice',
  'rats',
  'pregnancy',
  'retrospective studies',
  'prospective studies',
  'cohort studies',
  'cross sectional studies',
  'follow up studies',
  'case control studies',
  'treatment outcome',
  'risk factors',
  'time factors',
  'prognosis',
  'incidence',
  'prevalence',
  'surveys and questionnaires',
  'randomized controlled trials as topic',
  'clinical trials as topic',
  'double blind method',
  'united states',
  'international cooperation',
  'multicenter studies as topic',
  'registries',
]);

/**
 * Index keywords that describe no topic: Emtree check tags and publication types that Scopus and
 * Embase put among a paper's keywords ("human", "article", "controlled study"), and the MeSH noise
 * headings as keywords. Compared on foldKey() of the keyword.
 */
const KEYWORD_NOISE = new Set([
  ...MESH_NOISE,
  'human',
  'animal',
  'animal experiment',
  'animal model',
  'animal tissue',
  'nonhuman',
  'mouse',
  'rat',
  'article',
  'review',
  'letter',
  'editorial',
  'note',
  'conference paper',
  'case report',
  'priority journal',
  'controlled study',
  'major clinical study',
  'clinical article',
  'clinical trial',
  'randomized controlled trial',
  'cohort analysis',
  'retrospective study',
  'prospective study',
  'cross sectional study',
  'follow up',
  'questionnaire',
  'risk factor',
  'school child',
  'preschool child',
  'newborn',
  'juvenile',
  'very elderly',
  'procedures',
  'normal human',
  'human cell',
  'human tissue',
  'in vitro study',
  'in vivo study',
  'comparative study',
  'systematic review',
  'meta analysis',
  'practice guideline',
]);

/** Words too common in medical titles to say what a paper is about. */
const TITLE_STOPWORDS = new Set(
  (
    'about after against among analysis and anti approach assessment associated association based ' +
    'before between case clinical cohort comparison compared data disease during effect effects ' +
    'efficacy evaluation evidence factors findings from group high impact into long management ' +
    'meta model multicentre multicenter novel observational outcome outcomes over patient patients ' +
    'phase population predictor predictors prospective randomised randomized real review risk role ' +
    'safety single study systematic their term than that the therapy this through treated treatment ' +
    'trial trials under using versus what when with within without world year years'
  ).split(' '),
);

/** The MeSH descriptor of a heading: without "/qualifier" and without the major-topic "*". */
function descriptor(raw: string): string {
  const slash = raw.indexOf('/');
  return (slash >= 0 ? raw.slice(0, slash) : raw).replace(/^\s*\*/, '').trim();
}

/** Title words worth a label: folded, at least 4 characters, not digits only, not a stop word. */
export function titleTerms(title: string): string[] {
  const key = foldKey(title);
  if (!key) return [];
  return key.split(' ').filter((w) => w.length >= 4 && !/^\d+$/.test(w) && !TITLE_STOPWORDS.has(w));
}

/**
 * A paper's terms for community labels: MeSH descriptors (noise headings dropped) when there are
 * any, else keywords (lower-cased, check tags dropped), else title words; distinct (by foldKey), at most
 * MAX_TERMS_PER_PAPER, in their original order.
 */
export function paperTerms(paper: {
  mesh: readonly string[];
  keywords: readonly string[];
  title: string;
}): string[] {
  const mesh = paper.mesh.map(descriptor).filter((d) => d !== '' && !MESH_NOISE.has(foldKey(d)));
  const keywords = paper.keywords
    .map((k) => k.trim().toLowerCase())
    .filter((k) => k !== '' && !KEYWORD_NOISE.has(foldKey(k)));
  const list = mesh.length > 0 ? mesh : keywords.length > 0 ? keywords : titleTerms(paper.title);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const term of list) {
    const key = foldKey(term);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(term);
    if (out.length >= MAX_TERMS_PER_PAPER) break;
  }
  return out;
}

/** Parses a JSON array of strings as stored in the project file; [] for anything else. */
function jsonStrings(json: string | null): string[] {
  if (!json || json === '[]') return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** paperTerms() over the project file's columns (keywords and mesh as JSON arrays). */
export function paperTermsFromColumns(
  title: string,
  keywordsJson: string | null,
  meshJson: string | null,
): string[] {
  return paperTerms({ title, keywords: jsonStrings(keywordsJson), mesh: jsonStrings(meshJson) });
}
