// Advisory board and speaker programme shortlists (issue 7): N experts of the current scope with high
// scores, balanced across research communities and countries, at most K from one institution, with
// optional rising-star places; each pick carries its reason. Swapping a pick by hand keeps the list
// and recomputes its balance. Pure: the UI and tests call the same functions.
//
// The greedy rule: every round takes the candidate with the highest
//   gain = score × communityDecay^(picks already from their community) × countryDecay^(picks from their country)
// among those whose institution still has fewer than K picks (diminishing returns, as in a
// submodular "diverse top-k"). With both decays 1 it is the plain top N per institution cap.
import { neutraliseCell, quoteCsv } from './export';
import type { AnalysisResult, RankedPerson, Tier } from './types';

export interface ShortlistOptions {
  /** How many experts (N). */
  size: number;
  /** At most this many from one institution (K); people without an institution are not capped. */
  maxPerInstitution: number;
  /** Multiplies a candidate's gain once per pick already from their community (0..1, default 0.6). */
  communityDecay?: number;
  /** Multiplies a candidate's gain once per pick already from their country (0..1, default 0.8). */
  countryDecay?: number;
  /** Places of the N kept for rising stars (default 0). */
  risingStars?: number;
  /** People never picked (declined, conflicts of interest). */
  exclude?: readonly number[];
}

/** A rising star as the caller knows them: AnalysisResult.risingStars, or risingStarProxy(). */
export interface RisingCandidate {
  id: number;
  reason: string;
}

export type PickKind = 'score' | 'balance' | 'rising' | 'manual';

export interface ShortlistPick {
  id: number;
  name: string;
  institution: string | null;
  country: string | null;
  community: number;
  rank: number;
  tier: Tier;
  score: number;
  kind: PickKind;
  reason: string;
}

export interface BalanceCount {
  key: string;
  count: number;
}

export interface ShortlistBalance {
  /** Largest first, then by key. Communities as "C3", unknown places as "–". */
  communities: BalanceCount[];
  countries: BalanceCount[];
  institutions: BalanceCount[];
  /** Institutions with more picks than K (only after a manual swap). */
  overCap: string[];
}

export interface Shortlist {
  picks: ShortlistPick[];
  balance: ShortlistBalance;
  /** People the list could draw from (in scope, not excluded). */
  pool: number;
  /** Fewer than N could be found (small scope or tight caps). */
  short: boolean;
}

const UNKNOWN = '–';
const instKey = (p: { institution: string | null }): string | null =>
  p.institution?.trim().toLowerCase() || null;

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${s}`;
}

function counts(keys: readonly string[]): BalanceCount[] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Communities, countries and institutions of the picks, and institutions above `maxPerInstitution`. */
export function shortlistBalance(
  picks: readonly ShortlistPick[],
  maxPerInstitution: number,
): ShortlistBalance {
  const institutions = counts(picks.map((p) => p.institution ?? UNKNOWN));
  return {
    communities: counts(picks.map((p) => `C${p.community}`)),
    countries: counts(picks.map((p) => p.country ?? UNKNOWN)),
    institutions,
    overCap: institutions.filter((i) => i.key !== UNKNOWN && i.count > maxPerInstitution).map((i) => i.key),
  };
}

/**
 * Early-career proxy used when the analysis has no rising stars of its own: people outside T1 with at
 * least 2 papers, most of their output recent (recency-weighted papers ≥ 60% of their papers, i.e.
 * mostly within the last ~2 years), best score first. Documented in the reason of each pick.
 */
export function risingStarProxy(result: AnalysisResult, limit = 200): RisingCandidate[] {
  const out: RisingCandidate[] = [];
  for (const p of result.people) {
    if (p.tier === 'T1' || p.publications < 2) continue;
    const share = p.recency / p.publications;
    if (share < 0.6) continue;
    out.push({
      id: p.id,
      reason: `early-career proxy: ${Math.round(share * 100)}% of ${p.publications} papers are recent`,
    });
    if (out.length >= limit) break;
  }
  return out;
}

/** The analysis' own rising stars when it has them (rising.ts), else the proxy above. */
export function risingCandidates(result: AnalysisResult): RisingCandidate[] {
  const own = (result as { risingStars?: readonly { id: number; reason?: string }[] }).risingStars;
  if (Array.isArray(own) && own.length) {
    return own.map((r) => ({ id: r.id, reason: `rising star: ${r.reason ?? 'fast-growing output'}` }));
  }
  return risingStarProxy(result);
}

function toPick(p: RankedPerson, kind: PickKind, reason: string): ShortlistPick {
  return {
    id: p.id,
    name: p.name,
    institution: p.institution,
    country: p.country,
    community: p.community,
    rank: p.rank,
    tier: p.tier,
    score: p.score,
    kind,
    reason,
  };
}

/** Builds the shortlist. `rising` lists rising-star candidates (see risingCandidates), best first. */
export function buildShortlist(
  result: AnalysisResult,
  options: ShortlistOptions,
  rising: readonly RisingCandidate[] = [],
): Shortlist {
  const size = Math.max(0, Math.floor(options.size));
  const cap = Math.max(1, Math.floor(options.maxPerInstitution));
  const cDecay = options.communityDecay ?? 0.6;
  const kDecay = options.countryDecay ?? 0.8;
  if (!(cDecay >= 0 && cDecay <= 1 && kDecay >= 0 && kDecay <= 1)) {
    throw new Error(`shortlist decays must lie in 0..1, got community ${cDecay}, country ${kDecay}`);
  }
  const excluded = new Set(options.exclude ?? []);
  const pool = result.people.filter((p) => !excluded.has(p.id));
  const risingSlots = Math.min(size, Math.max(0, Math.floor(options.risingStars ?? 0)));

  const picks: ShortlistPick[] = [];
  const taken = new Set<number>();
  const byCommunity = new Map<number, number>();
  const byCountry = new Map<string, number>();
  const byInstitution = new Map<string, number>();
  const add = (p: RankedPerson, kind: PickKind, reason: string): void => {
    picks.push(toPick(p, kind, reason));
    taken.add(p.id);
    byCommunity.set(p.community, (byCommunity.get(p.community) ?? 0) + 1);
    const c = p.country ?? UNKNOWN;
    byCountry.set(c, (byCountry.get(c) ?? 0) + 1);
    const i = instKey(p);
    if (i) byInstitution.set(i, (byInstitution.get(i) ?? 0) + 1);
  };
  const allowed = (p: RankedPerson): boolean => {
    const i = instKey(p);
    return !taken.has(p.id) && (!i || (byInstitution.get(i) ?? 0) < cap);
  };
  const describe = (p: RankedPerson, extra: string[]): string => {
    const nc = byCommunity.get(p.community) ?? 0;
    const nk = byCountry.get(p.country ?? UNKNOWN) ?? 0;
    const parts = [`rank ${p.rank} (${p.tier}, score ${p.score.toFixed(1)})`];
    parts.push(
      nc === 0 ? `first from community C${p.community}` : `${ordinal(nc + 1)} from community C${p.community}`,
    );
    if (p.country) parts.push(nk === 0 ? `first from ${p.country}` : `${ordinal(nk + 1)} from ${p.country}`);
    return [...parts, ...extra].join('; ');
  };

  // Main places: greedy with diminishing returns. Candidates are scanned best score first, so the
  // scan stops as soon as no later score can beat the best gain found (gains never exceed the score).
  const greedy = (until: number): void => {
    while (picks.length < until) {
      let best: RankedPerson | null = null;
      let bestGain = -Infinity;
      let skippedAbove = 0;
      for (const p of pool) {
        if (p.score <= bestGain) break;
        if (!allowed(p)) continue;
        const gain =
          p.score *
          cDecay ** (byCommunity.get(p.community) ?? 0) *
          kDecay ** (byCountry.get(p.country ?? UNKNOWN) ?? 0);
        if (gain > bestGain) {
          bestGain = gain;
          best = p;
        }
      }
      if (!best) break;
      for (const p of pool) {
        if (p === best) break;
        if (allowed(p)) skippedAbove++;
      }
      const extra = skippedAbove ? [`chosen over ${skippedAbove} higher-scored for balance`] : [];
      add(best, skippedAbove ? 'balance' : 'score', describe(best, extra));
    }
  };
  greedy(size - risingSlots);

  // Rising-star places: the best-placed candidates that respect the institution cap, balanced the same way.
  const byId = new Map(pool.map((p) => [p.id, p]));
  const risingPool = rising
    .map((r) => ({ person: byId.get(r.id), reason: r.reason }))
    .filter((r): r is { person: RankedPerson; reason: string } => r.person !== undefined);
  while (picks.length < size && risingSlots > 0) {
    let best: { person: RankedPerson; reason: string } | null = null;
    let bestGain = -Infinity;
    for (const r of risingPool) {
      if (!allowed(r.person)) continue;
      const gain =
        (r.person.score + 1) *
        cDecay ** (byCommunity.get(r.person.community) ?? 0) *
        kDecay ** (byCountry.get(r.person.country ?? UNKNOWN) ?? 0);
      if (gain > bestGain) {
        bestGain = gain;
        best = r;
      }
    }
    if (!best) break;
    add(best.person, 'rising', `${best.reason}; ${describe(best.person, [])}`);
  }
  // Rising-star places nobody could fill go back to the main rule.
  greedy(size);

  return {
    picks,
    balance: shortlistBalance(picks, cap),
    pool: pool.length,
    short: picks.length < size,
  };
}

/**
 * Replaces the pick `outId` with person `inId` (same place in the list), marks it as chosen by hand and
 * recomputes the balance; the institution cap is reported (balance.overCap), not enforced. Throws when
 * `outId` is not on the list, `inId` already is, or `inId` is not in the analysis.
 */
export function swapPick(
  list: Shortlist,
  outId: number,
  inId: number,
  result: AnalysisResult,
  maxPerInstitution: number,
): Shortlist {
  const at = list.picks.findIndex((p) => p.id === outId);
  if (at < 0) throw new Error(`person ${outId} is not on the shortlist`);
  if (list.picks.some((p) => p.id === inId)) throw new Error(`person ${inId} is already on the shortlist`);
  const person = result.people.find((p) => p.id === inId);
  if (!person) throw new Error(`person ${inId} is not in the current scope`);
  const out = list.picks[at]!;
  const picks = [...list.picks];
  picks[at] = toPick(
    person,
    'manual',
    `chosen by hand instead of ${out.name}; rank ${person.rank} (${person.tier}, score ${person.score.toFixed(1)})`,
  );
  return { ...list, picks, balance: shortlistBalance(picks, Math.max(1, Math.floor(maxPerInstitution))) };
}

/** How the balance changed: distinct communities, countries and institutions, and the largest institution. */
export interface BalanceSummary {
  communities: number;
  countries: number;
  institutions: number;
  maxFromOneInstitution: number;
}

export function balanceSummary(b: ShortlistBalance): BalanceSummary {
  const known = b.institutions.filter((i) => i.key !== UNKNOWN);
  return {
    communities: b.communities.length,
    countries: b.countries.filter((c) => c.key !== UNKNOWN).length,
    institutions: known.length,
    maxFromOneInstitution: known[0]?.count ?? 0,
  };
}

export const SHORTLIST_COLUMNS = [
  'position',
  'kolmap_id',
  'name',
  'institution',
  'country',
  'community',
  'rank',
  'tier',
  'score',
  'kind',
  'reason',
] as const;

/** The shortlist as CSV: text cells neutralised against formula injection (OWASP), LF, final newline. */
export function shortlistCsv(list: Shortlist, opts: { bom?: boolean } = {}): string {
  const text = (s: string | null): string => quoteCsv(neutraliseCell(s ?? ''));
  const lines = [SHORTLIST_COLUMNS.join(',')];
  list.picks.forEach((p, i) => {
    lines.push(
      [
        String(i + 1),
        String(p.id),
        text(p.name),
        text(p.institution),
        text(p.country),
        `C${p.community}`,
        String(p.rank),
        p.tier,
        p.score.toFixed(2),
        p.kind,
        text(p.reason),
      ].join(','),
    );
  });
  return (opts.bom ? '\uFEFF' : '') + lines.join('\n') + '\n';
}
