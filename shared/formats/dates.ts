// Pure date and year parsing for export files: PubMed "2016/06/09", Excel-resaved "3/7/2020",
// ISO "2020-03-07", partial dates ("2008-05", "2019") and months in words ("October 28, 2017",
// "2017 Oct 28"). No node:*, no DOM.

const MIN_YEAR = 1800;
const MAX_YEAR = 2200;

function validYear(y: number): boolean {
  return Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function iso(y: number, m?: number, d?: number): string | undefined {
  if (!validYear(y)) return undefined;
  if (m === undefined) return String(y);
  if (m < 1 || m > 12) return undefined;
  if (d === undefined) return `${y}-${pad(m)}`;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Parses a date as exports write it and returns ISO text: "yyyy-mm-dd", "yyyy-mm" or "yyyy".
 * Slashed dates with the year last are read month/day/year (US Excel, as in re-saved PubMed CSVs),
 * dotted ones day.month.year.
 * Returns undefined when the text is not a date.
 */
export function parseDate(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  if (!s) return undefined;
  let m = /^(\d{4})[/.-](\d{1,2})(?:[/.-](\d{1,2}))?(?:[ T].*)?$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  m = /^(\d{1,2})([/.-])(\d{1,2})[/.-](\d{4})(?:[ T].*)?$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    // Dotted dates are day.month.year (European spreadsheets; US dates never use dots); others are
    // month/day/year unless the first number cannot be a month (then day/month/year).
    return m[2] === '.' || a > 12 ? iso(y, b, a) : iso(y, a, b);
  }
  m = /^(\d{4})$/.exec(s);
  if (m) return iso(Number(m[1]));
  return monthNameDate(s);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 1-12 for a month's English name or its abbreviation ("Oct", "Oct.", "Sept", "OCTOBER"). */
function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m.startsWith(w));
  return i >= 0 ? i + 1 : undefined;
}

/**
 * Dates with the month in words, as registries and databases write them: "October 28, 2017" and
 * "October 2017" (the classic ClinicalTrials.gov CSV), "28 Oct 2017", "2017 Oct 28" and "2017 Oct"
 * (MEDLINE DP), "OCT 28 2017" and "OCT 2017" (Web of Science PD).
 */
function monthNameDate(s: string): string | undefined {
  const t = s.replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  let m = /^(\p{L}+\.?) (?:(\d{1,2}) )?(\d{4})$/u.exec(t);
  if (m) {
    const month = monthOf(m[1] as string);
    if (month) return iso(Number(m[3]), month, m[2] === undefined ? undefined : Number(m[2]));
  }
  m = /^(\d{1,2}) (\p{L}+\.?) (\d{4})$/u.exec(t);
  if (m) {
    const month = monthOf(m[2] as string);
    if (month) return iso(Number(m[3]), month, Number(m[1]));
  }
  m = /^(\d{4}) (\p{L}+\.?)(?: (\d{1,2}))?$/u.exec(t);
  if (m) {
    const month = monthOf(m[2] as string);
    if (month) return iso(Number(m[1]), month, m[3] === undefined ? undefined : Number(m[3]));
  }
  return undefined;
}

/** A publication year from a cell ("2017", "2017.0", " 2017 "); undefined when not a plausible year. */
export function parseYear(raw: string | undefined | null): number | undefined {
  if (!raw) return undefined;
  const m = /^\s*(\d{4})(?:\.0+)?\s*$/.exec(raw);
  if (!m) return undefined;
  const y = Number(m[1]);
  return validYear(y) ? y : undefined;
}

/** The first plausible year (1800-2199) found anywhere in a text, e.g. a citation string. */
export function findYear(text: string | undefined | null): number | undefined {
  if (!text) return undefined;
  const m = /\b(18\d\d|19\d\d|20\d\d|21\d\d)\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}
