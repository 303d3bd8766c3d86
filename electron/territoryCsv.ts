// Reads a territory definition CSV (`kolmap territory import FILE.csv`, issue 7): one row per territory
// and place, columns territory,msl,capacity,country,region and an optional group (the territory's region
// group, e.g. "North America"; header names in any case and order). The
// country is an ISO 3166-1 code (alpha-2 or alpha-3) or an English country name, mapped to alpha-2 by
// countryCode (shared/formats/places.ts, the reader the CLI and the territory editor use too); the
// region is optional (a US state code, "US-CA" also accepted, or any region as institutions store it).
// Nothing is written here: a bad row throws ApiError BAD_INPUT naming the file, the line and the field,
// so the import's single transaction never starts.
import Papa from 'papaparse';
import { ApiError } from '../shared/api';
import { countryCode } from '../shared/formats/places';
import type { TerritoryInput } from './db';

export const TERRITORY_COLUMNS = ['territory', 'msl', 'capacity', 'country', 'region', 'group'] as const;

/** Parses the CSV text; `file` names it in error messages. */
export function parseTerritoryCsv(file: string, text: string): TerritoryInput[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const rows = parsed.data;
  const fail = (line: number, field: string | null, what: string): never => {
    throw new ApiError('BAD_INPUT', `${file} line ${line}${field ? `, field ${field}` : ''}: ${what}`);
  };
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const col: Partial<Record<(typeof TERRITORY_COLUMNS)[number], number>> = {};
  for (const name of TERRITORY_COLUMNS) {
    const i = header.indexOf(name);
    if (i >= 0) col[name] = i;
  }
  for (const required of ['territory', 'country'] as const) {
    if (col[required] === undefined) {
      fail(
        1,
        null,
        `the header has no "${required}" column. Expected the columns ${TERRITORY_COLUMNS.join(',')} (msl, capacity, region and group may be empty or left out).`,
      );
    }
  }

  const byName = new Map<string, TerritoryInput & { line: number }>();
  let line = 1 + (rows[0] ?? []).reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  for (const row of rows.slice(1)) {
    line += 1;
    const rowLine = line;
    line += row.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    if (row.every((c) => c.trim() === '')) continue;
    const cell = (name: (typeof TERRITORY_COLUMNS)[number]): string => {
      const i = col[name];
      return i === undefined ? '' : (row[i] ?? '').trim();
    };
    const name = cell('territory');
    if (!name) fail(rowLine, 'territory', 'empty; every row needs the territory it belongs to.');
    if (name.length > 200) fail(rowLine, 'territory', 'longer than 200 characters.');
    const msl = cell('msl') || null;
    const capText = cell('capacity');
    let capacity: number | null = null;
    if (capText) {
      if (!/^\d+$/.test(capText) || Number(capText) > 100_000) {
        fail(
          rowLine,
          'capacity',
          `"${capText}" is not a whole number of KOLs (0 to 100000); e.g. 40, or leave it empty.`,
        );
      }
      capacity = Number(capText);
    }
    const countryText = cell('country');
    if (!countryText)
      fail(rowLine, 'country', 'empty; give an ISO code (e.g. US, DE) or a country name (e.g. Germany).');
    const country = countryCode(countryText);
    if (!country) {
      fail(
        rowLine,
        'country',
        `"${countryText}" is neither an ISO 3166 country code nor a country name kolmap knows; use the ISO code, e.g. DE for Germany.`,
      );
    }
    let region: string | null = cell('region') || null;
    if (region) {
      const prefixed = new RegExp(`^${country}-`, 'i');
      if (prefixed.test(region)) region = region.slice(3);
      if (!region || region.length > 100)
        fail(rowLine, 'region', `"${cell('region')}" is not a region code.`);
      region = region!.toUpperCase();
    }
    // Without a group column the territories keep the groups they have; with one, an empty cell clears it.
    const group = col.group === undefined ? undefined : cell('group') || null;
    if (group && group.length > 200) fail(rowLine, 'group', 'longer than 200 characters.');
    const key = name.toLowerCase();
    let t = byName.get(key);
    if (!t) {
      t = {
        name,
        msl,
        capacity,
        places: [],
        line: rowLine,
        ...(group !== undefined ? { regionGroup: group } : {}),
      };
      byName.set(key, t);
    } else {
      if (msl && t.msl && msl !== t.msl) {
        fail(
          rowLine,
          'msl',
          `"${msl}" differs from "${t.msl}" given for ${name} on line ${t.line}; one MSL per territory.`,
        );
      }
      if (capacity !== null && t.capacity !== null && capacity !== t.capacity) {
        fail(
          rowLine,
          'capacity',
          `${capacity} differs from ${t.capacity} given for ${name} on line ${t.line}; one capacity per territory.`,
        );
      }
      if (group && t.regionGroup && group !== t.regionGroup) {
        fail(
          rowLine,
          'group',
          `"${group}" differs from "${t.regionGroup}" given for ${name} on line ${t.line}; one group per territory.`,
        );
      }
      t.msl ??= msl;
      t.capacity ??= capacity;
      if (group) t.regionGroup ??= group;
    }
    t.places.push({ country: country!, region });
  }
  if (byName.size === 0) fail(1, null, 'no territory rows below the header.');
  return [...byName.values()].map(({ line: _line, ...t }) => t);
}
