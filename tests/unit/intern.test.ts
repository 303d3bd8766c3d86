// The compact interning of the import's per-name data (shared/formats/intern.ts) against plain Maps and
// Sets: the same ids, strings, order and membership, across the pools' growth.
import { describe, expect, it } from 'vitest';
import { IntColumn, PairIndex, PairSet, StringPool, TRIM_MIN_ROOM } from '../../shared/formats/intern';
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

describe('StringPool.trim', () => {
  it('keeps every string readable and findable, and adding goes on after it', () => {
    const pool = new StringPool();
    const strings = [...new Set(randomStrings(3_000, 12))];
    const half = Math.floor(strings.length / 2);
    strings.slice(0, half).forEach((s) => pool.id(s));
    pool.trim();
    strings.forEach((s, id) => expect(pool.id(s)).toBe(id));
    pool.trim();
    strings.forEach((s, id) => {
      expect(pool.get(id)).toBe(s);
      expect(pool.find(s)).toBe(id);
    });
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

  it('clear forgets every pair and keeps its room; numbering starts again', () => {
    const room = (i: PairIndex) => (i as unknown as { a: Int32Array }).a.length;
    const index = new PairIndex();
    // 5,000 distinct pairs (they repeat from i = 5,100 on).
    for (let i = 0; i < 5000; i++) expect(index.id(i % 1700, i % 3, i)).toBe(i);
    const before = room(index);
    expect(before).toBeGreaterThan(1024);
    index.clear();
    expect(index.size).toBe(0);
    expect(room(index)).toBe(before);
    // Pairs seen before the clear are new again.
    expect(index.id(0, 0, 7)).toBe(7);
    expect(index.id(5, 2, 8)).toBe(8);
    expect(index.id(0, 0, 9)).toBe(7);
    expect(index.size).toBe(2);
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

  it('trim gives back the unused room and keeps every value; pushing goes on after it', () => {
    const bytes = (c: IntColumn) => (c as unknown as { data: ArrayBufferView }).data.byteLength;
    const c = new IntColumn();
    for (let i = 0; i < 1500; i++) c.push(i * 101 - 50);
    expect(bytes(c)).toBeGreaterThan(4 * 1501);
    // Less room than asked for: kept as it is.
    const before = bytes(c);
    c.trim(TRIM_MIN_ROOM);
    expect(bytes(c)).toBe(before);
    c.trim();
    expect(bytes(c)).toBe(4 * 1501);
    for (let i = 0; i < 10; i++) c.push(-i);
    expect(c.length).toBe(1510);
    for (let i = 0; i < 1500; i++) expect(c.get(i)).toBe(i * 101 - 50);
    expect(c.get(1509)).toBe(-9);
    const empty = new IntColumn();
    empty.trim();
    empty.push(7);
    empty.push(8);
    expect([empty.get(0), empty.get(1), empty.length]).toEqual([7, 8, 2]);
    // A big column with a MiB of room or more gives it back at TRIM_MIN_ROOM.
    const big = new IntColumn();
    let n = 0;
    while (bytes(big) - 4 * (n + 1) < TRIM_MIN_ROOM) big.push(-1 - n++);
    big.trim(TRIM_MIN_ROOM);
    expect(bytes(big)).toBe(4 * (n + 1));
    for (let i = 0; i < n; i++) if (big.get(i) !== -1 - i) expect([i, big.get(i)]).toEqual([i, -1 - i]);
  });

  it('clear empties the column and keeps its room; pushing goes on after it', () => {
    const bytes = (c: IntColumn) => (c as unknown as { data: ArrayBufferView }).data.byteLength;
    const c = new IntColumn();
    for (let i = 0; i < 3000; i++) c.push(i - 5);
    const before = bytes(c);
    c.clear();
    expect(c.length).toBe(0);
    expect(bytes(c)).toBe(before);
    for (let i = 0; i < 10; i++) c.push(i * 2);
    expect(c.length).toBe(10);
    expect(c.get(9)).toBe(18);
    expect(bytes(c)).toBe(before);
  });

  it('keeps small values in two bytes and widens on the first value outside 0..65535, by push or set', () => {
    const bytes = (c: IntColumn) => (c as unknown as { data: ArrayBufferView }).data.byteLength;
    const rnd = (seed: number) => () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 70000) - 10;
    for (const [how, seed] of [
      ['push', 1],
      ['set', 2],
    ] as const) {
      const c = new IntColumn();
      const next = rnd(seed);
      const ref: number[] = [];
      for (let i = 0; i < 3000; i++) {
        const v = (i * 37) % 65536;
        c.push(v);
        ref.push(v);
      }
      expect(bytes(c) / c.length).toBeLessThan(3);
      // Then values of either kind: every earlier one stays as it was.
      for (let i = 0; i < 3000; i++) {
        const v = next();
        if (how === 'push') {
          c.push(v);
          ref.push(v);
        } else {
          c.set(i, v);
          ref[i] = v;
        }
      }
      expect(ref.some((v) => v < 0 || v > 0xffff)).toBe(true);
      expect(bytes(c)).toBeGreaterThanOrEqual(4 * c.length);
      expect(c.length).toBe(ref.length);
      for (let i = 0; i < ref.length; i++)
        if (c.get(i) !== ref[i]) expect([i, c.get(i)]).toEqual([i, ref[i]]);
    }
  });
});
