// The map of places (issue 7), the Places tab of the inspector: countries (or US states) drawn with
// d3-geo from offline shape packages (graph/places.ts), filled with the colour of their territory, a
// bubble per place sized by the people in scope (T1/T2 in the tooltip), a legend, and the places in
// scope as a list. Clicking a place filters the network map and the ranking table to it (the shared
// country / region filters; Shift or Ctrl adds a place); a chip clears it. Loaded lazily (Inspector).
import {
  CloseButton,
  Group,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { geoAlbersUsa, geoConicConformal, geoNaturalEarth1, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, MultiPoint, MultiPolygon, Polygon } from 'geojson';
import { iso31662 } from 'iso-3166';
import { useMemo, useState, type MouseEvent } from 'react';
import { assignTerritories } from '../../../shared/analytics/territory';
import type { TerritoryInfo } from '../../../shared/api';
import {
  placeCounts,
  placeTerritory,
  territoryColors,
  usStateShapes,
  worldShapes,
  type PlaceCount,
  type PlaceShape,
  type PlaceTerritory,
} from '../graph/places';
import { FilterChip } from '../components/FilterChip';
import { countryName, fmtInt, plural } from '../lib/format';
import { setFilters, store } from '../state/actions';
import { useStore } from '../state/store';
import { territoryStore } from '../state/territories';
import '../styles/places.css';

type Mode = 'world' | 'europe' | 'us';

const REGION_NAMES = new Map(iso31662.map((s) => [s.code, s.name]));

/** "Germany" for "DE", "California" for "US-CA", the key itself when unknown. */
export function placeName(key: string): string {
  return key.includes('-') ? (REGION_NAMES.get(key) ?? key) : (countryName(key) ?? key);
}

interface Drawn {
  shape: PlaceShape;
  d: string;
  /** Bubble centre: the centroid of the shape's largest polygon (France without its overseas parts). */
  centre: [number, number] | null;
}

function largestPart(f: Feature<Geometry>): Feature<Polygon | MultiPolygon> | Feature<Geometry> {
  if (f.geometry.type !== 'MultiPolygon') return f;
  const path = geoPath();
  let best: Feature<Polygon> | null = null;
  let bestArea = -1;
  for (const coordinates of f.geometry.coordinates) {
    const part: Feature<Polygon> = {
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates },
    };
    const area = path.area(part);
    if (area > bestArea) {
      bestArea = area;
      best = part;
    }
  }
  return best ?? f;
}

/** What the Europe view frames (lon/lat): Iceland to the Urals' west, Crete to the North Cape. */
const EUROPE_FRAME: MultiPoint = {
  type: 'MultiPoint',
  coordinates: [
    [-11, 35],
    [32, 35],
    [-11, 70],
    [32, 70],
    [10, 71],
    [10, 35],
  ],
};

function projectionFor(mode: Mode): GeoProjection {
  if (mode === 'us') return geoAlbersUsa();
  if (mode === 'europe') return geoConicConformal().rotate([-10, 0]).parallels([40, 65]).clipExtent(null);
  return geoNaturalEarth1();
}

function draw(mode: Mode, width: number, height: number): Drawn[] {
  const shapes = mode === 'us' ? usStateShapes() : worldShapes().filter((s) => s.country !== 'AQ');
  const collection: FeatureCollection = { type: 'FeatureCollection', features: shapes.map((s) => s.feature) };
  const extent: [[number, number], [number, number]] = [
    [4, 4],
    [width - 4, height - 4],
  ];
  const projection =
    mode === 'europe'
      ? projectionFor(mode).fitExtent(extent, EUROPE_FRAME)
      : projectionFor(mode).fitExtent(extent, collection);
  const path = geoPath(projection);
  const out: Drawn[] = [];
  for (const shape of shapes) {
    const d = path(shape.feature);
    if (!d) continue;
    const c = path.centroid(largestPart(shape.feature));
    out.push({ shape, d, centre: Number.isFinite(c[0]) && Number.isFinite(c[1]) ? c : null });
  }
  return out;
}

interface Hover {
  key: string;
  x: number;
  y: number;
}

export default function PlacesView() {
  const result = useStore(store, (s) => s.analysis.result);
  const filters = useStore(store, (s) => s.view.filters);
  const territories = useStore(territoryStore, (s) => s.territories);
  const [mode, setMode] = useState<Mode>('world');
  const [hover, setHover] = useState<Hover | null>(null);
  const { ref, width } = useElementSize();
  const w = Math.max(240, Math.round(width));
  const h = Math.round(w * (mode === 'us' ? 0.62 : mode === 'europe' ? 0.8 : 0.52));

  const drawn = useMemo(() => (width > 0 ? draw(mode, w, h) : []), [mode, w, h, width]);
  const people = result?.people;
  const counts = useMemo(() => {
    const list = people ?? [];
    return placeCounts(list, assignTerritories(list, territories));
  }, [people, territories]);
  const colors = useMemo(() => territoryColors(territories), [territories]);
  const byId = useMemo(() => new Map(territories.map((t) => [t.id, t])), [territories]);

  const countOf = (key: string): PlaceCount | undefined =>
    key.includes('-') ? counts.regions.get(key) : counts.countries.get(key);
  const territoryOf = (shape: {
    country: string;
    region: string | null;
    key: string;
  }): PlaceTerritory | null => placeTerritory(shape.country, shape.region, territories, countOf(shape.key));

  const selected = new Set([...filters.countries, ...filters.regions]);
  const filtering = selected.size > 0;

  const toggle = (key: string, additive: boolean): void => {
    const isRegion = key.includes('-');
    const list = isRegion ? filters.regions : filters.countries;
    const has = list.includes(key);
    if (additive) {
      const next = has ? list.filter((k) => k !== key) : [...list, key];
      setFilters(isRegion ? { regions: next } : { countries: next });
    } else if (has && selected.size === 1) {
      setFilters({ countries: [], regions: [] });
    } else {
      setFilters(isRegion ? { countries: [], regions: [key] } : { countries: [key], regions: [] });
    }
  };
  const onPlaceClick = (key: string) => (e: MouseEvent) => toggle(key, e.shiftKey || e.ctrlKey || e.metaKey);
  const remove = (key: string): void =>
    setFilters(
      key.includes('-')
        ? { regions: filters.regions.filter((k) => k !== key) }
        : { countries: filters.countries.filter((k) => k !== key) },
    );

  // Bubbles scale to the largest place in view (the Europe view leaves the US out of frame).
  const inView = (c: [number, number] | null): boolean =>
    c !== null && c[0] >= 0 && c[0] <= w && c[1] >= 0 && c[1] <= h;
  const maxPeople = Math.max(
    1,
    ...drawn.filter((x) => inView(x.centre)).map((x) => countOf(x.shape.key)?.people ?? 0),
  );
  const radius = (n: number): number => (n > 0 ? 3 + 13 * Math.sqrt(n / maxPeople) : 0);

  // The list under the map: the places of this view with people in scope, most people first.
  const rows = useMemo(() => {
    const source =
      mode === 'us' ? [...counts.regions].filter(([k]) => k.startsWith('US-')) : [...counts.countries];
    return source.sort((a, b) => b[1].people - a[1].people || a[0].localeCompare(b[0]));
  }, [counts, mode]);

  const legend = territories
    .map((t) => ({ t, people: countPeople(counts.countries, t.id) }))
    .sort((a, b) => a.t.id - b.t.id);
  const unassigned = countPeople(counts.countries, null);
  const hovered = hover ? drawn.find((x) => x.shape.key === hover.key) : undefined;

  if (!result) {
    return (
      <div className="overview-empty">
        <Text size="sm" c="dimmed">
          The map of places appears when the analysis is ready.
        </Text>
      </div>
    );
  }

  return (
    <ScrollArea className="overview" type="hover" scrollbarSize={8} data-testid="places-panel">
      <Stack gap="sm" p="md">
        <Group justify="space-between" gap={6} wrap="nowrap">
          <Text className="section-title">Map of places</Text>
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => {
              setHover(null);
              setMode(v as Mode);
            }}
            data={[
              { value: 'world', label: 'World' },
              { value: 'europe', label: 'Europe' },
              { value: 'us', label: 'US states' },
            ]}
            aria-label="Places shown"
            data-testid="places-mode"
          />
        </Group>

        {filtering && (
          <Group gap={6} data-testid="places-filter">
            <Text size="xs" c="dimmed">
              Map and table show
            </Text>
            {[...selected].map((key) => (
              <FilterChip
                key={key}
                onRemove={() => remove(key)}
                removeLabel={`Remove ${placeName(key)} from the filter`}
                testId="places-chip"
                place={key}
              >
                {placeName(key)}
              </FilterChip>
            ))}
            {selected.size > 1 && (
              <CloseButton
                size="xs"
                onClick={() => setFilters({ countries: [], regions: [] })}
                aria-label="Clear the place filter"
              />
            )}
          </Group>
        )}

        <div
          ref={ref}
          className={`places-map${filtering ? ' filtering' : ''}`}
          data-testid="places-map"
          data-mode={mode}
          onMouseLeave={() => setHover(null)}
        >
          <svg
            width={w}
            height={h}
            viewBox={`0 0 ${w} ${h}`}
            role="img"
            aria-label={
              mode === 'us' ? 'Map of US states' : mode === 'europe' ? 'Map of Europe' : 'Map of the world'
            }
          >
            <g>
              {drawn.map(({ shape, d }) => {
                const t = territoryOf(shape);
                const n = countOf(shape.key)?.people ?? 0;
                const fill = t ? colors.get(t.territoryId) : undefined;
                return (
                  <path
                    key={shape.key}
                    d={d}
                    className={`place-shape${fill ? '' : n > 0 ? ' people' : ' land'}${selected.has(shape.key) ? ' selected' : ''}`}
                    style={fill ? { fill, fillOpacity: t?.partial ? 0.5 : 0.85 } : undefined}
                    onClick={onPlaceClick(shape.key)}
                    onMouseMove={(e) => {
                      const box = e.currentTarget.ownerSVGElement?.getBoundingClientRect();
                      if (box) setHover({ key: shape.key, x: e.clientX - box.left, y: e.clientY - box.top });
                    }}
                    data-place={shape.key}
                    data-people={n}
                  />
                );
              })}
            </g>
            <g>
              {drawn.map(({ shape, centre }) => {
                const n = countOf(shape.key)?.people ?? 0;
                if (!centre || !inView(centre) || n === 0) return null;
                const r = radius(n);
                return (
                  <g key={shape.key} data-testid="place-bubble">
                    <circle className="place-bubble" cx={centre[0]} cy={centre[1]} r={r} />
                    {r >= 8 && (
                      <text className="place-bubble-label" x={centre[0]} y={centre[1]}>
                        {n >= 1000 ? `${Math.round(n / 100) / 10}k` : n}
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
          </svg>
          {hover && hovered && (
            <PlaceTooltip
              hover={hover}
              width={w}
              name={hovered.shape.name || placeName(hovered.shape.key)}
              count={countOf(hovered.shape.key)}
              territory={territoryOf(hovered.shape)}
              byId={byId}
              selected={selected.has(hovered.shape.key)}
            />
          )}
        </div>

        <div className="places-legend" data-testid="places-legend">
          {legend.map(({ t, people: n }) => (
            <span key={t.id} className="places-legend-item" data-territory={t.name}>
              <span className="places-swatch" style={{ background: colors.get(t.id) }} />
              {t.name}
              <Text span size="11px" c="dimmed" className="num">
                {fmtInt(n)}
              </Text>
            </span>
          ))}
          <span className="places-legend-item">
            <span className="places-swatch people" />
            No territory
            <Text span size="11px" c="dimmed" className="num">
              {fmtInt(unassigned)}
            </Text>
          </span>
          <span className="places-legend-item">
            <span className="places-swatch land" />
            No one in scope
          </span>
        </div>
        <Text size="10.5px" c="dimmed" lh={1.35}>
          Circles: people in scope. A paler fill: only part of the country is in that territory.
          {mode === 'world' ? ' Switch to US states to pick a state.' : ''} Shift-click adds a place.
          {counts.unplaced > 0
            ? ` ${plural(counts.unplaced, 'person', 'people')} in scope have no known place.`
            : ''}
        </Text>

        <section>
          <Group justify="space-between" mb={4}>
            <Text className="section-title">{mode === 'us' ? 'States' : 'Countries'} in scope</Text>
            <Text size="10.5px" c="dimmed">
              people · T1 · T2
            </Text>
          </Group>
          {rows.length === 0 ? (
            <Text size="xs" c="dimmed">
              No one in scope has a known {mode === 'us' ? 'US state' : 'country'}.
            </Text>
          ) : (
            <Stack gap={0} data-testid="places-list">
              {rows.slice(0, 40).map(([key, c]) => {
                const t = territoryOf({
                  key,
                  country: key.slice(0, 2),
                  region: key.includes('-') ? key.slice(3) : null,
                });
                return (
                  <UnstyledButton
                    key={key}
                    className={`place-row${selected.has(key) ? ' selected' : ''}`}
                    onClick={onPlaceClick(key)}
                    data-testid="place-row"
                    data-place={key}
                    aria-pressed={selected.has(key)}
                  >
                    <span
                      className={`places-swatch${t ? '' : ' people'}`}
                      style={t ? { background: colors.get(t.territoryId) } : undefined}
                    />
                    <Tooltip
                      label={
                        t
                          ? `${byId.get(t.territoryId)?.name ?? ''}${t.partial ? ' (part)' : ''}`
                          : 'No territory'
                      }
                      openDelay={400}
                    >
                      <Text size="xs" truncate>
                        {placeName(key)}
                      </Text>
                    </Tooltip>
                    <span className="num">{fmtInt(c.people)}</span>
                    <span className="num">{fmtInt(c.t1)}</span>
                    <span className="num">{fmtInt(c.t2)}</span>
                  </UnstyledButton>
                );
              })}
            </Stack>
          )}
        </section>
      </Stack>
    </ScrollArea>
  );
}

function countPeople(countries: Map<string, PlaceCount>, territory: number | null): number {
  let n = 0;
  for (const c of countries.values()) n += c.byTerritory.get(territory) ?? 0;
  return n;
}

function PlaceTooltip({
  hover,
  width,
  name,
  count,
  territory,
  byId,
  selected,
}: {
  hover: Hover;
  width: number;
  name: string;
  count: PlaceCount | undefined;
  territory: PlaceTerritory | null;
  byId: Map<number, TerritoryInfo>;
  selected: boolean;
}) {
  const left = hover.x + 170 > width ? Math.max(4, hover.x - 170) : hover.x + 12;
  const split = count
    ? [...count.byTerritory]
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([t, n]) => `${t === null ? 'no territory' : (byId.get(t)?.name ?? '?')} ${fmtInt(n)}`)
    : [];
  return (
    <div className="places-tooltip" style={{ left, top: hover.y + 12 }} data-testid="places-tooltip">
      <Text size="xs" fw={600}>
        {name}
      </Text>
      <div>
        {count ? (
          <>
            {plural(count.people, 'person', 'people')} in scope · T1 {fmtInt(count.t1)} · T2{' '}
            {fmtInt(count.t2)}
          </>
        ) : (
          'No one in scope'
        )}
      </div>
      <div>
        Territory:{' '}
        {territory
          ? `${byId.get(territory.territoryId)?.name ?? '?'}${territory.partial ? ' (part of it)' : ''}`
          : 'none'}
      </div>
      {split.length > 1 && (
        <Text size="10.5px" c="dimmed">
          {split.join(' · ')}
        </Text>
      )}
      <Text size="10.5px" c="dimmed">
        {selected ? 'Click to show everyone again' : 'Click to filter the map and the table'}
      </Text>
    </div>
  );
}
