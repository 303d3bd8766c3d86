// Trial investigators matched to people (issue 5, DESIGN §6 "trial roles"). ClinicalTrials.gov files
// name investigators ("Jane A. Smith, MD, Mayo Clinic"); trial_roles keeps them with the trial's
// sites. matchTrialRoles() recomputes trial_roles.author_id for every person-role from scratch:
//   1. candidates: people with at least one publication whose folded family name equals the
//      investigator's and whose initials agree (one a prefix of the other: "J" and "JA" agree, "JA"
//      and "JB" do not);
//   2. evidence per candidate, strongest first: an institution of theirs (or a raw affiliation on
//      their papers) shares its distinctive words with the investigator's affiliation (3), one of
//      their cities is named by the affiliation or a trial site (2), one of their countries is (1);
//      their places contradicting what the trial says counts 0; no places on either side: unknown;
//   3. the single candidate with the strongest positive evidence is the match; a tie at the top is
//      ambiguous and refused; with no positive evidence, only a lone candidate whose places cannot be
//      compared (either side has none) is taken; a contradiction is refused.
// It runs inside the import's transaction after identity resolution (writer commit) and after every
// identity decision or undo, so trials imported before or after the publications both get matched.
// trialRoleCounts() gives the analysis its per-person counts in a scope (years by start date, area
// by the trial's title and conditions against the area's rules).
import type { PersonTrialRoles } from '../../shared/api';
import { compileAreas, type TherapeuticArea } from '../../shared/analytics/ta';
import { countryOfText, institutionMatchKey } from '../../shared/formats/affiliations';
import { parseGivenFirstName } from '../../shared/formats/names';
import { placeKey } from '../../shared/formats/places';
import { foldKey } from '../../shared/formats/text';
import type { Db } from './connection';

/** trial_roles.role values that name organisations, not people. */
const ORGANISATION_ROLES = ['sponsor', 'collaborator', 'site'];

/** The kind a stored role counts as in the score: leads weigh more than site investigators. */
export type TrialRoleKind = 'principal' | 'investigator' | 'contact';

/** Maps a stored role ("principal investigator", "study chair", "sub-investigator"…) to its kind. */
export function trialRoleKind(role: string): TrialRoleKind | null {
  const r = role.trim().toLowerCase();
  if (ORGANISATION_ROLES.includes(r)) return null;
  if (/principal|study chair|study director|overall official|lead/.test(r)) return 'principal';
  if (/contact/.test(r)) return 'contact';
  return 'investigator';
}

/** What the trial says about where an investigator works. */
export interface RolePlaces {
  /** The investigator's own affiliation, if the file gives one. */
  affiliation: string | null;
  /** The trial's sites ("Site, City, State, Zip, Country"). */
  sites: readonly string[];
}

/** What the project knows about where a candidate works. */
export interface CandidatePlaces {
  id: number;
  family: string;
  initials: string;
  institutions: readonly { name: string; city: string | null; country: string | null }[];
  /** Raw affiliation texts of their authorships (sources without parsed institutions). */
  affiliations: readonly string[];
}

export type MatchOutcome =
  | { status: 'matched'; id: number; evidence: number }
  | { status: 'ambiguous'; ids: number[] }
  | { status: 'unmatched' };

// Words of institution names too common to tell two institutions apart.
const GENERIC = new Set([
  'univ',
  'university',
  'hospital',
  'hosp',
  'medical',
  'med',
  'center',
  'ctr',
  'centre',
  'college',
  'coll',
  'institute',
  'inst',
  'school',
  'sch',
  'medicine',
  'clinic',
  'clin',
  'research',
  'res',
  'department',
  'dept',
  'health',
  'hlth',
  'sciences',
  'science',
  'sci',
  'national',
  'natl',
  'general',
  'gen',
  'faculty',
  'foundation',
  'fdn',
  'memorial',
  'saint',
  'st',
  'state',
  'city',
  'division',
  'div',
  'unit',
  'system',
  'group',
  'trust',
  'nhs',
  'care',
  'clinical',
  'cancer',
  'canc',
  'heart',
  'childrens',
  'children',
  'regional',
  'central',
  'public',
  'private',
  'site',
  'study',
  'investigational',
  'local',
  'institution',
]);

function distinctiveWords(name: string): Set<string> {
  const out = new Set<string>();
  for (const w of institutionMatchKey(name).split(' ')) {
    if (w.length >= 3 && !GENERIC.has(w) && !/^\d+$/.test(w)) out.add(w);
  }
  return out;
}

/** Places of a role, parsed once: distinctive affiliation words, place keys and country codes. */
interface RoleEvidence {
  words: Set<string>;
  places: Set<string>;
  countries: Set<string>;
  empty: boolean;
}

function roleEvidence(r: RolePlaces): RoleEvidence {
  const words = r.affiliation ? distinctiveWords(r.affiliation) : new Set<string>();
  const places = new Set<string>();
  const countries = new Set<string>();
  const texts = r.affiliation ? [r.affiliation, ...r.sites] : [...r.sites];
  for (const text of texts) {
    const parts = text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    for (const p of parts) {
      const key = placeKey(p);
      if (key) places.add(key);
    }
    const last = parts[parts.length - 1];
    const code = last ? countryOfText(last) : undefined;
    if (code) countries.add(code);
  }
  return { words, places, countries, empty: words.size === 0 && places.size === 0 };
}

/** 3 institution, 2 city, 1 country, 0 contradiction, -1 nothing to compare. */
function evidenceLevel(role: RoleEvidence, c: CandidatePlaces): number {
  if (role.empty) return -1;
  let comparable = false;
  let level = 0;
  const names = [...c.institutions.map((i) => i.name), ...c.affiliations];
  for (const name of names) {
    const words = distinctiveWords(name);
    if (words.size === 0) continue;
    if (role.words.size > 0) comparable = true;
    let shared = 0;
    for (const w of words) if (role.words.has(w)) shared++;
    // All of a short name's distinctive words, or two of a longer one's.
    if (shared > 0 && shared >= Math.min(2, words.size)) return 3;
  }
  for (const inst of c.institutions) {
    if (inst.city) {
      comparable = true;
      if (role.places.has(placeKey(inst.city))) level = Math.max(level, 2);
    }
    if (inst.country) {
      comparable = true;
      if (role.countries.has(inst.country.toUpperCase())) level = Math.max(level, 1);
    }
  }
  return comparable ? level : -1;
}

/** Whether two initials strings can name the same person ("J" ~ "JA", "JA" ≁ "JB", "" ~ anything). */
export function initialsAgree(a: string, b: string): boolean {
  const x = foldKey(a).replace(/ /g, '');
  const y = foldKey(b).replace(/ /g, '');
  return x.startsWith(y) || y.startsWith(x);
}

/**
 * Picks the person a trial investigator is, among candidates of the same family name whose initials
 * agree (the caller passes those), by the rules at the top of this file. Pure, for tests.
 */
export function matchInvestigator(places: RolePlaces, candidates: readonly CandidatePlaces[]): MatchOutcome {
  if (candidates.length === 0) return { status: 'unmatched' };
  const role = roleEvidence(places);
  const levels = candidates.map((c) => evidenceLevel(role, c));
  const best = Math.max(...levels);
  if (best > 0) {
    const top = candidates.filter((_, i) => levels[i] === best);
    if (top.length === 1) return { status: 'matched', id: top[0]!.id, evidence: best };
    return { status: 'ambiguous', ids: top.map((c) => c.id) };
  }
  if (candidates.length > 1) return { status: 'ambiguous', ids: candidates.map((c) => c.id) };
  // A lone namesake: taken only when nothing can be compared, never against a contradiction.
  return levels[0] === -1
    ? { status: 'matched', id: candidates[0]!.id, evidence: 0 }
    : { status: 'unmatched' };
}

export interface TrialMatchStats {
  /** Person roles (investigators, principal investigators, contacts) in the project. */
  roles: number;
  matched: number;
  ambiguous: number;
  unmatched: number;
}

interface RoleRow {
  id: number;
  name: string;
  affiliation: string | null;
  authorId: number | null;
  trialId: number;
  locations: string;
}

/**
 * Recomputes trial_roles.author_id for every person-role (rules at the top of the file). Writes only
 * rows whose match changed. Call it inside the transaction that changed people or trials.
 */
export function matchTrialRoles(db: Db): TrialMatchStats {
  const roles = db
    .prepare<[], RoleRow>(
      `SELECT r.id, r.name, r.affiliation, r.author_id AS authorId, r.trial_id AS trialId, t.locations
         FROM trial_roles r JOIN trials t ON t.id = r.trial_id
        WHERE r.role NOT IN (${ORGANISATION_ROLES.map((r) => `'${r}'`).join(', ')})
        ORDER BY r.id`,
    )
    .all();
  const stats: TrialMatchStats = { roles: roles.length, matched: 0, ambiguous: 0, unmatched: 0 };
  if (roles.length === 0) return stats;

  const byFamily = db.prepare<[string, string], { id: number; family: string; initials: string }>(
    `SELECT a.id, a.family, a.initials FROM authors a
      WHERE a.name_key >= ? AND a.name_key < ?
        AND EXISTS (SELECT 1 FROM authorships s WHERE s.author_id = a.id)`,
  );
  const institutionsOf = db.prepare<[number], { name: string; city: string | null; country: string | null }>(
    `SELECT i.name, i.city, i.country FROM author_institutions ai JOIN institutions i ON i.id = ai.institution_id
      WHERE ai.author_id = ?`,
  );
  const affiliationsOf = db
    .prepare<[number], string>(
      `SELECT DISTINCT raw_affiliation FROM authorships
        WHERE author_id = ? AND raw_affiliation IS NOT NULL AND raw_affiliation <> '' LIMIT 50`,
    )
    .pluck();
  const setAuthor = db.prepare<[number | null, number]>(`UPDATE trial_roles SET author_id = ? WHERE id = ?`);

  const families = new Map<string, { id: number; family: string; initials: string }[]>();
  const places = new Map<number, CandidatePlaces>();
  const sites = new Map<number, string[]>();
  const candidatePlaces = (c: { id: number; family: string; initials: string }): CandidatePlaces => {
    let p = places.get(c.id);
    if (!p) {
      p = { ...c, institutions: institutionsOf.all(c.id), affiliations: affiliationsOf.all(c.id) };
      places.set(c.id, p);
    }
    return p;
  };

  for (const row of roles) {
    const person = parseGivenFirstName(row.name);
    const family = person ? foldKey(person.family) : '';
    let outcome: MatchOutcome = { status: 'unmatched' };
    if (person && family && person.initials) {
      let sameFamily = families.get(family);
      if (!sameFamily) {
        // name_key is "folded family|initials" (shared/formats/names.ts nameKey): a range scan.
        sameFamily = byFamily
          .all(`${family}|`, `${family}|\uffff`)
          .filter((a) => foldKey(a.family) === family);
        families.set(family, sameFamily);
      }
      const candidates = sameFamily
        .filter((a) => a.initials && initialsAgree(a.initials, person.initials))
        .map(candidatePlaces);
      let trialSites = sites.get(row.trialId);
      if (!trialSites) {
        trialSites = parseSites(row.locations);
        sites.set(row.trialId, trialSites);
      }
      outcome = matchInvestigator({ affiliation: row.affiliation, sites: trialSites }, candidates);
    }
    const authorId = outcome.status === 'matched' ? outcome.id : null;
    stats[outcome.status]++;
    if (authorId !== row.authorId) setAuthor.run(authorId, row.id);
  }
  return stats;
}

function parseSites(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export interface TrialScope {
  since: number | null;
  until: number | null;
  /** The area's definition when the scope names one. */
  area: TherapeuticArea | null;
}

/**
 * Per-person trial role counts for the given people in a scope. A trial is in scope when its start
 * year lies within since..until (a trial without a start date is left out of a year-bounded scope)
 * and, for an area scope, when its title or conditions match the area's rules (conditions are read
 * as both keywords and MeSH terms). Each trial counts once per person, under their highest role.
 * People without a role in scope are left out.
 */
export function trialRoleCounts(db: Db, scope: TrialScope, ids: ReadonlySet<number>): PersonTrialRoles[] {
  const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'trial_roles'`).get();
  if (!exists || ids.size === 0) return [];
  const classifier = scope.area ? compileAreas([scope.area]) : null;
  const inScope = new Map<number, boolean>();
  const best = new Map<number, Map<number, TrialRoleKind>>();
  const rank: Record<TrialRoleKind, number> = { principal: 3, investigator: 2, contact: 1 };
  const rows = db
    .prepare<[], [number, string, number, string | null, string, string]>(
      `SELECT r.author_id, r.role, t.id, t.start_date, t.title, t.conditions
         FROM trial_roles r JOIN trials t ON t.id = r.trial_id
        WHERE r.author_id IS NOT NULL`,
    )
    .raw()
    .iterate() as Iterable<[number, string, number, string | null, string, string]>;
  for (const [authorId, role, trialId, start, title, conditions] of rows) {
    if (!ids.has(authorId)) continue;
    const kind = trialRoleKind(role);
    if (!kind) continue;
    let ok = inScope.get(trialId);
    if (ok === undefined) {
      const year = start && /^\d{4}/.test(start) ? Number(start.slice(0, 4)) : null;
      ok =
        (scope.since === null || (year !== null && year >= scope.since)) &&
        (scope.until === null || (year !== null && year <= scope.until));
      if (ok && classifier) {
        const conds = parseSites(conditions);
        ok = classifier.match({ title, journal: null, keywords: conds, mesh: conds }).length > 0;
      }
      inScope.set(trialId, ok);
    }
    if (!ok) continue;
    let trials = best.get(authorId);
    if (!trials) best.set(authorId, (trials = new Map()));
    const had = trials.get(trialId);
    if (had === undefined || rank[kind] > rank[had]) trials.set(trialId, kind);
  }
  const out: PersonTrialRoles[] = [];
  for (const [id, trials] of best) {
    const counts: PersonTrialRoles = { id, principal: 0, investigator: 0, contact: 0 };
    for (const kind of trials.values()) counts[kind]++;
    out.push(counts);
  }
  return out.sort((a, b) => a.id - b.id);
}
