// Number and text formatting shared by the views (one locale-independent style for a data tool).
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : integer.format(n);
}

export function fmtFixed(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  const text = n.toFixed(digits);
  // A value that rounds to zero reads 0.00, not -0.00 (the modularity of one community is -1e-17).
  return Number(text) === 0 ? text.replace('-', '') : text;
}

/**
 * PageRank relative to the average person of the scope (it sums to 1 over `people`): "3.20" reads
 * better than 0.000132, and 1.00 is the average person. The ranking's column and the score breakdown.
 */
export function fmtPagerank(value: number, people: number): string {
  return fmtFixed(value * people, 2);
}

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** "Germany" for "DE"; undefined for a code Intl does not know. */
export function countryName(code: string): string | undefined {
  try {
    return COUNTRY_NAMES.of(code);
  } catch {
    return undefined; // not a region code Intl accepts
  }
}

export function fmtDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

/**
 * Rounds values to `digits` decimals so that the rounded parts add up to the rounded total
 * (largest-remainder method): a breakdown table then sums exactly to the score it explains.
 */
export function roundToTotal(values: number[], digits = 1): number[] {
  const scale = 10 ** digits;
  const total = Math.round(values.reduce((s, v) => s + v, 0) * scale);
  const floors = values.map((v) => Math.floor(v * scale));
  let missing = total - floors.reduce((s, v) => s + v, 0);
  const order = values
    .map((v, i) => ({ i, rem: v * scale - Math.floor(v * scale) }))
    .sort((a, b) => b.rem - a.rem);
  const out = [...floors];
  for (let k = 0; missing > 0 && order.length > 0; k = (k + 1) % order.length, missing--) {
    const idx = order[k]?.i ?? 0;
    out[idx] = (out[idx] ?? 0) + 1;
  }
  return out.map((v) => v / scale);
}

/** A file-name-safe version of a project name. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\.kolmap$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'kolmap';
}

/** Analysis phases as shared/analytics reports them (in order), with the words the status bar shows. */
const PHASES: [string, string][] = [
  ['Loading data', 'Loading data'],
  ['graph', 'Building the co-author graph'],
  ['people', 'Counting publications'],
  ['pagerank', 'Computing PageRank'],
  ['betweenness', 'Computing betweenness'],
  ['communities', 'Finding communities'],
  ['score', 'Scoring'],
];

export function phaseLabel(phase: string): string {
  return PHASES.find(([key]) => key === phase)?.[1] ?? phase;
}

/** Overall progress 0..1 across phases, so the bar moves forward instead of restarting per phase. */
export function overallProgress(phase: string, fraction: number): number {
  const i = PHASES.findIndex(([key]) => key === phase);
  if (i < 0) return 0; // Before the analysis proper (importing, loading demo data).
  return Math.min(1, (i + Math.max(0, Math.min(1, fraction))) / PHASES.length);
}

/** A scope's years as a person says them: "2015–2022", "2020", "since 2015", "until 2022"; null for all. */
export function yearsText(since: number | null | undefined, until: number | null | undefined): string | null {
  if (since && until) return since === until ? `${since}` : `${since}–${until}`;
  if (since) return `since ${since}`;
  if (until) return `until ${until}`;
  return null;
}
