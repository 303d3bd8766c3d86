// What the map and the overview say when the analysis is ready and nobody is in its scope (an area with
// no papers in the chosen years, a year range with no paper): which scope is empty, and one click to
// widen it. Without it the map was blank, the ranking read "0 people" and the overview said the
// analysis would appear "when it is ready", though it was.
import { Button, Group, Stack, Text } from '@mantine/core';
import { IconCalendarOff } from '@tabler/icons-react';
import { setScope, store } from '../state/actions';
import { isEmptyProject } from '../state/app';
import { useAreas } from '../state/areas';
import { useShownResult } from '../state/shown';
import { useStore } from '../state/store';

/** True once the analysis is ready with nobody in scope in a project that has papers. */
export function useEmptyScope(): boolean {
  const result = useShownResult();
  const ready = useStore(store, (s) => s.analysis.status === 'ready');
  const emptyProject = useStore(store, isEmptyProject);
  const hasProject = useStore(store, (s) => s.project !== null);
  return ready && hasProject && !emptyProject && (result === null || result.people.length === 0);
}

export function EmptyScope({ compact = false }: { compact?: boolean }) {
  const scope = useStore(store, (s) => s.scope);
  const span = useStore(store, (s) => s.yearSpan);
  const areas = useAreas(scope.ta !== null).areas;
  const area = scope.ta ? (areas?.find((a) => a.id === scope.ta)?.label ?? scope.ta) : null;
  const limited = scope.since !== null || scope.until !== null;
  const years = !limited
    ? null
    : scope.since !== null && scope.since === scope.until
      ? `${scope.since}`
      : `${scope.since ?? span?.[0] ?? '…'}–${scope.until ?? span?.[1] ?? '…'}`;
  const what = area ? `${area} papers` : 'papers';
  const title = years ? `No ${what} in ${years}` : area ? `No papers in ${area}` : 'Nobody in this scope';
  return (
    <Stack gap={8} align={compact ? 'flex-start' : 'center'} data-testid="empty-scope">
      <Group gap={6} wrap="nowrap">
        <IconCalendarOff size={16} className="dim" />
        <Text size="sm" fw={600} data-testid="empty-scope-title">
          {title}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" ta={compact ? undefined : 'center'} maw={360}>
        Scores, links and communities are computed over the papers in scope, so nobody is ranked.{' '}
        {limited || area ? 'Widen the scope:' : 'Import papers with authors to rank people.'}
      </Text>
      {(limited || area) && (
        <Group gap={6}>
          {limited && (
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => setScope({ ...scope, since: null, until: null })}
              data-testid="empty-scope-all-years"
            >
              All years
            </Button>
          )}
          {area && (
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => setScope({ ...scope, ta: null })}
              data-testid="empty-scope-all-areas"
            >
              All areas
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
