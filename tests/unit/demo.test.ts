// The demo generator: deterministic for a seed and shaped like real literature (areas, countries,
// team sizes, long-tailed productivity, collaborating groups, ORCIDs), with fictional identifiers.
import { describe, expect, it } from 'vitest';
import {
  DEMO_AREAS,
  DEMO_FIRST_YEAR,
  DEMO_LAST_YEAR,
  generateDemo,
  generateDemoDataset,
} from '../../fixtures/demo';
import { nameKey } from '../../shared/formats/names';

const { records, areas } = generateDemoDataset(1);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

describe('generateDemo', () => {
  it('is deterministic: the same seed gives identical output, another seed another dataset', () => {
    expect(JSON.stringify(generateDemo(1))).toBe(JSON.stringify(records));
    const other = generateDemo(2);
    expect(other.length).toBeGreaterThan(2500);
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(records));
  });

  it('has about 3,000 publications from 2012 to 2025, growing over time', () => {
    expect(records.length).toBeGreaterThan(2700);
    expect(records.length).toBeLessThan(3300);
    const years = records.map((r) => r.year as number);
    expect(Math.min(...years)).toBe(DEMO_FIRST_YEAR);
    expect(Math.max(...years)).toBe(DEMO_LAST_YEAR);
    const per = (y: number) => years.filter((x) => x === y).length;
    expect(per(2025)).toBeGreaterThan(per(2012));
  });

  it('covers four therapeutic areas with area-specific MeSH, keywords and journals', () => {
    const count = (a: string) => areas.filter((x) => x === a).length;
    for (const a of DEMO_AREAS) expect(count(a), a).toBeGreaterThan(records.length * 0.08);
    for (const a of ['oncology', 'cardiology', 'neurology'])
      expect(count(a), a).toBeGreaterThan(records.length * 0.15);
    const onc = records.filter((_, i) => areas[i] === 'oncology');
    expect(
      onc.filter((r) =>
        r.mesh.some((m) => /Neoplasm|Carcinoma|Leukemia|Lymphoma|Myeloma|Melanoma|Glioblastoma/.test(m)),
      ).length,
    ).toBe(onc.length);
    const cardio = records.filter((_, i) => areas[i] === 'cardiology');
    expect(cardio.every((r) => r.keywords.length >= 2 && r.mesh.includes('Humans'))).toBe(true);
    expect(new Set(records.map((r) => r.journal)).size).toBeGreaterThan(40);
  });

  it('has realistic team sizes: median about 6, 1 to 30 usually, a few consortium papers over 50', () => {
    const sizes = records.map((r) => r.authors.length);
    expect(median(sizes)).toBeGreaterThanOrEqual(5);
    expect(median(sizes)).toBeLessThanOrEqual(7);
    expect(Math.min(...sizes)).toBe(1);
    const big = records.filter((r) => r.authors.length > 50);
    expect(big.length).toBeGreaterThanOrEqual(3);
    expect(big.length).toBeLessThan(60);
    expect(big.every((r) => (r.collectives ?? []).length === 1)).toBe(true);
    expect(sizes.filter((s) => s > 30).length).toBe(big.length);
  });

  it('has a long tail of productivity and collaborating people', () => {
    const papers = new Map<string, number>();
    for (const r of records)
      for (const a of r.authors)
        papers.set(nameKey(a.family, a.initials), (papers.get(nameKey(a.family, a.initials)) ?? 0) + 1);
    const counts = [...papers.values()];
    expect(counts.length).toBeGreaterThan(3000);
    expect(Math.max(...counts)).toBeGreaterThan(60);
    expect(counts.filter((c) => c === 1).length / counts.length).toBeGreaterThan(0.3);
    expect(counts.filter((c) => c >= 20).length).toBeGreaterThan(20);
    // People in different groups write together: many papers span institutions.
    const multiSite = records.filter((r) => new Set(r.authors.map((a) => a.institution?.name)).size > 1);
    expect(multiSite.length / records.length).toBeGreaterThan(0.4);
  });

  it('places people in institutions of many countries with city, region and ISO country', () => {
    const countries = new Set<string>();
    const usStates = new Set<string>();
    for (const r of records) {
      for (const a of r.authors) {
        const i = a.institution;
        expect(i?.name && i.city && i.region && i.country).toBeTruthy();
        expect(i?.country).toMatch(/^[A-Z]{2}$/);
        countries.add(i?.country as string);
        if (i?.country === 'US') usStates.add(i.region as string);
        expect(a.affiliation).toContain(i?.name);
      }
    }
    expect(countries.size).toBeGreaterThanOrEqual(10);
    for (const c of ['US', 'GB', 'DE', 'FR', 'JP', 'CA']) expect(countries.has(c), c).toBe(true);
    for (const s of ['MA', 'CA', 'TX', 'NY']) expect(usStates.has(s), s).toBe(true);
  });

  it('uses fictional identifiers: 10.5555 test DOIs, unique; ORCIDs outside the issued range', () => {
    const dois = records.map((r) => r.doi);
    expect(new Set(dois).size).toBe(records.length);
    expect(dois.every((d) => d?.startsWith('10.5555/kolmap.demo.'))).toBe(true);
    expect(records.every((r) => r.pmid === undefined)).toBe(true);
    const orcids = new Set(records.flatMap((r) => r.authors.map((a) => a.orcid).filter(Boolean)));
    expect(orcids.size).toBeGreaterThan(5);
    for (const o of orcids) expect(o).toMatch(/^0000-0000-9\d{3}-\d{3}[\dX]$/);
    // Names are diverse and keep their diacritics.
    const families = new Set(records.flatMap((r) => r.authors.map((a) => a.family)));
    expect(families.size).toBeGreaterThan(300);
    expect([...families].some((f) => /\P{ASCII}/u.test(f))).toBe(true);
  });
});
