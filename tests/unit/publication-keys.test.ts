// The in-memory look-up of an import into a project without publications (electron/db/publicationKeys.ts)
// against a plain Map: every id added under a key comes back among its candidates, in ascending order,
// across the table's growth; the candidates of a key never added are few (hash collisions only).
import { expect, it } from 'vitest';
import { KEY, PublicationKeys, type KeyKind } from '../../electron/db/publicationKeys';
import { createRng } from '../../shared/analytics/random';

it('returns every id of a key, in ascending order, and hardly any other', () => {
  const rng = createRng(7);
  const keys = new PublicationKeys();
  const expected = new Map<string, number[]>();
  const kinds: KeyKind[] = [KEY.pmid, KEY.doi, KEY.eid, KEY.wos, KEY.title];
  // 5k ids, each under 1-3 keys; titles repeat (the same title on several publications).
  for (let id = 1; id <= 5_000; id++) {
    const n = 1 + Math.floor(rng() * 3);
    for (let k = 0; k < n; k++) {
      const kind = kinds[Math.floor(rng() * kinds.length)] as KeyKind;
      const text =
        kind === KEY.title ? `title ${Math.floor(rng() * 1500)}` : `${kind}-${Math.floor(rng() * 1e6)}`;
      const key = `${kind}\u0000${text}`;
      const list = expected.get(key) ?? [];
      if (list.at(-1) === id) continue;
      list.push(id);
      expected.set(key, list);
      keys.add(kind, text, id);
    }
  }
  let extra = 0;
  for (const [key, ids] of expected) {
    const [kind, text] = key.split('\u0000') as [string, string];
    const found = keys.candidates(Number(kind) as KeyKind, text);
    expect(found).toEqual([...found].sort((a, b) => a - b));
    expect(found.filter((id) => ids.includes(id))).toEqual(ids);
    extra += found.length - ids.length;
  }
  expect(extra).toBeLessThan(5);
  // One text under another kind is another key.
  expect(keys.candidates(KEY.doi, 'title 1')).toEqual([]);
  expect(keys.candidates(KEY.pmid, 'never added')).toEqual([]);
});

it('refuses an id it cannot hold', () => {
  const keys = new PublicationKeys();
  expect(() => keys.add(KEY.pmid, '1', 0)).toThrow(/does not fit/);
  expect(() => keys.add(KEY.pmid, '1', 2 ** 31)).toThrow(/does not fit/);
});
