// The analysis scope: which therapeutic area and which publication years count. A compact button in
// the header opens an area picker (the project's areas from api.getAreas) and a range slider over the
// data's year span; "All areas" and "All years" remove the limits.
import { Button, Group, NumberInput, Popover, RangeSlider, Select, Stack, Text } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useState } from 'react';
import { fmtInt } from '../lib/format';
import { setScope, store } from '../state/actions';
import { useAreas } from '../state/areas';
import { useStore } from '../state/store';
import { AreasEditor } from '../views/AreasEditor';

export function ScopeControl() {
  const span = useStore(store, (s) => s.yearSpan);
  const scope = useStore(store, (s) => s.scope);
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<[number, number] | null>(null);
  const [editing, setEditing] = useState(false);

  // The areas (state/areas: reloaded after imports and rule edits) are needed on open, and at once for a
  // scope with an area: the button names the area by its label ("Hematology"), and a restored scope
  // showed its id ("hematology") until the popover was first opened.
  const loaded = useAreas(opened || scope.ta !== null);
  const areas = loaded.areas ?? (loaded.error !== null ? [] : null);

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
    setScope({ ta: scope.ta, since: from <= lo ? null : from, until: to >= hi ? null : to });
  };

  const years = limited ? (since === until ? `${since}` : `${since}–${until}`) : 'All years';
  const areaLabel = scope.ta ? (areas?.find((a) => a.id === scope.ta)?.label ?? scope.ta) : null;
  const label = areaLabel ? `${areaLabel} · ${years}` : years;

  return (
    <>
      <AreasEditor opened={editing} onClose={() => setEditing(false)} />
      <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={300} withArrow>
        <Popover.Target>
          <Button
            size="xs"
            variant={limited || scope.ta ? 'light' : 'default'}
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
            <Select
              size="xs"
              label="Therapeutic area"
              description="Scores, links and communities count only this area's papers."
              placeholder="All areas"
              data={(areas ?? []).map((a) => ({
                value: a.id,
                label: `${a.label} (${fmtInt(a.publications)})`,
              }))}
              value={scope.ta}
              onChange={(ta) => setScope({ ...scope, ta })}
              clearable
              searchable
              disabled={areas === null}
              nothingFoundMessage="No area by that name"
              comboboxProps={{ withinPortal: false }}
              data-testid="scope-area"
            />
            <Button
              size="compact-xs"
              variant="subtle"
              style={{ alignSelf: 'flex-start' }}
              onClick={() => {
                setOpened(false);
                setEditing(true);
              }}
              data-testid="edit-areas"
            >
              Edit area rules…
            </Button>
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
                {lo === hi ? `Data from ${lo}` : `Data spans ${lo}–${hi}`}
              </Text>
              <Button size="xs" variant="subtle" disabled={!limited} onClick={() => apply([lo, hi])}>
                All years
              </Button>
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </>
  );
}
