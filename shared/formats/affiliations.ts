// Pure parsing of free-text affiliation strings as exports write them (MEDLINE AD, Scopus "Authors
// with affiliations", WoS C1, Dimensions raw affiliations, trial locations, affiliation CSVs) into an
// institution, a department, a city, a region (ISO 3166-2, e.g. a US state) and a country (ISO 3166-1
// alpha-2), plus a matching key under which spellings of one institution meet ("Dana Farber Canc
// Inst" / "Dana-Farber Cancer Institute"). Country and region names come from data packages
// (./places.ts). No node:*, no DOM.
//
// Rules, in order:
// - E-mails ("Electronic address: x@y", bare addresses) and the "[1] ... [2] ..." numbering are removed.
// - Several affiliations in one string: the FIRST is parsed (the adapters take it as the author's
//   institution). MEDLINE and Dimensions separate them with ';', Scopus with ',' after each country:
//   the first part (past the first) that names a country ends the first affiliation, unless the next
//   part is itself a place ("Lebanon, NH, USA" is a city). When the first affiliation names no place
//   at all ("Department of Pathology; and ..."), the country and region of the next one are used.
// - The country is a part naming a country ("Peoples R China", "Kingdom of Saudi Arabia"), possibly
//   after postcodes and a state code ("TX 75390 USA", "UP India"); failing that, a last part that is a
//   US state or Canadian province by name or code ("Columbus, Ohio", "Buffalo, NY 14263").
// - The region is the part before the country when it names a subdivision of that country ("Ontario",
//   "BC V5Z 1M9", "Guangdong"), the code before a WoS "USA", a code after a city ("La Jolla CA"), or for
//   China a province-level city ("Beijing 100871").
// - The city is the part before the region (or before the country), without postcodes, when it does
//   not read as an institution, a department or a street.
// - The institution is the first part naming a university, hospital, clinic or company, else the first
//   proper-named institute or centre ("Roswell Park Cancer Institute", not "Institute of Genetics"),
//   else the first part that is not a department; the department is the first department-like part.
import {
  countryByName,
  countryCode,
  northAmericanRegion,
  REGION_CODE_COUNTRIES,
  regionOf,
  regionOfCountryName,
} from './places';
import { cleanSpace, foldKey } from './text';
import type { ImportInstitution } from './types';

/** Everything parseAffiliation reads from one affiliation. */
export interface ParsedAffiliation {
  institution: string;
  department?: string;
  city?: string;
  /** ISO 3166-2 subdivision code without the country prefix ("MA", "ON", "GD"). */
  region?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** institutionMatchKey(institution). */
  key: string;
}

interface Place {
  country: string;
  region?: string;
  /**
   * The US state or Canadian province that the same words name ("Georgia": the country GE and the
   * state US-GA); locate() decides between the two from the rest of the affiliation.
   */
  namesake?: Place;
}

/** Options of parseAffiliation for what an export's format guarantees. */
export interface AffiliationOptions {
  /**
   * The export ends every affiliation with its country (WoS C1 "USA", Scopus "United States"): a last
   * part that names both a country and a US state ("Tbilisi, Georgia") is the country.
   */
  countryWritten?: boolean;
}

/** A US ZIP code ("30322", "30322-4950"). */
const US_ZIP = /(?:^|\s)\d{5}(?:-\d{4})?(?=\s|$)/;

const EMAIL = /[^\s,;:()<>[\]]+@[^\s,;:()<>[\]]+\.[a-z]{2,}\b\.?/gi;
const EMAIL_LEAD =
  /\b(?:electronic address|e-?mail(?: address)?|correspondence to|contact)\s*:?\s*(?=[^\s@]+@)/gi;
/** A token holding a digit: a postcode or a street number ("310058", "V5Z", "PL-02507", "A-1090"). */
const DIGIT_TOKEN = /(?:^|\s)[^\s]*\d[^\s]*(?=\s|$)/g;
const CEDEX = /\bcedex\b/gi;
/** Company-form parts that belong to the name before them ("H3 Biomedicine, Inc."). */
// Two-letter forms (AB, AG, SA) are left out: they are also region codes (Alberta, South Australia).
const COMPANY_FORM = /^(?:inc|ltd|llc|plc|gmbh|srl|s r ?l|s r o|spa|co|corp|pvt ltd|pty ltd)$/;

const TIER1 =
  /\b(?:univ\w*|universi\w*|hosp\w*|h[oô]pital\w*|ospedal\w*|klinikum|clinic|clinics|klinik|clinica|policlinico|medical cent(?:er|re)|med ctr|inc|ltd|llc|gmbh|corp\w*|company|pharmaceuticals?)\b/i;
const TIER2 =
  /\S\s+(?:inst\w*|cent(?:er|re|ro)|ctr|zentrum|found\w*|fdn|acad\w*|coll(?:ege)?|sch(?:ool)?|lab\w*|network|agency|council|ministry|organi[sz]ation)\b/i;
const DEPT_START =
  /^(?:the )?(?:dep(?:t|artment|artement|artamento|artment)?|dipartimento|div(?:ision)?|section|sect|service|servicio|servizio|unit|lab(?:orator(?:y|ies))?|program(?:me)?|faculty|fac|school of|sch |college of|coll |grad(?:uate)? sch(?:ool)?|chair|(?:state )?key lab\w*|klinik f[uü]r|abteilung)\b/i;
const DEPT_END = /\b(?:department|dept|division|div|unit|service|section|program|laboratory)$/i;
const STREET =
  /\b(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|way|building|bldg|room|floor|fl|suite|box|bp|vej|strasse|stra[sß]e|via|rua|calle|avda|av|campus|postbus|casilla)\b/i;

/** A street address part ("Medical Center Boulevard", "320 West 10th Avenue"). */
const STREET_PART = /^\d|\b(?:street|avenue|road|boulevard|blvd|drive|lane|straße|strasse)$/i;

function stripEmails(text: string): string {
  return text.replace(EMAIL_LEAD, '').replace(EMAIL, ' ');
}

/** The text of a part without postcodes and "Cedex" ("Hangzhou 310058" → "Hangzhou"). */
function withoutPostcodes(part: string): string {
  return cleanSpace(part.replace(DIGIT_TOKEN, ' ').replace(CEDEX, ' '));
}

/**
 * A country named by one part: its name, or "<codes> <name>" ("TX USA" after postcodes, "UP India");
 * with `loose` (the last part of an affiliation), also "<place> <name>" ("Cleveland, Ohio USA",
 * "Osaka 565-0871 Japan", "Gujarat India").
 */
function countryOfPart(part: string, loose = false): Place | undefined {
  const s = withoutPostcodes(part)
    .replace(/\s*\([^)]*\)$/, '')
    .replace(/\.$/, '');
  if (!s) return undefined;
  const whole = countryByName(s, loose);
  // A state's full name is that state, never "<place> <country>" ("New Mexico", "New Jersey").
  const state = /^[A-Z]{2,3}$/.test(s) ? undefined : northAmericanRegion(s);
  if (whole) {
    const region = regionOfCountryName(whole, s);
    const place: Place = region ? { country: whole, region } : { country: whole };
    if (state && state.country !== whole) place.namesake = state;
    return place;
  }
  if (state) return undefined;
  const words = s.split(' ');
  for (let k = 1; k <= 2 && k < words.length; k++) {
    const codes = words.slice(0, k);
    if (!codes.every((w) => /^[A-Z]{2,3}$/.test(w))) break;
    const country = countryByName(words.slice(k).join(' '));
    if (!country) continue;
    const region = regionOf(country, codes[codes.length - 1] as string);
    return region ? { country, region } : { country };
  }
  if (loose && isCityLike(s)) {
    for (let k = Math.max(1, words.length - 3); k < words.length; k++) {
      const country = countryByName(words.slice(k).join(' '), true);
      if (!country) continue;
      const region = regionOf(country, words.slice(0, k).join(' '));
      return region ? { country, region } : { country };
    }
  }
  return undefined;
}

/** A US state or Canadian province standing for its country ("Ohio", "NY 14263", "ON"). */
function stateOfPart(part: string): Place | undefined {
  return northAmericanRegion(withoutPostcodes(part).replace(/\.$/, ''));
}

/**
 * Does a part naming `place` end the affiliation although `next` follows? Not when `next` is a region
 * ("Lebanon, NH, USA"), the same country ("Panama, Panama") or a country that has `part` as a region
 * ("Atlanta, Georgia, USA"); yes otherwise (Scopus's next affiliation; "Hong Kong SAR, China").
 */
function endsAffiliation(part: string, place: Place, next: string): boolean {
  if (stateOfPart(next)) return false;
  const after = countryOfPart(next);
  if (!after) return true;
  if (after.country === place.country) return false;
  // A territory with a country code of its own that is also listed as a region of the next country
  // (Hong Kong: HK and CN-HK) is that territory; a mere namesake (Georgia: GE and US-GA) is the region.
  const asRegion = regionOf(after.country, withoutPostcodes(part));
  return asRegion === undefined || asRegion === place.country;
}

function isDepartment(part: string): boolean {
  return DEPT_START.test(part) || DEPT_END.test(part);
}

function isCityLike(part: string): boolean {
  const s = withoutPostcodes(part);
  return (
    s.length > 1 &&
    s.length <= 40 &&
    /\p{L}/u.test(s) &&
    !TIER1.test(s) &&
    !TIER2.test(s) &&
    !/\b(?:inst\w*|cent(?:er|re)|ctr|zentrum)\b/i.test(s) &&
    !isDepartment(s) &&
    !STREET.test(s)
  );
}

/** Splits one affiliation into comma parts, company forms kept with the name before them. */
function commaParts(text: string): string[] {
  const parts: string[] = [];
  for (const raw of text.split(',')) {
    const p = cleanSpace(raw).replace(/^[\s.;:]+|[\s.;:]+$/g, '');
    if (!p || !/[\p{L}\p{N}]/u.test(p)) continue;
    if (parts.length > 0 && COMPANY_FORM.test(foldKey(p))) parts[parts.length - 1] += `, ${p}`;
    else parts.push(p);
  }
  return parts;
}

/**
 * A part that names both a country and a US state or Canadian province ("Georgia"): the country when
 * the part before it is one of that country's regions ("Tbilisi, Georgia") or the export always writes
 * the country; the state when a US ZIP code follows the name ("Atlanta, Georgia 30322") or nothing
 * says otherwise (affiliations that leave the country out are North American: "Atlanta, Georgia.").
 * A country written after it ("Atlanta, Georgia, USA") is read by endsAffiliation() before this.
 */
function resolveNamesake(parts: string[], at: number, place: Place, opts: AffiliationOptions): Place {
  const state = place.namesake;
  if (!state) return place;
  const { namesake: _, ...country } = place;
  if (US_ZIP.test(parts[at] as string)) return state;
  const prev = parts[at - 1];
  if (prev !== undefined && regionOf(country.country, withoutPostcodes(prev)) !== undefined) return country;
  return opts.countryWritten ? country : state;
}

/** Where the place of an affiliation's parts is: the index of the country part and the place. */
function locate(
  parts: string[],
  opts: AffiliationOptions = {},
): { at: number; place: Place; stateOnly: boolean } | undefined {
  for (let i = 1; i < parts.length; i++) {
    const place = countryOfPart(parts[i] as string);
    if (!place) continue;
    const next = parts[i + 1];
    if (next !== undefined && !endsAffiliation(parts[i] as string, place, next)) continue;
    return { at: i, place: resolveNamesake(parts, i, place, opts), stateOnly: false };
  }
  if (parts.length === 1) {
    const place = countryOfPart(parts[0] as string);
    if (place) return { at: 0, place: resolveNamesake(parts, 0, place, opts), stateOnly: false };
  }
  const last = parts.length - 1;
  if (last >= 1) {
    const place = countryOfPart(parts[last] as string, true);
    if (place) return { at: last, place: resolveNamesake(parts, last, place, opts), stateOnly: true };
  }
  // No country written: a US state or Canadian province at the end ("Columbus, Ohio").
  for (let i = parts.length - 1; i >= 1 && i >= parts.length - 2; i--) {
    const place = stateOfPart(parts[i] as string);
    if (place) return { at: i, place, stateOnly: true };
  }
  return undefined;
}

/**
 * Countries where a part naming a first-level region can stand for the city's region. Elsewhere
 * (Bulgaria's provinces, the UK's councils, Japan's prefectures) such names are usually the city.
 */
const CITY_REGION_COUNTRIES: ReadonlySet<string> = new Set(['US', 'CA', 'AU', 'CN']);

/** Reads city and region from the parts before the country part (`before`). */
function cityAndRegion(
  before: string[],
  country: string | undefined,
  region: string | undefined,
): { city?: string; region?: string; used: number } {
  // Postcode-only parts ("70112") carry nothing here.
  const idx = before.map((_, i) => i).filter((i) => withoutPostcodes(before[i] as string) !== '');
  let cityAt = idx[idx.length - 1];
  let regionPart: number | undefined;
  if (country && !region && cityAt !== undefined && cityAt >= 1) {
    const last = withoutPostcodes(before[cityAt] as string);
    const prev = idx[idx.length - 2];
    const r = regionOf(country, last);
    if (r && prev !== undefined && prev >= 1 && isCityLike(before[prev] as string)) {
      region = r;
      regionPart = cityAt;
      cityAt = prev;
    } else if (r && CITY_REGION_COUNTRIES.has(country)) {
      // A city that is a region of its own: Beijing, Shanghai; New York; or a lone state ("Texas").
      region = r;
    }
  }
  let city: string | undefined;
  if (cityAt !== undefined && cityAt >= 0) {
    let c = withoutPostcodes(before[cityAt] as string).replace(/\.$/, '');
    // "La Jolla CA": a state code after the city.
    const m = /^(.+?) ([A-Z]{2,3})$/.exec(c);
    if (m && country && REGION_CODE_COUNTRIES.has(country)) {
      const r = regionOf(country, m[2] as string);
      if (r) {
        region ??= r;
        c = m[1] as string;
      }
    }
    if (isCityLike(c) && (cityAt > 0 || before.length === 1)) city = c;
  }
  const used = regionPart ?? (city !== undefined ? cityAt : undefined) ?? before.length;
  const out: { city?: string; region?: string; used: number } = { used };
  if (city) out.city = city;
  if (region) out.region = region;
  return out;
}

/** Picks the institution and the department among the parts before the city. */
function institutionAndDepartment(parts: string[]): { institution: string; department?: string } {
  const named = parts.filter((p) => !STREET_PART.test(p));
  const institution =
    named.find((p) => TIER1.test(p) && !DEPT_START.test(p)) ??
    named.find((p) => TIER2.test(p) && !isDepartment(p)) ??
    named.find((p) => !isDepartment(p)) ??
    parts[0] ??
    '';
  const department = parts.find((p) => p !== institution && isDepartment(p));
  return department ? { institution, department } : { institution };
}

/** The affiliations of one string, numbering and e-mails removed. */
function affiliationTexts(text: string): string[] {
  const t = stripEmails(cleanSpace(text)).replace(/^\s*\[?\d{1,2}\]\s*/, '');
  return t
    .split(/\s*;\s*|\s*\[\d{1,2}\]\s*/)
    .map((s) =>
      cleanSpace(s)
        .replace(/^(?:and|&)\b\s*/i, '')
        .replace(/[\s,.;:]+(?:and)?[\s,.;:]*$/i, ''),
    )
    .filter((s) => /\p{L}{2}/u.test(s));
}

/**
 * Everything one affiliation string says: institution, department, city, region, country, and the
 * institution's matching key. Undefined when the text is empty or only an e-mail.
 *
 * A first affiliation that names only departments and no place is a fragment of the next one
 * (PubMed cuts "Division of X, College of Y, and Department of Z, Univ W, City, ST" into
 * "Division of X, College of Y, and." and "Department of Z, Univ W, City, ST"): the institution and
 * place are the next affiliation's that names an organisation, the department stays the first's.
 */
export function parseAffiliationDetail(
  text: string | undefined | null,
  opts: AffiliationOptions = {},
): ParsedAffiliation | undefined {
  if (!text) return undefined;
  const texts = affiliationTexts(text);
  const first = texts[0];
  if (!first) return undefined;
  const own = parseOne(first, opts);
  if (!own) return undefined;
  if (own.country) return own;
  const orgless = isDepartment(own.institution) && !own.city;
  // An affiliation that names no place: the next one's country ("Department of X; and Univ Y, Z, USA").
  for (const next of texts.slice(1)) {
    const other = parseOne(next, opts);
    if (!other) continue;
    if (orgless && !isDepartment(other.institution)) {
      const department = own.institution;
      const { department: _, ...rest } = other;
      return { ...rest, department };
    }
    if (other.country && !own.country) {
      own.country = other.country;
      if (other.region) own.region = other.region;
      else delete own.region;
      if (!orgless) return own;
    }
  }
  return own;
}

/** parseAffiliationDetail of one affiliation (no ';'). */
function parseOne(first: string, opts: AffiliationOptions): ParsedAffiliation | undefined {
  const parts = commaParts(first);
  if (parts.length === 0) return undefined;
  const found = locate(parts, opts);
  const country = found?.place.country;
  // The parts of the affiliation before its place.
  const own = found ? parts.slice(0, found.at) : parts;
  const cr = cityAndRegion(found?.stateOnly ? parts.slice(0, found.at) : own, country, found?.place.region);
  const region = cr.region;
  const body = own.slice(0, Math.max(1, cr.used));
  const { institution, department } = institutionAndDepartment(body);
  const out: ParsedAffiliation = { institution, key: institutionMatchKey(institution) };
  if (department) out.department = department;
  if (cr.city && cr.city !== institution) out.city = cr.city;
  if (region) out.region = region;
  if (country) out.country = country;
  return out;
}

/**
 * The institution named by one affiliation (the first when several are given), with city, region and
 * country when the text gives them. Undefined when the text is empty or only an e-mail.
 */
export function parseAffiliation(
  text: string | undefined | null,
  opts: AffiliationOptions = {},
): ImportInstitution | undefined {
  const d = parseAffiliationDetail(text, opts);
  if (!d) return undefined;
  // A department alone ("Division of Hematology.") names no institution and no place to file the
  // person under: it would only hide the institution their other papers name.
  if (isDepartment(d.institution) && !d.city && !d.region && !d.country) return undefined;
  const inst: ImportInstitution = { name: d.institution };
  if (d.city) inst.city = d.city;
  if (d.region) inst.region = d.region;
  if (d.country) inst.country = d.country;
  return inst;
}

/**
 * ISO alpha-2 code for a country as exports and CSVs write it in a country field: what countryCode
 * reads (a name in English or the exporters' own languages, "Peoples R China", "Türkiye", or an ISO
 * alpha-2 or alpha-3 code), a WoS US line ("CA 92350 USA"), or a US state or Canadian province alone
 * ("Ohio").
 */
export function countryOfText(text: string): string | undefined {
  const t = cleanSpace(text).replace(/\.$/, '');
  const code = countryCode(t, true);
  // Two or three letters that are no country code are not read as a state code ("AB") either.
  if (code || /^[A-Za-z]{2,3}$/.test(t)) return code ?? undefined;
  return countryOfPart(t)?.country ?? stateOfPart(t)?.country;
}

// Words of institution names → one canonical form, so full and abbreviated (WoS) spellings meet.
const CANONICAL: Record<string, string> = {};
for (const [canon, words] of Object.entries({
  univ: 'univ university universities universite universita universitat universidad universidade universiteit universitet uniwersytet universitaet',
  hosp: 'hosp hospital hospitals hopital hopitaux ospedale hospitalier',
  inst: 'inst institute institutes institut instituto istituto',
  canc: 'canc cancer',
  ctr: 'ctr center centre centro zentrum centers centres',
  med: 'med medical medicine medicina medizin medizinische',
  sch: 'sch school',
  coll: 'coll college',
  dept: 'dept department departement departamento dipartimento',
  div: 'div division',
  sci: 'sci science sciences',
  res: 'res research',
  natl: 'natl national nacional nazionale nationale',
  hlth: 'hlth health',
  technol: 'technol technology technological tech',
  lab: 'lab labs laboratory laboratories',
  fdn: 'fdn foundation fundacion fondazione',
  acad: 'acad academy',
  assoc: 'assoc association',
  clin: 'clin clinic clinical clinics clinica',
  child: 'child children childrens',
  gen: 'gen general',
  mem: 'mem memorial',
  reg: 'reg regional',
  int: 'int intl international',
  affil: 'affil affiliated',
  tradit: 'tradit traditional',
  pharm: 'pharm pharmacy pharmaceutical pharmaceut',
  biol: 'biol biology biological',
  engn: 'engn engineering',
  cardiol: 'cardiol cardiology',
  oncol: 'oncol oncology',
  dermatol: 'dermatol dermatology',
  psychiat: 'psychiat psychiatry psychiatric',
  neurol: 'neurol neurology',
  surg: 'surg surgery surgical',
  pediat: 'pediat pediatrics paediatrics pediatric paediatric',
  grad: 'grad graduate',
  fac: 'fac faculty',
  minist: 'minist ministry',
  dev: 'dev development',
  environm: 'environm environment environmental',
  agr: 'agr agricultural agriculture',
  mol: 'mol molecular',
  st: 'st saint sankt',
  calif: 'calif california',
  massachusetts: 'mass massachusetts',
  mt: 'mt mount',
})) {
  for (const w of words.split(' ')) CANONICAL[w] = canon;
}
const STOP_WORDS = new Set([
  'the',
  'of',
  'and',
  'at',
  'for',
  'in',
  'de',
  'del',
  'della',
  'degli',
  'di',
  'du',
  'des',
  'la',
  'le',
  'les',
  'y',
  'e',
  'da',
  'do',
  'dos',
  'das',
  'und',
  'fur',
  'zu',
  'van',
  'voor',
]);

/**
 * Matching key of an institution name: folded, stop words dropped, words of full and WoS-abbreviated
 * spellings reduced to one form ("Dana-Farber Cancer Institute" and "Dana Farber Canc Inst" both give
 * "dana farber canc inst"), initials joined ("M.D. Anderson" = "MD Anderson").
 */
export function institutionMatchKey(name: string): string {
  const tokens = foldKey(name.replace(/&/g, ' and ')).split(' ').filter(Boolean);
  const out: string[] = [];
  let initials = '';
  for (const t of tokens) {
    if (t.length === 1 && /[a-z]/.test(t)) {
      initials += t;
      continue;
    }
    if (initials) {
      out.push(initials);
      initials = '';
    }
    if (STOP_WORDS.has(t)) continue;
    out.push(CANONICAL[t] ?? t);
  }
  if (initials) out.push(initials);
  return out.join(' ');
}
