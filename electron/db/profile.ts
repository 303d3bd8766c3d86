// The parts of a person's profile beyond publications (issue 6): the trials they hold a role in
// (trial_roles, migration 2), the Open Payments made to them (payments, migration 2) summed by year,
// nature and payer, and their therapeutic-area mix (publication_areas, migration 3: the share of their
// publications each area's rules match). Also each person's main area, for colouring the map by area.
import type { PersonAreaShare, PersonPayments, PersonTrial } from '../../shared/api';
import type { Db } from './connection';

/** The most payers a profile lists by name (the rest are summed into the totals only). */
const MAX_PAYERS = 12;

function yearOf(date: string | null): number | null {
  const m = date ? /^(\d{4})/.exec(date) : null;
  return m ? Number(m[1]) : null;
}

export class ProfileReads {
  private readonly st;

  constructor(db: Db) {
    this.st = {
      trials: db.prepare<
        [number],
        {
          nctId: string;
          title: string;
          role: string;
          affiliation: string | null;
          phase: string | null;
          status: string | null;
          startDate: string | null;
          completionDate: string | null;
        }
      >(
        `SELECT t.nct_id AS nctId, t.title, r.role, r.affiliation, t.phase, t.status,
                t.start_date AS startDate, t.completion_date AS completionDate
         FROM trial_roles r JOIN trials t ON t.id = r.trial_id
         WHERE r.author_id = ?
         ORDER BY t.start_date IS NULL, t.start_date DESC, t.nct_id, r.id`,
      ),
      payments: db.prepare<
        [number],
        {
          year: number | null;
          paidOn: string | null;
          nature: string | null;
          payer: string | null;
          amount: number;
        }
      >(
        `SELECT program_year AS year, paid_on AS paidOn, nature, payer, amount
         FROM payments WHERE author_id = ? ORDER BY id`,
      ),
      areaCounts: db.prepare<[number], { id: string; label: string; n: number }>(
        `SELECT a.id, a.label, COUNT(DISTINCT pa.publication_id) AS n
         FROM authorships au
         JOIN publication_areas pa ON pa.publication_id = au.publication_id
         JOIN therapeutic_areas a ON a.id = pa.area_id
         WHERE au.author_id = ?
         GROUP BY a.id ORDER BY n DESC, a.position, a.id`,
      ),
      publications: db
        .prepare<[number], number>(
          `SELECT COUNT(DISTINCT publication_id) FROM authorships WHERE author_id = ?`,
        )
        .pluck(),
    };
  }

  /** Every trial role of the person (one row per trial and role), newest trial first. */
  trials(authorId: number): PersonTrial[] {
    const seen = new Set<string>();
    const out: PersonTrial[] = [];
    for (const t of this.st.trials.all(authorId)) {
      const key = `${t.nctId}\u0000${t.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        nctId: t.nctId,
        title: t.title,
        role: t.role,
        affiliation: t.affiliation,
        phase: t.phase,
        status: t.status,
        startYear: yearOf(t.startDate),
        endYear: yearOf(t.completionDate),
      });
    }
    return out;
  }

  /** The Open Payments made to the person, summed; null when there are none. */
  payments(authorId: number): PersonPayments | null {
    const rows = this.st.payments.all(authorId);
    if (rows.length === 0) return null;
    const sum = <K>(map: Map<K, { total: number; count: number }>, key: K, amount: number) => {
      const cur = map.get(key) ?? { total: 0, count: 0 };
      cur.total += amount;
      cur.count += 1;
      map.set(key, cur);
    };
    const byYear = new Map<number | null, { total: number; count: number }>();
    const byNature = new Map<string, { total: number; count: number }>();
    const byPayer = new Map<string, { total: number; count: number }>();
    let total = 0;
    for (const r of rows) {
      const amount = Number.isFinite(r.amount) ? r.amount : 0;
      total += amount;
      sum(byYear, r.year ?? yearOf(r.paidOn), amount);
      sum(byNature, r.nature?.trim() || 'Not stated', amount);
      sum(byPayer, r.payer?.trim() || 'Not stated', amount);
    }
    const byTotal = (a: { total: number }, b: { total: number }) => b.total - a.total;
    const payers = [...byPayer].map(([name, v]) => ({ name, ...v })).sort(byTotal);
    return {
      total,
      count: rows.length,
      byYear: [...byYear]
        .map(([year, v]) => ({ year, ...v }))
        .sort((a, b) => (a.year ?? -Infinity) - (b.year ?? -Infinity)),
      byNature: [...byNature].map(([nature, v]) => ({ nature, ...v })).sort(byTotal),
      payers: payers.slice(0, MAX_PAYERS),
      otherPayers: Math.max(0, payers.length - MAX_PAYERS),
    };
  }

  /**
   * The share of the person's publications each area's rules match (a paper can be in several areas,
   * so the shares can add up to more than 1). The caller refreshes the publication_areas cache first.
   */
  areas(authorId: number): { publications: number; areas: PersonAreaShare[] } {
    const publications = this.st.publications.get(authorId) ?? 0;
    const areas = this.st.areaCounts.all(authorId).map((a) => ({
      id: a.id,
      label: a.label,
      publications: a.n,
      share: publications > 0 ? a.n / publications : 0,
    }));
    return { publications, areas };
  }

  /**
   * Each listed person's main area: the area holding most of their publications (ties: the area listed
   * first); people with no classified publication are left out. The cache must be fresh.
   */
  mainAreas(authorIds: readonly number[]): [number, string][] {
    const out: [number, string][] = [];
    for (const id of authorIds) {
      const top = this.st.areaCounts.get(id);
      if (top) out.push([id, top.id]);
    }
    return out;
  }
}
