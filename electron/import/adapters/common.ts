// Small helpers shared by the delimited adapters: column lookup by normalised name, cells, lists,
// numbers, and the checks every adapter makes on a row (too many fields, missing title).
import { cleanSpace } from '../../../shared/formats/text';
import { ImportError } from '../errors';
import { columnKey } from './types';

export interface Columns {
  /** Index of the first of `names` (normalised) present in the header, or -1. */
  col(...names: string[]): number;
  has(name: string): boolean;
  width: number;
  found: string;
}

export function indexColumns(columns: string[]): Columns {
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    const k = columnKey(c);
    if (k && !index.has(k)) index.set(k, i);
  });
  return {
    col: (...names) => {
      for (const n of names) {
        const i = index.get(n);
        if (i !== undefined) return i;
      }
      return -1;
    },
    has: (n) => index.has(n),
    width: columns.length,
    found:
      columns
        .map((c) => c.trim())
        .filter(Boolean)
        .slice(0, 20)
        .join(', ') || 'none',
  };
}

/** Throws the "missing column" ImportError naming the file, header line and column. */
export function requireColumn(
  cols: Columns,
  file: string,
  line: number,
  names: string[],
  what: string,
  fix: string,
): number {
  const i = cols.col(...names);
  if (i >= 0) return i;
  throw new ImportError({
    file,
    line,
    field: what,
    problem: `no ${what} column (columns found: ${cols.found})`,
    fix,
  });
}

export function cell(fields: string[], i: number): string {
  return i >= 0 ? cleanSpace(fields[i] ?? '') : '';
}

/** "a; b;; c" → ["a", "b", "c"]. */
export function splitList(s: string, sep: string | RegExp = ';'): string[] {
  if (!s) return [];
  return s
    .split(sep)
    .map((x) => cleanSpace(x))
    .filter(Boolean);
}

/** Splits on `sep` outside parentheses ("A (x; y); B (z)" → ["A (x; y)", "B (z)"]). */
export function splitOutsideParens(s: string, sep = ';'): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((x) => cleanSpace(x)).filter(Boolean);
}

/** Unique values in first-seen order (case-insensitive). */
export function uniq(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = v.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A non-negative whole number from a cell ("12", "12.0"), else undefined. */
export function count(raw: string): number | undefined {
  const m = /^\s*(\d{1,9})(?:\.0+)?\s*$/.exec(raw);
  return m ? Number(m[1]) : undefined;
}

/** A reason when the row has non-empty fields past the header's width. */
export function tooWide(fields: string[], width: number): string | undefined {
  if (fields.length > width && fields.slice(width).some((f) => f.trim() !== '')) {
    return `row has ${fields.length} fields but the header has ${width} (a field probably holds an unquoted separator)`;
  }
  return undefined;
}
