// The status bar: the analysis state (data-testid="analysis-status", data-state running|ready|error,
// with a progress bar while the worker runs), what was computed, and which transport is in use.
import { Button, Group, Progress, Text } from '@mantine/core';
import { useEffect } from 'react';
import { client } from '../api';
import { fmtDuration, fmtFixed, fmtInt, overallProgress, phaseLabel } from '../lib/format';
import { cancelAnalysis, resultShown, runAnalysis, store } from '../state/actions';
import { useShownAnalysis } from '../state/shown';
import { communityCount, peopleInScope } from '../state/selectors';
import { useStore } from '../state/store';
import { weightsStore, weightsUsable } from '../state/weights';

export function StatusBar() {
  // Deferred like the views that show the result: "ready" appears in the commit that shows it.
  const a = useShownAnalysis();
  useEffect(() => {
    if (a.status === 'ready') resultShown(a.result);
  }, [a]);
  const project = useStore(store, (s) => s.project);
  const scope = useStore(store, (s) => s.scope);
  const span = useStore(store, (s) => s.yearSpan);
  // Imports and the demo loader run on the back end: only the analysis itself can be cancelled.
  const cancellable = useStore(store, (s) => s.importing === null && !s.demoLoading);
  const r = a.result;
  // Weights left at 0 on every component with data are not run (state/weights.ts): the ranking is that
  // of the last usable weights, which the status bar says.
  const weightsOff = useStore(weightsStore, (w) => !weightsUsable(w.weights, r));
  const scopeText =
    scope.since === null && scope.until === null
      ? 'all years'
      : `${scope.since ?? span?.[0] ?? '…'}–${scope.until ?? span?.[1] ?? '…'}`;

  return (
    <footer className="status-bar">
      <Group
        gap={8}
        wrap="nowrap"
        data-testid="analysis-status"
        data-state={a.status}
        data-cached={a.cached ?? ''}
        className="analysis-status"
        role="status"
        aria-live="polite"
      >
        {a.status === 'running' && (
          <>
            <span className="status-dot running" />
            <Text size="xs">{phaseLabel(a.phase)}…</Text>
            {a.cached === 'stale' && (
              <Text size="xs" c="orange" data-testid="analysis-stale">
                showing the last result (the data changed since)
              </Text>
            )}
            <Progress
              value={overallProgress(a.phase, a.fraction) * 100}
              size="sm"
              w={140}
              aria-label="Analysis progress"
              data-testid="analysis-progress"
            />
            {cancellable && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="gray"
                onClick={() => cancelAnalysis()}
                data-testid="analysis-cancel"
              >
                Cancel
              </Button>
            )}
          </>
        )}
        {a.status === 'ready' && (
          <>
            <span className="status-dot ok" />
            <Text size="xs">
              {r && r.people.length > 0 ? (
                <>
                  Analysis ready · {fmtInt(peopleInScope(r))} people · {fmtInt(r.stats.edges)} links ·{' '}
                  {fmtInt(communityCount(r))} communities · modularity {fmtFixed(r.modularity, 2)} ·{' '}
                  {scopeText}
                  {a.durationMs !== null ? ` · ${fmtDuration(a.durationMs)}` : ''}
                  {a.cached === 'current' ? ' · from the last analysis' : ''}
                </>
              ) : project && project.totals.publications === 0 ? (
                'Ready · the project is empty'
              ) : (
                'Ready · nothing in this scope'
              )}
            </Text>
            {weightsOff && (
              <Text size="xs" c="orange" fw={600} data-testid="weights-not-applied">
                Weights not applied: every component with data is at 0
              </Text>
            )}
          </>
        )}
        {a.status === 'error' && (
          <>
            <span className="status-dot error" />
            <Text size="xs" c="red" truncate style={{ maxWidth: 700 }} title={a.error ?? undefined}>
              {a.error}
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={() => void runAnalysis()}>
              Retry
            </Button>
          </>
        )}
      </Group>
      <Text size="xs" c="dimmed" ml="auto" truncate title={project?.path}>
        {client.transport === 'ipc'
          ? 'Desktop'
          : client.transport === 'http'
            ? 'Browser mode · 127.0.0.1'
            : 'Offline'}
        {project?.path ? ` · ${project.path}` : ''}
      </Text>
    </footer>
  );
}
