// Trial roles (issue 5): the investigator matcher's rules on hand-made candidates, and the `trials`
// score component (dropped without data, weighted by role, explained in words, adding up).
import { describe, expect, it } from 'vitest';
import {
  initialsAgree,
  matchInvestigator,
  trialRoleKind,
  type CandidatePlaces,
} from '../../electron/db/trialRoles';
import { analyze, trialRolesText } from '../../shared/analytics';
import { DEFAULT_WEIGHTS } from '../../shared/analytics/types';
import type { AnalysisInput } from '../../shared/api';
import { personRow } from '../helpers/personRow';

function candidate(
  id: number,
  institutions: CandidatePlaces['institutions'],
  affiliations: string[] = [],
): CandidatePlaces {
  return { id, family: 'Rao', initials: 'S', institutions, affiliations };
}

const aiims = { name: 'All India Institute of Medical Sciences', city: 'New Delhi', country: 'IN' };
const karolinska = { name: 'Karolinska Institutet', city: 'Stockholm', country: 'SE' };
const mayo = { name: 'Mayo Clinic', city: 'Rochester', country: 'US' };

describe('matchInvestigator', () => {
  it('refuses two namesakes when nothing tells them apart', () => {
    const r = matchInvestigator({ affiliation: null, sites: [] }, [candidate(1, []), candidate(2, [])]);
    expect(r).toEqual({ status: 'ambiguous', ids: [1, 2] });
  });

  it('refuses two namesakes whose places agree equally well', () => {
    const r = matchInvestigator(
      { affiliation: 'Mayo Clinic, Rochester, Minnesota, United States', sites: [] },
      [candidate(1, [mayo]), candidate(2, [mayo])],
    );
    expect(r.status).toBe('ambiguous');
  });

  it('picks the namesake whose institution agrees with the affiliation', () => {
    const r = matchInvestigator({ affiliation: 'Karolinska Institutet', sites: [] }, [
      candidate(1, [aiims]),
      candidate(2, [karolinska]),
    ]);
    expect(r).toEqual({ status: 'matched', id: 2, evidence: 3 });
  });

  it('reads raw affiliations of papers when no institution was parsed', () => {
    const r = matchInvestigator({ affiliation: 'Dept of Cardiology, Karolinska Institutet', sites: [] }, [
      candidate(1, []),
      candidate(2, [], ['Karolinska Institutet, Solna, Sweden']),
    ]);
    expect(r).toMatchObject({ status: 'matched', id: 2 });
  });

  it('requires agreement: a lone namesake elsewhere is refused', () => {
    const r = matchInvestigator(
      {
        affiliation: 'All India Institute of Medical Sciences',
        sites: ['AIIMS, New Delhi, Delhi, 110029, India'],
      },
      [candidate(1, [karolinska])],
    );
    expect(r).toEqual({ status: 'unmatched' });
  });

  it('uses the trial sites: a city, then a country, beats nothing', () => {
    const sites = ['Some Hospital, Stockholm, Sweden', 'Other Site, Rochester, Minnesota, United States'];
    const byCity = matchInvestigator({ affiliation: null, sites }, [
      candidate(1, [{ name: 'Elsewhere Institute', city: 'Stockholm', country: 'SE' }]),
      candidate(2, [aiims]),
    ]);
    expect(byCity).toEqual({ status: 'matched', id: 1, evidence: 2 });
    const byCountry = matchInvestigator({ affiliation: null, sites: ['A Site, Uppsala, Sweden'] }, [
      candidate(1, [{ name: 'Elsewhere Institute', city: 'Lund', country: 'SE' }]),
    ]);
    expect(byCountry).toEqual({ status: 'matched', id: 1, evidence: 1 });
  });

  it('takes a lone namesake only when neither side has places to compare', () => {
    expect(matchInvestigator({ affiliation: null, sites: [] }, [candidate(7, [aiims])])).toEqual({
      status: 'matched',
      id: 7,
      evidence: 0,
    });
    expect(
      matchInvestigator({ affiliation: 'Karolinska Institutet', sites: [] }, [candidate(7, [])]),
    ).toMatchObject({ status: 'matched', id: 7 });
    expect(matchInvestigator({ affiliation: null, sites: [] }, [])).toEqual({ status: 'unmatched' });
  });

  it('compares initials by prefix and classifies stored roles', () => {
    expect(initialsAgree('J', 'JA')).toBe(true);
    expect(initialsAgree('JA', 'JB')).toBe(false);
    expect(trialRoleKind('principal investigator')).toBe('principal');
    expect(trialRoleKind('Study Chair')).toBe('principal');
    expect(trialRoleKind('investigator')).toBe('investigator');
    expect(trialRoleKind('contact')).toBe('contact');
    expect(trialRoleKind('sponsor')).toBeNull();
    expect(trialRoleKind('site')).toBeNull();
  });
});

function input(trials?: AnalysisInput['trials']): AnalysisInput {
  const people = [1, 2, 3, 4, 5].map((id) => personRow(id));
  const papers = [
    { id: 1, year: 2020, citations: 3, authors: [1, 2, 3] },
    { id: 2, year: 2021, citations: 1, authors: [2, 4] },
    { id: 3, year: 2022, citations: 0, authors: [5, 1] },
  ];
  return {
    scope: { ta: null, since: null, until: null, country: null, region: null },
    people,
    papers,
    ...(trials ? { trials } : {}),
  };
}

describe('the trials score component', () => {
  it('drops out without trial data and the other weights stay as before', () => {
    const r = analyze(input());
    expect(r.weights.trials).toBe(0);
    // The other defaults sum to 1 on their own, so they are used as they are.
    expect(r.weights.publications).toBeCloseTo(DEFAULT_WEIGHTS.publications, 12);
    for (const p of r.people) {
      expect(p.trials).toBeUndefined();
      expect(p.breakdown.some((b) => b.component === 'trials')).toBe(false);
    }
    // An input whose roles are all zero carries no trial data either.
    expect(analyze(input([{ id: 1, principal: 0, investigator: 0, contact: 0 }])).weights.trials).toBe(0);
  });

  it('weights principal investigators above investigators and explains the value', () => {
    const r = analyze(
      input([
        { id: 3, principal: 2, investigator: 1, contact: 0 },
        { id: 4, principal: 0, investigator: 2, contact: 0 },
      ]),
    );
    expect(r.weights.trials).toBeGreaterThan(0);
    const p3 = r.people.find((p) => p.id === 3)!;
    const p4 = r.people.find((p) => p.id === 4)!;
    const p5 = r.people.find((p) => p.id === 5)!;
    const part = (p: typeof p3) => p.breakdown.find((b) => b.component === 'trials')!;
    expect(part(p3).value).toBe(5);
    expect(part(p4).value).toBe(2);
    expect(part(p5).value).toBe(0);
    expect(part(p3).percentile).toBeGreaterThan(part(p4).percentile);
    expect(part(p4).percentile).toBeGreaterThan(part(p5).percentile);
    expect(part(p3).detail).toBe('2 trials as principal investigator, 1 as site investigator');
    expect(part(p5).detail).toBe('no trial role in scope');
    expect(p3.trials).toEqual({ principal: 2, investigator: 1, contact: 0 });
    for (const p of r.people) {
      expect(p.breakdown.reduce((s, b) => s + b.contribution, 0)).toBe(p.score);
    }
    // The weight can be turned off like any other.
    expect(
      analyze(input([{ id: 3, principal: 1, investigator: 0, contact: 0 }]), { weights: { trials: 0 } })
        .weights.trials,
    ).toBe(0);
  });

  it('words role counts', () => {
    expect(trialRolesText({ principal: 1, investigator: 0, contact: 0 })).toBe(
      '1 trial as principal investigator',
    );
    expect(trialRolesText({ principal: 0, investigator: 1, contact: 2 })).toBe(
      '1 trial as site investigator, 2 as contact',
    );
  });
});
