// The analysis scope: which publication years count. A compact button in the header opens a
// range slider over the data's year span; "All years" removes the limit.
import { Button, Group, NumberInput, Popover, RangeSlider, Stack, Text } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useState } from 'react';
import { setScope, store } from '../state/actions';
import { useStore } from '../state/store';

export function ScopeControl() {
  const span = useStore(store, (s) => s.yearSpan);
  const scope = useStore(store, (s) => s.scope);
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<[number, number] | null>(null);

  const lo = span?.[0] ?? 2000;
  const hi = span?.[1] ?? new Date().getFullYear();
  const since = scope.since ?? lo;
  const until = scope.until ?? hi;
  const value: [number, number] = draft ?? [since, until];
  const limited = scope.since !== null || scope.until !== null;

  const apply = ([a, b]: [number, number]) => {
    setDraft(null);
    const from = Math.max(lo, Math.min(a, b));
    const to = Math.min(hi, Math.max(a, b));
    setScope({ since: from <= lo ? null : from, until: to >= hi ? null : to });
  };

  const label = limited ? (since === until ? `${since}` : `${since}–${until}`) : 'All years';

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={300} withArrow>
      <Popover.Target>
        <Button
          size="xs"
          variant={limited ? 'light' : 'default'}
          leftSection={<IconCalendar size={14} />}
          onClick={() => setOpened((o) => !o)}
          disabled={!span}
          data-testid="scope-button"
        >
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={600}>
              Publication years
            </Text>
            <Text size="xs" c="dimmed">
              Scores, links and communities are computed over papers in these years.
            </Text>
          </div>
          <RangeSlider
            min={lo}
            max={hi}
            step={1}
            minRange={0}
            value={value}
            onChange={setDraft}
            onChangeEnd={apply}
            marks={[
              { value: lo, label: String(lo) },
              { value: hi, label: String(hi) },
            ]}
            mb="md"
            mx={6}
            aria-label="Publication years"
          />
          <Group grow gap="xs">
            <NumberInput
              size="xs"
              label="Since"
              min={lo}
              max={hi}
              value={value[0]}
              onChange={(v) => typeof v === 'number' && setDraft([v, value[1]])}
              onBlur={() => draft && apply(draft)}
              onKeyDown={(e) => e.key === 'Enter' && draft && apply(draft)}
              data-testid="scope-since"
            />
            <NumberInput
              size="xs"
              label="Until"
              min={lo}
              max={hi}
              value={value[1]}
              onChange={(v) => typeof v === 'number' && setDraft([value[0], v])}
              onBlur={() => draft && apply(draft)}
              onKeyDown={(e) => e.key === 'Enter' && draft && apply(draft)}
              data-testid="scope-until"
            />
          </Group>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              Data spans {lo}–{hi}
            </Text>
            <Button size="xs" variant="subtle" disabled={!limited} onClick={() => apply([lo, hi])}>
              All years
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
