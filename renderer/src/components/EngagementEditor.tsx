// A person's engagement plan in the person panel (issue 7): status and priority (saved at once), the
// next action, its date and notes (saved with a button, Enter in the next action, or on leaving the
// person: a plan typed and not saved was lost when another person was opened), and the history of
// every change. The panel keys it by person, so its draft is always this person's.
import {
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import type { Engagement, EngagementDetail, EngagementStatus, Priority } from '../../../shared/api';
import { useStore } from '../state/store';
import { setEngagement, territoryStore } from '../state/territories';
import { client } from '../api';

const STATUS_LABEL: Record<EngagementStatus, string> = {
  'not-contacted': 'Not contacted',
  planned: 'Planned',
  engaged: 'Engaged',
};

type Draft = Omit<Engagement, 'authorId' | 'updatedAt'>;

const EMPTY: Draft = {
  priority: null,
  status: 'not-contacted',
  nextAction: null,
  nextDate: null,
  notes: null,
};

function draftOf(e: Engagement | null): Draft {
  return e
    ? {
        priority: e.priority,
        status: e.status,
        nextAction: e.nextAction,
        nextDate: e.nextDate,
        notes: e.notes,
      }
    : EMPTY;
}

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function EngagementEditor({ personId }: { personId: number }) {
  const [detail, setDetail] = useState<EngagementDetail | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A change made elsewhere (the ranking table) while this panel is open: read the plan again.
  const storedAt = useStore(territoryStore, (s) => s.engagements.get(personId)?.updatedAt ?? null);

  useEffect(() => {
    let live = true;
    client.api.getEngagement({ authorId: personId }).then(
      (d) => {
        if (!live) return;
        setDetail(d);
        setDraft(draftOf(d.engagement));
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [personId, storedAt]);

  const save = async (next: Draft) => {
    setDraft(next);
    setBusy(true);
    setError(null);
    try {
      const d = await setEngagement({ authorId: personId, ...next });
      setDetail(d);
      setDraft(draftOf(d.engagement));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const saved = draftOf(detail?.engagement ?? null);
  const dirty =
    detail !== null &&
    ((draft.nextAction ?? '') !== (saved.nextAction ?? '') ||
      (draft.nextDate ?? '') !== (saved.nextDate ?? '') ||
      (draft.notes ?? '') !== (saved.notes ?? ''));

  // What is typed and not saved yet is saved when the person is left (another person opened, the panel
  // closed): the latest draft, kept where the clean-up can read it.
  const unsaved = useRef<Draft | null>(null);
  useEffect(() => {
    unsaved.current = dirty ? draft : null;
  });
  useEffect(
    () => () => {
      const left = unsaved.current;
      if (!left) return;
      setEngagement({ authorId: personId, ...left }).catch((err: unknown) =>
        notifications.show({
          color: 'red',
          title: 'Could not save the engagement plan',
          message: err instanceof Error ? err.message : String(err),
          autoClose: false,
        }),
      );
    },
    [personId],
  );

  return (
    <section data-testid="engagement" data-status={saved.status}>
      <Text className="section-title" mb={6}>
        Engagement
      </Text>
      <Stack gap={8}>
        <Group gap={8} wrap="nowrap" align="flex-end">
          <SegmentedControl
            size="xs"
            value={draft.status}
            onChange={(v) => void save({ ...draft, status: v as EngagementStatus })}
            data={(Object.keys(STATUS_LABEL) as EngagementStatus[]).map((s) => ({
              value: s,
              label: STATUS_LABEL[s],
            }))}
            disabled={!detail || busy}
            aria-label="Engagement status"
            data-testid="engagement-status"
            style={{ flex: 1 }}
          />
          <Select
            size="xs"
            w={96}
            placeholder="Priority"
            value={draft.priority}
            onChange={(v) => void save({ ...draft, priority: (v as Priority | null) ?? null })}
            data={[
              { value: 'high', label: 'High' },
              { value: 'medium', label: 'Medium' },
              { value: 'low', label: 'Low' },
            ]}
            clearable
            disabled={!detail || busy}
            aria-label="Priority"
          />
        </Group>
        <Group gap={8} wrap="nowrap">
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            placeholder="Next action, e.g. intro call"
            value={draft.nextAction ?? ''}
            onChange={(e) => setDraft({ ...draft, nextAction: e.currentTarget.value || null })}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && dirty && !busy) void save(draft);
            }}
            aria-label="Next action"
          />
          <TextInput
            size="xs"
            type="date"
            w={132}
            value={draft.nextDate ?? ''}
            onChange={(e) => setDraft({ ...draft, nextDate: e.currentTarget.value || null })}
            aria-label="Next action date"
          />
        </Group>
        <Textarea
          size="xs"
          placeholder="Notes"
          autosize
          minRows={1}
          maxRows={5}
          value={draft.notes ?? ''}
          onChange={(e) => setDraft({ ...draft, notes: e.currentTarget.value || null })}
          aria-label="Notes"
        />
        {dirty && (
          <Group justify="flex-end" gap={6}>
            <Button size="compact-xs" variant="default" onClick={() => setDraft(saved)}>
              Discard
            </Button>
            <Button size="compact-xs" loading={busy} onClick={() => void save(draft)}>
              Save
            </Button>
          </Group>
        )}
        {error && (
          <Text size="xs" c="red" role="alert">
            {error}
          </Text>
        )}
        {detail && detail.history.length > 0 && (
          <Timeline bulletSize={10} lineWidth={1} mt={4} data-testid="engagement-history">
            {detail.history.slice(0, 8).map((h, i) => (
              <Timeline.Item
                key={`${h.updatedAt}-${i}`}
                title={
                  <Text size="xs" fw={500}>
                    {STATUS_LABEL[h.status]}
                    {h.priority ? ` · ${h.priority} priority` : ''}
                  </Text>
                }
              >
                <Text size="10.5px" c="dimmed">
                  {when(h.updatedAt)}
                  {h.nextAction ? ` · next: ${h.nextAction}${h.nextDate ? ` (${h.nextDate})` : ''}` : ''}
                </Text>
                {h.notes && (
                  <Text size="10.5px" lineClamp={2}>
                    {h.notes}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>
    </section>
  );
}
