// The CRM-ready export of a ranked list (issue 7): one row per person with a stable id, first and last
// name, place, identifiers, therapeutic area, tier, score, territory, MSL and engagement. Text cells get
// the same OWASP CSV-injection guard and quoting as the ranked CSV; an optional UTF-8 BOM helps Excel.
import type { Engagement } from '../api';
import { neutraliseCell, quoteCsv } from './export';
import type { RankedPerson } from './types';

export const CRM_COLUMNS = [
  'kolmap_id',
  'first_name',
  'last_name',
  'institution',
  'city',
  'region',
  'country',
  'orcid',
  'npi',
  'therapeutic_area',
  'tier',
  'score',
  'territory',
  'msl',
  'priority',
  'status',
] as const;

export interface CrmContext {
  /** The scope's therapeutic area (id or label); empty for all publications. */
  therapeuticArea: string | null;
  npi: ReadonlyMap<number, string>;
  /** MSL per territory name. */
  msl: ReadonlyMap<string, string | null>;
  engagements: ReadonlyMap<number, Pick<Engagement, 'priority' | 'status'>>;
}

/** The CRM CSV: header CRM_COLUMNS, LF line ends, final newline; `bom` prefixes U+FEFF. */
export function crmCsv(
  people: readonly RankedPerson[],
  ctx: CrmContext,
  opts: { bom?: boolean } = {},
): string {
  const lines: string[] = [CRM_COLUMNS.join(',')];
  for (const p of people) {
    const e = ctx.engagements.get(p.id);
    const text = (s: string | null | undefined): string => quoteCsv(neutraliseCell(s ?? ''));
    lines.push(
      [
        String(p.id),
        text(p.given),
        text(p.family),
        text(p.institution),
        text(p.city),
        text(p.region),
        text(p.country),
        text(p.orcid),
        text(ctx.npi.get(p.id)),
        text(ctx.therapeuticArea),
        p.tier,
        p.score.toFixed(2),
        text(p.territory),
        text(p.territory ? ctx.msl.get(p.territory) : null),
        e?.priority ?? '',
        e?.status ?? 'not-contacted',
      ].join(','),
    );
  }
  return (opts.bom ? '\uFEFF' : '') + lines.join('\n') + '\n';
}
