// The ranking table: every person in scope, virtualised (TanStack Virtual) so 100k rows scroll
// smoothly, sortable by any column (TanStack Table), with a quick filter over names, institutions
// and places. It shows the people who pass the map's live filters (and ego mode); a column chooser
// hides columns. Selecting a row selects the person everywhere; a selection made elsewhere scrolls here.
import { ActionIcon, Checkbox, CloseButton, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconArrowDown,
  IconArrowUp,
  IconChevronDown,
  IconColumns3,
  IconSearch,
  IconSelector,
} from '@tabler/icons-react';
import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  filterFn_includesString,
  globalFilteringFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { IconPopover } from '../components/IconPopover';
import { COMPONENT_RULES, type AnalysisResult, type RankedPerson } from '../../../shared/analytics/types';
import {
  ENGAGEMENT_STATUSES,
  PRIORITIES,
  type Engagement,
  type EngagementStatus,
  type Priority,
} from '../../../shared/api';
import { CommunityDot, communityLabel } from '../components/CommunityDot';
import { ScoreBar } from '../components/ScoreBar';
import { FilterChip, firstAndMore } from '../components/FilterChip';
import { TierBadge } from '../components/TierBadge';
import { countryName, fmtInt, fmtPagerank } from '../lib/format';
import { pagedRankingOf, selectPerson, setFilters, setTableRows, setView, store } from '../state/actions';
import { derive, peopleInScope, visiblePeople } from '../state/selectors';
import { useShownResult } from '../state/shown';
import { STATUS_FILTERS, type StatusFilter } from '../state/view';
import { useStore } from '../state/store';
import { territoryStore, updateEngagement } from '../state/territories';
import '../styles/engagement.css';
import { usePagedRows, WINDOW_ROWS } from './pagedRanking';

const ROW_HEIGHT = 32;

const features = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  sortedRowModel: createSortedRowModel(),
  filteredRowModel: createFilteredRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
  filterFns: { includesString: filterFn_includesString },
});

/** The quick filter looks at these columns only (not at numbers). */
const FILTERED_COLUMNS = new Set(['name', 'institution', 'country', 'territory']);

const ResultContext = createContext<AnalysisResult | null>(null);

function CommunityCell({ community }: { community: number }) {
  const result = useContext(ResultContext);
  const style = result ? derive(result).communities.get(community) : undefined;
  return <CommunityDot color={style?.color} label={communityLabel(style, community)} />;
}

function PagerankCell({ value }: { value: number }) {
  const result = useContext(ResultContext);
  const n = result ? peopleInScope(result) : 1;
  return <span title={`PageRank ${value.toExponential(3)}`}>{fmtPagerank(value, n)}</span>;
}

const STATUS_LABEL: Record<EngagementStatus, string> = {
  'not-contacted': 'Not contacted',
  planned: 'Planned',
  engaged: 'Engaged',
};
const PRIORITY_LABEL: Record<Priority, string> = { high: 'High', medium: 'Medium', low: 'Low' };
const STATUS_ORDER: Record<EngagementStatus, number> = { 'not-contacted': 0, planned: 1, engaged: 2 };
const PRIORITY_ORDER: Record<Priority | 'none', number> = { none: 0, low: 1, medium: 2, high: 3 };

/** The current engagement of a person (sorting reads it; the cells subscribe to it). */
const engagementOf = (id: number): Engagement | undefined => territoryStore.get().engagements.get(id);

function saveEngagement(id: number, patch: Partial<Pick<Engagement, 'status' | 'priority'>>): Promise<void> {
  return updateEngagement(id, patch).then(
    () => undefined,
    (err: unknown) => {
      notifications.show({
        color: 'red',
        title: 'Could not save the engagement',
        message: err instanceof Error ? err.message : String(err),
      });
    },
  );
}

/**
 * Status or priority in a cell, changed through a small select that saves at once. The select is
 * created only once the pointer reaches the cell or the row is selected (a keyboard user selects the
 * row with the arrows, then Tab reaches its two selects): two native selects in every drawn row were
 * about half of the style and layout work of a new ranking (issue 5's 100 ms UI-thread budget).
 */
function EngagementCell({ id, name, field }: { id: number; name: string; field: 'status' | 'priority' }) {
  const e = useStore(territoryStore, (s) => s.engagements.get(id));
  const selected = useStore(store, (s) => s.selection?.id === id);
  const [pointed, setPointed] = useState(false);
  // The choice shows at once; the stored value takes over when the save settles.
  const [pending, setPending] = useState<string | null>(null);
  const value = pending ?? (field === 'status' ? (e?.status ?? 'not-contacted') : (e?.priority ?? ''));
  const label =
    field === 'status'
      ? STATUS_LABEL[value as EngagementStatus]
      : value
        ? PRIORITY_LABEL[value as Priority]
        : '–';
  // The label is plain text (a click on it selects the row, as on any cell); the select sits, invisible,
  // over the chevron only, so clicking a row to open a profile never opens a dropdown by accident.
  return (
    <span
      className={`cell-engagement ${field}-${value || 'none'}`}
      onPointerEnter={pointed ? undefined : () => setPointed(true)}
      data-testid={`${field}-cell`}
    >
      <span className="cell-engagement-label">{label}</span>
      <IconChevronDown size={13} className="cell-engagement-chevron" aria-hidden />
      {(pointed || selected || pending !== null) && (
        <select
          className="cell-select"
          title={field === 'status' ? 'Change the engagement status' : 'Change the priority'}
          value={value}
          onClick={(ev) => ev.stopPropagation()}
          onKeyDown={(ev) => ev.stopPropagation()}
          onChange={(ev) => {
            const v = ev.currentTarget.value;
            setPending(v);
            void saveEngagement(
              id,
              field === 'status'
                ? { status: v as EngagementStatus }
                : { priority: (v || null) as Priority | null },
            ).finally(() => setPending(null));
          }}
          aria-label={`${field === 'status' ? 'Engagement status' : 'Priority'} of ${name}`}
          data-testid={`${field}-select`}
        >
          {field === 'status' ? (
            ENGAGEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))
          ) : (
            <>
              <option value="">–</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABEL[p]}
                </option>
              ))}
            </>
          )}
        </select>
      )}
    </span>
  );
}

const helper = createColumnHelper<typeof features, RankedPerson>();

/** A text cell: cut with "…" and whole on hover; a dash when empty. */
function TextCell({ value }: { value: string }) {
  return (
    <span className="truncate" title={value || undefined}>
      {value || <span className="dim">–</span>}
    </span>
  );
}

const columns = helper.columns([
  helper.accessor('rank', {
    id: 'rank',
    header: '#',
    sortFn: 'basic',
    cell: (info) => <span className="num dim">{info.getValue()}</span>,
  }),
  helper.accessor('name', {
    id: 'name',
    header: 'Name',
    sortFn: 'alphanumeric',
    cell: (info) => (
      // The whole name on hover: long names are cut with "…" when the window is narrow.
      <span className="name-cell" title={info.getValue()}>
        {info.getValue()}
      </span>
    ),
  }),
  helper.accessor('score', {
    id: 'score',
    header: 'Score',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => <ScoreBar person={info.row.original} />,
  }),
  helper.accessor('tier', {
    id: 'tier',
    header: 'Tier',
    sortFn: 'alphanumeric',
    cell: (info) => <TierBadge tier={info.getValue()} />,
  }),
  helper.accessor((p) => STATUS_ORDER[engagementOf(p.id)?.status ?? 'not-contacted'], {
    id: 'status',
    header: 'Status',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => <EngagementCell id={info.row.original.id} name={info.row.original.name} field="status" />,
  }),
  helper.accessor((p) => PRIORITY_ORDER[engagementOf(p.id)?.priority ?? 'none'], {
    id: 'priority',
    header: 'Priority',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => (
      <EngagementCell id={info.row.original.id} name={info.row.original.name} field="priority" />
    ),
  }),
  helper.accessor('publications', {
    id: 'publications',
    header: 'Pubs',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => <span className="num">{fmtInt(info.getValue())}</span>,
  }),
  helper.accessor((p) => p.firstAuthor + p.lastAuthor, {
    id: 'firstLast',
    header: 'First/last',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => (
      <span className="num" title="first-author / last-author papers">
        {info.row.original.firstAuthor}
        <span className="dim"> / </span>
        {info.row.original.lastAuthor}
      </span>
    ),
  }),
  helper.accessor((p) => p.citations ?? -1, {
    id: 'citations',
    header: 'Citations',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => <span className="num">{fmtInt(info.row.original.citations)}</span>,
  }),
  helper.accessor('coauthors', {
    id: 'coauthors',
    header: 'Co-authors',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => <span className="num">{fmtInt(info.getValue())}</span>,
  }),
  // Trials in scope in any role; '–' when the scope holds no trial data.
  helper.accessor((p) => (p.trials ? p.trials.principal + p.trials.investigator + p.trials.contact : -1), {
    id: 'trials',
    header: 'Trials',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => <span className="num">{fmtInt(info.getValue() < 0 ? null : info.getValue())}</span>,
  }),
  helper.accessor('pagerank', {
    id: 'pagerank',
    header: 'PageRank',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => (
      <span className="num">
        <PagerankCell value={info.getValue()} />
      </span>
    ),
  }),
  helper.accessor('community', {
    id: 'community',
    header: 'Comm.',
    sortFn: 'basic',
    cell: (info) => <CommunityCell community={info.getValue()} />,
  }),
  helper.accessor((p) => p.institution ?? '', {
    id: 'institution',
    header: 'Institution',
    sortFn: 'alphanumeric',
    cell: (info) => <TextCell value={info.getValue()} />,
  }),
  helper.accessor((p) => p.country ?? '', {
    id: 'country',
    header: 'Country',
    sortFn: 'alphanumeric',
    cell: (info) => <TextCell value={info.getValue()} />,
  }),
  helper.accessor((p) => p.territory ?? '', {
    id: 'territory',
    header: 'Territory',
    sortFn: 'alphanumeric',
    cell: (info) => <TextCell value={info.getValue()} />,
  }),
]);

/** Column layout: CSS grid tracks, alignment and header tooltips, by column id. */
const LAYOUT: Record<string, { track: string; align?: 'right' | 'center'; title: string }> = {
  rank: { track: '56px', align: 'right', title: 'Rank by score' },
  name: { track: 'minmax(140px, 1.3fr)', title: 'Name' },
  score: { track: '116px', title: 'Score 0–100; the bar shows its parts' },
  tier: {
    track: '50px',
    align: 'center',
    title: 'Tier by score percentile: T1 top 5%, T2 next 15%, T3 next 30%',
  },
  status: {
    track: '112px',
    title: 'Engagement status (change it here or in the profile; every change is kept)',
  },
  priority: { track: '66px', title: 'Engagement priority' },
  publications: { track: '52px', align: 'right', title: COMPONENT_RULES.publications.rule },
  firstLast: { track: '72px', align: 'right', title: COMPONENT_RULES.firstLast.rule },
  citations: { track: '72px', align: 'right', title: COMPONENT_RULES.citations.rule },
  coauthors: { track: '80px', align: 'right', title: COMPONENT_RULES.coauthors.rule },
  trials: { track: '56px', align: 'right', title: COMPONENT_RULES.trials.rule },
  pagerank: {
    track: '76px',
    align: 'right',
    title: 'PageRank relative to the average person (1.00 = average)',
  },
  community: { track: '62px', title: 'Community (C1 is the largest)' },
  institution: { track: 'minmax(130px, 1.5fr)', title: 'Current institution' },
  country: { track: 'minmax(84px, 0.5fr)', title: 'Country' },
  territory: {
    track: 'minmax(96px, 0.7fr)',
    title: 'MSL territory (by current institution, or assigned by hand)',
  },
};
/** Columns that cannot be hidden (a row must say who it is). */
const FIXED_COLUMNS = new Set(['rank', 'name']);
const HEADERS: Record<string, string> = {
  score: 'Score',
  tier: 'Tier',
  status: 'Engagement status',
  priority: 'Priority',
  publications: 'Publications',
  firstLast: 'First/last author',
  citations: 'Citations',
  coauthors: 'Co-authors',
  trials: 'Trials',
  pagerank: 'PageRank',
  community: 'Community',
  institution: 'Institution',
  country: 'Country',
  territory: 'Territory',
};
const EMPTY: RankedPerson[] = [];

/** "Germany" for "DE"; a region key ("US-CA") as it is. */
const placeLabel = (key: string): string => (key.includes('-') ? key : (countryName(key) ?? key));

/** Columns left out because the scope has no data for them, with the reason the column chooser gives. */
type AbsentColumns = ReadonlyMap<string, string>;

function ColumnChooser({ hidden, absent }: { hidden: string[]; absent: AbsentColumns }) {
  const set = new Set(hidden);
  return (
    <IconPopover
      label="Choose columns"
      testId="column-chooser"
      icon={<IconColumns3 size={15} />}
      size={26}
      width={200}
      position="bottom-end"
    >
      <Stack gap={6}>
        {Object.entries(HEADERS).map(([id, label]) => (
          <Checkbox
            key={id}
            size="xs"
            label={absent.has(id) ? `${label} (${absent.get(id)})` : label}
            disabled={absent.has(id)}
            checked={!set.has(id) && !absent.has(id)}
            onChange={(e) =>
              setView({
                hiddenColumns: e.currentTarget.checked ? hidden.filter((h) => h !== id) : [...hidden, id],
              })
            }
            data-testid={`column-toggle-${id}`}
          />
        ))}
      </Stack>
    </IconPopover>
  );
}

export function RankingTable() {
  // The result as shown: a new one renders in a transition that yields to the browser (issue 5).
  const result = useShownResult();
  const selection = useStore(store, (s) => s.selection);
  const filters = useStore(store, (s) => s.view.filters);
  const ego = useStore(store, (s) => s.view.ego);
  const hiddenColumns = useStore(store, (s) => s.view.hiddenColumns);
  const egoCentre = ego > 0 ? (selection?.id ?? null) : null;
  const engagements = useStore(territoryStore, (s) => s.engagements);
  // The engagement status filter is one of the live filters: the map shows the same people.
  const shown = result ? visiblePeople(result, filters, ego, egoCentre, engagements).people : EMPTY;
  const [sorting, setSorting] = useState<SortingState>([]);
  const byEngagement = sorting.some((s) => s.id === 'status' || s.id === 'priority');
  // A fresh array when engagements change while sorted by them (the table re-sorts on new data only).
  const data = useMemo(
    () => (byEngagement ? [...shown] : shown),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- engagements: re-sort on their change
    [shown, engagements, byEngagement],
  );
  const placeFilter = [...filters.countries, ...filters.regions];
  const total = result ? peopleInScope(result) : 0;
  // Without trial data in scope the Trials column would be a column of dashes: it is left out.
  // Likewise the Territory column while nobody in scope is in a territory.
  const absent = useMemo(() => {
    const out = new Map<string, string>();
    if (!result?.people.some((p) => p.trials)) out.set('trials', 'no trial data in scope');
    if (!result?.people.some((p) => p.territory)) out.set('territory', 'nobody in a territory');
    return out;
  }, [result]);
  const shownColumns = useMemo(
    () =>
      columns.filter(
        (c) =>
          FIXED_COLUMNS.has(c.id ?? '') || (!hiddenColumns.includes(c.id ?? '') && !absent.has(c.id ?? '')),
      ),
    [hiddenColumns, absent],
  );
  // Ranks past 99,999 (a paged ranking, issue 8) need a wider rank column.
  const wideRank = result !== null && pagedRankingOf(result) !== null;
  const grid = shownColumns
    .map((c) => (c.id === 'rank' && wideRank ? '72px' : (LAYOUT[c.id ?? '']?.track ?? '100px')))
    .join(' ');
  const [filterText, setFilterText] = useState('');
  const [globalFilter] = useDebouncedValue(filterText.trim(), 150);
  const scrollRef = useRef<HTMLDivElement>(null);
  // A result too big for the page is its cached head only (issue 8): the plain ranking (no sorting, no
  // filter) pages the rest from the back end, WINDOW_ROWS rows of it at a time.
  const paged = result ? pagedRankingOf(result) : null;
  const headCount = result?.people.length ?? 0;
  const [windowStart, setWindowStart] = useState(0);
  const [windowOf, setWindowOf] = useState(paged);
  if (windowOf !== paged) {
    setWindowOf(paged);
    setWindowStart(0);
  }

  // Unsorted and unfiltered (the usual view when a result arrives), the rows are the people in rank
  // order as they are: the table models only the rows on screen, not a row object per person (that
  // cost ~160 ms at 100k people on every new result). Sorting or the quick filter use the full model.
  const plain = sorting.length === 0 && globalFilter === '';
  const table = useTable({
    features,
    columns: shownColumns,
    data: plain ? EMPTY : data,
    state: { sorting, globalFilter },
    onSortingChange: setSorting,
    globalFilterFn: 'includesString',
    getColumnCanGlobalFilter: (column) => FILTERED_COLUMNS.has(column.id),
    getRowId: (p) => String(p.id),
    enableSortingRemoval: true,
  });
  const fullRows = plain ? null : table.getRowModel().rows;
  // The people in the order the table shows them.
  const ordered = useMemo(() => (fullRows ? fullRows.map((r) => r.original) : data), [fullRows, data]);

  const pagedMode = paged !== null && plain && result !== null && shown === result.people;
  const offset = pagedMode ? windowStart : 0;
  const rowCount = pagedMode ? Math.max(0, Math.min(WINDOW_ROWS, paged.total - offset)) : ordered.length;
  // TanStack Virtual returns fresh functions each render; nothing here is compiler-memoised, so the
  // compiler's skip is harmless.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const pagedRow = usePagedRows(pagedMode ? paged : null, Math.max(offset + first, headCount), offset + last);
  // Paged: each row on screen is a head person, a row read from the back end, or pending (undefined, or
  // the error that stopped it); slotOf maps a row to its place in windowData.
  const slots: (RankedPerson | string | undefined)[] = [];
  if (pagedMode) {
    for (let i = first; i <= last; i++)
      slots.push(offset + i < headCount ? data[offset + i] : pagedRow(offset + i));
  }
  const pagedData = slots.filter((x): x is RankedPerson => typeof x === 'object');
  const plainData = useMemo(() => (plain ? data.slice(first, last + 1) : EMPTY), [plain, data, first, last]);
  const windowData = pagedMode ? pagedData : plainData;
  const slotOf: number[] = [];
  for (let i = 0, n = 0; i < slots.length; i++) slotOf.push(typeof slots[i] === 'object' ? n++ : -1);
  const windowTable = useTable({
    features,
    columns: shownColumns,
    data: windowData,
    state: { sorting: [], globalFilter: '' },
    getRowId: (p) => String(p.id),
  });
  const windowRows = plain ? windowTable.getRowModel().rows : null;
  const rowAt = (index: number) =>
    pagedMode
      ? windowRows?.[slotOf[index - first] ?? -1]
      : windowRows
        ? windowRows[index - first]
        : fullRows?.[index];
  const CellRender = windowRows ? windowTable.FlexRender : table.FlexRender;

  // Export uses exactly what the table shows: this order, this filter.
  useEffect(() => {
    setTableRows(ordered);
  }, [ordered]);
  useEffect(() => () => setTableRows(null), []);

  // A person selected on the map or in the search: bring their row into view.
  const selectedId = selection?.id ?? null;
  const selectionSource = selection?.source;
  const selectionSerial = selection?.serial;
  useEffect(() => {
    if (selectedId === null || selectionSource === 'table') return;
    const index = ordered.findIndex((p) => p.id === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
    // Serial: re-selecting the same person scrolls again.
  }, [selectedId, selectionSource, selectionSerial, ordered, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    // Paged (issue 8): the arrow keys move through the loaded head, in the first window only.
    if (pagedMode && offset > 0) return;
    e.preventDefault();
    const current = ordered.findIndex((p) => p.id === selectedId);
    const next = Math.max(0, Math.min(ordered.length - 1, current + (e.key === 'ArrowDown' ? 1 : -1)));
    const person = ordered[next];
    if (!person) return;
    selectPerson(person.id, 'table');
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const filtered = !pagedMode && ordered.length !== total;
  const windowEnd = offset + rowCount;

  return (
    <ResultContext value={result}>
      <div className="ranking">
        <Group className="pane-toolbar" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap={8} wrap="nowrap" style={{ flex: 1 }}>
            <Text fw={600} size="sm">
              Ranking
            </Text>
            <Text size="xs" c="dimmed" data-testid="ranking-count">
              {filtered ? `${fmtInt(ordered.length)} of ${fmtInt(total)} people` : `${fmtInt(total)} people`}
            </Text>
            {placeFilter.length > 0 && (
              <FilterChip
                onRemove={() => setFilters({ countries: [], regions: [] })}
                removeLabel="Clear the place filter"
                testId="ranking-place-chip"
                title={placeFilter.map(placeLabel).join(', ')}
              >
                {firstAndMore(placeFilter.map(placeLabel))}
              </FilterChip>
            )}
            {filters.territories.length > 0 && (
              <FilterChip
                color="grape"
                onRemove={() => setFilters({ territories: [] })}
                removeLabel="Clear the territory filter"
                testId="ranking-territory-chip"
                title={`Territory: ${filters.territories.join(', ')}`}
              >
                {firstAndMore(filters.territories)}
              </FilterChip>
            )}
          </Group>
          <TextInput
            size="xs"
            w={260}
            placeholder="Filter by name, institution, country"
            value={filterText}
            onChange={(e) => setFilterText(e.currentTarget.value)}
            leftSection={<IconSearch size={14} />}
            rightSection={
              filterText ? (
                <CloseButton size="xs" onClick={() => setFilterText('')} aria-label="Clear filter" />
              ) : null
            }
            aria-label="Filter the ranking"
            data-testid="ranking-filter"
          />
          <Select
            size="xs"
            w={150}
            data={[...STATUS_FILTERS]}
            value={filters.status}
            onChange={(v) => setFilters({ status: (v as StatusFilter | null) ?? 'all' })}
            allowDeselect={false}
            aria-label="Filter by engagement status"
            data-testid="status-filter"
          />
          <ColumnChooser hidden={hiddenColumns} absent={absent} />
        </Group>
        {paged && (
          <Group className="ranking-paged" gap={8} wrap="nowrap" px="sm" py={4} data-testid="ranking-paged">
            <Text size="xs" c="dimmed" style={{ flex: 1 }} data-testid="ranking-paged-note">
              {pagedMode
                ? `Too many people to load at once: past the top ${fmtInt(headCount)}, rows are read from the project as you scroll. `
                : `Sorted or filtered, the table holds the top ${fmtInt(headCount)} of ${fmtInt(paged.total)} people only. `}
              The map, search, sorting, filters, places, territories and the CSV export cover the top{' '}
              {fmtInt(headCount)}; for the whole ranked list use kolmap rank --out.
            </Text>
            {pagedMode && paged.total > WINDOW_ROWS && (
              <Group gap={4} wrap="nowrap">
                <Text size="xs" c="dimmed" data-testid="ranking-window">
                  Ranks {fmtInt(offset + 1)}–{fmtInt(windowEnd)}
                </Text>
                <ActionIcon
                  variant="default"
                  size={22}
                  disabled={offset === 0}
                  onClick={() => {
                    setWindowStart(Math.max(0, offset - WINDOW_ROWS));
                    virtualizer.scrollToIndex(0);
                  }}
                  aria-label={`Previous ${fmtInt(WINDOW_ROWS)} ranks`}
                  data-testid="ranking-window-previous"
                >
                  <IconArrowUp size={13} />
                </ActionIcon>
                <ActionIcon
                  variant="default"
                  size={22}
                  disabled={windowEnd >= paged.total}
                  onClick={() => {
                    setWindowStart(offset + WINDOW_ROWS);
                    virtualizer.scrollToIndex(0);
                  }}
                  aria-label={`Next ${fmtInt(WINDOW_ROWS)} ranks`}
                  data-testid="ranking-window-next"
                >
                  <IconArrowDown size={13} />
                </ActionIcon>
              </Group>
            )}
          </Group>
        )}

        <div
          ref={scrollRef}
          className="ranking-scroll"
          tabIndex={0}
          onKeyDown={onKeyDown}
          role="table"
          aria-label="Ranked people"
          aria-rowcount={(pagedMode ? paged.total : ordered.length) + 1}
          data-testid="ranking-table"
        >
          <div className="ranking-inner">
            <div className="ranking-header" role="row" style={{ gridTemplateColumns: grid }}>
              {table.getHeaderGroups()[0]?.headers.map((header) => {
                const layout = LAYOUT[header.column.id];
                const sorted = header.column.getIsSorted();
                return (
                  <div
                    key={header.id}
                    role="columnheader"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                    className={`ranking-th align-${layout?.align ?? 'left'}${sorted ? ' sorted' : ''}`}
                    title={layout?.title}
                  >
                    <button type="button" onClick={header.column.getToggleSortingHandler()}>
                      <span className="truncate">
                        <table.FlexRender header={header} />
                      </span>
                      {sorted === 'asc' ? (
                        <IconArrowUp size={12} className="sort-icon" />
                      ) : sorted === 'desc' ? (
                        <IconArrowDown size={12} className="sort-icon" />
                      ) : (
                        <IconSelector size={12} className="sort-icon sort-hint" />
                      )}
                    </button>
                  </div>
                );
              })}
            </div>

            <div className="ranking-body" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => {
                const row = rowAt(item.index);
                if (!row && pagedMode) {
                  const slot = slots[item.index - first];
                  return (
                    <div
                      key={`pending-${offset + item.index}`}
                      role="row"
                      aria-rowindex={offset + item.index + 2}
                      data-testid="rank-row-pending"
                      className={`ranking-row pending${item.index % 2 ? ' odd' : ''}`}
                      style={{
                        gridTemplateColumns: grid,
                        height: ROW_HEIGHT,
                        transform: `translateY(${item.start}px)`,
                      }}
                    >
                      <span className="num dim">{fmtInt(offset + item.index + 1)}</span>
                      <span className="dim">{typeof slot === 'string' ? slot : 'Loading…'}</span>
                    </div>
                  );
                }
                if (!row) return null;
                const person = row.original;
                const selected = person.id === selectedId;
                return (
                  <div
                    key={row.id}
                    role="row"
                    aria-rowindex={offset + item.index + 2}
                    aria-selected={selected}
                    data-testid="rank-row"
                    data-person-id={person.id}
                    className={`ranking-row${selected ? ' selected' : ''}${item.index % 2 ? ' odd' : ''}`}
                    style={{
                      gridTemplateColumns: grid,
                      height: ROW_HEIGHT,
                      transform: `translateY(${item.start}px)`,
                    }}
                    onClick={() => selectPerson(person.id, 'table')}
                  >
                    {row.getAllCells().map((cell) => (
                      <div
                        key={cell.id}
                        role="cell"
                        className={`ranking-td align-${LAYOUT[cell.column.id]?.align ?? 'left'}`}
                      >
                        <CellRender cell={cell} />
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
            {ordered.length === 0 && total > 0 && (
              <Text size="sm" c="dimmed" ta="center" py="lg">
                {globalFilter ? `No one matches “${globalFilter}”.` : 'No one passes the filters.'}
              </Text>
            )}
          </div>
        </div>
      </div>
    </ResultContext>
  );
}
