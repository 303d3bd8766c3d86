// Identity resolution, the pure part (shared/formats/identity): given-name compatibility and the
// clustering of one block on small hand-made cases.
import { describe, expect, it } from 'vitest';
import {
  blockKey,
  coauthorKey,
  givenCompatible,
  givenForm,
  IdentityStats,
  orcidChecksumOk,
  resolveBlock,
  resolveBlockIds,
  titleWords,
  type IdentityMention,
  type IdentityMentionIds,
} from '../../shared/formats/identity';

const compatible = (a: string, b: string): boolean => givenCompatible(givenForm(a), givenForm(b));

describe('given-name compatibility', () => {
  it('accepts full names, initials and missing middle names of one person', () => {
    expect(compatible('Kenneth D.', 'Kenneth')).toBe(true);
    expect(compatible('Kenneth D.', 'K.D.')).toBe(true);
    expect(compatible('Kenneth', 'KD')).toBe(true);
    expect(compatible('Kenneth D', 'Kenneth D.')).toBe(true);
    expect(compatible('W. Dhammika', 'Widanalage Dhammika')).toBe(true);
  });

  it('rejects contradicting names and initials', () => {
    expect(compatible('Kenneth', 'Karen')).toBe(false);
    expect(compatible('Kenneth D.', 'Kenneth E.')).toBe(false);
    expect(compatible('Yu', 'Yang')).toBe(false);
    expect(compatible('K.D.', 'K.E.')).toBe(false);
  });

  it('reads hyphenated and run-together given names alike', () => {
    expect(compatible('Shun-Li', 'Shunli')).toBe(true);
    expect(compatible('Chun-Mei', 'Chun Mei')).toBe(true);
    expect(compatible('Daniel-Ioan', 'Daniel I.')).toBe(true);
    expect(compatible('Jean-Pierre', 'J.-P.')).toBe(true);
    expect(compatible('Jean-Pierre', 'Jean-Paul')).toBe(false);
  });

  it('folds diacritics and blocks by family name and first initial', () => {
    expect(compatible('Rémi', 'Remi')).toBe(true);
    expect(blockKey('Mandl', 'Kenneth D.')).toBe('mandl|k');
    expect(blockKey('Mandl', 'KD')).toBe('mandl|k');
    expect(blockKey('Höhne', 'Jörg')).toBe('hohne|j');
    expect(coauthorKey('Wang', 'Shun-Li')).toBe('wang|s:shun');
    expect(coauthorKey('Wang', 'S.')).toBe('wang|s');
  });
});

function mention(paper: number, given: string, coauthors: string[], extra: Partial<IdentityMention> = {}) {
  return {
    paper,
    given,
    coauthors,
    institution: null,
    venue: null,
    words: [],
    year: null,
    ids: [],
    ...extra,
  };
}

/** A context where every name looks as common as in a large file of Chinese names. */
function crowdedStats(): IdentityStats {
  const stats = new IdentityStats();
  for (let i = 0; i < 300; i++) stats.addName('Zhang', `Given${i}`);
  for (let i = 0; i < 300; i++) stats.addName(`Family${i}`, 'Yu');
  return stats;
}

describe('resolveBlock', () => {
  it('keeps two "Zhang, Yu" with disjoint co-authors apart', () => {
    const stats = crowdedStats();
    const a = ['chen|w:wei', 'liu|h:hong'];
    const b = ['smith|j:john', 'garcia|m:maria'];
    const ms = [mention(1, 'Yu', a), mention(2, 'Yu', a), mention(3, 'Yu', b), mention(4, 'Yu', b)];
    for (const m of ms)
      for (const k of m.coauthors) stats.addName(k.split('|')[0] as string, k.split(':')[1] as string);
    const { labels } = resolveBlock('zhang|y', ms, stats);
    expect(labels[0]).toBe(labels[1]);
    expect(labels[2]).toBe(labels[3]);
    expect(labels[0]).not.toBe(labels[2]);
  });

  it('joins "Mandl, Kenneth D." and "Mandl, Kenneth" that share co-authors, with evidence', () => {
    const stats = new IdentityStats();
    const co = ['mandel|j:joshua', 'kohane|i:isaac'];
    const ms = [
      mention(1, 'Kenneth D.', co),
      mention(2, 'Kenneth', co),
      mention(3, 'K.D.', ['mandel|j:joshua']),
      mention(4, 'Karen', ['other|p:paul']),
    ];
    for (const m of ms) stats.addName('Mandl', m.given);
    const { labels, evidence } = resolveBlock('mandl|k', ms, stats);
    expect(labels.slice(0, 3)).toEqual([0, 0, 0]);
    expect(labels[3]).toBe(3);
    const merge = evidence.find((e) => e.merge.coauthors?.includes('mandel|j:joshua'));
    expect(merge?.label).toBe(0);
    expect(merge?.merge.rule).toBe('evidence');
  });

  it('reads a co-author block seen with initials and with a full name, on one mention and after merges', () => {
    const stats = new IdentityStats();
    // 0 and 2 have "Wang, Shunli", 1 has "Wang, S." and 3 both (on paper 1, as 0: never with 0's person).
    const ms = [
      mention(1, 'J', ['wang|s:shunli']),
      mention(2, 'J', ['wang|s']),
      mention(3, 'J', ['wang|s:shunli']),
      mention(1, 'J', ['wang|s', 'wang|s:shunli']),
    ];
    for (const m of ms) {
      stats.addName('Doe', m.given);
      for (const k of m.coauthors) stats.addName('Wang', k.split(':')[1] ?? 'S');
    }
    const { labels, evidence } = resolveBlock('doe|j', ms, stats);
    expect(labels).toEqual([0, 0, 0, 3]);
    // Initials on one side join on the block ("wang|s"), the same full name on the full key.
    expect(evidence.map((e) => [e.label, e.merge.coauthors, e.merge.score])).toEqual([
      [0, ['wang|s'], 1],
      [0, ['wang|s:shunli'], 1],
    ]);
    const ids = ms.map(({ coauthors, ...m }) => {
      const keys = coauthors.map((k) => stats.keyIdOf(k));
      return { ...m, coauthorKeys: keys, coauthorBlocks: keys.map(() => stats.keyIdOf('wang|s')) };
    });
    expect(resolveBlockIds('doe|j', ids, stats)).toEqual({ labels, evidence });
  });

  it('never merges two different ORCIDs, and always merges the same one', () => {
    const stats = new IdentityStats();
    const co = ['mandel|j:joshua', 'kohane|i:isaac'];
    const ms = [
      mention(1, 'Kenneth D.', co, { ids: ['orcid:0000-0000-9001-0018'] }),
      mention(2, 'Kenneth D.', co, { ids: ['orcid:0000-0000-9002-0021'] }),
      mention(3, 'K.', [], { ids: ['orcid:0000-0000-9001-0018'] }),
    ];
    const { labels } = resolveBlock('mandl|k', ms, stats);
    expect(labels).toEqual([0, 1, 0]);
  });

  it('reads the ORCID check digit (ISO 7064 MOD 11-2)', () => {
    for (const id of ['0000-0002-1825-0097', '0000-0002-1694-233X', '0000-0000-9004-7136'])
      expect(orcidChecksumOk(id), id).toBe(true);
    // Two digits swapped, one mistyped, a wrong check character, not 16 characters.
    for (const id of ['0000-0000-9034-7136', '0000-0000-9004-7146', '0000-0002-1694-2330', '0000-0002-1825'])
      expect(orcidChecksumOk(id), id).toBe(false);
  });

  it('does not let an ORCID iD with a typo keep one person apart from the right iD', () => {
    // One export has the iD of "Quellmark, Oriane" with two digits swapped (a wrong check digit); the
    // same full name, co-authors and institution are the same person, as with no iD at all.
    const stats = new IdentityStats();
    const co = ['varnhold|t:tobias', 'ostrander|m:mireille', 'kesselbaum|j:jonas'];
    const ms = [
      mention(1, 'Oriane', co, { institution: 7, ids: ['orcid:0000-0000-9004-7136'] }),
      mention(2, 'Oriane', co, { institution: 7, ids: ['orcid:0000-0000-9034-7136'] }),
      mention(3, 'O.', co.slice(1), { institution: 7 }),
    ];
    for (const m of ms) stats.addName('Quellmark', m.given);
    expect(resolveBlock('quellmark|o', ms, stats).labels).toEqual([0, 0, 0]);
    // A right iD still keeps two people apart whatever the evidence.
    ms[1] = { ...ms[1]!, ids: ['orcid:0000-0000-9003-4175'] };
    const { labels } = resolveBlock('quellmark|o', ms, stats);
    expect(labels[0]).not.toBe(labels[1]);
  });

  it('never puts two authorships of one paper in one person', () => {
    const stats = new IdentityStats();
    const ms = [mention(1, 'Kenneth', []), mention(1, 'Kenneth', [])];
    expect(resolveBlock('mandl|k', ms, stats).labels).toEqual([0, 1]);
  });

  it('joins a rare full name on the name alone, but not a common one', () => {
    const rare = new IdentityStats();
    rare.addName('Sedlmayr', 'Martin');
    const two = [mention(1, 'Martin', []), mention(2, 'Martin', [])];
    expect(resolveBlock('sedlmayr|m', two, rare).labels).toEqual([0, 0]);
    expect(
      resolveBlock('zhang|y', [mention(1, 'Yu', []), mention(2, 'Yu', [])], crowdedStats()).labels,
    ).toEqual([0, 1]);
  });

  it('is deterministic', () => {
    const stats = crowdedStats();
    const ms = Array.from({ length: 40 }, (_, i) =>
      mention(i, i % 3 === 0 ? 'Y.' : 'Yu', [`c${i % 5}|x:x${i % 5}`, `d${i % 7}|y:y${i % 7}`]),
    );
    expect(resolveBlock('zhang|y', ms, stats)).toEqual(resolveBlock('zhang|y', ms, stats));
  });

  it('splits titles into content words', () => {
    expect(titleWords('Lithium-ion batteries: a review of solid-state electrolytes')).toEqual([
      'lithium',
      'batteries',
      'solid',
      'state',
      'electrolytes',
    ]);
  });
});

describe('resolveBlock with the analyst’s decisions as constraints', () => {
  const stats = new IdentityStats();
  for (const n of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Doe']) stats.addName(n, 'A');
  // 0 and 1 share both co-authors (joined on evidence); 2 shares nobody.
  const mentions = [
    mention(1, 'J', ['alpha|a', 'beta|a']),
    mention(2, 'J', ['alpha|a', 'beta|a']),
    mention(3, 'J', ['gamma|a', 'delta|a']),
  ];

  it('joins what the evidence joins without constraints', () => {
    const { labels } = resolveBlock('doe|j', mentions, stats);
    expect(labels).toEqual([0, 0, 2]);
  });

  it('a together set overrides the evidence and is recorded as a decision', () => {
    const { labels, evidence } = resolveBlock('doe|j', mentions, stats, {}, { together: [[0, 2]] });
    expect(labels).toEqual([0, 0, 0]);
    expect(evidence.some((e) => e.merge.rule === 'decision')).toBe(true);
  });

  it('an apart pair keeps groups apart, also through later merges of their groups', () => {
    expect(resolveBlock('doe|j', mentions, stats, {}, { apart: [[[0], [1]]] }).labels).toEqual([0, 1, 2]);
    // 3 would join 1 and 2 on co-authors; 1 and 2 are kept apart, so 3 joins only one of them.
    const bridged = [...mentions, mention(4, 'J', ['alpha|a', 'gamma|a', 'beta|a', 'delta|a'])];
    const free = resolveBlock('doe|j', bridged, stats).labels;
    expect(new Set(free).size).toBe(1);
    const kept = resolveBlock('doe|j', bridged, stats, {}, { apart: [[[0, 1], [2]]] }).labels;
    expect(kept[0]).toBe(kept[1]);
    expect(kept[0]).not.toBe(kept[2]);
  });

  it('is deterministic with constraints', () => {
    const c = { together: [[2, 1]], apart: [[[0], [2]]] as [number[], number[]][] };
    expect(resolveBlock('doe|j', mentions, stats, {}, c)).toEqual(
      resolveBlock('doe|j', mentions, stats, {}, c),
    );
    expect(resolveBlock('doe|j', mentions, stats, {}, c).labels).toEqual([0, 1, 1]);
  });
});

describe('resolveBlockIds (co-authors as IdentityStats ids, as the import resolves)', () => {
  /** A seeded block of `n` mentions of "Li, J..." with co-authors drawn from a small pool. */
  function block(seed: number, n: number) {
    let x = seed;
    const rnd = (k: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 8) % k;
    };
    const stats = new IdentityStats();
    const pool: [string, string][] = [];
    for (let i = 0; i < 12; i++)
      pool.push([`Fam${i % 7}`, ['Anna', 'A.', 'Bo', 'B.', 'Carl', 'Chen-Yu'][i % 6] as string]);
    const givens = ['Jun', 'J.', 'Jun Wei', 'JW', 'Jian', 'J', 'Jun-Wei'];
    const text: IdentityMention[] = [];
    const ids: IdentityMentionIds[] = [];
    for (let i = 0; i < n; i++) {
      const given = givens[rnd(givens.length)] as string;
      stats.addNameId('Li', given);
      const keys: number[] = [];
      const blocks: number[] = [];
      for (let c = rnd(5); c > 0; c--) {
        const [family, g] = pool[rnd(pool.length)] as [string, string];
        keys.push(stats.addNameId(family, g));
        blocks.push(stats.lastBlock);
      }
      // An odd share of them on the same paper as another, some with an institution, venue or ORCID.
      const common = {
        paper: rnd(4) === 0 ? 0 : i + 1,
        given,
        institution: rnd(3) === 0 ? rnd(4) + 1 : rnd(9) === 0 ? 2.5 : null,
        venue: rnd(2) === 0 ? `journal ${rnd(3)}` : null,
        words: rnd(2) === 0 ? ['genome', 'kinase'] : ['cohort'],
        year: 2000 + rnd(20),
        ids: rnd(6) === 0 ? [`orcid:000${rnd(2)}`] : [],
      };
      text.push({ ...common, coauthors: keys.map((k) => stats.coKey(k)) });
      ids.push({ ...common, coauthorKeys: keys, coauthorBlocks: blocks });
    }
    return { stats, text, ids };
  }

  it('gives resolveBlock’s people and evidence', () => {
    let merged = 0;
    let withCoauthors = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { stats, text, ids } = block(seed, 5 + (seed % 4) * 12);
      const constraints =
        seed % 5 === 0 ? { together: [[0, 3]], apart: [[[1], [2]] as [number[], number[]]] } : {};
      const want = resolveBlock('li|j', text, stats, {}, constraints);
      expect(resolveBlockIds('li|j', ids, stats, {}, constraints)).toEqual(want);
      expect(resolveBlockIds('li|j', ids, stats, { threshold: 0.5 }, constraints)).toEqual(
        resolveBlock('li|j', text, stats, { threshold: 0.5 }, constraints),
      );
      merged += want.evidence.length;
      withCoauthors += want.evidence.filter((e) => e.merge.coauthors?.length).length;
    }
    // The blocks are not trivial: people are joined, also on shared co-authors.
    expect(merged).toBeGreaterThan(30);
    expect(withCoauthors).toBeGreaterThan(5);
  });

  it('gives a block the same people after bigger blocks as before them (the pair bitmap is shared)', () => {
    const small = [1, 2, 3, 4].map((seed) => block(seed, 17 + seed * 5));
    const first = small.map(({ stats, ids }) => resolveBlockIds('li|j', ids, stats));
    expect(first.reduce((k, r) => k + r.evidence.length, 0)).toBeGreaterThan(10);
    // Blocks of every size in turn, up to one whose bitmap is its own (above 2,896 mentions).
    for (const n of [400, 60, 2900, 3000, 9]) {
      const big = block(100 + n, n);
      const { labels } = resolveBlockIds('li|j', big.ids, big.stats);
      expect(new Set(labels).size).toBeLessThan(n);
      small.forEach(({ stats, ids }, k) => expect(resolveBlockIds('li|j', ids, stats)).toEqual(first[k]));
    }
  });
});
