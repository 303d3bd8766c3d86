// The Snapshots tab of the inspector (issue 7): save the analysis on screen (scope, weights, ranks,
// scores, tiers, breakdowns) as a named snapshot, pick two, and see who entered or left each tier, the
// biggest risers and fallers, and which score components moved for each (shared/analytics/snapshot).
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NativeSelect,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCamera, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { SnapshotInfo } from '../../../shared/api';
import { DEFAULT_RESOLUTION, isDefaultTierCuts, tiersText } from '../../../shared/analytics/settings';
import type { SnapshotDiff, PersonDiff, TierChange } from '../../../shared/analytics/snapshot';
import { COMPONENT_RULES } from '../../../shared/analytics/types';
import { TierBadge } from '../components/TierBadge';
import { COMPONENT_COLORS } from '../graph/palette';
import '../styles/planning.css';
import { fmtFixed, fmtInt, yearsText } from '../lib/format';
import { selectPerson, store } from '../state/actions';
import { useAreas } from '../state/areas';
import { useStore } from '../state/store';
import {
  compareSnapshots,
  deleteSnapshot,
  loadSnapshots,
  pickSnapshot,
  saveCurrentSnapshot,
  snapshotStore,
} from '../state/snapshots';

const pct = (w: number): string => `${Math.round(w * 100)}%`;

function defaultName(count: number): string {
  return `Snapshot ${count + 1} · ${new Date().toISOString().slice(0, 10)}`;
}

export function SnapshotsPanel() {
  const state = useStore(snapshotStore, (s) => s);
  const ready = useStore(
    store,
    (s) => s.analysis.status === 'ready' && (s.analysis.result?.people.length ?? 0) > 0,
  );
  const [name, setName] = useState('');
  const [saveError, setSaveError] = useState<string | null>(null);
  // Snapshot rows name their area by its label ("Hematology"), not its id.
  const { areas } = useAreas(state.list.some((s) => s.scope.ta));
  const areaLabels = useMemo(
    () => new Map<string, string>((areas ?? []).map((a) => [a.id, a.label])),
    [areas],
  );
  // A snapshot is a past analysis that cannot be taken again: deleting one asks once more.
  const [confirming, setConfirming] = useState<string | null>(null);
  useEffect(() => {
    void loadSnapshots();
  }, []);

  const save = async (): Promise<void> => {
    setSaveError(null);
    try {
      await saveCurrentSnapshot(name.trim() || defaultName(state.list.length));
      setName('');
    } catch (err) {
      setSaveError(err instanceof Error ? err.message : String(err));
    }
  };
  const options = state.list.map((s) => ({ value: s.name, label: `${s.name} (${fmtInt(s.count)})` }));

  return (
    <ScrollArea className="overview" type="hover" scrollbarSize={8} data-testid="snapshots-panel">
      <Stack gap="lg" p="md">
        {state.error && (
          <Alert color="red" variant="light" title="Snapshots">
            {state.error}
          </Alert>
        )}
        <section>
          <Text className="section-title" mb={6}>
            Save the current analysis
          </Text>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <TextInput
              size="xs"
              style={{ flex: 1 }}
              placeholder={defaultName(state.list.length)}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && ready) void save();
              }}
              error={saveError}
              aria-label="Snapshot name"
              data-testid="snapshot-name"
            />
            <Button
              size="xs"
              leftSection={<IconCamera size={14} />}
              onClick={() => void save()}
              disabled={!ready || state.busy}
              data-testid="snapshot-save"
            >
              Save
            </Button>
          </Group>
          <Text size="10.5px" c="dimmed" mt={4}>
            Keeps the scope, the weights, the tier cut-offs and resolution, and every person&apos;s rank,
            score, tier and breakdown.
          </Text>
        </section>

        <section>
          <Text className="section-title" mb={6}>
            Saved snapshots
          </Text>
          {state.list.length === 0 ? (
            <Text size="xs" c="dimmed">
              None yet. Save one here or with{' '}
              <Text span ff="monospace" size="xs">
                kolmap snapshot save NAME
              </Text>
              .
            </Text>
          ) : (
            <Stack gap={2}>
              {state.list.map((s) => (
                <Group
                  key={s.id}
                  gap={6}
                  wrap="nowrap"
                  className="snapshot-row"
                  data-testid="snapshot-row"
                  data-name={s.name}
                >
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <Text size="xs" fw={500} truncate>
                      {s.name}
                    </Text>
                    <Text size="10.5px" c="dimmed" truncate>
                      {s.createdAt.slice(0, 16).replace('T', ' ')} · {fmtInt(s.count)} people ·{' '}
                      {scopeText(s.scope, areaLabels)}
                    </Text>
                    {customSettings(s.settings) && (
                      <Text size="10.5px" c="dimmed" truncate data-testid="snapshot-settings">
                        {customSettings(s.settings)}
                      </Text>
                    )}
                  </div>
                  {confirming === s.name ? (
                    <Button
                      size="compact-xs"
                      color="red"
                      leftSection={<IconTrash size={12} />}
                      onClick={() => {
                        setConfirming(null);
                        void deleteSnapshot(s.name);
                      }}
                      onBlur={() => setConfirming(null)}
                      autoFocus
                      title="A snapshot cannot be taken again"
                      data-testid="snapshot-delete-confirm"
                    >
                      Delete?
                    </Button>
                  ) : (
                    <Tooltip label="Delete snapshot" openDelay={400}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={`Delete ${s.name}`}
                        onClick={() => setConfirming(s.name)}
                      >
                        <IconTrash size={13} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              ))}
            </Stack>
          )}
        </section>

        {state.list.length >= 2 && (
          <section>
            <Text className="section-title" mb={6}>
              Compare
            </Text>
            <Stack gap={6}>
              <NativeSelect
                size="xs"
                label="Before (A)"
                data={options}
                value={state.a ?? ''}
                onChange={(e) => pickSnapshot('a', e.currentTarget.value || null)}
                data-testid="snapshot-a"
              />
              <NativeSelect
                size="xs"
                label="After (B)"
                data={options}
                value={state.b ?? ''}
                onChange={(e) => pickSnapshot('b', e.currentTarget.value || null)}
                data-testid="snapshot-b"
              />
              <Button
                size="xs"
                variant="light"
                onClick={() => void compareSnapshots()}
                disabled={!state.a || !state.b || state.a === state.b || state.busy}
                data-testid="snapshot-compare"
              >
                Compare
              </Button>
            </Stack>
          </section>
        )}
        {state.diff && <DiffView diff={state.diff} />}
      </Stack>
    </ScrollArea>
  );
}

/** A snapshot's tier cut-offs and resolution in words when they are not the defaults; null otherwise. */
function customSettings(settings: SnapshotInfo['settings']): string | null {
  const parts: string[] = [];
  if (!isDefaultTierCuts(settings.tierCuts)) parts.push(`tiers ${tiersText(settings.tierCuts)}`);
  if (settings.resolution !== DEFAULT_RESOLUTION) parts.push(`resolution ${settings.resolution}`);
  return parts.length ? parts.join(' · ') : null;
}

function scopeText(scope: SnapshotDiff['a']['scope'], areaLabels: ReadonlyMap<string, string>): string {
  const parts = [
    scope.ta ? (areaLabels.get(scope.ta) ?? `area ${scope.ta}`) : null,
    yearsText(scope.since, scope.until),
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'all publications';
}

function DiffView({ diff }: { diff: SnapshotDiff }) {
  const moved = diff.components.filter((c) => c.before !== c.after || c.meanShift >= 0.05);
  return (
    <>
      <section data-testid="diff-summary">
        <Text size="xs">
          <b>{diff.a.name}</b> → <b>{diff.b.name}</b>: {fmtInt(diff.inBoth)} people in both
          {diff.onlyInB ? `, ${fmtInt(diff.onlyInB)} new` : ''}
          {diff.onlyInA ? `, ${fmtInt(diff.onlyInA)} gone` : ''}
        </Text>
        {diff.scopeChanges.map((s) => (
          <Text key={s} size="10.5px" c="dimmed">
            Scope {s}
          </Text>
        ))}
        {diff.settingsChanges.map((s) => (
          <Text key={s} size="10.5px" c="dimmed" data-testid="diff-settings-change">
            {s[0]!.toUpperCase() + s.slice(1)}
          </Text>
        ))}
      </section>

      <section>
        <Text className="section-title" mb={6}>
          Components that moved
        </Text>
        {moved.length === 0 ? (
          <Text size="xs" c="dimmed">
            No component moved.
          </Text>
        ) : (
          <Stack gap={3}>
            {moved.map((c) => (
              <Group
                key={c.component}
                gap={8}
                wrap="nowrap"
                data-testid="diff-component"
                data-component={c.component}
              >
                <span className="swatch" style={{ background: COMPONENT_COLORS[c.component] }} />
                <Text size="xs" style={{ flex: 1 }}>
                  {COMPONENT_RULES[c.component].label}
                </Text>
                <Text size="xs" className="num" c={c.before !== c.after ? undefined : 'dimmed'}>
                  {pct(c.before)} → {pct(c.after)}
                </Text>
                <Text
                  size="10.5px"
                  c="dimmed"
                  className="num"
                  w={62}
                  ta="right"
                  title="Mean shift per person, in score points"
                >
                  ±{fmtFixed(c.meanShift, 1)} pts
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </section>

      <section>
        <Text className="section-title" mb={6}>
          Tiers
        </Text>
        <Stack gap={8}>
          {diff.tiers.map((t) => (
            <TierChanges key={t.tier} change={t} />
          ))}
        </Stack>
      </section>

      <Movers title="Biggest risers" people={diff.risers} testId="diff-riser" />
      <Movers title="Biggest fallers" people={diff.fallers} testId="diff-faller" />
    </>
  );
}

const TIER_ROWS = 4;

function TierChanges({ change }: { change: TierChange }) {
  const [open, setOpen] = useState(false);
  const n = change.entered.length + change.left.length;
  const rows = (list: PersonDiff[], sign: '+' | '−') =>
    (open ? list : list.slice(0, TIER_ROWS)).map((p) => (
      <UnstyledButton
        key={`${sign}${p.id}`}
        className="top-person"
        onClick={() => selectPerson(p.id, 'panel')}
        title={p.why}
        data-testid={sign === '+' ? 'diff-entered' : 'diff-left'}
      >
        <Text size="xs" w={12} c={sign === '+' ? 'teal' : 'red'} fw={700}>
          {sign}
        </Text>
        <Text size="xs" truncate style={{ flex: 1, minWidth: 0 }}>
          {p.name}
        </Text>
        <Text size="10.5px" c="dimmed">
          {sign === '+' ? `from ${p.tierBefore ?? 'new'}` : `to ${p.tierAfter ?? 'gone'}`}
        </Text>
      </UnstyledButton>
    ));
  return (
    <div data-testid="diff-tier" data-tier={change.tier}>
      <Group gap={6} mb={2}>
        <TierBadge tier={change.tier} size="xs" />
        <Text size="xs" data-testid="diff-tier-counts">
          {fmtInt(change.entered.length)} entered, {fmtInt(change.left.length)} left
        </Text>
      </Group>
      {rows(change.entered, '+')}
      {rows(change.left, '−')}
      {n > 2 * TIER_ROWS && (
        <UnstyledButton onClick={() => setOpen((o) => !o)}>
          <Text size="10.5px" c="brand">
            {open ? 'Show fewer' : `Show all ${fmtInt(n)}`}
          </Text>
        </UnstyledButton>
      )}
    </div>
  );
}

function Movers({ title, people, testId }: { title: string; people: PersonDiff[]; testId: string }) {
  if (people.length === 0) return null;
  return (
    <section>
      <Text className="section-title" mb={6}>
        {title}
      </Text>
      <Stack gap={6}>
        {people.map((p) => {
          const up = (p.rankChange ?? 0) > 0;
          return (
            <UnstyledButton
              key={p.id}
              className="diff-mover"
              onClick={() => selectPerson(p.id, 'panel')}
              data-testid={testId}
              data-person-id={p.id}
            >
              <Group gap={6} wrap="nowrap">
                {up ? (
                  <IconArrowUp size={13} color="var(--mantine-color-teal-6)" />
                ) : (
                  <IconArrowDown size={13} color="var(--mantine-color-red-6)" />
                )}
                <Text size="xs" fw={500} truncate style={{ flex: 1, minWidth: 0 }}>
                  {p.name}
                </Text>
                <Text size="10.5px" c="dimmed" className="num">
                  #{p.rankBefore} → #{p.rankAfter}
                </Text>
                <Text size="xs" fw={600} className="num" c={up ? 'teal' : 'red'} w={44} ta="right">
                  {up ? '+' : '−'}
                  {fmtInt(Math.abs(p.rankChange ?? 0))}
                </Text>
              </Group>
              <Group gap={4} mt={3} wrap="wrap" data-testid="diff-why">
                {p.components
                  .filter((c) => Math.abs(c.delta) >= 0.05)
                  .slice(0, 3)
                  .map((c) => (
                    <span
                      key={c.component}
                      className="diff-chip"
                      title={`${COMPONENT_RULES[c.component].label}: ${fmtFixed(c.before, 1)} → ${fmtFixed(c.after, 1)} points (weight ${pct(c.weightBefore)} → ${pct(c.weightAfter)})`}
                    >
                      <span className="swatch" style={{ background: COMPONENT_COLORS[c.component] }} />
                      {COMPONENT_RULES[c.component].label} {c.delta >= 0 ? '+' : '−'}
                      {fmtFixed(Math.abs(c.delta), 1)}
                    </span>
                  ))}
              </Group>
            </UnstyledButton>
          );
        })}
      </Stack>
    </section>
  );
}
