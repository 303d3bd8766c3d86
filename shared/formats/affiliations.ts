// Pure parsing of free-text affiliation strings ("Dept Dermatol, Natl Cheng Kung Univ, Tainan,
// Taiwan.") into an institution name, city and ISO country code, good enough to group people by
// institution. No node:*, no DOM.
import { cleanSpace } from './text';
import type { ImportInstitution } from './types';

// Country names and abbreviations as exports write them → ISO 3166-1 alpha-2.
const COUNTRIES: Record<string, string> = {
  usa: 'US',
  'united states': 'US',
  'united states of america': 'US',
  us: 'US',
  uk: 'GB',
  'united kingdom': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  china: 'CN',
  'peoples r china': 'CN',
  "people's republic of china": 'CN',
  taiwan: 'TW',
  'hong kong': 'HK',
  japan: 'JP',
  'south korea': 'KR',
  korea: 'KR',
  'republic of korea': 'KR',
  india: 'IN',
  singapore: 'SG',
  germany: 'DE',
  france: 'FR',
  italy: 'IT',
  spain: 'ES',
  portugal: 'PT',
  netherlands: 'NL',
  'the netherlands': 'NL',
  belgium: 'BE',
  switzerland: 'CH',
  austria: 'AT',
  sweden: 'SE',
  norway: 'NO',
  denmark: 'DK',
  finland: 'FI',
  ireland: 'IE',
  poland: 'PL',
  'czech republic': 'CZ',
  czechia: 'CZ',
  hungary: 'HU',
  romania: 'RO',
  greece: 'GR',
  turkey: 'TR',
  turkiye: 'TR',
  russia: 'RU',
  israel: 'IL',
  iran: 'IR',
  'saudi arabia': 'SA',
  egypt: 'EG',
  'south africa': 'ZA',
  nigeria: 'NG',
  canada: 'CA',
  mexico: 'MX',
  brazil: 'BR',
  argentina: 'AR',
  chile: 'CL',
  colombia: 'CO',
  peru: 'PE',
  australia: 'AU',
  'new zealand': 'NZ',
  pakistan: 'PK',
  bangladesh: 'BD',
  thailand: 'TH',
  malaysia: 'MY',
  vietnam: 'VN',
  indonesia: 'ID',
  philippines: 'PH',
  qatar: 'QA',
  'united arab emirates': 'AE',
  'u arab emirates': 'AE',
  lebanon: 'LB',
  jordan: 'JO',
  tunisia: 'TN',
  morocco: 'MA',
  ukraine: 'UA',
  serbia: 'RS',
  croatia: 'HR',
  slovenia: 'SI',
  slovakia: 'SK',
  bulgaria: 'BG',
  iceland: 'IS',
  luxembourg: 'LU',
  estonia: 'EE',
  lithuania: 'LT',
  latvia: 'LV',
  cyprus: 'CY',
  kuwait: 'KW',
  oman: 'OM',
  ethiopia: 'ET',
  kenya: 'KE',
  uruguay: 'UY',
  venezuela: 'VE',
  ecuador: 'EC',
  bolivia: 'BO',
  cuba: 'CU',
};
const US_STATE_ZIP = /^[A-Z]{2}(?: \d{5}(?:-\d{4})?)? USA$/;
const INSTITUTION_WORDS =
  /\b(?:univ\w*|hosp\w*|inst\w*|coll\w*|cent(?:er|re)|ctr|clin\w*|school|sch|found\w*|acad\w*|lab\w*|corp\w*|inc|ltd|gmbh|company|co|med(?:ical)? cent|universit\w*|universidad|universidade|université)\b/i;

/** ISO alpha-2 code for a country as exports write it ("Peoples R China", "CA 92350 USA"). */
export function countryCode(text: string): string | undefined {
  const t = cleanSpace(text).replace(/\.$/, '');
  if (US_STATE_ZIP.test(t) || /\bUSA$/.test(t)) return 'US';
  const key = t
    .toLowerCase()
    .replace(/^\d[\d\s-]*\s+/, '')
    .replace(/\s+\d[\d\s-]*$/, '');
  return COUNTRIES[key];
}

/**
 * The institution named by one affiliation (the first address when several are joined by ';').
 * Returns undefined when the text is empty or only an e-mail.
 */
export function parseAffiliation(text: string | undefined | null): ImportInstitution | undefined {
  if (!text) return undefined;
  const first = cleanSpace(text.split(';')[0] ?? '')
    .replace(/\s*(?:electronic address:|e-?mail:?)\s*\S+/gi, '')
    .replace(/[^\s,;]+@[^\s,;]+/g, '')
    .replace(/[\s.,]+$/, '');
  const parts = first
    .split(',')
    .map((p) => cleanSpace(p))
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  const last = parts[parts.length - 1] as string;
  const country = parts.length > 1 ? countryCode(last) : undefined;
  const body = country ? parts.slice(0, -1) : parts;
  const name = body.find((p) => INSTITUTION_WORDS.test(p)) ?? body[0] ?? last;
  const inst: ImportInstitution = { name };
  if (country) inst.country = country;
  const cityPart = body.length > 1 ? body[body.length - 1] : undefined;
  if (cityPart && cityPart !== name) {
    const city = cityPart
      .replace(/\b\d[\d\s-]*\b/g, '')
      .replace(/\s+[A-Z]{2}$/, '')
      .trim();
    if (city && !/\d/.test(city) && city.length <= 40) inst.city = city;
  }
  return inst;
}
