// The temporary file an import spills its per-authorship text to (electron/db/spill.ts): every record
// comes back in row order, whatever its size or script, past the 1 MB held in memory, and the file
// does not outlive the spill.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { TextSpill } from '../../electron/db/spill';
import { createRng } from '../../shared/analytics/random';

const ours = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith(`kolmap-import-${process.pid}-`));

function text(rng: () => number, i: number): string {
  const parts = [
    'Department of Medicine',
    'Universität Zürich',
    'São Paulo',
    '東京大学',
    '🧪 lab',
    '"quoted", x',
  ];
  const n = 1 + Math.floor(rng() * 6);
  const out: string[] = [String(i)];
  for (let k = 0; k < n; k++) out.push(parts[Math.floor(rng() * parts.length)] as string);
  return out.join('; ');
}

describe('TextSpill', () => {
  it('gives back every row in order through the file, skipping rows that have none', () => {
    const rng = createRng(7);
    const spill = new TextSpill();
    const expected = new Map<number, string>();
    let bytes = 0;
    for (let i = 0; i < 60_000; i++) {
      if (rng() < 0.3) continue; // rows without text
      const t = i === 31_337 ? '' : i === 40_000 ? 'é'.repeat(1_600_000) : text(rng, i);
      spill.add(i, t);
      expected.set(i, t);
      bytes += Buffer.byteLength(t);
    }
    // Well past the 1 MB kept in memory, with one record (3.2 MB) larger than the buffer.
    expect(bytes).toBeGreaterThan(4_000_000);
    expect(ours()).toEqual([]); // unlinked as soon as it was created
    const reader = spill.reader();
    let seen = 0;
    for (let i = 0; i < 60_010; i++) {
      const got = reader.at(i);
      expect(got).toBe(expected.get(i) ?? null);
      if (got !== null) seen++;
    }
    expect(seen).toBe(expected.size);
    spill.close();
    expect(ours()).toEqual([]);
  });

  it('reads rows asked for sparsely, and a small spill from memory', () => {
    const spill = new TextSpill();
    for (let i = 0; i < 10; i++) spill.add(i * 3, `row ${i * 3}`);
    const reader = spill.reader();
    expect(reader.at(1)).toBeNull();
    expect(reader.at(6)).toBe('row 6'); // rows 0 and 3 skipped
    expect(reader.at(7)).toBeNull();
    expect(reader.at(27)).toBe('row 27');
    expect(reader.at(30)).toBeNull();
    spill.close();
  });

  it('refuses rows out of order and writes after reading', () => {
    const spill = new TextSpill();
    spill.add(5, 'a');
    expect(() => spill.add(5, 'b')).toThrow(/out of order/);
    spill.reader();
    expect(() => spill.add(6, 'c')).toThrow(/after reading/);
    spill.close();
  });
});
