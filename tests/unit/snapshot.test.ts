// Snapshot comparison (issue 7): tier entries and exits, risers and fallers, and the components that
// explain each move, on small hand-made snapshots whose answer is known.
import { describe, expect, it } from 'vitest';
import { diffCsv, diffSnapshots, diffSummary, explain } from '../../shared/analytics/snapshot';
import type { Snapshot, SnapshotPerson, SnapshotSettings } from '../../shared/api/snapshots';
import { DEFAULT_WEIGHTS, type ComponentKey, type Tier, type Weights } from '../../shared/analytics/types';

function weights(w: Partial<Weights>): Weights {
  return {
    publications: 0,
    firstLast: 0,
    citations: 0,
    recency: 0,
    coauthors: 0,
    weightedDegree: 0,
    pagerank: 0,
    trials: 0,
    ...w,
  };
}

/** A person whose breakdown is the given percentiles under the snapshot's weights. */
function person(
  id: number,
  name: string,
  rank: number,
  tier: Tier,
  w: Weights,
  pct: Partial<Record<ComponentKey, number>>,
): SnapshotPerson {
  const breakdown = (Object.keys(pct) as ComponentKey[])
    .filter((c) => w[c] > 0)
    .map((c) => ({
      component: c,
      value: pct[c]!,
      percentile: pct[c]!,
      weight: w[c],
      contribution: pct[c]! * w[c],
    }));
  return {
    id,
    name,
    institution: null,
    region: null,
    country: 'DE',
    community: 1,
    rank,
    tier,
    score: breakdown.reduce((s, b) => s + b.contribution, 0),
    breakdown,
  };
}

function snap(
  name: string,
  w: Weights,
  people: SnapshotPerson[],
  settings: SnapshotSettings = { tierCuts: [0.05, 0.2, 0.5], resolution: 1 },
): Snapshot {
  return {
    id: 1,
    name,
    createdAt: '2024-01-01T00:00:00.000Z',
    scope: {},
    weights: w,
    settings,
    count: people.length,
    people,
  };
}

describe('diffSnapshots', () => {
  const wa = weights({ publications: 0.5, pagerank: 0.5 });
  const wb = weights({ pagerank: 1 });
  // Ann: many papers, little influence. Bob: the reverse. Cid: middling. Dee only in A, Eve only in B.
  const pa = {
    ann: { publications: 90, pagerank: 30 },
    bob: { publications: 20, pagerank: 95 },
    cid: { publications: 50, pagerank: 50 },
  };
  const a = snap('before', wa, [
    person(1, 'Ann', 1, 'T1', wa, pa.ann),
    person(3, 'Cid', 2, 'T2', wa, pa.cid),
    person(2, 'Bob', 3, 'T2', wa, pa.bob),
    person(4, 'Dee', 4, 'T3', wa, { publications: 10, pagerank: 10 }),
  ]);
  const b = snap('after', wb, [
    person(2, 'Bob', 1, 'T1', wb, pa.bob),
    person(3, 'Cid', 2, 'T2', wb, pa.cid),
    person(1, 'Ann', 3, 'T2', wb, pa.ann),
    person(5, 'Eve', 4, 'T4', wb, { pagerank: 5 }),
  ]);
  const d = diffSnapshots(a, b);

  it('lists who entered and left each tier', () => {
    const t = (tier: Tier) => d.tiers.find((x) => x.tier === tier)!;
    expect(t('T1').entered.map((p) => p.name)).toEqual(['Bob']);
    expect(t('T1').left.map((p) => p.name)).toEqual(['Ann']);
    expect(t('T2').entered.map((p) => p.name)).toEqual(['Ann']);
    expect(t('T2').left.map((p) => p.name)).toEqual(['Bob']);
    expect(t('T3').left.map((p) => [p.name, p.tierAfter])).toEqual([['Dee', null]]);
    expect(t('T4').entered.map((p) => [p.name, p.tierBefore, p.why])).toEqual([
      ['Eve', null, 'new in this scope'],
    ]);
    expect([d.inBoth, d.onlyInA, d.onlyInB]).toEqual([3, 1, 1]);
  });

  it('ranks risers and fallers and says which components moved', () => {
    expect(d.risers.map((p) => [p.name, p.rankChange])).toEqual([['Bob', 2]]);
    expect(d.fallers.map((p) => [p.name, p.rankChange])).toEqual([['Ann', -2]]);
    const bob = d.risers[0]!;
    expect(bob.components.map((c) => c.component)).toEqual(['pagerank', 'publications']);
    expect(bob.components[0]!.delta).toBeCloseTo(95 - 47.5);
    expect(bob.components[1]!.delta).toBeCloseTo(-10);
    expect(bob.why).toBe('Network influence +47.5 (weight 50% → 100%); Publications −10.0 (weight 50% → 0%)');
    // Cid kept his rank; his components still moved.
    expect(d.all.find((p) => p.name === 'Cid')!.rankChange).toBe(0);
  });

  it('orders components by how much they moved overall, with the weights before and after', () => {
    expect(d.components[0]).toMatchObject({ component: 'pagerank', before: 0.5, after: 1 });
    expect(d.components[1]).toMatchObject({ component: 'publications', before: 0.5, after: 0 });
    expect(d.components[2]!.meanShift).toBe(0);
  });

  it('bounds the risers and fallers with top', () => {
    const one = diffSnapshots(a, b, { top: 1 });
    expect(one.risers).toHaveLength(1);
    expect(diffSnapshots(a, a).risers).toEqual([]);
    expect(diffSnapshots(a, a).all.every((p) => p.why === 'no component moved')).toBe(true);
  });

  it('writes a CSV with neutralised text cells', () => {
    const evil = snap('x', wa, [{ ...person(9, '=HYPERLINK("x")', 1, 'T1', wa, pa.ann) }]);
    const csv = diffCsv(diffSnapshots(evil, evil));
    const [header, row] = csv.trimEnd().split('\n');
    expect(header).toBe(
      'id,name,institution,country,rank_a,rank_b,rank_change,score_a,score_b,score_change,tier_a,tier_b,why',
    );
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('explains a percentile move when the weights did not change', () => {
    expect(
      explain([
        {
          component: 'citations',
          before: 10,
          after: 15,
          delta: 5,
          percentileBefore: 40,
          percentileAfter: 60,
          weightBefore: DEFAULT_WEIGHTS.citations,
          weightAfter: DEFAULT_WEIGHTS.citations,
        },
      ]),
    ).toBe('Citations +5.0 (percentile 40 → 60)');
  });

  it('names the tier cut-offs and resolution that differ, in the comparison and its summary', () => {
    expect(diffSnapshots(a, b).settingsChanges).toEqual([]);
    const b2 = { ...b, settings: { tierCuts: [0.1, 0.25, 0.55] as [number, number, number], resolution: 2 } };
    const d = diffSnapshots(a, b2);
    expect(d.settingsChanges).toEqual([
      'tiers (T1/T2/T3): 5/15/30 % → 10/15/30 %',
      'community resolution: 1 → 2',
    ]);
    expect(d.b.settings).toEqual(b2.settings);
    expect(diffSummary(d)).toContain('community resolution: 1 → 2');
    // Same people, same scores, wider T1: the move is put down to the cut-offs.
    const a3 = snap(
      'wide',
      wb,
      b.people.map((p) => ({ ...p, tier: p.tier === 'T1' ? 'T1' : 'T2' })),
      {
        tierCuts: [0.05, 0.2, 0.5],
        resolution: 1,
      },
    );
    const b3 = snap(
      'wider',
      wb,
      b.people.map((p) => ({ ...p, tier: 'T1' })),
      b2.settings,
    );
    const moved = diffSnapshots(a3, b3).all.filter((p) => p.tierBefore !== p.tierAfter);
    expect(moved.length).toBeGreaterThan(0);
    for (const p of moved) expect(p.why).toBe('the tier cut-offs changed');
  });
});
