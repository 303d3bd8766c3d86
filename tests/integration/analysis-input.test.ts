// The demo loaded through the real writer, then read back: analysisInput scopes (since/until), current
// institutions, person detail, authorship rows, and a second load adding nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { importDemo } from '../../electron/import';
import { generateDemoDataset } from '../../fixtures/demo';
import type { ImportResult, ProgressEvent } from '../../shared/api';
import { ApiError } from '../../shared/api';
import { tempProject } from '../helpers/tmp';

describe('demo project', () => {
  const project = tempProject();
  const { records } = generateDemoDataset(1);
  const events: ProgressEvent[] = [];
  let result: ImportResult;

  beforeAll(async () => {
    result = await importDemo(project, { onProgress: (e) => events.push(e) });
  });

  it('loads every demo record in one source named "demo"', () => {
    expect(result.files).toEqual([
      {
        file: 'demo',
        format: 'pubmed-csv',
        records: records.length,
        imported: records.length,
        duplicates: 0,
        rejected: 0,
        rejections: [],
      },
    ]);
    expect(result.totals.publications).toBe(records.length);
    expect(result.totals.institutions).toBeGreaterThanOrEqual(30);
    expect(result.totals.authorships).toBe(records.reduce((n, r) => n + r.authors.length, 0));
    // The last event of the reading says all records were read; saving comes last of all.
    expect(events.filter((e) => !e.stage).at(-1)).toMatchObject({
      task: 'demo',
      file: 'demo',
      done: records.length,
      total: records.length,
    });
    expect(events.at(-1)).toMatchObject({ task: 'demo', stage: 'saving', records: records.length });
    expect(events.length).toBeLessThan(200);
  });

  it('analysisInput without limits covers every paper and every person', () => {
    const input = project.analysisInput({});
    expect(input.scope).toEqual({ ta: null, since: null, until: null, country: null, region: null });
    expect(input.papers).toHaveLength(records.length);
    expect(input.people).toHaveLength(result.totals.authors);
    const byId = new Map(input.papers.map((p) => [p.id, p]));
    expect(input.papers.every((p) => p.authors.length > 0 && p.citations !== null)).toBe(true);
    // Byline order is kept: the first paper's authors are its demo record's authors in order.
    const first = project.publication(`doi:${records[0]?.doi}`);
    const paper = byId.get(first?.id ?? 0);
    expect(paper?.authors).toEqual(first?.authors.map((a) => a.authorId));
    expect(project.person(paper?.authors[0] ?? 0)?.family).toBe(records[0]?.authors[0]?.family);
  });

  it('respects since and until', () => {
    const all = project.analysisInput({});
    const scoped = project.analysisInput({ since: 2018, until: 2020 });
    expect(scoped.scope).toEqual({ ta: null, since: 2018, until: 2020, country: null, region: null });
    const expected = records.filter((r) => (r.year as number) >= 2018 && (r.year as number) <= 2020).length;
    expect(scoped.papers).toHaveLength(expected);
    expect(scoped.papers.every((p) => (p.year as number) >= 2018 && (p.year as number) <= 2020)).toBe(true);
    // People = exactly those with an authorship in scope.
    const inScope = new Set(scoped.papers.flatMap((p) => p.authors));
    expect(new Set(scoped.people.map((p) => p.id))).toEqual(inScope);
    expect(scoped.people.length).toBeLessThan(all.people.length);
    expect(project.analysisInput({ since: 2025 }).papers.every((p) => p.year === 2025)).toBe(true);
    expect(project.analysisInput({ until: 2012 }).papers.every((p) => p.year === 2012)).toBe(true);
    expect(project.analysisInput({ since: 2030 }).papers).toEqual([]);
    expect(project.analysisInput({ since: null, until: null, ta: null }).papers).toHaveLength(records.length);
  });

  it('refuses unknown therapeutic areas and inverted ranges with BAD_INPUT', () => {
    expect(() => project.analysisInput({ ta: 'astrology' })).toThrow(ApiError);
    expect(() => project.analysisInput({ ta: 'astrology' })).toThrow(
      /Unknown therapeutic area "astrology"\. Known: oncology, hematology, cardiology/,
    );
    try {
      project.analysisInput({ since: 2020, until: 2010 });
    } catch (e) {
      expect((e as ApiError).code).toBe('BAD_INPUT');
    }
    expect(() => project.analysisInput({ since: 2020, until: 2010 })).toThrow(
      /since \(2020\) is after until \(2010\)/,
    );
  });

  it('gives people their current institution: the one on their most recent paper', () => {
    const people = project.analysisInput({}).people;
    expect(people.every((p) => p.institution && p.city && p.country && p.territory === null)).toBe(true);
    // Someone who moved has two institutions; the current one is on their latest paper.
    const moved = people.map((p) => project.person(p.id)).find((d) => (d?.institutions.length ?? 0) > 1);
    expect(moved).toBeTruthy();
    const latest = moved?.publications[0];
    const pub = project.publication(latest?.key ?? '');
    const row = pub?.authors.find((a) => a.authorId === moved?.id);
    const current = people.find((p) => p.id === moved?.id);
    // person() lists publications newest first (year, then id), the order "current" is taken in.
    expect(current?.institution).toBe(row?.institution);
    expect(moved?.institutions.map((i) => i.name)).toContain(current?.institution);
    const spans = moved?.institutions ?? [];
    expect(spans.every((i) => (i.firstYear as number) <= (i.lastYear as number) && i.papers > 0)).toBe(true);
    expect(spans.reduce((n, i) => n + i.papers, 0)).toBe(moved?.publications.length);
  });

  it('person detail lists variants, publications with keys, positions and author counts', () => {
    const top = project
      .analysisInput({})
      .people.map((p) => project.person(p.id))
      .sort((a, b) => (b?.publications.length ?? 0) - (a?.publications.length ?? 0))[0];
    expect(top?.publications.length).toBeGreaterThan(50);
    expect(top?.variants.length).toBeGreaterThanOrEqual(2);
    for (const pub of top?.publications ?? []) {
      expect(pub.key).toMatch(/^doi:10\.5555\//);
      expect(pub.position).toBeGreaterThanOrEqual(1);
      expect(pub.position).toBeLessThanOrEqual(pub.authorCount);
    }
    const years = top?.publications.map((p) => p.year as number) ?? [];
    expect(years).toEqual([...years].sort((a, b) => b - a));
  });

  it('loading the demo again adds nothing', async () => {
    const before = project.totals();
    const again = await importDemo(project);
    expect(again.files[0]).toMatchObject({
      records: records.length,
      imported: 0,
      duplicates: records.length,
    });
    expect(again.totals).toEqual(before);
    expect(project.sources().map((s) => s.name)).toEqual(['demo', 'demo']);
  });
});
