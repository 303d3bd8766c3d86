// The name statistics of identity resolution (shared/formats/identity.ts IdentityStats, held in string
// pools, integer columns and pair sets) against a plain Map/Set count of the same names, on the bylines
// of real exports in ../shared/data/real as stored by an import: every context answer is the same.
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { importFiles } from '../../electron/import';
import { givenForm, IdentityStats } from '../../shared/formats/identity';
import { foldKey } from '../../shared/formats/text';
import { describeReal, realFile } from '../helpers/realData';
import { tempDir } from '../helpers/tmp';

/** The straightforward counts (Maps of Sets, capped at 1000 distinct values), as a reference. */
class PlainStats {
  readonly blockForms = new Map<string, Set<string>>();
  readonly familyFirst = new Map<string, Set<string>>();
  readonly givenFamilies = new Map<string, Set<string>>();
  readonly keys = new Map<string, number>();

  addName(family: string, given: string): string {
    const fam = foldKey(family);
    const form = givenForm(given);
    const first = form.tokens[0];
    const key = `${fam}|${first?.[0] ?? ''}`;
    const co = first !== undefined && first.length > 1 ? `${key}:${first}` : key;
    this.keys.set(co, (this.keys.get(co) ?? 0) + 1);
    const add = (map: Map<string, Set<string>>, k: string, v: string): void => {
      let set = map.get(k);
      if (!set) map.set(k, (set = new Set()));
      if (set.size < 1000) set.add(v);
    };
    add(this.blockForms, key, form.key);
    if (first !== undefined) {
      add(this.familyFirst, fam, first);
      if (first.length > 1) add(this.givenFamilies, first, fam);
    }
    return co;
  }
}

function compare(names: { family: string; given: string }[]): void {
  const stats = new IdentityStats();
  const plain = new PlainStats();
  for (const n of names) expect(stats.addName(n.family, n.given)).toBe(plain.addName(n.family, n.given));
  // The same answers before and after seal() (which an import calls before resolving).
  for (const sealed of [false, true]) {
    if (sealed) stats.seal();
    for (const [k, count] of plain.keys) expect(stats.keyCount(k)).toBe(count);
    for (const [k, forms] of plain.blockForms) expect(stats.blockVariety(k)).toBe(forms.size);
    // The most common families of China, Korea and Vietnam read as at least 200 with or without names.
    const empty = new IdentityStats();
    for (const [fam, firsts] of plain.familyFirst)
      expect(stats.familyVariety(fam)).toBe(Math.max(firsts.size, empty.familyVariety(fam)));
    for (const [first, fams] of plain.givenFamilies) expect(stats.givenSpread(first)).toBe(fams.size);
    // Names never counted read as rare.
    expect(stats.keyCount('nobody|x')).toBe(1);
    expect(stats.blockVariety('nobody|x')).toBe(1);
    expect(stats.givenSpread('nobodyatall')).toBe(1);
  }
  expect(() => stats.addName('Late', 'Name')).toThrow(/seal/);
}

describeReal('IdentityStats on real bylines', () => {
  for (const [name, file] of [
    ['scopus_batteries_5000', 'scopus_batteries_5000/scopus.csv'],
    ['medline_gut_diabetes', 'medline_gut_diabetes/pubmed-gastrointe-set.txt'],
  ] as const) {
    it(`${name}: the pooled counts equal the Map/Set counts`, async () => {
      const file_ = path.join(tempDir(), 'p.kolmap');
      const project = Project.open(file_);
      await importFiles(project, [{ name: path.basename(file), path: realFile(file) }]);
      project.close();
      const db = new Database(file_, { readonly: true });
      const names = db
        .prepare<[], { family: string; given: string }>(
          `SELECT family, given FROM authorships WHERE block IS NOT NULL ORDER BY publication_id, position`,
        )
        .all();
      db.close();
      expect(names.length).toBeGreaterThan(1000);
      compare(names);
    });
  }
});

it('IdentityStats caps each count at 1000 distinct values like the Map/Set counts', () => {
  const names: { family: string; given: string }[] = [];
  for (let i = 0; i < 1500; i++) names.push({ family: 'Zhang', given: `Given${i} Q` });
  for (let i = 0; i < 1200; i++) names.push({ family: `Family${i}`, given: 'Yuxin' });
  compare(names);
});
