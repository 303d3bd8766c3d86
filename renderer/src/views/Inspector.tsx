// The right-hand pane: the selected person's panel, or, with nobody selected, an overview of the
// analysis (top people, tiers, communities, the weights in use) that invites a first click.
import { Group, Loader, ScrollArea, SegmentedControl, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconClick } from '@tabler/icons-react';
import {
  DEFAULT_RESOLUTION,
  isDefaultTierCuts,
  tierPercentsFromCuts,
} from '../../../shared/analytics/settings';
import { COMPONENT_RULES, COMPONENTS, type AnalysisOptions } from '../../../shared/analytics/types';
import { EmptyScope, useEmptyScope } from '../components/EmptyScope';
import { BridgesList, RisingStarsList } from '../components/InsightLists';
import { TierBadge } from '../components/TierBadge';
import { TiersControl } from '../components/TiersControl';
import { WeightsControl } from '../components/WeightsControl';
import { COMPONENT_COLORS } from '../graph/palette';
import { fmtFixed, fmtInt, plural } from '../lib/format';
import { optionsOf, selectPerson, store, toggleCommunityFocus } from '../state/actions';
import { communityCount, derive, peopleInScope } from '../state/selectors';
import { ShownOneFrameLater, useShownResult } from '../state/shown';
import { useStore } from '../state/store';
import { PersonPanel } from './PersonPanel';
import { pagedPerson } from './pagedRanking';
import { TerritoriesPanel } from './TerritoriesPanel';
import { ShortlistPanel } from './ShortlistPanel';
import { SnapshotsPanel } from './SnapshotsPanel';
import { ImportsPanel } from './ImportsPanel';
import { loadTerritories, setInspectorTab, territoryStore, type InspectorTab } from '../state/territories';
import { lazy, Suspense, useEffect } from 'react';

// The map of places pulls in d3-geo and the country shapes: loaded on first use, not at first paint.
const PlacesView = lazy(() => import('./PlacesView'));

export function Inspector() {
  const result = useShownResult();
  const selection = useStore(store, (s) => s.selection);
  // Past a paged result's head (issue 8), the person as the ranking table read them.
  const person =
    selection && result ? (derive(result).byId.get(selection.id) ?? pagedPerson(selection.id)) : undefined;
  const tab = useStore(territoryStore, (s) => s.tab);
  const projectPath = useStore(store, (s) => s.project?.path ?? null);
  useEffect(() => {
    if (projectPath) void loadTerritories();
  }, [projectPath]);
  if (person) return <PersonPanel key={person.id} person={person} />;
  return (
    <>
      <div className="inspector-tabs">
        <SegmentedControl
          size="xs"
          fullWidth
          value={tab}
          onChange={(v) => setInspectorTab(v as InspectorTab)}
          data={[
            { value: 'overview', label: 'Overview' },
            { value: 'territories', label: 'Territories' },
            { value: 'places', label: 'Places' },
            { value: 'snapshots', label: 'Snapshots' },
            { value: 'shortlist', label: 'Shortlist' },
            { value: 'imports', label: 'Imports' },
          ]}
          aria-label="Inspector view"
          data-testid="inspector-tab"
        />
      </div>
      {tab === 'territories' ? (
        <TerritoriesPanel />
      ) : tab === 'places' ? (
        <Suspense
          fallback={
            <div className="overview-empty">
              <Loader size="sm" />
            </div>
          }
        >
          <PlacesView />
        </Suspense>
      ) : tab === 'snapshots' ? (
        <SnapshotsPanel />
      ) : tab === 'shortlist' ? (
        <ShortlistPanel />
      ) : tab === 'imports' ? (
        <ImportsPanel />
      ) : (
        <ShownOneFrameLater>
          <Overview />
        </ShownOneFrameLater>
      )}
    </>
  );
}

function Overview() {
  const result = useShownResult();
  const emptyScope = useEmptyScope();
  if (!result || result.people.length === 0) {
    return (
      <div className="overview-empty">
        {emptyScope ? (
          <EmptyScope compact />
        ) : (
          <Text size="sm" c="dimmed">
            The analysis appears here when it is ready.
          </Text>
        )}
      </div>
    );
  }
  const d = derive(result);
  const top = result.people.slice(0, 8);
  // Everyone in scope, also while only a cached result's head is shown (issue 8).
  const total = peopleInScope(result);
  const tiers = (['T1', 'T2', 'T3', 'T4'] as const).map((t) => ({ tier: t, n: d.tierCounts[t] ?? 0 }));
  const settingsNote = settingsInUse(optionsOf(result));
  return (
    <ScrollArea className="overview" type="hover" scrollbarSize={8}>
      <Stack gap="lg" p="md">
        <Group gap={8} className="hint" wrap="nowrap">
          <IconClick size={16} />
          <Text size="xs">
            Select a person on the map or in the ranking to see why they rank where they do.
          </Text>
        </Group>

        <section>
          <Text className="section-title" mb={6}>
            Top people
          </Text>
          <Stack gap={2}>
            {top.map((p) => (
              <UnstyledButton key={p.id} className="top-person" onClick={() => selectPerson(p.id, 'panel')}>
                <Text size="xs" c="dimmed" className="num" w={22} ta="right">
                  {p.rank}
                </Text>
                <span className="dot" style={{ background: d.communities.get(p.community)?.color }} />
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Text size="sm" fw={500} truncate title={p.name}>
                    {p.name}
                  </Text>
                  <Text size="10.5px" c="dimmed" truncate title={p.institution ?? undefined}>
                    {[p.institution, p.country].filter(Boolean).join(' · ') || '–'}
                  </Text>
                </div>
                <Text size="sm" fw={600} className="num">
                  {fmtFixed(p.score, 1)}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </section>

        <section data-testid="tiers-section">
          <Group justify="space-between" mb={6}>
            <Text className="section-title">Tiers</Text>
            <TiersControl />
          </Group>
          <div className="tier-bar">
            {tiers.map(({ tier, n }) =>
              n > 0 ? (
                <span key={tier} data-tier={tier} style={{ flexGrow: n }} title={`${tier}: ${n}`} />
              ) : null,
            )}
          </div>
          <Group gap="md" mt={8}>
            {tiers.map(({ tier, n }) => (
              <Group key={tier} gap={5}>
                <TierBadge tier={tier} size="xs" />
                <Text size="xs" className="num" data-testid="tier-count" data-tier={tier}>
                  {fmtInt(n)}
                </Text>
              </Group>
            ))}
          </Group>
          {settingsNote && (
            <Text size="10.5px" c="dimmed" mt={6} data-testid="settings-in-use">
              {settingsNote}
            </Text>
          )}
        </section>

        <section>
          <Text className="section-title" mb={6}>
            Network
          </Text>
          <div className="stat-grid">
            <Stat label="People" value={fmtInt(total)} />
            <Stat label="Co-author links" value={fmtInt(result.stats.edges)} />
            <Stat label="Communities" value={fmtInt(communityCount(result))} />
            <Stat label="Modularity" value={fmtFixed(result.modularity, 2)} />
          </div>
          {result.stats.papersOverCap > 0 && (
            <Text size="10.5px" c="dimmed" mt={6}>
              {plural(result.stats.papersOverCap, 'paper')} with very many authors{' '}
              {result.stats.papersOverCap === 1 ? 'adds' : 'add'} no links.
            </Text>
          )}
        </section>

        <CommunityList />

        <RisingStarsList result={result} />

        <BridgesList result={result} />

        <section data-testid="weights-in-use">
          <Group justify="space-between" mb={6}>
            <Text className="section-title">Score weights in use</Text>
            <WeightsControl result={result} />
          </Group>
          <Stack gap={4}>
            {COMPONENTS.map((c) => {
              const w = result.weights[c];
              return (
                <Group key={c} gap={8} wrap="nowrap" title={COMPONENT_RULES[c].rule}>
                  <span
                    className="swatch"
                    style={{ background: COMPONENT_COLORS[c], opacity: w > 0 ? 1 : 0.3 }}
                  />
                  <Text size="xs" style={{ flex: 1 }} c={w > 0 ? undefined : 'dimmed'}>
                    {COMPONENT_RULES[c].label}
                  </Text>
                  <Text size="xs" className="num" c={w > 0 ? undefined : 'dimmed'}>
                    {w > 0 ? `${fmtFixed(w * 100, 0)}%` : 'no data'}
                  </Text>
                </Group>
              );
            })}
          </Stack>
        </section>
      </Stack>
    </ScrollArea>
  );
}

/** The tier cut-offs and resolution a result was computed with, in words; null at the defaults. */
function settingsInUse(options: AnalysisOptions | null): string | null {
  if (!options) return null;
  const parts: string[] = [];
  if (options.tierCuts && !isDefaultTierCuts(options.tierCuts)) {
    const [a, b, c] = tierPercentsFromCuts(options.tierCuts);
    parts.push(`T1 top ${a} %, T2 next ${b} %, T3 next ${c} %`);
  }
  if (options.resolution !== undefined && options.resolution !== DEFAULT_RESOLUTION) {
    parts.push(`community resolution ${options.resolution}`);
  }
  return parts.length ? `Custom: ${parts.join('; ')}.` : null;
}

const COMMUNITY_ROWS = 12;

/** Each community's size and leaders; a click focuses it on the map (camera fits it, others dimmed). */
function CommunityList() {
  const result = useShownResult();
  const focused = useStore(store, (s) => s.view.focusedCommunity);
  if (!result || result.communities.length === 0) return null;
  const d = derive(result);
  const list = d.communityList.slice(0, COMMUNITY_ROWS);
  const rest = d.communityList.length - list.length;
  return (
    <section data-testid="community-panel">
      <Group justify="space-between" mb={6}>
        <Text className="section-title">Communities</Text>
        {focused !== null && (
          <UnstyledButton onClick={() => toggleCommunityFocus(focused)}>
            <Text size="xs" c="brand">
              Show all
            </Text>
          </UnstyledButton>
        )}
      </Group>
      <Stack gap={2}>
        {list.map((c) => {
          const leaders = c.leaders
            .slice(0, 3)
            .map((id) => d.byId.get(id)?.name)
            .filter(Boolean)
            .join(', ');
          return (
            <UnstyledButton
              key={c.id}
              className={`community-row${focused === c.id ? ' focused' : ''}`}
              onClick={() => toggleCommunityFocus(c.id)}
              aria-pressed={focused === c.id}
              data-testid="community-row"
              data-community={c.id}
              title={focused === c.id ? 'Show all communities' : 'Focus this community on the map'}
            >
              <span className="dot" style={{ background: c.color }} />
              <Text size="xs" fw={600} w={30} className="num">
                C{c.ordinal}
              </Text>
              <div style={{ flex: 1, minWidth: 0 }} title={leaders ? `Led by ${leaders}` : undefined}>
                {c.label && (
                  <Text size="xs" fw={500} truncate title={c.label} data-testid="community-label">
                    {c.label}
                  </Text>
                )}
                <Text size={c.label ? '10.5px' : 'xs'} c="dimmed" truncate>
                  {leaders || '–'}
                </Text>
              </div>
              <Text size="xs" className="num">
                {fmtInt(c.size)}
              </Text>
            </UnstyledButton>
          );
        })}
      </Stack>
      {rest > 0 && (
        <Text size="10.5px" c="dimmed" mt={4}>
          {fmtInt(rest)} smaller communities (grey on the map)
        </Text>
      )}
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <Text className="kpi-label">{label}</Text>
      <Text className="stat-value num">{value}</Text>
    </div>
  );
}
