// Helpers of the import dry run (previewFile in ./index.ts): what the first records of a file became,
// in a form the wizard can show, and the first rows of a delimited file as cells (for mapping columns
// of a generic CSV, also when no mapping has been given yet or the format is not recognised).
import Papa from 'papaparse';
import type { PreviewRow } from '../../shared/api';
import type { ImportPerson } from '../../shared/formats/types';
import type { RowResult } from './adapters';

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

function person(p: { family: string; given: string; raw: string }): string {
  if (!p.family) return p.raw;
  return p.given ? `${p.family}, ${p.given}` : p.family;
}

function personIds(p: ImportPerson | undefined): string[] {
  const ids: string[] = [];
  if (p?.orcid) ids.push(`orcid:${p.orcid}`);
  if (p?.npi) ids.push(`npi:${p.npi}`);
  return ids;
}

/** One parsed record as the wizard shows it. */
export function previewRow(line: number, result: RowResult, outcome: PreviewRow['outcome']): PreviewRow {
  if ('reject' in result) {
    return { line, kind: 'rejected', title: result.reject, year: null, people: [], ids: [], outcome };
  }
  if ('record' in result) {
    const r = result.record;
    const ids: string[] = [];
    if (r.pmid) ids.push(`pmid:${r.pmid}`);
    if (r.doi) ids.push(`doi:${r.doi}`);
    if (r.eid) ids.push(`eid:${r.eid}`);
    if (r.wosUt) ids.push(`wos:${r.wosUt}`);
    return {
      line,
      kind: 'publication',
      title: r.title,
      year: r.year ?? null,
      people: [...r.authors.map(person), ...(r.collectives ?? [])],
      ids,
      outcome,
    };
  }
  if ('trial' in result) {
    const t = result.trial;
    return {
      line,
      kind: 'trial',
      title: t.title,
      year: t.startDate ? Number(t.startDate.slice(0, 4)) || null : null,
      people: t.roles.filter((x) => x.person).map((x) => person(x.person as ImportPerson)),
      ids: [`nct:${t.nctId}`],
      outcome,
    };
  }
  if ('payment' in result) {
    const p = result.payment;
    const people = p.person ? [person(p.person)] : [];
    for (const inv of p.investigators) if (!people.includes(person(inv))) people.push(person(inv));
    return {
      line,
      kind: 'payment',
      title: `${p.payer ?? 'unknown payer'}: ${p.amount.toFixed(2)}${p.nature ? ` (${p.nature})` : ''}`,
      year: p.programYear ?? (p.date ? Number(p.date.slice(0, 4)) || null : null),
      people,
      ids: [...(p.recordId ? [`record:${p.recordId}`] : []), ...personIds(p.person)],
      outcome,
    };
  }
  const a = result.affiliation;
  return {
    line,
    kind: 'affiliation',
    title: [a.institution.name, a.department, a.institution.city, a.institution.country]
      .filter(Boolean)
      .join(', '),
    year: a.lastYear ?? a.firstYear ?? null,
    people: [person(a.person)],
    ids: personIds(a.person),
    outcome,
  };
}

function parseRows(sample: string, delimiter: string, quoteChar: string, rows: number): string[][] {
  const parsed = Papa.parse<string[]>(sample.slice(0, 1 << 18), {
    delimiter,
    quoteChar,
    preview: rows + 10,
    newline: '\n',
    skipEmptyLines: 'greedy',
  });
  return parsed.data;
}

/**
 * The header and first `rows` data rows of a delimited file's start. `delimiter` null: the one that
 * splits the header into the most columns (for a file whose format is not recognised).
 */
export function sampleTable(
  sample: string,
  delimiter: string | null,
  options: { quoteChar?: string; skipRows?: number; rows?: number } = {},
): { columns: string[]; cells: string[][]; delimiter: string } {
  const n = options.rows ?? 5;
  const quote = options.quoteChar ?? '"';
  let best = { delimiter: delimiter ?? ',', data: [] as string[][] };
  for (const d of delimiter === null ? CANDIDATE_DELIMITERS : [delimiter]) {
    const data = parseRows(sample, d, quote, n + (options.skipRows ?? 0)).slice(options.skipRows ?? 0);
    if ((data[0]?.length ?? 0) > (best.data[0]?.length ?? 0)) best = { delimiter: d, data };
  }
  const [columns = [], ...rest] = best.data;
  return { columns, cells: rest.slice(0, n), delimiter: best.delimiter };
}
