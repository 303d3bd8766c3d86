// Analysis snapshots (issue 7): turning an analysis into a snapshot, and comparing two snapshots: who
// entered or left each tier, the biggest risers and fallers, and which score components moved for each
// of them ("why"). Pure: the CLI (`kolmap diff`), the API handler and tests call the same functions.
import type { Snapshot, SnapshotInfo, SnapshotPerson } from '../api/snapshots';
import { neutraliseCell, quoteCsv } from './export';
import { tiersText } from './settings';
import { COMPONENT_RULES, COMPONENTS } from './types';
import type { AnalysisResult, ComponentKey, Tier } from './types';

export const TIER_NAMES: readonly Tier[] = ['T1', 'T2', 'T3', 'T4'];

/** explain()'s answer when no component moved. */
const NOTHING_MOVED = 'no component moved';

/** Contribution changes smaller than this (score points) are not named as a reason. */
const REASON_MIN_POINTS = 0.05;
/** Percentile changes smaller than this are not mentioned in a reason. */
const PERCENTILE_MIN = 0.5;

/** The people of an analysis as a snapshot stores them. */
export function snapshotPeople(result: AnalysisResult): SnapshotPerson[] {
  return result.people.map((p) => ({
    id: p.id,
    name: p.name,
    institution: p.institution,
    region: p.region,
    country: p.country,
    community: p.community,
    rank: p.rank,
    score: p.score,
    tier: p.tier,
    breakdown: p.breakdown.map((b) => ({ ...b })),
  }));
}

/** How one score component moved for one person between snapshot A and B. */
export interface ComponentDelta {
  component: ComponentKey;
  /** Contribution in score points (0 when the component was not weighted). */
  before: number;
  after: number;
  delta: number;
  percentileBefore: number | null;
  percentileAfter: number | null;
  weightBefore: number;
  weightAfter: number;
}

export interface PersonDiff {
  id: number;
  name: string;
  institution: string | null;
  country: string | null;
  /** null: not in that snapshot's scope. */
  rankBefore: number | null;
  rankAfter: number | null;
  /** rankBefore − rankAfter: positive means the person rose. null unless in both. */
  rankChange: number | null;
  scoreBefore: number | null;
  scoreAfter: number | null;
  scoreChange: number | null;
  tierBefore: Tier | null;
  tierAfter: Tier | null;
  /** Every component that moved, largest |delta| first. */
  components: ComponentDelta[];
  /** One line: the components that moved most and why (weight or percentile). */
  why: string;
}

export interface TierChange {
  tier: Tier;
  /** In this tier in B but not in A (best rank in B first); tierBefore null: new to the scope. */
  entered: PersonDiff[];
  /** In this tier in A but not in B (best rank in A first); tierAfter null: no longer in scope. */
  left: PersonDiff[];
}

export interface WeightChange {
  component: ComponentKey;
  before: number;
  after: number;
  /** Mean |contribution change| over people in both snapshots, in score points. */
  meanShift: number;
}

export interface SnapshotDiff {
  a: SnapshotInfo;
  b: SnapshotInfo;
  /** Scope fields that differ, e.g. ["since: 2015 → 2018"]. */
  scopeChanges: string[];
  /** Tier cut-offs or resolution that differ, e.g. ["tiers: 5/15/30 % → 10/15/30 %", "resolution: 1 → 2"]. */
  settingsChanges: string[];
  /** Every component, largest mean shift first. */
  components: WeightChange[];
  inBoth: number;
  onlyInA: number;
  onlyInB: number;
  tiers: TierChange[];
  /** Largest rank gains first (people in both snapshots). */
  risers: PersonDiff[];
  /** Largest rank losses first. */
  fallers: PersonDiff[];
  /** Everyone in either snapshot: in both by |rank change|, then new, then gone. */
  all: PersonDiff[];
}

const pct = (w: number): string => `${Math.round(w * 100)}%`;
const signed = (n: number, digits = 1): string => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(digits)}`;

function componentDeltas(
  a: SnapshotPerson | undefined,
  b: SnapshotPerson | undefined,
  wa: SnapshotInfo['weights'],
  wb: SnapshotInfo['weights'],
): ComponentDelta[] {
  const pa = new Map(a?.breakdown.map((x) => [x.component, x]));
  const pb = new Map(b?.breakdown.map((x) => [x.component, x]));
  const out: ComponentDelta[] = [];
  for (const c of COMPONENTS) {
    const x = pa.get(c);
    const y = pb.get(c);
    if (!x && !y) continue;
    const before = x?.contribution ?? 0;
    const after = y?.contribution ?? 0;
    if (before === after && (x?.percentile ?? null) === (y?.percentile ?? null)) continue;
    out.push({
      component: c,
      before,
      after,
      delta: after - before,
      percentileBefore: x?.percentile ?? null,
      percentileAfter: y?.percentile ?? null,
      weightBefore: x?.weight ?? (a ? wa[c] : 0),
      weightAfter: y?.weight ?? (b ? wb[c] : 0),
    });
  }
  out.sort(
    (p, q) =>
      Math.abs(q.delta) - Math.abs(p.delta) ||
      COMPONENTS.indexOf(p.component) - COMPONENTS.indexOf(q.component),
  );
  return out;
}

/** "Network influence +21.3 (weight 15% → 100%)": the three components that moved most. */
export function explain(components: readonly ComponentDelta[], max = 3): string {
  const parts = components
    .filter((d) => Math.abs(d.delta) >= REASON_MIN_POINTS)
    .slice(0, max)
    .map((d) => {
      const causes: string[] = [];
      if (Math.abs(d.weightAfter - d.weightBefore) >= 0.005) {
        causes.push(`weight ${pct(d.weightBefore)} → ${pct(d.weightAfter)}`);
      }
      const p0 = d.percentileBefore;
      const p1 = d.percentileAfter;
      if (p0 !== null && p1 !== null && Math.abs(p1 - p0) >= PERCENTILE_MIN) {
        causes.push(`percentile ${p0.toFixed(0)} → ${p1.toFixed(0)}`);
      }
      return `${COMPONENT_RULES[d.component].label} ${signed(d.delta)}${causes.length ? ` (${causes.join(', ')})` : ''}`;
    });
  return parts.length ? parts.join('; ') : NOTHING_MOVED;
}

function scopeChanges(a: SnapshotInfo, b: SnapshotInfo): string[] {
  const out: string[] = [];
  for (const key of ['ta', 'since', 'until', 'country', 'region'] as const) {
    const x = a.scope[key] ?? null;
    const y = b.scope[key] ?? null;
    if (x !== y) out.push(`${key}: ${x ?? 'any'} → ${y ?? 'any'}`);
  }
  return out;
}

/** Tier cut-offs and resolution that differ between A and B, in words. */
function settingsChanges(a: SnapshotInfo, b: SnapshotInfo): string[] {
  const out: string[] = [];
  const [ta, tb] = [tiersText(a.settings.tierCuts), tiersText(b.settings.tierCuts)];
  if (ta !== tb) out.push(`tiers (T1/T2/T3): ${ta} → ${tb}`);
  if (a.settings.resolution !== b.settings.resolution) {
    out.push(`community resolution: ${a.settings.resolution} → ${b.settings.resolution}`);
  }
  return out;
}

/**
 * Compares snapshot A (before) with B (after). `top` bounds the risers and fallers lists (default 10);
 * `all` always lists everyone. Deterministic: ties are broken by rank in B, then id.
 */
export function diffSnapshots(a: Snapshot, b: Snapshot, options: { top?: number } = {}): SnapshotDiff {
  const top = options.top ?? 10;
  const byA = new Map(a.people.map((p) => [p.id, p]));
  const byB = new Map(b.people.map((p) => [p.id, p]));
  const ids = [...new Set([...byB.keys(), ...byA.keys()])];
  // A tier change with no component moved comes from the cut-offs when those differ: say so.
  const cutsChanged = tiersText(a.settings.tierCuts) !== tiersText(b.settings.tierCuts);
  const why = (x: SnapshotPerson, y: SnapshotPerson, components: ComponentDelta[]): string => {
    const text = explain(components);
    return cutsChanged && x.tier !== y.tier && text === NOTHING_MOVED ? 'the tier cut-offs changed' : text;
  };
  const all: PersonDiff[] = ids.map((id) => {
    const x = byA.get(id);
    const y = byB.get(id);
    const components = componentDeltas(x, y, a.weights, b.weights);
    const who = (y ?? x)!;
    return {
      id,
      name: who.name,
      institution: who.institution,
      country: who.country,
      rankBefore: x?.rank ?? null,
      rankAfter: y?.rank ?? null,
      rankChange: x && y ? x.rank - y.rank : null,
      scoreBefore: x?.score ?? null,
      scoreAfter: y?.score ?? null,
      scoreChange: x && y ? y.score - x.score : null,
      tierBefore: x?.tier ?? null,
      tierAfter: y?.tier ?? null,
      components,
      why: !x ? 'new in this scope' : !y ? 'no longer in this scope' : why(x, y, components),
    };
  });
  const rankOrder = (p: PersonDiff): number => p.rankAfter ?? p.rankBefore ?? Infinity;
  const group = (p: PersonDiff): number => (p.rankChange !== null ? 0 : p.rankBefore === null ? 1 : 2);
  all.sort(
    (p, q) =>
      group(p) - group(q) ||
      Math.abs(q.rankChange ?? 0) - Math.abs(p.rankChange ?? 0) ||
      rankOrder(p) - rankOrder(q) ||
      p.id - q.id,
  );

  const both = all.filter((p) => p.rankChange !== null);
  const risers = both
    .filter((p) => p.rankChange! > 0)
    .sort((p, q) => q.rankChange! - p.rankChange! || q.scoreChange! - p.scoreChange! || p.id - q.id)
    .slice(0, top);
  const fallers = both
    .filter((p) => p.rankChange! < 0)
    .sort((p, q) => p.rankChange! - q.rankChange! || p.scoreChange! - q.scoreChange! || p.id - q.id)
    .slice(0, top);

  const tiers: TierChange[] = TIER_NAMES.map((tier) => ({
    tier,
    entered: all
      .filter((p) => p.tierAfter === tier && p.tierBefore !== tier)
      .sort((p, q) => p.rankAfter! - q.rankAfter! || p.id - q.id),
    left: all
      .filter((p) => p.tierBefore === tier && p.tierAfter !== tier)
      .sort((p, q) => p.rankBefore! - q.rankBefore! || p.id - q.id),
  }));

  const shift = new Map<ComponentKey, number>();
  for (const p of both) {
    for (const d of p.components) shift.set(d.component, (shift.get(d.component) ?? 0) + Math.abs(d.delta));
  }
  const components: WeightChange[] = COMPONENTS.map((c) => ({
    component: c,
    // Snapshots saved before a component existed (trials) lack its weight: it was 0 then.
    before: (a.weights as Partial<Record<ComponentKey, number>>)[c] ?? 0,
    after: (b.weights as Partial<Record<ComponentKey, number>>)[c] ?? 0,
    meanShift: both.length ? (shift.get(c) ?? 0) / both.length : 0,
  })).sort(
    (p, q) => q.meanShift - p.meanShift || COMPONENTS.indexOf(p.component) - COMPONENTS.indexOf(q.component),
  );

  const info = (s: Snapshot): SnapshotInfo => ({
    id: s.id,
    name: s.name,
    createdAt: s.createdAt,
    scope: s.scope,
    weights: s.weights,
    settings: s.settings,
    count: s.count,
  });
  return {
    a: info(a),
    b: info(b),
    scopeChanges: scopeChanges(a, b),
    settingsChanges: settingsChanges(a, b),
    components,
    inBoth: both.length,
    onlyInA: all.filter((p) => p.rankAfter === null).length,
    onlyInB: all.filter((p) => p.rankBefore === null).length,
    tiers,
    risers,
    fallers,
    all,
  };
}

export const DIFF_COLUMNS = [
  'id',
  'name',
  'institution',
  'country',
  'rank_a',
  'rank_b',
  'rank_change',
  'score_a',
  'score_b',
  'score_change',
  'tier_a',
  'tier_b',
  'why',
] as const;

/** One row per person of either snapshot (diff.all order); text cells neutralised (OWASP). */
export function diffCsv(diff: SnapshotDiff, opts: { bom?: boolean } = {}): string {
  const num = (n: number | null, digits: number): string => (n === null ? '' : n.toFixed(digits));
  const text = (s: string | null): string => quoteCsv(neutraliseCell(s ?? ''));
  const lines = [DIFF_COLUMNS.join(',')];
  for (const p of diff.all) {
    lines.push(
      [
        String(p.id),
        text(p.name),
        text(p.institution),
        text(p.country),
        p.rankBefore === null ? '' : String(p.rankBefore),
        p.rankAfter === null ? '' : String(p.rankAfter),
        p.rankChange === null ? '' : String(p.rankChange),
        num(p.scoreBefore, 2),
        num(p.scoreAfter, 2),
        num(p.scoreChange, 2),
        p.tierBefore ?? '',
        p.tierAfter ?? '',
        text(p.why),
      ].join(','),
    );
  }
  return (opts.bom ? '\uFEFF' : '') + lines.join('\n') + '\n';
}

/** A short text report of a diff (the CLI prints it; the UI shows the same parts). */
export function diffSummary(diff: SnapshotDiff): string[] {
  const out: string[] = [];
  out.push(
    `${diff.a.name} → ${diff.b.name}: ${diff.inBoth} people in both, ${diff.onlyInB} new, ${diff.onlyInA} gone`,
  );
  for (const s of diff.scopeChanges) out.push(`scope ${s}`);
  for (const s of diff.settingsChanges) out.push(s);
  const moved = diff.components.filter((c) => c.before !== c.after || c.meanShift >= REASON_MIN_POINTS);
  if (moved.length) {
    out.push('components that moved (mean shift in score points per person):');
    for (const c of moved) {
      out.push(
        `  ${COMPONENT_RULES[c.component].label}: weight ${pct(c.before)} → ${pct(c.after)}, mean shift ${c.meanShift.toFixed(2)}`,
      );
    }
  }
  for (const t of diff.tiers) {
    if (!t.entered.length && !t.left.length) continue;
    out.push(`${t.tier}: ${t.entered.length} entered, ${t.left.length} left`);
    for (const p of t.entered.slice(0, 5)) {
      out.push(`  + ${p.name} (${p.tierBefore ?? 'new'} → ${t.tier}): ${p.why}`);
    }
    for (const p of t.left.slice(0, 5)) {
      out.push(`  - ${p.name} (${t.tier} → ${p.tierAfter ?? 'gone'}): ${p.why}`);
    }
  }
  const mover = (p: PersonDiff): string =>
    `  ${p.name}: rank ${p.rankBefore} → ${p.rankAfter} (${signed(p.rankChange!, 0)}), score ${signed(p.scoreChange!)}; ${p.why}`;
  if (diff.risers.length) out.push('biggest risers:', ...diff.risers.map(mover));
  if (diff.fallers.length) out.push('biggest fallers:', ...diff.fallers.map(mover));
  return out;
}
