// Identity review (issue 4): the header button with the number of open candidates, the drawer with
// the queue ("possibly the same person", highest confidence first, evidence side by side; Merge / Not
// the same, or Same person / Split… for a merge made on thin evidence) and the decisions with Undo,
// and the split dialog (choose publications of a person to move to a new person), also opened from
// the person panel. All calls go through state/identity.ts.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Drawer,
  Group,
  Modal,
  Paper,
  ScrollArea,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCut, IconGitMerge, IconUsers, IconUserX } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type {
  IdentityCandidate,
  IdentityDecisionInfo,
  IdentityProfile,
  PersonDetail,
} from '../../../shared/api';
import { client } from '../api';
import { fmtInt, plural } from '../lib/format';
import { selectPerson, store } from '../state/actions';
import {
  decideIdentity,
  identityStore,
  openReview,
  openSplit,
  refreshIdentity,
  undoIdentityDecision,
} from '../state/identity';
import { derive } from '../state/selectors';
import { useStore } from '../state/store';

function failed(title: string, error: string | null): void {
  if (error) notifications.show({ color: 'red', title, message: error });
}

/** Header button and everything it opens; mount once (the header does). */
export function IdentityReview() {
  const open = useStore(identityStore, (s) => s.open);
  const queue = useStore(identityStore, (s) => s.queue);
  const totals = useStore(store, (s) => s.project?.totals ?? null);

  // Not before the first analysis of the page is done: the back end computes the queue synchronously
  // (seconds on a project of 100k publications), and the analysis worker's reads of the cached result
  // would wait behind it (issue 8). durationMs is set by the first finished run and kept after it.
  const shown = useStore(store, (s) => s.analysis.durationMs !== null || s.analysis.status === 'error');

  // The count follows the project: a new import can add candidates.
  useEffect(() => {
    if (totals && shown) void refreshIdentity();
  }, [totals, shown]);

  return (
    <>
      <Tooltip label="People who may be the same person: review, merge or keep apart" openDelay={400}>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconUsers size={15} />}
          rightSection={
            queue && queue.open > 0 ? (
              <Badge
                size="xs"
                variant="filled"
                color="orange"
                circle={queue.open < 10}
                data-testid="identity-open-count"
              >
                {fmtInt(queue.open)}
              </Badge>
            ) : null
          }
          onClick={() => openReview(true)}
          data-testid="identity-review-button"
        >
          Identities
        </Button>
      </Tooltip>
      <Drawer
        opened={open}
        onClose={() => openReview(false)}
        position="right"
        size={860}
        title={<Text fw={700}>Review identities</Text>}
        data-testid="identity-drawer"
      >
        <ReviewBody />
      </Drawer>
      <SplitDialog />
    </>
  );
}

function ReviewBody() {
  const loaded = useStore(identityStore, (s) => s.loaded);
  const error = useStore(identityStore, (s) => s.error);
  const queue = useStore(identityStore, (s) => s.queue);
  const decisions = useStore(identityStore, (s) => s.decisions);
  const active = decisions.filter((d) => !d.undoneAt).length;

  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        People of one name block (same family name and first initial) whose given names fit but whom the
        resolver kept apart, and merges it made on thin evidence, most likely first. Every decision is kept
        when files are imported again, and can be undone.
      </Text>
      {error && (
        <Alert color="red" variant="light" title="Could not load the identity review">
          {error}
        </Alert>
      )}
      <Tabs defaultValue="queue" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab
            value="queue"
            rightSection={
              <Badge size="xs" variant="light" color="gray">
                {fmtInt(queue?.open ?? 0)}
              </Badge>
            }
            data-testid="identity-queue-tab"
          >
            Candidates
          </Tabs.Tab>
          <Tabs.Tab
            value="decisions"
            rightSection={
              <Badge size="xs" variant="light" color="gray">
                {fmtInt(active)}
              </Badge>
            }
            data-testid="identity-decisions-tab"
          >
            Decisions
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="sm">
          {!loaded ? (
            <Stack gap="sm">
              <Skeleton h={180} />
              <Skeleton h={180} />
            </Stack>
          ) : queue && queue.items.length > 0 ? (
            <Stack gap="sm" data-testid="identity-queue">
              {queue.items.map((c) => (
                <CandidateCard key={c.key} candidate={c} />
              ))}
              {queue.open > queue.items.length && (
                <Text size="xs" c="dimmed" ta="center">
                  {fmtInt(queue.open - queue.items.length)} more with lower confidence: decide these first.
                </Text>
              )}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed" ta="center" py="xl" data-testid="identity-queue-empty">
              Nothing to review: every name block is settled.
            </Text>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="decisions" pt="sm">
          <Decisions decisions={decisions} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function confidenceColor(c: number): string {
  return c >= 0.75 ? 'teal' : c >= 0.45 ? 'yellow' : 'gray';
}

function CandidateCard({ candidate: c }: { candidate: IdentityCandidate }) {
  const busy = useStore(identityStore, (s) => s.busy);
  const mine = busy === c.key;
  const decide = (args: Parameters<typeof decideIdentity>[0], what: string): void => {
    void decideIdentity(args, c.key).then((e) => failed(`Could not ${what}`, e));
  };
  return (
    <Paper withBorder p="sm" radius="md" data-testid="identity-candidate" data-key={c.key} data-kind={c.kind}>
      <Group justify="space-between" wrap="nowrap" mb={8} gap="sm">
        <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
          <Tooltip label="How likely the two are one person, from shared co-authors, institutions, journals and names">
            <Badge
              variant="light"
              color={confidenceColor(c.confidence)}
              className="num"
              // Never squeezed by a long reason beside it ("98%" was cut to "9…" at 1280 px).
              style={{ flex: 'none' }}
              data-testid="identity-confidence"
            >
              {Math.round(c.confidence * 100)}%
            </Badge>
          </Tooltip>
          <Text size="xs" c="dimmed" lh={1.35}>
            {c.reason}
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap">
          {c.kind === 'pair' && c.b ? (
            <>
              <Button
                size="compact-sm"
                leftSection={<IconGitMerge size={14} />}
                loading={mine}
                disabled={busy !== null && !mine}
                onClick={() => decide({ kind: 'merge', a: c.a.id, b: c.b!.id }, 'merge')}
                data-testid="identity-merge"
              >
                Merge
              </Button>
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconUserX size={14} />}
                disabled={busy !== null}
                onClick={() => decide({ kind: 'dismiss', a: c.a.id, b: c.b!.id }, 'keep them apart')}
                data-testid="identity-dismiss"
              >
                Not the same
              </Button>
            </>
          ) : (
            <>
              <Button
                size="compact-sm"
                variant="default"
                loading={mine}
                disabled={busy !== null && !mine}
                onClick={() => decide({ kind: 'merge', a: c.a.id, b: c.a.id }, 'confirm')}
                data-testid="identity-confirm"
              >
                Same person
              </Button>
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconCut size={14} />}
                disabled={busy !== null}
                onClick={() => openSplit(c.a.id)}
                data-testid="identity-split"
              >
                Split…
              </Button>
            </>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={c.b ? 2 : 1} spacing="sm">
        <Profile p={c.a} shared={c.shared} />
        {c.b && <Profile p={c.b} shared={c.shared} />}
      </SimpleGrid>
    </Paper>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text className="section-title" mb={2}>
        {label}
      </Text>
      {children}
    </div>
  );
}

function years(p: IdentityProfile): string {
  const [a, b] = p.years;
  if (a === null || b === null) return 'years unknown';
  return a === b ? String(a) : `${a}–${b}`;
}

function Profile({ p, shared }: { p: IdentityProfile; shared: IdentityCandidate['shared'] }) {
  const isShared = (list: string[], v: string): boolean => list.includes(v);
  return (
    <Paper
      bg="var(--mantine-color-default-hover)"
      p="xs"
      radius="sm"
      data-testid="identity-profile"
      data-person={p.id}
    >
      <Stack gap={6}>
        <div>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={700} truncate>
              {p.name}
            </Text>
            <Text size="xs" c="dimmed" className="num">
              #{p.id}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" data-testid="identity-profile-papers">
            {plural(p.papers, 'paper')} · {years(p)} · {p.variants.join(' / ')}
          </Text>
        </div>
        <Field label="Institutions">
          {p.institutions.length ? (
            p.institutions.map((i) => (
              <Text key={i} size="xs" truncate fw={isShared(shared.institutions, i) ? 700 : undefined}>
                {i}
              </Text>
            ))
          ) : (
            <Text size="xs" c="dimmed">
              None named
            </Text>
          )}
        </Field>
        <Field label="Top co-authors">
          {p.coauthors.length ? (
            <Group gap={4}>
              {p.coauthors.map((c) => (
                <Badge
                  key={c.id}
                  size="sm"
                  radius="sm"
                  variant={isShared(shared.coauthors, c.name) ? 'filled' : 'light'}
                  color={isShared(shared.coauthors, c.name) ? 'teal' : 'gray'}
                  tt="none"
                >
                  {c.name} · {c.papers}
                </Badge>
              ))}
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              None
            </Text>
          )}
        </Field>
        {p.journals.length > 0 && (
          <Field label="Journals">
            <Text size="xs" lh={1.35}>
              {p.journals.map((j, i) => (
                <span key={j} style={{ fontWeight: isShared(shared.journals, j) ? 700 : undefined }}>
                  {i > 0 ? ' · ' : ''}
                  {j}
                </span>
              ))}
            </Text>
          </Field>
        )}
        <Field label="Recent papers">
          <Stack gap={3}>
            {p.titles.map((t) => (
              <Text key={t.id} size="xs" lh={1.3} className="pub-title">
                {t.year ?? '—'} · {t.title}
              </Text>
            ))}
          </Stack>
        </Field>
      </Stack>
    </Paper>
  );
}

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function Decisions({ decisions }: { decisions: IdentityDecisionInfo[] }) {
  const busy = useStore(identityStore, (s) => s.busy);
  if (decisions.length === 0) {
    return (
      <Text size="sm" c="dimmed" ta="center" py="xl">
        No decisions yet.
      </Text>
    );
  }
  return (
    <Stack gap={6} data-testid="identity-decisions">
      {decisions.map((d) => (
        <Paper key={d.id} withBorder p="xs" radius="md" data-testid="identity-decision" data-kind={d.kind}>
          <Group justify="space-between" wrap="nowrap">
            <div style={{ minWidth: 0 }}>
              <Text
                size="sm"
                c={d.undoneAt ? 'dimmed' : undefined}
                td={d.undoneAt ? 'line-through' : undefined}
              >
                {d.summary}
              </Text>
              <Text size="xs" c="dimmed">
                {when(d.createdAt)} · {plural(d.authorships, 'authorship')}
                {d.undoneAt ? ` · undone ${when(d.undoneAt)}` : ''}
              </Text>
              <CurrentPeople people={d.current} />
            </div>
            {d.undoneAt ? (
              <Badge variant="light" color="gray">
                Undone
              </Badge>
            ) : (
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconArrowBackUp size={14} />}
                loading={busy === `undo:${d.id}`}
                disabled={busy !== null && busy !== `undo:${d.id}`}
                onClick={() => void undoIdentityDecision(d.id).then((e) => failed('Could not undo', e))}
                data-testid="identity-undo"
              >
                Undo
              </Button>
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/**
 * Who holds a decision's authorships now, each a link that closes the review and opens that person's
 * profile; a person outside the current scope's ranking is named without a link.
 */
function CurrentPeople({ people }: { people: { id: number; name: string }[] }) {
  const result = useStore(store, (s) => s.analysis.result);
  if (people.length === 0) return null;
  const ranked = result ? derive(result).byId : null;
  return (
    <Text size="xs" c="dimmed" data-testid="identity-decision-now">
      Now:{' '}
      {people.map((p, i) => (
        <span key={p.id}>
          {i > 0 && ', '}
          {ranked?.has(p.id) ? (
            <Anchor
              component="button"
              size="xs"
              onClick={() => {
                openReview(false);
                selectPerson(p.id, 'panel');
              }}
              title={`Open ${p.name}'s profile`}
              data-testid="identity-decision-person"
              data-person-id={p.id}
            >
              {p.name} (#{p.id})
            </Anchor>
          ) : (
            <span title="Not in the current scope's ranking">
              {p.name} (#{p.id})
            </span>
          )}
        </span>
      ))}
    </Text>
  );
}

/** "Split…" for the person panel: opens the split dialog for this person. */
export function SplitButton({ person }: { person: number }) {
  return (
    <Tooltip label="Move some of these publications to a new person" openDelay={400}>
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconCut size={12} />}
        onClick={() => openSplit(person)}
        data-testid="person-split"
      >
        Split…
      </Button>
    </Tooltip>
  );
}

const EMPTY: ReadonlySet<number> = new Set();

function SplitDialog() {
  const person = useStore(identityStore, (s) => s.splitting);
  const [detail, setDetail] = useState<{ id: number; person: PersonDetail } | null>(null);
  // The choice belongs to one person: opening the dialog for another starts empty.
  const [choice, setChoice] = useState<{ person: number | null; ids: Set<number> }>({
    person: null,
    ids: new Set(),
  });
  const chosen = choice.person === person ? choice.ids : EMPTY;
  const setChosen = (ids: Set<number>): void => setChoice({ person, ids });
  const busy = useStore(identityStore, (s) => s.busy);

  useEffect(() => {
    if (person === null) return;
    let live = true;
    client.api.getPerson({ id: person }).then(
      (p) => live && setDetail({ id: person, person: p }),
      (err: unknown) =>
        failed('Could not load the publications', err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [person]);

  const loaded = detail && detail.id === person ? detail.person : null;
  const pubs = useMemo(() => {
    const seen = new Set<number>();
    return (loaded?.publications ?? []).filter((p) => !seen.has(p.id) && seen.add(p.id));
  }, [loaded]);
  const all = pubs.length > 0 && chosen.size >= pubs.length;

  const submit = (): void => {
    if (person === null) return;
    void decideIdentity({ kind: 'split', author: person, publications: [...chosen] }, `split:${person}`).then(
      (e) => {
        failed('Could not split', e);
        if (!e) openSplit(null);
      },
    );
  };

  return (
    <Modal
      opened={person !== null}
      onClose={() => openSplit(null)}
      size="lg"
      title={<Text fw={700}>Split {loaded?.name ?? 'person'}</Text>}
      data-testid="split-dialog"
    >
      <Text size="xs" c="dimmed" mb="sm">
        Choose the publications that belong to someone else: they move to a new person, and stay apart from{' '}
        {loaded?.name ?? 'this person'} when you import again.
      </Text>
      {!loaded ? (
        <Skeleton h={160} />
      ) : (
        <ScrollArea.Autosize mah={420} type="auto">
          <Stack gap={6}>
            {pubs.map((p) => (
              <Checkbox
                key={p.id}
                size="xs"
                checked={chosen.has(p.id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.currentTarget.checked) next.add(p.id);
                  else next.delete(p.id);
                  setChosen(next);
                }}
                label={
                  <span>
                    <Text span size="xs" fw={600}>
                      {p.year ?? '—'}
                    </Text>{' '}
                    <Text span size="xs">
                      {p.title || 'Untitled'}
                    </Text>
                    <Text size="10.5px" c="dimmed">
                      {p.journal ?? ''}
                    </Text>
                  </span>
                }
                data-testid="split-publication"
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
      <Group justify="space-between" mt="md">
        <Text size="xs" c={all ? 'red' : 'dimmed'}>
          {all
            ? 'Leave at least one publication with this person.'
            : `${chosen.size} of ${pubs.length} chosen`}
        </Text>
        <Group gap={6}>
          <Button size="xs" variant="default" onClick={() => openSplit(null)}>
            Cancel
          </Button>
          <Button
            size="xs"
            leftSection={<IconCut size={14} />}
            disabled={chosen.size === 0 || all}
            loading={busy === `split:${person}`}
            onClick={submit}
            data-testid="split-submit"
          >
            Move to a new person
          </Button>
        </Group>
      </Group>
    </Modal>
  );
}
