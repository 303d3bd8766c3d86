// Unit tests of the exports: ranked CSV (quoting, injection guard, BOM), JSON rows equal to the CSV
// rows, and well-formed GEXF / GraphML that a GEXF reader loads back.
import { DOMParser } from '@xmldom/xmldom';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AnalysisInput } from '../../shared/api';
import { RANK_COLUMNS } from '../../shared/api';
import { analyze } from '../../shared/analytics';
import {
  edgesCsv,
  escapeXml,
  neutraliseCell,
  quoteCsv,
  rankedCsv,
  rankRowsJson,
  toGexf,
  toGraphml,
} from '../../shared/analytics/export';
import { personRow } from '../helpers/personRow';

const person = personRow;

/** Names and fields that break naive CSV/XML writers, or run as spreadsheet formulas. */
const input: AnalysisInput = {
  scope: {},
  people: [
    person(1, '=HYPERLINK("http://evil","x")', { institution: '+1 Institute', orcid: '0000-0001-2345-6789' }),
    person(2, '-Smith', { city: '@home', country: 'US' }),
    person(3, 'O"Brien, Jr.', { institution: 'Dept. of A, B & C <Lab>' }),
    person(4, 'Tab\tStart', { region: '\tIndented' }),
    person(5, 'Line\nBreak\u0001', { territory: 'North\r\nEast' }),
    person(6, 'Ünïcødé 😀 Name'),
  ],
  papers: [
    { id: 1, year: 2020, citations: 10, authors: [1, 2, 3] },
    { id: 2, year: 2022, citations: null, authors: [3, 4] },
    { id: 3, year: 2023, citations: 3, authors: [5, 6, 1] },
    { id: 4, year: 2021, citations: 0, authors: [6] },
  ],
};
const result = analyze(input);

function parseXml(text: string): Document {
  const fail = (msg: string) => {
    throw new Error(`XML not well-formed: ${msg}`);
  };
  return new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(
    text,
    'text/xml',
  ) as unknown as Document;
}

describe('rankedCsv', () => {
  const csv = rankedCsv(result.people);

  it('has exactly the RANK_COLUMNS header, LF line ends and a final newline', () => {
    expect(csv.split('\n')[0]).toBe(RANK_COLUMNS.join(','));
    expect(csv.endsWith('\n')).toBe(true);
    // CR only inside a quoted cell (the territory "North\r\nEast").
    expect(csv.replace(/"[^"]*(?:""[^"]*)*"/g, '')).not.toMatch(/\r/);
  });

  it('parses back to one row per person with quoted commas, quotes and newlines intact', () => {
    const rows = Papa.parse<string[]>(csv.trimEnd(), { header: false }).data;
    expect(rows).toHaveLength(result.people.length + 1);
    for (const row of rows) expect(row).toHaveLength(RANK_COLUMNS.length);
    const byId = new Map(rows.slice(1).map((r) => [r[1], r]));
    const col = (name: (typeof RANK_COLUMNS)[number]) => RANK_COLUMNS.indexOf(name);
    expect(byId.get('3')![col('name')]).toBe('O"Brien, Jr.');
    expect(byId.get('3')![col('institution')]).toBe('Dept. of A, B & C <Lab>');
    expect(byId.get('5')![col('territory')]).toBe('North\r\nEast');
    expect(byId.get('6')![col('name')]).toBe('Ünïcødé 😀 Name');
  });

  it('neutralises text cells that a spreadsheet would run as formulas', () => {
    const rows = Papa.parse<string[]>(csv.trimEnd(), { header: false }).data.slice(1);
    const byId = new Map(rows.map((r) => [r[1], r]));
    const col = (name: (typeof RANK_COLUMNS)[number]) => RANK_COLUMNS.indexOf(name);
    expect(byId.get('1')![col('name')]).toBe('\'=HYPERLINK("http://evil","x")');
    expect(byId.get('1')![col('institution')]).toBe("'+1 Institute");
    expect(byId.get('2')![col('name')]).toBe("'-Smith");
    expect(byId.get('2')![col('city')]).toBe("'@home");
    expect(byId.get('4')![col('name')]).toBe('Tab\tStart'); // a tab inside is harmless
    expect(byId.get('4')![col('region')]).toBe("'\tIndented");
    expect(byId.get('1')![col('orcid')]).toBe('0000-0001-2345-6789');
  });

  it('leaves numbers alone, negative ones included, and formats them sensibly', () => {
    const p = {
      ...result.people[0]!,
      score: -5,
      pagerank: 0.000123456789,
      betweenness: 12.34567,
      citations: null,
    };
    const row = Papa.parse<string[]>(rankedCsv([p]).trimEnd()).data[1]!;
    expect(row[RANK_COLUMNS.indexOf('score')]).toBe('-5.00');
    expect(row[RANK_COLUMNS.indexOf('pagerank')]).toBe('0.000123457');
    expect(row[RANK_COLUMNS.indexOf('betweenness')]).toBe('12.346');
    expect(row[RANK_COLUMNS.indexOf('citations')]).toBe('');
  });

  it('adds a UTF-8 BOM on request', () => {
    expect(rankedCsv(result.people, { bom: true }).startsWith('\uFEFFrank,id,')).toBe(true);
    expect(csv.startsWith('rank,id,')).toBe(true);
  });

  it('quoting and neutralising helpers', () => {
    expect(quoteCsv('plain')).toBe('plain');
    expect(quoteCsv('a,b')).toBe('"a,b"');
    expect(quoteCsv('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsv('two\nlines')).toBe('"two\nlines"');
    for (const c of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseCell(`${c}x`)).toBe(`'${c}x`);
    expect(neutraliseCell('Smith-Jones')).toBe('Smith-Jones');
  });
});

describe('rankRowsJson', () => {
  it('equals the CSV rows: numbers as numbers, empty cells as null, text raw', () => {
    const json = rankRowsJson(result.people);
    const rows = Papa.parse<Record<string, string>>(rankedCsv(result.people).trimEnd(), {
      header: true,
    }).data;
    expect(json).toHaveLength(rows.length);
    json.forEach((obj, i) => {
      expect(Object.keys(obj)).toEqual([...RANK_COLUMNS]);
      for (const col of RANK_COLUMNS) {
        const cell = rows[i]![col]!;
        const value = obj[col];
        if (value === null) expect(cell).toBe('');
        else if (typeof value === 'number') expect(Number(cell)).toBe(value);
        else expect(cell).toBe(neutraliseCell(value));
      }
    });
  });
});

describe('GEXF and GraphML', () => {
  it('writes well-formed GEXF 1.3 that graphology-gexf reads back with the rank columns', () => {
    const xml = toGexf(result);
    const doc = parseXml(xml);
    expect(doc.documentElement.getAttribute('version')).toBe('1.3');
    expect(doc.getElementsByTagName('attribute')).toHaveLength(RANK_COLUMNS.length);
    const g = parseGexf(Graph, xml);
    expect(g.order).toBe(result.people.length);
    expect(g.size).toBe(result.edges.length);
    const top = result.people[0]!;
    const attrs = g.getNodeAttributes(String(top.id));
    expect(attrs.rank).toBe(1);
    expect(attrs.score).toBeCloseTo(top.score, 2);
    expect(attrs.tier).toBe(top.tier);
    const e = result.edges[0]!;
    expect(g.getEdgeAttribute(g.edge(String(e.source), String(e.target)), 'weight')).toBe(e.weight);
    // The control character U+0001 in a name is dropped, the rest escaped.
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('label="O&quot;Brien, Jr."');
  });

  it('writes well-formed GraphML with node data per rank column and edge weights', () => {
    const xml = toGraphml(result);
    const doc = parseXml(xml);
    expect(doc.getElementsByTagName('node')).toHaveLength(result.people.length);
    expect(doc.getElementsByTagName('edge')).toHaveLength(result.edges.length);
    const keys = Array.from({ length: doc.getElementsByTagName('key').length }, (_, i) =>
      doc.getElementsByTagName('key').item(i)!.getAttribute('attr.name'),
    );
    expect(keys).toEqual([...RANK_COLUMNS, 'weight']);
  });

  it('keeps only edges between the people given (a top-N export)', () => {
    const top = result.people.slice(0, 2);
    const ids = new Set(top.map((p) => p.id));
    const expected = result.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).length;
    const g = parseGexf(Graph, toGexf(result, top));
    expect(g.order).toBe(2);
    expect(g.size).toBe(expected);
    const csvRows = edgesCsv(result, top).trimEnd().split('\n');
    expect(csvRows[0]).toBe('source,target,weight,source_name,target_name');
    expect(csvRows).toHaveLength(expected + 1);
  });

  it('escapes XML specials and drops characters XML 1.0 forbids', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u000Bc\tline\n')).toBe('abc\tline\n');
    expect(escapeXml('pair 😀 lone \uD800 end')).toBe('pair 😀 lone  end');
  });
});
