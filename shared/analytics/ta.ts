// Therapeutic areas (DESIGN §6): named rules over MeSH descriptors, author keywords, title words and
// journal names, the default set kolmap ships, and classify(), which puts a publication in every area
// whose rules it matches (a paper can be in several). Pure: no DOM, no node:*.
//
// How a term matches (all matching is case- and diacritic-insensitive, on whole words):
// - Text is folded to lower-case ASCII words ("Crohn's" → "crohns", "B-cell" → "b cell"), British
//   spellings meet American ones ("haematology" = "hematology", "tumour" = "tumor", "oesophageal" =
//   "esophageal"), so rules need one spelling only.
// - A term is one or more words; it matches when those words appear consecutively in the text.
//   A word also matches its plural in -s/-es ("cancer" matches "cancers"). A word ending in `*`
//   matches every word starting with it ("cardio*" matches "cardiomyopathy"); at least 3 letters
//   before the `*`. So "cell" never matches "cellular", and "tumor" never matches "tumorigenesis".
// - MeSH: the descriptor only (before any "/qualifier"; a leading "*" major-topic mark is ignored).
//   A rule term matches a descriptor that contains it as words, so "Neoplasms" matches "Breast
//   Neoplasms" and "Leukemia" matches "Leukemia, Myeloid, Acute" (the tree's narrower terms mostly
//   repeat their parent's head word). Qualifiers such as "/immunology" never classify a paper.
// - Keywords: each author keyword is matched on its own ("non-small cell lung cancer" ⊃ "lung cancer").
// - Title words: matched in the title.
// - Journals: the same word matching on the journal name ("oncol*" matches "J Clin Oncol" and
//   "Journal of Clinical Oncology"); a pattern starting with "=" must equal the whole name ("=blood").
// - exclude: phrases whose words cannot take part in a match of this area, in any field
//   ("tumor necrosis factor" keeps anti-TNF papers out of oncology via the word "tumor").
import { foldKey } from '../formats/text';

export interface AreaRules {
  mesh: string[];
  keywords: string[];
  titleWords: string[];
  journals: string[];
  exclude: string[];
}

export interface TherapeuticArea {
  /** Stable id: lower-case letters, digits and hyphens ("infectious-disease"). */
  id: string;
  label: string;
  rules: AreaRules;
}

/** What classify() reads of a publication. */
export interface ClassifiablePublication {
  title: string;
  journal: string | null;
  keywords: readonly string[];
  mesh: readonly string[];
}

export const AREA_ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MIN_PREFIX = 3;

// ---------------------------------------------------------------------------------------------
// Normalisation

/** One word, spelling-normalised: "haem" → "hem", "oes" → "es", "tumour" → "tumor". */
function normWord(w: string): string {
  let s = w;
  if (s.includes('ae')) s = s.replace(/ae/g, 'e');
  if (s.includes('oe')) s = s.replace(/oe/g, 'e');
  if (s.length >= 5 && s.endsWith('our')) s = s.slice(0, -3) + 'or';
  return s;
}

/** The words of a text, folded and spelling-normalised. */
export function areaWords(text: string): string[] {
  const key = foldKey(text);
  if (!key) return [];
  return key.split(' ').map(normWord);
}

function meshDescriptor(raw: string): string {
  const slash = raw.indexOf('/');
  return (slash >= 0 ? raw.slice(0, slash) : raw).replace(/^\s*\*/, '');
}

// ---------------------------------------------------------------------------------------------
// Compiled phrase index: every rule term keyed by its first word, so a text is scanned once for all
// areas instead of once per term.

interface WordPattern {
  text: string;
  prefix: boolean;
}

interface Phrase {
  words: WordPattern[];
  area: number;
  exclude: boolean;
}

function wordMatches(p: WordPattern, w: string): boolean {
  if (p.prefix) return w.startsWith(p.text);
  return (
    w === p.text ||
    (w.length === p.text.length + 1 && w.endsWith('s') && w.startsWith(p.text)) ||
    (w.length === p.text.length + 2 && w.endsWith('es') && w.startsWith(p.text))
  );
}

/** Parses a rule term into word patterns; null when nothing is left of it. */
function parseTerm(term: string): WordPattern[] | null {
  const raw = term.trim();
  if (!raw) return null;
  // Keep the wildcard through folding: "cardio*" → "cardio" + prefix.
  const parts = raw.split(/\s+/);
  const out: WordPattern[] = [];
  for (const part of parts) {
    const prefix = part.endsWith('*');
    const words = areaWords(prefix ? part.slice(0, -1) : part);
    words.forEach((w, i) => out.push({ text: w, prefix: prefix && i === words.length - 1 }));
  }
  return out.length ? out : null;
}

class PhraseIndex {
  private readonly exact = new Map<string, Phrase[]>();
  private readonly prefixed = new Map<string, Phrase[]>();
  size = 0;

  add(phrase: Phrase): void {
    const first = phrase.words[0]!;
    const map = first.prefix ? this.prefixed : this.exact;
    const key = first.prefix ? first.text.slice(0, MIN_PREFIX) : first.text;
    const list = map.get(key);
    if (list) list.push(phrase);
    else map.set(key, [phrase]);
    this.size++;
  }

  /** Calls hit(phrase, start) for each phrase found in words. */
  scan(words: readonly string[], hit: (phrase: Phrase, start: number) => void): void {
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      this.tryList(this.exact.get(w), words, i, hit);
      if (w.endsWith('s')) this.tryList(this.exact.get(w.slice(0, -1)), words, i, hit);
      if (w.endsWith('es')) this.tryList(this.exact.get(w.slice(0, -2)), words, i, hit);
      if (w.length >= MIN_PREFIX) this.tryList(this.prefixed.get(w.slice(0, MIN_PREFIX)), words, i, hit);
    }
  }

  private tryList(
    list: Phrase[] | undefined,
    words: readonly string[],
    start: number,
    hit: (phrase: Phrase, start: number) => void,
  ): void {
    if (!list) return;
    for (const phrase of list) {
      const n = phrase.words.length;
      if (start + n > words.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) ok = wordMatches(phrase.words[k]!, words[start + k]!);
      if (ok) hit(phrase, start);
    }
  }
}

/** Areas compiled once for classifying many publications. */
export interface AreaClassifier {
  readonly ids: readonly string[];
  /** Indexes (into ids) of the areas the publication belongs to, ascending. */
  match(pub: ClassifiablePublication): number[];
  /** Ids of the areas the publication belongs to, in area order. */
  classify(pub: ClassifiablePublication): string[];
}

type Field = 'mesh' | 'keywords' | 'titleWords' | 'journals';
const FIELDS: Field[] = ['mesh', 'keywords', 'titleWords', 'journals'];

export function compileAreas(areas: readonly TherapeuticArea[]): AreaClassifier {
  const ids = areas.map((a) => a.id);
  const indexes: Record<Field, PhraseIndex> = {
    mesh: new PhraseIndex(),
    keywords: new PhraseIndex(),
    titleWords: new PhraseIndex(),
    journals: new PhraseIndex(),
  };
  // "=name" journal patterns: whole folded name → areas.
  const exactJournals = new Map<string, number[]>();
  areas.forEach((area, a) => {
    for (const field of FIELDS) {
      for (const term of area.rules[field]) {
        if (field === 'journals' && term.trim().startsWith('=')) {
          const key = areaWords(term.trim().slice(1)).join(' ');
          if (!key) continue;
          const list = exactJournals.get(key) ?? [];
          if (!list.includes(a)) list.push(a);
          exactJournals.set(key, list);
          continue;
        }
        const words = parseTerm(term);
        if (words) indexes[field].add({ words, area: a, exclude: false });
      }
    }
    for (const term of area.rules.exclude) {
      const words = parseTerm(term);
      if (!words) continue;
      for (const field of FIELDS) indexes[field].add({ words, area: a, exclude: true });
    }
  });

  const matchText = (index: PhraseIndex, words: string[], found: Set<number>): void => {
    if (words.length === 0 || index.size === 0) return;
    const hits: [Phrase, number][] = [];
    let excludes = false;
    index.scan(words, (phrase, start) => {
      hits.push([phrase, start]);
      if (phrase.exclude) excludes = true;
    });
    if (!excludes) {
      for (const [phrase] of hits) found.add(phrase.area);
      return;
    }
    // Words covered by an exclude phrase, per area, cannot be part of that area's matches.
    const covered = new Map<number, Uint8Array>();
    for (const [phrase, start] of hits) {
      if (!phrase.exclude) continue;
      let mask = covered.get(phrase.area);
      if (!mask) covered.set(phrase.area, (mask = new Uint8Array(words.length)));
      mask.fill(1, start, start + phrase.words.length);
    }
    for (const [phrase, start] of hits) {
      if (phrase.exclude || found.has(phrase.area)) continue;
      const mask = covered.get(phrase.area);
      let free = true;
      if (mask) for (let k = start; k < start + phrase.words.length && free; k++) free = mask[k] === 0;
      if (free) found.add(phrase.area);
    }
  };

  const match = (pub: ClassifiablePublication): number[] => {
    const found = new Set<number>();
    for (const m of pub.mesh) matchText(indexes.mesh, areaWords(meshDescriptor(m)), found);
    for (const k of pub.keywords) matchText(indexes.keywords, areaWords(k), found);
    matchText(indexes.titleWords, areaWords(pub.title), found);
    if (pub.journal) {
      const words = areaWords(pub.journal);
      for (const a of exactJournals.get(words.join(' ')) ?? []) found.add(a);
      matchText(indexes.journals, words, found);
    }
    return [...found].sort((x, y) => x - y);
  };

  return { ids, match, classify: (pub) => match(pub).map((i) => ids[i]!) };
}

const compiledCache = new WeakMap<readonly TherapeuticArea[], AreaClassifier>();

/**
 * The ids of the areas (in the order given) whose rules the publication matches; [] when none.
 * Compiles the areas once per array (cached), so calling it for many publications is cheap.
 */
export function classify(pub: ClassifiablePublication, areas: readonly TherapeuticArea[]): string[] {
  let compiled = compiledCache.get(areas);
  if (!compiled) compiledCache.set(areas, (compiled = compileAreas(areas)));
  return compiled.classify(pub);
}

/** Problems with an area definition, as readable sentences; [] when it is usable. */
export function areaProblems(area: TherapeuticArea): string[] {
  const problems: string[] = [];
  if (!AREA_ID_RE.test(area.id)) {
    problems.push(
      `id "${area.id}" must be 1-64 lower-case letters, digits or hyphens, starting with a letter or digit`,
    );
  }
  if (!area.label.trim()) problems.push('label is empty');
  for (const field of [...FIELDS, 'exclude'] as const) {
    for (const term of area.rules[field]) {
      const body = field === 'journals' && term.trim().startsWith('=') ? term.trim().slice(1) : term;
      if (!areaWords(body.replace(/\*/g, ' ')).length) {
        problems.push(`${field} term "${term}" has no letters or digits`);
        continue;
      }
      for (const part of body.trim().split(/\s+/)) {
        if (part.endsWith('*') && areaWords(part.slice(0, -1)).join('').length < MIN_PREFIX) {
          problems.push(
            `${field} term "${term}": a wildcard needs at least ${MIN_PREFIX} letters before "*"`,
          );
        }
      }
    }
  }
  const total = FIELDS.reduce((n, f) => n + area.rules[f].length, 0);
  if (total === 0)
    problems.push('it has no MeSH, keyword, title or journal terms, so it would match nothing');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The shipped defaults. Analysts edit these per project (they are copied into the project file);
// words shared by titles and keywords are listed once per area.

function area(
  id: string,
  label: string,
  r: { mesh: string[]; words: string[]; keywordsOnly?: string[]; journals: string[]; exclude?: string[] },
): TherapeuticArea {
  return {
    id,
    label,
    rules: {
      mesh: r.mesh,
      keywords: [...r.words, ...(r.keywordsOnly ?? [])],
      titleWords: r.words,
      journals: r.journals,
      exclude: r.exclude ?? [],
    },
  };
}

export const DEFAULT_AREAS: readonly TherapeuticArea[] = [
  area('oncology', 'Oncology', {
    mesh: [
      'Neoplasms',
      'Neoplasm*',
      'Carcinoma*',
      'Adenocarcinoma*',
      'Sarcoma*',
      'Lymphoma*',
      'Leukemia*',
      'Multiple Myeloma',
      'Melanoma',
      'Glioma',
      'Glioblastoma',
      'Mesothelioma',
      'Neuroblastoma',
      'Antineoplastic*',
      'Tumor Microenvironment',
      'Tumor Burden',
      'Cell Line, Tumor',
      'Medical Oncology',
      'Radiotherapy',
      'Immune Checkpoint Inhibitors',
      'Carcinogenesis',
    ],
    words: [
      'cancer',
      'oncology',
      'oncolog*',
      'tumor',
      'carcinoma*',
      'adenocarcinoma*',
      'neoplas*',
      'malignan*',
      'metastas*',
      'metastatic',
      'sarcoma*',
      'lymphoma*',
      'leukemia*',
      'myeloma',
      'melanoma*',
      'glioma*',
      'glioblastoma*',
      'mesothelioma*',
      'neuroblastoma*',
      'chemotherap*',
      'chemoradiotherap*',
      'radiotherap*',
      'chemoimmunotherap*',
      'checkpoint inhibitor',
      'checkpoint blockade',
      'pd 1',
      'pd l1',
      'car t',
      'antitumor',
      'antineoplastic',
      'carcinogen*',
    ],
    journals: [
      'oncol*',
      'cancer*',
      'oncologist',
      'tumor*',
      'neoplas*',
      'carcinogenesis',
      'leukemia',
      'leuk lymphoma',
    ],
    exclude: ['tumor necrosis factor', 'tumor necrosis factor alpha', 'tumor lysis'],
  }),
  area('hematology', 'Hematology', {
    mesh: [
      'Hematologic Diseases',
      'Hematologic Neoplasms',
      'Leukemia*',
      'Lymphoma*',
      'Multiple Myeloma',
      'Myelodysplastic Syndromes',
      'Myeloproliferative Disorders',
      'Anemia*',
      'Hemophilia*',
      'Thrombocytopeni*',
      'Thalassemia*',
      'Blood Coagulation Disorders',
      'Hemoglobinopathies',
      'Hematopoietic Stem Cell Transplantation',
      'Bone Marrow Transplantation',
      'Venous Thromboembolism',
      'Neutropenia',
      'Polycythemia*',
      'von Willebrand Diseases',
    ],
    words: [
      'hematolog*',
      'hematologic',
      'leukemia*',
      'lymphoma*',
      'myeloma',
      'myelodysplas*',
      'myeloproliferative',
      'myelofibrosis',
      'polycythemia',
      'thrombocythemia',
      'anemia*',
      'hemophilia*',
      'sickle cell',
      'thalassemia*',
      'thrombocytopeni*',
      'neutropeni*',
      'hemoglobinopath*',
      'coagulopath*',
      'von willebrand',
      'venous thromboembolism',
      'hematopoietic',
      'stem cell transplant*',
      'bone marrow transplant*',
      'graft versus host',
      'transfusion*',
      'hemostasis',
      'aplastic',
    ],
    journals: [
      'hematol*',
      '=blood',
      'blood adv',
      'blood rev',
      'blood cancer*',
      'leukemia',
      'leuk lymphoma',
      'leuk res',
      'thromb*',
      'transfus*',
      'haemophilia',
      'hemophilia',
      'bone marrow transplant*',
    ],
  }),
  area('cardiology', 'Cardiology', {
    mesh: [
      'Cardiovascular Diseases',
      'Heart Diseases',
      'Heart Failure*',
      'Heart Valve Diseases',
      'Myocardial Infarction',
      'Myocardial Ischemia',
      'Coronary Artery Disease',
      'Coronary Disease',
      'Acute Coronary Syndrome',
      'Atrial Fibrillation',
      'Arrhythmias, Cardiac',
      'Cardiomyopathy*',
      'Hypertension',
      'Aortic Valve Stenosis',
      'Pulmonary Arterial Hypertension',
      'Atherosclerosis',
      'Hyperlipidemia*',
      'Hypercholesterolemia',
      'Hyperlipoproteinemia*',
      'Stroke Volume',
      'Cardiology',
      'Echocardiography',
      'Percutaneous Coronary Intervention',
      'Transcatheter Aortic Valve Replacement',
      'Catheter Ablation',
      'Defibrillators, Implantable',
      'Cardiac Pacing, Artificial',
      'Cardiotonic Agents',
      'Antihypertensive Agents',
      'Natriuretic Peptide, Brain',
    ],
    words: [
      'cardiac',
      'cardiology',
      'cardio*',
      'heart',
      'coronary',
      'myocardial',
      'myocarditis',
      'pericarditis',
      'endocarditis',
      'atrial fibrillation',
      'atrial flutter',
      'arrhythmi*',
      'tachycardia',
      'bradycardia',
      'hypertension',
      'hypertensive',
      'blood pressure',
      'atherosclero*',
      'aortic',
      'aortic stenosis',
      'valvular',
      'mitral',
      'ejection fraction',
      'angina',
      'ischemic heart',
      'acute coronary',
      'hyperlipidemia',
      'hypercholesterolemia',
      'dyslipidemia',
      'ldl cholesterol',
      'statin*',
      'pcsk9',
      'anticoagula*',
      'percutaneous coronary',
      'tavi',
      'tavr',
      'echocardiograph*',
      'electrocardiogra*',
      'nt probnp',
      'troponin',
    ],
    journals: [
      'cardiol*',
      'cardio*',
      'heart',
      'circulation',
      'circ heart fail',
      'circ arrhythm*',
      'circ cardiovasc*',
      'circ res',
      'hypertension',
      'hypertens*',
      'europace',
      'eurointervention',
      'atherosclerosis',
      'arterioscler*',
      'jacc*',
    ],
  }),
  area('neurology', 'Neurology', {
    mesh: [
      'Nervous System Diseases',
      'Central Nervous System Diseases',
      'Brain Diseases',
      'Neurodegenerative Diseases',
      'Alzheimer Disease',
      'Dementia*',
      'Parkinson Disease',
      'Multiple Sclerosis*',
      'Stroke',
      'Ischemic Stroke',
      'Brain Ischemia',
      'Epilepsy*',
      'Seizures',
      'Migraine Disorders',
      'Headache*',
      'Amyotrophic Lateral Sclerosis',
      'Myasthenia Gravis',
      'Muscular Atrophy, Spinal',
      'Muscular Dystroph*',
      'Huntington Disease',
      'Neuromyelitis Optica',
      'Peripheral Nervous System Diseases',
      'Polyneuropath*',
      'Neuropath*',
      'Neurology',
      'Deep Brain Stimulation',
      'Cognitive Dysfunction',
      'Neurofilament Proteins',
    ],
    words: [
      'neurolog*',
      'neurodegenerat*',
      'alzheimer*',
      'dementia',
      'parkinson*',
      'parkinsonism',
      'multiple sclerosis',
      'stroke',
      'ischemic stroke',
      'cerebrovascular',
      'epilep*',
      'seizure*',
      'migraine',
      'headache',
      'amyotrophic lateral sclerosis',
      'als',
      'motor neuron disease',
      'myasthenia',
      'spinal muscular atrophy',
      'muscular dystroph*',
      'huntington*',
      'neuromyelitis',
      'neuropath*',
      'polyneuropath*',
      'guillain barre',
      'cognitive impairment',
      'cognitive decline',
      'neurofilament',
      'brain injury',
      'traumatic brain',
      'encephalitis',
      'encephalopath*',
      'ataxia',
      'dystonia',
      'neuromuscular',
    ],
    journals: [
      'neurol*',
      'neurosci*',
      'brain',
      'stroke',
      'epilep*',
      'seizure',
      'mult scler*',
      'multiple sclerosis*',
      'mov disord',
      'movement disorder*',
      'alzheimer*',
      'dementia',
      'cephalalgia',
      'headache',
      'neurolog*',
      'neuromuscul*',
    ],
    exclude: ['stroke volume', 'heat stroke'],
  }),
  area('psychiatry', 'Psychiatry', {
    mesh: [
      'Mental Disorders',
      'Depressive Disorder*',
      'Depression',
      'Anxiety Disorders',
      'Anxiety',
      'Schizophrenia',
      'Bipolar Disorder',
      'Psychotic Disorders',
      'Substance-Related Disorders',
      'Alcoholism',
      'Opioid-Related Disorders',
      'Stress Disorders, Post-Traumatic',
      'Obsessive-Compulsive Disorder',
      'Attention Deficit Disorder with Hyperactivity',
      'Autism Spectrum Disorder',
      'Autistic Disorder',
      'Feeding and Eating Disorders',
      'Suicide',
      'Antidepressive Agents',
      'Antipsychotic Agents',
      'Psychiatry',
      'Transcranial Magnetic Stimulation',
      'Electroconvulsive Therapy',
    ],
    words: [
      'psychiatr*',
      'depression',
      'depressive',
      'major depressive',
      'anxiety',
      'schizophreni*',
      'bipolar',
      'psychosis',
      'psychotic',
      'mental health',
      'mental disorder*',
      'mental illness',
      'suicid*',
      'ptsd',
      'posttraumatic stress',
      'post traumatic stress',
      'obsessive compulsive',
      'adhd',
      'attention deficit',
      'autism',
      'autistic',
      'eating disorder*',
      'anorexia nervosa',
      'bulimia',
      'substance use',
      'alcohol use disorder',
      'opioid use disorder',
      'addiction',
      'antidepressant*',
      'antipsychotic*',
      'transcranial magnetic stimulation',
      'rtms',
      'electroconvulsive',
    ],
    journals: [
      'psychiatr*',
      'psychol*',
      'psychopharmacol*',
      'depress*',
      'schizophr*',
      'bipolar disord*',
      'addict*',
      'j affect disord',
      'affective disorder*',
      'mental health',
      'autism',
    ],
    exclude: [
      'st segment depression',
      'respiratory depression',
      'myocardial depression',
      'bone marrow depression',
    ],
  }),
  area('immunology', 'Immunology / rheumatology', {
    mesh: [
      'Immune System Diseases',
      'Autoimmune Diseases',
      'Arthritis*',
      'Rheumatic Diseases',
      'Lupus Erythematosus*',
      'Spondylarthritis',
      'Spondylitis, Ankylosing',
      'Axial Spondyloarthritis',
      'Scleroderma*',
      'Sjogren Syndrome',
      'Vasculitis',
      'Giant Cell Arteritis',
      'Polymyalgia Rheumatica',
      'Gout',
      'Immunologic Deficiency Syndromes',
      'Primary Immunodeficiency Diseases',
      'Common Variable Immunodeficiency',
      'Hypersensitivity',
      'Antirheumatic Agents',
      'Tumor Necrosis Factor Inhibitors',
      'Janus Kinase Inhibitors',
      'Immunosuppressive Agents',
      'Rheumatology',
      'Allergy and Immunology',
      'Psoriasis',
      'Dermatitis, Atopic',
      'Inflammatory Bowel Diseases',
      'Crohn Disease',
      'Colitis, Ulcerative',
      'Hidradenitis Suppurativa',
    ],
    words: [
      'rheumat*',
      'arthritis',
      'rheumatoid',
      'psoriatic arthritis',
      'lupus',
      'spondyloarthritis',
      'spondylitis',
      'scleroderma',
      'systemic sclerosis',
      'sjogren*',
      'vasculitis',
      'arteritis',
      'polymyalgia',
      'gout',
      'autoimmun*',
      'immune mediated',
      'immunodeficienc*',
      'allerg*',
      'anaphyla*',
      'jak inhibitor*',
      'anti tnf',
      'tnf inhibitor*',
      'biologic dmard*',
      'dmard*',
      'psoria*',
      'atopic dermatitis',
      'inflammatory bowel disease',
      'crohn*',
      'ulcerative colitis',
      'hidradenitis',
    ],
    keywordsOnly: ['autoimmunity', 'immunology'],
    journals: [
      'rheumatol*',
      'arthritis*',
      'ann rheum dis',
      'rmd open',
      'lupus',
      'immunol*',
      'j autoimmun',
      'autoimmun*',
      'allergy*',
      'clin exp allergy',
      'j allergy clin immunol',
    ],
  }),
  area('infectious-disease', 'Infectious disease', {
    mesh: [
      'Infections',
      'Communicable Diseases',
      'Bacterial Infections',
      'Virus Diseases',
      'Mycoses',
      'Parasitic Diseases',
      'HIV Infections',
      'HIV',
      'Hepatitis, Viral, Human',
      'Hepatitis B',
      'Hepatitis C',
      'Tuberculosis*',
      'COVID-19',
      'SARS-CoV-2',
      'Coronavirus Infections',
      'Influenza, Human',
      'Malaria*',
      'Sepsis',
      'Pneumonia, Bacterial',
      'Pneumonia, Viral',
      'Respiratory Syncytial Virus Infections',
      'Anti-Bacterial Agents',
      'Anti-Infective Agents',
      'Antiviral Agents',
      'Antifungal Agents',
      'Drug Resistance, Bacterial',
      'Drug Resistance, Microbial',
      'Vaccines',
      'Vaccination',
      'Aspergillosis*',
      'Candidiasis',
    ],
    words: [
      'infection*',
      'infectious',
      'hiv',
      'covid',
      'covid 19',
      'sars cov 2',
      'coronavirus',
      'influenza',
      'tuberculosis',
      'malaria',
      'sepsis',
      'septic',
      'viral',
      'virus*',
      'bacterial',
      'bacteremia',
      'fungal',
      'mycos*',
      'aspergillosis',
      'candida',
      'candidiasis',
      'candidemia',
      'hepatitis b',
      'hepatitis c',
      'antibiotic*',
      'antimicrobial*',
      'antiviral*',
      'antifungal*',
      'vaccin*',
      'pathogen',
      'staphylococcus',
      'mrsa',
      'streptococc*',
      'pneumococc*',
      'escherichia coli',
      'klebsiella',
      'pseudomonas',
      'clostridi*',
      'respiratory syncytial',
      'dengue',
      'zika',
      'ebola',
      'mpox',
      'monkeypox',
      'cytomegalovirus',
      'herpes',
      'hpv',
      'papillomavirus',
    ],
    journals: [
      'infect*',
      'clin infect dis',
      'lancet infect dis',
      'j infect dis',
      'antimicrob*',
      'antimicrobial agents',
      'vaccine*',
      '=aids',
      'hiv*',
      'virol*',
      'microbiol*',
      'tuberc*',
    ],
  }),
  area('endocrinology', 'Endocrinology / diabetes', {
    mesh: [
      'Endocrine System Diseases',
      'Diabetes Mellitus*',
      'Diabetes Complications',
      'Diabetic*',
      'Insulin Resistance',
      'Hyperglycemia',
      'Hypoglycemia',
      'Obesity*',
      'Metabolic Syndrome',
      'Thyroid Diseases',
      'Hypothyroidism',
      'Hyperthyroidism',
      'Thyroid Neoplasms',
      'Adrenal Insufficiency',
      'Cushing Syndrome',
      'Pituitary Diseases',
      'Acromegaly',
      'Osteoporosis*',
      'Polycystic Ovary Syndrome',
      'Hypoglycemic Agents',
      'Insulin',
      'Glucagon-Like Peptide-1 Receptor Agonists',
      'Sodium-Glucose Transporter 2 Inhibitors',
      'Endocrinology',
    ],
    words: [
      'endocrin*',
      'diabetes',
      'diabetic',
      'type 1 diabetes',
      'type 2 diabetes',
      'insulin',
      'glycemic',
      'hyperglycemia',
      'hypoglycemia',
      'hba1c',
      'obesity',
      'overweight',
      'metabolic syndrome',
      'thyroid',
      'hypothyroidism',
      'hyperthyroidism',
      'graves',
      'hashimoto*',
      'adrenal',
      'cushing*',
      'pituitary',
      'acromegaly',
      'osteoporo*',
      'polycystic ovary',
      'glp 1',
      'glp 1 receptor agonist*',
      'sglt2',
      'sglt2 inhibitor*',
      'semaglutide',
      'tirzepatide',
      'metformin',
      'anti obesity',
    ],
    journals: [
      'diabet*',
      'endocr*',
      'obes*',
      'thyroid',
      'clin endocrinol',
      'osteoporos*',
      'bone miner*',
      'metab',
      'metabolism',
    ],
  }),
  area('respiratory', 'Respiratory', {
    mesh: [
      'Respiratory Tract Diseases',
      'Lung Diseases*',
      'Pulmonary Disease, Chronic Obstructive',
      'Asthma',
      'Bronchiectasis',
      'Cystic Fibrosis',
      'Idiopathic Pulmonary Fibrosis',
      'Pulmonary Fibrosis',
      'Pneumonia',
      'Respiratory Insufficiency',
      'Respiratory Distress Syndrome',
      'Sleep Apnea*',
      'Bronchitis',
      'Pulmonary Embolism',
      'Hypertension, Pulmonary',
      'Pulmonary Arterial Hypertension',
      'Bronchodilator Agents',
      'Pulmonary Medicine',
      'Respiratory Function Tests',
    ],
    words: [
      'respiratory',
      'pulmonary',
      'lung',
      'asthma',
      'asma',
      'copd',
      'chronic obstructive pulmonary',
      'bronchiectasis',
      'bronchitis',
      'bronch*',
      'cystic fibrosis',
      'pulmonary fibrosis',
      'interstitial lung',
      'pneumonia',
      'pneumonitis',
      'emphysema',
      'sleep apnea',
      'spirometr*',
      'inhaler*',
      'inhaled',
      'mechanical ventilation',
      'ards',
      'respiratory failure',
    ],
    journals: [
      'respir*',
      'pulm*',
      'lung',
      'thorax',
      'chest',
      'eur respir j',
      'am j respir crit care med',
      'asthma',
      'bronch*',
      'pneumol*',
    ],
  }),
  area('dermatology', 'Dermatology', {
    mesh: [
      'Skin Diseases*',
      'Dermatitis*',
      'Psoriasis',
      'Eczema',
      'Acne Vulgaris',
      'Alopecia*',
      'Urticaria',
      'Vitiligo',
      'Hidradenitis Suppurativa',
      'Rosacea',
      'Pemphig*',
      'Skin Neoplasms',
      'Melanoma',
      'Keratosis*',
      'Dermatology',
    ],
    words: [
      'dermatolog*',
      'dermatitis',
      'dermatos*',
      'skin',
      'cutaneous',
      'psoria*',
      'eczema',
      'atopic dermatitis',
      'acne',
      'alopecia',
      'hair loss',
      'urticaria',
      'vitiligo',
      'hidradenitis',
      'rosacea',
      'pemphig*',
      'keratosis',
      'melanoma',
      'basal cell carcinoma',
      'squamous cell carcinoma of the skin',
      'pruritus',
      'wound healing',
    ],
    journals: [
      'dermatol*',
      'j invest dermatol',
      'br j dermatol',
      'jama dermatol',
      'skin*',
      'acta derm*',
      'cutis',
      'exp dermatol',
      'j eur acad dermatol venereol',
    ],
  }),
  area('gastroenterology', 'Gastroenterology / hepatology', {
    mesh: [
      'Digestive System Diseases',
      'Gastrointestinal Diseases',
      'Inflammatory Bowel Diseases',
      'Crohn Disease',
      'Colitis*',
      'Irritable Bowel Syndrome',
      'Celiac Disease',
      'Gastroesophageal Reflux',
      'Peptic Ulcer',
      'Helicobacter Infections',
      'Pancreatitis*',
      'Liver Diseases*',
      'Liver Cirrhosis*',
      'Fatty Liver',
      'Non-alcoholic Fatty Liver Disease',
      'Hepatitis*',
      'Carcinoma, Hepatocellular',
      'Liver Neoplasms',
      'Colorectal Neoplasms',
      'Stomach Neoplasms',
      'Esophageal Neoplasms',
      'Pancreatic Neoplasms',
      'Cholelithiasis',
      'Choledocholithiasis',
      'Gastrointestinal Microbiome',
      'Endoscopy, Gastrointestinal',
      'Colonoscopy',
      'Gastroenterology',
    ],
    words: [
      'gastro*',
      'gastric',
      'hepat*',
      'liver',
      'cirrhosis',
      'steatotic',
      'steatohepatitis',
      'nafld',
      'nash',
      'masld',
      'mash',
      'inflammatory bowel',
      'ibd',
      'crohn*',
      'ulcerative colitis',
      'colitis',
      'irritable bowel',
      'celiac',
      'coeliac',
      'esophag*',
      'reflux',
      'dyspepsia',
      'peptic',
      'helicobacter',
      'pancrea*',
      'biliary',
      'cholangi*',
      'cholelithiasis',
      'choledocholithiasis',
      'gallstone*',
      'colorectal',
      'colon',
      'colonic',
      'rectal',
      'bowel',
      'intestinal',
      'gut microbio*',
      'colonoscop*',
      'endoscop*',
      'calprotectin',
    ],
    journals: [
      'gastroenterol*',
      'gastro*',
      'hepatol*',
      'liver*',
      'gut',
      'j crohns colitis',
      'inflamm bowel dis',
      'aliment pharmacol ther',
      'endoscopy',
      'gastrointest endosc',
      'dig dis*',
      'digestion',
      'pancreas*',
      'pancreatology',
    ],
    exclude: ['hepatitis b vaccine'],
  }),
  area('nephrology', 'Nephrology', {
    mesh: [
      'Kidney Diseases*',
      'Renal Insufficiency*',
      'Acute Kidney Injury',
      'Kidney Failure, Chronic',
      'Glomerulonephritis*',
      'Nephrotic Syndrome',
      'Diabetic Nephropathies',
      'Lupus Nephritis',
      'Polycystic Kidney*',
      'Renal Dialysis',
      'Peritoneal Dialysis',
      'Kidney Transplantation',
      'Proteinuria',
      'Albuminuria',
      'Glomerular Filtration Rate',
      'Nephrology',
    ],
    words: [
      'nephrolog*',
      'kidney',
      'renal',
      'nephropath*',
      'nephritis',
      'nephrotic',
      'glomerul*',
      'iga nephropathy',
      'dialysis',
      'hemodialysis',
      'ckd',
      'chronic kidney disease',
      'acute kidney injury',
      'aki',
      'proteinuria',
      'albuminuria',
      'egfr decline',
      'end stage renal',
      'polycystic kidney',
    ],
    journals: [
      'nephrol*',
      'kidney*',
      'renal*',
      'j am soc nephrol',
      'clin j am soc nephrol',
      'nephron',
      'am j kidney dis',
      'dialysis',
      'hemodial int',
      'kidney int',
    ],
    exclude: ['renal cell carcinoma', 'renal cell cancer'],
  }),
  area('ophthalmology', 'Ophthalmology', {
    mesh: [
      'Eye Diseases*',
      'Retinal Diseases',
      'Macular Degeneration',
      'Diabetic Retinopathy',
      'Glaucoma*',
      'Cataract',
      'Uveitis*',
      'Retinitis Pigmentosa',
      'Myopia',
      'Dry Eye Syndromes',
      'Keratoconus',
      'Retinal Vein Occlusion',
      'Macular Edema',
      'Intravitreal Injections',
      'Visual Acuity',
      'Ophthalmology',
      'Tomography, Optical Coherence',
    ],
    words: [
      'ophthalm*',
      'ocular',
      'eye',
      'retina*',
      'retinal',
      'retinopath*',
      'macula*',
      'macular degeneration',
      'glaucoma*',
      'cataract*',
      'uveitis',
      'cornea*',
      'keratoconus',
      'keratitis',
      'myopia',
      'dry eye',
      'visual acuity',
      'vision loss',
      'intravitreal',
      'anti vegf',
      'optical coherence tomography',
      'blindness',
    ],
    journals: [
      'ophthalmol*',
      'retina*',
      'eye',
      'invest ophthalmol vis sci',
      'am j ophthalmol',
      'br j ophthalmol',
      'cornea',
      'glaucoma*',
      'j cataract refract surg',
      'optom*',
      'vision*',
    ],
  }),
  area('rare-diseases', 'Rare diseases', {
    mesh: [
      'Rare Diseases',
      'Orphan Drug Production',
      'Genetic Diseases, Inborn',
      'Metabolism, Inborn Errors',
      'Lysosomal Storage Diseases',
      'Gaucher Disease',
      'Fabry Disease',
      'Mucopolysaccharidos*',
      'Glycogen Storage Disease*',
      'Phenylketonurias',
      'Cystic Fibrosis',
      'Muscular Atrophy, Spinal',
      'Muscular Dystrophy, Duchenne',
      'Huntington Disease',
      'Amyloid Neuropathies, Familial',
      'Hemophilia*',
      'Amyotrophic Lateral Sclerosis',
      'Hereditary Angioedema*',
      'Paroxysmal Nocturnal Hemoglobinuria',
      'Atypical Hemolytic Uremic Syndrome',
      'Myasthenia Gravis',
      'Neuromyelitis Optica',
      'Thalassemia*',
      'Anemia, Sickle Cell',
      'Primary Immunodeficiency Diseases',
      'Common Variable Immunodeficiency',
    ],
    words: [
      'rare disease*',
      'rare disorder*',
      'orphan drug*',
      'orphan disease*',
      'ultra rare',
      'inborn error*',
      'lysosomal storage',
      'gaucher',
      'fabry',
      'pompe',
      'mucopolysaccharidosis',
      'phenylketonuria',
      'cystic fibrosis',
      'spinal muscular atrophy',
      'duchenne',
      'huntington*',
      'amyotrophic lateral sclerosis',
      'transthyretin amyloid*',
      'attr',
      'hereditary angioedema',
      'paroxysmal nocturnal hemoglobinuria',
      'hemolytic uremic',
      'hemophilia',
      'sickle cell',
      'thalassemia',
      'myasthenia gravis',
      'neuromyelitis optica',
      'primary immunodeficienc*',
      'common variable immunodeficiency',
    ],
    journals: [
      'orphanet j rare dis',
      'rare dis*',
      'j inherit metab dis',
      'mol genet metab',
      'j neuromuscul dis',
    ],
  }),
];

/** Looks an area up by id or label, case- and diacritic-insensitively. */
export function findArea<T extends { id: string; label: string }>(
  areas: readonly T[],
  name: string,
): T | undefined {
  const key = foldKey(name);
  return (
    areas.find((a) => a.id === name.trim().toLowerCase()) ??
    areas.find((a) => foldKey(a.id) === key || foldKey(a.label) === key)
  );
}
