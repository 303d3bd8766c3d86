// The compact interning of the import's per-name data (shared/formats/intern.ts) against plain Maps and
// Sets: the same ids, strings, order and membership, across the pools' growth.
import { describe, expect, it } from 'vitest';
import { IntColumn, PairIndex, PairSet, StringPool } from '../../shared/formats/intern';
import { createRng } from '../../shared/analytics/random';

// Bytes of one code unit and escaped ones (0xFF and above), astral pairs and a lone surrogate.
const ALPHABET = ['a', 'b', 'z', 'é', 'þ', 'ÿ', 'Ā', '王', '\uffff', '\ue000', '😀', '\ud800', '|', ' ', ''];

function randomStrings(count: number, seed: number): string[] {
  const rng = createRng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(rng() * 8);
    let s = '';
    for (let k = 0; k < n; k++) s += ALPHABET[Math.floor(rng() * ALPHABET.length)];
    out.push(s);
  }
  return out;
}

describe('StringPool', () => {
  it('numbers distinct strings in first-seen order and gives them back unchanged', () => {
    const pool = new StringPool();
    const reference = new Map<string, number>();
    // Many repeats and lone surrogates, enough strings for several rounds of growth.
    const strings = [...randomStrings(30_000, 7), 'x'.repeat(20_000), '\ud83d'.repeat(9000) + 'end'];
    for (const s of strings) {
      if (!reference.has(s)) reference.set(s, reference.size);
      expect(pool.id(s)).toBe(reference.get(s));
    }
    expect(pool.size).toBe(reference.size);
    expect(reference.size).toBeGreaterThan(1000);
    for (const [s, id] of reference) {
      expect(pool.get(id)).toBe(s);
      expect(pool.find(s)).toBe(id);
      expect(pool.equals(id, s)).toBe(true);
    }
    expect(pool.find('not added')).toBe(-1);
    expect(pool.equals(0, `${pool.get(0)}!`)).toBe(false);
  });

  it('compares ids in the order Array.prototype.sort gives their strings', () => {
    const pool = new StringPool();
    const strings = [...new Set(randomStrings(3000, 11))];
    for (const s of strings) pool.id(s);
    const ids = Int32Array.from(strings.map((_, i) => i)).sort((x, y) => pool.compare(x, y));
    expect(Array.from(ids, (id) => pool.get(id))).toEqual([...strings].sort());
  });
});

describe('StringPool.seal', () => {
  it('drops the index: every string stays readable by id, adding and finding throw', () => {
    const pool = new StringPool();
    const strings = [...new Set(randomStrings(5_000, 11))];
    for (const s of strings) pool.id(s);
    pool.seal();
    expect(pool.size).toBe(strings.length);
    strings.forEach((s, id) => {
      expect(pool.get(id)).toBe(s);
      expect(pool.equals(id, s)).toBe(true);
    });
    expect(Math.sign(pool.compare(0, 1))).toBe(
      Math.sign(strings[0]! < strings[1]! ? -1 : strings[0]! > strings[1]! ? 1 : 0),
    );
    expect(() => pool.id('new')).toThrow(/sealed/);
    expect(() => pool.find(strings[0]!)).toThrow(/sealed/);
  });
});

describe('PairSet', () => {
  it('adds each distinct pair once, like a Set of "x,y" keys', () => {
    const rng = createRng(3);
    const set = new PairSet();
    const reference = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const x = Math.floor(rng() * 400);
      const y = rng() < 0.1 ? 2 ** 31 - 1 : Math.floor(rng() * 300);
      const key = `${x},${y}`;
      expect(set.add(x, y)).toBe(!reference.has(key));
      reference.add(key);
    }
    expect(set.size).toBe(reference.size);
  });
});

describe('PairIndex', () => {
  it('gives each distinct pair the number it was first given, like a Map of "x,y" keys', () => {
    const index = new PairIndex();
    const reference = new Map<string, number>();
    const rng = createRng(5);
    // Repeats, zeros and ids up to 2^31 - 1, enough pairs for several rounds of growth.
    for (let i = 0; i < 40_000; i++) {
      const x = rng() < 0.1 ? 0x7fffffff : Math.floor(rng() * 3000);
      const y = rng() < 0.1 ? 0 : Math.floor(rng() * 200);
      const key = `${x},${y}`;
      const fresh = 1000 + i;
      const expected = reference.get(key) ?? fresh;
      if (!reference.has(key)) reference.set(key, fresh);
      expect(index.id(x, y, fresh)).toBe(expected);
    }
    expect(index.size).toBe(reference.size);
    expect(reference.size).toBeGreaterThan(1000);
    for (const [key, id] of reference) {
      const [x, y] = key.split(',').map(Number) as [number, number];
      expect(index.id(x, y, -5)).toBe(id);
    }
    expect(index.size).toBe(reference.size);
  });
});

describe('IntColumn', () => {
  it('keeps every value across growth', () => {
    const c = new IntColumn();
    for (let i = 0; i < 5000; i++) c.push(i * 3 - 7000);
    c.set(10, -1);
    expect(c.length).toBe(5000);
    expect(c.get(10)).toBe(-1);
    expect(c.get(4999)).toBe(4999 * 3 - 7000);
  });
});
