// The map's toolbar: encodings (size by, colour by), live filters shared with the table (tier,
// community, country, territory, minimum link strength, engagement status; regions picked on the Places map
// count too), ego mode, exports (PNG, SVG, GEXF, GraphML) and large-graph settings. It only changes
// the view state; MapView turns that into sigma settings and reducers.
import {
  ActionIcon,
  Badge,
  Button,
  Chip,
  Group,
  Menu,
  MultiSelect,
  type MultiSelectProps,
  Paper,
  Popover,
  SegmentedControl,
  Select,
  Slider,
  Stack,
  Switch,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconAdjustmentsHorizontal, IconDownload, IconFilter, IconSettings } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { Tier } from '../../../shared/analytics/types';
import { COLOR_LABELS, SIZE_LABELS } from '../graph/encode';
import { fmtInt } from '../lib/format';
import { setFilters, setView, store } from '../state/actions';
import { countryCounts, derive } from '../state/selectors';
import { useStore } from '../state/store';
import { useShownResult } from '../state/shown';
import { territoryStore } from '../state/territories';
import {
  COLOR_KEYS,
  filtersActive,
  NO_FILTERS,
  SIZE_KEYS,
  STATUS_FILTERS,
  TIERS,
  type ColorKey,
  type EgoHops,
  type SizeKey,
  type StatusFilter,
} from '../state/view';
import { IconPopover } from './IconPopover';

export type MapExportKind = 'png' | 'svg' | 'gexf' | 'graphml';

const SIZE_DATA = SIZE_KEYS.map((k) => ({ value: k, label: SIZE_LABELS[k] }));
const COLOR_DATA = COLOR_KEYS.map((k) => ({ value: k, label: COLOR_LABELS[k] }));

export function MapToolbar({ onExport }: { onExport: (kind: MapExportKind) => void }) {
  const view = useStore(store, (s) => s.view);
  const hasSelection = useStore(store, (s) => s.selection !== null);
  const filterCount =
    (view.filters.tiers.length > 0 ? 1 : 0) +
    (view.filters.communities.length > 0 ? 1 : 0) +
    (view.filters.countries.length > 0 ? 1 : 0) +
    (view.filters.regions.length > 0 ? 1 : 0) +
    (view.filters.territories.length > 0 ? 1 : 0) +
    (view.filters.minLink > 0 ? 1 : 0) +
    (view.filters.status !== 'all' ? 1 : 0);

  return (
    <Paper className="map-toolbar" shadow="sm" withBorder radius="md" p={4}>
      <Group gap={6} wrap="nowrap" className="map-toolbar-row">
        <Select
          size="xs"
          w={128}
          className="map-toolbar-select"
          data={SIZE_DATA}
          value={view.size}
          onChange={(v) => v && setView({ size: v as SizeKey })}
          allowDeselect={false}
          leftSection={
            <Text size="10px" c="dimmed">
              Size
            </Text>
          }
          leftSectionWidth={34}
          aria-label="Size people by"
          data-testid="map-size-by"
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          size="xs"
          w={176}
          className="map-toolbar-select"
          data={COLOR_DATA}
          value={view.color}
          onChange={(v) => v && setView({ color: v as ColorKey })}
          allowDeselect={false}
          leftSection={
            <Text size="10px" c="dimmed">
              Colour
            </Text>
          }
          leftSectionWidth={44}
          aria-label="Colour people by"
          data-testid="map-color-by"
        />
        <FiltersPopover count={filterCount} />
        <Tooltip
          label={
            hasSelection
              ? 'Ego mode: only the selected person and their co-authors'
              : 'Select a person for ego mode'
          }
          openDelay={300}
        >
          <SegmentedControl
            size="xs"
            value={String(view.ego)}
            onChange={(v) => setView({ ego: Number(v) as EgoHops })}
            disabled={!hasSelection}
            data={[
              { value: '0', label: 'All' },
              { value: '1', label: 'Ego 1' },
              { value: '2', label: 'Ego 2' },
            ]}
            aria-label="Ego mode"
            data-testid="ego-mode"
          />
        </Tooltip>
        <Menu position="bottom-start" shadow="md" withinPortal>
          <Menu.Target>
            <Tooltip label="Export the map" openDelay={300}>
              <ActionIcon variant="default" size={30} aria-label="Export the map" data-testid="map-export">
                <IconDownload size={16} />
              </ActionIcon>
            </Tooltip>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>The view as seen, with its legend</Menu.Label>
            <Menu.Item onClick={() => onExport('png')} data-testid="export-png">
              PNG image
            </Menu.Item>
            <Menu.Item onClick={() => onExport('svg')} data-testid="export-svg">
              SVG drawing
            </Menu.Item>
            <Menu.Divider />
            <Menu.Label>The filtered network</Menu.Label>
            <Menu.Item onClick={() => onExport('gexf')} data-testid="export-gexf">
              GEXF for Gephi
            </Menu.Item>
            <Menu.Item onClick={() => onExport('graphml')} data-testid="export-graphml">
              GraphML (yEd, Cytoscape, NetworkX)
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <SettingsPopover />
      </Group>
    </Paper>
  );
}

function FiltersPopover({ count }: { count: number }) {
  // The option lists (thousands of communities on a big project) are built only while the panel is
  // open, from the deferred result, so a new analysis does not block the UI thread here (issue 5).
  const [opened, setOpened] = useState(false);
  const shown = useShownResult();
  const result = opened ? shown : null;
  const filters = useStore(store, (s) => s.view.filters);
  const territoryList = useStore(territoryStore, (s) => s.territories);
  // A territory filtered by a name no longer in the list (renamed or deleted) stays listed, so it can be removed.
  const territoryNames = [
    ...new Set([
      ...territoryList.map((t) => t.name).sort((a, b) => a.localeCompare(b)),
      ...filters.territories,
    ]),
  ];
  const communities = useMemo(() => {
    if (!result) return [];
    const d = derive(result);
    return d.communityList.map((c) => {
      const leader = c.leaders[0] !== undefined ? d.byId.get(c.leaders[0]) : undefined;
      return { value: String(c.id), label: `C${c.ordinal} · ${leader?.name ?? ''} (${fmtInt(c.size)})` };
    });
  }, [result]);
  const countries = useMemo(
    () =>
      result
        ? countryCounts(result).map((c) => ({ value: c.country, label: `${c.country} (${fmtInt(c.count)})` }))
        : [],
    [result],
  );

  return (
    <Popover
      position="bottom-start"
      shadow="md"
      width={330}
      withArrow
      trapFocus={false}
      opened={opened}
      onChange={setOpened}
    >
      <Popover.Target>
        <Button
          size="xs"
          onClick={() => setOpened((o) => !o)}
          variant={count > 0 ? 'light' : 'default'}
          leftSection={<IconFilter size={14} />}
          rightSection={
            count > 0 ? (
              <Badge size="xs" circle>
                {count}
              </Badge>
            ) : null
          }
          data-testid="map-filters"
        >
          Filters
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="map-filters-panel">
        <Stack gap="sm">
          <Text size="xs" c="dimmed">
            The map and the ranking show only the people who pass every filter.
          </Text>
          <div>
            <Text size="xs" fw={600} mb={4}>
              Tier
            </Text>
            <Chip.Group multiple value={filters.tiers} onChange={(v) => setFilters({ tiers: v as Tier[] })}>
              <Group gap={6}>
                {TIERS.map((t) => (
                  <Chip key={t} value={t} size="xs" data-testid={`filter-tier-${t}`}>
                    {t}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </div>
          <FilterSelect
            label="Community"
            all="All communities"
            data={communities}
            value={filters.communities.map(String)}
            onChange={(v) => setFilters({ communities: v.map(Number) })}
            testId="filter-community"
          />
          <FilterSelect
            label="Country"
            all="All countries"
            data={countries}
            value={filters.countries}
            onChange={(v) => setFilters({ countries: v })}
            testId="filter-country"
          />
          {territoryNames.length > 0 && (
            <FilterSelect
              label="Territory"
              all="All territories"
              data={territoryNames}
              value={filters.territories}
              onChange={(v) => setFilters({ territories: v })}
              testId="filter-territory"
            />
          )}
          {filters.regions.length > 0 ? (
            <Text size="xs" data-testid="filter-regions">
              <Text span size="xs" fw={600}>
                Regions:
              </Text>{' '}
              {filters.regions.join(', ')} (picked on the Places map)
            </Text>
          ) : null}
          <Select
            size="xs"
            label="Engagement status"
            data={[...STATUS_FILTERS]}
            value={filters.status}
            onChange={(v) => setFilters({ status: (v as StatusFilter | null) ?? 'all' })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
            data-testid="filter-status"
          />
          <div>
            <Group justify="space-between">
              <Text size="xs" fw={600}>
                Minimum link strength
              </Text>
              <Text size="xs" c="dimmed" className="num">
                {filters.minLink > 0 ? `≥ ${filters.minLink} joint papers` : 'any link'}
              </Text>
            </Group>
            <Slider
              size="sm"
              min={0}
              max={5}
              step={0.25}
              value={filters.minLink}
              onChange={(v) => setFilters({ minLink: v })}
              label={(v) => (v > 0 ? `≥ ${v}` : 'any')}
              mt={6}
              aria-label="Minimum link strength"
              data-testid="filter-min-link"
            />
            <Text size="10.5px" c="dimmed" mt={4}>
              Strength counts shared papers fractionally (a paper with n authors adds 1/(n−1) per pair).
            </Text>
          </div>
          <Group justify="flex-end">
            <Button
              size="xs"
              variant="subtle"
              disabled={!filtersActive(filters)}
              onClick={() => setFilters(NO_FILTERS)}
              data-testid="filters-clear"
            >
              Clear filters
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** One of the filter panel's pick lists; nothing picked shows every value (`all`, e.g. "All countries"). */
function FilterSelect({
  label,
  all,
  data,
  value,
  onChange,
  testId,
}: {
  label: string;
  all: string;
  data: MultiSelectProps['data'];
  value: string[];
  onChange: (value: string[]) => void;
  testId: string;
}) {
  return (
    <MultiSelect
      size="xs"
      label={label}
      placeholder={value.length ? undefined : all}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      maxDropdownHeight={240}
      comboboxProps={{ withinPortal: false }}
      data-testid={testId}
    />
  );
}

function SettingsPopover() {
  const hideEdges = useStore(store, (s) => s.view.hideEdgesOnMove);
  const hideLabels = useStore(store, (s) => s.view.hideLabelsOnMove);
  return (
    <IconPopover
      label="Map settings"
      testId="map-settings"
      icon={<IconSettings size={16} />}
      size={30}
      width={260}
      position="bottom-start"
    >
      <Stack gap="xs">
        <Group gap={6}>
          <IconAdjustmentsHorizontal size={14} />
          <Text size="xs" fw={600}>
            Large networks
          </Text>
        </Group>
        <Switch
          size="xs"
          label="Hide links while moving"
          checked={hideEdges}
          onChange={(e) => setView({ hideEdgesOnMove: e.currentTarget.checked })}
        />
        <Switch
          size="xs"
          label="Hide labels while moving"
          checked={hideLabels}
          onChange={(e) => setView({ hideLabelsOnMove: e.currentTarget.checked })}
        />
        <Text size="10.5px" c="dimmed">
          Both keep panning and zooming smooth on networks of thousands of people.
        </Text>
      </Stack>
    </IconPopover>
  );
}
