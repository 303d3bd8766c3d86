// Exports of an analysis: ranked CSV for a CRM (DESIGN §5 columns), the same rows as JSON for
// `kolmap rank --json`, and GEXF 1.3 / GraphML for Gephi. Plain string builders: no DOM, so they
// run in the CLI and in a Web Worker alike.
import { RANK_COLUMNS } from '../api';
import type { GraphEdge, RankedPerson } from './types';

export type RankColumn = (typeof RANK_COLUMNS)[number];
export type RankCell = string | number | null;
export type RankRow = Record<RankColumn, RankCell>;

/** Column kinds: which cells are numbers (never neutralised) and their XML attribute types. */
const COLUMN_TYPES: Record<RankColumn, 'integer' | 'double' | 'string'> = {
  rank: 'integer',
  id: 'integer',
  name: 'string',
  score: 'double',
  tier: 'string',
  publications: 'integer',
  first_author: 'integer',
  last_author: 'integer',
  citations: 'integer',
  coauthors: 'integer',
  pagerank: 'double',
  betweenness: 'double',
  community: 'integer',
  institution: 'string',
  city: 'string',
  region: 'string',
  country: 'string',
  orcid: 'string',
  territory: 'string',
  trials: 'integer',
};

/** Rounds to `digits` significant digits and returns the shortest text for it (e.g. 0.00123457, 6.1e-7). */
function significant(x: number, digits: number): string {
  return x === 0 ? '0' : String(Number(x.toPrecision(digits)));
}

/** Rounds to at most `decimals` decimals, without trailing zeros (k/10^d prints as its decimal). */
function decimals(x: number, places: number): string {
  const f = 10 ** places;
  return String(Math.round(x * f) / f);
}

/**
 * One person's cells as text, the single source of truth for CSV, JSON and graph attributes:
 * score with 2 decimals, PageRank with 6 significant digits, betweenness with at most 3 decimals,
 * counts as integers, missing values (citations without data, unknown institution…) empty.
 */
function formattedCells(p: RankedPerson): Record<RankColumn, string> {
  const text = (s: string | null): string => s ?? '';
  return {
    rank: String(p.rank),
    id: String(p.id),
    name: p.name,
    score: p.score.toFixed(2),
    tier: p.tier,
    publications: String(p.publications),
    first_author: String(p.firstAuthor),
    last_author: String(p.lastAuthor),
    citations: p.citations === null ? '' : String(Math.round(p.citations)),
    coauthors: String(p.coauthors),
    pagerank: significant(p.pagerank, 6),
    betweenness: decimals(p.betweenness, 3),
    community: String(p.community),
    institution: text(p.institution),
    city: text(p.city),
    region: text(p.region),
    country: text(p.country),
    orcid: text(p.orcid),
    territory: text(p.territory),
    // Trials in scope in any role; empty when the scope has no trial data (the component dropped).
    trials: p.trials ? String(p.trials.principal + p.trials.investigator + p.trials.contact) : '',
  };
}

/**
 * Rows keyed by the RANK_COLUMNS names, for `kolmap rank --json`. Each value equals the CSV cell:
 * numeric columns as numbers (Number(cell)), text as the raw text, an empty cell as null. The only
 * other difference is the CSV's injection guard (a leading apostrophe on text starting with = + - @).
 */
export function rankRowsJson(people: readonly RankedPerson[]): RankRow[] {
  return people.map((p) => {
    const cells = formattedCells(p);
    const row = {} as RankRow;
    for (const col of RANK_COLUMNS) {
      const cell = cells[col];
      row[col] = cell === '' ? null : COLUMN_TYPES[col] === 'string' ? cell : Number(cell);
    }
    return row;
  });
}

/**
 * OWASP CSV injection guard: a text cell starting with = + - @ tab or CR would be run as a formula
 * by Excel or LibreOffice, so it gets a leading apostrophe. Numeric cells are left alone (−3 is a number).
 */
export function neutraliseCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180 quoting: quote a cell containing a comma, quote, CR or LF, doubling inner quotes. */
export function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The ranked list as CSV: header RANK_COLUMNS (then `extra`'s columns, if any), LF line ends, a final
 * newline, text cells injection-guarded and quoted. `bom: true` prefixes U+FEFF so Excel reads UTF-8 names correctly.
 */
export function rankedCsv(
  people: readonly RankedPerson[],
  opts: {
    bom?: boolean;
    /** Text columns after RANK_COLUMNS (the app adds the engagement status and priority). */
    extra?: { columns: readonly string[]; cells: (p: RankedPerson) => readonly string[] };
  } = {},
): string {
  const extra = opts.extra;
  const lines: string[] = [[...RANK_COLUMNS, ...(extra?.columns ?? [])].join(',')];
  for (const p of people) {
    const cells = formattedCells(p);
    const row = RANK_COLUMNS.map((col) => {
      const cell = cells[col];
      return quoteCsv(COLUMN_TYPES[col] === 'string' ? neutraliseCell(cell) : cell);
    });
    if (extra) for (const cell of extra.cells(p)) row.push(quoteCsv(neutraliseCell(cell)));
    lines.push(row.join(','));
  }
  return (opts.bom ? '\uFEFF' : '') + lines.join('\n') + '\n';
}

/**
 * Text safe inside an XML attribute or element: escapes & < > " ' and drops characters XML 1.0
 * forbids (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF), which would otherwise
 * make the whole file unreadable in Gephi.
 */
export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function stripInvalidXmlChars(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let valid: boolean;
    if (c < 0x20) valid = c === 0x09 || c === 0x0a || c === 0x0d;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      valid = next >= 0xdc00 && next <= 0xdfff;
      if (valid) i++; // keep the pair
    } else if (c >= 0xdc00 && c <= 0xdfff)
      valid = false; // low surrogate without a high one
    else valid = c !== 0xfffe && c !== 0xffff;
    if (!valid) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Edges whose both ends are among `people` (a top-N export keeps only the links between them). */
function edgesAmong(edges: readonly GraphEdge[], people: readonly RankedPerson[]): GraphEdge[] {
  const ids = new Set(people.map((p) => p.id));
  return edges.filter((e) => ids.has(e.source) && ids.has(e.target));
}

/**
 * GEXF 1.3 for Gephi: one node per person (id = person id, label = name) with every rank column as
 * a node attribute, undirected edges with their fractional co-authorship weight. Only edges between
 * the given people are written, so `people` can be a top-N slice of result.people (default: all).
 */
export function toGexf(
  result: { people: readonly RankedPerson[]; edges: readonly GraphEdge[] },
  people: readonly RankedPerson[] = result.people,
): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
  );
  out.push('  <meta><creator>kolmap</creator><description>Co-authorship network</description></meta>');
  out.push('  <graph mode="static" defaultedgetype="undirected">');
  out.push('    <attributes class="node">');
  for (const col of RANK_COLUMNS) {
    out.push(`      <attribute id="${col}" title="${col}" type="${COLUMN_TYPES[col]}"/>`);
  }
  out.push('    </attributes>');
  out.push('    <nodes>');
  for (const p of people) {
    const cells = formattedCells(p);
    out.push(`      <node id="${p.id}" label="${escapeXml(p.name)}">`);
    out.push('        <attvalues>');
    for (const col of RANK_COLUMNS) {
      if (cells[col] === '') continue;
      out.push(`          <attvalue for="${col}" value="${escapeXml(cells[col])}"/>`);
    }
    out.push('        </attvalues>');
    out.push('      </node>');
  }
  out.push('    </nodes>');
  out.push('    <edges>');
  edgesAmong(result.edges, people).forEach((e, i) => {
    out.push(`      <edge id="${i}" source="${e.source}" target="${e.target}" weight="${e.weight}"/>`);
  });
  out.push('    </edges>');
  out.push('  </graph>');
  out.push('</gexf>');
  return out.join('\n') + '\n';
}

const GRAPHML_TYPES = { integer: 'long', double: 'double', string: 'string' } as const;

/** GraphML with the same content as toGexf: node data named by rank column, edge data `weight`. */
export function toGraphml(
  result: { people: readonly RankedPerson[]; edges: readonly GraphEdge[] },
  people: readonly RankedPerson[] = result.people,
): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"' +
      ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns' +
      ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  );
  // Key ids d0, d1… (networkx's convention); readers go by attr.name.
  const weightKey = `d${RANK_COLUMNS.length}`;
  RANK_COLUMNS.forEach((col, i) => {
    out.push(
      `  <key id="d${i}" for="node" attr.name="${col}" attr.type="${GRAPHML_TYPES[COLUMN_TYPES[col]]}"/>`,
    );
  });
  out.push(`  <key id="${weightKey}" for="edge" attr.name="weight" attr.type="double"/>`);
  out.push('  <graph id="kolmap" edgedefault="undirected">');
  for (const p of people) {
    const cells = formattedCells(p);
    out.push(`    <node id="${p.id}">`);
    RANK_COLUMNS.forEach((col, i) => {
      if (cells[col] !== '') out.push(`      <data key="d${i}">${escapeXml(cells[col])}</data>`);
    });
    out.push('    </node>');
  }
  edgesAmong(result.edges, people).forEach((e, i) => {
    out.push(`    <edge id="e${i}" source="${e.source}" target="${e.target}">`);
    out.push(`      <data key="${weightKey}">${e.weight}</data>`);
    out.push('    </edge>');
  });
  out.push('  </graph>');
  out.push('</graphml>');
  return out.join('\n') + '\n';
}

/**
 * The links as a CSV edge list (`kolmap graph --out FILE.csv`): source,target,weight with person
 * ids, plus both names for reading. Only links between `people` (default all) are written.
 */
export function edgesCsv(
  result: { people: readonly RankedPerson[]; edges: readonly GraphEdge[] },
  people: readonly RankedPerson[] = result.people,
): string {
  const names = new Map(people.map((p) => [p.id, p.name]));
  const lines = ['source,target,weight,source_name,target_name'];
  for (const e of edgesAmong(result.edges, people)) {
    const a = quoteCsv(neutraliseCell(names.get(e.source) ?? ''));
    const b = quoteCsv(neutraliseCell(names.get(e.target) ?? ''));
    lines.push(`${e.source},${e.target},${e.weight},${a},${b}`);
  }
  return lines.join('\n') + '\n';
}
