// The Territories tab of the inspector (issue 7): each territory with its MSL, load against capacity,
// T1/T2 counts and communities touched; the gaps across territories; the next best experts per
// territory with their reasons; and the editor to create, change or delete a territory. Coverage is
// derived from the analysis result, the territories and the engagements (shared/analytics/territory).
import {
  ActionIcon,
  Alert,
  Autocomplete,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Progress,
  ScrollArea,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import {
  IconCheck,
  IconFilter,
  IconFilterOff,
  IconFolder,
  IconMapPin2,
  IconPencil,
  IconPlus,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { TerritoryInfo, TerritoryPlace } from '../../../shared/api';
import { countryCode, isCountryCode, northAmericanRegion } from '../../../shared/formats/places';
import {
  assignTerritories,
  groupCoverage,
  territoryCoverage,
  type CoverageReport,
  type GroupCoverage,
  type TerritoryCoverage,
} from '../../../shared/analytics/territory';
import type { AnalysisResult } from '../../../shared/analytics/types';
import { CommunityDot } from '../components/CommunityDot';
import { TierBadge } from '../components/TierBadge';
import { countryName, fmtFixed, fmtInt, plural } from '../lib/format';
import { selectPerson, setFilters, store } from '../state/actions';
import { derive } from '../state/selectors';
import { useStore } from '../state/store';
import { deleteTerritory, saveTerritory, setRegionGroup, territoryStore } from '../state/territories';

const coverageCache = new WeakMap<AnalysisResult, { key: unknown[]; report: CoverageReport }>();

/** Coverage of the current analysis, recomputed when the result, territories or engagements change. */
export function useCoverage(): CoverageReport | null {
  const result = useStore(store, (s) => s.analysis.result);
  const territories = useStore(territoryStore, (s) => s.territories);
  const engagements = useStore(territoryStore, (s) => s.engagements);
  return useMemo(() => {
    if (!result) return null;
    const hit = coverageCache.get(result);
    if (hit && hit.key[0] === territories && hit.key[1] === engagements) return hit.report;
    const assigned = assignTerritories(result.people, territories);
    const statuses = new Map([...engagements.values()].map((e) => [e.authorId, e.status]));
    const report = territoryCoverage(result, territories, assigned, statuses);
    coverageCache.set(result, { key: [territories, engagements], report });
    return report;
  }, [result, territories, engagements]);
}

const placeLabel = (p: TerritoryPlace): string => (p.region ? `${p.country}-${p.region}` : p.country);

export function TerritoriesPanel() {
  const state = useStore(territoryStore, (s) => s);
  const report = useCoverage();
  const [editing, setEditing] = useState<TerritoryInfo | 'new' | null>(null);
  const groups = useMemo(
    () => (report ? groupCoverage(report.territories, state.territories) : []),
    [report, state.territories],
  );

  return (
    <ScrollArea className="overview" type="hover" scrollbarSize={8} data-testid="territories-panel">
      <Stack gap="lg" p="md">
        {state.error && (
          <Alert color="red" variant="light" title="Could not load the territories">
            {state.error}
          </Alert>
        )}
        <section>
          <Group justify="space-between" mb={6}>
            <Text className="section-title">Territories</Text>
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconPlus size={13} />}
              onClick={() => setEditing('new')}
              data-testid="territory-new"
            >
              New territory
            </Button>
          </Group>
          {state.territories.length === 0 ? (
            <Text size="xs" c="dimmed">
              No territories yet. Create one here (countries or regions such as US-CA), or import a CSV with{' '}
              <Text span ff="monospace" size="xs">
                kolmap territory import
              </Text>
              .
            </Text>
          ) : (
            <Stack gap={8}>
              {groups.map((g) => (
                <Stack key={g.group ?? ''} gap={8} data-testid="territory-group" data-group={g.group ?? ''}>
                  {(groups.length > 1 || g.group !== null) && <GroupHeader group={g} />}
                  {g.territoryIds.map((id) => {
                    const t = state.territories.find((x) => x.id === id);
                    const c = report?.territories.find((x) => x.territoryId === id);
                    return t && c ? (
                      <TerritoryCard key={id} territory={t} coverage={c} onEdit={() => setEditing(t)} />
                    ) : null;
                  })}
                </Stack>
              ))}
            </Stack>
          )}
        </section>
        {report && state.territories.length > 0 && <Gaps report={report} />}
        {report && state.territories.length > 0 && <NextBest report={report} />}
      </Stack>
      <TerritoryEditor editing={editing} onClose={() => setEditing(null)} />
    </ScrollArea>
  );
}

/** A region group: its coverage rolled up over its territories, and renaming it in place. */
function GroupHeader({ group: g }: { group: GroupCoverage }) {
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rename = async () => {
    const next = (name ?? '').trim();
    if (!next) return setError('Give the group a name.');
    try {
      await setRegionGroup(g.territoryIds, next);
      setName(null);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="territory-group" data-testid="group-header">
      {name === null ? (
        <Group justify="space-between" wrap="nowrap" gap={6}>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <IconFolder size={14} style={{ flex: 'none' }} />
            <Text size="xs" fw={700} truncate data-testid="group-name">
              {g.group ?? 'No group'}
            </Text>
            <Text size="10.5px" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {plural(g.territoryIds.length, 'territory', 'territories')}
            </Text>
          </Group>
          {g.group !== null && (
            <Tooltip label="Rename group" openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                onClick={() => setName(g.group)}
                aria-label={`Rename group ${g.group}`}
              >
                <IconPencil size={13} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <Group gap={4} wrap="nowrap">
            <TextInput
              size="xs"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              aria-label="Group name"
              error={error}
              style={{ flex: 1 }}
              data-autofocus
              autoFocus
              data-testid="group-rename"
            />
            <ActionIcon type="submit" variant="light" size="md" aria-label="Save the group name">
              <IconCheck size={14} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="md"
              onClick={() => {
                setName(null);
                setError(null);
              }}
              aria-label="Cancel renaming"
            >
              <IconX size={14} />
            </ActionIcon>
          </Group>
        </form>
      )}
      <Text size="10.5px" c="dimmed" mt={2} data-testid="group-rollup">
        T1 {fmtInt(g.t1)} · T2 {fmtInt(g.t2)} · load {fmtInt(g.load)}
        {g.capacity !== null ? ` / ${fmtInt(g.capacity)}` : ''}
        {g.overCapacity > 0 ? ` (${g.overCapacity} over capacity)` : ''} · {g.engaged} engaged · communities
        touched {g.communitiesTouched.length} of {g.communities.length}
      </Text>
    </div>
  );
}

function TerritoryCard({
  territory,
  coverage: c,
  onEdit,
}: {
  territory: TerritoryInfo;
  coverage: TerritoryCoverage;
  onEdit: () => void;
}) {
  const pct = c.capacity ? Math.min(100, (c.load / c.capacity) * 100) : 0;
  const shown = useStore(store, (s) => s.view.filters.territories.includes(territory.name));
  return (
    <div className="territory-card" data-testid="territory-card" data-territory={territory.name}>
      <Group justify="space-between" wrap="nowrap" gap={6}>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>
            {territory.name}
          </Text>
          <Text size="10.5px" c="dimmed" truncate>
            {territory.msl ?? 'No MSL'} · {territory.places.map(placeLabel).join(', ') || 'no places'}
          </Text>
        </div>
        <Tooltip label="Edit territory" openDelay={400}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={onEdit}
            aria-label={`Edit ${territory.name}`}
          >
            <IconPencil size={14} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Group justify="space-between" mt={6} gap={6}>
        <Text size="xs" c={c.overCapacity ? 'red' : undefined} data-testid="territory-load">
          Load {fmtInt(c.load)}
          {c.capacity !== null ? ` / ${fmtInt(c.capacity)}` : ''}
        </Text>
        <Group gap={8}>
          <Group gap={3}>
            <TierBadge tier="T1" size="xs" />
            <Text size="xs" className="num" data-testid="territory-t1">
              {fmtInt(c.t1)}
            </Text>
          </Group>
          <Group gap={3}>
            <TierBadge tier="T2" size="xs" />
            <Text size="xs" className="num" data-testid="territory-t2">
              {fmtInt(c.t2)}
            </Text>
          </Group>
        </Group>
      </Group>
      {c.capacity !== null && (
        <Progress
          value={pct}
          size="sm"
          mt={4}
          color={c.overCapacity ? 'red' : pct > 80 ? 'yellow' : 'brand'}
          aria-label={`Load ${c.load} of ${c.capacity}`}
        />
      )}
      <Text size="10.5px" c="dimmed" mt={4} data-testid="territory-communities">
        {plural(c.people, 'person', 'people')} · {c.engaged} engaged, {c.planned} planned · communities
        touched {c.communitiesTouched.length} of {c.communities.length}
      </Text>
      <Button
        size="compact-xs"
        variant={shown ? 'light' : 'subtle'}
        mt={4}
        leftSection={shown ? <IconFilterOff size={13} /> : <IconFilter size={13} />}
        // Its people only, in the map and the ranking (ranks and tiers stay those of the whole scope);
        // a place filter would hide people of the territory's other places, so it is cleared.
        onClick={() =>
          setFilters(
            shown ? { territories: [] } : { territories: [territory.name], countries: [], regions: [] },
          )
        }
        disabled={c.people === 0 && !shown}
        data-testid="territory-show"
      >
        {shown ? 'Show everyone' : `Show its ${plural(c.people, 'person', 'people')}`}
      </Button>
    </div>
  );
}

function PersonLink({ id, name, extra }: { id: number; name: string; extra?: React.ReactNode }) {
  return (
    <UnstyledButton className="top-person" onClick={() => selectPerson(id, 'panel')} data-person-id={id}>
      <Text size="xs" truncate style={{ flex: 1, minWidth: 0 }}>
        {name}
      </Text>
      {extra}
    </UnstyledButton>
  );
}

function Gaps({ report }: { report: CoverageReport }) {
  const result = useStore(store, (s) => s.analysis.result);
  const d = result ? derive(result) : null;
  const g = report.gaps;
  return (
    <section data-testid="territory-gaps">
      <Text className="section-title" mb={6}>
        Gaps
      </Text>
      <Stack gap={10}>
        {g.overCapacity.length > 0 && (
          <div data-testid="gap-over-capacity">
            <Text size="xs" fw={600} mb={2}>
              Over capacity
            </Text>
            {g.overCapacity.map((o) => (
              <Text key={o.territoryId} size="xs" c="red">
                {o.name}: {fmtInt(o.load)} KOLs for a capacity of {fmtInt(o.capacity)}
              </Text>
            ))}
          </div>
        )}
        <div>
          <Text size="xs" fw={600} mb={2}>
            Communities with no engaged expert{' '}
            <Badge size="xs" variant="light" color="gray" data-testid="gap-uncovered-count">
              {g.uncoveredCommunities.length}
            </Badge>
          </Text>
          <Stack gap={0}>
            {g.uncoveredCommunities.slice(0, 6).map((c) => (
              <PersonLink
                key={c.community}
                id={c.leader}
                name={`${c.leaderName} leads`}
                extra={
                  <Group gap={6} wrap="nowrap">
                    <CommunityDot color={d?.communities.get(c.community)?.color} label={`C${c.community}`} />
                    <Text size="10.5px" c="dimmed" className="num">
                      {c.topTier} T1/T2 · {fmtInt(c.size)}
                    </Text>
                  </Group>
                }
              />
            ))}
          </Stack>
        </div>
        <div>
          <Text size="xs" fw={600} mb={2}>
            T1/T2 people in no territory{' '}
            <Badge size="xs" variant="light" color="gray" data-testid="gap-unassigned-count">
              {fmtInt(g.unassignedTopTier.length)}
            </Badge>
          </Text>
          <Stack gap={0}>
            {g.unassignedTopTier.slice(0, 5).map((p) => (
              <PersonLink
                key={p.id}
                id={p.id}
                name={p.name}
                extra={
                  <Group gap={6} wrap="nowrap">
                    <Text size="10.5px" c="dimmed">
                      {[p.region, p.country].filter(Boolean).join(', ') || '–'}
                    </Text>
                    <TierBadge tier={p.tier} size="xs" />
                  </Group>
                }
              />
            ))}
          </Stack>
        </div>
      </Stack>
    </section>
  );
}

function NextBest({ report }: { report: CoverageReport }) {
  return (
    <section data-testid="next-best">
      <Text className="section-title" mb={6}>
        Next best experts
      </Text>
      <Stack gap={10}>
        {report.nextBest.map((t) => (
          <div key={t.territoryId} data-testid="next-best-territory" data-territory={t.name}>
            <Text size="xs" fw={600} mb={2}>
              {t.name}
            </Text>
            {t.people.length === 0 ? (
              <Text size="xs" c="dimmed">
                Everyone here is engaged, or nobody is in scope.
              </Text>
            ) : (
              <Stack gap={2}>
                {t.people.map((p) => (
                  <UnstyledButton
                    key={p.id}
                    className="next-best"
                    onClick={() => selectPerson(p.id, 'panel')}
                    data-testid="next-best-person"
                    data-person-id={p.id}
                  >
                    <Group gap={6} wrap="nowrap">
                      <TierBadge tier={p.tier} size="xs" />
                      <Text size="xs" fw={500} truncate style={{ flex: 1, minWidth: 0 }}>
                        {p.name}
                      </Text>
                      <Text size="xs" className="num">
                        {fmtFixed(p.score, 1)}
                      </Text>
                    </Group>
                    <Text size="10.5px" c="dimmed" lh={1.3}>
                      {p.reason}
                    </Text>
                  </UnstyledButton>
                ))}
              </Stack>
            )}
          </div>
        ))}
      </Stack>
    </section>
  );
}

const PLACE = /^([A-Za-z]{2})(?:[-\s]+(.+))?$/;

/**
 * A place as the editor keeps it: "DE" or "US-CA". A country's name or alpha-3 code ("Germany", "DEU",
 * "UK") and a US state's or Canadian province's name ("Michigan", "Ontario") become their codes as they
 * are typed, so the tag shows what will be matched; anything else stays as typed (refused on save).
 */
function placeTag(tag: string): string {
  const t = tag.trim();
  const m = PLACE.exec(t);
  if (m && isCountryCode(m[1]!.toUpperCase()))
    return m[2] ? `${m[1]!.toUpperCase()}-${m[2].trim().toUpperCase()}` : m[1]!.toUpperCase();
  const country = countryCode(t);
  if (country) return country;
  const region = northAmericanRegion(t);
  return region ? `${region.country}-${region.region}` : t;
}

function parsePlaces(tags: string[]): { places: TerritoryPlace[]; bad: string[] } {
  const places: TerritoryPlace[] = [];
  const bad: string[] = [];
  for (const tag of tags) {
    const m = PLACE.exec(tag.trim());
    if (!m || !isCountryCode(m[1]!.toUpperCase())) bad.push(tag);
    else places.push({ country: m[1]!.toUpperCase(), region: m[2] ? m[2].trim().toUpperCase() : null });
  }
  return { places, bad };
}

/** Create or edit a territory: name, MSL, capacity and its places as tags ("DE", "US-CA"). */
function TerritoryEditor({
  editing,
  onClose,
}: {
  editing: TerritoryInfo | 'new' | null;
  onClose: () => void;
}) {
  const open = editing !== null;
  return (
    <Modal
      opened={open}
      onClose={onClose}
      title={editing === 'new' ? 'New territory' : editing ? `Edit ${editing.name}` : ''}
      size="md"
    >
      {open && (
        <EditorForm key={editing === 'new' ? 'new' : editing.id} editing={editing} onClose={onClose} />
      )}
    </Modal>
  );
}

function EditorForm({ editing, onClose }: { editing: TerritoryInfo | 'new'; onClose: () => void }) {
  const existing = editing === 'new' ? null : editing;
  const result = useStore(store, (s) => s.analysis.result);
  const [name, setName] = useState(existing?.name ?? '');
  const [msl, setMsl] = useState(existing?.msl ?? '');
  const [capacity, setCapacity] = useState<number | string>(existing?.capacity ?? '');
  const [tags, setTags] = useState<string[]>(existing?.places.map(placeLabel) ?? []);
  const [group, setGroup] = useState(existing?.regionGroup ?? '');
  const knownGroups = useStore(territoryStore, (s) => s.territories)
    .map((t) => t.regionGroup)
    .filter((g, i, all): g is string => !!g && all.indexOf(g) === i)
    .sort((a, b) => a.localeCompare(b));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Deleting asks once more: it cannot be undone and takes the territory's manual assignments with it.
  const [confirmDelete, setConfirmDelete] = useState(false);

  // Suggestions: the countries and country-regions of the people in the analysis, most people first.
  const suggestions = useMemo(() => {
    const counts = new Map<string, number>();
    for (const p of result?.people ?? []) {
      if (!p.country) continue;
      const c = p.country.toUpperCase();
      counts.set(c, (counts.get(c) ?? 0) + 1);
      if (p.region)
        counts.set(`${c}-${p.region.toUpperCase()}`, (counts.get(`${c}-${p.region.toUpperCase()}`) ?? 0) + 1);
    }
    // The code is what is kept; the list names the country too ("DE · Germany · 120 people").
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => {
        const country = countryName(code.split('-')[0] ?? code);
        return {
          value: code,
          label: `${code}${country ? ` · ${country}` : ''} · ${fmtInt(n)} ${n === 1 ? 'person' : 'people'}`,
        };
      });
  }, [result]);

  const { places, bad } = parsePlaces(tags);
  const submit = async () => {
    if (!name.trim()) return setError('Give the territory a name.');
    if (bad.length)
      return setError(
        `Not a place: ${bad.join(', ')}. Use a country code or name (DE, Germany), a country-region code (US-CA) or a US state or Canadian province (Michigan).`,
      );
    setBusy(true);
    setError(null);
    try {
      await saveTerritory({
        ...(existing ? { id: existing.id } : {}),
        name: name.trim(),
        msl: msl.trim() || null,
        capacity: typeof capacity === 'number' ? capacity : null,
        regionGroup: group.trim() || null,
        places,
      });
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!existing) return;
    setBusy(true);
    try {
      await deleteTerritory(existing.id);
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="territory-editor"
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
          required
        />
        <Group grow>
          <TextInput label="MSL" value={msl} onChange={(e) => setMsl(e.currentTarget.value)} />
          <NumberInput
            label="Capacity (KOLs)"
            value={capacity}
            onChange={setCapacity}
            min={0}
            max={100000}
            allowDecimal={false}
            allowNegative={false}
          />
        </Group>
        <Autocomplete
          label="Region group"
          description="Optional: pick a group or type a new one (e.g. North America)."
          leftSection={<IconFolder size={15} />}
          value={group}
          onChange={setGroup}
          data={knownGroups}
          maxLength={200}
          data-testid="territory-group-input"
        />
        <TagsInput
          label="Places"
          description="Countries (DE, Germany) or regions (US-CA, Michigan); a region match wins over a whole country."
          leftSection={<IconMapPin2 size={15} />}
          value={tags}
          onChange={(next) => setTags(next.map(placeTag))}
          data={suggestions}
          limit={12}
          // Above the field, never flipped below it: below, it covered Save at an 800 px high window.
          comboboxProps={{ position: 'top', middlewares: { flip: false, shift: true } }}
          maxDropdownHeight={240}
          clearable
          data-testid="territory-places"
        />
        {error && (
          <Text size="xs" c="red" role="alert">
            {error}
          </Text>
        )}
        <Group justify="space-between" mt="xs">
          {existing ? (
            <Button
              variant={confirmDelete ? 'filled' : 'subtle'}
              color="red"
              leftSection={<IconTrash size={14} />}
              onClick={() => (confirmDelete ? void remove() : setConfirmDelete(true))}
              onBlur={() => setConfirmDelete(false)}
              disabled={busy}
              title={confirmDelete ? 'Cannot be undone: its manual assignments go too' : undefined}
              data-testid="territory-delete"
            >
              {confirmDelete ? `Delete ${existing.name}?` : 'Delete'}
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="territory-save">
              Save territory
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
