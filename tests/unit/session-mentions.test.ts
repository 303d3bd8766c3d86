// SessionMentions (electron/db/identity.ts) finds an authorship's publication from the publications'
// first rows (no column per authorship): with publications without authors among them, every
// authorship gives back its publication, position and year, read in row order or in any order, and its
// mention the same whether its publication is given or looked up.
import { describe, expect, it } from 'vitest';
import { SessionMentions } from '../../electron/db/identity';

describe('SessionMentions publication of an authorship', () => {
  it('gives each authorship its publication, byline position and year, before and after seal', () => {
    const s = new SessionMentions();
    const expected: { pub: number; position: number; year: number | null }[] = [];
    let seed = 7;
    const rnd = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    for (let k = 0; k < 400; k++) {
      const pub = 1000 + k;
      const year = k % 7 === 0 ? null : 1990 + (k % 30);
      s.addPublication(pub, `Title ${k}`, k % 3 === 0 ? null : 'J Test', year);
      // One publication in four has no authors, some have one, a few many.
      const authors = k % 4 === 0 ? 0 : k % 11 === 0 ? 40 : 1 + rnd(6);
      for (let a = 1; a <= authors; a++) {
        const family = `Fam${rnd(50)}`;
        s.addAuthor({ raw: `${family} A`, family, given: 'A', initials: 'A' }, null, null, null, null);
        expected.push({ pub, position: a, year });
      }
    }
    const check = (i: number) =>
      expect({ pub: s.pubOf(i), position: s.position(i), year: s.year(i) }).toEqual(expected[i]);
    // Given the publication, position and mention need no look-up of it and say the same.
    const checkGiven = (i: number) => {
      const pub = expected[i]?.pub as number;
      expect(s.position(i, pub)).toBe(expected[i]?.position);
      expect(s.mention(i, 'A', pub)).toEqual(s.mention(i, 'A'));
      expect(s.mention(i, 'A')).toMatchObject({ paper: pub, year: expected[i]?.year });
    };
    expect(s.size).toBe(expected.length);
    for (let i = 0; i < s.size; i++) check(i);
    s.seal();
    for (let i = s.size - 1; i >= 0; i--) check(i);
    for (let x = 0; x < 2000; x++) check(rnd(s.size));
    for (let x = 0; x < 300; x++) checkGiven(rnd(s.size));
    for (let i = 0; i < s.size; i++) check(i);
    s.close();
  });
});
