// Adapter for PubMed MEDLINE text and .nbib files (the same format): FAU/AU people in byline order
// with their AD affiliations and AUID ORCID iDs, CN group authors (kept apart from people), IR/FIR
// investigators (not authors: their AD lines are not given to the last author), MH MeSH headings,
// OT keywords, LID/AID DOI, DP year, JT/TA journal, CRDT/EDAT creation date. LF or CRLF.
import { parseAffiliation } from '../../../shared/formats/affiliations';
import { findYear, parseDate } from '../../../shared/formats/dates';
import {
  bylineTooLong,
  MAX_BYLINE_PEOPLE,
  normalizeOrcid,
  parseCommaName,
  parseFamilyInitials,
} from '../../../shared/formats/names';
import { cleanSpace, normalizeDoi } from '../../../shared/formats/text';
import type { ImportAuthor, ImportRecord } from '../../../shared/formats/types';
import { uniq } from './common';
import type { TaggedAdapter } from './types';

export const medline: TaggedAdapter = {
  kind: 'tagged',
  id: 'medline',
  label: 'PubMed MEDLINE / .nbib (PubMed: Save → Format: PubMed)',
  style: 'medline',
  matchFirstLine(line) {
    return /^PMID- ?\d/.test(line) ? 1 : 0;
  },
  begin() {
    return (rec) => {
      let pmid = '';
      let title = '';
      let journal = '';
      let jt = '';
      let dp = '';
      let created = '';
      let doi: string | undefined;
      const authors: ImportAuthor[] = [];
      const affs: string[][] = [];
      const collectives: string[] = [];
      const mesh: string[] = [];
      const keywords: string[] = [];
      // Who the next AD / AUID lines belong to: the last author, or an investigator (ignored).
      let owner: 'author' | 'other' = 'other';
      let pendingFull = false;
      for (const f of rec.fields) {
        const v = cleanSpace(f.values.join(' '));
        switch (f.tag) {
          case 'PMID':
            pmid = v;
            break;
          case 'TI':
            title = v;
            break;
          case 'TA':
            journal ||= v;
            break;
          case 'JT':
            jt = v;
            break;
          case 'DP':
            dp = v;
            break;
          case 'CRDT':
          case 'EDAT':
            created ||= v;
            break;
          case 'LID':
          case 'AID':
            if (/\[doi\]/i.test(v)) doi ??= normalizeDoi(v.replace(/\s*\[doi\]/i, ''));
            break;
          case 'FAU': {
            const a = parseCommaName(v);
            if (a) {
              authors.push(a);
              affs.push([]);
              owner = 'author';
              pendingFull = true;
            } else owner = 'other';
            break;
          }
          case 'AU': {
            if (pendingFull) {
              const last = authors[authors.length - 1];
              if (last && v) last.raw = v;
              pendingFull = false;
              break;
            }
            const fi = parseFamilyInitials(v);
            authors.push(
              fi
                ? { raw: v, family: fi.family, given: fi.given, initials: fi.initials }
                : { raw: v, family: v, given: '', initials: '' },
            );
            affs.push([]);
            owner = 'author';
            break;
          }
          case 'AD':
            if (owner === 'author' && v) affs[affs.length - 1]?.push(v);
            break;
          case 'AUID': {
            const orcid = /orcid/i.test(v) ? normalizeOrcid(v) : undefined;
            const last = authors[authors.length - 1];
            if (owner === 'author' && orcid && last) last.orcid = orcid;
            break;
          }
          case 'CN':
            if (v) collectives.push(v);
            owner = 'other';
            pendingFull = false;
            break;
          case 'IR':
          case 'FIR':
          case 'IRAD':
            owner = 'other';
            pendingFull = false;
            break;
          case 'MH':
            if (v) mesh.push(v);
            break;
          case 'OT':
            if (v) keywords.push(v);
            break;
          default:
            break;
        }
      }
      if (!pmid || !/^\d+$/.test(pmid))
        return { reject: `PMID "${pmid.slice(0, 40)}" is not a number (field PMID)` };
      if (!title) return { reject: 'no title (field TI)' };
      if (authors.length > MAX_BYLINE_PEOPLE) return { reject: bylineTooLong('FAU / AU') };
      affs.forEach((list, i) => {
        const a = authors[i];
        if (!a || list.length === 0) return;
        a.affiliation = list.join('; ');
        // A first AD that is only a department ("Division of X, and.") is a fragment of the next.
        const inst =
          parseAffiliation(list[0]) ?? (list.length > 1 ? parseAffiliation(a.affiliation) : undefined);
        if (inst) a.institution = inst;
      });
      const record: ImportRecord = {
        line: rec.line,
        pmid: pmid.replace(/^0+(?=\d)/, ''),
        title,
        keywords: uniq(keywords),
        mesh: uniq(mesh),
        authors,
      };
      if (doi) record.doi = doi;
      const j = jt || journal;
      if (j) record.journal = j;
      const year = findYear(dp);
      if (year !== undefined) record.year = year;
      const date = parseDate(created);
      if (date) record.createDate = date;
      if (collectives.length) record.collectives = uniq(collectives);
      return { record };
    };
  },
};
