// Pure parsing of personal and collective author names as exports write them, and the matching key
// people are resolved by. PubMed CSV bylines look like
//   "Smith J, Doe AB; eMERGE Consortium. Electronic address: x@y.org; eMERGE Consortium."
// i.e. people "Family Initials" separated by commas, collective (group) names introduced by ';',
// sometimes followed by the group's members. Groups are not people. No node:*, no DOM.
import { cleanSpace, foldKey } from './text';
import type { ImportAuthor } from './types';

export interface PersonName {
  family: string;
  given: string;
  initials: string;
  suffix?: string;
}

export interface ParsedByline {
  authors: ImportAuthor[];
  collectives: string[];
  /** Set when the byline names more than MAX_BYLINE_PEOPLE people: parsing stopped there. */
  overflow?: true;
}

/**
 * Most people one byline may name. The longest real bylines hold about 15,000 names (the COVIDSurg
 * and GlobalSurg collaborative papers of 2021); a cell with more is not a paper but a broken file (a
 * quote left open merges the rows after it into one cell) or a pasted list. Readers stop parsing past
 * it and reject the record (bylineTooLong), instead of creating a person per name: a 10 MB cell holds
 * about a million names, which cost a minute and gigabytes to resolve into people.
 */
export const MAX_BYLINE_PEOPLE = 20_000;

/** The rejection reason for a byline over MAX_BYLINE_PEOPLE, naming the field. */
export function bylineTooLong(field: string): string {
  return (
    `${field}: more than ${MAX_BYLINE_PEOPLE.toLocaleString('en-US')} names in one record (the longest real ` +
    'bylines hold about 15,000); most likely a quote left open earlier merged rows into this one: ' +
    'check the quotes on the lines before it'
  );
}

const SUFFIX_RE = /^(?:Jr|Sr|2nd|3rd|4th|5th)\.?$/i;
// "KD", "K.D.", "MDC", "Mİ", "VΑ", "MªH": one upper-case letter, then up to five more.
const INITIALS_RE = /^\p{Lu}\.?(?:[\p{Lu}ªº]\.?){0,5}$/u;
const PARTICLES = new Set([
  'de',
  'da',
  'di',
  'do',
  'dos',
  'das',
  'del',
  'della',
  'der',
  'den',
  'des',
  'du',
  'van',
  'von',
  'la',
  'le',
  'ter',
  'ten',
  'bin',
  'ibn',
  'al',
  'el',
  'zu',
  'y',
  'e',
  'dei',
  'degli',
  'af',
  'av',
]);
// Words that join the parts of a group's name ("Society of ...", "... and Medicine").
const CONNECTORS = new Set(['of', 'and', 'for', 'the', 'with', 'und', 'für', 'pour', '&']);
const COLLECTIVE_WORDS = [
  'consorti\\p{L}*',
  'group\\p{L}*',
  'grupo\\p{L}*',
  'gruppo',
  'team\\p{L}*',
  'collaborat\\p{L}*',
  'colaborador\\p{L}*',
  'committee\\p{L}*',
  'commission',
  'investigators?',
  'network\\p{L}*',
  'societ\\p{L}*',
  'soci[eé]t[eé]',
  'sociedad\\p{L}*',
  'associa\\p{L}*',
  'asociaci\\p{L}*',
  'task ?forces?',
  'working',
  'study',
  'studies',
  'initiative',
  'alliance',
  'council',
  'board',
  'academ\\p{L}*',
  'institut\\p{L}*',
  'cent(?:er|re)s?',
  'universit\\p{L}*',
  'hospital\\p{L}*',
  'department',
  'program\\p{L}*',
  'project',
  'panel',
  'members',
  'registry',
  'foundation',
  'federation',
  'organi[sz]ation',
  'college',
  'surveillance',
  'trials?',
  'coalition',
  'agency',
  'ministry',
  'service\\p{L}*',
  'authors',
  'writing',
  'steering',
  'experts?',
  'editors?',
  'editorial',
  'reviewers',
  'staff',
  'clinic',
  'laborator\\p{L}*',
  'gesellschaft',
  'verband',
  'vereinigung',
  'vorstand',
  'kommission',
  'sektion',
  'chapter',
  'branch',
  'collective',
  'partnership',
  'directorate',
  'behalf',
];
const COLLECTIVE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${COLLECTIVE_WORDS.join('|')})(?![\\p{L}\\p{N}])`,
  'iu',
);
// Not people: "et al.", role words, PubMed's "[No authors listed]", WoS's "[Anonymous]".
const DROP_RE = /^(?:et\.? al\.?|and others|others|editors?|eds?|\[?no authors? listed\]?|\[?anonymous\]?)$/i;
const GROUP_PREFIX_RE =
  /^(?:on\s+behalf\s+(?:of\s+)?|for\s+|from\s+|en\s+representaci[oó]n\s+de[l]?\s+|en\s+nombre\s+de[l]?\s+|im\s+auftrag\s+der\s+)(?:the\s+|la\s+|el\s+)?/i;
const EMAIL_NOTE_RE = /\.?\s*electronic address:\s*[^\s;,]*/gi;
const EMAIL_RE = /[^\s;,()<>]+@[^\s;,()<>]+\.[a-z]{2,}/gi;

/** Cleans one comma-separated piece of a byline: spaces, surrounding quotes and marks, final dots. */
function cleanPiece(p: string): string {
  return cleanSpace(p)
    .replace(/^[\s“”"'‘’«»$*#]+/u, '')
    .replace(/[\s“”"'‘’«»*#:]+$/u, '')
    .replace(/\.+$/, '')
    .trim();
}

/** "KD" from "Kenneth D", "JP" from "Jean-Pierre", "KD" from "K.D." or "KD". */
export function initialsOf(given: string): string {
  let out = '';
  for (const part of given.split(/[\s.\-‐‑–]+/)) {
    if (!part) continue;
    const letters = [...part].filter((c) => /\p{L}/u.test(c));
    if (letters.length === 0) continue;
    // A short all-capitals part is already initials ("KD"); otherwise take its first letter.
    if (letters.length <= 2 && !/\p{Ll}/u.test(part)) out += letters.join('');
    else out += (letters[0] ?? '').toUpperCase();
  }
  return out;
}

/** The key people are matched by for now: folded family name and all initials, e.g. "mandl|kd". */
export function nameKey(family: string, initials: string): string {
  return `${foldKey(family)}|${foldKey(initials).replace(/ /g, '')}`;
}

/** Whether a piece of a byline reads as a group (consortium, committee, society...) and not a person. */
export function looksCollective(s: string): boolean {
  if (/\d/.test(s) || /[()[\]:/]/.test(s)) return true;
  if (COLLECTIVE_RE.test(s)) return true;
  const words = s.split(' ').filter(Boolean);
  if (words.length > 5) return true;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (i > 0 && CONNECTORS.has(w.toLowerCase())) return true;
    if (/^\p{Ll}/u.test(w) && !PARTICLES.has(w)) return true;
  }
  // An acronym of three or more capitals ("GISE", "LANCOVID") with no lower-case letters at all.
  if (!/\p{Ll}/u.test(s) && (s.match(/\p{Lu}/gu)?.length ?? 0) >= 3) return true;
  return false;
}

/**
 * Parses "Family Initials" ("Mandl KD", "de Souto Barreto P", "Upadhyaya C.P.", "Smith JA Jr").
 * Returns null when the text is not of that shape or names a group.
 */
export function parseFamilyInitials(text: string): PersonName | null {
  const words = text.split(' ').filter(Boolean);
  let suffix: string | undefined;
  const lastWord = words[words.length - 1];
  if (words.length >= 3 && lastWord && SUFFIX_RE.test(lastWord)) {
    suffix = lastWord.replace(/\.$/, '');
    words.pop();
  }
  if (words.length < 2 || words.length > 6) return null;
  const initialsWord = words[words.length - 1] ?? '';
  if (!INITIALS_RE.test(initialsWord)) return null;
  const family = words.slice(0, -1).join(' ');
  if (/\d/.test(family) || !/\p{L}/u.test(family) || COLLECTIVE_RE.test(family)) return null;
  const initials = initialsWord.replace(/\./g, '');
  const name: PersonName = { family, given: initials, initials };
  if (suffix) name.suffix = suffix;
  return name;
}

function stripEmails(s: string): string {
  return s.replace(EMAIL_NOTE_RE, '').replace(EMAIL_RE, '');
}

/**
 * Parses a PubMed-style byline into people (in order) and collective names. E-mail notes
 * ("Electronic address: x@y.org"), "et al." and role words ("editors") are dropped; a group's
 * name may contain commas ("French Society of Otorhinolaryngology, Head, Neck Surgery (SFORL)").
 */
export function parsePubmedAuthors(byline: string | undefined | null): ParsedByline {
  const authors: ImportAuthor[] = [];
  const collectives: string[] = [];
  if (!byline) return { authors, collectives };
  const seenGroups = new Set<string>();

  const addGroup = (parts: string[]): void => {
    const name = cleanPiece(parts.join(', ').replace(GROUP_PREFIX_RE, ''));
    const key = foldKey(name);
    if (!key || seenGroups.has(key)) return;
    seenGroups.add(key);
    collectives.push(name);
  };
  const addPerson = (raw: string, name: PersonName | null): void => {
    if (name) authors.push({ raw, family: name.family, given: name.given, initials: name.initials });
    // A name PubMed could not split (single names such as "Sakshi", or given-first "Safoura Javan").
    else authors.push({ raw, family: raw, given: '', initials: '' });
  };

  const segments = stripEmails(byline).split(';');
  let overflow = false;
  segments.forEach((segment, si) => {
    if (overflow) return;
    let open: string[] | null = null;
    const flush = (): void => {
      if (open) addGroup(open);
      open = null;
    };
    // Pieces are cleaned one by one, so a huge cell stops costing once it is over the limit.
    let pi = -1;
    for (const rawPiece of segment.split(',')) {
      if (authors.length > MAX_BYLINE_PEOPLE) {
        overflow = true;
        break;
      }
      const piece = cleanPiece(rawPiece);
      if (!piece || DROP_RE.test(piece)) continue;
      pi++;
      // "COVID Support Team: Pawar S" names a group, then its first member.
      const colon = piece.indexOf(':');
      if (colon > 0) {
        const member = cleanPiece(piece.slice(colon + 1));
        const memberName = member ? parseFamilyInitials(member) : null;
        if (memberName) {
          flush();
          addGroup([piece.slice(0, colon)]);
          addPerson(member, memberName);
          continue;
        }
      }
      const person = parseFamilyInitials(piece);
      if (person) {
        flush();
        addPerson(piece, person);
        continue;
      }
      if (open) {
        (open as string[]).push(piece);
        continue;
      }
      // After ';' PubMed starts a collective name; before it, only group-like text is one.
      if ((si > 0 && pi === 0) || looksCollective(piece)) {
        open = [piece];
        continue;
      }
      addPerson(piece, null);
    }
    flush();
  });
  if (overflow || authors.length > MAX_BYLINE_PEOPLE) return { authors, collectives, overflow: true };
  return { authors, collectives };
}

/** Normalises an ORCID iD ("ORCID: 0000-0002-1825-0097", "https://orcid.org/...") or undefined. */
export function normalizeOrcid(raw: string | undefined | null): string | undefined {
  const m = /(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])/i.exec(raw ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}-${(m[4] as string).toUpperCase()}` : undefined;
}

function person(raw: string, family: string, given: string): ImportAuthor {
  return { raw, family, given, initials: initialsOf(given) };
}

/**
 * Parses "Family, Given" as Scopus, WoS, Dimensions and MEDLINE FAU write it ("Xiao, Yu",
 * "Lai, I-Tzu", "Woyach, Jennifer A", "Grey, C.P."); a name without a comma is tried as
 * "Family Initials" ("Hahn W.", "Eckardt J.-N.") and else kept whole as the family name.
 */
export function parseCommaName(text: string): ImportAuthor | null {
  const raw = cleanPiece(text);
  if (!raw || DROP_RE.test(raw)) return null;
  const comma = raw.indexOf(',');
  if (comma > 0) {
    const family = cleanSpace(raw.slice(0, comma));
    let given = cleanSpace(raw.slice(comma + 1));
    given = given.replace(/,?\s*(?:Jr|Sr|II|III|IV)\.?$/i, '').trim();
    if (family) return person(raw, family, given);
  }
  const fi = parseFamilyInitials(raw.replace(/(\p{Lu})\.-(\p{Lu})/gu, '$1$2'));
  if (fi) return { raw, family: fi.family, given: fi.given, initials: fi.initials };
  return { raw, family: raw, given: '', initials: '' };
}

/** Parses a given-first name ("John A. Smith", "Smith, John A., MD") as registries write it. */
export function parseGivenFirstName(text: string): ImportAuthor | null {
  let raw = cleanSpace(text)
    .replace(/^(?:dr|prof|professor|mr|mrs|ms)\.?\s+/i, '')
    .replace(/,\s*(?:md|phd|mph|msc|ms|do|mbbs|frcp|facc|rn|pharmd|dm|dnb|mba)\b.*$/i, '')
    .trim();
  if (!raw || DROP_RE.test(raw)) return null;
  if (raw.includes(',')) return parseCommaName(raw);
  raw = cleanPiece(raw);
  const words = raw.split(' ').filter(Boolean);
  if (words.length === 1) return { raw, family: raw, given: '', initials: '' };
  // Particles belong to the family name: "Ludwig van Beethoven" → "van Beethoven".
  let i = words.length - 1;
  while (i > 1 && PARTICLES.has((words[i - 1] ?? '').toLowerCase())) i--;
  return person(raw, words.slice(i).join(' '), words.slice(0, i).join(' '));
}

/** "SMITH" → "Smith", "MCDONALD-JONES" → "Mcdonald-Jones": for sources that shout names. */
export function titleCaseName(s: string): string {
  if (/\p{Ll}/u.test(s)) return s;
  return s
    .toLowerCase()
    .replace(/(^|[\s'\-‐])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
