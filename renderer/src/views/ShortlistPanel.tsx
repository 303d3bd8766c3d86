// The Shortlist tab of the inspector (issue 7): N experts of the current scope for an advisory board or
// a speaker programme, balanced across communities and countries, at most K per institution, with
// rising-star places; each pick with its reason; swap a pick and see the balance change; export CSV.
// The list is derived from the analysis on screen (shared/analytics/shortlist), with the swaps replayed.
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  ScrollArea,
  Stack,
  Switch,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowsExchange, IconDownload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import {
  balanceSummary,
  buildShortlist,
  risingCandidates,
  swapPick,
  type Shortlist,
  type ShortlistPick,
} from '../../../shared/analytics/shortlist';
import type { AnalysisResult } from '../../../shared/analytics/types';
import { CommunityDot } from '../components/CommunityDot';
import { TierBadge } from '../components/TierBadge';
import { fmtFixed, fmtInt } from '../lib/format';
import { selectPerson, store } from '../state/actions';
import { derive } from '../state/selectors';
import {
  exportShortlist,
  recordSwap,
  setShortlistSettings,
  shortlistStore,
  type ShortlistSettings,
} from '../state/shortlist';
import { useStore } from '../state/store';
import '../styles/planning.css';

/** How many candidates the swap picker offers (best first, not already on the list). */
const SWAP_CANDIDATES = 150;

const poolCache = new WeakMap<AnalysisResult, { key: readonly string[]; pool: AnalysisResult }>();

/**
 * The people the shortlist picks from: the scope, or only the people of the territories the map and
 * the ranking are filtered to (as `kolmap shortlist --territory`: ranks and tiers of the whole scope).
 */
function poolOf(result: AnalysisResult, territories: readonly string[]): AnalysisResult {
  if (territories.length === 0) return result;
  const hit = poolCache.get(result);
  if (hit && hit.key === territories) return hit.pool;
  const only = new Set(territories);
  const pool = { ...result, people: result.people.filter((p) => only.has(p.territory ?? '')) };
  poolCache.set(result, { key: territories, pool });
  return pool;
}

function build(
  result: AnalysisResult,
  pool: AnalysisResult,
  settings: ShortlistSettings,
  swaps: [number, number][],
): Shortlist {
  const decay = settings.balance ? {} : { communityDecay: 1, countryDecay: 1 };
  const inPool = new Set(pool.people.map((p) => p.id));
  let list = buildShortlist(
    pool,
    {
      size: settings.size,
      maxPerInstitution: settings.maxPerInstitution,
      risingStars: settings.risingStars,
      ...decay,
    },
    // Rising stars as the whole scope judges them, from the pool only.
    settings.risingStars > 0
      ? risingCandidates(result).filter((c) => pool === result || inPool.has(c.id))
      : [],
  );
  for (const [out, into] of swaps) {
    try {
      list = swapPick(list, out, into, pool, settings.maxPerInstitution);
    } catch {
      // A swap that no longer applies (the scope changed) is skipped.
    }
  }
  return list;
}

/** The shortlist of the analysis on screen with the current settings and swaps. */
export function useShortlist(): Shortlist | null {
  const result = useStore(store, (s) => s.analysis.result);
  const territories = useStore(store, (s) => s.view.filters.territories);
  const settings = useStore(shortlistStore, (s) => s.settings);
  const swaps = useStore(shortlistStore, (s) => s.swaps);
  return useMemo(() => {
    if (!result) return null;
    const pool = poolOf(result, territories);
    return pool.people.length ? build(result, pool, settings, swaps) : null;
  }, [result, territories, settings, swaps]);
}

export function ShortlistPanel() {
  const result = useStore(store, (s) => s.analysis.result);
  const territories = useStore(store, (s) => s.view.filters.territories);
  const settings = useStore(shortlistStore, (s) => s.settings);
  const lastSwap = useStore(shortlistStore, (s) => s.lastSwap);
  const list = useShortlist();
  const [swapping, setSwapping] = useState<number | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  if (!result || !list) {
    return (
      <div className="overview-empty">
        <Text size="sm" c="dimmed" data-testid="shortlist-empty">
          {result && territories.length > 0
            ? `Nobody in the current scope is in ${territories.join(', ')}. Clear the territory filter to pick from everyone.`
            : 'The shortlist appears here when the analysis is ready.'}
        </Text>
      </div>
    );
  }
  const pool = poolOf(result, territories);
  const d = derive(result);
  const summary = balanceSummary(list.balance);
  const num = (key: keyof ShortlistSettings, min: number, max: number) => (v: string | number) => {
    const n = typeof v === 'number' ? v : Number(v);
    if (Number.isFinite(n) && n >= min && n <= max) setShortlistSettings({ [key]: Math.floor(n) });
  };
  const doSwap = (outId: number, inId: number): void => {
    const after = swapPick(list, outId, inId, pool, settings.maxPerInstitution);
    recordSwap(list, after, outId, inId);
    setSwapping(null);
  };

  return (
    <ScrollArea className="overview" type="hover" scrollbarSize={8} data-testid="shortlist-panel">
      <Stack gap="lg" p="md">
        <section>
          <Text className="section-title" mb={6}>
            Advisory board / speaker shortlist
          </Text>
          <div className="balance-grid" style={{ gridTemplateColumns: 'repeat(3, 1fr)' }}>
            <NumberInput
              size="xs"
              label="Experts (N)"
              min={1}
              max={200}
              value={settings.size}
              onChange={num('size', 1, 200)}
              data-testid="shortlist-size"
            />
            <NumberInput
              size="xs"
              label="Per institution (K)"
              min={1}
              max={50}
              value={settings.maxPerInstitution}
              onChange={num('maxPerInstitution', 1, 50)}
              data-testid="shortlist-k"
            />
            <NumberInput
              size="xs"
              label="Rising stars"
              min={0}
              max={settings.size}
              value={settings.risingStars}
              onChange={num('risingStars', 0, settings.size)}
              data-testid="shortlist-rising"
            />
          </div>
          <Switch
            size="xs"
            mt={8}
            label="Balance communities and countries"
            checked={settings.balance}
            onChange={(e) => setShortlistSettings({ balance: e.currentTarget.checked })}
            data-testid="shortlist-balance-toggle"
          />
          <Text size="10.5px" c="dimmed" mt={4} data-testid="shortlist-pool">
            From {fmtInt(list.pool)} people{' '}
            {territories.length > 0
              ? `of ${territories.join(', ')} (the territory filter; ranks and tiers of the whole scope)`
              : 'in the current scope'}
            . Each further pick from the same community or country counts for less, so the list spreads out.
          </Text>
        </section>

        <section data-testid="shortlist-balance">
          <Text className="section-title" mb={6}>
            Balance
          </Text>
          <div className="balance-grid balance-grid-2">
            <BalanceStat
              label="Communities"
              value={summary.communities}
              was={lastSwap?.before.communities}
              testId="balance-communities"
            />
            <BalanceStat
              label="Countries"
              value={summary.countries}
              was={lastSwap?.before.countries}
              testId="balance-countries"
            />
            <BalanceStat
              label="Institutions"
              value={summary.institutions}
              was={lastSwap?.before.institutions}
              testId="balance-institutions"
            />
            <BalanceStat
              label="Most per inst."
              value={summary.maxFromOneInstitution}
              was={lastSwap?.before.maxFromOneInstitution}
              testId="balance-max"
            />
          </div>
          {lastSwap && (
            <Text size="10.5px" c="dimmed" mt={4} data-testid="shortlist-swap-note">
              Swapped {lastSwap.out} for {lastSwap.in}: communities {lastSwap.before.communities} →{' '}
              {lastSwap.after.communities}, countries {lastSwap.before.countries} → {lastSwap.after.countries}
              , most from one institution {lastSwap.before.maxFromOneInstitution} →{' '}
              {lastSwap.after.maxFromOneInstitution}.
            </Text>
          )}
          {list.balance.overCap.length > 0 && (
            <Text size="10.5px" c="red" mt={4} data-testid="shortlist-over-cap">
              More than {settings.maxPerInstitution} from {list.balance.overCap.join(', ')}.
            </Text>
          )}
          <div className="balance-chips" style={{ marginTop: 6 }}>
            {list.balance.countries.map((c) => (
              <span key={c.key} className="diff-chip">
                {c.key} {c.count}
              </span>
            ))}
          </div>
          {list.short && (
            <Text size="10.5px" c="orange" mt={4}>
              Only {list.picks.length} people fit these limits.
            </Text>
          )}
        </section>

        <section>
          <Group justify="space-between" mb={6}>
            <Text className="section-title">Picks</Text>
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconDownload size={13} />}
              onClick={() => void exportShortlist(list).then((r) => setExported(r.saved ? r.name : null))}
              data-testid="shortlist-export"
            >
              Export CSV
            </Button>
          </Group>
          {exported && (
            <Text size="10.5px" c="dimmed" mb={4}>
              Saved {exported}.
            </Text>
          )}
          <Stack gap={4}>
            {list.picks.map((p, i) => (
              <PickRow
                key={p.id}
                index={i}
                pick={p}
                color={d.communities.get(p.community)?.color}
                label={`C${d.communities.get(p.community)?.ordinal ?? p.community}`}
                swapping={swapping === p.id}
                onSwap={() => setSwapping(swapping === p.id ? null : p.id)}
                candidates={swapping === p.id ? candidates(pool, list) : []}
                onPick={(inId) => doSwap(p.id, inId)}
              />
            ))}
          </Stack>
        </section>
      </Stack>
    </ScrollArea>
  );
}

function candidates(result: AnalysisResult, list: Shortlist): { value: string; label: string }[] {
  const on = new Set(list.picks.map((p) => p.id));
  return result.people
    .filter((p) => !on.has(p.id))
    .slice(0, SWAP_CANDIDATES)
    .map((p) => ({
      value: String(p.id),
      label: `${p.rank}. ${p.name} (${p.tier}) · ${[p.institution, p.country].filter(Boolean).join(', ') || '–'}`,
    }));
}

function BalanceStat({
  label,
  value,
  was,
  testId,
}: {
  label: string;
  value: number;
  was?: number;
  testId: string;
}) {
  return (
    <div className="stat">
      <Text className="kpi-label">{label}</Text>
      <Text className="stat-value num" data-testid={testId}>
        {value}
        {was !== undefined && was !== value && (
          <Text span size="xs" c="dimmed" fw={400}>
            {' '}
            (was {was})
          </Text>
        )}
      </Text>
    </div>
  );
}

function PickRow(props: {
  index: number;
  pick: ShortlistPick;
  color: string | undefined;
  label: string;
  swapping: boolean;
  onSwap: () => void;
  candidates: { value: string; label: string }[];
  onPick: (id: number) => void;
}) {
  const { pick: p } = props;
  return (
    <div className="shortlist-pick" data-testid="shortlist-pick" data-person-id={p.id} data-kind={p.kind}>
      <Group gap={6} wrap="nowrap">
        <Text size="xs" c="dimmed" className="num" w={18} ta="right">
          {props.index + 1}
        </Text>
        <UnstyledButton style={{ flex: 1, minWidth: 0 }} onClick={() => selectPerson(p.id, 'panel')}>
          <Text size="xs" fw={500} truncate>
            {p.name}
          </Text>
        </UnstyledButton>
        <TierBadge tier={p.tier} size="xs" />
        <Text size="xs" fw={600} className="num" w={32} ta="right">
          {fmtFixed(p.score, 1)}
        </Text>
        <Button
          size="compact-xs"
          variant={props.swapping ? 'filled' : 'subtle'}
          color="gray"
          onClick={props.onSwap}
          aria-label={`Swap ${p.name}`}
          data-testid="shortlist-swap"
        >
          <IconArrowsExchange size={13} />
        </Button>
      </Group>
      <Group gap={6} wrap="nowrap" pl={24}>
        <CommunityDot color={props.color} label={props.label} />
        <Text size="10.5px" c="dimmed" truncate style={{ flex: 1, minWidth: 0 }}>
          {[p.institution, p.country].filter(Boolean).join(' · ') || '–'}
        </Text>
      </Group>
      <Text
        size="10.5px"
        c={p.kind === 'rising' ? 'violet' : 'dimmed'}
        pl={24}
        data-testid="shortlist-reason"
      >
        {p.reason}
      </Text>
      {props.swapping && (
        <NativeSelect
          size="xs"
          mt={4}
          ml={24}
          aria-label={`Replace ${p.name} with`}
          data={[{ value: '', label: 'Replace with…' }, ...props.candidates]}
          value=""
          onChange={(e) => {
            const id = Number(e.currentTarget.value);
            if (id) props.onPick(id);
          }}
          data-testid="shortlist-swap-select"
        />
      )}
    </div>
  );
}
