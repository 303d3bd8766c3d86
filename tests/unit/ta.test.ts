// Therapeutic-area rules (shared/analytics/ta): each shipped area on realistic titles, MeSH, keywords
// and journals; several areas at once; word-boundary matching without false positives; the demo data.
import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../fixtures/demo';
import {
  areaProblems,
  classify,
  compileAreas,
  DEFAULT_AREAS,
  findArea,
  type ClassifiablePublication,
  type TherapeuticArea,
} from '../../shared/analytics/ta';

const pub = (p: Partial<ClassifiablePublication>): ClassifiablePublication => ({
  title: '',
  journal: null,
  keywords: [],
  mesh: [],
  ...p,
});
const areasOf = (p: Partial<ClassifiablePublication>): string[] => classify(pub(p), DEFAULT_AREAS);

describe('DEFAULT_AREAS', () => {
  it('ships the fourteen areas of issue 5 with valid rules', () => {
    expect(DEFAULT_AREAS.map((a) => a.id)).toEqual([
      'oncology',
      'hematology',
      'cardiology',
      'neurology',
      'psychiatry',
      'immunology',
      'infectious-disease',
      'endocrinology',
      'respiratory',
      'dermatology',
      'gastroenterology',
      'nephrology',
      'ophthalmology',
      'rare-diseases',
    ]);
    for (const a of DEFAULT_AREAS) expect(areaProblems(a), a.id).toEqual([]);
  });

  // [area, a realistic title, its journal, its MeSH]: each must land in its area from any one field.
  const cases: [string, string, string, string[]][] = [
    [
      'oncology',
      'Osimertinib in resected EGFR-mutated non-small-cell lung cancer',
      'N Engl J Med',
      ['Carcinoma, Non-Small-Cell Lung/drug therapy', 'Humans'],
    ],
    [
      'hematology',
      'Venetoclax and azacitidine in previously untreated acute myeloid leukemia',
      'N Engl J Med',
      ['Leukemia, Myeloid, Acute/drug therapy'],
    ],
    [
      'cardiology',
      'Dapagliflozin in patients with heart failure and reduced ejection fraction',
      'N Engl J Med',
      ['Heart Failure/drug therapy', 'Stroke Volume'],
    ],
    [
      'neurology',
      "Lecanemab in early Alzheimer's disease",
      'N Engl J Med',
      ['*Alzheimer Disease/drug therapy'],
    ],
    [
      'psychiatry',
      'Esketamine nasal spray for treatment-resistant major depressive disorder',
      'Am J Psychiatry',
      ['Depressive Disorder, Treatment-Resistant'],
    ],
    [
      'immunology',
      'Upadacitinib versus adalimumab in rheumatoid arthritis',
      'Ann Rheum Dis',
      ['Arthritis, Rheumatoid/drug therapy'],
    ],
    [
      'infectious-disease',
      'Nirmatrelvir for high-risk, nonhospitalized adults with COVID-19',
      'N Engl J Med',
      ['COVID-19 Drug Treatment', 'SARS-CoV-2'],
    ],
    [
      'endocrinology',
      'Once-weekly semaglutide in adults with overweight or obesity',
      'N Engl J Med',
      ['Obesity/drug therapy', 'Glucagon-Like Peptide-1 Receptor Agonists'],
    ],
    [
      'respiratory',
      'Dupilumab in COPD with type 2 inflammation indicated by eosinophil counts',
      'N Engl J Med',
      ['Pulmonary Disease, Chronic Obstructive'],
    ],
    [
      'dermatology',
      'Baricitinib for severe alopecia areata',
      'N Engl J Med',
      ['Alopecia Areata/drug therapy'],
    ],
    [
      'gastroenterology',
      'Resmetirom for nonalcoholic steatohepatitis with liver fibrosis',
      'N Engl J Med',
      ['Non-alcoholic Fatty Liver Disease', 'Liver Cirrhosis'],
    ],
    [
      'nephrology',
      'Empagliflozin in patients with chronic kidney disease',
      'N Engl J Med',
      ['Renal Insufficiency, Chronic'],
    ],
    [
      'ophthalmology',
      'Faricimab for neovascular age-related macular degeneration',
      'Lancet',
      ['Wet Macular Degeneration/drug therapy'],
    ],
    [
      'rare-diseases',
      'Vutrisiran in patients with transthyretin amyloidosis with cardiomyopathy',
      'N Engl J Med',
      ['Amyloid Neuropathies, Familial'],
    ],
  ];
  it.each(cases)('%s: title, MeSH and journal each classify it', (area, title, journal, mesh) => {
    expect(areasOf({ title, journal })).toContain(area);
    expect(areasOf({ title: 'A study', mesh })).toContain(area);
  });

  it('classifies by journal alone, abbreviated or in full, and by keyword', () => {
    expect(areasOf({ title: 'A study', journal: 'J Clin Oncol' })).toEqual(['oncology']);
    expect(areasOf({ title: 'A study', journal: 'Journal of Clinical Oncology' })).toEqual(['oncology']);
    expect(areasOf({ title: 'A study', journal: 'Blood' })).toEqual(['hematology']);
    expect(areasOf({ title: 'A study', journal: 'Eur Heart J' })).toEqual(['cardiology']);
    expect(areasOf({ title: 'A study', keywords: ['Multiple sclerosis'] })).toEqual(['neurology']);
  });

  it('puts a paper in every area it belongs to', () => {
    expect(areasOf({ title: 'Hepatocellular carcinoma in patients without cirrhosis' })).toEqual([
      'oncology',
      'gastroenterology',
    ]);
    expect(areasOf({ title: 'Diabetic kidney disease', mesh: ['Diabetic Nephropathies'] })).toEqual([
      'endocrinology',
      'nephrology',
    ]);
  });

  it('matches whole words only: no area for everyday words that contain a term', () => {
    expect(areasOf({ title: 'Cell phone use and cellular signalling in nurses' })).toEqual([]);
    expect(areasOf({ title: 'Single-cell sequencing of cell lines: a candidate pipeline' })).toEqual([]);
    expect(areasOf({ title: 'Patient decision aids in primary care' })).toEqual([]);
    expect(areasOf({ title: 'Statistical methods for pathogenesis studies' })).toEqual([]);
    expect(
      areasOf({
        title: 'SMART on FHIR: apps for electronic health records',
        journal: 'J Am Med Inform Assoc',
      }),
    ).toEqual([]);
  });

  it('exclude phrases stop a term: tumor necrosis factor is not oncology, renal cell carcinoma not nephrology', () => {
    expect(areasOf({ title: 'Tumor necrosis factor inhibitors in rheumatoid arthritis' })).toEqual([
      'immunology',
    ]);
    expect(areasOf({ title: 'Tumour necrosis factor and tumour growth' })).toContain('oncology');
    expect(areasOf({ title: 'Adjuvant pembrolizumab in renal cell carcinoma' })).toEqual(['oncology']);
  });

  it('is case-, diacritic- and spelling-insensitive, and reads MeSH descriptors only', () => {
    expect(areasOf({ title: 'LEUKÆMIA and anaemia in children' })).toEqual(['oncology', 'hematology']);
    expect(areasOf({ title: 'Oesophageal reflux' })).toEqual(['gastroenterology']);
    expect(areasOf({ title: 'Asma crítica asociada a aspergilosis' })).toContain('respiratory');
    expect(areasOf({ title: 'A study', mesh: ['*Breast Neoplasms/immunology'] })).toEqual(['oncology']);
    expect(areasOf({ title: 'A study', mesh: ['Humans', 'Aged', 'Cell Proliferation'] })).toEqual([]);
  });
});

describe('custom rules', () => {
  const areas: TherapeuticArea[] = [
    {
      id: 'cardio-renal',
      label: 'Cardio-renal',
      rules: {
        mesh: ['Kidney'],
        keywords: ['cardiorenal'],
        titleWords: ['heart kidney', 'sglt*'],
        journals: ['=kidney'],
        exclude: [],
      },
    },
  ];
  it('phrases, wildcards, plurals and exact journal names', () => {
    const c = compileAreas(areas);
    expect(c.classify(pub({ title: 'Heart-kidney interactions' }))).toEqual(['cardio-renal']);
    expect(c.classify(pub({ title: 'Heart and kidney' }))).toEqual([]);
    expect(c.classify(pub({ title: 'SGLT2 inhibitors' }))).toEqual(['cardio-renal']);
    expect(c.classify(pub({ title: 'x', journal: 'Kidney' }))).toEqual(['cardio-renal']);
    expect(c.classify(pub({ title: 'x', journal: 'Kidney Int' }))).toEqual([]);
    expect(c.classify(pub({ title: 'x', mesh: ['Kidney Diseases'] }))).toEqual(['cardio-renal']);
    expect(c.classify(pub({ title: 'x', keywords: ['Cardiorenal syndromes'] }))).toEqual(['cardio-renal']);
  });
  it('reports unusable rules', () => {
    expect(
      areaProblems({
        id: 'Bad Id',
        label: ' ',
        rules: { mesh: ['ca*'], keywords: ['--'], titleWords: [], journals: [], exclude: [] },
      }),
    ).toEqual([
      expect.stringContaining('id "Bad Id"'),
      'label is empty',
      expect.stringContaining('wildcard needs at least 3'),
      expect.stringContaining('"--" has no letters'),
    ]);
  });
  it('finds areas by id or label in any case', () => {
    expect(findArea(DEFAULT_AREAS, 'ONCOLOGY')?.id).toBe('oncology');
    expect(findArea(DEFAULT_AREAS, 'gastroenterology / hepatology')?.id).toBe('gastroenterology');
    expect(findArea(DEFAULT_AREAS, 'Infectious disease')?.id).toBe('infectious-disease');
    expect(findArea(DEFAULT_AREAS, 'astrology')).toBeUndefined();
  });
});

describe('the demo data', () => {
  it('every record generated for an area is classified into it, and no other area lands in oncology', () => {
    const { records, areas } = generateDemoDataset(1);
    const c = compileAreas(DEFAULT_AREAS);
    const missed: string[] = [];
    const intoOncology: string[] = [];
    records.forEach((r, i) => {
      const got = c.classify({
        title: r.title,
        journal: r.journal ?? null,
        keywords: r.keywords ?? [],
        mesh: r.mesh ?? [],
      });
      if (!got.includes(areas[i]!)) missed.push(`${areas[i]}: ${r.title}`);
      if (areas[i] !== 'oncology' && got.includes('oncology')) intoOncology.push(r.title);
    });
    expect(missed).toEqual([]);
    expect(intoOncology).toEqual([]);
  });
});
