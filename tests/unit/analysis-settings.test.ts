// Tier cut-offs and community resolution: the shared parsing the CLI's --tiers / --resolution use
// (shared/analytics/settings.ts) and the UI's pure state updates (renderer/src/state/settings.ts):
// validation, reset, and the defaults kept as null so a view at the defaults analyses like one never
// edited (the same options, the same cache key); what a project keeps of them, checked on the way back.
import { describe, expect, it } from 'vitest';
import { analysisCacheKey } from '../../shared/analytics/cache';
import { assignTiers, DEFAULT_TIER_CUTS } from '../../shared/analytics/score';
import {
  isDefaultTierCuts,
  parseResolution,
  parseTiers,
  tierCutsFromPercents,
  tierPercentsFromCuts,
  tierPercentsProblem,
  tiersSpec,
} from '../../shared/analytics/settings';
import {
  DEFAULT_SETTINGS,
  resolutionChanged,
  resolutionReset,
  settingsOptions,
  settingsSpec,
  tiersChanged,
  tiersReset,
  uiResolutionProblem,
} from '../../renderer/src/state/settings';
import { restoredSettings, savedSettings } from '../../renderer/src/state/savedSettings';
import { COMPONENTS, DEFAULT_WEIGHTS } from '../../shared/analytics/types';

describe('tier percentages (shared)', () => {
  it('turns per-tier percentages into the cumulative cut-offs, the defaults exactly', () => {
    expect(tierCutsFromPercents([5, 15, 30])).toEqual([...DEFAULT_TIER_CUTS]);
    expect(tierCutsFromPercents([10, 15, 30])).toEqual([0.1, 0.25, 0.55]);
    // Float noise never takes the last cut above 1 (assignTiers would refuse it).
    const cuts = tierCutsFromPercents([33.3, 33.3, 33.4]);
    expect(cuts[2]).toBeLessThanOrEqual(1);
    expect(() => assignTiers([3, 2, 1], cuts)).not.toThrow();
    expect(tierPercentsFromCuts([0.1, 0.25, 0.55])).toEqual([10, 15, 30]);
    expect(isDefaultTierCuts([0.05, 0.2, 0.5])).toBe(true);
    expect(isDefaultTierCuts(undefined)).toBe(true);
    expect(isDefaultTierCuts([0.1, 0.25, 0.55])).toBe(false);
    expect(tiersSpec([10, 15, 30])).toBe('10,15,30');
  });

  it('says what is wrong with percentages that cannot be used', () => {
    expect(tierPercentsProblem([5, 15, 30])).toBeNull();
    expect(tierPercentsProblem([0, 0, 100])).toBeNull();
    expect(tierPercentsProblem([60, 50, 10])).toMatch(/add up to at most 100 %.*got 120 %/);
    expect(tierPercentsProblem([5, -1, 30])).toMatch(/^T2 must be a percentage from 0 to 100/);
    expect(tierPercentsProblem([5, 15, NaN])).toMatch(/^T3 must be a percentage/);
    expect(tierPercentsProblem([5, 15])).toMatch(/three percentages/);
  });

  it('parses --tiers and --resolution, refusing bad values with a reason', () => {
    expect(parseTiers('5,15,30')).toEqual([5, 15, 30]);
    expect(parseTiers(' 10 , 20% , 2.5 ')).toEqual([10, 20, 2.5]);
    expect(() => parseTiers('a,b')).toThrow(/not three percentages/);
    expect(() => parseTiers('a,1,2')).toThrow(/^T1 "a" is not a percentage/);
    expect(() => parseTiers('60,50,10')).toThrow(/at most 100 %/);
    expect(() => parseTiers('5,15,30,50')).toThrow(/not three percentages/);
    expect(parseResolution('2')).toBe(2);
    expect(parseResolution('0.5')).toBe(0.5);
    expect(() => parseResolution('0')).toThrow(/above 0/);
    expect(() => parseResolution('-1')).toThrow(/not a number/);
    expect(() => parseResolution('x')).toThrow(/not a number/);
    expect(() => parseResolution('5000')).toThrow(/at most 1000/);
  });
});

describe('tier and resolution state (UI)', () => {
  it('keeps the defaults as null, and a value back at the default returns to null', () => {
    const s1 = tiersChanged(DEFAULT_SETTINGS, [10, 15, 30]);
    expect(s1.tiers).toEqual([10, 15, 30]);
    expect(tiersChanged(s1, [5, 15, 30]).tiers).toBeNull();
    const s2 = resolutionChanged(DEFAULT_SETTINGS, 2.5);
    expect(s2.resolution).toBe(2.5);
    expect(resolutionChanged(s2, 1).resolution).toBeNull();
    // Unchanged values return the same state (no re-run).
    expect(tiersChanged(DEFAULT_SETTINGS, [5, 15, 30])).toBe(DEFAULT_SETTINGS);
    expect(resolutionChanged(s2, 2.5)).toBe(s2);
  });

  it('does not apply invalid values', () => {
    const s = tiersChanged(DEFAULT_SETTINGS, [10, 15, 30]);
    expect(tiersChanged(s, [60, 50, 10])).toBe(s);
    expect(tiersChanged(s, [NaN, 15, 30])).toBe(s);
    expect(resolutionChanged(s, 0)).toBe(s);
    expect(resolutionChanged(s, 0.05)).toBe(s);
    expect(resolutionChanged(s, 11)).toBe(s);
    expect(uiResolutionProblem(0)).toMatch(/at least 0.1/);
    expect(uiResolutionProblem(12)).toMatch(/at most 10/);
    expect(uiResolutionProblem(NaN)).toMatch(/must be a number/);
  });

  it('resets each setting on its own', () => {
    const s = resolutionChanged(tiersChanged(DEFAULT_SETTINGS, [10, 15, 30]), 3);
    expect(tiersReset(s)).toEqual({ tiers: null, resolution: 3 });
    expect(resolutionReset(s)).toEqual({ tiers: [10, 15, 30], resolution: null });
    expect(tiersReset(DEFAULT_SETTINGS)).toBe(DEFAULT_SETTINGS);
    expect(resolutionReset(DEFAULT_SETTINGS)).toBe(DEFAULT_SETTINGS);
  });

  it('gives the analysis options and the CLI flags, nothing at the defaults', () => {
    expect(settingsOptions(DEFAULT_SETTINGS)).toEqual({});
    expect(settingsSpec(DEFAULT_SETTINGS)).toBe('');
    const s = resolutionChanged(tiersChanged(DEFAULT_SETTINGS, [10, 15, 30]), 3);
    expect(settingsOptions(s)).toEqual({ tierCuts: [0.1, 0.25, 0.55], resolution: 3 });
    expect(settingsSpec(s)).toBe('--tiers 10,15,30 --resolution 3');
    // The CLI parses those flags into the same options.
    expect(tierCutsFromPercents(parseTiers('10,15,30'))).toEqual(settingsOptions(s).tierCuts);
  });

  it('gives the analysis cache a different key per tier cut-offs and resolution', () => {
    const base = analysisCacheKey({}, {});
    const tiers = analysisCacheKey({}, settingsOptions(tiersChanged(DEFAULT_SETTINGS, [10, 15, 30])));
    const res = analysisCacheKey({}, settingsOptions(resolutionChanged(DEFAULT_SETTINGS, 3)));
    expect(new Set([base, tiers, res]).size).toBe(3);
    expect(analysisCacheKey({}, settingsOptions(DEFAULT_SETTINGS))).toBe(base);
    expect(analysisCacheKey({}, { tierCuts: [0.1, 0.25, 0.55] })).not.toBe(
      analysisCacheKey({}, { tierCuts: [0.1, 0.25, 0.5] }),
    );
  });
});

describe('weights and settings kept per project (UI)', () => {
  it('round-trips custom values, and stores nothing at the defaults', () => {
    const weights = { ...DEFAULT_WEIGHTS, publications: 0, pagerank: 40 };
    const settings = resolutionChanged(tiersChanged(DEFAULT_SETTINGS, [10, 15, 30]), 2.5);
    const stored = JSON.parse(JSON.stringify(savedSettings(weights, settings))) as Record<string, unknown>;
    expect(restoredSettings(stored)).toEqual({ weights, settings });
    expect(savedSettings(null, DEFAULT_SETTINGS)).toBeNull();
    expect(restoredSettings(null)).toEqual({ weights: null, settings: DEFAULT_SETTINGS });
  });

  it('leaves what the controls would refuse at its default', () => {
    const r = restoredSettings({
      weights: { publications: -3, citations: 'many', pagerank: 40, nonsense: 9 },
      tiers: [60, 30, 30],
      resolution: 500,
    });
    expect(r.weights).toEqual({ ...DEFAULT_WEIGHTS, pagerank: 40 });
    expect(r.settings).toEqual(DEFAULT_SETTINGS);
    expect(restoredSettings({ tiers: [5, 15], resolution: '3' }).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('gives the default weights for weights that are all 0 or all at their defaults', () => {
    const zero = Object.fromEntries(COMPONENTS.map((k) => [k, 0]));
    expect(restoredSettings({ weights: zero }).weights).toBeNull();
    expect(restoredSettings({ weights: { ...DEFAULT_WEIGHTS } }).weights).toBeNull();
  });
});
