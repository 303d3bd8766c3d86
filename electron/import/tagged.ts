// Streaming reader of tagged plain-text exports: Web of Science ("AU Smith, J" with 3-space
// continuation lines, records ending "ER", optional FN/VR header and EF trailer) and PubMed MEDLINE /
// .nbib ("FAU - Smith, John" with 6-space continuations, records starting at "PMID-", separated by
// blank lines). Keeps one record in memory at a time and reports each with the physical line it starts
// on. Lines that fit no tag inside a record are kept as continuations: nothing is dropped silently.
import type { TaggedField, TaggedRecord } from './adapters/types';
import { detach } from './source';

export interface TaggedOptions {
  style: 'wos' | 'medline';
}

const WOS_TAG = /^([A-Z][A-Z0-9])(?: (.*)|)$/;
const MEDLINE_TAG = /^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$/;
const WOS_FILE_TAGS = new Set(['FN', 'VR', 'EF']);

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

  const flush = (): void => {
    if (current && current.fields.length > 0) {
      const lines = rawLines;
      onRecord(current, () => lines.join('\n'));
    }
    current = null;
    field = null;
    rawLines = [];
  };

  const handle = (text: string): void => {
    lineNo++;
    const line = text.replace(/\s+$/, '');
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
  flush();
  return lineNo;
}
