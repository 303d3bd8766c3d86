// Adapters for Web of Science exports: plain text ("Full Record", tagged: AU/AF one author per line,
// C1 addresses with bracketed author lists, RP reprint address (for an author C1 gives none), TC,
// UT, DE/ID keywords, CA group authors; with or without the FN/VR header and EF trailer) and tab-delimited (the same tags as columns, written
// without quoting: literal quotes are data, so it is read with quoting off; trailing TAB; UTF-8,
// UTF-16 or Windows-1252, which ../source.ts decodes). Both build records through wosRecord().
import { parseAffiliation } from '../../../shared/formats/affiliations';
import { findYear, parseYear } from '../../../shared/formats/dates';
import { bylineTooLong, MAX_BYLINE_PEOPLE, parseCommaName } from '../../../shared/formats/names';
import { cleanSpace, foldKey, normalizeDoi } from '../../../shared/formats/text';
import type { ImportAuthor, ImportRecord } from '../../../shared/formats/types';
import { cell, count, indexColumns, requireColumn, splitList, tooWide, uniq } from './common';
import { columnKey, type DelimitedAdapter, type RowResult, type TaggedAdapter } from './types';

/** Field values by tag; list fields (AU, AF, C1, CA) hold one item per entry. */
export type WosFields = (tag: string) => string[];

/** "[Lai, I-Tzu; Chang, Yi-Han] Natl Cheng Kung Univ, Tainan, Taiwan." → names and address. */
function splitAddress(c1: string): { names: string[]; address: string } {
  const m = /^\[([^\]]*)\]\s*(.*)$/.exec(c1.trim());
  if (!m) return { names: [], address: cleanSpace(c1) };
  return { names: splitList(m[1] as string), address: cleanSpace(m[2] as string) };
}

export function wosRecord(get: WosFields, line: number): RowResult {
  const one = (tag: string): string => cleanSpace(get(tag).join(' '));
  const title = one('TI');
  if (!title) return { reject: 'no title (field TI)' };
  const au = get('AU').map(cleanSpace).filter(Boolean);
  const af = get('AF').map(cleanSpace).filter(Boolean);
  const full = af.length === au.length ? af : au;
  if (full.length > MAX_BYLINE_PEOPLE) return { reject: bylineTooLong('AU / AF') };
  const authors: ImportAuthor[] = [];
  full.forEach((name, i) => {
    const a = parseCommaName(name);
    if (a) authors.push({ ...a, raw: au[i] ?? name });
  });
  // C1: each address names its authors in brackets; an author with several addresses gets them all.
  const byName = new Map<string, number[]>();
  authors.forEach((a, i) => {
    for (const n of [full[i], au[i]]) {
      if (!n) continue;
      const k = foldKey(n);
      const list = byName.get(k) ?? [];
      if (!list.includes(i)) list.push(i);
      byName.set(k, list);
    }
  });
  const affs: string[][] = authors.map(() => []);
  const addresses = get('C1').map(splitAddress);
  for (const { names, address } of addresses) {
    if (!address) continue;
    for (const n of names) for (const i of byName.get(foldKey(n)) ?? []) affs[i]?.push(address);
  }
  // No bracketed lists at all and one address: it is every author's (single-address papers).
  if (addresses.length === 1 && addresses[0]?.names.length === 0 && addresses[0].address) {
    for (const list of affs) list.push(addresses[0].address);
  }
  // RP "Yang, CC (corresponding author), address": the reprint address of an author C1 left without one.
  for (const rp of one('RP').split(/\.;\s*(?=[^;]+\(corresponding author\))/)) {
    const m = /^(.+?)\s*\(corresponding author\),\s*(.+)$/.exec(rp.trim());
    if (!m) continue;
    const address = cleanSpace(m[2] as string).replace(/\.?$/, '.');
    for (const i of byName.get(foldKey(m[1] as string)) ?? [])
      if (affs[i]?.length === 0) affs[i]?.push(address);
  }
  affs.forEach((list, i) => {
    const a = authors[i];
    if (!a || list.length === 0) return;
    a.affiliation = list.join('; ');
    // WoS ends every address with its country ("Tbilisi, Georgia" is the country).
    const inst = parseAffiliation(list[0], { countryWritten: true });
    if (inst) a.institution = inst;
  });

  const record: ImportRecord = {
    line,
    title,
    keywords: uniq([...splitList(one('DE')), ...splitList(one('ID'))]),
    mesh: [],
    authors,
  };
  const collectives = get('CA').map(cleanSpace).filter(Boolean);
  if (collectives.length) record.collectives = uniq(collectives);
  const doi = normalizeDoi(one('DI'));
  if (doi) record.doi = doi;
  const ut = one('UT').replace(/^WOS:/i, '');
  if (ut) record.wosUt = ut;
  const pmid = one('PM').replace(/^0+(?=\d)/, '');
  if (/^\d+$/.test(pmid) && pmid !== '0') record.pmid = pmid;
  const journal = one('SO');
  if (journal) record.journal = journal;
  const year = parseYear(one('PY')) ?? findYear(one('EA')) ?? findYear(one('PD'));
  if (year !== undefined) record.year = year;
  const tc = count(one('TC'));
  if (tc !== undefined) record.citations = tc;
  return { record };
}

export const wosTxt: TaggedAdapter = {
  kind: 'tagged',
  id: 'wos-txt',
  label: 'Web of Science plain text (Export → Plain text file, Full Record)',
  style: 'wos',
  matchFirstLine(line) {
    return /^(?:FN |VR \d|PT [A-Z]\b)/.test(line) ? 1 : 0;
  },
  begin() {
    return (rec) => {
      const byTag = new Map<string, string[]>();
      for (const f of rec.fields) {
        const list = byTag.get(f.tag) ?? [];
        list.push(...f.values);
        byTag.set(f.tag, list);
      }
      return wosRecord((tag) => byTag.get(tag) ?? [], rec.line);
    };
  },
};

const LIST_TAGS = new Set(['AU', 'AF', 'CA']);

export const wosTsv: DelimitedAdapter = {
  kind: 'delimited',
  id: 'wos-tsv',
  label: 'Web of Science tab-delimited (Export → Tab delimited file)',
  delimiters: ['\t'],
  quoteChar: '\u0000',

  matchHeader(columns) {
    const keys = new Set(columns.map(columnKey));
    const core = ['pt', 'au', 'ti', 'so'].every((k) => keys.has(k));
    return core && (keys.has('ut') || keys.has('py')) ? 0.95 : 0;
  },

  begin(columns, file, headerLine) {
    const c = indexColumns(columns.map((x) => x.replace(/^"|"$/g, '')));
    requireColumn(
      c,
      file,
      headerLine,
      ['ti'],
      'TI',
      'Export the file again from Web of Science as "Tab delimited file"',
    );
    const tags = new Map<string, number>();
    for (const t of [
      'TI',
      'AU',
      'AF',
      'CA',
      'C1',
      'DE',
      'ID',
      'DI',
      'UT',
      'PM',
      'SO',
      'PY',
      'EA',
      'PD',
      'TC',
      'RP',
    ]) {
      const i = c.col(t.toLowerCase());
      if (i >= 0) tags.set(t, i);
    }
    return (fields, line) => {
      // The trailing TAB makes one empty field more than the header names: fine.
      const wide = tooWide(fields, c.width);
      if (wide) return { reject: wide };
      const get: WosFields = (tag) => {
        const v = cell(fields, tags.get(tag) ?? -1);
        if (!v) return [];
        if (LIST_TAGS.has(tag)) return splitList(v);
        if (tag === 'C1')
          return v
            .split(/;\s*(?=\[)/)
            .map(cleanSpace)
            .filter(Boolean);
        return [v];
      };
      return wosRecord(get, line);
    };
  },
};
