// Country and region names and codes for reading places out of affiliation text, backed by data
// packages rather than hand-kept lists: country names (with their common alternatives: "USA",
// "Türkiye", "Republic of Korea", "Czechia"...) from i18n-iso-countries' English locale (CLDR), plus
// the German, French, Spanish, Italian and Portuguese names ("Deutschland", "España"), and
// ISO 3166-2 subdivisions (US states, Canadian provinces, Chinese provinces...) from iso-3166. Only the
// spellings peculiar to bibliographic exports ("Peoples R China", "U Arab Emirates", "England") are
// listed here. The locale JSON is imported directly (no registerLocale), so this works the same in
// the Node bundle and in a browser (Vite) bundle. No node:*, no DOM.
import de from 'i18n-iso-countries/langs/de.json';
import en from 'i18n-iso-countries/langs/en.json';
import es from 'i18n-iso-countries/langs/es.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import it from 'i18n-iso-countries/langs/it.json';
import pt from 'i18n-iso-countries/langs/pt.json';
import { iso31661Alpha3ToAlpha2, iso31662 } from 'iso-3166';
import { foldKey } from './text';

/** Matching key of a place name: folded, '&' read as "and", a leading "the" dropped. */
export function placeKey(s: string): string {
  return foldKey(s.replace(/&/g, ' and ')).replace(/^the /, '');
}

/**
 * Spellings that exports use and CLDR does not list (WoS abbreviations, the UK nations, older names).
 * Keys are placeKey()s.
 */
const EXPORT_COUNTRY_NAMES: Record<string, string> = {
  'peoples r china': 'CN',
  'p r china': 'CN',
  'pr china': 'CN',
  prc: 'CN',
  'mainland china': 'CN',
  'republic of china': 'TW',
  'taiwan roc': 'TW',
  'taiwan r o c': 'TW',
  korea: 'KR',
  'rep of korea': 'KR',
  'korea republic': 'KR',
  'korea rep': 'KR',
  'korea south': 'KR',
  'u arab emirates': 'AE',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'north ireland': 'GB',
  'viet nam': 'VN',
  'czech rep': 'CZ',
  'slovak republic': 'SK',
  'dominican rep': 'DO',
  'cent afr republ': 'CF',
  'papua n guinea': 'PG',
  'bosnia and herceg': 'BA',
  'trinid and tobago': 'TT',
  'cote ivoire': 'CI',
  'dem rep congo': 'CD',
  'rep congo': 'CG',
  'st kitts and nevi': 'KN',
  'turks and caicos': 'TC',
  brunei: 'BN',
  syria: 'SY',
  laos: 'LA',
  moldova: 'MD',
  macau: 'MO',
  'hong kong sar': 'HK',
  'macao sar': 'MO',
  'vatican city': 'VA',
  'the gambia': 'GM',
  micronesia: 'FM',
  'fed states micronesia': 'FM',
  byelarus: 'BY',
  'united states america': 'US',
  'united states of america': 'US',
  holland: 'NL',
};

/** Words that may stand before a country name without changing it ("Kingdom of Saudi Arabia"). */
const COUNTRY_PREFIX = /^(?:kingdom of|state of|sultanate of|the) /;

type Names = Record<string, string | string[]>;

function indexNames(locales: Names[], index = new Map<string, string>()): Map<string, string> {
  for (const [code, names] of locales.flatMap((l) => Object.entries(l))) {
    for (const name of Array.isArray(names) ? names : [names]) {
      const key = placeKey(name);
      if (key && !index.has(key)) index.set(key, code);
      // "Korea, Republic of" is also written "Republic of Korea".
      const m = /^(.+), (.+ of)$/.exec(name);
      if (m) index.set(placeKey(`${m[2]} ${m[1]}`), code);
    }
  }
  return index;
}

let englishIndex: Map<string, string> | undefined;
let nativeIndex: Map<string, string> | undefined;

function countries(native: boolean): Map<string, string> {
  if (!englishIndex) {
    englishIndex = indexNames([en.countries as Names]);
    for (const [key, code] of Object.entries(EXPORT_COUNTRY_NAMES)) englishIndex.set(key, code);
  }
  if (!native) return englishIndex;
  // The names authors write in their own language ("Deutschland", "España", "Brasil", "Italia"),
  // where they do not already name a country in English.
  nativeIndex ??= indexNames(
    [de, fr, es, it, pt].map((l) => l.countries as Names),
    new Map(englishIndex),
  );
  return nativeIndex;
}

/**
 * ISO alpha-2 of a country name as exports spell it ("Peoples R China", "USA", "Türkiye"), if any.
 * With `native`, also German, French, Spanish, Italian and Portuguese names: only where the country is
 * expected (the end of an affiliation), as some are also cities ("Granada" is Grenada in Spanish).
 */
export function countryByName(name: string, native = false): string | undefined {
  const key = placeKey(name);
  if (!key) return undefined;
  const index = countries(native);
  return index.get(key) ?? index.get(key.replace(COUNTRY_PREFIX, ''));
}

/**
 * ISO alpha-2 of a country as people type it (the CLI's --country, territory CSVs, the territory
 * editor) and as exports write it: a name as countryByName reads it ("Germany", "UK", "USA",
 * "Peoples R China"; with `native`, also "Deutschland") or an ISO 3166-1 code, alpha-2 or alpha-3 in any
 * case ("DE", "deu"). Null if it is neither. The one reader of country names: every caller goes here.
 */
export function countryCode(value: string, native = false): string | null {
  const t = value.trim();
  // Names first: "UK" is the everyday name of GB, not an ISO code.
  const byName = countryByName(t, native);
  if (byName) return byName;
  if (!/^[A-Za-z]{2,3}$/.test(t)) return null;
  const code = t.toUpperCase();
  return code.length === 2 ? (isCountryCode(code) ? code : null) : (iso31661Alpha3ToAlpha2[code] ?? null);
}

/**
 * The region a country part itself names, for the export spellings that are a part of a country
 * ("England" → ENG, "Scotland" → SCT); CLDR names never do ("United Kingdom" is not GB-UKM).
 */
export function regionOfCountryName(country: string, name: string): string | undefined {
  return EXPORT_COUNTRY_NAMES[placeKey(name)] === country ? regionOf(country, name) : undefined;
}

/** English name of a country code (for display), if the code is known. */
export function countryName(code: string): string | undefined {
  const names = (en.countries as Record<string, string | string[]>)[code.toUpperCase()];
  return Array.isArray(names) ? names[0] : names;
}

/** Is this an assigned ISO 3166-1 alpha-2 code? */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && code in (en.countries as Record<string, unknown>);
}

/**
 * Countries whose subdivision codes are written as such in addresses ("Boston, MA", "Toronto, ON",
 * "Sydney, NSW", "Campinas, SP"); elsewhere the codes are numbers or unused in text.
 */
export const REGION_CODE_COUNTRIES: ReadonlySet<string> = new Set(['US', 'CA', 'AU', 'BR']);

/** Subdivision name suffixes that addresses leave out ("Guangdong" for "Guangdong Sheng"). */
const REGION_SUFFIX =
  / (?:sheng|shi|zizhiqu|zhuangzu zizhiqu|huizu zizhiqu|uygur zizhiqu|sar|teukbyeolsi|gwangyeoksi|teukbyeoljachido)$/;

/** Words addresses add after a region's name ("Wellington Region", "Hubei Province"). */
const REGION_WORD =
  / (?:region|province|prefecture|state|oblast|governorate|county|district|voivodeship|canton)$/;

interface RegionIndex {
  byName: Map<string, string>;
  byCode: Map<string, string>;
}
let regionIndex: Map<string, RegionIndex> | undefined;

function regions(country: string): RegionIndex | undefined {
  if (!regionIndex) {
    regionIndex = new Map();
    for (const sub of iso31662) {
      let entry = regionIndex.get(sub.parent);
      if (!entry) {
        entry = { byName: new Map(), byCode: new Map() };
        regionIndex.set(sub.parent, entry);
      }
      const code = sub.code.slice(sub.parent.length + 1);
      const key = placeKey(sub.name.replace(/\s*\(.*\)$/, ''));
      if (!entry.byName.has(key)) entry.byName.set(key, code);
      const short = key.replace(/-/g, ' ').replace(REGION_SUFFIX, '');
      if (short !== key && !entry.byName.has(short)) entry.byName.set(short, code);
      entry.byCode.set(code, code);
    }
  }
  return regionIndex.get(country);
}

/**
 * The ISO 3166-2 subdivision code (without the country prefix) that `text` names in `country`: a
 * subdivision name ("Ontario", "Guangdong", "New South Wales") or, where addresses use them
 * (REGION_CODE_COUNTRIES), a code written in capitals ("ON", "NSW").
 */
export function regionOf(country: string, text: string): string | undefined {
  const index = regions(country);
  if (!index) return undefined;
  const t = text.trim();
  if (REGION_CODE_COUNTRIES.has(country) && /^[A-Z]{2,3}$/.test(t)) return index.byCode.get(t);
  const key = placeKey(t);
  if (!key) return undefined;
  return index.byName.get(key) ?? index.byName.get(key.replace(REGION_WORD, ''));
}

/**
 * A region that stands alone for its country (no country written): a US state or Canadian province,
 * by name ("Ohio") or capital code ("OH", "ON"). Those codes do not collide between the two.
 */
export function northAmericanRegion(text: string): { country: string; region: string } | undefined {
  for (const country of ['US', 'CA']) {
    const region = regionOf(country, text);
    if (region) return { country, region };
  }
  return undefined;
}
