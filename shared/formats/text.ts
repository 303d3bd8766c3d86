// Pure text normalisation shared by the import adapters: folding names for matching keys (diacritics
// kept for display, folded for keys), DOI and title normalisation. No node:*, no DOM.

// Letters that Unicode decomposition does not reduce to ASCII base letters.
const SPECIAL_FOLDS: Record<string, string> = {
  ł: 'l',
  Ł: 'l',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŀ: 'l',
  Ŀ: 'l',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_FOLDS).join('')}]`, 'g');

// Printable ASCII only: nothing to fold but case (the common case, so it skips Unicode work).
const ASCII_RE = /^[\x20-\x7e]*$/;

/** Lower-case, diacritics removed ("Höhne" → "hohne", "Łukasz" → "lukasz"); other scripts kept. */
export function foldDiacritics(s: string): string {
  if (ASCII_RE.test(s)) return s.toLowerCase();
  return s
    .replace(SPECIAL_RE, (c) => SPECIAL_FOLDS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * A matching key for names and titles: folded, apostrophes dropped, every other run of
 * non-letters/digits turned into one space ("Metke-Jimenez" → "metke jimenez", "O'Brien" → "obrien").
 */
export function foldKey(s: string): string {
  if (ASCII_RE.test(s)) {
    return s
      .toLowerCase()
      .replace(/['`]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  }
  return foldDiacritics(s)
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Anything cleanSpace would change: odd spaces, runs of spaces, or spaces at either end.
const UNCLEAN_RE = /[\t\n\v\f\r\u00A0\u1680\u2000-\u200D\u2028\u2029\u202F\u205F\u3000\uFEFF]| {2}|^ | $/;

/** Collapses whitespace (including non-breaking and zero-width spaces) and trims. */
export function cleanSpace(s: string): string {
  if (!UNCLEAN_RE.test(s)) return s;
  return s
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\s\u00A0\u202F]+/g, ' ')
    .trim();
}

/** Normalised title for cross-source matching. */
export function titleNorm(title: string): string {
  // Only the start of a title is compared: real titles are far shorter, and a runaway field (a broken
  // export can put megabytes into one cell) must not cost a full-size folded copy and regex pass.
  return foldKey(title.length > TITLE_KEY_CHARS ? title.slice(0, TITLE_KEY_CHARS) : title);
}

/** How much of a title takes part in duplicate matching. */
export const TITLE_KEY_CHARS = 2000;

/**
 * Normalises a DOI: lower-case (DOIs are case-insensitive), without URL or "doi:" prefixes and without
 * trailing punctuation. Returns undefined when the text holds no DOI.
 */
export function normalizeDoi(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const m = /10\.\d{4,9}\/\S+/.exec(raw.trim());
  if (!m) return undefined;
  const doi = m[0].replace(/[.,;:)\]}>"']+$/, '').toLowerCase();
  return doi.length > 8 ? doi : undefined;
}
