// The geography of the map of places (issue 7), offline: country shapes from world-atlas (Natural Earth
// 1:110m, public domain; ids are ISO 3166-1 numeric) and US state shapes from us-atlas (US Census
// cartographic boundaries 1:10m; ids are FIPS codes), read with topojson-client and keyed here by the
// codes kolmap stores: ISO alpha-2 countries ("DE") and "US-CA" regions. Counts per place and the
// territory colour of each place are pure functions of the analysis and the territories.
import type { Feature, Geometry } from 'geojson';
import { iso31661NumericToAlpha2, iso31662 } from 'iso-3166';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import statesTopo from 'us-atlas/states-10m.json';
import worldTopo from 'world-atlas/countries-110m.json';
import type { TerritoryInfo } from '../../../shared/api';
import { assignTerritories } from '../../../shared/analytics/territory';
import type { RankedPerson } from '../../../shared/analytics/types';

/** A drawable place: key "DE" (country) or "US-CA" (US state), its English name and shape. */
export interface PlaceShape {
  key: string;
  country: string;
  region: string | null;
  name: string;
  feature: Feature<Geometry>;
}

/** Natural Earth shapes without an ISO numeric code that kolmap may still see. */
const NAMED_COUNTRIES: Record<string, string> = { Kosovo: 'XK' };

let worldCache: PlaceShape[] | undefined;
let statesCache: PlaceShape[] | undefined;

function shapes(
  topo: unknown,
  object: string,
  key: (id: string | undefined, name: string) => { country: string; region: string | null } | null,
): PlaceShape[] {
  const t = topo as Topology<Record<string, GeometryCollection<{ name: string }>>>;
  const collection = t.objects[object];
  if (!collection) return [];
  const out: PlaceShape[] = [];
  for (const g of collection.geometries) {
    const name = (g.properties as { name?: string } | undefined)?.name ?? '';
    const k = key(g.id === undefined ? undefined : String(g.id), name);
    if (!k) continue;
    const f = feature(t, g) as Feature<Geometry>;
    out.push({ key: k.region ? `${k.country}-${k.region}` : k.country, ...k, name, feature: f });
  }
  return out;
}

/** Countries of the world with their alpha-2 code (shapes without one are left out). */
export function worldShapes(): PlaceShape[] {
  worldCache ??= shapes(worldTopo, 'countries', (id, name) => {
    const code = (id && iso31661NumericToAlpha2[id]) || NAMED_COUNTRIES[name];
    return code ? { country: code, region: null } : null;
  });
  return worldCache;
}

/** US states (and DC, Puerto Rico...) keyed "US-XX" by their ISO 3166-2 code, matched by name. */
export function usStateShapes(): PlaceShape[] {
  if (!statesCache) {
    const byName = new Map<string, string>();
    for (const s of iso31662) if (s.parent === 'US') byName.set(s.name, s.code.slice(3));
    statesCache = shapes(statesTopo, 'states', (_id, name) => {
      const region = byName.get(name);
      return region ? { country: 'US', region } : null;
    });
  }
  return statesCache;
}

export interface PlaceCount {
  people: number;
  t1: number;
  t2: number;
  /** People per territory id (null: in no territory). */
  byTerritory: Map<number | null, number>;
}

export interface PlaceCounts {
  /** By country code. */
  countries: Map<string, PlaceCount>;
  /** By "US-CA" region key (every country with regions, not only the US). */
  regions: Map<string, PlaceCount>;
  /** People in scope whose place is unknown. */
  unplaced: number;
}

function bump(map: Map<string, PlaceCount>, key: string, p: RankedPerson, territory: number | null): void {
  let c = map.get(key);
  if (!c) {
    c = { people: 0, t1: 0, t2: 0, byTerritory: new Map() };
    map.set(key, c);
  }
  c.people++;
  if (p.tier === 'T1') c.t1++;
  if (p.tier === 'T2') c.t2++;
  c.byTerritory.set(territory, (c.byTerritory.get(territory) ?? 0) + 1);
}

/** People in scope per country and per region, with T1/T2 counts and their territories. */
export function placeCounts(
  people: readonly RankedPerson[],
  assigned: ReadonlyMap<number, number>,
): PlaceCounts {
  const countries = new Map<string, PlaceCount>();
  const regions = new Map<string, PlaceCount>();
  let unplaced = 0;
  for (const p of people) {
    if (!p.country) {
      unplaced++;
      continue;
    }
    const t = assigned.get(p.id) ?? null;
    bump(countries, p.country, p, t);
    if (p.region) bump(regions, `${p.country}-${p.region}`, p, t);
  }
  return { countries, regions, unplaced };
}

/** The territory a place is coloured with, and whether it holds only part of it. */
export interface PlaceTerritory {
  territoryId: number;
  partial: boolean;
}

/**
 * The territory of a place, by the same rule that assigns people (a region match beats a whole
 * country). A country no territory names as a whole takes the territory most of its people are in (or,
 * with nobody there, the first territory naming one of its regions), marked partial.
 */
export function placeTerritory(
  country: string,
  region: string | null,
  territories: readonly TerritoryInfo[],
  count: PlaceCount | undefined,
): PlaceTerritory | null {
  const defs = territories.map((t) => ({ ...t, include: [], exclude: [] }));
  const probe = assignTerritories([{ id: -1, country, region }], defs).get(-1);
  if (probe !== undefined) return { territoryId: probe, partial: false };
  if (region !== null) return null;
  let best: [number | null, number] = [null, 0];
  for (const [t, n] of count?.byTerritory ?? []) if (t !== null && n > best[1]) best = [t, n];
  if (best[0] !== null) return { territoryId: best[0], partial: true };
  const named = territories.find((t) => t.places.some((p) => p.country.toUpperCase() === country));
  return named ? { territoryId: named.id, partial: true } : null;
}

/** Tableau-like categorical colours for territories, distinct from each other on light and dark. */
export const TERRITORY_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#86bcb6',
  '#d37295',
  '#8cd17d',
] as const;

/**
 * A stable colour per territory: by the order of creation (ids ascending), so renaming, editing or
 * adding a territory never repaints the others.
 */
export function territoryColors(territories: readonly TerritoryInfo[]): Map<number, string> {
  const ids = territories.map((t) => t.id).sort((a, b) => a - b);
  return new Map(ids.map((id, i) => [id, TERRITORY_PALETTE[i % TERRITORY_PALETTE.length]!]));
}
