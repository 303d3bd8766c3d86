// The person panel: who the selected person is, why they rank where they do (the score breakdown,
// whose contributions add up to the score), where they work, what they published (from
// api.getPerson), their therapeutic-area mix, trials and industry payments (ProfileExtras), and with
// whom they publish most (from the analysis' links).
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  CopyButton,
  Divider,
  Group,
  SegmentedControl,
  ScrollArea,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconCheck, IconCopy, IconMapPin, IconTopologyStar3, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { PersonDetail, PersonPublication } from '../../../shared/api';
import { COMPONENT_RULES, type RankedPerson } from '../../../shared/analytics/types';
import { client } from '../api';
import { CommunityDot, communityLabel } from '../components/CommunityDot';
import { EngagementEditor } from '../components/EngagementEditor';
import { AreaMix, Payments, Trials } from '../components/ProfileExtras';
import { TierBadge } from '../components/TierBadge';
import { YearChart } from '../components/YearChart';
import { SplitButton } from './IdentityReview';
import { COMPONENT_COLORS } from '../graph/palette';
import { fmtFixed, fmtInt, fmtPagerank, plural, roundToTotal } from '../lib/format';
import { selectPerson, setView, store } from '../state/actions';
import type { EgoHops } from '../state/view';
import { derive, peopleInScope } from '../state/selectors';
import { useStore } from '../state/store';

type Loaded = { id: number; detail: PersonDetail | null; error: string | null };

/**
 * Loads a person's detail; a newer selection wins over a slower older request. It loads again when
 * `data` (the analysis result) changes: every change to the data (a split, merge or undo in the identity
 * review, an import) re-runs the analysis, and a panel left open after a split listed the moved papers
 * until the person was selected again. The old detail stays shown until the new one arrives.
 */
function usePersonDetail(id: number, data: unknown): Loaded | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let live = true;
    client.api.getPerson({ id }).then(
      (detail) => live && setLoaded({ id, detail, error: null }),
      (err: unknown) =>
        live && setLoaded({ id, detail: null, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [id, data]);
  return loaded && loaded.id === id ? loaded : null;
}

export function PersonPanel({ person }: { person: RankedPerson }) {
  const result = useStore(store, (s) => s.analysis.result);
  const loaded = usePersonDetail(person.id, result);
  const ego = useStore(store, (s) => s.view.ego);
  const d = result ? derive(result) : null;
  const community = d?.communities.get(person.community);
  const total = result ? peopleInScope(result) : 0;
  const place = [person.city, person.region, person.country].filter(Boolean).join(', ');

  return (
    <div className="person-panel" data-testid="person-panel" data-person-id={person.id}>
      <div className="person-head">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Title order={3} className="person-name" data-testid="person-name">
              {person.name}
            </Title>
            {person.institution && (
              <Text size="sm" c="dimmed" mt={2} lineClamp={2}>
                {person.institution}
              </Text>
            )}
          </div>
          <Tooltip label="Close" openDelay={400}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => selectPerson(null, 'panel')}
              aria-label="Close"
            >
              <IconX size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <Group gap="lg" mt="sm" wrap="nowrap" className="person-kpis">
          <div>
            <Text className="kpi-label">Score</Text>
            <Text className="kpi-value" data-testid="person-score">
              {fmtFixed(person.score, 1)}
            </Text>
          </div>
          <div>
            <Text className="kpi-label">Rank</Text>
            <Text className="kpi-value">
              #{fmtInt(person.rank)}
              <Text span size="xs" c="dimmed" fw={400} style={{ whiteSpace: 'nowrap' }}>
                {' '}
                of {fmtInt(total)}
              </Text>
            </Text>
          </div>
          <div style={{ flexShrink: 0 }}>
            <Text className="kpi-label">Tier</Text>
            <div style={{ paddingTop: 3 }}>
              <TierBadge tier={person.tier} size="md" />
            </div>
          </div>
          <div>
            <Text className="kpi-label">Community</Text>
            <div style={{ paddingTop: 4 }}>
              <CommunityDot color={community?.color} label={communityLabel(community, person.community)} />
            </div>
          </div>
        </Group>
        <Group gap={8} mt="sm" wrap="nowrap">
          <IconTopologyStar3 size={14} className="dim" />
          <Text size="xs" c="dimmed">
            Map shows
          </Text>
          <SegmentedControl
            size="xs"
            value={String(ego)}
            onChange={(v) => setView({ ego: Number(v) as EgoHops })}
            data={[
              { value: '0', label: 'Everyone' },
              { value: '1', label: 'Co-authors' },
              { value: '2', label: '2 hops' },
            ]}
            aria-label="Ego network around this person"
            data-testid="person-ego"
          />
        </Group>
      </div>

      <ScrollArea className="person-scroll" type="hover" scrollbarSize={8}>
        <Stack gap="lg" p="md" pt="sm">
          <Breakdown person={person} people={total} />
          <Affiliation person={person} place={place} detail={loaded?.detail ?? null} />
          <EngagementEditor key={person.id} personId={person.id} />
          {loaded?.error && (
            <Alert color="red" variant="light" title="Could not load this person's publications">
              {loaded.error}
            </Alert>
          )}
          {!loaded ? (
            <Stack gap={6}>
              <Skeleton height={12} width="40%" />
              <Skeleton height={64} />
              <Skeleton height={12} />
              <Skeleton height={12} width="80%" />
            </Stack>
          ) : (
            loaded.detail && (
              <>
                <AreaMix detail={loaded.detail} />
                <Trials detail={loaded.detail} />
                <Payments detail={loaded.detail} />
                <Publications detail={loaded.detail} />
              </>
            )
          )}
          <Coauthors person={person} />
        </Stack>
      </ScrollArea>
    </div>
  );
}

function Section({
  title,
  extra,
  children,
}: {
  title: string;
  extra?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section>
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Text className="section-title">{title}</Text>
        {extra}
      </Group>
      {children}
    </section>
  );
}

function Breakdown({ person, people }: { person: RankedPerson; people: number }) {
  const parts = person.breakdown.filter((b) => b.weight > 0);
  const rounded = roundToTotal(
    parts.map((b) => b.contribution),
    1,
  );
  const shown = rounded.reduce((s, v) => s + v, 0);
  return (
    <Section title="Score breakdown">
      <Table
        className="breakdown"
        verticalSpacing={4}
        horizontalSpacing={6}
        fz="xs"
        data-testid="score-breakdown"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Component</Table.Th>
            <Table.Th ta="right">Value</Table.Th>
            <Table.Th ta="right" title="Percentile within the scope">
              Pctl
            </Table.Th>
            <Table.Th ta="right">Weight</Table.Th>
            <Table.Th ta="right">Points</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {parts.map((b, i) => (
            <Table.Tr key={b.component}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <span className="swatch" style={{ background: COMPONENT_COLORS[b.component] }} />
                  <div style={{ minWidth: 0 }}>
                    <Text size="xs" fw={500} lh={1.25}>
                      {COMPONENT_RULES[b.component].label}
                    </Text>
                    <Text size="10.5px" c="dimmed" lh={1.25} title={COMPONENT_RULES[b.component].rule}>
                      {b.detail ?? COMPONENT_RULES[b.component].rule}
                    </Text>
                  </div>
                </Group>
              </Table.Td>
              {b.component === 'pagerank' && people > 0 ? (
                // As in the ranking's PageRank column: relative to the average person (1.00), not 2.29e-3.
                <Table.Td
                  ta="right"
                  className="num"
                  title={`PageRank ${b.value.toExponential(3)}; 1.00 = the average person in scope`}
                >
                  {fmtPagerank(b.value, people)}
                </Table.Td>
              ) : (
                <Table.Td ta="right" className="num">
                  {Number.isInteger(b.value)
                    ? fmtInt(b.value)
                    : b.value < 0.01
                      ? b.value.toExponential(2)
                      : fmtFixed(b.value, 2)}
                </Table.Td>
              )}
              <Table.Td ta="right" className="num">
                {fmtFixed(b.percentile, 0)}
              </Table.Td>
              <Table.Td ta="right" className="num">
                {fmtFixed(b.weight * 100, 0)}%
              </Table.Td>
              <Table.Td ta="right" className="num" fw={600}>
                {fmtFixed(rounded[i] ?? 0, 1)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={4}>Score</Table.Th>
            <Table.Th ta="right" className="num" data-testid="breakdown-total">
              {fmtFixed(shown, 1)}
            </Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      <Text size="10.5px" c="dimmed" mt={4}>
        Points = percentile × weight. Components without data in this scope are left out and the other weights
        rescaled.
      </Text>
    </Section>
  );
}

function Affiliation({
  person,
  place,
  detail,
}: {
  person: RankedPerson;
  place: string;
  detail: PersonDetail | null;
}) {
  const orcid = detail?.orcid ?? person.orcid;
  const variants = (detail?.variants ?? []).filter((v) => v !== person.name);
  const history = detail?.institutions ?? [];
  return (
    <Section title="Affiliation & identity">
      <Stack gap={6}>
        {person.institution ? (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconMapPin size={15} className="dim" style={{ flexShrink: 0, marginTop: 2 }} />
            <div>
              <Text size="sm">{person.institution}</Text>
              {place && (
                <Text size="xs" c="dimmed">
                  {place}
                </Text>
              )}
            </div>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            No institution on record{place ? ` · ${place}` : ''}
          </Text>
        )}
        {history.length > 1 && (
          <Text size="xs" c="dimmed">
            Also:{' '}
            {history
              .filter((h) => h.name !== person.institution)
              .slice(0, 3)
              .map(
                (h) =>
                  `${h.name}${h.firstYear ? ` (${h.firstYear}${h.lastYear && h.lastYear !== h.firstYear ? `–${h.lastYear}` : ''})` : ''}`,
              )
              .join('; ')}
          </Text>
        )}
        <Group gap={6}>
          <Text size="xs" c="dimmed" w={56}>
            ORCID
          </Text>
          {orcid ? (
            <Group gap={2}>
              <Text size="xs" ff="monospace">
                {orcid}
              </Text>
              <CopyButton value={orcid}>
                {({ copied, copy }) => (
                  <ActionIcon
                    size="xs"
                    variant="subtle"
                    color={copied ? 'teal' : 'gray'}
                    onClick={copy}
                    aria-label="Copy ORCID"
                  >
                    {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
                  </ActionIcon>
                )}
              </CopyButton>
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              –
            </Text>
          )}
        </Group>
        {person.territory && (
          <Group gap={6}>
            <Text size="xs" c="dimmed" w={56}>
              Territory
            </Text>
            <Text size="xs">{person.territory}</Text>
          </Group>
        )}
        {variants.length > 0 && (
          <Group gap={6} align="flex-start" wrap="nowrap">
            <Text size="xs" c="dimmed" w={56} style={{ flexShrink: 0 }}>
              Also as
            </Text>
            <Group gap={4}>
              {variants.slice(0, 12).map((v) => (
                <Badge key={v} size="sm" variant="default" radius="sm" tt="none" fw={500}>
                  {v}
                </Badge>
              ))}
              {variants.length > 12 && (
                <Text size="xs" c="dimmed">
                  +{variants.length - 12}
                </Text>
              )}
            </Group>
          </Group>
        )}
      </Stack>
    </Section>
  );
}

const PUBLICATIONS_SHOWN = 60;

function Publications({ detail }: { detail: PersonDetail }) {
  const [showAll, setShowAll] = useState(false);
  const { counts, groups } = useMemo(() => {
    const counts = new Map<number, number>();
    const sorted = [...detail.publications].sort(
      (a, b) => (b.year ?? -1) - (a.year ?? -1) || (b.citations ?? 0) - (a.citations ?? 0),
    );
    for (const p of sorted) if (p.year !== null) counts.set(p.year, (counts.get(p.year) ?? 0) + 1);
    const groups: YearGroup[] = [];
    for (const p of sorted) {
      const last = groups[groups.length - 1];
      if (last && last.year === p.year) {
        last.items.push(p);
        last.count++;
      } else groups.push({ year: p.year, items: [p], count: 1 });
    }
    return { counts, groups };
  }, [detail]);

  const total = detail.publications.length;
  const shown = showAll ? groups : truncateGroups(groups, PUBLICATIONS_SHOWN);

  return (
    <Section
      title="Publications"
      extra={
        <Group gap={6} wrap="nowrap">
          {total > 1 && <SplitButton person={detail.id} />}
          <Text size="xs" c="dimmed" title="Every paper of this person in the project, whatever the scope">
            {plural(total, 'paper')} · all years and areas
          </Text>
        </Group>
      }
    >
      {counts.size > 0 && <YearChart counts={counts} />}
      <Stack gap={8} mt="sm" data-testid="person-publications">
        {shown.map(({ year, items, count }) => {
          return (
            <div key={year ?? 'none'}>
              <Group gap={6} mb={2}>
                <Text size="xs" fw={700}>
                  {year ?? 'Year unknown'}
                </Text>
                <Divider style={{ flex: 1 }} />
                <Text size="10.5px" c="dimmed">
                  {count}
                </Text>
              </Group>
              <Stack gap={5}>
                {items.map((p) => (
                  <div key={p.id} className="pub">
                    <Text size="xs" lh={1.35} className="pub-title">
                      {p.title || <span className="dim">Untitled</span>}
                    </Text>
                    <Text size="10.5px" c="dimmed" lh={1.3}>
                      {[
                        p.journal,
                        positionLabel(p.position, p.authorCount),
                        p.citations !== null ? plural(p.citations, 'citation') : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </div>
                ))}
              </Stack>
            </div>
          );
        })}
      </Stack>
      {!showAll && total > PUBLICATIONS_SHOWN && (
        <Anchor component="button" type="button" size="xs" mt={6} onClick={() => setShowAll(true)}>
          Show all {fmtInt(total)} papers
        </Anchor>
      )}
    </Section>
  );
}

type YearGroup = { year: number | null; items: PersonPublication[]; count: number };

/** The first `limit` papers, still grouped by year (each group keeps its full count). */
function truncateGroups(groups: YearGroup[], limit: number): YearGroup[] {
  const out: YearGroup[] = [];
  let left = limit;
  for (const g of groups) {
    if (left <= 0) break;
    const items = g.items.slice(0, left);
    left -= items.length;
    out.push({ ...g, items });
  }
  return out;
}

function positionLabel(position: number, count: number): string {
  if (count <= 1) return 'sole author';
  if (position === 1) return `first of ${count}`;
  if (position === count) return `last of ${count}`;
  return `author ${position} of ${count}`;
}

function Coauthors({ person }: { person: RankedPerson }) {
  const result = useStore(store, (s) => s.analysis.result);
  if (!result) return null;
  const d = derive(result);
  const list = d.neighbours(person.id).slice(0, 10);
  const max = list[0]?.weight ?? 1;
  return (
    <Section
      title="Top co-authors"
      extra={
        <Text size="xs" c="dimmed">
          {plural(person.coauthors, 'co-author')}
        </Text>
      }
    >
      {list.length === 0 ? (
        <Text size="xs" c="dimmed">
          No co-authors in this scope.
        </Text>
      ) : (
        <Stack gap={2} data-testid="person-coauthors">
          {list.map((n) => {
            const other = d.byId.get(n.id);
            if (!other) return null;
            const style = d.communities.get(other.community);
            return (
              <UnstyledButton
                key={n.id}
                className="coauthor"
                onClick={() => selectPerson(n.id, 'panel')}
                title={`Link strength ${n.weight.toFixed(2)} (fractional co-authorships)`}
              >
                <span className="dot" style={{ background: style?.color }} />
                <Text size="xs" truncate style={{ flex: 1 }}>
                  {other.name}
                </Text>
                <span className="coauthor-bar">
                  <span style={{ width: `${(n.weight / max) * 100}%` }} />
                </span>
                <Text size="10.5px" c="dimmed" className="num" w={34} ta="right">
                  {n.weight.toFixed(1)}
                </Text>
              </UnstyledButton>
            );
          })}
        </Stack>
      )}
    </Section>
  );
}
