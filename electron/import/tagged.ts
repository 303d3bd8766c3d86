// Streaming reader of tagged plain-text exports: Web of Science ("AU Smith, J" with 3-space
// continuation lines, records ending "ER", optional FN/VR header and EF trailer) and PubMed MEDLINE /
// .nbib ("FAU - Smith, John" with 6-space continuations, records starting at "PMID-", separated by
// blank lines). Keeps one record in memory at a time and reports each with the physical line it starts
// on. Lines that fit no tag inside a record are kept as continuations: nothing is dropped silently.
// A file that ends inside a record was cut off: that record is marked, so it is rejected instead of
// stored without its last fields. WoS records end with ER; MEDLINE records have no end line, but
// PubMed writes SO last in every record, so a last record without the tag all others end with is cut.
import type { TaggedField, TaggedRecord } from './adapters/types';
import { detach } from './source';

export interface TaggedOptions {
  style: 'wos' | 'medline';
}

const WOS_TAG = /^([A-Z][A-Z0-9])(?: (.*)|)$/;
const MEDLINE_TAG = /^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$/;
const WOS_FILE_TAGS = new Set(['FN', 'VR', 'EF']);
/**
 * "EF" or "ER" glued to the next part's first line: WoS writes its last line (EF) without a line end,
 * so exports joined with `cat a.txt b.txt` have "EFFN Clarivate Analytics Web of Science" (after the
 * BOM between them is dropped).
 */
const WOS_GLUED = /^(EF|ER)(?=(?:FN|VR|PT) )/;

/** Calls onRecord for each record of `chunks` (LF line ends), in order; returns lines read. */
export async function readTagged(
  chunks: AsyncIterable<string>,
  options: TaggedOptions,
  onRecord: (record: TaggedRecord, raw: () => string) => void,
): Promise<number> {
  const wos = options.style === 'wos';
  let current: TaggedRecord | null = null;
  let rawLines: string[] = [];
  let field: TaggedField | null = null;
  let lineNo = 0;
  // Whether a WoS record has ended with ER yet: then a last record without one was cut off.
  let erSeen = false;
  // MEDLINE: the tag every record so far ended with (undefined before the first, null once they differ).
  let endTag: string | null | undefined;

  const flush = (atEnd = false): void => {
    if (current && current.fields.length > 0) {
      const rec = current as TaggedRecord;
      const fields = rec.fields;
      const last = (field as TaggedField | null)?.tag ?? '';
      if (wos) {
        if (atEnd && erSeen) rec.cut = { field: last, missing: 'no ER line closes it' };
      } else if (atEnd && endTag && !fields.some((f) => f.tag === endTag)) {
        rec.cut = { field: last, missing: `it has no ${endTag} field, which ends every other record` };
      } else {
        const tag = fields[fields.length - 1]?.tag;
        endTag = endTag === undefined || endTag === tag ? (tag ?? null) : null;
      }
      const lines = rawLines;
      onRecord(current, () => lines.join('\n'));
    }
    current = null;
    field = null;
    rawLines = [];
  };

  const handle = (text: string, sameLine = false): void => {
    if (!sameLine) lineNo++;
    const line = text.replace(/\s+$/, '');
    const glued = wos ? WOS_GLUED.exec(line) : null;
    if (glued) {
      handle(glued[1] as string, true);
      handle(line.slice(2), true);
      return;
    }
    if (!line.trim()) {
      // MEDLINE separates records by blank lines; WoS records end at ER (a blank line changes nothing).
      if (!wos) flush();
      return;
    }
    const m = wos ? WOS_TAG.exec(line) : /^\S/.test(line) ? MEDLINE_TAG.exec(line) : null;
    if (m) {
      const tag = m[1] as string;
      const value = (m[2] ?? '').trim();
      if (wos) {
        if (WOS_FILE_TAGS.has(tag)) {
          flush();
          return;
        }
        if (tag === 'ER') {
          erSeen = true;
          if (current) rawLines.push(line);
          flush();
          return;
        }
        if (tag === 'PT' && current) flush();
      } else if (tag === 'PMID' && current) {
        flush();
      }
      if (!current) current = { line: lineNo, fields: [] };
      rawLines.push(line);
      field = { tag, line: lineNo, values: value ? [value] : [] };
      (current as TaggedRecord).fields.push(field);
      return;
    }
    // A continuation (indented) line, or text that fits no tag: part of the field before it.
    if (!current || !field) {
      current ??= { line: lineNo, fields: [] };
      field = { tag: '', line: lineNo, values: [] };
      (current as TaggedRecord).fields.push(field);
    }
    rawLines.push(line);
    (field as TaggedField).values.push(line.trim());
  };

  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      handle(detach(text.slice(start, nl)));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  if (rest) handle(detach(rest));
  flush(true);
  return lineNo;
}
